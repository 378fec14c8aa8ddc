"""The persistent build cache (`.newsgen-cache/`): one SQLite file holding everything a build remembers.

Parsed articles and their rendered bodies (by content hash, here), and, per output folder, the build
record (build_record, as rows: record_rows) and the link check's results (check.link_results). One file: atomic
commits, safe to delete at any time, and bodies can be read one at a time by any process, so no build ever
needs every article body in memory. Values are plain data (see cachecodec), never pickle: the folder may
come from a CI cache others can write. A cache written by another newsgen version, or one that is damaged
(garbage, truncated, tables of another shape), is discarded with one warning: never trusted, never fatal.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .. import __version__
from ..core.models import Article, Parsed
from . import cachecodec

CACHE_DIR = ".newsgen-cache"
DB_NAME = "newsgen.sqlite3"
# Bump when the cached values change shape; the newsgen version is part of the key as well.
FORMAT = 7
# The digest of an empty body (an article with only front matter), which `light()` cannot tell from a stripped one.
EMPTY_BODY = hashlib.sha256(b"").hexdigest()
# Every table of the cache. `output` keys the rows of one output folder (its resolved path).
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, config TEXT NOT NULL, source TEXT NOT NULL,
                                   body TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bodies (digest TEXT PRIMARY KEY, html TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (output TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS record_sources (output TEXT NOT NULL, rel TEXT NOT NULL, stat TEXT NOT NULL,
                                           digest TEXT NOT NULL, listing TEXT NOT NULL, page TEXT NOT NULL,
                                           outputs TEXT NOT NULL, found TEXT NOT NULL, PRIMARY KEY (output, rel));
CREATE TABLE IF NOT EXISTS record_outputs (output TEXT NOT NULL, file TEXT NOT NULL, value TEXT NOT NULL,
                                           PRIMARY KEY (output, file));
CREATE TABLE IF NOT EXISTS links (output TEXT PRIMARY KEY, files BLOB NOT NULL, names TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS link_pages (output TEXT NOT NULL, page TEXT NOT NULL, digest TEXT NOT NULL,
                                       source TEXT NOT NULL, anchored TEXT NOT NULL, places TEXT NOT NULL,
                                       targets TEXT NOT NULL, PRIMARY KEY (output, page));
"""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where the rows of one output folder live: the cache database, and the folder that keys them."""

    db: Path
    output: str


def source_key(rel: str, digest: str, config_digest: str) -> str:
    """Cache key of one parse: the file's path and bytes, the settings that shape parsing, and newsgen itself."""
    return hashlib.sha256(f"{__version__}\0{FORMAT}\0{config_digest}\0{rel}\0{digest}".encode()).hexdigest()


