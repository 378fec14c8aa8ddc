"""What the last build learnt of each image: its digest, format and upright size, by the file's state.

A camera original is several megabytes: reading and hashing each one on every build (and in every render
worker) was most of a rebuild's work when one photo was added. The table is kept as JSON in the image cache
folder (never pickle: the cache may come from a CI cache others can write) and is trusted only for a file
whose size, mtime, ctime and inode are all as recorded; ctime changes on any write or rename, so an edited
photo is read again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .probe import ImageInfo

KNOWN_FILE = "known.json"
_VERSION = 1


def file_state(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def load_known(cache: Path | None) -> dict[str, tuple[str, ImageInfo]]:
    """{path under static/: (file state, what it held)}; {} without a cache or for an unreadable table."""
    if cache is None:
        return {}
    try:
        data = json.loads((cache / KNOWN_FILE).read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            return {}
        return {path: (state, ImageInfo(format=fmt, width=int(width), height=int(height), digest=digest))
                for path, (state, fmt, width, height, digest) in data["images"].items()
                if fmt in ("JPEG", "PNG") and int(width) > 0 and int(height) > 0}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError):
        return {}  # a missing or damaged table only costs reading the images again


def save_known(cache: Path | None, known: dict[str, tuple[str, ImageInfo]]) -> None:
    """Write the table atomically (a killed build leaves the old one or the new one)."""
    if cache is None:
        return
    rows = {path: [state, info.format, info.width, info.height, info.digest]
            for path, (state, info) in sorted(known.items())}
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = cache / (KNOWN_FILE + ".part")
        partial.write_text(json.dumps({"version": _VERSION, "images": rows}), encoding="utf-8")
        partial.replace(cache / KNOWN_FILE)
    except OSError:
        pass  # a speed-up only


def known_info(known: dict[str, tuple[str, ImageInfo]], path: str, stat: os.stat_result) -> ImageInfo | None:
    """The recorded info of the file at `path` when the file is as it was recorded, else None."""
    found = known.get(path)
    return found[1] if found is not None and found[0] == file_state(stat) else None
