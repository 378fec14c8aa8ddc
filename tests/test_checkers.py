"""Tests for the standards checkers in tests/checkers: valid documents pass, each defect is reported."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from checkers.feeds import check_atom, check_json_feed, check_rss
from checkers.html import find_vnu_jar, run_vnu
from checkers.links import check_internal_links
from checkers.sitemaps import check_news_sitemap, check_sitemap

BASE = "https://example.org/news/"


def _has(problems: list[str], *fragments: str) -> bool:
    """True if one problem mentions every fragment (keeps tests independent of exact wording)."""
    return any(all(f in p for f in fragments) for p in problems)


# =========================================================================== RSS

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Example News</title>
  <link>https://example.org/news/</link>
  <description>All the news</description>
  <lastBuildDate>Fri, 20 Nov 2026 08:30:00 +0100</lastBuildDate>
  <atom:link href="https://example.org/news/feed.xml" rel="self" type="application/rss+xml"/>
  <item>
    <title>First</title>
    <link>https://example.org/news/2026/first/</link>
    <guid>https://example.org/news/2026/first/</guid>
    <pubDate>Fri, 20 Nov 2026 08:30:00 +0100</pubDate>
    <enclosure url="https://example.org/news/a.jpg" length="1234" type="image/jpeg"/>
    <content:encoded><![CDATA[<p><a href="https://example.org/news/x/">x</a>
      <img src="https://example.org/news/a.jpg" alt=""
           srcset="https://example.org/a.jpg 1x, https://example.org/b.jpg 2x">
      <a href="mailto:desk@example.org">mail</a></p>]]></content:encoded>
  </item>
  <item>
    <description>Second, no title</description>
    <link>https://example.org/news/2026/second/</link>
    <guid isPermaLink="false">tag:example.org,2026:second</guid>
    <pubDate>Thu, 19 Nov 2026 23:00:00 GMT</pubDate>
  </item>
</channel>
</rss>"""


def rss(old: str = "", new: str = "") -> bytes:
    return RSS.replace(old, new, 1).encode() if old else RSS.encode()


def test_rss_valid() -> None:
    assert check_rss(rss(), base_url=BASE) == []


def test_rss_not_well_formed() -> None:
    assert _has(check_rss(b"<rss version='2.0'><channel>", base_url=BASE), "not well-formed")


def test_rss_wrong_version() -> None:
    assert _has(check_rss(rss('version="2.0"', 'version="0.91"'), base_url=BASE), "version")


def test_rss_missing_channel_description() -> None:
    doc = rss("<description>All the news</description>")
    assert _has(check_rss(doc, base_url=BASE), "channel", "description")


def test_rss_missing_self_link() -> None:
    doc = rss('<atom:link href="https://example.org/news/feed.xml" rel="self" type="application/rss+xml"/>')
    assert _has(check_rss(doc, base_url=BASE), "self")


def test_rss_self_link_wrong_type_and_relative() -> None:
    doc = rss('href="https://example.org/news/feed.xml" rel="self" type="application/rss+xml"',
              'href="/news/feed.xml" rel="self" type="application/xml"')
    problems = check_rss(doc, base_url=BASE)
    assert _has(problems, "self", "not an absolute")
    assert _has(problems, "application/rss+xml")


def test_rss_missing_guid() -> None:
    doc = rss("<guid>https://example.org/news/2026/first/</guid>")
    assert _has(check_rss(doc, base_url=BASE), "item 1", "missing <guid>")


def test_rss_duplicate_guid() -> None:
    doc = rss("tag:example.org,2026:second", "https://example.org/news/2026/first/")
    assert _has(check_rss(doc, base_url=BASE), "duplicate guid")


def test_rss_permalink_guid_must_be_url() -> None:
    doc = rss('<guid isPermaLink="false">tag:example.org,2026:second</guid>', "<guid>second-post</guid>")
    assert _has(check_rss(doc, base_url=BASE), "item 2", "guid")


