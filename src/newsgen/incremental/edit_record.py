"""The command line's memory of its last build: what lets a build after a body-only edit skip planning.

The dev server keeps its last plan in memory (see planmemo). A command-line build starts from nothing, and
reading and planning 10,000 articles takes longer than one edit deserves. So every build leaves, beside its
record (see freshness), rows in the cache database (see store) keyed by its output folder, with:

- each article file's stat and digest, so the next build reads only the files whose stat changed;
- each article's listing digest, to tell an edit no listing shows from one they do;
- the outputs that carry each article in full (its page, the feeds) and the spec of each such output,
  with articles stored as references (their source path) to the parse cache, so an edit loads a handful
  of rows instead of the whole plan;
- the warnings of the build, split by where they come from, so the edit's can be replaced.

It is only ever a shortcut: anything missing, damaged or from another version means a full build (silently:
it is not the user's concern). Values are plain data (see cachecodec).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..content.sources import StatKey
from ..core.errors import Problem
from ..core.models import Article, SourceFile, Term
from ..site.plan import FEED_KINDS, OutputSpec
from . import cachecodec
from .store import Slot, connect

# Past this many edited files, planning everything costs about the same as the shortcut.
MAX_EDITS = 50


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


def memo_path(record: Slot) -> Slot:
    """Where the memo of the build a record describes lives: the same output folder's rows."""
    return record


def carries_in_full(spec: OutputSpec) -> bool:
    """Outputs whose bytes depend on an article's body: its own page and the feeds."""
    return spec.kind == "article" or spec.kind in FEED_KINDS


def hints(memo: Memo) -> dict[str, tuple[StatKey, SourceFile]]:
    """`known` for sources.discover: the stat and digest of every article file, without its bytes."""
    return {rel: (known.stat, SourceFile(rel=rel, data=None, digest=known.digest))
            for rel, known in memo.sources.items()}


def load(slot: Slot) -> Memo | None:
    """The memo of `slot`'s output folder; None when missing or damaged (the cache's stamp, checked by
    store.Store, rules out another newsgen's)."""
    if not slot.db.is_file():
        return None
    try:
        with _open(slot) as db:
            meta = dict(db.execute("SELECT name, value FROM memo_meta WHERE output = ?", (slot.output,)))
            if "key" not in meta:
                return None
            # One row per article file, 100,000 of them on a big archive: decoded the short way when empty.
            sources = {rel: Known(stat=tuple(map(int, stat.split())), digest=digest,  # type: ignore[arg-type]
                                  listing=listing, page=page, outputs=tuple(outputs.split("\n")) if outputs else (),
                                  **(_found(found) if found else _NOTHING_FOUND))
                       for rel, stat, digest, listing, page, outputs, found in db.execute(
                           "SELECT rel, stat, digest, listing, page, outputs, found FROM memo_sources "
                           "WHERE output = ?", (slot.output,))}
            return Memo(key=meta["key"], frame=meta["frame"], sources=sources, context=_context(meta["context"]),
                        warnings=_problems(cachecodec.decode(meta["warnings"])))
    except (sqlite3.DatabaseError, cachecodec.DecodeError, ValueError, TypeError):  # only costs a full build
        return None


def save(slot: Slot, *, key: str, frame: str, sources: Mapping[str, Known], context: Context,
         warnings: Iterable[Problem], specs: Mapping[str, str], needed: set[str] | None,
         previous: Mapping[str, Known] | None = None) -> None:
    """Write the memo of a build. `specs`: new spec rows; rows of outputs not in `needed` are dropped (None:
    the same outputs as before). `previous`: the sources as the memo on disk has them (the same files), so
    only the rows that changed are written; else every row is. The key is written last, in the same
    transaction: a memo is whole or it does not match."""
    try:
        _save(slot, key=key, frame=frame, sources=sources, context=context, warnings=warnings, specs=specs,
              needed=needed, previous=previous)
    except sqlite3.DatabaseError:  # damaged: start over once, else leave it (a stale key never matches)
        forget(slot)
        try:
            _save(slot, key=key, frame=frame, sources=sources, context=context, warnings=warnings, specs=specs,
                  needed=needed, previous=None)
        except sqlite3.DatabaseError:
            forget(slot)


