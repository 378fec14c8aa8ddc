"""Watching a site's sources with watchdog: classified changes go to a callback, everything else is dropped.

Watched: `content/`, `templates/` and `static/` (recursively), the site folder itself (not recursively,
for `site.yaml` and `authors.yaml`, and for source folders created later), and the package theme when
newsgen runs from a source checkout. `--poll` uses watchdog's polling observer, for network drives and
containers where file-system notifications do not arrive.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from ..content.sources import CONTENT_DIR
from ..render.themefiles import THEME_DIR
from .changes import STATIC_DIR, TEMPLATES_DIR, Change, WatchedTree, classify_path

SOURCE_DIRS = (CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR)
POLL_SECONDS = 0.5
# Reads by the build itself (open, close without writing) must not trigger another build.
_IGNORED_EVENTS = (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE)


def theme_source_dir() -> Path | None:
    """The package theme folder when newsgen runs from a source checkout (editable install), else None."""
    package = Path(__file__).resolve().parents[1]  # src/newsgen, from src/newsgen/serve/watch.py
    if package.parent.name == "src" and (package.parent.parent / "pyproject.toml").is_file():
        return THEME_DIR.resolve()
    return None


class SourceWatcher:
    """A watchdog observer over a site's sources, calling `on_changes` (from its own thread) with changes."""

    def __init__(self, tree: WatchedTree, on_changes: Callable[[list[Change]], None], *,
                 poll: bool = False) -> None:
        self.tree = tree
        self._on_changes = on_changes
        self._observer = PollingObserver(timeout=POLL_SECONDS) if poll else Observer()
        self._handler = _Handler(self)
        self._watched: set[Path] = set()
        self._lock = threading.Lock()

    @property
    def watched(self) -> tuple[Path, ...]:
        with self._lock:
            return tuple(sorted(self._watched))

    def start(self) -> None:
        """Schedule every existing source folder and start the observer thread."""
        site = self.tree.site_dir
        self._observer.schedule(self._handler, str(site), recursive=False)
        for name in SOURCE_DIRS:
            self.watch_folder(site / name)
        if self.tree.theme_dir is not None:
            self.watch_folder(self.tree.theme_dir)
        self._observer.start()

    def watch_folder(self, folder: Path) -> None:
        """Watch a folder recursively (once); folders that do not exist are skipped."""
        with self._lock:
            if folder in self._watched or not folder.is_dir():
                return
            self._watched.add(folder)
        self._observer.schedule(self._handler, str(folder), recursive=True)

    def stop(self, timeout: float = 1.0) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout)

    def handle(self, event: FileSystemEvent) -> None:
        """Turn one watchdog event into changes (moves count at both ends)."""
        if event.event_type in _IGNORED_EVENTS:
            return
        if event.is_directory and event.event_type == EVENT_TYPE_MODIFIED:
            return  # its children report their own changes
        paths = [os.fsdecode(event.src_path)]
        if event.dest_path:
            paths.append(os.fsdecode(event.dest_path))
        if event.is_directory and event.event_type == EVENT_TYPE_CREATED:
            self._watch_new_source_folder(Path(paths[0]))
        changes = [change for path in paths if (change := classify_path(path, self.tree)) is not None]
        if changes:
            self._on_changes(changes)

    def _watch_new_source_folder(self, folder: Path) -> None:
        """`templates/` made after the start: watch it too (the site folder's own watch is not recursive)."""
        if folder.parent == self.tree.site_dir and folder.name in SOURCE_DIRS:
            self.watch_folder(folder)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: SourceWatcher) -> None:
        super().__init__()
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._watcher.handle(event)