def test_rss_relative_item_link() -> None:
    doc = rss("<link>https://example.org/news/2026/first/</link>", "<link>/news/2026/first/</link>")
    assert _has(check_rss(doc, base_url=BASE), "item 1 link", "not an absolute")


def test_rss_link_on_foreign_host() -> None:
    doc = rss("<link>https://example.org/news/2026/first/</link>",
              "<link>https://example.org.evil.com/x</link>")
    assert _has(check_rss(doc, base_url=BASE), "item 1 link", "origin")


def test_rss_item_needs_title_or_description() -> None:
    doc = rss("<description>Second, no title</description>")
    assert _has(check_rss(doc, base_url=BASE), "item 2", "title or description")


@pytest.mark.parametrize(
    "date, reason",
    [
        ("Sat, 20 Nov 2026 08:30:00 +0100", "weekday"),  # 20 Nov 2026 is a Friday
        ("Fri, 20 Nov 26 08:30:00 +0100", "RFC 822"),  # 2-digit year
        ("Fri, 20 Nov 2026 08:30:00 EST", "RFC 822"),  # named zones other than GMT
        ("2026-11-20T08:30:00+01:00", "RFC 822"),  # ISO instead of RFC 822
        ("Fri, 20 Nov 2026 25:30:00 +0100", "out of range"),
    ],
)
def test_rss_bad_pubdate(date: str, reason: str) -> None:
    doc = rss("<pubDate>Fri, 20 Nov 2026 08:30:00 +0100</pubDate>", f"<pubDate>{date}</pubDate>")
    assert _has(check_rss(doc, base_url=BASE), "item 1", "pubDate", reason)


def test_rss_bad_channel_date() -> None:
    doc = rss("<lastBuildDate>Fri, 20 Nov 2026", "<lastBuildDate>Mon, 20 Nov 2026")
    assert _has(check_rss(doc, base_url=BASE), "channel", "lastBuildDate", "weekday")


def test_rss_enclosure_checks() -> None:
    doc = rss('url="https://example.org/news/a.jpg" length="1234"', 'url="a.jpg" length="big"')
    problems = check_rss(doc, base_url=BASE)
    assert _has(problems, "enclosure url")
    assert _has(problems, "enclosure length")


@pytest.mark.parametrize(
    "bad", ['href="/news/x/"', 'href="#section"', 'href="x.html"', 'href="//example.org/x"', 'href=""']
)
def test_rss_content_encoded_relative_urls(bad: str) -> None:
    doc = rss('href="https://example.org/news/x/"', bad)
    assert _has(check_rss(doc, base_url=BASE), "content:encoded", "not an absolute URL")


def test_rss_content_encoded_relative_srcset() -> None:
    doc = rss("https://example.org/b.jpg 2x", "b.jpg 2x")
    assert _has(check_rss(doc, base_url=BASE), "content:encoded", "srcset", "b.jpg")


# =========================================================================== Atom

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://example.org/news/</id>
  <title>Example News</title>
  <updated>2026-11-20T08:30:00+01:00</updated>
  <link rel="self" type="application/atom+xml" href="https://example.org/news/atom.xml"/>
  <link href="https://example.org/news/"/>
  <author><name>Desk</name></author>
  <entry>
    <id>tag:example.org,2026:first</id>
    <title>First</title>
    <updated>2026-11-20T07:30:00Z</updated>
    <published>2026-11-20T07:00:00.5Z</published>
    <link rel="alternate" type="text/html" href="https://example.org/news/2026/first/"/>
    <category term="world"/>
    <summary>Short</summary>
    <content type="html">&lt;p&gt;&lt;a href="https://example.org/news/x/"&gt;x&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>https://example.org/news/2026/second/</id>
    <title type="text">Second</title>
    <updated>2026-11-19T23:00:00-05:00</updated>
    <link href="https://example.org/news/2026/second/"/>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml"><a href="https://example.org/">home</a></div>
    </content>
  </entry>
