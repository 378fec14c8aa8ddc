"""Static files: the theme's, overridden by the site's `static/` file for file, copied to the output root.

Symbolic links are followed only while they stay inside the site folder: a link to `../secret.txt` would
publish a file the user never put in the site. Such links, dangling links and link loops are skipped with a
warning (`scan_static(...).skipped`), never a traceback and never a hang.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from ..content.sources import is_ignored_name
from ..core.errors import Problem
from ..render.themefiles import THEME_DIR

STATIC_DIR = "static"


@dataclass(frozen=True, slots=True, kw_only=True)
class StaticFile:
    """A file to copy: its output path and the file it comes from."""

    rel: str
    source: Path
    origin: str  # 'static/css/site.css' or '(newsgen theme) static/css/site.css', for messages


@dataclass(frozen=True, slots=True, kw_only=True)
class StaticScan:
    """The static files to publish, sorted, and a warning for every link or entry that was left out."""

    files: tuple[StaticFile, ...]
    skipped: tuple[Problem, ...]


def static_dirs(site_dir: Path) -> tuple[tuple[Path, str], ...]:
    """(folder, label) pairs, lowest priority first."""
    return ((THEME_DIR / STATIC_DIR, "(newsgen theme) static"), (site_dir / STATIC_DIR, STATIC_DIR))


def discover_static(site_dir: Path) -> tuple[StaticFile, ...]:
    """Every static file to publish, sorted; a site file replaces the theme file of the same name."""
    return scan_static(site_dir).files


def static_warnings(site_dir: Path) -> tuple[Problem, ...]:
    """A warning for each static entry left out: links leaving the site, dangling links, loops."""
    return scan_static(site_dir).skipped


def scan_static(site_dir: Path) -> StaticScan:
    """Every static file to publish and every entry skipped; never reads a file outside the site folder."""
    chosen: dict[str, StaticFile] = {}
    skipped: list[Problem] = []
    for root, label in static_dirs(site_dir):
        # The theme's files live in the package, the site's must stay inside the site folder.
        boundary = Path(os.path.realpath(site_dir if label == STATIC_DIR else root))
        walk = _Walk(boundary=boundary, label=label, skipped=skipped)
        if root.is_symlink() and walk.refused(root, "") or not root.is_dir():
            continue
        # A folder link back to static/ or to the site folder itself would copy the site into itself.
        ancestors = frozenset({boundary, Path(os.path.realpath(root))})
        for rel, path in walk.files(root, "", ancestors):
            chosen[rel] = StaticFile(rel=rel, source=path, origin=f"{label}/{rel}")
    return StaticScan(files=tuple(chosen[k] for k in sorted(chosen)),
                      skipped=tuple(sorted(skipped, key=lambda p: p.sort_key)))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Walk:
    """One static folder's walk: where links may point, how its entries are named, what was skipped."""

    boundary: Path
    label: str
    skipped: list[Problem]

    def files(self, folder: Path, prefix: str, ancestors: frozenset[Path]):  # type: ignore[no-untyped-def]
        """Yield (output path, file) under `folder`, sorted; `ancestors` are the real folders above it."""
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            self._skip(prefix, f"cannot read the folder ({exc.strerror}); skipped")
            return
        for entry in entries:
            if entry.name.startswith("."):  # .DS_Store, .git, editor swap files
                continue
            rel, path = prefix + entry.name, Path(entry.path)
            if entry.is_symlink() and self.refused(path, rel):
                continue
            if entry.is_dir():
                real = Path(os.path.realpath(path))
                if real in ancestors:
                    self._skip(rel, "a link back to a folder that contains it (a loop); skipped")
                    continue
                yield from self.files(path, rel + "/", ancestors | {real})
            elif entry.is_file():
                if not is_ignored_name(entry.name):
                    yield rel, path
            else:
                self._skip(rel, "not a regular file (a pipe, socket or device); skipped")

    def refused(self, link: Path, rel: str) -> bool:
        """True (and a warning) for a link that dangles, loops or points outside the boundary."""
        target = os.readlink(link)
        try:
            real = link.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a loop is a RuntimeError before Python 3.13, then ELOOP
            looped = isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP
            found = "a loop of links that never reaches a file" if looped else "which does not exist"
            self._skip(rel, f"a link to {target}, {found}; skipped: fix or delete the link")
            return True
        if not real.is_relative_to(self.boundary):
            self._skip(rel, f"a link to {target}, outside the site folder ({self.boundary}); newsgen publishes "
                       "only files inside it: copy the file into static/ instead")
            return True
        return False

    def _skip(self, rel: str, message: str) -> None:
        self.skipped.append(Problem(path=f"{self.label}/{rel}".rstrip("/"), message=message,
                                    kind="skipped-file"))
