"""feeds: RSS 2.0 and Atom 1.0 that pass the spec checkers, with absolute URLs under the base path."""

from __future__ import annotations

import datetime as dt

import pytest
from checkers.feeds import check_atom, check_rss
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from newsgen.content.parse import parse_article
from newsgen.core.config import parse_config
from newsgen.core.models import SourceFile
from newsgen.render.feeds import render_atom, render_rss
from newsgen.site.assemble import Rules, assemble_site
from newsgen.site.plan import OutputSpec, plan_outputs

BASE = "https://example.org/news/"
CONFIG = parse_config({"title": "Harbour & Coast", "base_url": BASE, "timezone": "Europe/Amsterdam",
                       "description": "News <from> the coast"}, {})
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}creator"

ARTICLES = {
    "content/2026-11-20-ferry.md": """---
title: Ferry <fares> & times
date: 2026-11-20 08:30
updated: 2026-11-21T10:00:00+01:00
tags: [transport, Harbour]
author: [Mara Quist, Dev Castellan]
summary: Fares rise & times change.
photo: /images/ferry.svg
photo_alt: A "white" ferry
---
See [the map](/images/map.svg), [the timetable](timetable/) and [notes](#notes).

## Notes
""",
    "content/2026-11-26-museum.md": """---
title: Museum opens
date: 2026-11-26T11:00:00+01:00
tags: harbour
---
Figureheads on show.
""",
    "content/2026-11-27-draft.md": """---
title: Secret draft
date: 2026-11-27
draft: true
tags: harbour
---
Not yet.
""",
}


def specs() -> dict[str, OutputSpec]:
    articles = [parse_article(SourceFile(rel=rel, data=text.encode(), digest="0"), CONFIG).article
                for rel, text in ARTICLES.items()]
    site, problems = assemble_site(articles, Rules(now=NOW))
    assert problems == []
    planned, plan_problems = plan_outputs(site, CONFIG, NOW)
    assert plan_problems == []
    return {s.file: s for s in planned}


@pytest.fixture(scope="module")
def rss() -> bytes:
    return render_rss(specs()["feed.xml"], CONFIG, NOW)


@pytest.fixture(scope="module")
def atom() -> bytes:
    return render_atom(specs()["atom.xml"], CONFIG, NOW)


def test_rss_passes_the_rss_checker(rss: bytes) -> None:
    assert check_rss(rss, base_url=BASE) == []


def test_atom_passes_the_atom_checker(atom: bytes) -> None:
    assert check_atom(atom, base_url=BASE) == []


def test_tag_feed_passes_the_rss_checker_and_names_its_tag() -> None:
    data = render_rss(specs()["tags/harbour/feed.xml"], CONFIG, NOW)
    assert check_rss(data, base_url=BASE) == []
    channel = etree.fromstring(data).find("channel")
    assert channel.findtext("title") == "Harbour & Coast: Harbour"  # one each: alphabetical tie-break
    assert channel.findtext("link") == "https://example.org/news/tags/harbour/"
    assert channel.find(f"{ATOM}link").get("href") == "https://example.org/news/tags/harbour/feed.xml"
    assert len(channel.findall("item")) == 2


def test_rss_lists_published_articles_newest_first_without_drafts(rss: bytes) -> None:
    items = etree.fromstring(rss).find("channel").findall("item")
    assert [i.findtext("title") for i in items] == ["Museum opens", "Ferry <fares> & times"]
    assert b"Secret draft" not in rss


def test_rss_item_has_absolute_link_guid_and_rfc822_date(rss: bytes) -> None:
    item = etree.fromstring(rss).find("channel").findall("item")[1]
    assert item.findtext("link") == "https://example.org/news/2026/11/20/ferry/"
    assert item.findtext("guid") == "https://example.org/news/2026/11/20/ferry/"
    assert item.find("guid").get("isPermaLink") == "true"
    assert item.findtext("pubDate") == "Fri, 20 Nov 2026 08:30:00 +0100"
    assert item.findtext("description") == "Fares rise & times change."
    assert [c.text for c in item.findall(DC)] == ["Mara Quist", "Dev Castellan"]
    assert [c.text for c in item.findall("category")] == ["transport", "Harbour"]


