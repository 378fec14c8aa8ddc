"""The output folder's two generations: the live site and a spare tree, switched in one atomic step.

A build never writes into the live output folder. It turns the spare tree (the site as it was one build
before the live one, kept in the bookkeeping folder beside the output) into the new site: it moves in the
files it rendered, hard-links the ones unchanged since the live build, deletes the ones gone, and carries
over every file it did not write. Then one `renameat2(RENAME_EXCHANGE)` swaps the two folders. A reader,
a deploy step and the next build see the old site or the new one, never a mix; a build killed at any
moment leaves the live site as it was, and the next build repairs what it left.

The work is proportional to what changed in the last two builds, not to the size of the site. The spare
tree is made once, by hard links, the first time an output folder is rebuilt, and again only after a
build was interrupted while preparing it.

Bookkeeping folder `.<output>.newsgen/` beside the output folder, never deployed:
  state.json       the live site's files (sha256, fingerprint, stat), its folders, the files newsgen did
                   not write, and how the spare tree differs from the live one
  state.next.json  the state after a switch, written just before it (the next build finishes the
                   switch it describes, or throws it away)
  spare/           the spare tree; `spare.dirty` marks it as being changed (it is then rebuilt)
  staging/         files rendered by the running build
  lock             see buildlock.py
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
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
STATE_FORMAT = 3
LEGACY_MANIFEST = ".newsgen-manifest.json"
RACY_NS = 2_000_000_000  # format 2 kept the manifest inside the output folder


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

    live: dict[str, Entry] = field(default_factory=dict)
    stats: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # rel -> (size, mtime_ns, inode)
    dirs: set[str] | None = None  # the live tree's folders; None: unknown (walk them all)
    # A folder changed after this moment (the switch, less the file system's timestamp resolution) may hold
    # files someone else added, renamed or replaced: the commit looks into it.
    changed_after: int = 0
    foreign: tuple[str, ...] = ()  # files in the live tree that newsgen did not write
    spare: dict[str, str | None] | None = None  # rel -> sha where the spare differs (None: absent); None: rebuild
    live_inode: int = 0  # the live folder these files are in (a switch exchanges folders, not files)
    spare_usable: bool = False  # the spare folder is there and was not left half-changed
    details_loaded: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitReport:
    written: int
    unchanged: int
    removed: int
    warnings: tuple[Problem, ...] = ()


# --- reading the state, finishing an interrupted switch -----------------------------------------------


def load_state(output_dir: Path) -> State:
    """The live site's state; finishes or discards a switch a killed build left half done.

    Raises UserError for a non-empty folder that newsgen did not make: building there could overwrite
    the user's files, and pruning would have nothing to tell them apart by."""
    folder = bookkeeping_dir(output_dir)
    _recover(output_dir, folder)
    path = folder / STATE
    if path.is_file():
        state = _read_state(path)
        if state is None:
            raise UserError(str(path), "the build bookkeeping is damaged; delete this file and the output "
                            f"folder {output_dir}, then build again")
        state.spare_usable = (folder / SPARE).is_dir() and not (folder / SPARE_DIRTY).exists()
        return state
    legacy = output_dir / LEGACY_MANIFEST
    if legacy.is_file():
        return _legacy_state(legacy)
    check_made_by_newsgen(output_dir)
    return State()


def check_made_by_newsgen(output_dir: Path) -> None:
    """Raise UserError for an output folder with files in it that newsgen did not make (checked before
    anything is written beside it)."""
    folder = bookkeeping_dir(output_dir)
    if (folder / STATE).is_file() or (folder / NEXT_STATE).is_file() or (output_dir / LEGACY_MANIFEST).is_file():
        return
    if output_dir.exists() and (not output_dir.is_dir() or any(output_dir.iterdir())):
        raise UserError(str(output_dir), "output folder is not empty and was not made by newsgen (no "
                        f"{folder.name}/ beside it); newsgen will not write among files it did not make. Choose "
                        "another folder with --output, or empty this one")


