"""One build of an output folder at a time: an exclusive lock held for the whole build.

The lock is an `flock` on a file in the output's bookkeeping folder (see generations.py). The kernel
drops it when the process ends in any way, kill -9 included, so a crashed build never leaves a stale
lock behind; the process id written into the file only serves the message a waiting build prints.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import UserError

LOCK_NAME = "lock"
# The descriptors of the locks this process holds. A forked child (a pool worker) closes its copies at
# once: a worker orphaned by a killed build must not keep the lock for the next build (flock locks belong to
# the open file, which every copy of the descriptor shares).
_HELD: set[int] = set()


def _forget_in_child() -> None:
    for fd in tuple(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_forget_in_child)
WAIT_SECONDS = 600.0  # a build of 100,000 articles takes a few minutes; past this, something is wrong
POLL_SECONDS = 0.1


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def build_lock(folder: Path, output_dir: Path, *, wait: float = WAIT_SECONDS,
               notify: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the lock of the output folder whose bookkeeping is `folder`; wait for another build holding it,
    saying so once, and raise UserError when it is still held after `wait` seconds."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise UserError(str(folder), f"cannot create the build lock: {exc.strerror}; newsgen keeps its "
                        f"bookkeeping for {output_dir} in this folder beside it, so it must be writable") from None
    try:
        if not _try_lock(fd):
            notify(f"waiting for another newsgen build of {output_dir} to finish ({_holder(fd)}) ...")
            deadline = time.monotonic() + wait
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise UserError(str(output_dir), f"another newsgen build of this folder ({_holder(fd)}) "
                                    f"is still running after {wait:.0f} s; wait for it or stop it, then build again")
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _HELD.add(fd)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)  # closing the descriptor releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"
