"""`newsgen check` and the checkers behind it: links, anchors, assets, feeds, sitemaps and leaks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import article, run_main
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.check.feed_rules import check_feeds_and_sitemaps
from newsgen.check.leaks import HeldBack, check_leaks
from newsgen.check.links import Collector, SiteFiles, Sources, check_links, check_pages, resolve
from newsgen.check.page_scan import scan_html

NOW = "2026-02-01T12:00"
BASE = "https://example.org/news/"
CONFIG = {"title": "Test Times", "base_url": BASE, "timezone": "UTC"}


def files(tree: dict[str, str]) -> SiteFiles:
    """A built site held in memory."""
    return SiteFiles(files=frozenset(tree), read=lambda rel: tree[rel].encode())


def page(body: str, *, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def problems_of(tree: dict[str, str], base: str = BASE) -> list[str]:
    site = files(tree)
    collector = Collector(site, Sources(), "public")
    check_pages(site, base, collector)
    check_feeds_and_sitemaps(site, base, collector)
    return [str(p) for p in collector.report().problems]


# ------------------------------------------------------------------------------------------ scanning


def test_scan_finds_urls_ids_and_skips_scripts_and_comments() -> None:
    scanned = scan_html(
        '<a href="/x/?a=1&amp;b=2#top" id=one>x</a><!-- <a href="/hidden/"> -->'
        "<img src='/i.png' srcset=\"/a.png 1x, /b.png 2x\"><script>var s = '<a href=\"/no/\">';</script>"
        '<script src="/app.js"></script><a name=old></a><meta property="og:image" content="https://e.org/o.png">'
        '<form action="https://mail.example/subscribe"></form><p title="href=/not/">')
    assert [link.url for link in scanned.links] == ["/x/?a=1&b=2#top", "/i.png", "/a.png", "/b.png", "/app.js",
                                                    "https://e.org/o.png", "https://mail.example/subscribe"]
    assert scanned.ids == {"one", "old"}


@pytest.mark.parametrize(("url", "kind", "rel"), [
    ("/news/2026/x/", "internal", "2026/x/index.html"),
    ("/news/", "internal", "index.html"),
    ("../y/a%20b.png", "internal", "2026/y/a b.png"),
    ("#part", "internal", "2026/x/index.html"),
    ("https://example.org/news/feed.xml", "internal", "feed.xml"),
    ("/images/x.png", "escape", ""),
    ("../../../x/", "escape", ""),
    ("https://example.org/other-project/", "external", ""),
    ("https://elsewhere.example/", "external", ""),
    ("//cdn.example/x.js", "external", ""),
    ("mailto:desk@example.org", "skip", ""),
    ("data:image/png;base64,AAAA", "skip", ""),
    ("ftp://files.example/x", "skip", ""),
    ("http://[::1/x", "invalid", ""),
])
def test_resolve_classifies_every_kind_of_url(url: str, kind: str, rel: str) -> None:
    target = resolve(url, "https://example.org/news/2026/x/index.html", BASE)
    assert (target.kind, target.rel) == (kind, rel)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/#:?&;.ahrefsc id[]% \n")) | st.characters(), max_size=80))
def test_scanning_and_resolving_any_text_never_crashes(text: str) -> None:
    page_of = scan_html(text)
    for url in [text, *page_of.urls]:
        assert resolve(url, "https://example.org/news/a/index.html", BASE).kind in (
            "skip", "external", "escape", "internal", "invalid")


# ------------------------------------------------------------------------------------------ links


def test_links_that_resolve_give_no_problem() -> None:
    tree = {
        "index.html": page('<a href="/news/2026/x/">x</a><a href="2026/x/#part">p</a><a href="#main">m</a>'
                           '<main id="main"></main><a href="/news/2026/x">no slash</a>'
                           '<link rel="stylesheet" href="/news/css/site.css"><a href="#top">top</a>'),
        "2026/x/index.html": page('<h2 id="part">Part</h2><img src="../../images/p.png" alt="">'),
        "images/p.png": "png",
        "css/site.css": "body{}",
    }
    assert problems_of(tree) == []


def test_broken_link_anchor_asset_and_escape_are_reported_at_the_output_line() -> None:
    tree = {
        "index.html": page('\n<a href="/news/gone/">x</a>\n<a href="/news/2026/x/#nope">y</a>\n'
                           '<img src="/news/images/missing.png" alt="">\n<a href="/about/">z</a>\n<a href="#nowhere">w</a>'),
        "2026/x/index.html": page("<h2 id=part>Part</h2>"),
    }
    assert problems_of(tree) == [
        "public/index.html:2: broken link /news/gone/: nothing is built at gone/index.html",
        "public/index.html:3: broken anchor /news/2026/x/#nope: 2026/x/index.html has no element with id \"nope\"",
        "public/index.html:4: broken link /news/images/missing.png: nothing is built at images/missing.png (files "
        "in static/ are copied as they are: is it static/images/missing.png?)",
        "public/index.html:5: link /about/ leaves the site: it is outside the base path /news/ (links to the "
        "site's own pages must start with it)",
        "public/index.html:6: broken anchor #nowhere: this page has no element with id \"nowhere\"",
    ]


def test_one_missing_file_shown_on_many_pages_is_reported_once() -> None:
    tree = {f"p{n}/index.html": page('<img src="/news/logo.svg" alt="">') for n in range(4)}
    assert problems_of(tree) == ["public/p0/index.html:1: broken link /news/logo.svg: nothing is built at "
                                 "logo.svg (files in static/ are copied as they are: is it static/logo.svg?) "
                                 "(and in 3 more files)"]


def test_relative_links_in_the_404_page_are_reported() -> None:
    tree = {"404.html": page('<a href="index.html">home</a><a href="/news/">ok</a>'), "index.html": page("")}
    [problem] = problems_of(tree)
    assert problem.startswith("public/404.html:1: relative link index.html in the 404 page breaks")


def test_external_links_are_listed_with_where_not_fetched() -> None:
    tree = {"index.html": page('<a href="https://elsewhere.example/a">a</a>\n<a href="http://x.example/">b</a>')}
    report = check_links(files(tree), BASE, label="public")
    assert report.problems == ()
    assert report.external == (("http://x.example/", "public/index.html:2"),
                               ("https://elsewhere.example/a", "public/index.html:1"))


def test_problem_in_an_article_body_is_reported_at_the_source_line() -> None:
    source = "---\ntitle: A\ndate: 2026-01-02\nphoto: /p.jpg\n---\nIntro.\n\nSee [this](/2026/gone/).\n"
    tree = {"2026/a/index.html": page('<img src="https://example.org/news/p.jpg"><a href="/news/2026/gone/">x</a>')}
    sources = Sources(origins={"2026/a/index.html": "content/a.md"}, read=lambda rel: source, base_url=BASE)
    report = check_links(files(tree), BASE, sources=sources, label="public")
    assert [str(p) for p in report.problems] == [
        "content/a.md:4: broken link /p.jpg: nothing is built at p.jpg (files in static/ are copied as they are: "
        "is it static/p.jpg?)",
        "content/a.md:8: broken link /2026/gone/: nothing is built at 2026/gone/index.html",
    ]


# ------------------------------------------------------------------------------------------ feeds and sitemaps

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>T</title><link>https://example.org/news/</link><description>D</description>
<atom:link href="https://example.org/news/feed.xml" rel="self" type="application/rss+xml"/>
<item><title>A</title><link>https://example.org/news/a/</link><guid>https://example.org/news/a/</guid>
<pubDate>Fri, 20 Nov 2026 08:30:00 +0100</pubDate>
<content:encoded><![CDATA[<p><a href="ITEM_LINK">x</a></p>]]></content:encoded></item>
</channel></rss>"""