def _read_state(path: Path) -> State | None:
    """The live files (what a no-change build needs); the rest is read by load_details when committing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("generator") != "newsgen" or data.get("format") != STATE_FORMAT:
            return None
        # (A state newsgen did not write is "damaged" only if it has the wrong shape: its bytes are newsgen's.)
        live = {rel: Entry(sha, fingerprint) for rel, (sha, fingerprint) in data["files"].items()}
        return State(live=live, live_inode=int(data["live_inode"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


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
        stats = {str(rel): (int(a), int(b), int(c)) for rel, (a, b, c) in data["stats"].items()}
        dirs = data.get("dirs")
        spare = data.get("spare")
        state.stats = stats
        state.dirs = {str(d) for d in dirs} if isinstance(dirs, list) else None
        state.foreign = tuple(str(f) for f in data.get("foreign", ()))
        state.changed_after = int(data.get("switched_ns", 0)) - RACY_NS
        state.spare = ({str(k): (None if v is None else str(v)) for k, v in spare.items()}
                       if isinstance(spare, dict) and state.spare_usable else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
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
            return State(live=live, foreign=(), details_loaded=True)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    raise UserError(str(path), "the build manifest is damaged; delete the output folder and build again")


def _recover(output_dir: Path, folder: Path) -> None:
    """Finish a switch whose new state was written (the live folder is the one it names), or throw it away."""
    next_path, spare, old = folder / NEXT_STATE, folder / SPARE, folder / OLD
    if next_path.is_file():
        try:
            expected = int(json.loads(next_path.read_text(encoding="utf-8"))["live_inode"])
        except (OSError, ValueError, KeyError, TypeError):
            expected = -1
        if not output_dir.exists() and spare.is_dir() and spare.stat().st_ino == expected:
            os.rename(spare, output_dir)  # killed between the two renames of a switch without exchange
        if output_dir.is_dir() and output_dir.stat().st_ino == expected:
            _promote(folder)
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


# --- the commit ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Plan:
    """What the switch does to the spare tree."""

    target: dict[str, Entry]  # newsgen's files of the new site
    keep: set[str]  # files of the live tree newsgen did not write (or that changed since): carried over
    warnings: list[Problem]
    observed: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # live files' stats, as looked at


def commit(output_dir: Path, state: State, entries: dict[str, Entry], staged: Iterable[str], *,
           strict: bool = False, label: str = "") -> CommitReport:
    """Make the new site live: `entries` are its files, `staged` those whose bytes are in the staging folder
    (the others have the bytes the live site has). Raises UserError (the live site untouched) on any
    write error, and BuildFailed with `strict` when a file someone else made is in the way."""
    folder = bookkeeping_dir(output_dir)
    staging, spare = folder / STAGING, folder / SPARE
    staged = set(staged)
    load_details(output_dir, state)
    plan = _plan(output_dir, state, entries, staged, label or output_dir.name)
    if strict and plan.warnings:
        from ..core.errors import BuildFailed  # noqa: PLC0415 - only for --strict

        raise BuildFailed(plan.warnings)
    written = len(staged & plan.target.keys())
    removed = len(state.live.keys() - plan.target.keys() - plan.keep)
    if not output_dir.exists():
        try:
            return _first_switch(output_dir, folder, plan, staged, written)
        except OSError as exc:
            raise _write_error(exc, output_dir) from None
    if _cannot_swap(output_dir, folder):
        try:
            _in_place(output_dir, folder, plan, staged, state)
        except OSError as exc:
            raise _write_error(exc, output_dir) from None
        shutil.rmtree(staging, ignore_errors=True)
        note = Problem(path=str(output_dir), message=(
            "is a mount point (or on another file system than the folder beside it), so the new site could not "
            "replace the old one in one step: files were moved in one by one"))
        return CommitReport(written=written, unchanged=len(plan.target) - written, removed=removed,
                            warnings=(*plan.warnings, note))
    try:
        if state.spare is None:
            _clear(spare)
            spare_has: dict[str, str | None] = {}
            spare_foreign: tuple[str, ...] = ()
        else:
            spare_has = {rel: e.sha for rel, e in state.live.items()}
            spare_has.update(state.spare)
            spare_foreign = state.foreign
        (folder / SPARE_DIRTY).touch()
        touched, removed_dirs = _update_spare(output_dir, spare, staging, plan, staged, spare_has, spare_foreign)
        _write_next_state(folder, spare, plan, state, touched, removed_dirs, output_dir)
        _switch(output_dir, folder)
        _promote(folder)
        (folder / SPARE_DIRTY).unlink(missing_ok=True)
    except OSError as exc:
        raise _write_error(exc, output_dir) from None
    shutil.rmtree(staging, ignore_errors=True)
    return CommitReport(written=written, unchanged=len(plan.target) - written, removed=removed,
                        warnings=tuple(plan.warnings))


def _write_error(exc: OSError, output_dir: Path) -> UserError:
    where = str(exc.filename or output_dir)
    reason = exc.strerror or str(exc)
    spare = str(bookkeeping_dir(output_dir) / SPARE) + os.sep
    if where.startswith(spare):
        reason += (f" (newsgen's copy of an earlier version of {output_dir / where[len(spare):]}: newsgen keeps the "
                   "previous site beside the output folder to switch to the new one in one step)")
    hint = {errno.ENOSPC: "free some disk space", errno.EDQUOT: "free some disk space (quota)",
            errno.EROFS: "the file system is read-only", errno.EACCES: "check the permissions",
            errno.EPERM: "check the permissions and file attributes (chattr -i)"}.get(exc.errno or 0, "")
    return UserError(str(where), f"cannot write: {reason}{'; ' + hint if hint else ''}. The site in "
                     f"{output_dir} was left as it was")


def _plan(output_dir: Path, state: State, entries: dict[str, Entry], staged: set[str], label: str) -> _Plan:
    """Which of the new site's files newsgen may write, and which files of the live tree it must keep."""
    target = dict(entries)
    keep: set[str] = set()
    warnings: list[Problem] = []
    foreign, recheck = _foreign_files(output_dir, state)
    # Only the files this switch replaces or deletes, and those in folders someone changed, can have been
    # changed by someone else in a way the switch would lose: an edit in place is shared with the spare copy
    # (the two trees share inodes), a replacement or a new file changes its folder.
    replaced = {rel for rel, entry in target.items()
                if rel in state.live and (rel in staged or entry.sha != state.live[rel].sha)}
    changed, observed = _changed_by_others(output_dir, state, replaced | (state.live.keys() - target.keys()) | recheck)
    for rel in sorted(changed):
        keep.add(rel)
        if rel in target and (rel in staged or target[rel].sha != state.live[rel].sha):
            warnings.append(Problem(path=f"{label}/{rel}", message=(
                "was changed by someone other than newsgen since the last build, so newsgen did not overwrite "
                "it; delete it (or move your version elsewhere) to let newsgen write it again")))
        elif rel not in target:
            warnings.append(Problem(path=f"{label}/{rel}", message=(
                "is no longer produced, but it was changed by someone other than newsgen since the last build, "
                "so newsgen did not delete it")))
        target.pop(rel, None)
    for rel in sorted(foreign):
        keep.add(rel)
        if rel in target:
            warnings.append(Problem(path=f"{label}/{rel}", message=(
                "newsgen did not write this file, so it did not overwrite it with the page it generates here; "
                "move the file away to publish that page")))
            target.pop(rel)
    return _Plan(target=target, keep=keep, warnings=warnings, observed=observed)


