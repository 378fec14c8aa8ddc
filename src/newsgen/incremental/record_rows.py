"""The build record (see build_record) as rows of the one cache database (see store), keyed by output folder.

`records` holds each record's head (JSON); `record_sources` one row per source file (100,000 of them on a
big archive, so only the rows that changed are written again); `record_outputs` one row per output that
carries an article in full, with its spec, articles written as references (their source path) to the parse
cache, so a body edit loads a handful of rows instead of the whole plan. The head is written last, in the
same transaction: a record is whole or it is not there.

A record is only ever a shortcut: anything missing, damaged or from another version means a full build
(silently: it is not the user's concern). Values are plain data (see cachecodec), never pickle.
"""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from ..core.models import Article, Term
from ..site.plan import OutputSpec
from . import cachecodec
from .build_record import Context, Known, Record, problems_of
from .store import DB_NAME, Slot, connect

_TABLES = ("records", "record_sources", "record_outputs", "links")


def record_slot(cache_dir: Path, output_dir: Path) -> Slot:
    """Where the record of builds into `output_dir` lives: in the cache database, keyed by the folder, so the
    output stays byte-identical."""
    return Slot(db=cache_dir / DB_NAME, output=str(output_dir))


def load_record(slot: Slot, kept: Record | None = None) -> Record | None:
    """The last build's record for `slot`'s output folder; None when there is none or it is damaged. `kept`:
    the record a long-running process holds in memory, returned as it is when it is the one on disk (its
    per-source rows are then not read again)."""
    loaded = _load(slot, kept, rows=True)
    return loaded[0] if loaded is not None else None


def load_head(slot: Slot) -> tuple[Record, str] | None:
    """The last build's record without its per-source rows (`sources` is empty), and the digest of their
    stats (see sources.stat_digest): what a no-change build compares. None as load_record, or when the
    record has no such digest (an older newsgen wrote it)."""
    loaded = _load(slot, None, rows=False)
    return loaded if loaded is not None and loaded[1] else None


def _load(slot: Slot, kept: Record | None, *, rows: bool) -> tuple[Record, str] | None:
    if not slot.db.is_file():
        return None
    try:
        with _open(slot) as db:
            row = db.execute("SELECT value FROM records WHERE output = ?", (slot.output,)).fetchone()
            if row is None:
                return None
            head = json.loads(row[0])
            stats = head.get("stats")
            stats = stats if isinstance(stats, str) else ""
            if kept is not None and kept.key == head["key"] and kept.finished == head["finished"]:
                return kept, stats
            return _record(head, _sources(db, slot.output) if rows else {}), stats
    except (sqlite3.DatabaseError, cachecodec.DecodeError, ValueError, TypeError, KeyError, OverflowError,
            RecursionError):
        return None  # only costs a full build


def _sources(db: sqlite3.Connection, output: str) -> dict[str, Known]:
    # Decoded the short way when a file has no warnings and no template tags: most rows.
    return {rel: Known(stat=tuple(map(int, stat.split())), digest=digest,  # type: ignore[arg-type]
                       listing=listing, page=page, outputs=tuple(outputs.split("\n")) if outputs else (),
                       **(_found(found) if found else _NOTHING_FOUND))
            for rel, stat, digest, listing, page, outputs, found in db.execute(
                "SELECT rel, stat, digest, listing, page, outputs, found FROM record_sources WHERE output = ?",
                (output,))}


def _record(head: dict[str, Any], sources: dict[str, Known]) -> Record:
    return Record(key=str(head["key"]), frame=str(head["frame"]), now=str(head["now"]),
                  valid_until=head["valid_until"], finished=float(head["finished"]), counts=dict(head["counts"]),
                  warnings=problems_of(head["warnings"]), next_due=head["next_due"],
                  next_expiry=head["next_expiry"], next_unfeature=head.get("next_unfeature"),
                  output=str(head["output"]), sources=sources,
                  context=_context(head["context"]), steady=_problems(cachecodec.decode(head["steady"])),
                  racy={str(path): str(sha) for path, sha in head["racy"].items()})


def save_record(slot: Slot, record: Record, *, outputs: Mapping[str, str], needed: set[str] | None,
                previous: Record | None) -> None:
    """Write the record of a build. `outputs`: new spec rows (see dump_spec); rows of outputs not in `needed`
    are dropped (None: the same outputs as before). `previous`: the record on disk, so only the source rows
    that changed are written; None: every row is. Raises OSError when the cache cannot be written."""
    slot.db.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _open(slot) as db:
            _write(db, slot.output, record, outputs, needed, previous)
    except sqlite3.DatabaseError as exc:
        raise OSError(errno.EIO, str(exc), str(slot.db)) from None


