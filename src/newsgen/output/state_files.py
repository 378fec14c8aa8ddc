"""The bookkeeping folder's state files: what the live and spare trees hold, read, written and promoted.

See generations.py for the folder's layout; a switch killed half-way is finished or undone here (recover).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Problem, UserError

STATE = "state.json"


NEXT_STATE = "state.next.json"


DETAILS = "details.json"  # stats, folders, files of others, the spare's differences: read only to commit


NEXT_DETAILS = "details.next.json"


SPARE = "spare"


SPARE_DIRTY = "spare.dirty"


STAGING = "staging"


OLD = "old"  # only while switching without RENAME_EXCHANGE


STATE_FORMAT = 4  # 3: files as {rel: [sha, fingerprint]} (still read: see _read_state)


# Format 4 keeps the files as two strings, their names and their rows ("sha fingerprint") each joined by a NUL
# (the one character no file name holds): json reads a long string at C speed, and a no-change build needs
# only the names (at 100,000 articles, 170,000 of them: 0.07 s instead of half a second for the dict).
_SEPARATOR = "\x00"


LEGACY_MANIFEST = ".newsgen-manifest.json"


RACY_NS = 2_000_000_000  # format 2 kept the manifest inside the output folder


# How a file name is made bytes (os.fsencode, on the systems newsgen runs on): a lone surrogate outside the
# range this error handler uses (JSON can spell one, "\udd00") cannot be a name, and os.stat would raise on it.
_FILE_NAME_CODEC = ("utf-8", "surrogateescape")


# What reading a hand-edited or damaged bookkeeping file can raise (a number like 1e999 is infinite, and int()
# of it overflows; a file nested a hundred thousand deep exhausts the recursion limit): each means "damaged".
_UNREADABLE = (OSError, ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError)


def bookkeeping_dir(output_dir: Path) -> Path:
    """`.public.newsgen/` beside `public/`: on the same file system (renames), outside what is deployed."""
    return output_dir.parent / f".{output_dir.name}.newsgen"


@dataclass(frozen=True, slots=True)
class Entry:
    """One file newsgen wrote: its sha256 and the fingerprint of its inputs ('' for static files)."""

    sha: str
    fingerprint: str = ""


@dataclass(slots=True)
class State:
    """What the bookkeeping folder knows about the live tree and the spare one."""

    entries: dict[str, Entry] | None = field(default_factory=dict)  # None: not made yet from `names` (see live)
    stats: dict[str, str] = field(default_factory=dict)  # rel -> "size mtime_ns inode" (see stat_of)
    dirs: set[str] | None = None  # the live tree's folders; None: unknown (walk them all)
    # A folder changed at or after this moment (the last commit's mark: see generations._mark) may hold files
    # someone else added, renamed or replaced: the commit looks into it.
    changed_after: int = 0
    foreign: tuple[str, ...] = ()  # files in the live tree that newsgen did not write
    spare: dict[str, str | None] | None = None  # rel -> sha where the spare differs (None: absent); None: rebuild
    live_inode: int = 0  # the live folder these files are in (a switch exchanges folders, not files)
    spare_usable: bool = False  # the spare folder is there and was not left half-changed
    details_loaded: bool = False
    names: list[str] = field(default_factory=list)  # state.json's file names, until `live` is asked for
    rows: str = ""  # and their rows, as state.json has them (see _SEPARATOR)

    @property
    def live(self) -> dict[str, Entry]:
        """The live site's files. Made from state.json's rows on first use: a build that finds nothing
        changed needs only their names (files), and at 100,000 articles making them all takes a fifth of it."""
        if self.entries is None:
            rows = self.rows.split(_SEPARATOR) if self.names else []
            self.entries = {rel: Entry(*row.split(" ", 1)) for rel, row in zip(self.names, rows, strict=True)}
            self.names, self.rows = [], ""
        return self.entries

    def files(self) -> list[str]:
        """The live site's file names."""
        return list(self.names if self.entries is None else self.entries)


