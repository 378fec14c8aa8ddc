"""The one build record: its comparison says "unchanged", "bodies" or "plan" from the inputs alone, whenever
the next build runs, for the command line and the dev server alike."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from newsgen.build import BuildOptions, BuildReport, BuildState, build
from newsgen.incremental import build_record, record_rows
from newsgen.incremental.build_record import Found
from newsgen.output.generations import load_state

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def article(n: int, body: str = "") -> str:
    """An article file; `body` goes at the end (the first paragraph is the summary, which listings show)."""
    return (f"---\ntitle: 'Story {n}'\ndate: 2026-11-{10 + n}T09:00:00+01:00\nsection: World\ntags: [alpha]\n"
            f"---\nBody of story {n}.\n\n## Background\n\nMore text. {body}\n")


def make_site(root: Path) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "site.yaml").write_text("title: Record Times\nbase_url: https://example.org/news/\ntimezone: UTC\n")
    for n in range(3):
        (site / "content" / f"story-{n}.md").write_text(article(n))
    (site / "static" / "extra.css").write_text("body { color: black; }\n")  # changed just now: "racy"
    return site


def rebuild(site: Path, state: BuildState | None = None) -> BuildReport:
    return build(BuildOptions(site_dir=site, now=NOW, output=site.parent / "out", jobs=1, progress=False), state)


def record_of(site: Path):  # type: ignore[no-untyped-def]
    slot = record_rows.record_slot(site / ".newsgen-cache", (site.parent / "out").resolve())
    return record_rows.load_record(slot)


def test_a_static_file_changed_just_before_a_build_does_not_make_the_next_one_full(tmp_path):
    site = make_site(tmp_path)
    assert rebuild(site).route == "full"
    record = record_of(site)
    assert record is not None and str(site / "static" / "extra.css") in record.racy
    # The same inputs: nothing to do, however soon the next build runs (the racy file's bytes are compared).
    assert rebuild(site).route == "unchanged"


def test_the_verdict_does_not_depend_on_when_the_next_build_runs(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    rebuild(site)
    path = site / "content" / "story-1.md"
    path.write_text(article(1, "An added sentence."))
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3600)  # as if the machine were slow: an hour later
    assert rebuild(site).route == "bodies"
    assert rebuild(site).route == "unchanged"


def test_a_racy_static_file_whose_bytes_changed_means_a_plan(tmp_path):
    site = make_site(tmp_path)
    rebuild(site)
    record = record_of(site)
    out = (site.parent / "out").resolve()
    live = load_state(out)
    found = Found(frame=record.frame, key=record.key, sources=(), output_dir=out, files=list(live.live),
                  live_inode=live.live_inode)
    assert build_record.compare(record, found, NOW) is build_record.UNCHANGED
    # Same size, and (on a file system with coarse timestamps) the same stat: only the bytes tell.
    (site / "static" / "extra.css").write_text("body { color: purple }\n")
    assert build_record.compare(record, found, NOW) is build_record.PLAN
    assert rebuild(site).route == "full"
    assert (out / "extra.css").read_text() == "body { color: purple }\n"


def test_the_record_says_which_outputs_carry_each_article_in_full(tmp_path):
    site = make_site(tmp_path)
    rebuild(site)
    record = record_of(site)
    known = record.sources["content/story-1.md"]
    assert known.page == "2026/11/11/story-1/index.html"
    assert known.page in known.outputs and "feed.xml" in known.outputs
    assert record.sources.keys() == {f"content/story-{n}.md" for n in range(3)}


def test_the_dev_server_keeps_its_record_and_reads_only_the_head_again(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    state = BuildState()
    rebuild(site, state)
    kept = state.record
    assert kept is not None
    calls = []
    original = record_rows._sources
    monkeypatch.setattr(record_rows, "_sources", lambda *a: calls.append(a) or original(*a))
    path = site / "content" / "story-2.md"
    path.write_text(article(2, "Saved in the editor."))
    assert rebuild(site, state).route == "bodies"
    assert calls == []  # the per-source rows came from memory
    assert state.record is not None and state.record.sources["content/story-2.md"] != kept.sources[
        "content/story-2.md"]
    # A build by another process in between: the head on disk is another, so the rows are read again.
    path.write_text(article(2, "Saved from the command line."))
    rebuild(site)
    calls.clear()
    path.write_text(article(2, "Saved in the editor again."))
    assert rebuild(site, state).route == "bodies"
    assert len(calls) == 1
