"""Static files: the theme's, overridden by the site's `static/` file for file, copied to the output root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .render import THEME_DIR
from .sources import is_ignored_name

STATIC_DIR = "static"


@dataclass(frozen=True, slots=True, kw_only=True)
class StaticFile:
    """A file to copy: its output path and the file it comes from."""

    rel: str
    source: Path
    origin: str  # 'static/css/site.css' or '(newsgen theme) static/css/site.css', for messages


def static_dirs(site_dir: Path) -> tuple[tuple[Path, str], ...]:
    """(folder, label) pairs, lowest priority first."""
    return ((THEME_DIR / STATIC_DIR, "(newsgen theme) static"), (site_dir / STATIC_DIR, STATIC_DIR))


def discover_static(site_dir: Path) -> tuple[StaticFile, ...]:
    """Every static file to publish, sorted; a site file replaces the theme file of the same name."""
    chosen: dict[str, StaticFile] = {}
    for root, label in static_dirs(site_dir):
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if is_ignored_name(name):
                    continue
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                chosen[rel] = StaticFile(rel=rel, source=path, origin=f"{label}/{rel}")
    return tuple(chosen[k] for k in sorted(chosen))