def feed_site(item_link: str = "https://example.org/news/a/") -> dict[str, str]:
    return {"index.html": page(""), "a/index.html": page(""), "feed.xml": RSS.replace("ITEM_LINK", item_link)}


def test_a_valid_rss_feed_has_no_problem() -> None:
    assert problems_of(feed_site()) == []


def test_feed_content_with_a_relative_url_or_a_broken_link_is_reported() -> None:
    assert problems_of(feed_site("/news/a/")) == [
        "public/feed.xml: relative URL /news/a/ in item 1 content: feed readers cannot resolve it; newsgen makes "
        "URLs absolute, so it comes from a template"]
    assert problems_of(feed_site("https://example.org/news/gone/")) == [
        "public/feed.xml: broken link https://example.org/news/gone/: nothing is built at gone/index.html"]


def test_a_feed_that_is_not_well_formed_is_reported_with_its_line() -> None:
    tree = {"index.html": page(""), "feed.xml": "<rss version='2.0'>\n<channel><title>T &</title></channel></rss>"}
    [problem] = problems_of(tree)
    assert problem.startswith("public/feed.xml:2: not well-formed XML")


def test_feed_without_self_link_and_with_a_bad_date_is_reported() -> None:
    rss = RSS.replace('<atom:link href="https://example.org/news/feed.xml" rel="self" type="application/rss+xml"/>',
                      "").replace("Fri, 20 Nov 2026 08:30:00 +0100", "2026-11-20")
    problems = problems_of({**feed_site(), "feed.xml": rss.replace("ITEM_LINK", "https://example.org/news/a/")})
    assert problems == [
        "public/feed.xml: item 1 <pubDate> '2026-11-20' is not an RFC 822 date such as 'Fri, 20 Nov 2026 08:30:00 "
        "+0100'",
        "public/feed.xml: no rel=\"self\" link: readers use it to find the feed again",
    ]


