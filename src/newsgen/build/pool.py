"""The process pool: Markdown parsing and page rendering are maps over independent items.

The items are handed to the workers once, not per task: on Linux the pool forks after the work list
is built, so workers inherit it for free and a task is just an index range. Where forking is unsafe
(another thread is running, as in the dev server, where a fork could copy a held lock) the pool uses
the forkserver and sends the work list once per worker. Each worker keeps its own state (e.g. a Jinja
environment) for its whole life. Callers sort results, so output never depends on scheduling.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

# Below these counts starting workers costs more than it saves.
MIN_PARSE_ITEMS = 48
MIN_RENDER_ITEMS = 600

Task = Callable[[Any, dict[str, Any], int, int], list[Any]]

# The work list of the current pool, inside a worker process (inherited by fork or set by _install).
_payload: dict[str, Any] = {}


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def ranges(count: int, jobs: int, *, size: int) -> list[tuple[int, int]]:
    """Index ranges small enough to balance the workers, big enough to amortise the round trips."""
    size = max(1, min(size, -(-count // (jobs * 4)) if count else 1))
    return [(start, min(count, start + size)) for start in range(0, count, size)]


def _die_with_parent(parent: int) -> None:
    """In a worker: end when the build process ends, even by kill -9, instead of living on as an orphan
    (Linux's PR_SET_PDEATHSIG; elsewhere the worker ends when its task pipe closes)."""
    try:
        import ctypes  # noqa: PLC0415 - workers only

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build ended before the call above
        os._exit(1)


def _install(payload: Any) -> None:
    _payload.clear()
    _payload["items"] = payload
    _payload["state"] = {}


def _run(task: Task, start: int, end: int) -> list[Any]:
    return task(_payload["items"], _payload["state"], start, end)


def run_parallel(task: Task, payload: Any, count: int, jobs: int, *, size: int) -> Iterator[list[Any]]:
    """Yield task(payload, worker_state, start, end) for consecutive ranges of `count` items, in order."""
    # Loaded here, not with the module: a build that renders nothing never starts a pool.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork_safe = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    # Frozen before the fork, the objects the workers inherit are passed over by the workers' garbage
    # collections, instead of read (and so copied). Not when a program running newsgen froze objects itself.
    freeze = fork_safe and gc.get_freeze_count() == 0
    if fork_safe:
        _install(payload)  # inherited by the forked workers: nothing is pickled but the results
        if freeze:
            gc.freeze()
        context = multiprocessing.get_context("fork")
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_die_with_parent,
                                       initargs=(os.getpid(),))
    else:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                       initializer=_install, initargs=(payload,))
    try:
        spans = ranges(count, jobs, size=size)
        yield from executor.map(_run, [task] * len(spans), [s for s, _ in spans], [e for _, e in spans])
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        if freeze:
            gc.unfreeze()
        if fork_safe:
            _payload.clear()


# Below this many items a forked check costs more than it saves: a fork and a wait take about a millisecond,
# as long as 300 of the checks. (At 10,000 articles, 17,000 outputs, the check then runs beside the scan,
# the record and the discovery instead of after them.)
MIN_FORK_CHECK = 2_000


def beside(check: Callable[[], bool], *, items: int, jobs: int) -> Answer:
    """Start `check` (a yes/no question that only reads files) in a forked child, so the caller can go on
    with other work on another core. Asked here instead, at once, for fewer than MIN_FORK_CHECK items, one
    job, no fork (not POSIX) or another thread running (a fork could copy a lock it holds)."""
    if items < MIN_FORK_CHECK or jobs < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return Answer(check=check)
    # Ctrl-C held back over the fork: landing in the child before its `try`, it would run the parent's
    # cleanup there (the lock, the temporary folders). The child ignores it; the parent's drop() stops it.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:  # out of processes: the same answer, a little later
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        return Answer(check=check)
    if pid == 0:  # the child: answers with its exit code, running none of the parent's cleanup (_exit)
        code = 2
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            code = 0 if check() else 1
        finally:
            os._exit(code)
    # A Ctrl-C held back lands here: the child, which ignores it, finishes its check and exits by itself.
    signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return Answer(pid=pid)


class Answer:
    """The answer of a check started by beside(): `get()` waits for it; `drop()` stops the child unasked.
    A check not given to a child is asked on the first get(), if ever."""

    def __init__(self, *, check: Callable[[], bool] | None = None, pid: int = 0) -> None:
        self.check, self.pid = check, pid
        self.given: bool | None = None

    def get(self) -> bool:
        if self.given is None and self.check is not None:
            self.given = self.check()
        elif self.given is None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0  # reaped: never signalled again (its number may be another process's soon)
            self.given = os.waitstatus_to_exitcode(status) == 0  # a child that failed answers "no"
        return self.given

    def drop(self) -> None:
        if self.given is not None or self.check is not None or not self.pid:
            return
        pid, self.pid, self.given = self.pid, 0, False
        # (A Ctrl-C can land between get()'s waitpid and its `self.pid = 0`: the child is then gone already.)
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