def _changed_by_others(output_dir: Path, state: State, candidates: set[str]
                       ) -> tuple[set[str], dict[str, tuple[int, int, int]]]:
    """Of `candidates`, the files newsgen wrote into the live tree whose bytes are not what it wrote (gone
    ones are not listed), and the stat of each file looked at."""
    changed = set()
    observed: dict[str, tuple[int, int, int]] = {}
    root = str(output_dir) + os.sep
    for rel in candidates:
        entry = state.live.get(rel)
        if entry is None:
            continue
        try:
            st = os.stat(root + rel, follow_symlinks=False)
        except FileNotFoundError:
            continue
        except OSError:
            changed.add(rel)
            continue
        found = (st.st_size, st.st_mtime_ns, st.st_ino)
        observed[rel] = found
        known = state.stats.get(rel)
        if known == found or (known is None and not state.stats):
            continue  # unchanged; or a manifest of newsgen 0.1, with no stats to compare: trusted
        if not os.path.isfile(root + rel) or os.path.islink(root + rel) or _sha_of(root + rel) != entry.sha:
            changed.add(rel)
    return changed, observed


def _sha_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _foreign_files(output_dir: Path, state: State) -> tuple[set[str], set[str]]:
    """(files in the live tree newsgen did not write, newsgen's files in folders someone changed): the ones
    found before, and what is in any folder changed since the switch (every folder, when that is unknown)."""
    root = str(output_dir)
    found = {rel for rel in state.foreign if os.path.lexists(os.path.join(root, rel))}
    known = state.live.keys() | found
    todo = [""] if state.dirs is None else [rel for rel in state.dirs if _changed_since(root, rel, state)]
    recheck: set[str] = set()
    seen: set[str] = set()
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        try:
            entries = list(os.scandir(os.path.join(root, rel)))
        except OSError:
            continue
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_dir(follow_symlinks=False):
                if state.dirs is None or name not in state.dirs:
                    todo.append(name)
            elif name in state.live:
                recheck.add(name)
            elif name not in known and name != LEGACY_MANIFEST:
                found.add(name)
    return found, recheck


