"""The spare tree: made the new site by moving in what was rendered and linking what is unchanged; and the
live tree's files that newsgen did not write (found, never touched).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

from ..core.errors import UserError
from .state_files import LEGACY_MANIFEST, State, SwitchPlan, any_outside, outside


def sha_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def foreign_files(output_dir: Path, state: State) -> tuple[set[str], set[str]]:
    """(files in the live tree newsgen did not write, newsgen's files in folders someone changed): the ones
    found before, and what is in any folder changed since the switch (every folder, when that is unknown).
    Asked at the commit, not earlier: a folder someone changes while the build renders must be looked into."""
    root = str(output_dir)
    found = {rel for rel in state.foreign if os.path.lexists(os.path.join(root, rel))}
    known = state.live.keys() | found
    todo = [""] if state.dirs is None else _changed_dirs(root, state.dirs, state.changed_after)
    recheck: set[str] = set()
    seen: set[str] = set()
    while todo:
        rel = todo.pop()
        if rel not in seen:
            seen.add(rel)
            _look_into(root, rel, state, known, todo, recheck, found)
    return found, recheck


def _look_into(root: str, rel: str, state: State, known: set[str], todo: list[str], recheck: set[str],
               found: set[str]) -> None:
    """Sort one folder's entries: sub-folders to look into, newsgen's files to recheck, the others' files."""
    try:
        entries = list(os.scandir(os.path.join(root, rel)))
    except OSError:
        return
    for entry in entries:
        name = f"{rel}/{entry.name}" if rel else entry.name
        if entry.is_dir(follow_symlinks=False):
            if state.dirs is None or name not in state.dirs:
                todo.append(name)
        elif name in state.live:
            recheck.add(name)
        elif name not in known and name != LEGACY_MANIFEST:
            found.add(name)


def _changed_dirs(root: str, dirs: set[str], after: int) -> list[str]:
    """The folders of `dirs` changed at or after `after` (ns). A folder the state names outside the output
    (only a hand-edited state can) is never looked into. Every folder of the site is stat'ed at every
    commit (172,000 at 100,000 articles), so this is one plain loop."""
    if any_outside(dirs - {""}):
        dirs = {rel for rel in dirs if not rel or not outside(rel)}
    prefix, stat, changed = root + os.sep, os.stat, []
    for rel in dirs:
        try:
            if stat(prefix + rel if rel else root, follow_symlinks=False).st_mtime_ns >= after:
                changed.append(rel)
        except OSError:
            pass  # gone: so are the files in it
    return changed


def clear(spare: Path) -> None:
    if spare.is_symlink() or spare.is_file():
        spare.unlink()
    elif spare.exists():
        shutil.rmtree(spare)
    spare.mkdir(parents=True)


def update_spare(output_dir: Path, spare: Path, staging: Path, plan: SwitchPlan, staged: set[str],
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
            make_parent(root, target, made)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)  # a folder of the old site where the new one has a file
            os.replace(os.path.join(stage_root, rel), target)
            touched.add(rel)
        elif spare_has.get(rel) != entry.sha:
            target = os.path.join(root, rel)
            make_parent(root, target, made)
            _link(os.path.join(live, rel), target)
            touched.add(rel)
    for rel in plan.keep:
        source, target = os.path.join(live, rel), os.path.join(root, rel)
        if not _same_file(source, target):
            make_parent(root, target, made)
            _link(source, target)
            touched.add(rel)
    removed: set[str] = set()
    for rel in sorted(emptied, key=len, reverse=True):
        removed.update(remove_empty_folders(root, rel))
    return touched, removed


def make_parent(root: str, target: str, made: set[str]) -> None:
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


def remove_empty_folders(root: str, rel: str) -> list[str]:
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