def test_json_feed_is_checked() -> None:
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "T", "home_page_url": BASE,
            "feed_url": BASE + "feed.json", "items": [{"id": BASE + "a/", "url": BASE + "a/",
                                                       "content_html": '<img src="/news/x.png">'}]}
    tree = {"index.html": page(""), "a/index.html": page(""), "feed.json": json.dumps(good)}
    assert problems_of(tree) == ["public/feed.json: relative URL /news/x.png in item 1 content_html: feed readers "
                                 "cannot resolve it; newsgen makes URLs absolute, so it comes from a template"]
    assert problems_of({**tree, "feed.json": "{not json"})[0].startswith("public/feed.json: not valid JSON")


def test_sitemap_locations_must_be_absolute_and_built() -> None:
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               "<url><loc>https://example.org/news/</loc><lastmod>2026-11-20T08:30:00+01:00</lastmod></url>"
               "<url><loc>/news/a/</loc></url><url><loc>https://example.org/news/gone/</loc>"
               "<lastmod>yesterday</lastmod></url></urlset>")
    robots = "User-agent: *\nSitemap: https://example.org/news/sitemap.xml\n"
    assert problems_of({"index.html": page(""), "sitemap.xml": sitemap, "robots.txt": robots}) == [
        "public/sitemap.xml: <url> 2 <loc> /news/a/ is not an absolute URL: feed readers and search engines need "
        "https://...",
        "public/sitemap.xml: <url> 3 <lastmod> 'yesterday' is not a W3C date such as 2026-11-20 or "
        "2026-11-20T08:30:00+01:00",
        "public/sitemap.xml: broken link https://example.org/news/gone/: nothing is built at gone/index.html",
    ]


# ------------------------------------------------------------------------------------------ leaks


def leaks_of(tree: dict[str, str], held: list[HeldBack], article_pages: set[str] = frozenset()) -> list[str]:
    site = files(tree)
    collector = Collector(site, Sources(), "public")
    check_pages(site, BASE, collector)
    check_feeds_and_sitemaps(site, BASE, collector)
    check_leaks(site, collector, held, set(article_pages))
    return [str(p) for p in collector.report().problems if "leak" in str(p) or "still listed" in str(p)
            or "has a page" in str(p)]


DRAFT = HeldBack(source="content/plan.md", title="Secret plan to close the pier", path="2026/01/04/plan/",
                 reason="draft", line=4)


