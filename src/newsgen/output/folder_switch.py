"""The switch itself: exchanging the spare and live folders in one rename (or the fallbacks where the file
system cannot).
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

from ..core.errors import UserError
from .spare_tree import make_parent, remove_empty_folders
from .state_files import (
    OLD,
    SPARE,
    STAGING,
    STATE_FORMAT,
    CommitReport,
    State,
    SwitchPlan,
    files_with_stats,
    promote,
    write_state_files,
)


def first_switch(output_dir: Path, folder: Path, plan: SwitchPlan, staged: set[str], written: int) -> CommitReport:
    """No live folder yet: the staging folder holds the whole site; one rename makes it live."""
    staging = folder / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    missing = [rel for rel in plan.target if rel not in staged]
    if missing:  # cannot happen: without a live folder every file is rendered and staged
        raise UserError(str(output_dir), f"internal error: no bytes for {missing[0]}")
    data = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": os.stat(staging).st_ino,
            "files": {}, "dirs": None, "foreign": [], "spare": None}
    data["files"] = files_with_stats(str(staging), plan.target)
    write_state_files(folder, data, pending=True)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, output_dir)
    promote(folder)
    _clear_quietly(folder / SPARE)
    return CommitReport(written=written, unchanged=0, removed=0, warnings=tuple(plan.warnings))


def _clear_quietly(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)


def cannot_swap(output_dir: Path, folder: Path) -> bool:
    """A mount point (a container's volume, say) cannot be renamed, nor hard-linked across."""
    try:
        return os.path.ismount(output_dir) or output_dir.stat().st_dev != folder.stat().st_dev
    except OSError:
        return False


def in_place(output_dir: Path, folder: Path, plan: SwitchPlan, staged: set[str], state: State) -> None:
    """The fallback where folders cannot be swapped: each file replaced atomically, but one after another."""
    live, stage_root = str(output_dir), str(folder / STAGING)
    made: set[str] = set()
    for rel in sorted(staged & plan.target.keys()):
        target = os.path.join(live, rel)
        make_parent(live, target, made)
        temporary = target + ".newsgen-tmp"
        shutil.copyfile(os.path.join(stage_root, rel), temporary)
        os.replace(temporary, target)
    for rel in sorted(state.live.keys() - plan.target.keys() - plan.keep):
        try:
            os.unlink(os.path.join(live, rel))
        except FileNotFoundError:
            pass
        remove_empty_folders(live, os.path.dirname(rel))
    files = files_with_stats(live, plan.target)
    data = {"generator": "newsgen", "format": STATE_FORMAT, "live_inode": os.stat(live).st_ino,
            "switched_ns": time.time_ns(), "files": files, "dirs": None, "foreign": sorted(plan.keep), "spare": None}
    write_state_files(folder, data, pending=False)


_RENAME_EXCHANGE = 2


_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system or file system cannot."""
    import ctypes

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


def switch(output_dir: Path, folder: Path) -> None:
    """Make the spare tree live and the live tree the spare. Without an atomic exchange, two renames: for a
    moment there is no output folder (a reader gets a 404, never a mix), and a build killed in between is
    finished by the next one (see recover)."""
    spare, old = folder / SPARE, folder / OLD
    if _exchange(output_dir, spare):
        return
    os.rename(output_dir, old)
    os.rename(spare, output_dir)
    os.rename(old, spare)