</feed>"""


def atom(old: str = "", new: str = "", count: int = 1) -> bytes:
    return ATOM.replace(old, new, count).encode() if old else ATOM.encode()


def test_atom_valid() -> None:
    assert check_atom(atom(), base_url=BASE) == []


def test_atom_wrong_root() -> None:
    assert _has(check_atom(b"<feed/>", base_url=BASE), "expected")


def test_atom_missing_feed_updated() -> None:
    doc = atom("<updated>2026-11-20T08:30:00+01:00</updated>")
    assert _has(check_atom(doc, base_url=BASE), "feed", "updated")


def test_atom_duplicate_entry_id() -> None:
    doc = atom("<id>https://example.org/news/2026/second/</id>", "<id>tag:example.org,2026:first</id>")
    assert _has(check_atom(doc, base_url=BASE), "duplicate entry id")


@pytest.mark.parametrize("bad_id", ["first-post", "/news/2026/first/", "tag:example.org:first"])
def test_atom_entry_id_not_iri(bad_id: str) -> None:
    doc = atom("<id>tag:example.org,2026:first</id>", f"<id>{bad_id}</id>")
    assert _has(check_atom(doc, base_url=BASE), "entry 1", "atom:id")


@pytest.mark.parametrize(
    "date", ["2026-11-20T07:30:00", "2026-11-20 07:30:00Z", "2026-11-20", "Fri, 20 Nov 2026"]
)
def test_atom_bad_updated(date: str) -> None:
    doc = atom("<updated>2026-11-20T07:30:00Z</updated>", f"<updated>{date}</updated>")
    assert _has(check_atom(doc, base_url=BASE), "entry 1", "updated", "RFC 3339")


def test_atom_bad_published() -> None:
    doc = atom("<published>2026-11-20T07:00:00.5Z</published>", "<published>2026-13-20T07:00:00Z</published>")
    assert _has(check_atom(doc, base_url=BASE), "entry 1", "published")


def test_atom_missing_self_link() -> None:
    doc = atom('<link rel="self" type="application/atom+xml" href="https://example.org/news/atom.xml"/>')
    assert _has(check_atom(doc, base_url=BASE), "feed", "self")


def test_atom_relative_alternate_link() -> None:
    doc = atom('href="https://example.org/news/2026/first/"', 'href="/news/2026/first/"')
    assert _has(check_atom(doc, base_url=BASE), "entry 1 alternate link", "not an absolute")


def test_atom_entry_without_alternate() -> None:
    doc = atom('<link rel="alternate" type="text/html" href="https://example.org/news/2026/first/"/>')
    assert _has(check_atom(doc, base_url=BASE), "entry 1", "alternate")


def test_atom_author_required_somewhere() -> None:
    doc = atom("<author><name>Desk</name></author>")
    problems = check_atom(doc, base_url=BASE)
    assert _has(problems, "entry 1", "author") and _has(problems, "entry 2", "author")


def test_atom_author_on_every_entry_is_enough() -> None:
    doc = atom("<author><name>Desk</name></author>").decode()
    doc = doc.replace("<entry>", "<entry><author><name>A</name></author>")
    assert check_atom(doc.encode(), base_url=BASE) == []


def test_atom_author_needs_name() -> None:
    doc = atom("<author><name>Desk</name></author>", "<author><name> </name></author>")
    assert _has(check_atom(doc, base_url=BASE), "feed", "name")


def test_atom_relative_url_in_html_content() -> None:
    doc = atom('href="https://example.org/news/x/"', 'href="../x/"')
    assert _has(check_atom(doc, base_url=BASE), "entry 1 content", "../x/")


def test_atom_relative_url_in_xhtml_content() -> None:
    doc = atom('<a href="https://example.org/">', '<a href="#top">')
    assert _has(check_atom(doc, base_url=BASE), "entry 2 content", "#top")


def test_atom_category_needs_term() -> None:
    doc = atom('<category term="world"/>', '<category label="World"/>')
    assert _has(check_atom(doc, base_url=BASE), "entry 1", "category")


# =========================================================================== JSON Feed


def json_feed(**changes: object) -> dict:
    feed: dict = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Example News",
        "home_page_url": "https://example.org/news/",
        "feed_url": "https://example.org/news/feed.json",
        "authors": [{"name": "Desk"}],
        "items": [
            {
                "id": "https://example.org/news/2026/first/",
                "url": "https://example.org/news/2026/first/",
                "title": "First",
                "content_html": '<p><img src="https://example.org/news/a.jpg" alt=""></p>',
                "date_published": "2026-11-20T08:30:00+01:00",
                "date_modified": "2026-11-20T09:00:00Z",
                "authors": [{"name": "Ann", "url": "https://example.org/news/authors/ann/"}],
                "tags": ["world", "politics"],
            },
            {"id": "2", "url": "https://example.org/news/2026/second/", "content_text": "Plain"},
        ],
    }
    feed.update(changes)
    return feed


def jf(feed: dict) -> bytes:
    return json.dumps(feed).encode()


def test_json_feed_valid() -> None:
    assert check_json_feed(jf(json_feed()), base_url=BASE) == []


def test_json_feed_not_json() -> None:
    assert _has(check_json_feed(b"{", base_url=BASE), "JSON")


def test_json_feed_wrong_version() -> None:
    doc = json_feed(version="https://jsonfeed.org/version/1")
    assert _has(check_json_feed(jf(doc), base_url=BASE), "version")


def test_json_feed_missing_title_and_relative_feed_url() -> None:
    doc = json_feed(feed_url="/news/feed.json")
    del doc["title"]
    problems = check_json_feed(jf(doc), base_url=BASE)
    assert _has(problems, "title")
    assert _has(problems, "feed_url", "not an absolute")


def test_json_feed_item_problems() -> None:
    doc = json_feed()
    item = doc["items"][0]
    item.update(id=1, url="2026/first/", date_published="2026-11-20", tags="world", authors=[{"url": "x"}])
    del item["content_html"]
    problems = check_json_feed(jf(doc), base_url=BASE)
    for fragment in ("id must be", "item 1 url", "content_html or content_text", "date_published",
                     "tags", "author"):
        assert _has(problems, "item 1", fragment), fragment


def test_json_feed_duplicate_id() -> None:
    doc = json_feed()
    doc["items"][1]["id"] = doc["items"][0]["id"]
    assert _has(check_json_feed(jf(doc), base_url=BASE), "duplicate item id")


def test_json_feed_relative_url_in_content_html() -> None:
    doc = json_feed()
    doc["items"][0]["content_html"] = '<a href="/news/x/">x</a>'
    assert _has(check_json_feed(jf(doc), base_url=BASE), "item 1 content_html", "/news/x/")


# =========================================================================== sitemaps

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.org/news/</loc><lastmod>2026-11-20</lastmod><changefreq>hourly</changefreq></url>
  <url><loc>https://example.org/news/2026/first/</loc><lastmod>2026-11-20T08:30:00+01:00</lastmod></url>
  <url><loc>https://example.org/news/q?a=1&amp;b=caf%C3%A9</loc><priority>0.5</priority></url>
</urlset>"""