def _save(slot: Slot, *, key: str, frame: str, sources: Mapping[str, Known], context: Context,
          warnings: Iterable[Problem], specs: Mapping[str, str], needed: set[str] | None,
          previous: Mapping[str, Known] | None) -> None:
    slot.db.parent.mkdir(parents=True, exist_ok=True)
    output = slot.output
    with _open(slot) as db:
        db.execute("DELETE FROM memo_meta WHERE output = ? AND name = 'key'", (output,))
        if needed is not None:
            stale = [(output, file) for (file,) in db.execute("SELECT file FROM memo_specs WHERE output = ?",
                                                               (output,)) if file not in needed]
            db.executemany("DELETE FROM memo_specs WHERE output = ? AND file = ?", stale)
        db.executemany("INSERT OR REPLACE INTO memo_specs VALUES (?, ?, ?)",
                       ((output, file, value) for file, value in specs.items()))
        if previous is None:
            db.execute("DELETE FROM memo_sources WHERE output = ?", (output,))
        db.executemany("INSERT OR REPLACE INTO memo_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
            (output, rel, " ".join(map(str, k.stat)), k.digest, k.listing, k.page, "\n".join(k.outputs),
             cachecodec.encode((k.warnings, k.tags)) if k.warnings or k.tags else "")
            for rel, k in sources.items() if previous is None or previous.get(rel) != k))
        db.executemany("INSERT OR REPLACE INTO memo_meta VALUES (?, ?, ?)", [(output, name, value) for name, value in (
            ("frame", frame), ("context", cachecodec.encode((context.templates, context.shared, context.sections))),
            ("warnings", cachecodec.encode(tuple(warnings))), ("key", key))])


_NOTHING_FOUND: dict[str, Any] = {"warnings": (), "tags": ()}


def _found(text: str) -> dict[str, Any]:
    warnings, tags = cachecodec.decode(text) if text else ((), ())
    return {"warnings": _problems(warnings), "tags": tuple((str(name), int(line)) for name, line in tags)}


def _context(text: str) -> Context:
    templates, shared, sections = cachecodec.decode(text)
    if not (isinstance(templates, dict) and isinstance(shared, str)
            and all(isinstance(term, Term) for term in sections)):
        raise ValueError("not an edit memo's context")
    return Context(templates=templates, shared=shared, sections=tuple(sections))


def _problems(values: Any) -> tuple[Problem, ...]:
    if not all(isinstance(value, Problem) for value in values):
        raise ValueError("not a list of problems")
    return tuple(values)


def stored_specs(slot: Slot) -> set[str]:
    """The outputs whose specs the memo holds."""
    try:
        with _open(slot) as db:
            return {file for (file,) in db.execute("SELECT file FROM memo_specs WHERE output = ?", (slot.output,))}
    except sqlite3.DatabaseError:
        return set()


def load_specs(slot: Slot, files: Iterable[str], article: Callable[[str], Article | None]
               ) -> dict[str, OutputSpec] | None:
    """The specs of `files`, with each article reference resolved by `article(source)`; None if any spec or
    article is missing, or a row is damaged."""
    found: dict[str, OutputSpec] = {}
    try:
        with _open(slot) as db:
            for file in files:
                row = db.execute("SELECT value FROM memo_specs WHERE output = ? AND file = ?",
                                 (slot.output, file)).fetchone()
                if row is None:
                    return None
                spec = cachecodec.decode(row[0], article=lambda source: _resolved(article, source))
                if not isinstance(spec, OutputSpec):
                    return None
                found[file] = spec
    except (sqlite3.DatabaseError, cachecodec.DecodeError, _Missing):
        return None
    return found


def dump_spec(spec: OutputSpec) -> str:
    """The spec with every article written as a reference (its source path): bodies and the listing
    fields of other articles are not repeated in every row."""
    return cachecodec.encode(spec, article_refs=True)


def forget(slot: Slot) -> None:
    """Drop the memo of `slot`'s output folder (nothing when the cache is damaged: its key never matches)."""
    if not slot.db.is_file():
        return
    try:
        with _open(slot) as db:
            for table in ("memo_meta", "memo_sources", "memo_specs"):
                db.execute(f"DELETE FROM {table} WHERE output = ?", (slot.output,))
    except sqlite3.DatabaseError:
        pass


class _Missing(Exception):
    pass


def _resolved(article: Callable[[str], Article | None], source: str) -> Article:
    found = article(source)
    if found is None:
        raise _Missing(source)
    return found


@contextmanager
def _open(slot: Slot) -> Iterator[sqlite3.Connection]:
    """A connection to the cache database that is one transaction, closed after."""
    db = connect(slot.db)
    try:
        with db:
            yield db
    finally:
        db.close()
