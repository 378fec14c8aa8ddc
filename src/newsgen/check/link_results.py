"""The link check's results kept between builds: a row per page, in the cache database (or, for the dev
server, in memory), so a build that rechecks a page or two reads little and writes only those rows.

Per output folder, one head row (`links`: the site's file list, and the table of link-target names the
page rows number into) and a row per HTML page (`link_pages`): the digest
of the page it was checked as, its source file's digest, the files it links to, the pages it links into
with a #fragment (each with the digest that page had then), and the problems it had. A build reads every
page's first two columns and its anchors and problems, and the file list; the link targets and the name
table only when files came or went. Plain JSON in SQLite: loading never runs code, and a damaged or
hand-edited row only costs a recheck (see Previous).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..incremental.store import connect

# One problem of a page as stored: (group key, path, line, message, reported in the source file).
Place = tuple[str, str, "int | None", str, bool]


@dataclass(frozen=True, slots=True)
class Row:
    """What one page's check found, and what it depended on."""

    digest: str  # the page's sha256 when checked
    source: str  # its article's (or page's) source digest then; "" for other pages
    anchored: tuple[tuple[str, str | None], ...]  # (file linked into with a #fragment, its sha256 then)
    places: tuple[Place, ...]
    targets: tuple[str, ...] = ()  # the files it links to: filled in only where a build needs them


@dataclass(slots=True)
class Previous:
    """The results of the build before, for one output folder; empty when there are none (or they are
    damaged). `targets()` reads what only a build whose file list changed needs."""

    files: frozenset[str] | None = None  # the site's files then; None: not known
    # page -> its Row, or its row as stored (digest, source, anchors and problems as JSON), decoded by row():
    # a build looks at every page's digests, and at the anchors and problems of the pages it keeps.
    rows: dict[str, Row | tuple[Any, ...]] = field(default_factory=dict)
    more: Callable[[], dict[str, tuple[str, ...]] | None] = lambda: None

    def checked_as(self, page: str) -> tuple[Any, Any] | None:
        """(the page's digest, its source's digest) when it was checked; None for a page not checked."""
        found = self.rows.get(page)
        if found is None:
            return None
        return (found.digest, found.source) if isinstance(found, Row) else (found[0], found[1])

    def found(self, page: str) -> tuple[tuple[tuple[str, str | None], ...], tuple[Place, ...]] | None:
        """(the files it linked into with a #fragment, its problems); None when the row is damaged."""
        row = self.rows[page]
        if isinstance(row, Row):
            return row.anchored, row.places
        if row[2] == "[]" and row[3] == "[]":
            return (), ()  # most pages: decoded without json
        try:
            return _anchored(row[2]), _places(row[3])
        except (ValueError, TypeError, OverflowError, RecursionError):
            return None

    def row(self, page: str) -> Row | None:
        """The row of `page` (without its targets); None when there is none or it is damaged."""
        digests, found = self.checked_as(page), self.found(page) if page in self.rows else None
        if digests is None or found is None:
            return None
        return Row(digest=digests[0], source=digests[1], anchored=found[0], places=found[1])

    def targets(self) -> dict[str, tuple[str, ...]] | None:
        """Each page's link targets, or None when they cannot be read."""
        return self.more()


def _files_blob(files: Iterable[str]) -> bytes:
    # NUL-separated (no file name holds one); bytes, so a name that is not UTF-8 (a lone surrogate) is kept.
    return "\0".join(sorted(files)).encode("utf-8", "surrogateescape")


def _files_of(blob: Any) -> frozenset[str]:
    if not isinstance(blob, bytes):
        raise TypeError("not the link check's file list")
    return frozenset(blob.decode("utf-8", "surrogateescape").split("\0"))


