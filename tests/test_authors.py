"""authors.yaml profiles: one author page per profile, whatever its slug, and only safe links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_main

NOW = "2026-11-28T12:00"
PROFILES = "- name: Ann Writer\n  slug: ann\n  role: Reporter\n"


def build(site: Path) -> tuple[int, str]:
    result = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert "Traceback" not in result.err
    return result.code, result.err


def test_a_byline_matching_a_profile_with_its_own_slug_uses_that_slug_everywhere(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"authors.yaml": PROFILES,
                      "content/a.md": {"title": "A", "date": "2026-11-20", "author": "Ann Writer"},
                      "content/b.md": {"title": "B", "date": "2026-11-21", "author": "ann-writer"}})
    code, err = build(site)
    assert code == 0, err
    out = site / "public"
    assert sorted(p.name for p in (out / "authors").iterdir()) == ["ann"]
    page = (out / "2026/11/20/a/index.html").read_text()
    assert 'href="/authors/ann/"' in page and "ann-writer" not in page
    assert "https://example.org/authors/ann/" in page  # the JSON-LD author
    feed = json.loads((out / "feed.json").read_text())
    assert {a["url"] for item in feed["items"] for a in item["authors"]} == {"https://example.org/authors/ann/"}
    assert (out / "authors/ann/index.html").read_text().count('href="/2026/11/2') == 2


def test_a_byline_matching_a_profile_by_its_slug_shows_the_profile_name(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"authors.yaml": PROFILES,
                      "content/a.md": {"title": "A", "date": "2026-11-20", "author": "ann"}})
    code, err = build(site)
    assert code == 0, err
    assert ">Ann Writer</a>" in (site / "public/2026/11/20/a/index.html").read_text()


def test_a_body_edit_keeps_the_profile_slug_of_a_byline(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"authors.yaml": PROFILES,
                      "content/a.md": {"title": "A", "date": "2026-11-20", "author": "Ann Writer"}})
    assert build(site)[0] == 0
    path = site / "content/a.md"
    path.write_text(path.read_text() + "\nA new paragraph.\n")
    assert build(site)[0] == 0
    page = (site / "public/2026/11/20/a/index.html").read_text()
    assert "A new paragraph." in page and 'href="/authors/ann/"' in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "  JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                                 "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>"])
def test_a_profile_link_that_runs_code_is_an_error_at_its_line(make_site, url: str) -> None:  # type: ignore[no-untyped-def]
    profiles = ("- name: Ann Writer\n- name: Bo Chen\n  links:\n    - {title: Site, url: https://bo.example/}\n"
                f"    - title: Me\n      url: {json.dumps(url)}\n")
    site = make_site({"authors.yaml": profiles,
                      "content/a.md": {"title": "A", "date": "2026-11-20", "author": "Bo Chen"}})
    code, err = build(site)
    assert code == 1
    [line] = [line for line in err.splitlines() if line.startswith("error: ")]
    assert line.startswith(f"error: authors.yaml:2: links: {url!r} is a ")
    assert "give an http(s) or mailto: address" in line


def test_a_profile_photo_that_runs_code_is_an_error(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"authors.yaml": "- name: Ann Writer\n  photo: javascript:alert(1)\n",
                      "content/a.md": {"title": "A", "date": "2026-11-20", "author": "Ann Writer"}})
    code, err = build(site)
    assert code == 1 and "error: authors.yaml:1: photo: a javascript: URL is not an image" in err