def _changed_since(root: str, rel: str, state: State) -> bool:
    try:
        return os.stat(os.path.join(root, rel), follow_symlinks=False).st_mtime_ns >= state.changed_after
    except OSError:
        return False  # gone: so are the files in it


def _clear(spare: Path) -> None:
    if spare.is_symlink() or spare.is_file():
        spare.unlink()
    elif spare.exists():
        shutil.rmtree(spare)
    spare.mkdir(parents=True)


def _update_spare(output_dir: Path, spare: Path, staging: Path, plan: _Plan, staged: set[str],
                  spare_has: dict[str, str | None], spare_foreign: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """Turn the spare tree into the new site; return (the files put in it, the folders it lost)."""
    live, root, stage_root = str(output_dir), str(spare), str(staging)
    emptied: set[str] = set()
    for rel in [*spare_has, *spare_foreign]:
        if spare_has.get(rel) is None and rel not in spare_foreign:
            continue
        if rel not in plan.target and rel not in plan.keep:
            try:
                os.unlink(os.path.join(root, rel))
            except FileNotFoundError:
                pass
            emptied.add(os.path.dirname(rel))
    made: set[str] = set()
    touched: set[str] = set()
    for rel, entry in plan.target.items():
        if rel in staged:
            target = os.path.join(root, rel)
            _make_parent(root, target, made)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)  # a folder of the old site where the new one has a file
            os.replace(os.path.join(stage_root, rel), target)
            touched.add(rel)
        elif spare_has.get(rel) != entry.sha:
            target = os.path.join(root, rel)
            _make_parent(root, target, made)
            _link(os.path.join(live, rel), target)
            touched.add(rel)
    for rel in plan.keep:
        source, target = os.path.join(live, rel), os.path.join(root, rel)
        if not _same_file(source, target):
            _make_parent(root, target, made)
            _link(source, target)
            touched.add(rel)
    removed: set[str] = set()
    for rel in sorted(emptied, key=len, reverse=True):
        removed.update(_remove_empty_folders(root, rel))
    return touched, removed


def _make_parent(root: str, target: str, made: set[str]) -> None:
    """Make the folders between `root` and `target`. A file of the old site where the new one has a folder
    is removed; a symbolic link someone else left there is never written through."""
    folder = os.path.dirname(target)
    if folder in made or folder == root:
        return
    path = root
    for part in os.path.relpath(folder, root).split(os.sep):
        path = os.path.join(path, part)
        if path in made:
            continue
        if os.path.islink(path):
            raise UserError(path, "is a symbolic link someone else put in the output folder where newsgen "
                            "writes a folder of the site; newsgen will not write through it: remove the link")
        if os.path.lexists(path) and not os.path.isdir(path):
            os.unlink(path)  # a file of the old site where the new one has a folder
        if not os.path.exists(path):
            os.mkdir(path)
        made.add(path)


