"""The one cache store: one SQLite file of plain data, never unpickled, and never trusted when damaged."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsgen.build import BuildOptions, BuildReport, BuildState, build

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
CONFIG = "title: Cache Times\nbase_url: https://example.org/news/\ntimezone: Europe/Berlin\nper_page: 2\n"
CACHE = ".newsgen-cache"
DB = "newsgen.sqlite3"


def article(n: int, body: str = "") -> str:
    return (f"---\ntitle: 'Story {n}'\ndate: 2026-11-{10 + n}T09:00:00+01:00\nsection: World\n"
            f"tags: [alpha{', beta' if n % 2 else ''}]\nauthor: Ada Lane\ncorrections:\n"
            f"  - date: 2026-11-20T10:00:00+01:00\n    text: A name was misspelt.\n---\n"
            f"Body of story {n}. {body}\n\n## Background\n\nA [link](/tags/) and a [broken one](/nowhere/).\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(CONFIG)
    for n in range(5):
        (site / "content" / f"story-{n}.md").write_text(article(n))
    return site


def rebuild(site: Path, state: BuildState | None = None) -> BuildReport:
    return build(BuildOptions(site_dir=site, now=NOW, output=site.parent / "out", jobs=1, progress=False), state)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_tree(site: Path) -> dict[str, bytes]:
    out = site.parent / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(site_dir=site, now=NOW, output=out, use_cache=False, jobs=1, progress=False))
    return tree(out)


def cache_warnings(report: BuildReport) -> list[str]:
    return [str(w) for w in report.warnings if w.path == CACHE]


def edit_body(site: Path, n: int, text: str) -> None:
    path = site / "content" / f"story-{n}.md"
    path.write_text(path.read_text() + f"\n{text}\n")  # not the first paragraph: that is the summary


def database(site: Path) -> sqlite3.Connection:
    return sqlite3.connect(site / CACHE / DB)


def test_no_cache_file_is_unpickled(site, monkeypatch):
    rebuild(site)

    def refuse(*args, **kwargs):
        raise AssertionError("pickle was asked to load something")

    for name in ("loads", "load", "Unpickler"):
        monkeypatch.setattr(pickle, name, refuse)
    edit_body(site, 2, "Edited.")
    edited = rebuild(site)
    assert edited.route == "bodies"
    assert any("/nowhere/" in str(w) for w in edited.warnings)  # the link check ran, from its cache
    (site / "content" / "story-3.md").write_text(article(3).replace("'Story 3'", "'Story three'"))
    retitled = rebuild(site)
    assert retitled.route == "full" and retitled.parsed == 1  # the other parses came from the cache
    assert rebuild(site).route == "unchanged"


def test_the_cache_folder_holds_one_file(site):
    def files() -> set[str]:
        return {p.name for p in (site / CACHE).rglob("*")}

    allowed = {DB, f"{DB}-wal", f"{DB}-shm"}
    assert rebuild(site).route == "full"
    assert DB in files() <= allowed
    assert rebuild(site).route == "unchanged"
    assert files() <= allowed
    edit_body(site, 1, "Edited.")
    assert rebuild(site).route == "bodies"
    assert files() <= allowed
    (site / "content" / "story-0.md").write_text(article(0).replace("'Story 0'", "'Story zero'"))
    assert rebuild(site).route == "full"
    assert files() <= allowed
    edit_body(site, 4, "From the dev server.")
    rebuild(site, BuildState())
    assert files() <= allowed


def test_each_output_folder_has_its_own_record_in_the_one_file(site):
    rebuild(site)
    build(BuildOptions(site_dir=site, now=NOW, output=site.parent / "other", jobs=1, progress=False))
    with database(site) as db:
        outputs = {output for (output,) in db.execute("SELECT output FROM records")}
    assert outputs == {str((site.parent / "out").resolve()), str((site.parent / "other").resolve())}
    assert rebuild(site).route == "unchanged"


def assert_discarded_once(site: Path) -> None:
    """The next build proceeds from nothing, says so once, and builds what a clean build does."""
    shutil.rmtree(site.parent / "out")
    report = rebuild(site)
    assert report.parsed == 5
    assert len(cache_warnings(report)) == 1, cache_warnings(report)
    assert tree(site.parent / "out") == clean_tree(site)
    assert cache_warnings(rebuild(site)) == []  # the new cache is sound


def drop_side_files(site: Path) -> None:
    for extra in ("-wal", "-shm"):
        Path(str(site / CACHE / DB) + extra).unlink(missing_ok=True)


def checkpoint(site: Path) -> None:
    """Move the write-ahead log into the file, so damaging the file damages everything."""
    with database(site) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    drop_side_files(site)


def test_a_cache_from_another_version_is_discarded_with_one_warning(site):
    rebuild(site)
    with database(site) as db:
        db.execute("UPDATE meta SET value = 'newsgen 0.0.1 format 1 0123456789abcdef' WHERE name = 'stamp'")
    assert_discarded_once(site)


def test_a_truncated_cache_is_discarded_with_one_warning(site):
    rebuild(site)
    checkpoint(site)
    path = site / CACHE / DB
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    assert_discarded_once(site)


def test_a_cache_of_garbage_bytes_is_discarded_with_one_warning(site):
    rebuild(site)
    checkpoint(site)
    (site / CACHE / DB).write_bytes(bytes(range(256)) * 64)
    assert_discarded_once(site)


def test_a_cache_table_with_other_columns_is_discarded_with_one_warning(site):
    rebuild(site)
    with database(site) as db:
        db.execute("DROP TABLE parsed")
        db.execute("CREATE TABLE parsed (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    assert_discarded_once(site)


def test_cached_parses_that_fail_to_decode_are_parsed_again_with_one_warning(site):
    rebuild(site)
    with database(site) as db:
        db.execute("UPDATE parsed SET value = 'garbage'")
        db.execute("DELETE FROM records")  # so the build reads the parses instead of skipping everything
    shutil.rmtree(site.parent / "out")
    report = rebuild(site)
    assert report.parsed == 5
    message = f"{CACHE}: {site / CACHE / DB}: 5 damaged cache entries discarded; parsed again"
    assert cache_warnings(report) == [message]
    assert tree(site.parent / "out") == clean_tree(site)


@pytest.mark.parametrize("damage", [
    "UPDATE link_pages SET places = '[[1, 2]]'",  # a problem of another shape
    "UPDATE link_pages SET places = '{\"a\": 1}'",
    "UPDATE link_pages SET anchored = '[[\"x\"]]'",
    "UPDATE link_pages SET anchored = 'not json'",
    "UPDATE link_pages SET digest = 3, source = x'00'",  # values of other types: they match nothing
    "DELETE FROM links",  # the head gone, its rows left
    "UPDATE links SET names = '{\"x\": 1}'",
])
def test_damaged_link_results_mean_a_full_link_check(site, damage):
    first = rebuild(site)
    with database(site) as db:
        db.execute(damage)
    edit_body(site, 2, "Edited.")
    edited = rebuild(site)
    assert edited.route == "bodies"
    assert [str(w) for w in edited.warnings] == [str(w) for w in first.warnings]
    assert [str(w) for w in rebuild(site).warnings] == [str(w) for w in first.warnings]  # and stored again


@pytest.mark.parametrize("damage", [
    "UPDATE link_pages SET targets = '[-1]'", "UPDATE link_pages SET targets = '[1000000000]'",
    "UPDATE link_pages SET targets = '[1.5]'", "UPDATE link_pages SET targets = '[\"0\"]'",
    "UPDATE link_pages SET targets = '[true]'", "UPDATE link_pages SET targets = '7'",
    "UPDATE links SET files = '3'", "UPDATE links SET files = '[1]'", "UPDATE links SET names = '[1]'",
])
def test_damaged_link_targets_mean_a_full_link_check_when_a_file_comes(site, damage):
    # The targets are read only when a file came or went: a new article, which the build plans in full.
    first = rebuild(site)
    with database(site) as db:
        db.execute(damage)
    (site / "content" / "story-9.md").write_text(article(9))
    added = rebuild(site)
    assert added.route != "bodies"
    assert [str(w) for w in added.warnings] == [str(w) for w in rebuild(site).warnings]
    assert len([w for w in added.warnings if "nowhere" in w.message]) == len(
        [w for w in first.warnings if "nowhere" in w.message]) + 1


def test_a_body_edit_rewrites_only_the_link_rows_of_the_pages_it_changed(site):
    rebuild(site)
    with database(site) as db:
        before = dict(db.execute("SELECT page, rowid FROM link_pages"))
    edit_body(site, 2, "Edited.")
    edited = rebuild(site)
    with database(site) as db:
        after = dict(db.execute("SELECT page, rowid FROM link_pages"))
    assert edited.route == "bodies" and before.keys() == after.keys()
    rewritten = sorted(page for page in after if after[page] != before[page])
    assert rewritten and all(page.endswith(".html") for page in rewritten)
    assert any("story-2" in page for page in rewritten) and len(rewritten) < len(after) / 2


def test_a_build_that_finds_nothing_changed_reports_its_warnings_in_the_same_order(site):
    import os

    for path in [*site.rglob("*.md"), site / "site.yaml"]:
        os.utime(path, (1_700_000_000, 1_700_000_000))  # out of the racy window: trusted by their stat
    first = rebuild(site)
    again = rebuild(site)
    assert again.route == "unchanged" and len(first.warnings) > 3
    assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
