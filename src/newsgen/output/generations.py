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
  state.json       the live site's files (their names, and each one's sha256 and fingerprint): all that a
                   build which finds nothing changed reads
  details.json     the rest, read only to commit: each file's stat, the folders, the files newsgen did not
                   write, and how the spare tree differs from the live one
  state.next.json  the state after a switch (and details.next.json), written just before it (the next
                   build finishes the switch they describe, or throws them away)
  spare/           the spare tree; `spare.dirty` marks it as being changed (it is then rebuilt)
  staging/         files rendered by the running build
  lock             see buildlock.py

This module plans and runs one commit; state_files.py reads and writes the state (and finishes a switch a
killed build left), spare_tree.py prepares the spare tree, folder_switch.py swaps the folders.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import Problem, UserError
from .folder_switch import (
    cannot_swap,
    first_switch,
    in_place,
    switch,
)
from .spare_tree import clear, foreign_files, sha_of, update_spare
from .state_files import (  # noqa: F401 (the names the rest of newsgen imports from here)
    DETAILS,
    LEGACY_MANIFEST,
    NEXT_DETAILS,
    NEXT_STATE,
    OLD,
    SPARE,
    SPARE_DIRTY,
    STAGING,
    STATE,
    STATE_FORMAT,
    CommitReport,
    Entry,
    State,
    SwitchPlan,
    bookkeeping_dir,
    check_inside,
    check_made_by_newsgen,
    load_details,
    load_state,
    promote,
    stat_of,
    stat_text,
    write_file,
    write_state_files,
)


def commit(output_dir: Path, state: State, entries: dict[str, Entry], staged: Iterable[str], *,
           strict: bool = False, label: str = "") -> CommitReport:
    """Make the new site live: `entries` are its files, `staged` those whose bytes are in the staging folder
    (the others have the bytes the live site has). Raises UserError (the live site untouched) on any
    write error, and BuildFailed with `strict` when a file someone else made is in the way."""
    folder = bookkeeping_dir(output_dir)
    staging, spare = folder / STAGING, folder / SPARE
    staged = set(staged)
    load_details(output_dir, state)
    check_inside(output_dir, state, entries)
    plan = _plan(output_dir, state, entries, staged, label or output_dir.name)
    if strict and plan.warnings:
        from ..core.errors import BuildFailed

        raise BuildFailed(plan.warnings)
    written = len(staged & plan.target.keys())
    removed = len(state.live.keys() - plan.target.keys() - plan.keep)
    if not output_dir.exists():
        try:
            return first_switch(output_dir, folder, plan, staged, written)
        except OSError as exc:
            raise _write_error(exc, output_dir) from None
    if cannot_swap(output_dir, folder):
        try:
            in_place(output_dir, folder, plan, staged, state)
        except OSError as exc:
            raise _write_error(exc, output_dir) from None
        shutil.rmtree(staging, ignore_errors=True)
        note = Problem(path=str(output_dir), kind="not-atomic", message=(
            "is a mount point (or on another file system than the folder beside it), so the new site could not "
            "replace the old one in one step: files were moved in one by one"))
        return CommitReport(written=written, unchanged=len(plan.target) - written, removed=removed,
                            warnings=(*plan.warnings, note))
    try:
        if state.spare is None:
            clear(spare)
            spare_has: dict[str, str | None] = {}
            spare_foreign: tuple[str, ...] = ()
        else:
            spare_has = {rel: e.sha for rel, e in state.live.items()}
            spare_has.update(state.spare)
            spare_foreign = state.foreign
        (folder / SPARE_DIRTY).touch()
        touched, removed_dirs = update_spare(output_dir, spare, staging, plan, staged, spare_has, spare_foreign)
        _write_next_state(folder, spare, plan, state, touched, removed_dirs, output_dir, _mark(folder))
        switch(output_dir, folder)
        promote(folder)
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


def _plan(output_dir: Path, state: State, entries: dict[str, Entry], staged: set[str], label: str) -> SwitchPlan:
    """Which of the new site's files newsgen may write, and which files of the live tree it must keep."""
    target = dict(entries)
    keep: set[str] = set()
    warnings: list[Problem] = []
    foreign, recheck = foreign_files(output_dir, state)
    # Only the files this switch replaces or deletes, and those in folders someone changed, can have been
    # changed by someone else in a way the switch would lose: an edit in place is shared with the spare copy
    # (the two trees share inodes), a replacement or a new file changes its folder.
    replaced = {rel for rel, entry in target.items()
                if rel in state.live and (rel in staged or entry.sha != state.live[rel].sha)}
    changed, observed = _changed_by_others(output_dir, state, replaced | (state.live.keys() - target.keys()) | recheck)
    for rel in sorted(changed):
        keep.add(rel)
        if rel in target and (rel in staged or target[rel].sha != state.live[rel].sha):
            warnings.append(Problem(path=f"{label}/{rel}", kind="kept-output-file", message=(
                "was changed by someone other than newsgen since the last build, so newsgen did not overwrite "
                "it; delete it (or move your version elsewhere) to let newsgen write it again")))
        elif rel not in target:
            warnings.append(Problem(path=f"{label}/{rel}", kind="kept-output-file", message=(
                "is no longer produced, but it was changed by someone other than newsgen since the last build, "
                "so newsgen did not delete it")))
        target.pop(rel, None)
    for rel in sorted(foreign):
        keep.add(rel)
        if rel in target:
            warnings.append(Problem(path=f"{label}/{rel}", kind="kept-output-file", message=(
                "newsgen did not write this file, so it did not overwrite it with the page it generates here; "
                "move the file away to publish that page")))
            target.pop(rel)
    return SwitchPlan(target=target, keep=keep, warnings=warnings, observed=observed)


