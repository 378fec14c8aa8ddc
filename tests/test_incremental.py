"""Incremental builds: the cache and fingerprints never change what a build produces, only how fast."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.build import BuildOptions, BuildState, build

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
CONFIG = "title: Incremental Times\nbase_url: https://example.org/news/\ntimezone: Europe/Berlin\nper_page: 2\n"


def article(title: str, date: str, tags: str, body: str, section: str = "World") -> str:
    return (f"---\ntitle: {title!r}\ndate: {date}\nsection: {section}\ntags: [{tags}]\nauthor: Ada Lane\n---\n"
            f"{body}\n\n## Background\n\nMore text with a [link](/tags/).\n")


def make_site(root: Path) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(CONFIG)
    for n in range(5):
        (site / "content" / f"story-{n}.md").write_text(
            article(f"Story {n}", f"2026-11-{10 + n}T09:00:00+01:00", "alpha, beta" if n % 2 else "alpha",
                    f"Body of story {n}."))
    (site / "content" / "pages").mkdir()
    (site / "content" / "pages" / "about.md").write_text(
        "---\ntitle: About us\n---\nWe are a paper. See [all topics](/tags/).\n")
    return site


def rebuild(site: Path, out: Path, state: BuildState | None = None):
    """Build `site` into `out` as the command line does, or as the dev server does when given its state."""
    return build(BuildOptions(site_dir=site, now=NOW, output=out, jobs=1, progress=False), state)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(site_dir=site, now=NOW, output=out, use_cache=False, jobs=1, progress=False))
    return tree(out)


EDITS = ["body", "title", "tags", "date", "add", "delete", "rename", "template", "config", "nothing",
         "page_body", "page_title", "page_slug", "page_add", "page_delete", "policies", "strings_file",
         "language"]


def apply_page_edit(site: Path, kind: str, n: int) -> None:
    """An edit of the pages under content/pages/ (about.md stays: the policies name it)."""
    pages = site / "content" / "pages"
    about = pages / "about.md"
    if kind == "page_body":
        about.write_text(about.read_text() + f"\nAnother line {n}.\n")
    elif kind == "page_title":
        about.write_text(about.read_text().replace("title: ", f"title: New {n} ", 1))
    elif kind == "page_slug":
        lines = [line for line in about.read_text().splitlines()
                 if not line.startswith(("slug:", "aliases:"))]
        lines.insert(1, f"slug: about-{n % 3}\naliases: [/old-about-{n % 3}/]")
        about.write_text("\n".join(lines) + "\n")
    elif kind == "page_add":
        (pages / f"extra-{n % 4}.md").write_text(f"---\ntitle: Extra {n}\n---\nAn extra page.\n")
    elif kind == "page_delete":
        for extra in sorted(pages.glob("extra-*.md"))[:1]:
            extra.unlink()
    elif kind == "policies":
        (site / "site.yaml").write_text(CONFIG + "policies:\n  contact: about\n")
    elif kind == "strings_file":  # the site's own words: a new, changed or deleted strings/en.yaml
        folder = site / "strings"
        if n % 3:
            folder.mkdir(exist_ok=True)
            (folder / "en.yaml").write_text(f"by: Words {n} by\nrelated: See also {n}\n")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    elif kind == "language":  # the theme's words and dates in another language, another date format
        (site / "site.yaml").write_text(CONFIG + f"language: {('es', 'ar', 'en')[n % 3]}\n"
                                        f"theme: {{date_format: '{('d MMM y', 'long', 'EEEE d MMMM y')[n % 3]}'}}\n")


def apply_edit(site: Path, kind: str, n: int) -> None:
    content = site / "content"
    files = sorted(content.glob("*.md"))
    target = files[n % len(files)] if files else None
    if kind == "body" and target:
        target.write_text(target.read_text() + f"\nAn added sentence {n}.\n")
    elif kind == "title" and target:
        text = target.read_text()
        target.write_text(text.replace("title: '", f"title: 'New {n} ", 1))
    elif kind == "tags" and target:
        text = target.read_text()
        target.write_text(text.replace("tags: [", f"tags: [gamma{n % 3}, ", 1))
    elif kind == "date" and target:
        lines = target.read_text().splitlines()
        lines = [f"date: 2026-10-{1 + n % 27:02d}T08:00:00+01:00" if line.startswith("date:") else line
                 for line in lines]
        target.write_text("\n".join(lines) + "\n")
    elif kind == "add":
        (content / f"added-{n}.md").write_text(article(f"Added {n}", f"2026-11-{1 + n % 27:02d}", "beta", "New."))
    elif kind == "delete" and target and len(files) > 1:
        target.unlink()
    elif kind == "rename" and target:
        target.rename(content / f"renamed-{n}-{target.name}")
    elif kind == "template":
        templates = site / "templates"
        templates.mkdir(exist_ok=True)
        (templates / "404.html").write_text(
            '{% extends "base.html" %}{% block content %}<h1>Gone ' + str(n) + "</h1>{% endblock %}")
    elif kind == "config":
        (site / "site.yaml").write_text(CONFIG.replace("per_page: 2", f"per_page: {2 + n % 3}"))
    else:
        apply_page_edit(site, kind, n)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=6))
def test_incremental_build_equals_clean_build_after_any_edits(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("inc")
    site = make_site(root)
    out = root / "public"
    state = BuildState()
    rebuild(site, out, state)
    for kind, n in edits:
        apply_edit(site, kind, n)
        rebuild(site, out, state)
        incremental = tree(out)
        assert incremental == clean_build(site, root / "clean"), f"after {kind} {n}"
        # A second process (no in-memory state) reading the persistent cache agrees too.
        rebuild(site, out)
        assert tree(out) == incremental


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def changed_files(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {k for k in after if before.get(k) != after[k]} - {".newsgen-manifest.json"}


@pytest.fixture
def built(tmp_path):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    report = rebuild(site, out)
    return site, out, report




def test_rebuild_with_nothing_changed_renders_and_writes_nothing(built):
    site, out, first = built
    before = mtimes(out)
    report = rebuild(site, out)
    assert (report.parsed, report.rendered, report.written) == (0, 0, 0)
    assert report.unchanged == first.written
    assert changed_files(before, mtimes(out)) == set()


def test_body_edit_rewrites_only_the_article_page_and_feeds(built):
    site, out, _ = built
    before = mtimes(out)
    path = site / "content" / "story-2.md"
    # Not the first paragraph: that one is the summary, which listings show.
    path.write_text(path.read_text() + "\nA closing paragraph added later.\n")
    report = rebuild(site, out)
    assert report.parsed == 1
    changed = changed_files(before, mtimes(out))
    assert "2026/11/12/story-2/index.html" in changed
    assert {"feed.xml", "atom.xml", "feed.json"} <= changed
    assert not any(name.endswith("index.html") and "story-2" not in name for name in changed), changed


def test_title_edit_rerenders_only_pages_that_show_the_title(built):
    site, out, _ = built
    before = mtimes(out)
    path = site / "content" / "story-0.md"
    path.write_text(path.read_text().replace("title: 'Story 0'", "title: 'Story zero'"))
    report = rebuild(site, out)
    changed = changed_files(before, mtimes(out))
    shows_title = {name for name, data in tree(out).items() if b"Story zero" in data}
    assert changed - {"sitemap.xml"} <= shows_title
    assert report.rendered <= len(shows_title) < report.pages


def test_corrupt_cache_is_discarded_with_a_warning_and_the_build_still_succeeds(built):
    site, out, _ = built
    db = site / ".newsgen-cache" / "newsgen.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    shutil.rmtree(out)
    report = rebuild(site, out)
    assert report.parsed == 5
    assert any("cache" in str(w) for w in report.warnings)
    assert tree(out) == clean_build(site, site.parent / "clean")


def test_deleted_output_file_is_rendered_again(built):
    site, out, _ = built
    target = out / "tags" / "beta" / "index.html"
    expected = target.read_bytes()
    target.unlink()
    report = rebuild(site, out)
    assert report.rendered == 1
    assert target.read_bytes() == expected


def test_parallel_build_gives_the_same_bytes_as_a_serial_one(tmp_path):
    site = make_site(tmp_path)
    for n in range(60):  # enough to start the process pool for parsing
        (site / "content" / f"bulk-{n}.md").write_text(
            article(f"Bulk {n}", f"2026-09-{1 + n % 28:02d}T{n % 24:02d}:00:00Z", f"t{n % 7}", f"Text {n}."))
    build(BuildOptions(site_dir=site, now=NOW, output=tmp_path / "par", jobs=2, use_cache=False, progress=False))
    build(BuildOptions(site_dir=site, now=NOW, output=tmp_path / "ser", jobs=1, use_cache=False, progress=False))
    assert tree(tmp_path / "par") == tree(tmp_path / "ser")
    assert os.cpu_count()


def test_unchanged_inputs_skip_the_whole_build(built):
    site, out, _ = built
    report = rebuild(site, out)
    assert [name for name, _ in report.timings] == ["discover", "check"]
    assert (report.written, report.removed) == (0, 0)


def test_a_scheduled_article_is_published_once_the_clock_passes_it(built):
    site, out, _ = built
    (site / "content" / "later.md").write_text(article("Later story", "2026-12-01T09:00:00+01:00", "alpha", "Soon."))
    first = rebuild(site, out)
    assert first.future == 1 and not (out / "2026/12/01/later/index.html").exists()
    assert rebuild(site, out).timings[-1][0] == "check"  # same clock: nothing to do
    report = build(BuildOptions(site_dir=site, now=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc),
                                output=out, jobs=1, progress=False))
    assert report.future == 0 and (out / "2026/12/01/later/index.html").is_file()


def test_a_changed_static_file_is_copied_again(built):
    site, out, _ = built
    (site / "static").mkdir()
    (site / "static" / "robots-note.txt").write_text("one")
    rebuild(site, out)
    (site / "static" / "robots-note.txt").write_text("two")
    rebuild(site, out)
    assert (out / "robots-note.txt").read_text() == "two"


def link_warnings(report) -> list[str]:
    return [str(w) for w in report.warnings if "broken" in w.message]


def test_link_check_sees_a_deleted_target_from_pages_that_did_not_change(built):
    site, out, _ = built
    linking = site / "content" / "story-4.md"
    linking.write_text(linking.read_text() + "\nSee [the earlier story](/2026/11/11/story-1/#background).\n")
    assert link_warnings(rebuild(site, out)) == []
    target = site / "content" / "story-1.md"
    saved = target.read_text()
    target.unlink()
    assert link_warnings(rebuild(site, out)) == [
        "content/story-4.md:14: broken link /2026/11/11/story-1/#background: nothing is built at "
        "2026/11/11/story-1/index.html"]
    target.write_text(saved.replace("## Background", "## Context"))
    assert link_warnings(rebuild(site, out)) == [
        "content/story-4.md:14: broken anchor /2026/11/11/story-1/#background: 2026/11/11/story-1/index.html "
        "has no element with id \"background\""]
    target.write_text(saved)
    assert link_warnings(rebuild(site, out)) == []


def test_dev_server_state_reuses_the_plan_for_a_body_edit_and_matches_a_clean_build(tmp_path):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    state = BuildState()
    rebuild(site, out, state)
    assert state.plan is not None
    path = site / "content" / "story-3.md"
    path.write_text(path.read_text() + "\nA late paragraph.\n")
    report = rebuild(site, out, state)
    # The article page, the site feeds and the tag, section and author feeds that carry it in full.
    assert report.parsed == 1 and report.rendered == 1 + 3 + 2 + 1 + 1
    assert tree(out) == clean_build(site, tmp_path / "clean")
    path.write_text(path.read_text().replace("title: 'Story 3'", "title: 'Story three'"))
    rebuild(site, out, state)
    assert tree(out) == clean_build(site, tmp_path / "clean")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=6))
def test_command_line_builds_equal_clean_builds_after_any_edits(tmp_path_factory, edits):
    # Each build a new process would make: no state in memory, only the cache and the edit memo on disk.
    root = tmp_path_factory.mktemp("cli")
    site = make_site(root)
    out = root / "public"
    rebuild(site, out)
    for kind, n in edits + [("body", n + 1) for _, n in edits]:
        apply_edit(site, kind, n)
        report = rebuild(site, out)
        assert tree(out) == clean_build(site, root / "clean"), f"after {kind} {n} ({report.route} build)"


def test_command_line_body_edit_goes_through_the_edit_memo_and_matches_a_clean_build(built):
    site, out, _ = built
    path = site / "content" / "story-3.md"
    path.write_text(path.read_text() + "\nA late paragraph.\n")
    report = rebuild(site, out)
    assert report.route == "edit memo"
    # The article page, the site feeds and the tag, section and author feeds that carry it in full.
    assert report.parsed == 1 and report.rendered == report.written == 1 + 3 + 2 + 1 + 1
    assert tree(out) == clean_build(site, out.parent / "clean")
    again = rebuild(site, out)
    assert (again.route, again.written) == ("unchanged", 0)


def test_edits_that_listings_show_take_the_full_route(built):
    site, out, _ = built
    path = site / "content" / "story-1.md"
    path.write_text(path.read_text().replace("title: 'Story 1'", "title: 'Story one'"))
    assert rebuild(site, out).route == "full"
    path.write_text(path.read_text().replace("Body of story 1.", "A new first paragraph, which is the summary."))
    assert rebuild(site, out).route == "full"
    assert tree(out) == clean_build(site, out.parent / "clean")


def test_body_edit_warnings_match_a_clean_build(built):
    site, out, _ = built
    path = site / "content" / "story-2.md"
    path.write_text(path.read_text() + "\nSee [a missing page](/no-such-page/) and {{ site.title }}.\n")
    edited = rebuild(site, out)
    assert edited.route == "edit memo"
    shutil.rmtree(out)
    clean = rebuild(site, out)
    assert clean.route == "full"
    assert [str(w) for w in edited.warnings] == [str(w) for w in clean.warnings]
    assert any("broken link /no-such-page/" in str(w) for w in edited.warnings)
    assert any("{{" in str(w) for w in edited.warnings)
    # Fixing the article removes its warnings, again without planning the site.
    path.write_text(path.read_text().replace("\nSee [a missing page](/no-such-page/) and {{ site.title }}.\n", ""))
    fixed = rebuild(site, out)
    assert fixed.route == "edit memo"
    assert not any("no-such-page" in str(w) or "{{" in str(w) for w in fixed.warnings)


def test_a_damaged_edit_memo_means_a_full_build(built):
    site, out, _ = built
    # The memo is rows of the one cache database (see store): damage them, not the file.
    db = sqlite3.connect(site / ".newsgen-cache" / "newsgen.sqlite3")
    with db:
        assert db.execute("SELECT count(DISTINCT output) FROM memo_meta").fetchone() == (1,)
        db.execute("UPDATE memo_meta SET value = 'not a memo at all' WHERE name IN ('context', 'warnings')")
        db.execute("UPDATE memo_specs SET value = 'not a spec at all'")
    db.close()
    path = site / "content" / "story-4.md"
    path.write_text(path.read_text() + "\nMore.\n")
    report = rebuild(site, out)
    assert report.route == "full"
    assert not any("cache" in str(w) or "memo" in str(w) for w in report.warnings)  # it is not the user's concern
    assert tree(out) == clean_build(site, out.parent / "clean")
    path.write_text(path.read_text() + "\nAnd more.\n")
    assert rebuild(site, out).route == "edit memo"  # the full build wrote a new memo


def test_a_dev_server_build_in_between_makes_the_memo_stale(built):
    site, out, _ = built
    state = BuildState()
    path = site / "content" / "story-0.md"
    path.write_text(path.read_text() + "\nFrom the dev server.\n")
    rebuild(site, out, state)
    path.write_text(path.read_text() + "\nFrom the command line.\n")
    assert rebuild(site, out).route == "full"
    assert tree(out) == clean_build(site, out.parent / "clean")


@pytest.mark.parametrize("kind", ["page_body", "page_title", "page_slug", "page_add", "policies"])
def test_an_edited_added_or_moved_page_rebuilds_and_matches_a_clean_build(tmp_path, kind):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    state = BuildState()
    rebuild(site, out, state)
    rebuild(site, out)  # leaves the edit memo on disk
    before = tree(out)
    apply_page_edit(site, kind, 1)
    report = rebuild(site, out)
    assert report.route != "unchanged" and tree(out) != before
    assert tree(out) == clean_build(site, tmp_path / "clean")
    apply_page_edit(site, "page_body", 2)
    rebuild(site, out, state)  # the dev server's state, after a command-line build in between
    assert tree(out) == clean_build(site, tmp_path / "clean")


def test_a_deleted_page_is_removed_from_the_output_and_the_sitemap(tmp_path):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    apply_page_edit(site, "page_add", 0)
    rebuild(site, out)
    assert (out / "extra-0" / "index.html").is_file()
    apply_page_edit(site, "page_delete", 0)
    rebuild(site, out)
    assert not (out / "extra-0").exists() and "extra-0" not in (out / "sitemap.xml").read_text()
    assert tree(out) == clean_build(site, tmp_path / "clean")