def test_a_draft_with_a_page_a_link_or_its_headline_in_the_site_is_a_leak() -> None:
    tree = {
        "index.html": page('<h2><a href="/news/2026/01/04/plan/">Secret plan to close the pier</a></h2>'),
        "2026/01/04/plan/index.html": page("<h1>Secret plan to close the pier</h1>"),
        "tags/pier/index.html": page("<h2>Secret plan to close the pier</h2>"),
        "feed.json": json.dumps({"items": [{"title": "Secret plan to close the pier"}]}),
    }
    assert leaks_of(tree, [DRAFT]) == [
        "content/plan.md:4: draft article has a page in the built site (/2026/01/04/plan/)",
        "content/plan.md:4: draft article leaks: its URL is linked in public/index.html",
        "content/plan.md:4: draft article leaks: its headline appears in public/feed.json, public/index.html, "
        "public/tags/pier/index.html",
    ]


def test_a_headline_inside_running_text_is_not_a_leak() -> None:
    tree = {"index.html": page("<p>They denied any Secret plan to close the pier yesterday.</p>")}
    assert leaks_of(tree, [DRAFT]) == []


def test_an_expired_article_may_keep_its_page_but_no_listing() -> None:
    expired = HeldBack(source="content/old.md", title="Old sale ends", path="2025/old/", reason="expired", line=5)
    tree = {"2025/old/index.html": page("<h1>Old sale ends</h1>"),
            "2026/new/index.html": page('<p>As <a href="/news/2025/old/">reported</a>.</p>'),
            "index.html": page('<a href="/news/2025/old/">Old sale ends</a>')}
    assert leaks_of(tree, [expired], {"2025/old/index.html", "2026/new/index.html"}) == [
        "content/old.md:5: article is expired but still listed in public/index.html"]


# ------------------------------------------------------------------------------------------ the command


@pytest.fixture
def news_site(make_site):  # type: ignore[no-untyped-def]
    return make_site({
        "content/2026/a.md": article(
            "title: First story\ndate: 2026-01-02\nphoto: /images/p.svg",
            "Intro with a [link](/2026/01/03/b/#details) and [elsewhere](https://other.example/x).\n"),
        "content/2026/b.md": article("title: Second story\ndate: 2026-01-03", "## Details\n\nText.\n"),
        "content/2026/draft.md": article("title: Plans for the old pier\ndate: 2026-01-04\ndraft: true"),
        "static/images/p.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }, config=CONFIG)


def test_check_a_sound_site_exits_0_and_counts_external_links(news_site: Path) -> None:
    result = run_main("check", "--site", news_site, "--now", NOW)
    assert result.code == 0, result.out + result.err
    assert result.out.splitlines()[-1].startswith("checked ")
    assert "0 problems; 1 external link listed, not fetched" in result.out
    assert "other.example" not in result.out


def test_check_verbose_lists_each_external_link(news_site: Path) -> None:
    result = run_main("check", "--site", news_site, "--now", NOW, "--verbose")
    assert "external link (not fetched): https://other.example/x (content/2026/a.md:6)" in result.out


def test_check_never_touches_the_output_folder(news_site: Path) -> None:
    assert run_main("check", "--site", news_site, "--now", NOW).code == 0
    assert not (news_site / "public").exists()
    assert run_main("build", "--site", news_site, "--now", NOW, "--quiet").code == 0
    before = {p: p.stat().st_mtime_ns for p in (news_site / "public").rglob("*")}
    assert run_main("check", "--site", news_site, "--now", NOW).code == 0
    assert {p: p.stat().st_mtime_ns for p in (news_site / "public").rglob("*")} == before


@pytest.mark.parametrize(("body", "expected"), [
    ("[gone](/2026/01/01/gone/)", "content/2026/a.md:6: broken link /2026/01/01/gone/: nothing is built at "
                                  "2026/01/01/gone/index.html"),
    ("[x](/2026/01/03/b/#nope)", "content/2026/a.md:6: broken anchor /2026/01/03/b/#nope: 2026/01/03/b/index.html "
                                 "has no element with id \"nope\""),
    ("![chart](/images/chart.png)", "content/2026/a.md:6: broken link /images/chart.png: nothing is built at "
                                    "images/chart.png"),
    ("[up](../../../../../../elsewhere/)", "content/2026/a.md:6: link ../../../../../../elsewhere/ leaves the site"),
])
def test_check_reports_a_problem_at_the_article_line_and_exits_1(news_site: Path, body: str, expected: str) -> None:
    path = news_site / "content/2026/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Intro with a", f"{body} Intro with a"),
                    encoding="utf-8")
    result = run_main("check", "--site", news_site, "--now", NOW)
    assert result.code == 1
    assert any(line.startswith(expected) for line in result.out.splitlines()), result.out
    assert "Traceback" not in result.err