def load_state(output_dir: Path) -> State:
    """The live site's state; finishes or discards a switch a killed build left half done.

    Raises UserError for a non-empty folder that newsgen did not make: building there could overwrite
    the user's files, and pruning would have nothing to tell them apart by."""
    folder = bookkeeping_dir(output_dir)
    recover(output_dir, folder)
    path = folder / STATE
    if path.is_file():
        state = _read_state(path)
        if state is None:
            raise damaged(path, output_dir)
        if isinstance(state, int):
            raise UserError(str(path), f"the build bookkeeping was written by a newer newsgen (state format "
                            f"{state}; this one reads up to {STATE_FORMAT}): build with that version, or "
                            f"delete this file and the output folder {output_dir}, then build again")
        state.spare_usable = (folder / SPARE).is_dir() and not (folder / SPARE_DIRTY).exists()
        return state
    legacy = output_dir / LEGACY_MANIFEST
    if legacy.is_file():
        return _legacy_state(legacy)
    check_made_by_newsgen(output_dir)
    return State()


def damaged(path: Path, output_dir: Path) -> UserError:
    return UserError(str(path), "the build bookkeeping is damaged; delete this file and the output "
                     f"folder {output_dir}, then build again")


# A path that could leave the folder it is taken in: a `.` or `..` part, absolute, an empty part, a NUL.
_LEAVING = re.compile(r"(?:^|/)\.{1,2}(?:/|$)|^/|//|\x00")


def outside(rel: str) -> bool:
    """True for a name that is no file inside the output folder (see _LEAVING; empty, or ending with /).
    The one rule for output paths (writer.check_output_path) and for the bookkeeping's names: newsgen never
    writes such a name into it, and a commit refuses to act on one (it would link, move or delete a file
    outside the folder)."""
    return not rel or rel.endswith("/") or _LEAVING.search(rel) is not None


# _LEAVING for names one per line: `^` and `$` also match at every line break, and an empty line is an
# empty name. A name holding a line break is cut in two, which can only find more.
_LEAVING_LINES = re.compile(_LEAVING.pattern + r"|^$|/$", re.MULTILINE)


# What every name that is outside has somewhere in the joined text (checked first: `in` is much faster
# than the pattern): a part starting with a dot, a leading or doubled slash, an empty name, a NUL; or,
# at either end of the text, an empty name, a leading dot or slash, a trailing slash.
_CLUES = ("/.", "\n.", "\n/", "//", "\n\n", "/\n", "\x00")


def any_outside(names: Collection[str]) -> bool:
    """True when outside() is for any of `names`: one search over them all (a state names 170,000)."""
    if not names:
        return False
    text = "\n".join(names)
    if text and text[0] not in "./\n" and text[-1] not in "/\n" and not any(clue in text for clue in _CLUES):
        return False
    return _LEAVING_LINES.search(text) is not None


def check_inside(output_dir: Path, state: State, entries: dict[str, Entry]) -> None:
    """Raise UserError when the state names a file outside the output folder (see outside) that the commit
    of `entries` would act on: the live files it does not write again (those it writes are its own names)."""
    if any(map(outside, state.live.keys() - entries.keys())):
        raise damaged(bookkeeping_dir(output_dir) / STATE, output_dir)


def recover(output_dir: Path, folder: Path) -> None:
    """Finish a switch whose new state was written (the live folder is the one it names), or throw it away."""
    next_path, spare, old = folder / NEXT_STATE, folder / SPARE, folder / OLD
    if next_path.is_file():
        try:
            expected = int(json.loads(next_path.read_text(encoding="utf-8"))["live_inode"])
        except _UNREADABLE:
            expected = -1
        if not output_dir.exists() and spare.is_dir() and spare.stat().st_ino == expected:
            os.rename(spare, output_dir)  # killed between the two renames of a switch without exchange
        if output_dir.is_dir() and output_dir.stat().st_ino == expected:
            promote(folder)
            if old.is_dir() and not spare.exists():
                os.rename(old, spare)
            (folder / SPARE_DIRTY).unlink(missing_ok=True)
        else:  # the switch never happened: the live tree and state.json still agree
            (folder / NEXT_DETAILS).unlink(missing_ok=True)
            next_path.unlink()
    if old.is_dir():
        if not output_dir.exists():
            os.rename(old, output_dir)  # the first rename of a switch happened, not the second
        else:
            shutil.rmtree(old, ignore_errors=True)
            (folder / SPARE_DIRTY).touch()


