"""The one build record: its comparison says "unchanged", "bodies" or "plan" from the inputs alone, whenever
the next build runs, for the command line and the dev server alike."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgen.build import BuildOptions, BuildReport, BuildState, build, pool
from newsgen.content import sources
from newsgen.core.errors import BuildFailed
from newsgen.incremental import build_record, record_rows
from newsgen.incremental.build_record import Found
from newsgen.incremental.store import DB_NAME
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


def _settle(site: Path) -> None:
    """Give every source file a time an hour ago: no longer "racy", so its stat alone can be trusted."""
    past = time.time() - 3600
    for path in (site / "content").rglob("*"):
        os.utime(path, (past, past))
    time.sleep(sources.RACY_SECONDS + 0.1)  # setting the times is a change too (ctime): let it settle


def test_a_no_change_build_reads_no_source_and_no_per_source_row(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    (site / "content" / "notes.txt").write_text("not an article\n")
    _settle(site)
    assert rebuild(site).route == "full"
    rows, reads = [], []
    original = record_rows._sources
    monkeypatch.setattr(record_rows, "_sources", lambda *a: rows.append(a) or original(*a))
    monkeypatch.setattr(sources._Walk, "article", lambda *a: reads.append(a))
    report = rebuild(site)
    assert (report.route, report.written, rows, reads) == ("unchanged", 0, [], [])


def test_a_touched_source_is_read_again_and_still_nothing_is_written(tmp_path):
    site = make_site(tmp_path)
    _settle(site)
    rebuild(site)
    path = site / "content" / "story-1.md"
    os.utime(path, (time.time() - 60, time.time() - 60))  # a new stat, the same bytes
    time.sleep(sources.RACY_SECONDS + 0.1)
    report = rebuild(site)
    assert (report.route, report.written, report.parsed) == ("unchanged", 0, 0)
    # The record now has the new stat: the next build reads nothing (as after a fresh checkout or a copy).
    reads = []
    original = sources._Walk.article
    sources._Walk.article = lambda *a: reads.append(a) or original(*a)
    try:
        assert rebuild(site).route == "unchanged"
    finally:
        sources._Walk.article = original
    assert reads == []


def test_a_stat_alike_edit_made_just_now_is_never_missed(tmp_path):
    site = make_site(tmp_path)
    rebuild(site)
    path = site / "content" / "story-1.md"
    before = path.stat()
    # Same size, same times: only the bytes differ (as on a file system whose clock ticks slower than edits).
    path.write_text(article(1).replace("Story 1", "Storz 1"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert rebuild(site).route != "unchanged"
    page = (site.parent / "out" / "2026/11/11/story-1/index.html").read_text()
    assert "Storz 1" in page


def test_a_file_without_front_matter_beside_the_articles_leaves_a_no_change_build_with_nothing_to_do(tmp_path):
    site = make_site(tmp_path)
    (site / "content" / "README.md").write_text("Notes for the desk, not an article.\n")
    _settle(site)
    first = rebuild(site)
    assert any("no front matter" in w.message for w in first.warnings)
    again = rebuild(site)
    assert (again.route, again.written) == ("unchanged", 0)
    assert any("no front matter" in w.message for w in again.warnings)


def test_a_record_left_by_an_older_newsgen_without_the_stat_digest_still_means_nothing_to_do(tmp_path):
    site = make_site(tmp_path)
    _settle(site)
    rebuild(site)
    db = sqlite3.connect(site / ".newsgen-cache" / DB_NAME)
    with db:
        (output, value), = db.execute("SELECT output, value FROM records").fetchall()
        head = json.loads(value)
        del head["stats"]
        db.execute("UPDATE records SET value = ? WHERE output = ?", (json.dumps(head), output))
    db.close()
    report = rebuild(site)
    assert (report.route, report.written) == ("unchanged", 0)
    assert record_rows.load_head(record_rows.record_slot(site / ".newsgen-cache", (site.parent / "out").resolve()))


def test_a_check_beside_the_build_answers_from_another_process(monkeypatch):
    monkeypatch.setattr(pool, "MIN_FORK_CHECK", 1)
    monkeypatch.setattr(pool.threading, "active_count", lambda: 1)  # (a server test may have left one running)
    parent = os.getpid()
    assert pool.beside(lambda: os.getpid() != parent, items=1, jobs=2).get() is True
    assert pool.beside(lambda: False, items=1, jobs=2).get() is False
    assert pool.beside(lambda: 1 / 0 == 0, items=1, jobs=2).get() is False  # a failing check answers "no"
    # A Ctrl-C (the whole process group gets it) is the parent's to handle: the child answers all the same.
    interrupted = pool.beside(lambda: time.sleep(0.5) is None, items=1, jobs=2)
    time.sleep(0.1)
    os.kill(interrupted.pid, signal.SIGINT)
    assert interrupted.get() is True
    slow = pool.beside(lambda: time.sleep(60) is None, items=1, jobs=2)
    started = time.monotonic()
    slow.drop()  # stopped, not waited for
    assert time.monotonic() - started < 30
    # Few items, one job or another thread running (a fork could copy a lock it holds): asked at once, here.
    assert pool.beside(lambda: os.getpid() == parent, items=1, jobs=1).get() is True
    monkeypatch.setattr(pool.threading, "active_count", lambda: 2)
    assert pool.beside(lambda: os.getpid() == parent, items=1, jobs=2).get() is True

    # Reaped by get(), then dropped (as when Ctrl-C lands between the two): nothing to stop, no error.
    monkeypatch.setattr(pool.threading, "active_count", lambda: 1)
    done = pool.beside(lambda: True, items=1, jobs=2)
    assert done.get() is True
    done.drop()
    assert done.get() is True


def test_bookkeeping_naming_a_file_outside_the_output_is_refused_and_nothing_outside_is_touched(tmp_path):
    site = make_site(tmp_path)
    rebuild(site)
    victim = tmp_path / "victim.txt"
    victim.write_text("not newsgen's\n")
    state_path = tmp_path / ".out.newsgen" / "state.json"
    data = json.loads(state_path.read_text())
    data["names"] += "\x00../victim.txt"
    data["rows"] += "\x00" + data["rows"].split("\x00")[0]
    state_path.write_text(json.dumps(data))
    (site / "content" / "story-1.md").write_text(article(1, "An edit, so the build commits."))
    try:
        rebuild(site)
    except BuildFailed as exc:
        assert "bookkeeping is damaged" in str(exc.problems[0])
    else:
        raise AssertionError("the build used a state that names a file outside its output")
    assert victim.read_text() == "not newsgen's\n" and victim.stat().st_nlink == 1
    assert not (tmp_path / ".out.newsgen" / "victim.txt").exists()


def test_bookkeeping_folders_outside_the_output_are_never_looked_into(tmp_path):
    site = make_site(tmp_path)
    rebuild(site)
    (site / "content" / "story-1.md").write_text(article(1, "First edit: the spare tree is made."))
    rebuild(site)
    beside = tmp_path / "beside"
    beside.mkdir()
    (beside / "private.txt").write_text("someone else's\n")
    details_path = tmp_path / ".out.newsgen" / "details.json"
    details = json.loads(details_path.read_text())
    details["dirs"].append("../beside")
    details["switched_ns"] = details["changed_after_ns"] = 0  # every folder counts as changed since the switch
    details_path.write_text(json.dumps(details))
    (site / "content" / "story-1.md").write_text(article(1, "Second edit."))
    assert rebuild(site).route == "bodies"
    assert (beside / "private.txt").stat().st_nlink == 1
    assert not any(p.name == "private.txt" for p in (tmp_path / ".out.newsgen").rglob("*"))
    assert not any(p.name == "private.txt" for p in (tmp_path / "out").rglob("*"))


def test_a_file_unpacked_with_an_old_mtime_counts_as_just_changed(tmp_path):
    site = make_site(tmp_path)
    path = site / "content" / "story-1.md"
    past = time.time() - 3600
    os.utime(path, (past, past))  # as tar or rsync -t leave it: an old mtime, but changed (ctime) just now
    for other in (site / "content").glob("story-[02].md"):
        os.utime(other, (past, past))
    assert sources.Scan.of(site).stat_digest() is None  # its stat alone is not trusted yet
    time.sleep(sources.RACY_SECONDS + 0.1)
    assert sources.Scan.of(site).stat_digest() is not None


@given(st.lists(st.text(alphabet="ab./\\\n\x00", max_size=8), max_size=6))
def test_the_one_search_for_names_outside_finds_whatever_the_name_by_name_rule_finds(names: list[str]) -> None:
    # A commit checks the 170,000 folder names of a big site's state in one search (any_outside): it may
    # refuse more (a name holding a line break), never fewer.
    from newsgen.output.state_files import any_outside, outside

    if any(map(outside, names)):
        assert any_outside(names)
    if not any("\n" in name for name in names):
        assert any_outside(names) == any(map(outside, names))


_STAT_ROWS = st.lists(st.tuples(st.text(st.characters(exclude_characters="\x00"), min_size=1),
                                st.tuples(*[st.integers(-2**63, 2**64)] * 4)), max_size=6,
                      unique_by=lambda row: row[0])


@given(_STAT_ROWS, _STAT_ROWS)
def test_the_stat_digest_is_the_same_exactly_for_the_same_files_and_stats_in_any_order(one, other):
    same = sorted(one) == sorted(other)
    assert (sources.stat_digest(one) == sources.stat_digest(other)) == same
    assert sources.stat_digest(list(reversed(one))) == sources.stat_digest(one)


@pytest.mark.parametrize("in_folder", [True, False])
def test_the_scan_finds_the_same_files_and_stats_whether_it_stats_in_each_folder_or_by_path(
        tmp_path, monkeypatch, in_folder):
    monkeypatch.setattr(sources, "_STAT_IN_FOLDER", in_folder and sources._STAT_IN_FOLDER)
    content = tmp_path / "content"
    (content / "2024" / "deep").mkdir(parents=True)
    (content / "2024" / "a.md").write_text("---\ntitle: A\n---\n")
    (content / "2024" / "deep" / "b.md").write_text("---\ntitle: B\n---\n")
    (content / "notes.txt").write_text("not an article")
    (content / "2024" / "link.md").symlink_to(content / "2024" / "a.md")
    (content / "2024" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    scan = sources.Scan.of(tmp_path)
    found = {rel: key for rel, _, key, _ in scan.walk.statted}
    assert sorted(found) == ["content/2024/a.md", "content/2024/deep/b.md", "content/2024/link.md"]
    stat = os.lstat(content / "2024" / "a.md")
    assert found["content/2024/a.md"] == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    assert found["content/2024/link.md"] == found["content/2024/a.md"]  # a link is known by what it ends at
    assert [p.path for p in scan.walk.problems] == ["content/2024/gone.md"]


@pytest.mark.parametrize("value", ["[" * 200_000, '{"key": 1e999, "finished": 1e999}'])
def test_a_record_head_too_deep_or_too_large_to_read_only_costs_a_full_build(tmp_path, value):
    site = make_site(tmp_path)
    _settle(site)
    first = rebuild(site)
    db = sqlite3.connect(site / ".newsgen-cache" / DB_NAME)
    with db:
        db.execute("UPDATE records SET value = ?", (value,))
    db.close()
    report = rebuild(site)
    assert report.route == "full" and report.written == 0 and report.unchanged == first.written


def test_the_edit_after_the_spare_tree_is_made_does_not_look_into_every_folder_again(tmp_path, monkeypatch):
    from newsgen.output import spare_tree

    site = make_site(tmp_path)
    for n in range(3, 40):  # (dated within November: the days of one month)
        (site / "content" / f"story-{n}.md").write_text(article(n).replace(f"2026-11-{10 + n}T", f"2026-11-{1 + n % 19:02}T"))
    rebuild(site)
    from newsgen.output import generations

    mark = generations._mark
    # (The mark a tick of the file system's clock after the last folder the commit changed: the folders
    # changed within the mark's own tick are looked into too, rightly, and on a fast machine that can be all.)
    monkeypatch.setattr(generations, "_mark", lambda folder: time.sleep(0.05) or mark(folder))
    (site / "content" / "story-1.md").write_text(article(1, "First edit: the spare tree is made."))
    rebuild(site)  # the spare tree, made just now: every folder of the next live tree is new
    looked: list[str] = []
    look_into = spare_tree._look_into
    monkeypatch.setattr(spare_tree, "_look_into", lambda root, rel, *rest: looked.append(rel) or look_into(
        root, rel, *rest))
    (site / "content" / "story-1.md").write_text(article(1, "Second edit."))
    assert rebuild(site).route == "bodies"
    folders = sum(1 for p in (tmp_path / "out").rglob("*") if p.is_dir())
    assert folders > 40 and len(looked) <= 2, looked  # the output folder itself, which the switch renamed
    # Someone's files, right after a switch: at the top, and deep in a folder the switch did not touch.
    deep = next(p for p in (tmp_path / "out").rglob("index.html") if p.parent.parent.name == "page")
    (tmp_path / "out" / "CNAME").write_text("news.example.org\n")
    (deep.parent / "notes.txt").write_text("someone else's\n")
    for edit in ("Third edit.", "Fourth edit."):  # carried over at every switch
        (site / "content" / "story-1.md").write_text(article(1, edit))
        assert rebuild(site).route == "bodies"
        assert (tmp_path / "out" / "CNAME").read_text() == "news.example.org\n"
        assert (deep.parent / "notes.txt").read_text() == "someone else's\n"
