"""`{{< ref >}}` and `{{< relref >}}`: links to another article or page by its file, resolved once the site
knows every address; unknown, ambiguous or unpublished targets are errors at their line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import article, run_main

from newsgen.core.errors import BuildFailed

CONFIG = {"title": "T", "base_url": "https://example.org/news/", "timezone": "UTC"}
HOME = "content/2026-03-01-storm-night.md"
PAGE = "public/2026/03/01/storm-night/index.html"
OTHER = {"title": "Ferry", "date": "2026-02-01T10:00:00Z", "slug": "ferry-returns"}


def build(make_site, body: str, files: dict[str, str] | None = None, *, config: dict | None = None):
    site = make_site({HOME: article({"title": "Storm night", "date": "2026-03-01T10:00:00Z"}, body),
                      "content/posts/2026-02-01-ferry.md": article(OTHER, "Ferry body.\n"),
                      "content/pages/about.md": article({"title": "About us"}, "We report.\n"),
                      **(files or {})}, config or CONFIG)
    return site, run_main("build", "--site", site)


def story(site: Path) -> str:
    return (site / PAGE).read_text(encoding="utf-8").split('<div class="story-body">', 1)[1]


def test_ref_is_the_absolute_url_and_relref_the_site_relative_one_under_a_subpath(make_site) -> None:
    body = ('See [the ferry]({{< ref "2026-02-01-ferry.md" >}}), [again]({{< relref "/posts/2026-02-01-ferry.md" >}}),'
            ' [us]({{< relref "about" >}}), [/us]({{< relref "/about" >}}) and [budget]({{< relref "posts/2026-02-01-ferry#budget" >}}).\n')
    site, result = build(make_site, body)
    assert result.code == 0, result.err
    html = story(site)
    assert '<a href="https://example.org/news/2026/02/01/ferry-returns/">the ferry</a>' in html
    assert '<a href="/news/2026/02/01/ferry-returns/">again</a>' in html
    assert '<a href="/news/about/">us</a>' in html and '<a href="/news/about/">/us</a>' in html
    assert '<a href="/news/2026/02/01/ferry-returns/#budget">budget</a>' in html
    assert "NGLINK" not in html


def test_a_ref_follows_the_target_when_its_address_changes(make_site) -> None:
    site, result = build(make_site, 'Read [it]({{< relref "2026-02-01-ferry.md" >}}).\n')
    assert result.code == 0, result.err
    moved = article({**OTHER, "slug": "ferry-is-back"}, "Ferry body.\n")
    (site / "content/posts/2026-02-01-ferry.md").write_text(moved, encoding="utf-8")
    again = run_main("build", "--site", site)
    assert again.code == 0, again.err
    assert '<a href="/news/2026/02/01/ferry-is-back/">it</a>' in story(site)
    clean = run_main("build", "--site", site, "--no-cache", "--output", site / "clean")
    assert clean.code == 0, clean.err
    assert (site / "clean/2026/03/01/storm-night/index.html").read_bytes() == (site / PAGE).read_bytes()


def test_a_body_edit_of_an_article_with_refs_keeps_its_links(make_site) -> None:
    site, result = build(make_site, 'Read [it]({{< relref "2026-02-01-ferry.md" >}}).\n')
    assert result.code == 0, result.err
    text = (site / HOME).read_text(encoding="utf-8").replace("Read", "Now read")
    (site / HOME).write_text(text, encoding="utf-8")
    again = run_main("build", "--site", site)
    assert again.code == 0, again.err
    assert '<p>Now read <a href="/news/2026/02/01/ferry-returns/">it</a>.</p>' in story(site)
    feed = (site / "public/feed.xml").read_text(encoding="utf-8")
    assert "NGLINK" not in feed and "https://example.org/news/2026/02/01/ferry-returns/" in feed


def test_a_ref_inside_a_page_resolves_too(make_site) -> None:
    site, result = build(make_site, "Text.\n", {
        "content/pages/contact.md": article({"title": "Contact"}, 'See [ferry]({{< relref "ferry" >}}).\n')})
    assert result.code == 0, result.err
    page = (site / "public/contact/index.html").read_text(encoding="utf-8")
    assert '<a href="/news/2026/02/01/ferry-returns/">ferry</a>' in page


def test_unknown_ambiguous_and_unpublished_targets_are_errors_at_their_line(make_site) -> None:
    body = ('One {{< ref "no-such.md" >}}.\n\nTwo {{< ref "dup" >}}.\n\n'
            'Three {{< relref "2026-02-02-later.md" >}}.\n\nFour {{< ref "secret" >}}.\n')
    files = {"content/a/dup.md": article({"title": "A", "date": "2026-01-01"}),
             "content/b/dup.md": article({"title": "B", "date": "2026-01-02"}),
             "content/2026-02-02-later.md": article({"title": "Later", "date": "2099-01-01"}),
             "content/secret.md": article({"title": "Secret", "date": "2026-01-03", "draft": True})}
    _, result = build(make_site, body, files)
    assert result.code == 1
    err = result.err
    assert f'{HOME}:5: shortcode {{{{< ref "no-such.md" >}}}}: no article or page \'no-such.md\'' in err
    assert (f'{HOME}:7: shortcode {{{{< ref "dup" >}}}}: more than one file is called \'dup\' '
            "(content/a/dup.md, content/b/dup.md)") in err
    assert (f'{HOME}:9: shortcode {{{{< relref "2026-02-02-later.md" >}}}}: content/2026-02-02-later.md is not '
            "published yet") in err
    assert f'{HOME}:11: shortcode {{{{< ref "secret" >}}}}: content/secret.md is a draft' in err
    assert "Traceback" not in err


def test_a_ref_without_a_target_is_an_error(make_site) -> None:
    _, result = build(make_site, "Text.\n\nFive {{< relref >}}.\n")
    assert result.code == 1
    assert f"{HOME}:7: shortcode {{{{< relref >}}}} needs `path`" in result.err


def test_a_draft_may_link_to_anything_it_is_not_built(make_site) -> None:
    _, result = build(make_site, "Text.\n", {
        "content/wip.md": article({"title": "WIP", "date": "2026-01-01", "draft": True}, '{{< ref "nowhere" >}}\n')})
    assert result.code == 0, result.err


def test_the_dev_servers_body_edit_keeps_the_links_and_follows_a_moved_target(make_site) -> None:
    import datetime as dt

    from newsgen.build import BuildOptions, BuildState, build as build_site

    site, result = build(make_site, 'Read [it]({{< relref "ferry" >}}).\n')
    assert result.code == 0, result.err
    state = BuildState()
    options = BuildOptions(site_dir=site, now=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), jobs=1,
                           progress=False)
    build_site(options, state)
    (site / HOME).write_text((site / HOME).read_text(encoding="utf-8").replace("Read", "Now read"), encoding="utf-8")
    assert build_site(options, state).parsed == 1
    assert '<p>Now read <a href="/news/2026/02/01/ferry-returns/">it</a>.</p>' in story(site)
    moved = article({**OTHER, "slug": "ferry-is-back"}, "Ferry body.\n")
    (site / "content/posts/2026-02-01-ferry.md").write_text(moved, encoding="utf-8")
    build_site(options, state)
    assert '<a href="/news/2026/02/01/ferry-is-back/">it</a>' in story(site)
    (site / "content/posts/2026-02-01-ferry.md").unlink()
    (site / HOME).write_text((site / HOME).read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r'shortcode \{\{< relref "ferry" >\}\}: no article or page'):
        build_site(options, state)