def check_made_by_newsgen(output_dir: Path, choose: str = "with --output") -> None:
    """Raise UserError for an output folder with files in it that newsgen did not make (checked before
    anything is written beside it). `choose`: how the user picks another folder."""
    folder = bookkeeping_dir(output_dir)
    if (folder / STATE).is_file() or (folder / NEXT_STATE).is_file() or (output_dir / LEGACY_MANIFEST).is_file():
        return
    if output_dir.exists() and (not output_dir.is_dir() or any(output_dir.iterdir())):
        raise UserError(str(output_dir), "output folder is not empty and was not made by newsgen (no "
                        f"{folder.name}/ beside it); newsgen will not write among files it did not make. Choose "
                        f"another folder {choose}, or empty this one")


def _read_state(path: Path) -> State | int | None:
    """The live files (what a no-change build needs); the rest is read by load_details when committing.
    None: damaged; a number: the format of a newer newsgen's state."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("generator") != "newsgen":
            return None
        if type(data.get("format")) is int and data["format"] > STATE_FORMAT:
            return int(data["format"])
        # (A state newsgen did not write is "damaged" only if it has the wrong shape: its bytes are newsgen's.)
        if data.get("format") == 3:  # an earlier newsgen's: read once, the next commit writes format 4
            return _state_of_format_3(data["files"], int(data["live_inode"]))
        if data.get("format") != STATE_FORMAT:
            return None
        return _state_of_format_4(data["names"], data["rows"], int(data["live_inode"]))
    except _UNREADABLE:
        return None


def _state_of_format_3(files: Any, live_inode: int) -> State | None:
    if not isinstance(files, dict) or not all(isinstance(v, list) and len(v) == 2 for v in files.values()):
        return None
    return State(entries={str(rel): Entry(str(sha), str(fp)) for rel, (sha, fp) in files.items()},
                 live_inode=live_inode)


def _state_of_format_4(names: Any, rows: Any, live_inode: int) -> State | None:
    if not isinstance(names, str) or not isinstance(rows, str):
        return None
    names.encode(*_FILE_NAME_CODEC)  # a name no file can have raises here, not where it is used
    listed = names.split(_SEPARATOR) if names else []
    # Every row has its name, and each row is "sha fingerprint" (the fingerprint may be empty): the shape
    # State.live relies on, checked here at C speed.
    if rows.count(_SEPARATOR) + bool(listed) != len(listed) or rows.count(" ") != len(listed):
        return None
    return State(entries=None, names=listed, rows=rows, live_inode=live_inode)


def load_details(output_dir: Path, state: State) -> None:
    """Fill in what only a commit needs (stats, folders, foreign files, the spare's differences); when they
    are missing or do not describe this live tree, the next commit looks at everything (and trusts the
    files' digests, as for a folder of newsgen 0.1)."""
    if state.details_loaded:
        return
    state.details_loaded = True
    try:
        data = json.loads((bookkeeping_dir(output_dir) / DETAILS).read_text(encoding="utf-8"))
        if int(data["live_inode"]) != state.live_inode:
            raise ValueError("stale")
        state.stats = _stats(data["stats"], state.files())
        dirs = data.get("dirs")
        state.dirs = {str(d) for d in dirs} if isinstance(dirs, list) else None
        state.foreign = tuple(str(f) for f in data.get("foreign", ()))
        state.changed_after = _changed_after(data)
        state.spare = _spare(data.get("spare")) if state.spare_usable else None
        # (The folders, hundreds of thousands on a big site, are checked as they are looked at: foreign_files.)
        if any_outside([*state.foreign, *(state.spare or ())]):
            raise ValueError("a path outside the output folder")
        _SEPARATOR.join([*state.foreign, *(state.spare or ()), *(state.dirs or ())]).encode(*_FILE_NAME_CODEC)
    except _UNREADABLE:
        state.stats, state.dirs, state.foreign, state.spare = {}, None, (), None


def _legacy_state(path: Path) -> State:
    """A manifest of newsgen 0.1 inside the output folder: trusted as it is (no stats: files are not hashed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("generator") == "newsgen" and isinstance(data.get("files"), dict):
            live = {}
            for rel, value in data["files"].items():
                if isinstance(value, str):
                    live[str(rel)] = Entry(value)
                elif isinstance(value, list) and len(value) == 2:
                    live[str(rel)] = Entry(str(value[0]), str(value[1]))
                else:
                    raise ValueError(value)
            # The old manifest is newsgen's own file: the next switch leaves it behind.
            return State(entries=live, foreign=(), details_loaded=True)
    except _UNREADABLE:
        pass
    raise UserError(str(path), "the build manifest is damaged; delete the output folder and build again")


def _changed_after(details: dict[str, Any]) -> int:
    """The moment after which a folder counts as changed since the switch: the commit's mark (see
    generations._mark); for details an earlier newsgen wrote, the clock at the switch less a margin."""
    marked = details.get("changed_after_ns")
    return int(marked) if marked is not None else int(details.get("switched_ns", 0)) - RACY_NS


def _spare(value: Any) -> dict[str, str | None] | None:
    """Where the spare tree differs from the live one (rel -> sha there, None: absent); None: unknown."""
    return {str(k): (None if v is None else str(v)) for k, v in value.items()} if isinstance(value, dict) else None


def _stats(value: Any, names: list[str]) -> dict[str, str]:
    """details.json's stats: one string per file of state.json, in its order (format 4; an earlier newsgen
    kept {rel: [size, mtime, inode]})."""
    if isinstance(value, dict):
        return {str(rel): " ".join(str(int(part)) for part in parts) for rel, parts in value.items()}
    if not isinstance(value, str):
        raise TypeError(value)
    stats = value.split(_SEPARATOR) if names else []
    if len(stats) != len(names):
        raise ValueError("stats of other files")
    return dict(zip(names, stats))


def stat_of(path: str) -> str:
    """"size mtime_ns inode": what tells a file newsgen wrote from one someone changed since (a string: it
    is only ever compared, and a commit writes one for every file of the site)."""
    return stat_text(os.stat(path, follow_symlinks=False))


def stat_text(st: os.stat_result) -> str:
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ino}"


def files_with_stats(root: str, target: dict[str, Entry]) -> dict[str, tuple[str, str, str]]:
    """Each file of `target` as the state records it, stat'ed in the tree at `root`."""
    return {rel: (entry.sha, entry.fingerprint, stat_of(os.path.join(root, rel)))
            for rel, entry in sorted(target.items())}