def test_check_reports_a_missing_photo_at_its_front_matter_line(news_site: Path) -> None:
    (news_site / "static/images/p.svg").unlink()
    result = run_main("check", "--site", news_site, "--now", NOW)
    assert result.code == 1
    assert result.out.startswith("content/2026/a.md:4: broken link /images/p.svg: nothing is built at images/p.svg")
    assert result.out.count("images/p.svg: nothing is built") == 1


def test_check_reports_a_draft_that_leaks_through_a_link(news_site: Path) -> None:
    path = news_site / "content/2026/b.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nSee [plans](/2026/01/04/draft/).\n", encoding="utf-8")
    result = run_main("check", "--site", news_site, "--now", NOW)
    assert result.code == 1
    assert "content/2026/draft.md:4: draft article leaks: its URL is linked in public/2026/01/03/b/index.html" \
        in result.out
    with_drafts = run_main("check", "--site", news_site, "--now", NOW, "--drafts")
    assert with_drafts.code == 0, with_drafts.out


def test_check_reports_a_future_article_that_leaks(news_site: Path) -> None:
    path = news_site / "content/2026/b.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nSee [later](/2026/03/01/later/).\n", encoding="utf-8")
    (news_site / "content/2026/later.md").write_text(article("title: A story for March\ndate: 2026-03-01"),
                                                     encoding="utf-8")
    result = run_main("check", "--site", news_site, "--now", NOW)
    assert "content/2026/later.md:3: article dated in the future leaks: its URL is linked" in result.out
    assert run_main("check", "--site", news_site, "--now", NOW, "--future").code == 0


