"""Search (`search: true`): the search page, the Pagefind index made inside the build, what it holds and what
it never holds, `check: ignore:`, and the errors a user can meet."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from conftest import read_tree, run_main, write_site

from newsgen.check.leaks import HeldBack, check_index_leaks
from newsgen.check.links import Collector, SiteFiles, Sources

NOW = "2026-11-28T12:00:00Z"
CONFIG = {"title": "Test Times", "base_url": "https://example.org/news/", "timezone": "UTC", "search": True}
FERRY = {"title": "Ferry service returns to the harbour", "date": "2026-11-20T09:00:00Z", "section": "Local",
         "tags": ["transport", "quayside"], "author": "Ana Ruiz", "dek": "The crossing reopens after repairs"}
FILES: dict[str, str | bytes | dict[str, object]] = {
    "content/ferry.md": "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in FERRY.items())
                        + "\n---\nThe gondolier sails again from the pier at dawn.\n",
    "content/derby.md": {"title": "Derby won in extra time", "date": "2026-11-21T09:00:00Z", "section": "Sport"},
    "content/secret.md": "---\ntitle: A secret draft about the zanzibarquux\ndate: 2026-11-19T09:00:00Z\n"
                         "draft: true\n---\nNobody may find the word zanzibarquux.\n",
    "content/later.md": "---\ntitle: A story dated next week\ndate: 2026-12-05T09:00:00Z\n---\n"
                        "The word futurequokka is not out yet.\n",
    "content/gone.md": "---\ntitle: An expired notice of the fair\ndate: 2026-11-01T09:00:00Z\n"
                       "expires: 2026-11-10T00:00:00Z\n---\nThe word expiredwombat is listed nowhere.\n",
    "content/pages/about.md": "---\ntitle: About the newsroom\n---\nWe are a quokkaful newsroom.\n",
}


def build(site: Path, *args: str) -> Path:
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", "--quiet", *args)
    assert run.code == 0, run.err
    return site / "public"


def records(out: Path) -> dict[str, dict]:
    """The Pagefind index's records by URL, as the search page's script gets them (gzip, then JSON)."""
    found = {}
    for path in sorted((out / "pagefind/fragment").glob("*.pf_fragment")):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[record["url"]] = record
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("search") / "site", FILES, CONFIG)
    return build(site)


def test_search_page_is_built_under_the_subpath_and_linked_from_every_header(built: Path) -> None:
    page = (built / "search/index.html").read_text(encoding="utf-8")
    assert 'data-index="/news/pagefind/"' in page and 'data-base="/news/"' in page
    assert '<form class="search-form" role="search" action="/news/search/"' in page
    assert '<script src="/news/js/search.js' in page
    assert '<meta name="robots" content="noindex">' in page
    for rel in ("index.html", "2026/11/20/ferry/index.html", "about/index.html", "tags/index.html"):
        assert '<p class="site-search"><a href="/news/search/">Search</a></p>' in (built / rel).read_text("utf-8")
    assert "search/" not in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_index_holds_published_articles_and_pages_only(built: Path) -> None:
    found = records(built)
    assert sorted(found) == ["/2026/11/20/ferry/", "/2026/11/21/derby/", "/about/"]
    ferry = found["/2026/11/20/ferry/"]
    for words in ("Ferry service returns to the harbour", "The crossing reopens after repairs", "Ana Ruiz",
                  "gondolier sails again", "quayside", "Local"):
        assert words in ferry["content"], words
    assert ferry["filters"] == {"section": ["Local"], "type": ["Article"]}
    assert ferry["meta"]["title"] == "Ferry service returns to the harbour"
    assert ferry["meta"]["date"] == "20 November 2026"
    assert found["/about/"]["filters"] == {"type": ["Page"]}


def test_drafts_future_and_expired_articles_are_nowhere_in_the_index(built: Path) -> None:
    everything = b"".join(gzip.decompress(p.read_bytes()) for p in (built / "pagefind").rglob("*.pf_*")
                          if p.read_bytes()[:2] == b"\x1f\x8b")
    for word in (b"zanzibarquux", b"futurequokka", b"expiredwombat", b"fair"):
        assert word not in everything, word
    assert (built / "2026/11/01/gone/index.html").is_file()  # its page is kept


def test_drafts_built_with_drafts_are_still_not_indexed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, CONFIG)
    out = build(site, "--drafts")
    assert (out / "2026/11/19/secret/index.html").is_file()
    assert "/2026/11/19/secret/" not in records(out)


def test_without_search_there_is_no_search_page_index_or_link(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, {**CONFIG, "search": False})
    out = build(site)
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    assert "site-search" not in (out / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind" not in (out / "2026/11/20/ferry/index.html").read_text(encoding="utf-8")


def test_index_is_made_again_after_an_edit_and_kept_when_nothing_changed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, CONFIG)
    out = build(site)
    first = read_tree(out / "pagefind")
    (site / "content/derby.md").write_text((site / "content/derby.md").read_text("utf-8") + "\nA penguinade!\n",
                                           encoding="utf-8")
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", "-v")
    assert run.code == 0, run.err
    assert "search" in run.out, run.out  # the stage ran: a page changed
    assert "penguinade" in records(out)["/2026/11/21/derby/"]["content"]
    assert read_tree(out / "pagefind") != first
    # An incremental build gives the index a clean build gives.
    clean = build(write_site(tmp_path / "clean", {**FILES, "content/derby.md": (
        site / "content/derby.md").read_text("utf-8")}, CONFIG))
    assert read_tree(out / "pagefind") == read_tree(clean / "pagefind")
    # A build of a changed feed only (no page changed) keeps the index as it is.
    again = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", "-v")
    assert again.code == 0 and "0 files written" in again.err + again.out


def test_a_failed_build_leaves_the_old_index(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, CONFIG)
    out = build(site)
    before = read_tree(out / "pagefind")
    (site / "content/broken.md").write_text("---\ntitle: Broken\ndate: not a date\n---\nThe word brokenyak.\n",
                                            encoding="utf-8")
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert run.code == 1 and "content/broken.md:3" in run.err
    assert read_tree(out / "pagefind") == before


def test_a_missing_pagefind_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, CONFIG)
    env = {**__import__("os").environ, "PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")}
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", env=env)
    assert run.code == 1
    assert "site.yaml: search: `search: true` needs the Pagefind indexer, which is not installed" in run.err
    assert "pip install 'pagefind[bin]'" in run.err and "Traceback" not in run.err
    assert not (site / "public").exists()


def test_a_failing_pagefind_fails_the_build_with_its_message(tmp_path: Path) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'pagefind 1.5.2'\n[ \"$1\" = --version ] && exit 0\necho 'Error: disk on fire' >&2\n"
                    "exit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    site = write_site(tmp_path / "site", FILES, CONFIG)
    env = {**__import__("os").environ, "PAGEFIND_BINARY_PATH": str(fake)}
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", env=env)
    assert run.code == 1 and "the Pagefind indexer failed (exit 3): Error: disk on fire" in run.err
    assert not (site / "public").exists()


# ---------------------------------------------------------------- links: the index files and `check: ignore:`

LINKING = {
    "content/links.md": "---\ntitle: Links to the tools' files\ndate: 2026-11-22T09:00:00Z\n---\n"
                        "[Pagefind's own UI](/news/pagefind/pagefind-ui.js) and [the clip](/news/media/clip.mp4) and "
                        "[the archive](/news/uploads/2019/)\n",
}


def test_links_into_the_index_are_fine_and_ignored_paths_are_not_reported(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**FILES, **LINKING},
                      {**CONFIG, "check": {"ignore": ["/media/", "/uploads/"]}})
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", "--strict")
    assert run.code == 0, run.err
    assert "broken" not in run.err
    checked = run_main("check", "--site", site, "--now", NOW)
    assert checked.code == 0, checked.out + checked.err
    assert "0 problems" in checked.out


def test_links_into_undeclared_paths_are_still_broken(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {**FILES, **LINKING}, {**CONFIG, "check": {"ignore": ["/media/"]}})
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert run.code == 0
    assert "content/links.md:5: broken link /uploads/2019/" in run.err
    assert "clip.mp4" not in run.err and "pagefind" not in run.err
    # Declaring it later counts at once, although no page changed (the link check's cache knows the list).
    (site / "site.yaml").write_text((site / "site.yaml").read_text("utf-8").replace(
        "- /media/", "- /media/\n  - /uploads/"), encoding="utf-8")
    again = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert again.code == 0 and "broken" not in again.err, again.err


def test_newsgen_check_reports_a_draft_that_reached_the_index(tmp_path: Path) -> None:
    # A --drafts build puts the draft's page on disk; were the theme to mark it for the index, the leak check
    # of the index files would name it. Here the record is forged from the published ferry's record.
    site = write_site(tmp_path / "site", FILES, CONFIG)
    out = build(site)
    fragment = next((out / "pagefind/fragment").glob("*.pf_fragment"))
    record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
    record["url"] = "/2026/11/19/secret/"
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + json.dumps(record).encode()))
    site_files = SiteFiles.from_folder(out)
    collector = Collector(site_files, Sources(), label="public")
    held = [HeldBack(source="content/secret.md", title="A secret draft about the zanzibarquux",
                     path="2026/11/19/secret/", reason="draft", line=4)]
    assert check_index_leaks(site_files, collector, held) == 3
    problems = [str(p) for p in collector.report().problems]
    assert problems == [f"content/secret.md:4: draft article leaks: it is in the search index "
                        f"(public/pagefind/fragment/{fragment.name})"]


def test_newsgen_check_of_a_search_site_finds_no_problem(built: Path, tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES, CONFIG)
    run = run_main("check", "--site", site, "--now", NOW)
    assert run.code == 0, run.out + run.err
    assert "0 problems" in run.out


# ---------------------------------------------------------------- settings


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("search: yes please\n", "site.yaml:4: search: expected true or false, found 'yes please'"),
    ("search: 1\n", "site.yaml:4: search: expected true or false, found 1"),
    ("check:\n  ignore: /media/\n", "site.yaml:4: check: ignore: expected a list of site paths such as [/media/], "
                                    "found '/media/'"),
    ("check:\n  ignore: [media/]\n", "site.yaml:4: check: ignore: expected a site path starting with /"),
    ("check:\n  ignore: [/]\n", "site.yaml:4: check: ignore: '/' would ignore every link of the site"),
    ("check:\n  ignore: ['https://cdn.example/x/']\n", "site.yaml:4: check: ignore: 'https://cdn.example/x/' is a "
                                                       "full URL"),
    ("check:\n  ignore: [/a/../b/]\n", "site.yaml:4: check: ignore: expected a site path starting with /"),
    ("check:\n  ignroe: [/media/]\n", "site.yaml:4: check: unknown key 'ignroe' (did you mean \"ignore\"?); known: ignore"),
    ("check: [/media/]\n", "site.yaml:4: check: expected a mapping of `key: value` lines"),
])
def test_bad_search_and_check_settings_are_refused_at_their_line(tmp_path: Path, yaml_text: str,
                                                                  message: str) -> None:
    site = write_site(tmp_path / "site", FILES, "title: T\nbase_url: https://example.org/\ntimezone: UTC\n"
                      + yaml_text)
    run = run_main("build", "--site", site, "--now", NOW)
    assert run.code == 1
    assert message in run.err, run.err
    assert "Traceback" not in run.err


def test_the_same_pages_always_give_the_same_index_bytes(built: Path, tmp_path: Path) -> None:
    # Pagefind alone writes its filters in a random (hash-map) order; newsgen puts them in one order.
    from newsgen.output.search_index import index_folder

    trees = []
    for run in range(5):
        report = index_folder(built, tmp_path / f"index{run}")
        assert report.pages == 3
        trees.append(read_tree(tmp_path / f"index{run}"))
    assert all(tree == trees[0] for tree in trees[1:])
    assert trees[0] == {f"pagefind/{rel}": data for rel, data in read_tree(built / "pagefind").items()}


def test_cbor_of_the_index_files_reads_back_to_the_same_bytes(built: Path) -> None:
    from newsgen.output.pagefind_order import SIGNATURE, encode, read_file

    files = [p for p in (built / "pagefind").rglob("*") if p.suffix in (".pf_meta", ".pf_filter", ".pf_index")]
    assert len(files) >= 4
    for path in files:
        value = read_file(path)
        assert value is not None, path
        assert SIGNATURE + encode(value) == gzip.decompress(path.read_bytes()), path


def test_pages_in_two_languages_get_an_index_each_in_one_order(tmp_path: Path) -> None:
    # Pagefind splits the index by <html lang>; the languages' order in its entry file is chance too.
    from newsgen.output.search_index import index_folder

    for rel, lang, words in (("a/index.html", "en", "boat harbour"), ("b/index.html", "es", "barco puerto")):
        page = tmp_path / "built" / rel
        page.parent.mkdir(parents=True)
        page.write_text(f'<!doctype html><html lang="{lang}"><title>t</title><article data-pagefind-body>'
                        f"<h1>{words}</h1></article></html>", encoding="utf-8")
    trees = [read_tree(index_folder(tmp_path / "built", tmp_path / f"i{n}") and tmp_path / f"i{n}") for n in range(4)]
    assert all(tree == trees[0] for tree in trees)
    entry = json.loads(trees[0]["pagefind/pagefind-entry.json"])
    assert list(entry["languages"]) == ["en", "es"]
    assert entry["languages"]["es"]["page_count"] == 1


def test_a_big_sites_index_is_in_parts_and_an_edit_makes_only_its_part_again(tmp_path: Path, monkeypatch) -> None:
    from newsgen.output import search_index

    monkeypatch.setattr(search_index, "SHARD_PAGES", 4)  # as a site of many thousand pages is split
    site = write_site(tmp_path / "site", FILES, CONFIG)
    out = build(site)
    parts = json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"]
    assert len(parts) > 2 and all(part.endswith("/") for part in parts)
    urls_found = set()
    for part in parts:
        for path in (out / "pagefind" / part / "fragment").glob("*.pf_fragment"):
            urls_found.add(json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))["url"])
    assert urls_found == {"/2026/11/20/ferry/", "/2026/11/21/derby/", "/about/"}
    before = {rel: (out / "pagefind" / rel).stat().st_ino for rel in read_tree(out / "pagefind")}
    about = site / "content/pages/about.md"
    about.write_text(about.read_text("utf-8") + "\nAnd a capybara.\n", encoding="utf-8")
    build(site)
    after = {rel: (out / "pagefind" / rel).stat().st_ino for rel in read_tree(out / "pagefind")}
    remade = {rel.split("/")[0] for rel in after if before.get(rel) != after[rel]} - {"parts.json"}
    assert len(remade) == 1  # the about page's part, no other
    assert read_tree(out / "pagefind") == read_tree(build(write_site(tmp_path / "clean", {
        **FILES, "content/pages/about.md": about.read_text("utf-8")}, CONFIG)) / "pagefind")
    # newsgen check opens the records of every part.
    checked = run_main("check", "--site", site, "--now", NOW)
    assert checked.code == 0 and "0 problems" in checked.out, checked.out + checked.err


def test_a_site_with_nothing_published_builds_with_an_empty_index(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/secret.md": FILES["content/secret.md"]}, CONFIG)
    out = build(site)
    assert json.loads((out / "pagefind/parts.json").read_text(encoding="utf-8")) == {"parts": []}
    assert (out / "search/index.html").is_file()
