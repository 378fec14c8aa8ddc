"""Dev server, pure parts: classifying changed paths, debouncing bursts, and the watcher's event filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_NOW, article, run_main
from watchdog.events import (
    DirCreatedEvent,
    DirModifiedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from newsgen.content.sources import is_ignored_name
from newsgen.serve.changes import (
    CONFIG,
    CONTENT,
    STATIC,
    TEMPLATES,
    Change,
    ChangeSet,
    Debouncer,
    WatchedTree,
    classify_path,
    is_editor_temp,
)
from newsgen.serve.watch import SourceWatcher

SITE = Path("/srv/site")
THEME = Path("/src/newsgen/render/theme")
TREE = WatchedTree(site_dir=SITE, ignored_dirs=("public", ".newsgen-preview", ".newsgen-cache"),
                   theme_dir=THEME)


def kind_of(path: str | Path) -> str | None:
    change = classify_path(path, TREE)
    return None if change is None else change.kind


# ------------------------------------------------------------------ classification


@pytest.mark.parametrize(("rel", "kind"), [
    ("content/2026/ferry.md", CONTENT),
    ("content/ferry.markdown", CONTENT),
    ("content/2026/photo.jpg", CONTENT),  # reported as skipped by the build: still worth a rebuild
    ("content", CONTENT),  # the folder itself removed or renamed
    ("templates/article.html", TEMPLATES),
    ("templates/partials/_card.html", TEMPLATES),  # '_' partials are templates, not ignored articles
    ("templates", TEMPLATES),
    ("static/css/site.css", STATIC),
    ("static/images/logo.svg", STATIC),
    ("strings/es.yaml", CONFIG),  # the site's own theme words: read with the settings
    ("strings", CONFIG),
    ("site.yaml", CONFIG),
    ("authors.yaml", CONFIG),
])
def test_classify_sorts_site_paths_into_kinds(rel: str, kind: str) -> None:
    assert kind_of(SITE / rel) == kind


@pytest.mark.parametrize("rel", [
    "content/.ferry.md.swp", "content/ferry.md.swx", "content/ferry.md~", "content/.#ferry.md",
    "content/#ferry.md#", "content/4913", "templates/4913", "templates/.base.html.swp", "static/site.css~",
    "site.yaml~", ".site.yaml.swp",
    "content/2026/sedAbC123", "templates/sed0x9QzZ", "static/css/sedq1w2e3",  # sed -i
    "content/ferry.md___jb_tmp___", "content/ferry.md___jb_old___",  # JetBrains "safe write"
    "content/.ferry.md.kate-swp", "content/ferry.md.kate-swp", "content/.goutputstream-Q3ZLX2",  # Kate, gedit
    "static/.~lock.rates.ods#", "static/~$rates.docx", "content/ferry.md.tmp", "static/site.css.swo",
])
def test_classify_ignores_editor_temp_files(rel: str) -> None:
    assert kind_of(SITE / rel) is None


@pytest.mark.parametrize("rel", [
    "public/index.html", "public", "public/tags/x/index.html",
    ".newsgen-preview/site/index.html", ".newsgen-preview/.newsgen-schedule.json",
    ".newsgen-cache/parsed.sqlite", ".git/index", "content/.hidden/a.md", "content/_drafts/a.md",
    "content/_index.md", "README.md", "pyproject.toml", "other/x.md", "site.yml",
])
def test_classify_ignores_output_preview_cache_and_unrelated_files(rel: str) -> None:
    assert kind_of(SITE / rel) is None


def test_classify_ignores_a_custom_output_folder_and_paths_outside_the_site() -> None:
    tree = WatchedTree(site_dir=SITE, ignored_dirs=("build/www",))
    assert classify_path(SITE / "build/www/index.html", tree) is None
    assert classify_path("/elsewhere/content/a.md", tree) is None
    assert classify_path(SITE / "content/a.md", tree) == Change(CONTENT, "content/a.md")


def test_classify_labels_theme_files_and_sorts_them_by_folder() -> None:
    assert classify_path(THEME / "templates/base.html", TREE) == Change(
        TEMPLATES, "(newsgen theme) templates/base.html")
    assert classify_path(THEME / "static/css/newsgen.css", TREE) == Change(
        STATIC, "(newsgen theme) static/css/newsgen.css")
    assert classify_path(THEME / "templates/.base.html.swp", TREE) is None
    assert classify_path(THEME / "README", TREE) is None
    no_theme = WatchedTree(site_dir=SITE)
    assert classify_path(THEME / "templates/base.html", no_theme) is None


TEMP_NAMES = ("4913", ".x.swp", "x.swo", "x~", ".#x.md", "#x.md#", "x.tmp", ".DS_Store", "sedAbC123", "sed000000",
              "x.md___jb_tmp___", "x.md___jb_old___", ".x.md.kate-swp", ".goutputstream-Q3ZLX2", ".~lock.x.odt#",
              "~$x.docx")
NOT_TEMP_NAMES = ("x.md", "_card.html", "site.yaml", "4913.md", "sedAbC123.md", "sedAbC12", "sedAbC1234",
                  "sed-Ab-C12", "x.orig", "movie.swf", "notes~.md", "used.md")


def test_is_editor_temp_knows_the_usual_suspects() -> None:
    for name in TEMP_NAMES:
        assert is_editor_temp(name), name
    for name in NOT_TEMP_NAMES:
        assert not is_editor_temp(name), name


@pytest.mark.parametrize("name", TEMP_NAMES)
def test_discovery_skips_every_name_the_watcher_ignores(name: str) -> None:
    # one rule: a file that triggers no rebuild must not be published by the build either, and back
    assert is_ignored_name(name)
    assert kind_of(SITE / "content" / name) is None
    assert kind_of(SITE / "static" / name) is None


def test_editor_temp_files_in_content_and_static_are_not_published(make_site, tmp_path: Path) -> None:
    junk = article({"title": "Junk", "date": "2026-11-20T08:00:00Z"})
    files: dict[str, str | dict[str, object]] = {
        "content/ferry.md": {"title": "Ferry", "date": "2026-11-20T08:00:00Z"},
        "static/site.css": "body {}\n",
    }
    for name in TEMP_NAMES:
        files[f"content/{name}"] = junk  # with front matter, as a half-saved article has
        files[f"static/{name}"] = "junk\n"
    site = make_site(files)
    out = tmp_path / "out"
    result = run_main("build", "--site", site, "--output", out, "--now", DEMO_NOW)
    assert result.code == 0, result.err
    assert "Junk" not in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "site.css").is_file()
    published = {p.name for p in out.rglob("*")}
    assert not published & set(TEMP_NAMES), published & set(TEMP_NAMES)
    assert not any(name in result.out + result.err for name in TEMP_NAMES if name != "4913"), result


def test_changeset_css_only_and_description() -> None:
    css = ChangeSet(changes=frozenset({Change(STATIC, "static/a.css"),
                                       Change(STATIC, "(newsgen theme) static/b.css")}))
    assert css.css_only
    mixed = ChangeSet(changes=frozenset({Change(STATIC, "static/a.css"), Change(STATIC, "static/logo.svg")}))
    assert not mixed.css_only
    one = ChangeSet(changes=frozenset({Change(CONTENT, "content/a.md")}))
    assert one.describe() == "content/a.md changed"
    many = ChangeSet(changes=frozenset({Change(CONTENT, f"content/{n}.md") for n in "abcd"}
                                      | {Change(TEMPLATES, "templates/x.html")}))
    assert many.describe() == ("5 files changed (templates, content): "
                               "content/a.md, content/b.md, content/c.md, ...")
    assert many.kinds == {CONTENT, TEMPLATES}


# ------------------------------------------------------------------ debouncing


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


A = Change(CONTENT, "content/a.md")
B = Change(TEMPLATES, "templates/b.html")


def test_debouncer_is_idle_until_a_change_comes() -> None:
    debouncer = Debouncer(quiet=0.05, clock=FakeClock())
    assert debouncer.due_in() is None
    assert debouncer.take() is None
    debouncer.add([])
    assert not debouncer.pending


def test_debouncer_fires_once_after_the_quiet_period() -> None:
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.05, max_wait=1.0, clock=clock)
    debouncer.add([A])
    assert debouncer.due_in() == pytest.approx(0.05)
    clock.advance(0.04)
    assert debouncer.take() is None
    clock.advance(0.01)
    batch = debouncer.take()
    assert batch is not None and batch.changes == {A}
    assert debouncer.take() is None and debouncer.due_in() is None


def test_debouncer_merges_a_burst_into_one_batch() -> None:
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.05, max_wait=1.0, clock=clock)
    for _ in range(5):  # "save all": a change every 30 ms keeps the batch open
        debouncer.add([A])
        clock.advance(0.03)
        assert debouncer.take() is None
    debouncer.add([B])
    clock.advance(0.05)
    batch = debouncer.take()
    assert batch is not None and batch.changes == {A, B}


def test_debouncer_fires_during_a_steady_stream_after_max_wait() -> None:
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.05, max_wait=0.2, clock=clock)
    fired = []
    for _ in range(20):
        debouncer.add([A])
        clock.advance(0.04)
        if debouncer.take() is not None:
            fired.append(clock.now)
    assert len(fired) >= 3  # never starved by a change every 40 ms


def test_debouncer_keeps_changes_added_after_a_take() -> None:
    clock = FakeClock()
    debouncer = Debouncer(quiet=0.05, clock=clock)
    debouncer.add([A])
    clock.advance(0.1)
    assert debouncer.take() is not None
    debouncer.add([B])  # e.g. during the build that batch started
    assert debouncer.pending
    clock.advance(0.05)
    batch = debouncer.take()
    assert batch is not None and batch.changes == {B}


# ------------------------------------------------------------------ the watcher's event filter


def watcher(tmp_path: Path) -> tuple[SourceWatcher, list[list[Change]]]:
    seen: list[list[Change]] = []
    tree = WatchedTree(site_dir=tmp_path, ignored_dirs=("public", ".newsgen-preview"))
    return SourceWatcher(tree, seen.append), seen


def test_watcher_ignores_reads_by_the_build_itself(tmp_path: Path) -> None:
    w, seen = watcher(tmp_path)
    w.handle(FileOpenedEvent(str(tmp_path / "content/a.md")))
    w.handle(FileClosedNoWriteEvent(str(tmp_path / "content/a.md")))
    w.handle(DirModifiedEvent(str(tmp_path / "content")))
    assert seen == []


def test_watcher_reports_writes_creations_and_deletions(tmp_path: Path) -> None:
    w, seen = watcher(tmp_path)
    w.handle(FileModifiedEvent(str(tmp_path / "content/a.md")))
    w.handle(FileClosedEvent(str(tmp_path / "content/a.md")))
    w.handle(FileCreatedEvent(str(tmp_path / "templates/x.html")))
    w.handle(FileDeletedEvent(str(tmp_path / "static/x.css")))
    w.handle(FileModifiedEvent(str(tmp_path / "public/index.html")))
    assert [c for batch in seen for c in batch] == [
        Change(CONTENT, "content/a.md"), Change(CONTENT, "content/a.md"),
        Change(TEMPLATES, "templates/x.html"), Change(STATIC, "static/x.css")]


def test_watcher_counts_both_ends_of_a_move(tmp_path: Path) -> None:
    w, seen = watcher(tmp_path)
    # vim and many editors save by writing a temp file and renaming it over the original
    w.handle(FileMovedEvent(str(tmp_path / "content/.a.md.tmp"), str(tmp_path / "content/a.md")))
    w.handle(FileMovedEvent(str(tmp_path / "content/old.md"), str(tmp_path / "content/new.md")))
    assert seen == [[Change(CONTENT, "content/a.md")],
                    [Change(CONTENT, "content/old.md"), Change(CONTENT, "content/new.md")]]


def test_watcher_starts_watching_a_source_folder_created_later(tmp_path: Path) -> None:
    w, seen = watcher(tmp_path)
    (tmp_path / "templates").mkdir()
    w.handle(DirCreatedEvent(str(tmp_path / "templates")))
    assert tmp_path / "templates" in w.watched
    assert seen == [[Change(TEMPLATES, "templates/")]]


@pytest.mark.parametrize("rel", ["content/pages/about.md", "content/pages/policies/ethics.md"])
def test_a_page_file_is_a_content_change_the_dev_server_rebuilds_for(rel: str) -> None:
    assert kind_of(SITE / rel) == "content"