class Store:
    """Parsed articles (light, without bodies) and bodies, in one SQLite database."""

    def __init__(self, path: Path, *, warnings: list[str] | None = None):
        self.path = path
        self.warnings = warnings if warnings is not None else []
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            db = connect(self.path)
            stamp = db.execute("SELECT value FROM meta WHERE name='stamp'").fetchone()
            if stamp is None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (_stamp(),))
                db.commit()
            elif stamp[0] != _stamp():
                db.close()
                self.warnings.append(f"{self.path}: cache from another newsgen version; starting a new one")
                return self._recreate()
            if (wrong := _wrong_tables(db)):
                db.close()
                self.warnings.append(f"{self.path}: cache tables of another shape ({', '.join(wrong)}) discarded; "
                                     "starting a new one")
                return self._recreate()
            return db
        except sqlite3.DatabaseError as exc:
            self.warnings.append(f"{self.path}: damaged cache discarded ({exc}); starting a new one")
            return self._recreate()

    def _recreate(self) -> sqlite3.Connection:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)
        db = connect(self.path)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (_stamp(),))
        db.commit()
        return db

    def load_parsed(self, keys: Iterable[str], config_digest: str) -> dict[str, Parsed]:
        """The cached parses among `keys`; entries that fail to load are dropped (and re-parsed)."""
        wanted = set(keys)
        rows: list[tuple[str, str]] = []
        try:
            for key, value in self._db.execute("SELECT key, value FROM parsed WHERE config = ?", (config_digest,)):
                if key in wanted:
                    rows.append((key, value))
        except sqlite3.DatabaseError as exc:
            self.warnings.append(f"{self.path}: unreadable cache ignored ({exc})")
            return {}
        return self._decoded(rows)

    def load_some(self, keys: Iterable[str]) -> dict[str, Parsed]:
        """The cached parses among a few `keys`, looked up one by one (load_parsed reads them all)."""
        rows: list[tuple[str, str]] = []
        try:
            for key in keys:
                row = self._db.execute("SELECT value FROM parsed WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    rows.append((key, row[0]))
        except sqlite3.DatabaseError as exc:
            self.warnings.append(f"{self.path}: unreadable cache ignored ({exc})")
            return {}
        return self._decoded(rows)

    def _decoded(self, rows: list[tuple[str, str]]) -> dict[str, Parsed]:
        """The rows' parses; rows that do not decode are dropped (so re-parsed), with one warning for all."""
        found: dict[str, Parsed] = {}
        bad = 0
        for key, value in rows:
            parsed = _parsed(value)
            if parsed is None:
                bad += 1
            else:
                found[key] = parsed
        if bad:
            self.warnings.append(f"{self.path}: {bad} damaged cache entr{'y' if bad == 1 else 'ies'} discarded; "
                                 "parsed again")
        return found

    def add(self, entries: dict[str, Parsed], config_digest: str) -> None:
        """Store new parses, bodies separately (called batch by batch, so bodies never pile up in memory)."""
        if not entries:
            return
        with self._db:
            for key, parsed in entries.items():
                article = parsed.article
                if article.body_html or article.body_digest == EMPTY_BODY:
                    # An empty body (a link or photo post) is stored too: its digest must resolve like any other.
                    self._db.execute("INSERT OR IGNORE INTO bodies VALUES (?, ?)",
                                     (article.body_digest, article.body_html))
                light = replace(parsed, article=article.light())
                self._db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?, ?)", (
                    key, config_digest, article.source, article.body_digest,
                    cachecodec.encode(light)))

    def prune(self, keep: set[str], config_digest: str) -> None:
        """Forget this config's parses of files no longer there (and bodies nothing refers to any more).

        Parses made under other settings (the dev server's local base URL) are kept, so `serve` and
        `build` can take turns without re-parsing everything each time.
        """
        stale = [k for (k,) in self._db.execute("SELECT key FROM parsed WHERE config = ?", (config_digest,))
                 if k not in keep]
        if stale:
            with self._db:
                self._db.executemany("DELETE FROM parsed WHERE key = ?", [(k,) for k in stale])
            self.vacuum_bodies()

    def vacuum_bodies(self) -> None:
        """Delete bodies no cached article refers to."""
        with self._db:
            self._db.execute("DELETE FROM bodies WHERE digest NOT IN (SELECT body FROM parsed)")

    def body(self, digest: str) -> str:
        row = self._db.execute("SELECT html FROM bodies WHERE digest = ?", (digest,)).fetchone()
        if row is None:
            raise KeyError(f"body {digest} missing from the cache")
        return row[0]

    def hydrate(self, article: Article) -> Article:
        """The article with its body loaded (an empty body needs no lookup: nothing was lost in the light copy)."""
        if article.body_html or not article.body_digest or article.body_digest == EMPTY_BODY:
            return article
        return replace(article, body_html=self.body(article.body_digest))

    def close(self) -> None:
        self._db.close()


def _parsed(value: str) -> Parsed | None:
    try:
        parsed = cachecodec.decode(value)
    except cachecodec.DecodeError:
        return None
    return parsed if isinstance(parsed, Parsed) else None


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the cache database at `path`, its tables created if missing. Raises
    sqlite3.DatabaseError when the file is not a database."""
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    return db


def _wrong_tables(db: sqlite3.Connection) -> list[str]:
    """The tables whose columns are not the schema's (left by an older or newer newsgen of the same stamp)."""
    return [table for table, columns in _columns().items()
            if [row[1] for row in db.execute(f"PRAGMA table_info({table})")] != columns]


@cache
def _columns() -> dict[str, list[str]]:
    """Each table's columns, as the schema declares them (read from a database made from it)."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")] for table in tables}
    db.close()
    return columns


def _stamp() -> str:
    """The cache's one compatibility stamp: newsgen's version, the format, and the shape of every cached type,
    so a development checkout that changes a model never reads values of the old shape."""
    return f"newsgen {__version__} format {FORMAT} {cachecodec.shapes()}"