def _write(db: sqlite3.Connection, output: str, record: Record, outputs: Mapping[str, str],
           needed: set[str] | None, previous: Record | None) -> None:
    db.execute("DELETE FROM records WHERE output = ?", (output,))
    if needed is not None:
        stale = [(output, file) for (file,) in db.execute("SELECT file FROM record_outputs WHERE output = ?",
                                                           (output,)) if file not in needed]
        db.executemany("DELETE FROM record_outputs WHERE output = ? AND file = ?", stale)
    db.executemany("INSERT OR REPLACE INTO record_outputs VALUES (?, ?, ?)",
                   ((output, file, value) for file, value in outputs.items()))
    _write_sources(db, output, record.sources, previous.sources if previous is not None else None)
    context = record.context
    assert context is not None
    head = dict(record.head(), steady=cachecodec.encode(record.steady), context=cachecodec.encode(
        (context.templates, context.shared, context.sections, context.policy_links, context.page_links)))
    db.execute("INSERT INTO records VALUES (?, ?)", (output, json.dumps(head)))


def _write_sources(db: sqlite3.Connection, output: str, sources: Mapping[str, Known],
                   before: Mapping[str, Known] | None) -> None:
    """The per-source rows: only those that differ from `before` (the rows on disk), else all of them."""
    if before is None:
        db.execute("DELETE FROM record_sources WHERE output = ?", (output,))
    else:
        db.executemany("DELETE FROM record_sources WHERE output = ? AND rel = ?",
                       [(output, rel) for rel in before if rel not in sources])
    db.executemany("INSERT OR REPLACE INTO record_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (
        (output, rel, " ".join(map(str, k.stat)), k.digest, k.listing, k.page, "\n".join(k.outputs),
         cachecodec.encode((k.warnings, k.tags)) if k.warnings or k.tags else "")
        for rel, k in sources.items() if before is None or before.get(rel) != k))


def forget_record(slot: Slot) -> None:
    """Drop the record's head (until a new output is complete, it matches nothing). Raises OSError as
    save_record."""
    if not slot.db.is_file():
        return
    try:
        with _open(slot) as db:
            db.execute("DELETE FROM records WHERE output = ?", (slot.output,))
    except sqlite3.DatabaseError as exc:
        raise OSError(errno.EIO, str(exc), str(slot.db)) from None


def forget_missing_outputs(cache_dir: Path) -> None:
    """Delete the rows (record, link results) of output folders that no longer exist (`newsgen check` builds
    into temporary ones)."""
    try:
        db = connect(cache_dir / DB_NAME)
        try:
            with db:
                known = {output for table in _TABLES for (output,) in db.execute(f"SELECT DISTINCT output FROM {table}")}
                gone = [(output,) for output in known if not Path(output).is_dir()]
                for table in _TABLES:
                    db.executemany(f"DELETE FROM {table} WHERE output = ?", gone)
        finally:
            db.close()
    except sqlite3.DatabaseError:  # the next build's store discards a damaged cache
        return


_NOTHING_FOUND: dict[str, Any] = {"warnings": (), "tags": ()}


def _found(text: str) -> dict[str, Any]:
    warnings, tags = cachecodec.decode(text)
    return {"warnings": _problems(warnings), "tags": tuple((str(name), int(line)) for name, line in tags)}


def _context(text: str) -> Context:
    templates, shared, sections, policy_links, page_links = cachecodec.decode(text)
    if not (isinstance(templates, dict) and isinstance(shared, str)
            and all(isinstance(term, Term) for term in sections)):
        raise ValueError("not a build record's context")
    return Context(templates=templates, shared=shared, sections=tuple(sections),
                   policy_links=_links(policy_links), page_links=_links(page_links))


def _links(values: Any) -> tuple[tuple[str, str, str], ...]:
    return tuple((str(a), str(b), str(c)) for a, b, c in values)


def _problems(values: Any) -> tuple[Problem, ...]:
    if not all(isinstance(value, Problem) for value in values):
        raise ValueError("not a list of problems")
    return tuple(values)


def stored_outputs(slot: Slot) -> set[str]:
    """The outputs whose specs the record holds."""
    try:
        with _open(slot) as db:
            return {file for (file,) in db.execute("SELECT file FROM record_outputs WHERE output = ?",
                                                   (slot.output,))}
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
                row = db.execute("SELECT value FROM record_outputs WHERE output = ? AND file = ?",
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