def load(db_path: Path, output: str) -> Previous:
    """The previous results stored for `output`; empty when missing or unreadable (it is only a cache)."""
    if not db_path.is_file():
        return Previous()
    try:
        db = connect(db_path)
        try:
            head = db.execute("SELECT files FROM links WHERE output = ?", (output,)).fetchone()
            if head is None:
                return Previous()
            # (A value of another type, as only a hand-edited row has, matches no page or digest: a recheck.)
            rows: dict[str, Row | tuple[Any, ...]] = {row[0]: row[1:] for row in db.execute(
                "SELECT page, digest, source, anchored, places FROM link_pages WHERE output = ?", (output,))}
        finally:
            db.close()
        return Previous(files=_files_of(head[0]), rows=rows, more=lambda: _load_targets(db_path, output))
    # A damaged cache: a cold one.
    except (sqlite3.DatabaseError, ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        return Previous()


def _anchored(text: str) -> tuple[tuple[str, str | None], ...]:
    if text == "[]":
        return ()
    found = json.loads(text)
    if not isinstance(found, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
            and (pair[1] is None or isinstance(pair[1], str)) for pair in found):
        raise ValueError("anchors of another shape")
    return tuple((name, digest) for name, digest in found)


def _places(text: str) -> tuple[Place, ...]:
    if text == "[]":
        return ()
    found = json.loads(text)
    if not isinstance(found, list) or not all(
            isinstance(place, list) and len(place) == 5 and isinstance(place[0], str) and isinstance(place[1], str)
            and (place[2] is None or type(place[2]) is int) and isinstance(place[3], str)
            and isinstance(place[4], bool) for place in found):
        raise ValueError("a problem of another shape")
    return tuple((key, path, line, message, in_source) for key, path, line, message, in_source in found)


def _load_targets(db_path: Path, output: str) -> dict[str, tuple[str, ...]] | None:
    try:
        db = connect(db_path)
        try:
            head = db.execute("SELECT names FROM links WHERE output = ?", (output,)).fetchone()
            names = _names(head[0])
            if names is None:
                raise TypeError("not the link check's name table")
            size, whole = len(names), {int}
            targets = {}
            for page, text in db.execute("SELECT page, targets FROM link_pages WHERE output = ?", (output,)):
                indices = json.loads(text)
                # Whole numbers inside the table, tested a list at a time (a big site holds millions).
                if not isinstance(indices, list) or indices and (
                        set(map(type, indices)) != whole or min(indices) < 0 or max(indices) >= size):
                    raise ValueError("a target outside the table")
                targets[page] = tuple(names[index] for index in indices)
        finally:
            db.close()
        return targets
    except (sqlite3.DatabaseError, ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        return None


def save(db_path: Path, output: str, files: frozenset[str], changed: dict[str, Row], gone: Iterable[str],
         files_changed: bool) -> None:
    """Store the rows of the pages this build checked (`changed`, with their targets), drop those of
    `gone`, and the file list when it changed. A cache that cannot be written only costs a full check."""
    try:
        db = connect(db_path)
        try:
            with db:
                head = db.execute("SELECT names FROM links WHERE output = ?", (output,)).fetchone()
                names = _names(head[0]) if head is not None else None
                if names is None:  # no head, or a damaged one: the other rows' numbers mean nothing
                    db.execute("DELETE FROM link_pages WHERE output = ?", (output,))
                    names, files_changed = [], True
                index = {name: i for i, name in enumerate(names)}
                before = len(names)
                # Every new name numbered first, so each row's targets are numbered and written at C speed:
                # a cold build at 100,000 articles writes 170,000 rows of about 30 targets each.
                for name in sorted({t for row in changed.values() for t in row.targets} - index.keys()):
                    index[name] = len(names)
                    names.append(name)
                db.executemany("INSERT OR REPLACE INTO link_pages VALUES (?, ?, ?, ?, ?, ?, ?)", [
                    # (The targets last: a build reads the other columns of every row, these seldom.)
                    (output, page, row.digest, row.source, _json_rows(row.anchored), _json_rows(row.places),
                     "[" + ",".join(map(str, sorted(map(index.__getitem__, row.targets)))) + "]")
                    for page, row in changed.items()])
                db.executemany("DELETE FROM link_pages WHERE output = ? AND page = ?",
                               [(output, page) for page in gone])
                if head is None or files_changed:
                    db.execute("INSERT OR REPLACE INTO links VALUES (?, ?, ?)",
                               (output, _files_blob(files), _json(names)))
                elif len(names) != before:
                    db.execute("UPDATE links SET names = ? WHERE output = ?", (_json(names), output))
        finally:
            db.close()
    except sqlite3.DatabaseError:
        pass


def _names(text: Any) -> list[str] | None:
    try:
        names = json.loads(text)
    except (TypeError, ValueError, OverflowError, RecursionError):
        return None
    return names if isinstance(names, list) and all(isinstance(name, str) for name in names) else None


def _json_rows(rows: tuple[tuple[Any, ...], ...]) -> str:
    return _json([list(row) for row in rows]) if rows else "[]"  # most pages have no anchors, no problems


def _json(value: Any) -> str:
    # ASCII escapes (json's default) keep a file name that is not UTF-8 (a lone surrogate) storable.
    return json.dumps(value, separators=(",", ":"))


def with_targets(previous: Previous) -> Previous:
    """`previous` with every row's targets filled in (what the dev server keeps in memory); empty when they
    cannot be read."""
    then = previous.targets()
    if then is None:
        return Previous()
    targets = then
    rows: dict[str, Row | tuple[Any, ...]] = {}
    for page in previous.rows:
        if (row := previous.row(page)) is not None:
            rows[page] = dataclasses.replace(row, targets=targets.get(page, ()))
    return Previous(files=previous.files, rows=rows, more=lambda: then)


def remembered(memory: dict[str, Any]) -> Previous:
    """The dev server's results, kept in memory between its builds (see keep)."""
    rows: dict[str, Row] = memory.get("rows", {})
    return Previous(files=memory.get("files"), rows=dict(rows),
                    more=lambda: {page: row.targets for page, row in rows.items()})


def keep(memory: dict[str, Any], files: frozenset[str], changed: dict[str, Row], gone: Iterable[str]) -> None:
    """The dev server's counterpart of save: its rows keep their targets."""
    rows = memory.setdefault("rows", {})
    rows.update(changed)
    for page in gone:
        rows.pop(page, None)
    memory["files"] = files