def test_check_of_a_site_that_does_not_build_prints_the_errors(news_site: Path) -> None:
    (news_site / "content/2026/bad.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    result = run_main("check", "--site", news_site, "--now", NOW)
    assert result.code == 1
    assert result.err.startswith("error: content/2026/bad.md:")
    assert "Traceback" not in result.err


def test_check_without_a_site_yaml_says_so(tmp_path: Path) -> None:
    result = run_main("check", "--site", tmp_path)
    assert result.code == 1
    assert "no site.yaml" in result.err


def test_check_the_demo_site_under_a_subpath(demo_site: Path) -> None:
    result = run_main("check", "--site", demo_site, "--now", "2026-11-28T12:00", "--base-url",
                      "https://user.github.io/newsroom/")
    assert result.code == 0, result.out


def test_demo_site_built_under_a_subpath_has_no_broken_link(demo_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    built = run_main("build", "--site", demo_site, "--output", out, "--now", "2026-11-28T12:00", "--base-url",
                     "https://user.github.io/newsroom/", "--quiet")
    assert built.code == 0, built.err
    site = SiteFiles.from_folder(out)
    collector = Collector(site, Sources(), "public")
    check_pages(site, "https://user.github.io/newsroom/", collector)
    feeds = check_feeds_and_sitemaps(site, "https://user.github.io/newsroom/", collector)
    report = collector.report()
    assert [str(p) for p in report.problems] == []
    assert report.pages > 40 and feeds > 10
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert 'href="/newsroom/css/' in not_found and 'href="/css/' not in not_found


# ------------------------------------------------------------------------------------------ every build


def test_build_warns_about_broken_links_and_still_writes(news_site: Path) -> None:
    path = news_site / "content/2026/a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("#details", "#nope"), encoding="utf-8")
    result = run_main("build", "--site", news_site, "--now", NOW)
    assert result.code == 0, result.err
    assert ("warning [broken-link]: content/2026/a.md:6: broken anchor /2026/01/03/b/#nope: "
            "2026/01/03/b/index.html has no element with id \"nope\"") in result.err.splitlines()
    assert (news_site / "public/index.html").is_file()


def test_build_strict_turns_broken_links_into_errors_and_writes_nothing(news_site: Path) -> None:
    (news_site / "static/images/p.svg").unlink()
    result = run_main("build", "--site", news_site, "--now", NOW, "--strict")
    assert result.code == 1
    assert result.err.splitlines()[0].startswith("error: content/2026/a.md:4: missing image /images/p.svg")
    assert "nothing was written" in result.err
    assert not (news_site / "public").exists()
    assert run_main("build", "--site", news_site, "--now", NOW, "--strict", "--quiet").code == 1


def test_build_strict_passes_a_sound_site(news_site: Path) -> None:
    assert run_main("build", "--site", news_site, "--now", NOW, "--strict", "--quiet").code == 0


def test_build_reports_a_broken_link_from_a_template_at_the_output_page(news_site: Path) -> None:
    (news_site / "templates").mkdir()
    (news_site / "templates/404.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n<p><a href="{{ \'archive/\' | url }}">Archive</a></p>\n'
        "{% endblock %}\n", encoding="utf-8")
    result = run_main("build", "--site", news_site, "--now", NOW)
    [warning] = [line for line in result.err.splitlines() if "broken" in line]
    assert warning.startswith("warning [broken-link]: public/404.html:")
    assert warning.endswith("broken link /news/archive/: nothing is built at archive/index.html")


def test_incremental_build_still_finds_a_link_broken_by_another_article(news_site: Path) -> None:
    assert "broken" not in run_main("build", "--site", news_site, "--now", NOW).err
    (news_site / "content/2026/b.md").write_text(article("title: Second story\ndate: 2026-01-03", "Text.\n"),
                                                 encoding="utf-8")
    again = run_main("build", "--site", news_site, "--now", NOW)
    assert "warning [broken-link]: content/2026/a.md:6: broken anchor /2026/01/03/b/#details" in again.err
    assert (news_site / ".newsgen-cache").is_dir()


def test_check_leaves_no_build_records_behind(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    (site / "content" / "a.md").write_text("---\ntitle: A\ndate: 2026-01-02\n---\nBody.\n", encoding="utf-8")
    for _ in range(3):
        assert run_main("check", "--site", site, "--now", "2026-06-01").code == 0
    assert run_main("build", "--site", site, "--now", "2026-06-01").code == 0
    db = sqlite3.connect(site / ".newsgen-cache" / "newsgen.sqlite3")
    records = db.execute("SELECT output FROM records").fetchall()
    db.close()
    assert len(records) == 1  # the build's own; the checks' temporary outputs are gone, and so are theirs


def test_a_relative_link_whose_query_holds_an_address_is_checked_from_each_page():
    # 'more/?from=https://...' is relative: from b/ it needs b/more/, whatever a/ has.
    tree = {"a/index.html": page('<a href="more/?from=https://x.org/">m</a>'), "a/more/index.html": page("m"),
            "b/index.html": page('<a href="more/?from=https://x.org/">m</a>')}
    assert problems_of(tree) == [
        "public/b/index.html:1: broken link more/?from=https://x.org/: nothing is built at b/more/index.html"]


@settings(max_examples=400, deadline=None)
@given(rel=st.lists(st.sampled_from(["a", "b/", "/", ".", "./", "../", "?", "#", "%2F", ":", "\\", " ", "\n", "\t",
                                     "é", "x.html"]), min_size=1, max_size=8).map("".join),
       base=st.sampled_from([BASE, "https://example.org/", "https://example.org/news", "http://127.0.0.1:8000/"]))
def test_page_addresses_are_what_urljoin_makes_of_them(rel, base):
    # The link checker builds page addresses without URL parsing where it can; it must never differ.
    from urllib.parse import urljoin

    from newsgen.check.links import _page_url

    assert _page_url(base, rel) == urljoin(base, rel)