def sitemap(old: str = "", new: str = "") -> bytes:
    return SITEMAP.replace(old, new, 1).encode() if old else SITEMAP.encode()


def test_sitemap_valid() -> None:
    assert check_sitemap(sitemap(), base_url=BASE) == []


def test_sitemap_wrong_namespace() -> None:
    doc = sitemap("http://www.sitemaps.org/schemas/sitemap/0.9", "http://www.google.com/schemas/sitemap/0.84")
    assert _has(check_sitemap(doc, base_url=BASE), "root element")


def test_sitemap_relative_loc() -> None:
    doc = sitemap("<loc>https://example.org/news/2026/first/</loc>", "<loc>/news/2026/first/</loc>")
    assert _has(check_sitemap(doc, base_url=BASE), "url 2", "not an absolute")


def test_sitemap_loc_outside_base() -> None:
    doc = sitemap("<loc>https://example.org/news/2026/first/</loc>",
                  "<loc>https://example.org/newsletter/</loc>")
    assert _has(check_sitemap(doc, base_url=BASE), "url 2", "not under")


def test_sitemap_duplicate_loc() -> None:
    doc = sitemap("<loc>https://example.org/news/2026/first/</loc>", "<loc>https://example.org/news/</loc>")
    assert _has(check_sitemap(doc, base_url=BASE), "duplicate loc")


