"""The command line's memory of its last build: what lets a build after a body-only edit skip planning.

The dev server keeps its last plan in memory (see planmemo). A command-line build starts from nothing, and
reading and planning 10,000 articles takes longer than one edit deserves. So every build leaves, beside its
record (see freshness), a small SQLite file with:

- each article file's stat and digest, so the next build reads only the files whose stat changed;
- each article's listing digest, to tell an edit no listing shows from one they do;
- the outputs that carry each article in full (its page, the feeds) and the spec of each such output,
  with articles stored as references (their source path) to the parse cache, so an edit loads a handful
  of rows instead of the whole plan;
- the warnings of the build, split by where they come from, so the edit's can be replaced.

It is only ever a shortcut: anything missing, damaged or from another version means a full build.
"""

from __future__ import annotations

import io
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .. import __version__
from ..content.sources import StatKey
from ..core.errors import Problem
from ..core.models import Article, SourceFile, Term
from ..site import plan
from ..site.plan import FEED_KINDS, OutputSpec

FORMAT = 1
# Past this many edited files, planning everything costs about the same as the shortcut.
MAX_EDITS = 50
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS sources (rel TEXT PRIMARY KEY, stat TEXT NOT NULL, digest TEXT NOT NULL,
                                    listing TEXT NOT NULL, page TEXT NOT NULL, outputs TEXT NOT NULL,
                                    found BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS specs (file TEXT PRIMARY KEY, value BLOB NOT NULL);
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Known:
    """One article file as the last build saw it."""

    stat: StatKey
    digest: str
    listing: str  # its listing digest ('' when it did not parse)
    page: str  # its article page ('' when unpublished)
    outputs: tuple[str, ...]  # every output carrying it in full: its page and the feeds
    warnings: tuple[Problem, ...]  # its parse warnings
    tags: tuple[tuple[str, int], ...]  # the foreign template tags in it (see templatetags.tags_in)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What renders and fingerprints an output besides its spec, unchanged by a body-only edit."""

    templates: dict[str, str]  # template digests, by name
    shared: str  # the fingerprint's shared part (sections, staff list)
    sections: tuple[Term, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Memo:
    key: str  # the record key of the build it describes
    frame: str  # that build's frame key (see freshness.frame_key)
    sources: dict[str, Known]
    context: Context
    warnings: tuple[Problem, ...]  # that build's warnings no article body can change (notes, search hints)


def memo_path(record_file: Path) -> Path:
    return record_file.with_suffix(".sqlite3")


def carries_in_full(spec: OutputSpec) -> bool:
    """Outputs whose bytes depend on an article's body: its own page and the feeds."""
    return spec.kind == "article" or spec.kind in FEED_KINDS


def hints(memo: Memo) -> dict[str, tuple[StatKey, SourceFile]]:
    """`known` for sources.discover: the stat and digest of every article file, without its bytes."""
    return {rel: (known.stat, SourceFile(rel=rel, data=None, digest=known.digest))
            for rel, known in memo.sources.items()}


def load(path: Path) -> Memo | None:
    """The memo at `path`; None when missing, damaged or written by another newsgen."""
    if not path.is_file():
        return None
    try:
        with _open(path) as db:
            meta = dict(db.execute("SELECT name, value FROM meta"))
            if meta.get("stamp") != _stamp():
                return None
            sources = {rel: Known(stat=tuple(int(n) for n in stat.split()), digest=digest,  # type: ignore[arg-type]
                                  listing=listing, page=page, outputs=tuple(outputs.split("\n")) if outputs else (),
                                  **_found(found))
                       for rel, stat, digest, listing, page, outputs, found in db.execute("SELECT * FROM sources")}
            return Memo(key=meta["key"], frame=meta["frame"], sources=sources, context=pickle.loads(meta["context"]),
                        warnings=pickle.loads(meta["warnings"]))
    except Exception:  # noqa: BLE001 - a damaged memo only costs a full build
        return None


def save(path: Path, *, key: str, frame: str, sources: Mapping[str, Known], context: Context,
         warnings: Iterable[Problem], specs: Mapping[str, bytes], needed: set[str] | None,
         previous: Mapping[str, Known] | None = None) -> None:
    """Write the memo of a build. `specs`: new spec rows; rows of outputs not in `needed` are dropped (None:
    the same outputs as before). `previous`: the sources as the memo on disk has them (the same files), so
    only the rows that changed are written; else every row is. The key is written last, in the same
    transaction: a memo is whole or it does not match."""
    try:
        _save(path, key=key, frame=frame, sources=sources, context=context, warnings=warnings, specs=specs,
              needed=needed, previous=previous)
    except sqlite3.DatabaseError:  # damaged: start over once, else leave it (a stale key never matches)
        forget(path)
        try:
            _save(path, key=key, frame=frame, sources=sources, context=context, warnings=warnings, specs=specs,
                  needed=needed, previous=None)
        except sqlite3.DatabaseError:
            forget(path)


def _save(path: Path, *, key: str, frame: str, sources: Mapping[str, Known], context: Context,
          warnings: Iterable[Problem], specs: Mapping[str, bytes], needed: set[str] | None,
          previous: Mapping[str, Known] | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _open(path) as db:
        db.execute("DELETE FROM meta WHERE name = 'key'")
        if needed is not None:
            stale = [(file,) for (file,) in db.execute("SELECT file FROM specs") if file not in needed]
            db.executemany("DELETE FROM specs WHERE file = ?", stale)
        db.executemany("INSERT OR REPLACE INTO specs VALUES (?, ?)", specs.items())
        if previous is None:
            db.execute("DELETE FROM sources")
        db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)", (
            (rel, " ".join(map(str, k.stat)), k.digest, k.listing, k.page, "\n".join(k.outputs),
             pickle.dumps((k.warnings, k.tags), protocol=pickle.HIGHEST_PROTOCOL) if k.warnings or k.tags else b"")
            for rel, k in sources.items() if previous is None or previous.get(rel) != k))
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
            ("stamp", _stamp()), ("frame", frame),
            ("context", pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)),
            ("warnings", pickle.dumps(tuple(warnings), protocol=pickle.HIGHEST_PROTOCOL)), ("key", key)])


