"""What a file-system change means for the dev server: its kind, and when a burst of them is over. Pure.

`classify_path` turns a changed path into a `Change` (content / templates / static / config) or None for
paths a rebuild never needs (editor temp files, output, preview and cache folders, anything else).
`Debouncer` collects changes and releases them as one batch after a quiet period, so a "save all" or
an editor's write-rename dance gives one rebuild; its clock is injected, so tests need no sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# One rule for temp names, discovery's: a file the build would skip never triggers a rebuild, and back.
from ..content.sources import CONTENT_DIR, is_editor_temp, is_ignored_name

CONTENT = "content"
TEMPLATES = "templates"
STATIC = "static"
CONFIG = "config"
KINDS = (CONFIG, TEMPLATES, CONTENT, STATIC)  # most far-reaching first, for summaries

TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
CONFIG_FILES = ("site.yaml", "authors.yaml")
STRINGS_DIR = "strings"  # core.stringsettings.STRINGS_DIR: the site's own words for the theme
PREVIEW_DIR = ".newsgen-preview"
CACHE_DIR = ".newsgen-cache"
THEME_LABEL = "(newsgen theme)"
_SOURCE_DIR_KINDS = {CONTENT_DIR: CONTENT, TEMPLATES_DIR: TEMPLATES, STATIC_DIR: STATIC}


@dataclass(frozen=True, slots=True, order=True)
class Change:
    """One changed path: its kind and where it is, relative to the site folder (theme files are labelled)."""

    kind: str
    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeSet:
    """The changes of one burst: what the next rebuild has to take into account."""

    changes: frozenset[Change]

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(change.kind for change in self.changes)

    @property
    def css_only(self) -> bool:
        """True when only stylesheets changed: a browser can swap them without reloading the page."""
        return bool(self.changes) and all(c.kind == STATIC and c.path.endswith(".css") for c in self.changes)

    def describe(self, limit: int = 3) -> str:
        """'content/a.md changed', or '4 files changed (content, templates): a, b, c, ...'."""
        paths = sorted({c.path for c in self.changes})
        if len(paths) == 1:
            return f"{paths[0]} changed"
        kinds = ", ".join(k for k in KINDS if k in self.kinds)
        shown = ", ".join(paths[:limit]) + (", ..." if len(paths) > limit else "")
        return f"{len(paths)} files changed ({kinds}): {shown}"


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchedTree:
    """Where watched files live: the site folder, its ignored folders and (maybe) the package theme."""

    site_dir: Path
    ignored_dirs: tuple[str, ...] = ("public", PREVIEW_DIR, CACHE_DIR)
    theme_dir: Path | None = None


def classify_path(path: str | Path, tree: WatchedTree) -> Change | None:
    """The change a path stands for, or None when no rebuild depends on it. Never touches the disk."""
    path = Path(path)
    for root, label in ((tree.theme_dir, THEME_LABEL), (tree.site_dir, None)):
        if root is None:
            continue
        try:
            rel = PurePosixPath(path.relative_to(root).as_posix())
        except ValueError:
            continue
        return _classify_theme(rel) if label else _classify_site(rel, tree.ignored_dirs)
    return None


def _classify_site(rel: PurePosixPath, ignored_dirs: tuple[str, ...]) -> Change | None:
    parts = rel.parts
    if not parts or is_editor_temp(parts[-1]) or any(p.startswith(".") for p in parts[:-1]):
        return None
    text = rel.as_posix()
    if any(text == d or text.startswith(d + "/") for d in ignored_dirs):
        return None
    return _classify_top(parts[0]) if len(parts) == 1 else _classify_inside(rel)


def _classify_top(top: str) -> Change | None:
    """A change to a name right in the site folder."""
    if top in CONFIG_FILES:
        return Change(CONFIG, top)
    if top in _SOURCE_DIR_KINDS:  # the folder itself made, removed or renamed
        return Change(_SOURCE_DIR_KINDS[top], top + "/")
    if top == STRINGS_DIR:
        return Change(CONFIG, top + "/")
    return None


def _classify_inside(rel: PurePosixPath) -> Change | None:
    """A change inside one of the site's folders."""
    top = rel.parts[0]
    if top == CONTENT_DIR:
        # the same names discovery skips: a change to them cannot change the site
        if any(is_ignored_name(p) for p in rel.parts[1:]):
            return None
        return Change(CONTENT, rel.as_posix())
    if top == TEMPLATES_DIR:
        return Change(TEMPLATES, rel.as_posix())
    if top == STATIC_DIR:
        return Change(STATIC, rel.as_posix())
    if top == STRINGS_DIR:  # strings/<lang>.yaml are read with site.yaml, as part of the settings
        return Change(CONFIG, rel.as_posix())
    return None


def _classify_theme(rel: PurePosixPath) -> Change | None:
    parts = rel.parts
    if len(parts) < 2 or is_editor_temp(parts[-1]) or any(p.startswith(".") for p in parts[:-1]):
        return None
    label = f"{THEME_LABEL} {rel.as_posix()}"
    if parts[0] == TEMPLATES_DIR:
        return Change(TEMPLATES, label)
    if parts[0] == STATIC_DIR:
        return Change(STATIC, label)
    return None


class Debouncer:
    """Collects changes; `take()` returns them as one ChangeSet once no change came for `quiet` seconds.

    A steady stream of changes (a script writing files for a minute) still fires every `max_wait`
    seconds, so the preview never falls far behind. Not thread-safe: the caller holds a lock.
    """

    def __init__(self, quiet: float = 0.05, max_wait: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._clock = clock
        self._pending: set[Change] = set()
        self._first = 0.0
        self._last = 0.0

    def add(self, changes: Iterable[Change]) -> None:
        """Record changes seen now."""
        fresh = set(changes)
        if not fresh:
            return
        now = self._clock()
        if not self._pending:
            self._first = now
        self._pending |= fresh
        self._last = now

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def due_in(self) -> float | None:
        """Seconds until the pending batch is due (<= 0: due now); None when nothing is pending."""
        if not self._pending:
            return None
        deadline = min(self._last + self.quiet, self._first + self.max_wait)
        return deadline - self._clock()

    def take(self) -> ChangeSet | None:
        """The pending batch if it is due (and forget it), else None."""
        wait = self.due_in()
        if wait is None or wait > 0:
            return None
        batch = ChangeSet(changes=frozenset(self._pending))
        self._pending = set()
        return batch
