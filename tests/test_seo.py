"""Made for news: sitemaps, structured data, social tags, feeds and the newsroom features, on real output."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from checkers.feeds import check_json_feed, check_rss
from checkers.sitemaps import check_news_sitemap, check_sitemap
from conftest import DEMO_NOW, run_main

from newsgen.site import plan

BASE = "https://example.org/"
NOW = dt.datetime.fromisoformat(DEMO_NOW).replace(tzinfo=dt.timezone(dt.timedelta(hours=1)))


def jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def article_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("20[0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html")
                  if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))  # not an old address


def meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)


# --- sitemaps and robots.txt ------------------------------------------------------------------------------


def test_sitemap_lists_every_indexable_page_and_passes_the_sitemaps_rules(demo_output: Path):
    data = (demo_output / "sitemap.xml").read_bytes()
    assert check_sitemap(data, base_url=BASE) == []
    locs = set(re.findall(r"<loc>(.*?)</loc>", data.decode()))
    pages = {BASE + p.relative_to(demo_output).parent.as_posix().removeprefix(".") + "/"
             for p in demo_output.rglob("index.html")
             if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")}  # redirects: never in sitemaps
    pages = {u.replace(".org//", ".org/") for u in pages}
    expired = {u for u in pages if "harbour-road-closure" in u}
    search = {BASE + "search/", BASE + "es/search/"}  # results pages (noindex): nothing for a search engine to list
    assert search <= pages
    assert locs == pages - expired - search
    assert "<lastmod>2026-10-17T11:30:00+02:00</lastmod>" in data.decode()  # the corrected article


def test_news_sitemap_has_only_the_last_48_hours_with_publication_and_language(demo_output: Path):
    data = (demo_output / "news-sitemap.xml").read_bytes()
    assert check_news_sitemap(data, base_url=BASE, now=NOW) == []
    text = data.decode()
    entries = text.split("<url>")[1:]
    english = [e for e in entries if "<loc>https://example.org/es/" not in e]
    spanish = [e for e in entries if e not in english]
    assert len(spanish) == 2 and len(english) == 1 and "/2026/11/26/museum-figureheads/" in english[0]
    english = english[0]
    assert "<news:name>The Harbour Ledger</news:name>" in english and "<news:language>en</news:language>" in english
    # Each article names the edition and the language it is in (the Spanish story and translation).
    for entry in spanish:
        assert "<loc>https://example.org/es/" in entry and "<news:language>es</news:language>" in entry
        assert "<news:name>El Diario del Puerto</news:name>" in entry


def test_robots_txt_points_at_both_sitemaps(demo_output: Path):
    robots = (demo_output / "robots.txt").read_text()
    assert f"Sitemap: {BASE}sitemap.xml" in robots and f"Sitemap: {BASE}news-sitemap.xml" in robots


def test_sitemap_is_split_into_an_index_past_the_url_limit(make_site, tmp_path, monkeypatch):
    monkeypatch.setattr(plan, "SITEMAP_MAX_URLS", 5)
    site = make_site({f"content/a{n}.md": {"title": f"A {n}", "date": f"2026-01-{n + 1:02d}"} for n in range(8)})
    assert run_main("build", "--site", site, "--now", "2026-06-01").code == 0
    out = site / "public"
    index = (out / "sitemap.xml").read_text()
    assert "<sitemapindex" in index
    parts = re.findall(r"<loc>(.*?)</loc>", index)
    assert len(parts) >= 2
    total = 0
    for url in parts:
        part = (out / url.removeprefix("https://example.org/")).read_bytes()
        assert check_sitemap(part, base_url="https://example.org/") == []
        total += part.decode().count("<url>")
    assert total == len(list(out.rglob("index.html"))) - 0


# --- every page: title, description, canonical, social cards, feeds ---------------------------------------


def test_every_page_has_title_description_canonical_and_social_tags(demo_output: Path):
    for page in demo_output.rglob("*.html"):
        html = page.read_text()
        assert re.search(r"<title>[^<]+</title>", html), page
        if 'http-equiv="refresh"' in html:  # an old address (aliases:): noindex, sends readers on
            assert meta(html, "robots") == ["noindex"] and '<link rel="canonical"' in html, page
            continue
        assert meta(html, "description") and meta(html, "description")[0].strip(), page
        assert re.search(r'<link rel="canonical" href="https://example\.org/[^"]*">', html), page
        for key in ("og:title", "og:url", "og:type", "og:site_name", "twitter:card"):
            assert meta(html, key), (page, key)
        assert 'rel="alternate" type="application/rss+xml"' in html, page
        assert 'type="application/feed+json"' in html, page


def test_article_social_tags_use_the_photo_as_an_absolute_image(demo_output: Path):
    html = (demo_output / "2026/10/15/estuary-microplastics/index.html").read_text()
    assert meta(html, "og:image") == [f"{BASE}images/lab-flask.svg"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "article:modified_time") == ["2026-10-17T11:30:00+02:00"]


def test_canonical_front_matter_overrides_the_page_url(make_site):
    site = make_site({"content/a.md": {"title": "Syndicated", "date": "2026-01-02",
                                        "canonical": "https://wire.example.com/story/1"}})
    assert run_main("build", "--site", site, "--now", "2026-06-01").code == 0
    html = (site / "public/2026/01/02/a/index.html").read_text()
    assert '<link rel="canonical" href="https://wire.example.com/story/1">' in html


# --- structured data --------------------------------------------------------------------------------------


def test_every_article_has_newsarticle_and_breadcrumb_json_ld(demo_output: Path):
    pages = article_pages(demo_output)
    assert len(pages) >= 12
    for page in pages:
        data = jsonld(page.read_text())
        kinds = [d["@type"] for d in data]
        # The demo's opinion piece, live blog and fact-check (its ClaimReview after the breadcrumbs).
        story_type = {"opinion-keep-the-ferry-public": "OpinionNewsArticle",
                      "storm-elin-live": "LiveBlogPosting"}.get(page.parent.name, "NewsArticle")
        review = ["ClaimReview"] if page.parent.name == "factcheck-ferry-fares" else []
        assert kinds == [story_type, "BreadcrumbList", *review], page
        news = data[0]
        for key in ("headline", "description", "datePublished", "dateModified", "publisher", "mainEntityOfPage"):
            assert news.get(key), (page, key)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", news["datePublished"])
        assert news["publisher"] == {"@type": "Organization", "name": "The Harbour Ledger", "url": BASE,
                                     "logo": {"@type": "ImageObject", "url": f"{BASE}images/logo.svg"},
                                     # the demo's `policies:`
                                     "publishingPrinciples": f"{BASE}policies/ethics/",
                                     "correctionsPolicy": f"{BASE}policies/ethics/",
                                     "masthead": f"{BASE}about/",
                                     "contactPoint": {"@type": "ContactPoint", "url": f"{BASE}contact/"}}
        for author in news.get("author", []):
            assert author["@type"] == "Person" and author["url"].startswith(f"{BASE}authors/")
        crumbs = data[1]["itemListElement"]
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        assert crumbs[-1]["item"] == news["url"]


def test_news_article_carries_image_section_keywords_and_dateline(demo_output: Path):
    news = jsonld((demo_output / "2026/10/15/estuary-microplastics/index.html").read_text())[0]
    assert news["image"] == [f"{BASE}images/lab-flask.svg"]
    assert news["articleSection"] == "Science"
    assert set(news["keywords"]) == {"climate", "health", "harbour"}
    assert news["contentLocation"] == {"@type": "Place", "name": "PORT ALMERA"}
    assert news["dateModified"] == "2026-10-17T11:30:00+02:00"


def test_json_ld_cannot_be_broken_out_of_by_a_title(make_site):
    site = make_site({"content/a.md": {"title": "</script><script>alert(1)</script>", "date": "2026-01-02"}})
    assert run_main("build", "--site", site, "--now", "2026-06-01").code == 0
    html = (site / "public/2026/01/02/a/index.html").read_text()
    assert "<script>alert(1)" not in html
    assert jsonld(html)[0]["headline"] == "</script><script>alert(1)</script>"


def test_author_pages_have_a_profile_and_person_json_ld(demo_output: Path):
    html = (demo_output / "authors/mara-quist/index.html").read_text()
    assert "Transport correspondent" in html
    data = jsonld(html)[0]
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Mara Quist"
    assert person["jobTitle"] == "Transport correspondent"
    assert person["url"] == f"{BASE}authors/mara-quist/"


def test_build_warns_about_what_search_engines_require(make_site):
    site = make_site({"content/a.md": {"title": "Bare", "date": "2026-01-02"}})
    result = run_main("build", "--site", site, "--now", "2026-06-01")
    assert result.code == 0
    assert "content/a.md:1: no photo and no author" in result.err
    assert "site.yaml: logo: no publisher logo" in result.err


# --- feeds ------------------------------------------------------------------------------------------------


def test_json_feed_passes_the_json_feed_rules(demo_output: Path):
    data = (demo_output / "feed.json").read_bytes()
    assert check_json_feed(data, base_url=BASE) == []
    feed = json.loads(data)
    assert feed["feed_url"] == f"{BASE}feed.json" and len(feed["items"]) == 20  # feed_items, of 22 published


@pytest.mark.parametrize("path", ["city/feed.xml", "authors/mara-quist/feed.xml", "tags/harbour/feed.xml"])
def test_section_author_and_tag_feeds_exist_and_pass_rss_rules(demo_output: Path, path: str):
    data = (demo_output / path).read_bytes()
    assert check_rss(data, base_url=BASE) == []
    assert f"<link>{BASE}{path.removesuffix('feed.xml')}</link>" in data.decode()


# --- newsroom content -------------------------------------------------------------------------------------


def test_corrections_show_on_the_article_and_on_the_corrections_page(demo_output: Path):
    article = (demo_output / "2026/10/15/estuary-microplastics/index.html").read_text()
    assert 'Correction, <time datetime="2026-10-17T11:30:00+02:00">17 October 2026</time>' in article
    page = (demo_output / "corrections/index.html").read_text()
    assert "misstated the number of sampling sites" in page
    assert '/2026/10/15/estuary-microplastics/' in page


def test_corrections_page_lists_newest_first(make_site):
    site = make_site({
        "content/a.md": {"title": "A", "date": "2026-01-02", "corrections": [{"date": "2026-01-03", "text": "First fix."}]},
        "content/b.md": {"title": "B", "date": "2026-01-04", "corrections": [{"date": "2026-01-09", "text": "Later fix."}]},
    })
    assert run_main("build", "--site", site, "--now", "2026-06-01").code == 0
    page = (site / "public/corrections/index.html").read_text()
    assert page.index("Later fix.") < page.index("First fix.")
    atom = (site / "public/atom.xml").read_text()
    assert "<updated>2026-01-09T00:00:00+00:00</updated>" in atom


def test_expired_article_keeps_its_page_with_noindex_and_leaves_everything_else(demo_output: Path):
    page = (demo_output / "2026/10/20/harbour-road-closure/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in page
    for path in demo_output.rglob("*"):
        # The manifest lists every file newsgen wrote, the expired page included: that page still exists.
        if path.is_file() and path.parent.name != "harbour-road-closure" and path.name != ".newsgen-manifest.json":
            data = path.read_bytes()
            assert b"EXPIRED-NOTICE" not in data and b"harbour-road-closure" not in data, path


def test_schedule_file_names_the_next_due_article_outside_the_output(demo_site: Path, demo_output: Path):
    schedule = json.loads((demo_output.parent / ".newsgen-schedule.json").read_text())
    assert schedule["next_due"] == "2031-03-02T10:00:00+01:00"
    assert not (demo_output / ".newsgen-schedule.json").exists()


def test_schedule_reports_the_next_expiry_and_the_summary_says_when(make_site):
    site = make_site({"content/a.md": {"title": "A", "date": "2026-01-02", "expires": "2026-07-01T08:00:00Z"},
                      "content/b.md": {"title": "B", "date": "2026-08-01T09:00:00Z"}})
    result = run_main("build", "--site", site, "--now", "2026-06-01")
    assert "next scheduled article due 2026-08-01T09:00:00+00:00" in result.out
    assert "next article expires 2026-07-01T08:00:00+00:00" in result.out
    schedule = json.loads((site / ".newsgen-schedule.json").read_text())
    assert schedule == {"next_due": "2026-08-01T09:00:00+00:00", "next_expiry": "2026-07-01T08:00:00+00:00",
                        "next_unfeature": None, "output": "public"}


def test_related_articles_prefer_shared_tags_then_section(make_site):
    site = make_site({
        "content/base.md": {"title": "Base", "date": "2026-01-10", "tags": ["x", "y"], "section": "World"},
        "content/two.md": {"title": "Shares two", "date": "2026-01-01", "tags": ["x", "y"]},
        "content/one.md": {"title": "Shares one", "date": "2026-01-05", "tags": ["x"], "section": "Other"},
        "content/sec.md": {"title": "Same section", "date": "2026-01-06", "tags": ["x"], "section": "World"},
        "content/none.md": {"title": "Unrelated", "date": "2026-01-07", "tags": ["z"]},
    })
    assert run_main("build", "--site", site, "--now", "2026-06-01").code == 0
    html = (site / "public/2026/01/10/base/index.html").read_text()
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    titles = re.findall(r">([^<]+)</a>", related)
    assert titles == ["Shares two", "Same section", "Shares one"]


def test_archive_pages_for_years_and_months(demo_output: Path):
    year = (demo_output / "2026/index.html").read_text()
    assert 'href="/2026/11/"' in year and "November 2026" in year
    month = (demo_output / "2026/10/index.html").read_text()
    assert "University maps microplastic hotspots" in month
    assert "Museum" not in month  # a November story


def test_article_shows_reading_time_kicker_dek_and_dateline(demo_output: Path):
    html = (demo_output / "2026/10/09/council-budget-2027/index.html").read_text()
    assert re.search(r"\d+ min read", html)
    assert 'class="kicker"' in html and 'class="dek"' in html
    assert '<span class="location">PORT ALMERA</span>' in html


def test_404_page_lists_the_latest_headlines(demo_output: Path):
    html = (demo_output / "404.html").read_text()
    assert "Latest headlines" in html and "Maritime museum opens new gallery" in html


def test_newsletter_and_more_from_blocks_render_only_when_configured(demo_output: Path, make_site):
    html = (demo_output / "2026/11/20/ferry-terminal-upgrade/index.html").read_text()
    assert 'action="https://newsletter.example.org/subscribe/harbour-ledger"' in html
    assert "More from The Harbour Ledger" in html
    site = make_site({"content/a.md": {"title": "A", "date": "2026-01-02"},
                      "content/b.md": {"title": "B", "date": "2026-01-03"}})
    assert run_main("build", "--site", site, "--now", "2026-06-01").code == 0
    plain = (site / "public/2026/01/02/a/index.html").read_text()
    assert "<form" not in plain and "More from" not in plain


def test_newsletter_without_an_action_is_a_config_error(make_site):
    site = make_site({}, config="title: T\nbase_url: https://example.org/\nnewsletter:\n  heading: Sign up\n")
    result = run_main("build", "--site", site)
    assert result.code == 1
    assert "site.yaml:3: newsletter: missing action" in result.err
    assert "Traceback" not in result.err


def test_unknown_author_is_an_error_when_authors_yaml_exists(make_site):
    site = make_site({"authors.yaml": "- name: Mara Quist\n  role: Reporter\n",
                      "content/a.md": {"title": "A", "date": "2026-01-02", "author": "Mara Quits"}})
    result = run_main("build", "--site", site, "--now", "2026-06-01")
    assert result.code == 1
    assert ("content/a.md:4: author: 'Mara Quits' is not in authors.yaml (did you mean \"Mara Quist\"?)"
            in result.err)


def test_authors_yaml_mistakes_are_reported_with_their_line(make_site):
    site = make_site({"authors.yaml": "- name: A\n- nmae: B\n",
                      "content/a.md": {"title": "A", "date": "2026-01-02", "author": "A"}})
    result = run_main("build", "--site", site, "--now", "2026-06-01")
    assert result.code == 1
    assert "authors.yaml:2: nmae: unknown key (did you mean \"name\"?)" in result.err


def test_invalid_corrections_and_expiry_are_errors_with_lines(make_site):
    site = make_site({"content/a.md": "---\ntitle: A\ndate: 2026-01-02\nexpires: 2025-01-01\n"
                                      "corrections: [{text: no date}]\n---\nBody\n"})
    result = run_main("build", "--site", site, "--now", "2026-06-01")
    assert result.code == 1
    assert "content/a.md:4: expires: must be after `date`" in result.err
    assert "content/a.md:5: corrections: each correction needs `date` and `text`" in result.err