def write_state_files(folder: Path, data: dict[str, Any], *, pending: bool) -> None:
    """state.json (the live files: all a no-change build reads) and details.json (the rest); with `pending`,
    as the .next files a switch promotes (see promote and recover)."""
    files = data.pop("files")
    state = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": data["live_inode"],
             "names": _SEPARATOR.join(files),
             "rows": _SEPARATOR.join([f"{sha} {fingerprint}" for sha, fingerprint, _ in files.values()])}
    details = dict(data, stats=_SEPARATOR.join([stat for _, _, stat in files.values()]))
    details_bytes = (json.dumps(details, separators=(",", ":")) + "\n").encode()
    state_bytes = (json.dumps(state, separators=(",", ":")) + "\n").encode()
    if pending:  # details first: state.next.json is the mark that a switch is pending (see recover)
        write_file(folder / NEXT_DETAILS, details_bytes)
        write_file(folder / NEXT_STATE, state_bytes)
    else:  # the files were replaced in place: state first, as it names their bytes now. Killed before
        # details.json, the stats are the last commit's: a file they no longer match is hashed, and its bytes
        # compared with the state's (were they the other way round, a stat could vouch for an old digest).
        write_file(folder / STATE, state_bytes)
        write_file(folder / DETAILS, details_bytes)


def promote(folder: Path) -> None:
    """The switch happened: the .next files describe the live tree now (details first: state.next.json is
    the mark that a switch is pending)."""
    if (folder / NEXT_DETAILS).exists():
        os.replace(folder / NEXT_DETAILS, folder / DETAILS)
    os.replace(folder / NEXT_STATE, folder / STATE)


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitReport:
    written: int
    unchanged: int
    removed: int
    warnings: tuple[Problem, ...] = ()


@dataclass(slots=True)
class SwitchPlan:
    """What the switch does to the spare tree."""

    target: dict[str, Entry]  # newsgen's files of the new site
    keep: set[str]  # files of the live tree newsgen did not write (or that changed since): carried over
    warnings: list[Problem]
    observed: dict[str, str] = field(default_factory=dict)  # live files' stats (see stat_of), as looked at



def write_file(target: Path, data: bytes) -> None:
    """Write atomically: a reader (or a crash) never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.newsgen-tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