def _link(source: str, target: str) -> None:
    """Put `source`'s file at `target` (replacing what is there) without changing any file's bytes in place:
    files of the two trees share inodes, so a file is only ever replaced, never rewritten."""
    temporary = target + ".newsgen-tmp"
    if os.path.lexists(temporary):
        os.unlink(temporary)
    if os.path.islink(source):
        os.symlink(os.readlink(source), temporary)
    else:
        try:
            os.link(source, temporary)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            shutil.copy2(source, temporary)  # a file system without hard links
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    os.replace(temporary, target)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.stat(a, follow_symlinks=False).st_ino == os.stat(b, follow_symlinks=False).st_ino
    except OSError:
        return False


def _remove_empty_folders(root: str, rel: str) -> list[str]:
    """Remove `rel` and the folders above it while they are empty; return those removed."""
    removed = []
    while rel:
        try:
            os.rmdir(os.path.join(root, rel))
        except OSError:
            break  # not empty (or gone already)
        removed.append(rel)
        rel = os.path.dirname(rel)
    return removed


def _write_next_state(folder: Path, spare: Path, plan: _Plan, old: State, touched: set[str],
                      removed_dirs: set[str], live: Path) -> None:
    """The state of the spare tree as the live one, and of the live tree as the next spare. Only the files and
    folders this switch touched are looked at: the others are as the live tree has them (shared inodes)."""
    root = str(spare)
    files = {}
    for rel, entry in plan.target.items():
        known = None if rel in touched else plan.observed.get(rel) or old.stats.get(rel)
        files[rel] = (entry.sha, entry.fingerprint, *(known or _stat_of(os.path.join(root, rel))))
    if old.dirs is None:
        dirs = set()
        for dirpath, _, _ in os.walk(root):
            rel = os.path.relpath(dirpath, root)
            dirs.add("" if rel == "." else rel)
    else:
        dirs = old.dirs - removed_dirs
        for rel in touched:
            parent = os.path.dirname(rel)
            while parent and parent not in dirs:
                dirs.add(parent)
                parent = os.path.dirname(parent)
    # After the switch the old live tree is the spare: where does it differ from the new live one?
    spare = {rel: (old.live[rel].sha if rel in old.live else None)
             for rel in set(plan.target) | set(old.live)
             if rel not in plan.keep and (rel not in old.live or rel not in plan.target
                                          or old.live[rel].sha != plan.target[rel].sha)}
    # A file someone deleted from the live tree is not in it when it becomes the spare, whatever the state says
    # (every such file that is still planned was rendered again, so it is among those touched).
    live_root = str(live)
    for rel in touched:
        if rel in old.live and not os.path.lexists(os.path.join(live_root, rel)):
            spare[rel] = None
    data = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": os.stat(root).st_ino,
            "switched_ns": time.time_ns(), "files": files, "dirs": sorted(dirs), "foreign": sorted(plan.keep),
            "spare": dict(sorted(spare.items()))}
    _write_state_files(folder, data, pending=True)


def _stat_of(path: str) -> tuple[int, int, int]:
    """(size, mtime_ns, inode): what tells a file newsgen wrote from one someone changed since."""
    st = os.stat(path, follow_symlinks=False)
    return st.st_size, st.st_mtime_ns, st.st_ino


def _files_with_stats(root: str, target: dict[str, Entry]) -> dict[str, tuple[str, str, int, int, int]]:
    """Each file of `target` as the state records it, stat'ed in the tree at `root`."""
    return {rel: (entry.sha, entry.fingerprint, *_stat_of(os.path.join(root, rel)))
            for rel, entry in sorted(target.items())}