@pytest.mark.parametrize("loc", ["https://example.org/news/a b/", "https://example.org/news/café/",
                                 " https://example.org/news/x/", "https://example.org/news/%zz"])
def test_sitemap_unescaped_loc(loc: str) -> None:
    doc = sitemap("<loc>https://example.org/news/2026/first/</loc>", f"<loc>{loc}</loc>")
    assert _has(check_sitemap(doc, base_url=BASE), "url 2", "escaped")


@pytest.mark.parametrize("lastmod", ["2026-11-20T08:30:00", "20/11/2026", "2026-11-31", "2026-11"])
def test_sitemap_bad_lastmod(lastmod: str) -> None:
    doc = sitemap("<lastmod>2026-11-20</lastmod>", f"<lastmod>{lastmod}</lastmod>")
    assert _has(check_sitemap(doc, base_url=BASE), "url 1", "lastmod")


def test_sitemap_too_many_urls() -> None:
    urls = "".join(f"<url><loc>https://example.org/news/{i}/</loc></url>" for i in range(50_001))
    doc = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
    assert check_sitemap(doc, base_url=BASE) == ["50001 <url> entries, limit is 50000"]


def test_sitemap_index() -> None:
    doc = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://example.org/news/sitemap-1.xml</loc><lastmod>2026-11-20T08:30Z</lastmod></sitemap>
      <sitemap><loc>https://example.org/news/sitemap-2.xml</loc></sitemap>
    </sitemapindex>"""
    assert check_sitemap(doc, base_url=BASE) == []
    bad = doc.replace(b"https://example.org/news/sitemap-2.xml", b"sitemap-2.xml")
    bad = bad.replace(b"08:30Z", b"08:30")
    problems = check_sitemap(bad, base_url=BASE)
    assert _has(problems, "sitemap 2", "not an absolute")
    assert _has(problems, "sitemap 1", "lastmod")


# =========================================================================== Google News sitemaps

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://example.org/news/2026/first/</loc>
    <news:news>
      <news:publication>
        <news:name>Example News</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2026-11-20T08:30:00+01:00</news:publication_date>
      <news:title>First</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://example.org/news/2026/second/</loc>
    <news:news>
      <news:publication>
        <news:name>Example News</news:name><news:language>zh-cn</news:language>
      </news:publication>
      <news:publication_date>2026-11-18T12:30:00Z</news:publication_date>
      <news:title>Second</news:title>
    </news:news>
  </url>
</urlset>"""


def news(old: str = "", new: str = "") -> bytes:
    return NEWS_SITEMAP.replace(old, new, 1).encode() if old else NEWS_SITEMAP.encode()


def test_news_sitemap_valid() -> None:
    assert check_news_sitemap(news(), base_url=BASE, now=NOW) == []


def test_news_sitemap_stale_date() -> None:
    doc = news("2026-11-18T12:30:00Z", "2026-11-18T11:59:59Z")  # 48h + 1s before NOW
    assert _has(check_news_sitemap(doc, base_url=BASE, now=NOW), "url 2", "stale")


