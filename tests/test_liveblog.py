"""Live blogs: updates newest first with anchors, LIVE and ended by the build's clock, nothing early."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import read_tree, run_main
from test_stories import fails, json_ld, of_type, page

MakeSite = Callable[..., Path]
CONFIG = {"title": "Live Times", "base_url": "https://example.org/news/", "timezone": "Europe/Berlin"}
BODY = """The storm reaches the coast today. **What we know** so far.

{{< update time="2026-12-01T08:30" title="Ferries cancelled" >}}
All sailings are off, says [the operator](https://ferry.example.com/).
{{< /update >}}

{{< update time="2026-12-01T09:15+00:00" >}}
Winds at 120 km/h at the point.
{{< /update >}}

{{< update time="2026-12-01T15:00" title="Harbour reopening secretly planned" >}}
Not yet to be seen.
{{< /update >}}
"""
FRONT = "---\ntitle: Storm live\ndate: 2026-12-01T07:00\nlive: true\nlive_until: 2026-12-01T20:00\n---\n"
PATH = "2026/12/01/storm"


def build_at(make_site: MakeSite, now: str, files: dict[str, Any] | None = None, name: str = "site") -> Path:
    site = make_site(files or {"content/storm.md": FRONT + BODY}, config=CONFIG, name=name)
    run = run_main("build", "--site", site, "--now", now, "--jobs", "1")
    assert run.code == 0, run.err
    return site


def _updates(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<article class="live-update" id="([^"]*)">\s*<p class="live-time"><a href="#\1">'
                      r'<time datetime="([^"]*)">', html)


def test_updates_are_shown_newest_first_with_anchor_time_and_permalink(make_site: MakeSite) -> None:
    out = build_at(make_site, "2026-12-01T12:00+01:00") / "public"
    html = page(out, PATH)
    # 09:15 UTC is 10:15 in Berlin: after the 08:30 (Berlin) update, so shown first.
    assert _updates(html) == [("update-20261201-1015", "2026-12-01T10:15:00+01:00"),
                              ("update-20261201-0830", "2026-12-01T08:30:00+01:00")]
    assert "<h3>Ferries cancelled</h3>" in html
    summary = html.index("<strong>What we know</strong>")
    assert summary < html.index('<section class="live-updates"')  # the pinned summary sits above the updates


def test_the_page_says_live_before_live_until_and_ended_after(make_site: MakeSite) -> None:
    live = page(build_at(make_site, "2026-12-01T12:00+01:00") / "public", PATH)
    assert '<p class="live-status">LIVE</p>' in live and "js/liveblog.js" in live
    ended = page(build_at(make_site, "2026-12-01T21:00+01:00", name="later") / "public", PATH)
    assert '<p class="live-status live-ended">Live coverage ended</p>' in ended and "LIVE<" not in ended
    assert "js/liveblog.js" not in ended  # nothing left to poll for


def test_a_future_update_is_published_nowhere_until_its_time(make_site: MakeSite) -> None:
    site = build_at(make_site, "2026-12-01T12:00+01:00")
    files = read_tree(site / "public")
    leaks = [rel for rel, data in files.items() if b"secretly planned" in data or b"Not yet to be seen" in data]
    assert leaks == []
    schedule = json.loads((site / ".newsgen-schedule.json").read_text())
    assert schedule["next_expiry"] == "2026-12-01T15:00:00+01:00"  # a rebuild then publishes it
    later = build_at(make_site, "2026-12-01T15:00+01:00", name="later")
    assert "<h3>Harbour reopening secretly planned</h3>" in page(later / "public", PATH)
    assert json.loads((later / ".newsgen-schedule.json").read_text())["next_expiry"] == "2026-12-01T20:00:00+01:00"


def test_live_blog_posting_json_ld_has_coverage_times_and_every_update(make_site: MakeSite) -> None:
    html = page(build_at(make_site, "2026-12-01T12:00+01:00") / "public", PATH)
    blog = of_type(html, "LiveBlogPosting")
    assert blog["coverageStartTime"] == "2026-12-01T07:00:00+01:00"
    assert blog["coverageEndTime"] == "2026-12-01T20:00:00+01:00"
    assert blog["dateModified"] == "2026-12-01T10:15:00+01:00"
    assert blog["liveBlogUpdate"] == [
        {"@type": "BlogPosting", "headline": "Winds at 120 km/h at the point.",
         "datePublished": "2026-12-01T10:15:00+01:00", "articleBody": "Winds at 120 km/h at the point.",
         "url": "https://example.org/news/2026/12/01/storm/#update-20261201-1015"},
        {"@type": "BlogPosting", "headline": "Ferries cancelled", "datePublished": "2026-12-01T08:30:00+01:00",
         "articleBody": "All sailings are off, says the operator.",
         "url": "https://example.org/news/2026/12/01/storm/#update-20261201-0830"}]
    assert "NewsArticle" not in [d["@type"] for d in json_ld(html)]


def test_the_newest_update_is_the_modified_time_of_feeds_and_sitemap(make_site: MakeSite) -> None:
    out = build_at(make_site, "2026-12-01T12:00+01:00") / "public"
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>https://example.org/news/{PATH}/</loc><lastmod>2026-12-01T10:15:00+01:00</lastmod>" in sitemap
    assert "<updated>2026-12-01T10:15:00+01:00</updated>" in (out / "atom.xml").read_text()
    feed = json.loads((out / "feed.json").read_text())
    assert feed["items"][0]["date_modified"] == "2026-12-01T10:15:00+01:00"
    assert '<meta property="article:modified_time" content="2026-12-01T10:15:00+01:00">' in page(out, PATH)


def test_updates_json_beside_the_page_lists_what_the_page_shows(make_site: MakeSite) -> None:
    out = build_at(make_site, "2026-12-01T12:00+01:00") / "public"
    data = json.loads((out / PATH / "updates.json").read_text())
    assert data == {"live": True, "count": 2, "updates": [
        {"id": "update-20261201-1015", "time": "2026-12-01T10:15:00+01:00", "title": "",
         "url": "https://example.org/news/2026/12/01/storm/#update-20261201-1015"},
        {"id": "update-20261201-0830", "time": "2026-12-01T08:30:00+01:00", "title": "Ferries cancelled",
         "url": "https://example.org/news/2026/12/01/storm/#update-20261201-0830"}]}
    html = page(out, PATH)
    assert 'data-updates="/news/2026/12/01/storm/updates.json" data-count="2"' in html
    assert "updates.json" not in (out / "sitemap.xml").read_text()


def test_two_updates_in_one_minute_get_their_own_anchors(make_site: MakeSite) -> None:
    body = ('{{< update time="2026-12-01T08:30" >}}First.{{< /update >}}\n\n'
            '{{< update time="2026-12-01T08:30" >}}Second.{{< /update >}}\n')
    out = build_at(make_site, "2026-12-01T12:00+01:00", {"content/storm.md": FRONT + body}) / "public"
    assert [a for a, _ in _updates(page(out, PATH))] == ["update-20261201-0830-2", "update-20261201-0830"]


def test_live_blog_mistakes_are_errors_at_their_lines(make_site: MakeSite) -> None:
    bad_time = FRONT + 'Summary.\n\n{{< update time="soon" >}}\nText.\n{{< /update >}}\n'
    no_live = "---\ntitle: Not live\ndate: 2026-12-01\n---\n{{< update time=\"2026-12-01T08:00\" >}}x{{< /update >}}\n"
    until_alone = "---\ntitle: Until\ndate: 2026-12-01\nlive_until: 2026-12-02\n---\nBody.\n"
    early = "---\ntitle: Early\ndate: 2026-12-01\nlive: true\nlive_until: 2026-11-30\n---\nBody.\n"
    unclosed = FRONT + '{{< update time="2026-12-01T08:00" >}}\nText.\n'
    err = fails(make_site, {"content/a.md": bad_time, "content/b.md": no_live, "content/c.md": until_alone,
                            "content/d.md": early, "content/e.md": unclosed})
    assert "content/a.md:9: shortcode {{< update >}}: time: " in err
    assert "content/b.md:1: live: the body has {{< update >}} shortcodes, which only a live blog shows" in err
    assert "content/c.md:4: live_until: is only for a live blog: add `live: true`" in err
    assert "content/d.md:5: live_until: must be after `date`" in err
    assert "content/e.md:7: shortcode {{< update >}} is not closed" in err
    assert "content/a.md:1" not in err.replace("content/a.md:9", "")


def test_a_live_blog_without_live_until_stays_live(make_site: MakeSite) -> None:
    front = "---\ntitle: Storm live\ndate: 2026-12-01T07:00\nlive: true\n---\n"
    out = build_at(make_site, "2027-06-01T12:00+01:00", {"content/storm.md": front + BODY}) / "public"
    html = page(out, PATH)
    assert '<p class="live-status">LIVE</p>' in html
    assert "coverageEndTime" not in of_type(html, "LiveBlogPosting")
    assert len(_updates(html)) == 3


def test_builds_as_the_clock_passes_an_update_and_the_end_equal_clean_builds(make_site: MakeSite) -> None:
    site = build_at(make_site, "2026-12-01T12:00+01:00")
    for now in ("2026-12-01T15:30+01:00", "2026-12-01T20:30+01:00"):
        run = run_main("build", "--site", site, "--now", now, "--jobs", "1")
        assert run.code == 0, run.err
        clean = build_at(make_site, now, name=f"clean-{now[11:13]}")
        assert read_tree(site / "public") == read_tree(clean / "public"), now
    assert "Live coverage ended" in page(site / "public", PATH)


def test_an_edited_update_rebuilds_the_page_as_a_clean_build_would(make_site: MakeSite) -> None:
    site = build_at(make_site, "2026-12-01T12:00+01:00")
    story = site / "content" / "storm.md"
    story.write_text(story.read_text().replace("Winds at 120 km/h", "Winds at 130 km/h"))
    assert run_main("build", "--site", site, "--now", "2026-12-01T12:00+01:00", "--jobs", "1").code == 0
    clean = build_at(make_site, "2026-12-01T12:00+01:00", {"content/storm.md": story.read_text()}, name="clean")
    assert read_tree(site / "public") == read_tree(clean / "public")
    assert "Winds at 130 km/h" in page(site / "public", PATH)


@pytest.mark.validator
def test_an_ended_live_blog_one_without_updates_and_a_fact_check_pass_the_nu_checker(make_site: MakeSite) -> None:
    from checkers.html import run_vnu

    claim = {"text": "Fares doubled.", "claimant": "Ann Critic", "date": "2026-11-20", "rating": "false",
             "url": "https://example.com/said"}
    files = {"content/storm.md": FRONT + BODY,
             "content/quiet.md": "---\ntitle: Quiet live\ndate: 2026-12-01T06:00\nlive: true\n---\nNothing yet.\n",
             "content/fc.md": {"title": "Checked", "date": "2026-12-01T05:00:00+01:00", "claim": claim,
                               "series": "Checks", "type": "factcheck"}}
    out = build_at(make_site, "2026-12-01T21:00+01:00", files) / "public"
    assert "No updates yet." in page(out, "2026/12/01/quiet")
    assert run_vnu([out / PATH / "index.html", out / "2026/12/01/quiet/index.html",
                    out / "2026/12/01/fc/index.html", out / "series/checks/index.html"]) == []


def test_the_dev_servers_kept_plan_follows_the_clock_and_never_shows_an_early_update(make_site: MakeSite) -> None:
    import datetime as dt

    from newsgen.build import BuildOptions, BuildState, build

    site = make_site({"content/storm.md": FRONT + BODY}, config=CONFIG)
    out, state = site / "public", BuildState()
    noon = dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.timezone.utc)
    build(BuildOptions(site_dir=site, now=noon, output=out, jobs=1, progress=False), state)
    story = site / "content" / "storm.md"
    story.write_text(story.read_text().replace("What we know", "What we know now"))  # a summary edit
    build(BuildOptions(site_dir=site, now=noon, output=out, jobs=1, progress=False), state)
    assert [rel for rel, data in read_tree(out).items() if b"secretly planned" in data] == []
    later = noon + dt.timedelta(hours=3)  # 15:00 in Berlin: the third update is due
    build(BuildOptions(site_dir=site, now=later, output=out, jobs=1, progress=False), state)
    clean = make_site({"content/storm.md": story.read_text()}, config=CONFIG, name="clean")
    build(BuildOptions(site_dir=clean, now=later, output=clean / "public", use_cache=False, jobs=1, progress=False))
    assert read_tree(out) == read_tree(clean / "public")
    assert "<h3>Harbour reopening secretly planned</h3>" in page(out, PATH)
