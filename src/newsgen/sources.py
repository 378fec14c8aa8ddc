"""Finding article files on disk: sorted, with content digests. The only place that reads `content/`."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .models import SourceFile

CONTENT_DIR = "content"
ARTICLE_SUFFIXES = (".md", ".markdown")


def is_ignored_name(name: str) -> bool:
    """Hidden files, editor temp files and Hugo's `_index.md` are never articles."""
    return (
        name.startswith((".", "#", "_"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name == "4913"  # vim's write-test file
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Discovery:
    """Article files found, plus the read errors and notes about skipped files."""

    sources: tuple[SourceFile, ...]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[str, ...] = ()


def discover(site_dir: Path) -> Discovery:
    """Return every article file under `site_dir/content`, sorted by path; unreadable files become problems."""
    root = site_dir / CONTENT_DIR
    found: list[SourceFile] = []
    problems: list[Problem] = []
    skipped: list[str] = []
    if not root.is_dir():
        return Discovery(sources=(), problems=(Problem(path=CONTENT_DIR, message=(
            "no content/ folder: create it and put articles (*.md) in it")),))
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(site_dir).as_posix()
            if is_ignored_name(name):
                continue
            if not name.endswith(ARTICLE_SUFFIXES):
                skipped.append(rel)
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                problems.append(Problem(path=rel, message=f"cannot read: {exc.strerror}"))
                continue
            found.append(SourceFile(rel=rel, data=data, digest=hashlib.sha256(data).hexdigest()))
    found.sort(key=lambda s: s.rel)
    return Discovery(sources=tuple(found), problems=tuple(problems), skipped=tuple(sorted(skipped)))