def _changed_by_others(output_dir: Path, state: State, candidates: set[str]
                       ) -> tuple[set[str], dict[str, str]]:
    """Of `candidates`, the files newsgen wrote into the live tree whose bytes are not what it wrote (gone
    ones are not listed), and the stat of each file looked at."""
    changed = set()
    observed: dict[str, str] = {}
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
        found = stat_text(st)
        observed[rel] = found
        known = state.stats.get(rel)
        if known == found or (known is None and not state.stats):
            continue  # unchanged; or a manifest of newsgen 0.1, with no stats to compare: trusted
        if not os.path.isfile(root + rel) or os.path.islink(root + rel) or sha_of(root + rel) != entry.sha:
            changed.add(rel)
    return changed, observed


def _mark(folder: Path) -> int:
    """The file system's own time now, once the spare tree is ready: every folder newsgen changed in it has
    this time or an earlier one, and a folder someone changes after the switch a later one or the same. It
    is a folder's time, set as any folder's is when a file in it comes or goes (by the file server's clock,
    on a network share), at the file system's resolution. The next commit looks into the folders changed
    since: comparing with the clock less a margin instead would look into every folder of a spare tree
    made within that margin before the switch (all of them, the first time)."""
    write_file(folder / SPARE_DIRTY, b"")  # made anew (it stays until the switch is done: see commit)
    return os.stat(folder).st_mtime_ns


def _write_next_state(folder: Path, spare: Path, plan: SwitchPlan, old: State, touched: set[str],
                      removed_dirs: set[str], live: Path, marked: int) -> None:
    """The state of the spare tree as the live one, and of the live tree as the next spare. Only the files and
    folders this switch touched are looked at: the others are as the live tree has them (shared inodes).
    `marked`: see _mark."""
    root = str(spare)
    files = {}
    for rel, entry in plan.target.items():
        known = None if rel in touched else plan.observed.get(rel) or old.stats.get(rel)
        files[rel] = (entry.sha, entry.fingerprint, known or stat_of(os.path.join(root, rel)))
    # (The folders unsorted: read back as a set, and 172,000 of them at 100,000 articles.)
    data = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": os.stat(root).st_ino,
            "switched_ns": time.time_ns(), "changed_after_ns": marked, "files": files,
            "dirs": list(_next_dirs(root, old, touched, removed_dirs)), "foreign": sorted(plan.keep),
            "spare": dict(sorted(_next_spare(plan, old, touched, live).items()))}
    write_state_files(folder, data, pending=True)


def _next_dirs(root: str, old: State, touched: set[str], removed_dirs: set[str]) -> set[str]:
    """The folders of the tree at `root` once it is live: walked when the state does not know them."""
    if old.dirs is None:
        dirs = set()
        for dirpath, _, _ in os.walk(root):
            rel = os.path.relpath(dirpath, root)
            dirs.add("" if rel == "." else rel)
        return dirs
    dirs = old.dirs - removed_dirs
    for rel in touched:
        parent = os.path.dirname(rel)
        while parent and parent not in dirs:
            dirs.add(parent)
            parent = os.path.dirname(parent)
    return dirs


def _next_spare(plan: SwitchPlan, old: State, touched: set[str], live: Path) -> dict[str, str | None]:
    """After the switch the old live tree is the spare: where it differs from the new live one (rel -> the
    sha it has there, None: absent)."""
    was_live, keep = old.live, plan.keep
    spare: dict[str, str | None] = {}
    for rel, entry in plan.target.items():  # (one plain loop: every file of the site, at every commit)
        was = was_live.get(rel)
        if (was is None or was is not entry and was.sha != entry.sha) and rel not in keep:
            spare[rel] = None if was is None else was.sha
    for rel in was_live.keys() - plan.target.keys() - keep:
        spare[rel] = was_live[rel].sha
    # A file someone deleted from the live tree is not in it when it becomes the spare, whatever the state says
    # (every such file that is still planned was rendered again, so it is among those touched).
    live_root = str(live)
    for rel in touched:
        if rel in old.live and not os.path.lexists(os.path.join(live_root, rel)):
            spare[rel] = None
    return spare
