"""Story formats: article types, fact-checks and series, as a reader and a search engine see them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASIC_CONFIG, run_main

MakeSite = Callable[..., Path]
NOW = "2026-11-28T12:00"
SUBPATH = {**BASIC_CONFIG, "base_url": "https://example.org/news/"}


def build(make_site: MakeSite, files: dict[str, Any], config: dict[str, Any] | None = None,
          now: str = NOW) -> Path:
    """The site built at `now`; its output folder."""
    site = make_site(files, config=config or BASIC_CONFIG)
    run = run_main("build", "--site", site, "--now", now, "--jobs", "1")
    assert run.code == 0, run.err
    return site / "public"


def fails(make_site: MakeSite, files: dict[str, Any], config: dict[str, Any] | None = None) -> str:
    """The error output of a build that must fail (exit 1, no traceback)."""
    site = make_site(files, config=config or BASIC_CONFIG)
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert run.code == 1, run.out
    assert "Traceback" not in run.err
    return run.err


def json_ld(html: str) -> list[dict[str, Any]]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def of_type(html: str, kind: str) -> dict[str, Any]:
    found = [d for d in json_ld(html) if d["@type"] == kind]
    assert len(found) == 1, [d["@type"] for d in json_ld(html)]
    return found[0]


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def story(title: str, date: str = "2026-11-20T09:00:00Z", **front: Any) -> dict[str, Any]:
    return {"title": title, "date": date, "author": "Ann Lee", **front}


# --- article types ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "label", "schema"), [
    ("opinion", "Opinion", "OpinionNewsArticle"), ("analysis", "Analysis", "AnalysisNewsArticle"),
    ("review", "Review", "ReviewNewsArticle"), ("sponsored", "Sponsored content", "AdvertiserContentArticle")])
def test_an_article_type_shows_its_label_and_sets_the_schema_type(make_site: MakeSite, kind: str, label: str,
                                                                   schema: str) -> None:
    out = build(make_site, {"content/a.md": story("A piece of another kind", type=kind)})
    html = page(out, "2026/11/20/a")
    assert f'<p class="story-type story-type-{kind}">{label}</p>' in html
    assert of_type(html, schema)["headline"] == "A piece of another kind"
    assert f'<p class="story-type story-type-{kind}">{label}</p>' in page(out, "")  # on its card too


def test_a_news_article_has_no_label_and_stays_a_news_article(make_site: MakeSite) -> None:
    out = build(make_site, {"content/a.md": story("Plain news story")})
    html = page(out, "2026/11/20/a")
    assert 'class="story-type' not in html
    assert of_type(html, "NewsArticle")["headline"] == "Plain news story"


def test_an_unknown_type_is_an_error_at_its_line(make_site: MakeSite) -> None:
    err = fails(make_site, {"content/a.md": "---\ntitle: A\ndate: 2026-11-20\ntype: editorial\n---\nBody.\n"})
    assert "content/a.md:4: type: unknown article type 'editorial': use one of news, opinion" in err


def test_sponsored_content_marks_links_to_other_sites_sponsored(make_site: MakeSite) -> None:
    body = ("Visit [the café](https://cafe.example.com/menu) and <a href=\"https://shop.example.net/\" "
            "rel=\"nofollow\">the shop</a>, or read [our guide](/tags/) and [this](https://example.org/news/x/).\n")
    files = {"content/ad.md": "---\ntitle: Paid for\ndate: 2026-11-20\ntype: sponsored\n---\n" + body,
             "content/news.md": "---\ntitle: Not paid for\ndate: 2026-11-19\n---\n" + body}
    out = build(make_site, files, SUBPATH)
    ad = page(out, "2026/11/20/ad")
    assert '<a rel="sponsored" href="https://cafe.example.com/menu">' in ad
    assert '<a href="https://shop.example.net/" rel="nofollow sponsored">' in ad
    assert '<a href="/news/tags/">' in ad and '<a href="https://example.org/news/x/">' in ad  # the site's own
    assert 'sponsored"' not in page(out, "2026/11/19/news").split('<div class="story-body">')[1].split("</div>")[0]


def test_news_sitemap_exclude_types_keeps_opinion_out_of_the_news_sitemap_only(make_site: MakeSite) -> None:
    files = {"content/op.md": story("Our view on the ferry", "2026-11-28T08:00:00Z", type="opinion"),
             "content/news.md": story("Ferry runs again", "2026-11-28T07:00:00Z")}
    config = {**BASIC_CONFIG, "news_sitemap": {"exclude_types": ["opinion"]}}
    out = build(make_site, files, config)
    news = (out / "news-sitemap.xml").read_text()
    assert "2026/11/28/news/" in news and "2026/11/28/op/" not in news
    assert "2026/11/28/op/" in (out / "sitemap.xml").read_text() and "Our view on the ferry" in (
        out / "feed.xml").read_text()
    default = build(make_site, files, BASIC_CONFIG, )
    assert "2026/11/28/op/" in (default / "news-sitemap.xml").read_text()


def test_news_sitemap_settings_are_checked_with_their_line(make_site: MakeSite) -> None:
    config = "title: T\nbase_url: https://example.org/\nnews_sitemap:\n  exclude_types: [opinon]\n  types: x\n"
    err = fails(make_site, {"content/a.md": story("A story")}, config)
    assert "site.yaml:3: news_sitemap: exclude_types: 'opinon' is not an article type (did you mean" in err
    assert "site.yaml:3: news_sitemap: unknown key 'types'; known: exclude_types" in err


# --- fact-checks -----------------------------------------------------------------------------------------

CLAIM = {"text": "Ferry fares have doubled since January.", "claimant": "Councillor Petra Lind",
         "date": "2026-11-19", "rating": "mostly-false", "url": "https://council.example.org/meeting/"}


def test_a_fact_check_has_a_claim_review_with_every_required_property(make_site: MakeSite) -> None:
    out = build(make_site, {"content/fc.md": story("Did fares double?", claim=CLAIM)},
                {**BASIC_CONFIG, "timezone": "Europe/Berlin"})
    html = page(out, "2026/11/20/fc")
    review = of_type(html, "ClaimReview")
    assert review["claimReviewed"] == "Ferry fares have doubled since January."
    assert review["url"] == "https://example.org/2026/11/20/fc/"
    assert review["datePublished"] == "2026-11-20T10:00:00+01:00"
    assert review["author"]["@type"] == "Organization" and review["author"]["name"] == "Test Times"
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 3, "bestRating": 6, "worstRating": 1,
                                      "alternateName": "Mostly false"}
    assert review["itemReviewed"] == {
        "@type": "Claim", "author": {"@type": "Person", "name": "Councillor Petra Lind"},
        "datePublished": "2026-11-19T00:00:00+01:00",
        "appearance": {"@type": "CreativeWork", "url": "https://council.example.org/meeting/"}}
    assert of_type(html, "NewsArticle")["headline"] == "Did fares double?"  # a fact-check stays a NewsArticle


def test_a_fact_check_shows_its_rating_box_and_label(make_site: MakeSite) -> None:
    out = build(make_site, {"content/fc.md": story("Did fares double?", type="factcheck", claim=CLAIM)})
    html = page(out, "2026/11/20/fc")
    box = html[html.index('<aside class="factcheck factcheck-mostly-false"'):html.index("</aside>")]
    assert "<blockquote><p>Ferry fares have doubled since January.</p></blockquote>" in box
    assert "Councillor Petra Lind" in box and '<a href="https://council.example.org/meeting/">' in box
    assert "Our rating: <strong>Mostly false</strong>" in box
    assert '<p class="story-type story-type-factcheck">Fact check</p>' in html


@pytest.mark.parametrize(("rating", "value", "name"), [(1, 1, "Pants on fire"), ("True", 6, "True"),
                                                       ("half true", 4, "Half true"), (5, 5, "Mostly true"),
                                                       # `rating: false` unquoted, which YAML reads as a boolean
                                                       (False, 2, "False"), (True, 6, "True")])
def test_a_rating_is_a_name_or_its_number_on_the_scale(make_site: MakeSite, rating: Any, value: int,
                                                       name: str) -> None:
    out = build(make_site, {"content/fc.md": story("Checked", claim={**CLAIM, "rating": rating})})
    assert of_type(page(out, "2026/11/20/fc"), "ClaimReview")["reviewRating"]["ratingValue"] == value
    assert f"Our rating: <strong>{name}</strong>" in page(out, "2026/11/20/fc")


def test_a_claim_missing_required_fields_is_an_error_at_its_line(make_site: MakeSite) -> None:
    text = ("---\ntitle: Checked\ndate: 2026-11-20\nclaim:\n  text: Fares doubled.\n  rating: wrongish\n"
            "  url: council minutes\n---\nBody.\n")
    err = fails(make_site, {"content/fc.md": text})
    assert "content/fc.md:4: claim: required keys are missing: claimant, date (a ClaimReview needs every one)" in err
    assert "content/fc.md:4: claim: rating: expected one of pants-on-fire, false, mostly-false" in err
    assert "content/fc.md:4: claim: url: expected the absolute http(s) address" in err


def test_a_fact_check_without_a_claim_and_a_claim_on_an_opinion_are_errors(make_site: MakeSite) -> None:
    err = fails(make_site, {"content/a.md": story("Checked", type="factcheck"),
                            "content/b.md": story("Opinion", type="opinion", claim=CLAIM)})
    assert "content/a.md:5: type: a fact-check needs the `claim:` it reviews" in err
    assert "content/b.md:6: claim: only a fact-check has a `claim:`" in err


# --- series ----------------------------------------------------------------------------------------------

def _part(n: int, **front: Any) -> dict[str, Any]:
    return story(f"Harbour part {n} headline", f"2026-11-{10 + n}T09:00:00Z", series="Harbour in crisis",
                 series_part=n, **front)


def test_each_part_shows_part_n_of_m_and_links_the_others_in_order(make_site: MakeSite) -> None:
    out = build(make_site, {"content/p3.md": _part(3), "content/p1.md": _part(1), "content/p2.md": _part(2)},
                SUBPATH)
    html = page(out, "2026/11/12/p2")
    box = html[html.index('<nav class="series-box"'):html.index("</nav>", html.index('<nav class="series-box"'))]
    assert '<a href="/news/series/harbour-in-crisis/">Harbour in crisis</a>' in box
    assert '<p class="series-part">Part 2 of 3</p>' in box
    assert re.findall(r"<li>(.*?)</li>", box) == [
        '<a href="/news/2026/11/11/p1/">Harbour part 1 headline</a>',
        '<span aria-current="page">Harbour part 2 headline</span>',
        '<a href="/news/2026/11/13/p3/">Harbour part 3 headline</a>']
    assert '<p class="series-part">Part 3 of 3</p>' in page(out, "2026/11/13/p3")


def test_the_series_page_lists_the_parts_is_in_the_sitemap_and_in_no_feed(make_site: MakeSite) -> None:
    out = build(make_site, {"content/p1.md": _part(1), "content/p2.md": _part(2)}, SUBPATH)
    html = page(out, "series/harbour-in-crisis")
    assert "<h1>Harbour in crisis</h1>" in html
    assert re.findall(r'<h2><a href="([^"]*)">', html) == ["/news/2026/11/11/p1/", "/news/2026/11/12/p2/"]
    assert "<loc>https://example.org/news/series/harbour-in-crisis/</loc>" in (out / "sitemap.xml").read_text()
    for feed in ("feed.xml", "atom.xml", "feed.json"):
        assert "series/harbour-in-crisis" not in (out / feed).read_text()


def test_a_part_is_part_of_a_creative_work_series_in_json_ld(make_site: MakeSite) -> None:
    out = build(make_site, {"content/p1.md": _part(1), "content/p2.md": _part(2)})
    news = of_type(page(out, "2026/11/12/p2"), "NewsArticle")
    assert news["isPartOf"] == {"@type": "CreativeWorkSeries", "name": "Harbour in crisis",
                                "url": "https://example.org/series/harbour-in-crisis/"}
    assert news["position"] == 2


def test_draft_and_future_parts_are_neither_counted_nor_listed(make_site: MakeSite) -> None:
    files = {"content/p1.md": _part(1), "content/p2.md": _part(2, draft=True),
             "content/p3.md": {**_part(3), "date": "2026-12-20T09:00:00Z"}}
    out = build(make_site, files)
    html = page(out, "2026/11/11/p1")
    assert '<p class="series-part">Part 1 of 1</p>' in html
    for path in ("2026/11/11/p1", "series/harbour-in-crisis"):
        assert "part 2" not in page(out, path) and "part 3" not in page(out, path)
        assert "/p2/" not in page(out, path) and "/p3/" not in page(out, path)


def test_parts_without_numbers_follow_the_numbered_ones_oldest_first(make_site: MakeSite) -> None:
    files = {"content/a.md": story("Epilogue later", "2026-11-02T09:00:00Z", series="Harbour"),
             "content/b.md": story("Epilogue earlier", "2026-11-01T09:00:00Z", series="Harbour"),
             "content/c.md": story("Opening", "2026-11-20T09:00:00Z", series="Harbour", series_part=1)}
    html = page(build(make_site, files), "series/harbour")
    assert re.findall(r'<h2><a href="[^"]*">([^<]*)</a>', html) == ["Opening", "Epilogue earlier", "Epilogue later"]


def test_two_articles_with_one_part_and_a_part_without_a_series_are_errors(make_site: MakeSite) -> None:
    err = fails(make_site, {"content/p1.md": _part(1), "content/q1.md": _part(1),
                            "content/z.md": "---\ntitle: Z\ndate: 2026-11-20\nseries_part: 2\n---\nBody.\n"})
    assert ("content/q1.md:6: series_part: part 1 of the series 'Harbour in crisis' is content/p1.md too: "
            "give each part its own number") in err
    assert "content/z.md:4: series_part: names a part of no series: add `series:" in err


def test_a_bad_series_part_is_an_error(make_site: MakeSite) -> None:
    err = fails(make_site, {"content/p.md": {**_part(1), "series_part": "two"}})
    assert "content/p.md:6: series_part: expected a whole number from 1" in err