def _found(blob: bytes) -> dict[str, Any]:
    warnings, tags = pickle.loads(blob) if blob else ((), ())
    return {"warnings": warnings, "tags": tags}


def stored_specs(path: Path) -> set[str]:
    """The outputs whose specs the memo holds."""
    try:
        with _open(path) as db:
            return {file for (file,) in db.execute("SELECT file FROM specs")}
    except sqlite3.DatabaseError:
        return set()


def load_specs(path: Path, files: Iterable[str], article: Callable[[str], Article | None]
               ) -> dict[str, OutputSpec] | None:
    """The specs of `files`, with each article reference resolved by `article(source)`; None if any spec or
    article is missing."""
    found: dict[str, OutputSpec] = {}
    try:
        with _open(path) as db:
            for file in files:
                row = db.execute("SELECT value FROM specs WHERE file = ?", (file,)).fetchone()
                if row is None:
                    return None
                found[file] = _SpecUnpickler(io.BytesIO(row[0]), article).load()
    except (sqlite3.DatabaseError, _Missing):
        return None
    return found


def dump_spec(spec: OutputSpec) -> bytes:
    """The spec with every article written as a reference (its source path): bodies and the listing
    fields of other articles are not repeated in every row."""
    buffer = io.BytesIO()
    _SpecPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(spec)
    return buffer.getvalue()


def forget(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


class _SpecPickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> str | None:
        return obj.source if isinstance(obj, Article) else None


class _Missing(Exception):
    pass


class _SpecUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, article: Callable[[str], Article | None]):
        super().__init__(file)
        self._article = article

    def persistent_load(self, pid: Any) -> Article:
        found = self._article(str(pid))
        if found is None:
            raise _Missing(pid)
        return found


@contextmanager
def _open(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that is one transaction, closed after."""
    db = sqlite3.connect(path, timeout=30)
    try:
        db.executescript(_SCHEMA)
        with db:
            yield db
    finally:
        db.close()


def _stamp() -> str:
    """newsgen's version, the format, and the shape of every pickled type (a development checkout that
    changes one never reads rows of the old shape)."""
    shapes = ";".join(f"{cls.__name__}:{','.join(f.name for f in fields(cls))}" for cls in (
        OutputSpec, Article, Term, Problem, Known, Context, plan.Pagination, plan.Feed, plan.SitemapEntry,
        plan.TermCount, plan.ArchiveLink))
    return f"newsgen {__version__} memo {FORMAT} {shapes}"
