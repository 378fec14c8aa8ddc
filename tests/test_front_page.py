"""The front page an editor controls: `featured:` articles lead the home page, until their time if given."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import BASIC_CONFIG, read_tree, run_main

MakeSite = Callable[..., Path]

OLD = {"title": "Old harbour story", "date": "2026-11-01T09:00:00Z"}
MIDDLE = {"title": "Ferry timetable", "date": "2026-11-10T09:00:00Z"}
NEW = {"title": "Council meets", "date": "2026-11-20T09:00:00Z"}


def _headlines(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


def _lead(html: str) -> str:
    match = re.search(r'<article class="card lead">.*?<h2><a href="[^"]*">([^<]*)</a>', html, re.S)
    assert match, "no lead card on the home page"
    return match.group(1)


def _build(make_site: MakeSite, files: dict[str, Any], now: str = "2026-11-28T12:00",
           config: dict[str, Any] | None = None, *args: str) -> tuple[Path, str]:
    site = make_site(files, config=config or BASIC_CONFIG)
    run = run_main("build", "--site", site, "--now", now, "--jobs", "1", *args)
    assert run.code == 0, run.err
    return site, (site / "public" / "index.html").read_text()


def test_without_featured_articles_the_newest_leads(make_site: MakeSite) -> None:
    _, home = _build(make_site, {"content/old.md": OLD, "content/middle.md": MIDDLE, "content/new.md": NEW})
    assert _headlines(home) == ["Council meets", "Ferry timetable", "Old harbour story"]
    assert _lead(home) == "Council meets"


def test_featured_true_puts_an_older_article_at_the_top(make_site: MakeSite) -> None:
    _, home = _build(make_site, {"content/old.md": {**OLD, "featured": True}, "content/middle.md": MIDDLE,
                                 "content/new.md": NEW})
    assert _headlines(home) == ["Old harbour story", "Council meets", "Ferry timetable"]
    assert _lead(home) == "Old harbour story"


def test_several_featured_articles_lead_newest_first(make_site: MakeSite) -> None:
    _, home = _build(make_site, {"content/old.md": {**OLD, "featured": True},
                                 "content/middle.md": {**MIDDLE, "featured": True}, "content/new.md": NEW})
    assert _headlines(home) == ["Ferry timetable", "Old harbour story", "Council meets"]


def test_featured_false_changes_nothing(make_site: MakeSite) -> None:
    _, home = _build(make_site, {"content/old.md": {**OLD, "featured": False}, "content/new.md": NEW})
    assert _headlines(home) == ["Council meets", "Old harbour story"]


def test_featured_until_a_time_leads_before_it(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00"}, "content/new.md": NEW}
    _, home = _build(make_site, files, "2026-12-03T17:59")
    assert _lead(home) == "Old harbour story"


def test_featured_until_a_time_stops_leading_once_it_passed(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00"}, "content/new.md": NEW}
    _, home = _build(make_site, files, "2026-12-03T18:00")
    assert _headlines(home) == ["Council meets", "Old harbour story"]


def test_featured_time_without_offset_is_in_the_site_timezone(make_site: MakeSite) -> None:
    config = {**BASIC_CONFIG, "timezone": "Europe/Berlin"}
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00"}, "content/new.md": NEW}
    # 18:00 in Berlin is 17:00 UTC: at 17:30 UTC it no longer leads, at 16:30 UTC it still does.
    _, before = _build(make_site, files, "2026-12-03T16:30:00+00:00", config)
    assert _lead(before) == "Old harbour story"
    _, after = _build(make_site, files, "2026-12-03T17:30:00+00:00", config)
    assert _lead(after) == "Council meets"


def test_featured_time_with_offset_is_exact(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00:00-05:00"}, "content/new.md": NEW}
    _, before = _build(make_site, files, "2026-12-03T22:59:00+00:00")
    assert _lead(before) == "Old harbour story"
    _, after = _build(make_site, files, "2026-12-03T23:00:00+00:00")
    assert _lead(after) == "Council meets"


def test_the_schedule_file_names_when_a_featured_article_stops_leading(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00"}, "content/new.md": NEW}
    site, _ = _build(make_site, files)
    schedule = json.loads((site / ".newsgen-schedule.json").read_text())
    assert schedule["next_unfeature"] == "2026-12-03T18:00:00+00:00"
    assert schedule["next_expiry"] == "2026-12-03T18:00:00+00:00"  # the moment CI must rebuild at


def test_a_featured_time_already_passed_is_not_scheduled(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-11-03T18:00"}, "content/new.md": NEW}
    site, _ = _build(make_site, files)
    schedule = json.loads((site / ".newsgen-schedule.json").read_text())
    assert schedule["next_unfeature"] is None and schedule["next_expiry"] is None


def test_a_featured_draft_never_leads_or_shows(make_site: MakeSite) -> None:
    _, home = _build(make_site, {"content/old.md": {**OLD, "featured": True, "draft": True},
                                 "content/new.md": NEW})
    assert _headlines(home) == ["Council meets"]


def test_a_featured_future_article_never_leads_or_shows(make_site: MakeSite) -> None:
    later = {"title": "Tomorrow's budget", "date": "2026-11-29T09:00:00Z", "featured": True}
    _, home = _build(make_site, {"content/later.md": later, "content/new.md": NEW})
    assert _headlines(home) == ["Council meets"]


def test_a_featured_expired_article_does_not_lead(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": True, "expires": "2026-11-05T00:00:00Z"},
             "content/new.md": NEW}
    _, home = _build(make_site, files)
    assert _headlines(home) == ["Council meets"]


def test_pagination_goes_on_after_the_featured_article_without_repeating_it(make_site: MakeSite) -> None:
    config = {**BASIC_CONFIG, "per_page": 2}
    site, home = _build(make_site, {"content/old.md": {**OLD, "featured": True}, "content/middle.md": MIDDLE,
                                    "content/new.md": NEW}, config=config)
    assert _headlines(home) == ["Old harbour story", "Council meets"]
    page2 = (site / "public" / "page" / "2" / "index.html").read_text()
    assert _headlines(page2) == ["Ferry timetable"]


def test_a_section_page_leads_with_its_own_featured_article(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": True, "section": "News", "tags": ["harbour"]},
             "content/new.md": {**NEW, "section": "News", "tags": ["harbour"]},
             "content/middle.md": {**MIDDLE, "section": "Sport", "tags": ["harbour"]}}
    site, home = _build(make_site, files)
    out = site / "public"
    news = (out / "news" / "index.html").read_text()
    assert _lead(news) == "Old harbour story" and _headlines(news) == ["Old harbour story", "Council meets"]
    # a section without a featured article of its own leads with its newest, as before
    assert _lead((out / "sport" / "index.html").read_text()) == "Ferry timetable"
    # tag pages and the section feed stay newest first
    assert _headlines((out / "tags" / "harbour" / "index.html").read_text()) == [
        "Council meets", "Ferry timetable", "Old harbour story"]
    feed = (out / "news" / "feed.xml").read_text()
    assert feed.index("Council meets") < feed.index("Old harbour story")


def test_a_section_article_featured_until_a_passed_time_leads_no_more(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-11-25T12:00", "section": "News"},
             "content/new.md": {**NEW, "section": "News"}}
    site, _ = _build(make_site, files, "2026-11-24T12:00")
    assert _lead((site / "public" / "news" / "index.html").read_text()) == "Old harbour story"
    run = run_main("build", "--site", site, "--now", "2026-11-26T12:00", "--jobs", "1")
    assert run.code == 0, run.err
    assert _lead((site / "public" / "news" / "index.html").read_text()) == "Council meets"
    clean = make_site(files, config=BASIC_CONFIG, name="clean")
    assert run_main("build", "--site", clean, "--now", "2026-11-26T12:00", "--jobs", "1").code == 0
    assert read_tree(site / "public") == read_tree(clean / "public")


def test_a_featured_value_that_is_not_a_time_is_an_error_with_its_line(make_site: MakeSite) -> None:
    site = make_site({"content/old.md": "---\ntitle: Old\ndate: 2026-11-01\nfeatured: soon\n---\nBody.\n"})
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 1
    assert "content/old.md:4: featured: expected true, false or a time" in run.err
    assert "found 'soon'" in run.err and "Traceback" not in run.err


def test_a_featured_number_is_an_error(make_site: MakeSite) -> None:
    site = make_site({"content/old.md": "---\ntitle: Old\ndate: 2026-11-01\nfeatured: 1\n---\nBody.\n"})
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 1 and "content/old.md:4: featured:" in run.err


def test_an_incremental_build_after_the_featured_time_equals_a_clean_one(make_site: MakeSite,
                                                                         tmp_path: Path) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00"}, "content/new.md": NEW}
    site, _ = _build(make_site, files, "2026-12-03T12:00")
    run = run_main("build", "--site", site, "--now", "2026-12-03T19:00", "--jobs", "1")
    assert run.code == 0, run.err
    clean = make_site(files, config=BASIC_CONFIG, name="clean")
    assert run_main("build", "--site", clean, "--now", "2026-12-03T19:00", "--jobs", "1").code == 0
    assert read_tree(site / "public") == read_tree(clean / "public")
    assert _lead((site / "public" / "index.html").read_text()) == "Council meets"


SECTIONED = {
    "content/n1.md": {"title": "News one", "date": "2026-11-20T09:00:00Z", "section": "News"},
    "content/n2.md": {"title": "News two", "date": "2026-11-21T09:00:00Z", "section": "News"},
    "content/n3.md": {"title": "News three", "date": "2026-11-22T09:00:00Z", "section": "News"},
    "content/s1.md": {"title": "Sport one", "date": "2026-11-19T09:00:00Z", "section": "Sport"},
    "content/o1.md": {"title": "Opinion one", "date": "2026-11-18T09:00:00Z", "section": "Opinion"},
}


def _blocks(html: str) -> list[tuple[str, list[str]]]:
    """(heading, headlines) of each section block of a page."""
    found = re.findall(r'<section class="home-block"[^>]*>\s*<h2 id="[^"]*"><a href="[^"]*">([^<]*)</a></h2>'
                       r'(.*?)</section>', html, re.S)
    return [(name, re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', body)) for name, body in found]


def test_home_sections_give_a_block_per_section_in_the_order_given(make_site: MakeSite) -> None:
    config = {**BASIC_CONFIG, "home": {"sections": ["Sport", "News"], "per_section": 2}}
    _, home = _build(make_site, SECTIONED, config=config)
    assert _blocks(home) == [("Sport", ["Sport one"]), ("News", ["News three", "News two"])]
    assert '<p class="more"><a href="/sport/">More from Sport</a></p>' in home


def test_home_blocks_default_to_four_articles(make_site: MakeSite) -> None:
    files = {f"content/n{i}.md": {"title": f"Story {i}", "date": f"2026-11-{10 + i}T09:00:00Z", "section": "News"}
             for i in range(6)}
    _, home = _build(make_site, files, config={**BASIC_CONFIG, "home": {"sections": ["News"]}})
    assert _blocks(home) == [("News", ["Story 5", "Story 4", "Story 3", "Story 2"])]


def test_home_blocks_are_on_page_one_only_and_page_two_stays_newest_first(make_site: MakeSite) -> None:
    config = {**BASIC_CONFIG, "per_page": 2, "home": {"sections": ["News"]}}
    site, home = _build(make_site, SECTIONED, config=config)
    assert [name for name, _ in _blocks(home)] == ["News"]
    page2 = (site / "public" / "page" / "2" / "index.html").read_text()
    assert _blocks(page2) == [] and _headlines(page2) == ["News one", "Sport one"]


def test_without_home_there_are_no_blocks(make_site: MakeSite) -> None:
    _, home = _build(make_site, SECTIONED)
    assert _blocks(home) == []


def test_home_section_names_match_whatever_the_spelling(make_site: MakeSite) -> None:
    _, home = _build(make_site, SECTIONED, config={**BASIC_CONFIG, "home": {"sections": ["sport"]}})
    assert _blocks(home) == [("Sport", ["Sport one"])]


def test_a_home_section_without_articles_is_an_error_at_its_line(make_site: MakeSite) -> None:
    site = make_site(SECTIONED, config="title: T\nbase_url: https://example.org/\nhome:\n  sections: [News, Sprot]\n")
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 1
    assert "site.yaml:3: home: sections: no published article is in the section 'Sprot'" in run.err
    assert "News, Opinion, Sport" in run.err


def test_bad_home_settings_are_all_reported(make_site: MakeSite) -> None:
    site = make_site(SECTIONED, config="title: T\nbase_url: https://example.org/\n"
                                       "home: {sections: News, per_section: 0, blocks: 2}\n")
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 1
    assert "site.yaml:3: home: unknown key 'blocks'" in run.err
    assert "site.yaml:3: home: sections: expected a list of section names" in run.err
    assert "site.yaml:3: home: per_section: expected a whole number from 1 to 50, found 0" in run.err


def test_a_section_listed_twice_in_home_is_an_error(make_site: MakeSite) -> None:
    site = make_site(SECTIONED, config="title: T\nbase_url: https://example.org/\nhome:\n  sections: [News, News]\n")
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 1 and "home: sections: News given twice" in run.err


def test_a_block_loses_an_article_moved_to_another_section_incrementally(make_site: MakeSite) -> None:
    config = {**BASIC_CONFIG, "home": {"sections": ["News", "Sport"]}}
    site, _ = _build(make_site, SECTIONED, config=config)
    moved = {**SECTIONED, "content/n3.md": {**SECTIONED["content/n3.md"], "section": "Sport"}}
    (site / "content" / "n3.md").write_text(
        "---\ntitle: News three\ndate: 2026-11-22T09:00:00Z\nsection: Sport\n---\nBody text of the article.\n")
    assert run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1").code == 0
    clean = make_site(moved, config=config, name="clean")
    assert run_main("build", "--site", clean, "--now", "2026-11-28T12:00", "--jobs", "1").code == 0
    assert read_tree(site / "public") == read_tree(clean / "public")
    assert _blocks((site / "public" / "index.html").read_text())[1] == ("Sport", ["News three", "Sport one"])


def test_a_front_page_with_featured_story_blocks_and_menus_passes_the_nu_checker(tmp_path: Path) -> None:
    from checkers.html import run_vnu
    from test_accessibility import build_front_page_site

    out = build_front_page_site(tmp_path / "site")
    home = (out / "index.html").read_text()
    assert _lead(home) == "Ferry returns to the harbour" and [n for n, _ in _blocks(home)] == ["Sport", "News"]
    assert run_vnu([out / "index.html", out / "sport" / "index.html", out / "tags" / "index.html"]) == []


def test_the_summary_says_a_feature_ends_next_not_that_an_article_expires(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00"}, "content/new.md": NEW}
    site = make_site(files, config=BASIC_CONFIG)
    build = ("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    for _ in range(2):  # a full build, then an unchanged one that reports from the build record
        run = run_main(*build)
        assert run.code == 0, run.err
        assert "; next featured article stops leading 2026-12-03T18:00:00+00:00" in run.out
        assert "expires" not in run.out


def test_the_summary_names_an_expiry_when_it_comes_before_a_feature_ends(make_site: MakeSite) -> None:
    files = {"content/old.md": {**OLD, "featured": "2026-12-03T18:00"},
             "content/new.md": {**NEW, "expires": "2026-12-01T08:00"}}
    site = make_site(files, config=BASIC_CONFIG)
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 0, run.err
    assert "; next article expires 2026-12-01T08:00:00+00:00" in run.out and "stops leading" not in run.out
