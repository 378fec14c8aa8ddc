"""Redirects (`aliases:` on articles and pages) through the command line, and the "gone address" warning."""

from __future__ import annotations

import pytest

from pathlib import Path
from typing import Any

from conftest import run_main

NOW = "2026-11-28T12:00"
STORY = ("---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\naliases: [/2025/01/02/old-ferry/]\n---\n"
         "The ferry.\n")
ABOUT = "---\ntitle: About us\naliases: [/who-we-are/]\n---\nA small paper.\n"


def build(site: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_main("build", "--site", site, "--now", NOW, *extra)


def text(site: Path, rel: str) -> str:
    return (site / "public" / rel).read_text(encoding="utf-8")


def test_an_alias_writes_a_redirect_page_and_a_redirects_line_for_articles_and_pages(make_site: Any) -> None:
    site = make_site({"content/ferry.md": STORY, "content/pages/about.md": ABOUT})
    result = build(site, "--quiet")
    assert result.code == 0, result.err
    stub = text(site, "2025/01/02/old-ferry/index.html")
    assert '<meta http-equiv="refresh" content="0; url=https://example.org/2026/11/27/ferry/">' in stub
    assert '<link rel="canonical" href="https://example.org/2026/11/27/ferry/">' in stub
    assert '<meta name="robots" content="noindex">' in stub
    assert '<a href="https://example.org/2026/11/27/ferry/">Ferry returns</a>' in stub
    assert "https://example.org/about/" in text(site, "who-we-are/index.html")
    assert text(site, "_redirects") == ("/2025/01/02/old-ferry/ /2026/11/27/ferry/ 301\n"
                                        "/who-we-are/ /about/ 301\n")


def test_redirect_pages_pass_the_nu_checker(make_site: Any) -> None:
    from checkers.html import run_vnu

    site = make_site({"content/ferry.md": STORY, "content/pages/about.md": ABOUT})
    assert build(site, "--quiet").code == 0
    public = site / "public"
    assert run_vnu([public / "2025/01/02/old-ferry/index.html", public / "who-we-are/index.html"]) == []


def test_redirect_pages_are_in_no_sitemap_or_feed(make_site: Any) -> None:
    site = make_site({"content/ferry.md": STORY, "content/pages/about.md": ABOUT})
    assert build(site, "--quiet").code == 0
    for rel in ("sitemap.xml", "news-sitemap.xml", "feed.xml", "atom.xml", "feed.json", "index.html"):
        assert "old-ferry" not in text(site, rel) and "who-we-are" not in text(site, rel), rel


def test_redirects_carry_the_base_url_path_under_a_subpath(make_site: Any) -> None:
    site = make_site({"content/ferry.md": STORY})
    assert build(site, "--quiet", "--base-url", "https://example.org/news/").code == 0
    assert text(site, "_redirects") == "/news/2025/01/02/old-ferry/ /news/2026/11/27/ferry/ 301\n"
    assert "https://example.org/news/2026/11/27/ferry/" in text(site, "2025/01/02/old-ferry/index.html")


def test_an_alias_on_a_real_output_is_an_error_at_the_aliases_line(make_site: Any) -> None:
    about = "---\ntitle: About us\naliases: [/2026/11/27/ferry/]\n---\nA small paper.\n"
    site = make_site({"content/ferry.md": STORY, "content/pages/about.md": about})
    result = build(site)
    assert result.code == 1
    assert "content/pages/about.md:3: aliases:" in result.err and "content/ferry.md" in result.err
    assert "Traceback" not in result.err


def test_one_alias_in_two_files_is_an_error(make_site: Any) -> None:
    about = "---\ntitle: About us\naliases: [/2025/01/02/old-ferry/]\n---\nA small paper.\n"
    site = make_site({"content/ferry.md": STORY, "content/pages/about.md": about})
    result = build(site)
    assert result.code == 1
    assert "aliases: /2025/01/02/old-ferry/ is an alias of content/ferry.md" in result.err


def test_an_alias_that_is_not_a_site_path_is_an_error(make_site: Any) -> None:
    story = ("---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\n"
             "aliases: ['https://other.example/x/']\n---\nX.\n")
    site = make_site({"content/ferry.md": story})
    result = build(site)
    assert result.code == 1
    assert "content/ferry.md:4: aliases: expected old site paths" in result.err


@pytest.mark.parametrize("alias", ["/pagefind/pagefind.js", "/_redirects", "/pagefind/"])
def test_an_alias_where_the_build_writes_its_own_files_is_an_error(make_site: Any, alias: str) -> None:
    story = f"---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\naliases: ['{alias}']\n---\nX.\n"
    result = build(make_site({"content/ferry.md": story}))
    assert result.code == 1
    assert "content/ferry.md:4: aliases:" in result.err and "where the build writes" in result.err
    assert "Traceback" not in result.err


def test_a_changed_slug_warns_with_the_aliases_line_to_add(make_site: Any) -> None:
    site = make_site({"content/ferry.md": "---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\n---\nX.\n"})
    assert build(site).code == 0
    (site / "content/ferry.md").write_text(
        "---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\nslug: ferry-is-back\n---\nX.\n", encoding="utf-8")
    result = build(site)
    assert result.code == 0, result.err
    assert "add `aliases: [/2026/11/27/ferry/]`" in result.err and "content/ferry.md:2:" in result.err


def test_a_moved_page_covered_by_an_alias_gets_no_warning(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About us\n---\nA.\n"})
    assert build(site).code == 0
    (site / "content/pages/about.md").write_text(
        "---\ntitle: About us\nslug: about-us\naliases: [/about/]\n---\nA.\n", encoding="utf-8")
    result = build(site)
    assert result.code == 0, result.err
    assert "gone now" not in result.err
    assert "https://example.org/about-us/" in text(site, "about/index.html")


def test_a_deleted_article_gets_no_gone_warning(make_site: Any) -> None:
    site = make_site({"content/ferry.md": "---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\n---\nX.\n",
                      "content/bus.md": "---\ntitle: Bus\ndate: 2026-11-26T09:00\n---\nY.\n"})
    assert build(site).code == 0
    (site / "content/bus.md").unlink()
    result = build(site)
    assert result.code == 0 and "gone now" not in result.err