def test_news_sitemap_max_age_is_configurable() -> None:
    assert _has(check_news_sitemap(news(), base_url=BASE, now=NOW, max_age_hours=24), "url 2", "stale")


def test_news_sitemap_future_date() -> None:
    doc = news("2026-11-20T08:30:00+01:00", "2026-11-20T12:30:00+00:00")
    assert _has(check_news_sitemap(doc, base_url=BASE, now=NOW), "url 1", "future")


@pytest.mark.parametrize("date", ["2026-11-20", "2026-11-20T08:30:00", "Fri, 20 Nov 2026 08:30:00 GMT"])
def test_news_sitemap_date_needs_time_and_zone(date: str) -> None:
    doc = news("2026-11-20T08:30:00+01:00", date)
    assert _has(check_news_sitemap(doc, base_url=BASE, now=NOW), "url 1", "publication_date")


@pytest.mark.parametrize("lang", ["english", "EN", "xx", "zh", "en-US"])
def test_news_sitemap_bad_language(lang: str) -> None:
    doc = news("<news:language>en</news:language>", f"<news:language>{lang}</news:language>")
    assert _has(check_news_sitemap(doc, base_url=BASE, now=NOW), "url 1", "news:language")


def test_news_sitemap_missing_parts() -> None:
    doc = news("<news:title>First</news:title>", "<news:title></news:title>")
    doc = doc.replace(b"<news:name>Example News</news:name>", b"", 1)
    problems = check_news_sitemap(doc, base_url=BASE, now=NOW)
    assert _has(problems, "url 1", "news:title") and _has(problems, "url 1", "news:name")


def test_news_sitemap_url_without_news() -> None:
    doc = NEWS_SITEMAP.replace("</urlset>", "<url><loc>https://example.org/news/x/</loc></url></urlset>")
    assert _has(check_news_sitemap(doc.encode(), base_url=BASE, now=NOW), "url 3", "news:news")


def test_news_sitemap_limit_and_plain_sitemap_rules() -> None:
    entry = NEWS_SITEMAP.split("<url>")[1].split("</url>")[0]
    urls = "".join("<url>" + entry.replace("/first/", f"/{i}/") + "</url>" for i in range(1001))
    doc = NEWS_SITEMAP.split("<url>")[0] + urls + "</urlset>"
    assert check_news_sitemap(doc.encode(), base_url=BASE, now=NOW) == ["1001 <url> entries, limit is 1000"]
    doc = news("https://example.org/news/2026/first/", "2026/first/")
    assert _has(check_news_sitemap(doc, base_url=BASE, now=NOW), "url 1", "loc")


def test_news_sitemap_needs_aware_now() -> None:
    with pytest.raises(ValueError):
        check_news_sitemap(news(), base_url=BASE, now=NOW.replace(tzinfo=None))


# =========================================================================== internal links


def _site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


GOOD_SITE = {
    "index.html": """<!doctype html><link rel="stylesheet" href="static/site.css">
        <a href="2026/first/">first</a> <a href="/news/2026/first/#comments">comments</a>
        <a href="https://example.org/news/2026/first/#top">top</a> <a href="#main">main</a>
        <img src="static/a.jpg" srcset="static/a.jpg 1x, /news/static/b.jpg 2x" alt="">
        <a href="https://other.example.com/">ext</a> <a href="mailto:x@example.org">m</a>
        <a href="tel:+123">t</a> <a href="javascript:void(0)">j</a>
        <img src="data:image/png;base64,AA" alt="">
        <script src="//cdn.example.com/x.js"></script> <a href="caf%C3%A9/">café</a> <a href="?page=2">p2</a>
        <main id="main"></main>""",
    "2026/first/index.html": """<a href="../../">home</a> <a href="../../index.html#main">main</a>
        <a href="./#comments">self</a> <a name="comments"></a>""",
    "café/index.html": "<p>café</p>",
    "static/site.css": "",
    "static/a.jpg": "",
    "static/b.jpg": "",
}