def _write_state_files(folder: Path, data: dict[str, Any], *, pending: bool) -> None:
    """state.json (the live files: all a no-change build reads) and details.json (the rest); with `pending`,
    as the .next files a switch promotes (see _promote and _recover)."""
    files = data.pop("files")
    state = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": data["live_inode"],
             "files": {rel: [sha, fingerprint] for rel, (sha, fingerprint, _, _, _) in files.items()}}
    details = dict(data, stats={rel: [size, mtime, inode] for rel, (_, _, size, mtime, inode) in files.items()})
    names = (NEXT_DETAILS, NEXT_STATE) if pending else (DETAILS, STATE)
    write_file(folder / names[0], (json.dumps(details, separators=(",", ":")) + "\n").encode())
    write_file(folder / names[1], (json.dumps(state, separators=(",", ":")) + "\n").encode())


def _promote(folder: Path) -> None:
    """The switch happened: the .next files describe the live tree now (details first: state.next.json is
    the mark that a switch is pending)."""
    if (folder / NEXT_DETAILS).exists():
        os.replace(folder / NEXT_DETAILS, folder / DETAILS)
    os.replace(folder / NEXT_STATE, folder / STATE)


def _first_switch(output_dir: Path, folder: Path, plan: _Plan, staged: set[str], written: int) -> CommitReport:
    """No live folder yet: the staging folder holds the whole site; one rename makes it live."""
    staging = folder / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    missing = [rel for rel in plan.target if rel not in staged]
    if missing:  # cannot happen: without a live folder every file is rendered and staged
        raise UserError(str(output_dir), f"internal error: no bytes for {missing[0]}")
    data = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": os.stat(staging).st_ino,
            "files": {}, "dirs": None, "foreign": [], "spare": None}
    data["files"] = _files_with_stats(str(staging), plan.target)
    _write_state_files(folder, data, pending=True)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, output_dir)
    _promote(folder)
    _clear_quietly(folder / SPARE)
    return CommitReport(written=written, unchanged=0, removed=0, warnings=tuple(plan.warnings))


def _clear_quietly(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _cannot_swap(output_dir: Path, folder: Path) -> bool:
    """A mount point (a container's volume, say) cannot be renamed, nor hard-linked across."""
    try:
        return os.path.ismount(output_dir) or output_dir.stat().st_dev != folder.stat().st_dev
    except OSError:
        return False


def _in_place(output_dir: Path, folder: Path, plan: _Plan, staged: set[str], state: State) -> None:
    """The fallback where folders cannot be swapped: each file replaced atomically, but one after another."""
    live, stage_root = str(output_dir), str(folder / STAGING)
    made: set[str] = set()
    for rel in sorted(staged & plan.target.keys()):
        target = os.path.join(live, rel)
        _make_parent(live, target, made)
        temporary = target + ".newsgen-tmp"
        shutil.copyfile(os.path.join(stage_root, rel), temporary)
        os.replace(temporary, target)
    for rel in sorted(state.live.keys() - plan.target.keys() - plan.keep):
        try:
            os.unlink(os.path.join(live, rel))
        except FileNotFoundError:
            pass
        _remove_empty_folders(live, os.path.dirname(rel))
    files = _files_with_stats(live, plan.target)
    data = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": os.stat(live).st_ino,
            "switched_ns": time.time_ns(), "files": files, "dirs": None, "foreign": sorted(plan.keep), "spare": None}
    _write_state_files(folder, data, pending=False)


# --- the switch ---------------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system or file system cannot."""
    import ctypes  # noqa: PLC0415 - only when switching: the import costs more than the call

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _switch(output_dir: Path, folder: Path) -> None:
    """Make the spare tree live and the live tree the spare. Without an atomic exchange, two renames: for a
    moment there is no output folder (a reader gets a 404, never a mix), and a build killed in between is
    finished by the next one (see _recover)."""
    spare, old = folder / SPARE, folder / OLD
    if _exchange(output_dir, spare):
        return
    os.rename(output_dir, old)
    os.rename(spare, output_dir)
    os.rename(old, spare)


def write_file(target: Path, data: bytes) -> None:
    """Write atomically: a reader (or a crash) never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.newsgen-tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)