def test_rss_channel_describes_the_site_and_links_to_itself(rss: bytes) -> None:
    channel = etree.fromstring(rss).find("channel")
    assert channel.findtext("title") == "Harbour & Coast"
    assert channel.findtext("description") == "News <from> the coast"
    assert channel.findtext("link") == BASE
    assert channel.findtext("language") == "en"
    self_link = channel.find(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", "https://example.org/news/feed.xml")


def test_rss_last_build_date_is_the_newest_change_not_the_clock(rss: bytes) -> None:
    # Unchanged content must give unchanged feed bytes, whenever the build runs.
    assert etree.fromstring(rss).find("channel").findtext("lastBuildDate") == "Thu, 26 Nov 2026 11:00:00 +0100"


def test_feed_content_makes_every_url_absolute_under_the_base_path(rss: bytes) -> None:
    html = etree.fromstring(rss).find("channel").findall("item")[1].findtext(CONTENT)
    assert '<img src="https://example.org/news/images/ferry.svg" alt="A &quot;white&quot; ferry">' in html
    assert 'href="https://example.org/news/images/map.svg"' in html
    assert 'href="https://example.org/news/2026/11/20/ferry/timetable/"' in html
    assert 'href="https://example.org/news/2026/11/20/ferry/#notes"' in html
    assert 'href="/' not in html and 'src="/' not in html


def test_atom_entries_have_ids_rfc3339_dates_authors_and_categories(atom: bytes) -> None:
    entries = etree.fromstring(atom).findall(f"{ATOM}entry")
    ferry = entries[1]
    assert ferry.findtext(f"{ATOM}id") == "https://example.org/news/2026/11/20/ferry/"
    assert ferry.findtext(f"{ATOM}title") == "Ferry <fares> & times"
    assert ferry.findtext(f"{ATOM}published") == "2026-11-20T08:30:00+01:00"
    assert ferry.findtext(f"{ATOM}updated") == "2026-11-21T10:00:00+01:00"
    assert [a.findtext(f"{ATOM}name") for a in ferry.findall(f"{ATOM}author")] == ["Mara Quist", "Dev Castellan"]
    assert [(c.get("term"), c.get("label")) for c in ferry.findall(f"{ATOM}category")] == [
        ("transport", "transport"), ("harbour", "Harbour")]
    assert ferry.find(f"{ATOM}content").get("type") == "html"


def test_atom_feed_has_self_link_updated_and_a_feed_author(atom: bytes) -> None:
    feed = etree.fromstring(atom)
    assert feed.findtext(f"{ATOM}id") == BASE
    assert feed.findtext(f"{ATOM}updated") == "2026-11-26T11:00:00+01:00"
    links = {l.get("rel"): l.get("href") for l in feed.findall(f"{ATOM}link")}
    assert links == {"self": "https://example.org/news/atom.xml", "alternate": BASE}
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Harbour & Coast"


def test_feeds_are_deterministic_for_the_same_input() -> None:
    assert render_rss(specs()["feed.xml"], CONFIG, NOW) == render_rss(specs()["feed.xml"], CONFIG, NOW)
    later = NOW + dt.timedelta(days=3)
    assert render_atom(specs()["atom.xml"], CONFIG, NOW) == render_atom(specs()["atom.xml"], CONFIG, later)


def test_feeds_drop_characters_xml_cannot_hold() -> None:
    config = parse_config({"title": "Bell\x07 News", "base_url": BASE}, {})
    article = parse_article(SourceFile(rel="content/2026-11-20-x.md", digest="0",
                                       data=b"---\ntitle: \"Tab\\vbed\"\ndate: 2026-11-20\n---\nBody\n"), config).article
    site, _ = assemble_site([article], Rules(now=NOW))
    planned = {s.file: s for s in plan_outputs(site, config, NOW)[0]}
    for data in (render_rss(planned["feed.xml"], config, NOW), render_atom(planned["atom.xml"], config, NOW)):
        assert etree.fromstring(data) is not None
        assert b"Tabbed" in data and b"Bell News" in data


@given(st.text(), st.dictionaries(st.sampled_from(['"', "'", "\n", "x"]), st.sampled_from(["&quot;", "&#39;", "?"])))
def test_feed_escaping_is_the_standard_librarys_byte_for_byte(text: str, entities: dict[str, str]) -> None:
    # Feeds were written with xml.sax.saxutils; its replacement must not change a published byte.
    from xml.sax import saxutils

    from newsgen.render import xmltext

    assert xmltext.escape(text) == saxutils.escape(text)
    assert xmltext.escape(text, entities) == saxutils.escape(text, entities)
    assert xmltext.quoteattr(text) == saxutils.quoteattr(text)
