"""site.yaml settings that would write outside the site, deploy the cache or crash later are refused by the
CLI with `site.yaml:line` errors, all at once; unusual but valid settings build and pass the link check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import read_tree, run_main

NOW = "2026-11-28T12:00"
ARTICLES = {
    "content/2026-11-20-ferry.md": {"title": "Ferry times change", "date": "2026-11-20 08:30",
                                    "tags": ["transport"], "section": "City"},
    "content/2026-11-21-market.md": {"title": "Market day", "date": "2026-11-21", "tags": ["food"]},
}
BASE = {"title": "Test Times", "base_url": "https://example.org/"}


def refused(site: Path, *extra: str) -> list[str]:
    """Build `site`, expecting site.yaml to be refused; return the error lines (without `error: `)."""
    result = run_main("build", "--site", site, "--now", NOW, "--quiet", *extra)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    errors = [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]
    plural = "s" if len(errors) != 1 else ""
    assert lines[-1] == f"build failed: {len(errors)} error{plural}; nothing was written"
    return errors


def test_permalink_that_climbs_out_is_refused_and_the_users_files_beside_it_survive(
        make_site: Callable[..., Path]) -> None:
    site = make_site(dict(ARTICLES), {**BASE, "permalink": "/../{slug}/"})
    (site / "ferry").mkdir()
    (site / "ferry" / "index.html").write_text("my own page", encoding="utf-8")
    before = read_tree(site)
    [error] = refused(site)
    assert error.startswith("site.yaml:3: permalink: the part '..' of '/../{slug}/' starts or ends with '.' "
                            "or holds '..'")
    assert read_tree(site) == before  # no public/, no cache, ferry/index.html untouched


@pytest.mark.parametrize("permalink", ["/.{slug}/", "/{slug}../", "/./{slug}/", "//{slug}/"])
def test_permalink_with_a_hidden_or_empty_part_is_refused(make_site: Callable[..., Path],
                                                          permalink: str) -> None:
    site = make_site(dict(ARTICLES), {**BASE, "permalink": permalink})
    [error] = refused(site)
    assert error.startswith("site.yaml:3: permalink: ")


def test_cache_inside_the_output_folder_is_refused_before_any_draft_is_written(
        make_site: Callable[..., Path]) -> None:
    draft = {"title": "Embargoed merger", "date": "2026-11-22", "draft": True}
    files = {**ARTICLES, "content/secret.md": draft}
    site = make_site(files, {**BASE, "cache_dir": "public"})
    assert refused(site) == [
        ("site.yaml:3: cache_dir: the cache (public) and the output folder (public) overlap: the cache holds "
         "every article, drafts included, and would be deployed with the site; give each a folder of its "
         "own, such as .newsgen-cache and public")]
    assert not (site / "public").exists()


@pytest.mark.parametrize(("output", "relation"), [("static", "is static/"), ("templates", "is templates/"),
                                                  (".", "is the site folder or holds it"),
                                                  ("..", "is the site folder or holds it"),
                                                  ("content/out", "is inside content/")])
def test_output_folder_that_holds_or_is_a_site_folder_is_refused(make_site: Callable[..., Path], output: str,
                                                                  relation: str) -> None:
    site = make_site(dict(ARTICLES), {**BASE, "output": output})
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "robots-note.txt").write_text("mine", encoding="utf-8")
    before = read_tree(site.parent)
    assert refused(site) == [
        (f"site.yaml:3: output: {output!r} {relation}: the output folder, which newsgen prunes and you "
         "deploy, must be a folder of its own, such as public")]
    assert read_tree(site.parent) == before


@pytest.mark.parametrize(("key", "value"), [("output", "p" * 300), ("cache_dir", "cache/" + "c" * 256)])
def test_folder_name_too_long_for_the_file_system_is_a_site_yaml_error(make_site: Callable[..., Path],
                                                                       key: str, value: str) -> None:
    site = make_site(dict(ARTICLES), {**BASE, key: value})
    [error] = refused(site)
    assert error.startswith(f"site.yaml:3: {key}: the folder name ")
    assert "file systems allow at most 255: choose a shorter name" in error


def test_cache_dir_naming_an_existing_file_is_refused_not_a_crash(make_site: Callable[..., Path]) -> None:
    site = make_site(dict(ARTICLES), {**BASE, "cache_dir": "notes.txt"})
    (site / "notes.txt").write_text("my notes", encoding="utf-8")
    assert refused(site) == [
        ("site.yaml:3: cache_dir: 'notes.txt' names a file (notes.txt), not a folder: the cache, which holds "
         "every article (drafts included), must be a folder of its own, such as .newsgen-cache")]
    assert (site / "notes.txt").read_text(encoding="utf-8") == "my notes"


def test_base_url_with_a_leading_space_is_refused_not_a_crash(make_site: Callable[..., Path]) -> None:
    site = make_site(dict(ARTICLES), "title: Test Times\nbase_url: ' https://example.org/'\n")
    assert refused(site) == [
        ("site.yaml:2: base_url: has a space at the start or end, found ' https://example.org/': write "
        "'https://example.org/'")]


def test_every_site_yaml_problem_is_reported_in_one_build(make_site: Callable[..., Path]) -> None:
    site = make_site(dict(ARTICLES), "title: Test Times\nbase_url: https://user:pw@example.org/\n"
                                     "per_page: 0\ntimezone: Europe/Amstrdam\ncache_dir: public\n")
    assert refused(site) == [
        ("site.yaml:2: base_url: must not contain a user name or password (before '@'), found "
        "'https://user:pw@example.org/': they would be published on every page"),
        "site.yaml:3: per_page: must be at least 1, found 0",
        ("site.yaml:4: timezone: unknown time zone 'Europe/Amstrdam': use an IANA name such as Europe/London "
         "or UTC"),
        ("site.yaml:5: cache_dir: the cache (public) and the output folder (public) overlap: the cache holds "
         "every article, drafts included, and would be deployed with the site; give each a folder of its "
         "own, such as .newsgen-cache and public"),
    ]


def test_check_command_reports_every_site_yaml_problem_too(make_site: Callable[..., Path]) -> None:
    site = make_site(dict(ARTICLES), "title: Test Times\nbase_url: https://example.org\nfeed_items: 100000\n")
    result = run_main("check", "--site", site, "--now", NOW)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.splitlines() == [
        "error: site.yaml:2: base_url: must end with '/', e.g. 'https://example.org/'",
        ("error: site.yaml:3: feed_items: must be at most 1000, found 100000: more would make pages and "
         "feeds too big to load"),
        "build failed: 2 errors; nothing was written",
    ]


# Settings at the edge of what is allowed: each must build, and the link check must find nothing wrong.
UNUSUAL: dict[str, dict[str, Any]] = {
    "port": {"base_url": "https://example.org:8443/"},
    "ipv6 host, port and subpath": {"base_url": "http://[::1]:8080/news/"},
    "ipv4 host": {"base_url": "http://127.0.0.1/"},
    "percent-encoded subpath": {"base_url": "https://example.org/caf%C3%A9/"},
    "deep subpath, host with a final dot": {"base_url": "https://example.org./a/b/"},
    "upper-case scheme and host": {"base_url": "HTTPS://EXAMPLE.org/"},
    "tilde in the subpath": {"base_url": "http://localhost:8000/~ed/"},
    "dots and tildes inside permalink parts": {"permalink": "/{section}/{year}-{month}-{day}/~{slug}.page/"},
    "folders outside the site": {"output": "../public-out", "cache_dir": "../cache"},
    "largest numbers": {"per_page": 1000, "feed_items": 1000, "more_from": 100},
    "long language tag, odd time zone": {"language": "zh-Hant-TW", "timezone": "Etc/GMT+5"},
    "logo, handle and newsletter": {
        "logo": "https://cdn.example.org/logo.png?v=2", "twitter_site": "@test_times",
        "newsletter": {"heading": "Daily", "action": "https://lists.example.org/subscribe?list=7&u=a1"}},
    "text with line breaks": {"title": "Test\tTimes", "description": "Port news\nand more"},
}


@pytest.mark.parametrize("settings_", UNUSUAL.values(), ids=UNUSUAL.keys())
def test_unusual_but_valid_settings_build_and_pass_the_link_check(make_site: Callable[..., Path],
                                                                  settings_: dict[str, Any]) -> None:
    config = {**BASE, **settings_}
    site = make_site(dict(ARTICLES), yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    result = run_main("build", "--site", site, "--now", NOW, "--quiet", "--strict")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    output = (site / config.get("output", "public")).resolve()
    assert (output / "index.html").is_file()
    assert (output / "feed.xml").is_file()
    checked = run_main("check", "--site", site, "--now", NOW)
    assert checked.code == 0, checked.out + checked.err


def test_output_option_inside_a_site_folder_is_refused_like_the_output_setting(
        make_site: Callable[..., Path]) -> None:
    site = make_site(dict(ARTICLES), dict(BASE))
    (site / "static").mkdir()
    (site / "static" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    before = read_tree(site)
    for target in (site / "static" / "out", site / "content", site):
        [error] = refused(site, "--output", target)
        assert error.startswith(f"--output: {str(target)!r} ")
    assert read_tree(site) == before  # nothing was written anywhere in the site


@pytest.mark.parametrize("logo", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)",
                                  "data:image/png;base64,AAAA", "mailto:desk@example.org"])
def test_a_logo_that_is_a_script_or_data_url_is_refused(make_site: Callable[..., Path], logo: str) -> None:
    site = make_site(dict(ARTICLES), {**BASE, "logo": logo})
    [error] = refused(site)
    assert error.startswith("site.yaml:3: logo: expected a path such as /images/logo.png or an https:// URL")
