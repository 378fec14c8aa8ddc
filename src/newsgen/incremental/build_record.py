"""The "nothing changed" shortcut: when every input is as it was at the last build, the output is already right.

A build records a key of all its inputs (article digests, settings, templates, static files, authors.yaml,
the command-line switches) and the moment until which the clock cannot change the output: the next
scheduled article, the next expiry, or the next article leaving the 48-hour news sitemap. The next build
with the same key inside that window, and with every output file still present, does nothing at all.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.models import Site, SourceFile
from ..output.static_files import scan_static
from ..render.environment import template_dirs
from ..site.authors import AUTHORS_FILE
from ..site.plan import NEWS_SITEMAP_HOURS
from . import edit_record as editmemo
from .store import DB_NAME, Slot, connect

# A static file changed within this long before the last build may have changed again within the file
# system's timestamp resolution without its stat changing ("racy" files): such a build is never skipped.
RACY_SECONDS = 2.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """What a build leaves in the manifest for the next one."""

    key: str
    now: str  # ISO time of the build's clock
    valid_until: str | None
    finished: float  # wall clock (time.time()) when written, for the racy-file rule
    counts: dict[str, int]
    warnings: list[list[Any]]
    next_due: str | None = None
    next_expiry: str | None = None
    next_unfeature: str | None = None  # the feature-end part of next_expiry, for the summary line
    output: str = ""  # the output folder it describes

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "now": self.now, "valid_until": self.valid_until, "finished": self.finished,
                "counts": self.counts, "warnings": self.warnings, "next_due": self.next_due,
                "next_expiry": self.next_expiry, "next_unfeature": self.next_unfeature, "output": self.output}

    @staticmethod
    def from_json(data: Any) -> Record | None:
        try:
            return Record(key=str(data["key"]), now=str(data["now"]), valid_until=data["valid_until"],
                          finished=float(data["finished"]), counts=dict(data["counts"]),
                          warnings=list(data["warnings"]), next_due=data.get("next_due"),
                          next_expiry=data.get("next_expiry"), next_unfeature=data.get("next_unfeature"),
                          output=str(data.get("output", "")))
        except (KeyError, TypeError, ValueError):
            return None


def record_path(cache_dir: Path, output_dir: Path) -> Slot:
    """Where the record of builds into `output_dir` lives: in the cache database, keyed by the folder, so the
    output stays byte-identical."""
    return Slot(db=cache_dir / DB_NAME, output=str(output_dir))


def forget_missing_outputs(cache_dir: Path) -> None:
    """Delete the rows (record, edit memo, link results) of output folders that no longer exist (`newsgen
    check` builds into temporary ones)."""
    db_path = cache_dir / DB_NAME
    try:
        db = connect(db_path)
        try:
            with db:
                gone = [output for (output,) in db.execute("SELECT output FROM records")
                        if not Path(output).is_dir()]
                for table in ("records", "links"):
                    db.executemany(f"DELETE FROM {table} WHERE output = ?", [(output,) for output in gone])
        finally:
            db.close()
    except sqlite3.DatabaseError:  # the next build's store discards a damaged cache
        return
    for output in gone:
        editmemo.forget(Slot(db=db_path, output=output))


def load_record(slot: Slot) -> Record | None:
    """The last build's record for `slot`'s output folder; None when there is none or it is damaged."""
    if not slot.db.is_file():
        return None
    try:
        db = connect(slot.db)
        try:
            row = db.execute("SELECT value FROM records WHERE output = ?", (slot.output,)).fetchone()
        finally:
            db.close()
        return Record.from_json(json.loads(row[0])) if row is not None else None
    except (sqlite3.DatabaseError, ValueError):
        return None


def save_record(slot: Slot, record: Record) -> None:
    """Store the record of a build. Raises OSError when the cache cannot be written."""
    _write(slot, "INSERT OR REPLACE INTO records VALUES (?, ?)", (slot.output, json.dumps(record.as_json())))


def forget_record(slot: Slot) -> None:
    """Drop the record (until a new output is complete, it matches no record). Raises OSError as save_record."""
    if slot.db.is_file():
        _write(slot, "DELETE FROM records WHERE output = ?", (slot.output,))


def _write(slot: Slot, sql: str, values: tuple[str, ...]) -> None:
    slot.db.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = connect(slot.db)
        try:
            with db:
                db.execute(sql, values)
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise OSError(errno.EIO, str(exc), str(slot.db)) from None


def frame_key(*, site_dir: Path, config: SiteConfig, switches: str, notes: tuple[Problem, ...]) -> tuple[str, float]:
    """(key of every input of a build but the article files, newest static-file change time)."""
    # `warnings: ignore:` changes no output but which warnings the record replays (search_warnings)
    ignored = sorted(config.warnings.ignore)
    h = hashlib.sha256(f"{__version__}\0{config.digest()}\0{ignored}\0{switches}\0".encode())
    h.update(repr([str(n) for n in notes]).encode())
    for folder in template_dirs(site_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(f"{path}\0".encode("utf-8", "surrogateescape") + path.read_bytes())
    authors = site_dir / AUTHORS_FILE
    h.update(authors.read_bytes() if authors.is_file() else b"\0no authors")
    newest = 0.0
    # The files the build copies (links followed only inside the site, as assets.scan_static rules).
    scan = scan_static(site_dir)
    h.update(repr([str(p) for p in scan.skipped]).encode("utf-8", "surrogateescape"))
    for static in scan.files:
        try:
            stat = static.source.stat()
        except OSError:  # gone since the scan: the build reports it
            continue
        # Static files can be big photos: their stat, not their bytes (ctime changes on any write).
        h.update(f"{static.rel}\0{static.source}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0"
                 f"{stat.st_ino}\0".encode("utf-8", "surrogateescape"))
        newest = max(newest, stat.st_mtime, stat.st_ctime)
    return h.hexdigest(), newest


def input_key(frame: str, sources: tuple[SourceFile, ...]) -> str:
    """Key of every input of a build: the frame (see frame_key) and every article file's digest."""
    h = hashlib.sha256(f"{frame}\0".encode())
    for source in sources:
        h.update(f"{source.rel}\0{source.digest}\0".encode())
    return h.hexdigest()