def test_links_valid_site(tmp_path: Path) -> None:
    assert check_internal_links(_site(tmp_path, GOOD_SITE), base_url=BASE) == []


def test_links_base_url_without_trailing_slash(tmp_path: Path) -> None:
    assert check_internal_links(_site(tmp_path, GOOD_SITE), base_url=BASE.rstrip("/")) == []


@pytest.mark.parametrize(
    "link, reason",
    [
        ('<a href="2026/missing/">', "no file 2026/missing/index.html"),
        ('<a href="https://example.org/news/nope.html">', "no file nope.html"),
        ('<img src="static/c.jpg" alt="">', "no file static/c.jpg"),
        ('<img srcset="static/a.jpg 1x, static/zz.jpg 2x" alt="">', "no file static/zz.jpg"),
        ('<a href="/2026/first/">', "escapes base path"),
        ('<a href="../outside/">', "escapes base path"),
        ('<a href="2026/first">', "trailing slash"),
        ('<a href="2026/first/#nope">', "no id or name 'nope'"),
        ('<a href="#nowhere">', "no id or name 'nowhere' in index.html"),
    ],
)
def test_links_broken(tmp_path: Path, link: str, reason: str) -> None:
    site = dict(GOOD_SITE, **{"index.html": GOOD_SITE["index.html"] + link})
    problems = check_internal_links(_site(tmp_path, site), base_url=BASE)
    assert len(problems) == 1, problems
    assert problems[0].startswith("index.html: broken link ") and reason in problems[0], problems


def test_links_report_names_nested_page(tmp_path: Path) -> None:
    site = dict(GOOD_SITE, **{"2026/first/index.html": '<a id="comments" href="../second/">x</a>'})
    problems = check_internal_links(_site(tmp_path, site), base_url=BASE)
    assert problems == ["2026/first/index.html: broken link ../second/ (no file 2026/second/index.html)"]


def test_links_respect_base_element(tmp_path: Path) -> None:
    site = {"a/index.html": '<base href="/news/b/"><a href="page.html">p</a>', "b/page.html": ""}
    assert check_internal_links(_site(tmp_path, site), base_url=BASE) == []


# =========================================================================== Nu HTML checker

VALID_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ok</title></head>
<body><p>Hello</p></body></html>
"""
INVALID_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>bad</title></head>
<body><p>Hello <img src="a.jpg"></p></body></html>
"""


@pytest.mark.validator
def test_run_vnu_reports_errors_only_for_invalid_file(tmp_path: Path) -> None:
    assert find_vnu_jar() is not None, "vnu.jar missing: run scripts/setup-tests.sh"
    (tmp_path / "ok.html").write_text(VALID_HTML, encoding="utf-8")
    (tmp_path / "sub dir").mkdir()
    (tmp_path / "sub dir" / "bad.html").write_text(INVALID_HTML, encoding="utf-8")
    errors = run_vnu([tmp_path / "ok.html", tmp_path / "sub dir" / "bad.html"])
    assert errors, "the img without alt must be reported"
    assert all(e.startswith("sub dir/bad.html:3:") for e in errors), errors
    assert any("alt" in e for e in errors), errors
    assert run_vnu([tmp_path / "ok.html"]) == []


def test_run_vnu_without_jar_fails_loudly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VNU_JAR", str(tmp_path / "nope.jar"))
    assert find_vnu_jar() is None
    page = tmp_path / "x.html"
    page.write_text(VALID_HTML, encoding="utf-8")
    with pytest.raises(RuntimeError, match="vnu.jar not found"):
        run_vnu([page])


def test_find_vnu_jar_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    jar = tmp_path / "vnu.jar"
    jar.write_bytes(b"")
    monkeypatch.setenv("VNU_JAR", str(jar))
    assert find_vnu_jar() == jar