def valid_until(site: Site, now: dt.datetime) -> dt.datetime | None:
    """The first moment after `now` at which the same inputs would give a different site."""
    window = dt.timedelta(hours=NEWS_SITEMAP_HOURS)
    moments = [m for m in (site.next_due, site.next_expiry) if m is not None]
    for article in site.articles:  # newest first: stop at the first one already out of the news sitemap
        if article.date + window <= now:
            break
        moments.append(article.date + window)
    return min(moments, default=None)


def is_fresh(record: Record | None, key: str, newest_static: float, now: dt.datetime, output_dir: Path,
             files: list[str], live_inode: int) -> bool:
    """True when the last build had these very inputs, the clock has not crossed a change, and no output
    file has gone missing."""
    return record is not None and record.key == key and still_valid(record, newest_static, now, output_dir, files,
                                                                     live_inode)


def still_valid(record: Record, newest_static: float, now: dt.datetime, output_dir: Path, files: list[str],
                live_inode: int) -> bool:
    """True when the clock has not crossed a change since the record's build (so every article is published,
    listed or expired as it was), no static file is racy, every output file is still there, and the output
    folder is the one that build made (`live_inode`: another site built into it since swapped in another)."""
    if record.counts.get("files") != len(files) or not files or record.counts.get("live_inode") != live_inode:
        return False
    if newest_static >= record.finished - RACY_SECONDS:
        return False
    if now < dt.datetime.fromisoformat(record.now):
        return False
    if record.valid_until is not None and now >= dt.datetime.fromisoformat(record.valid_until):
        return False
    root = str(output_dir) + os.sep  # strings, not Path: this runs for every output
    return all(os.path.isfile(root + rel) for rel in files)


def new_record(key: str, site: Site, now: dt.datetime, counts: dict[str, int], warnings: list[Problem],
               output_dir: Path) -> Record:
    until = valid_until(site, now)
    return Record(key=key, now=now.isoformat(), valid_until=until.isoformat() if until else None,
                  finished=time.time(), counts=counts,
                  warnings=[[w.path, w.line, w.field, w.message, w.kind] for w in warnings],
                  next_due=site.next_due.isoformat() if site.next_due else None,
                  next_expiry=site.next_expiry.isoformat() if site.next_expiry else None,
                  next_unfeature=site.next_unfeature.isoformat() if site.next_unfeature else None,
                  output=str(output_dir))


def record_warnings(record: Record) -> tuple[Problem, ...]:
    return tuple(Problem(path=w[0], line=w[1], field=w[2], message=w[3], kind=w[4] if len(w) > 4 else "")
                 for w in record.warnings)
