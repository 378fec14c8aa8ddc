"""The dev server's build loop and the one state it shares with the HTTP threads.

`PreviewState` holds everything the threads exchange (pending changes, build epoch, last errors) under
one `threading.Condition`. `BuildLoop` waits for a debounced batch of changes, builds the preview and
publishes the outcome; changes that arrive during a build are kept and trigger the next one, so the
preview always ends up matching the files on disk. A failed build writes nothing (build() guarantees
it), so the last good preview stays on disk while the errors are shown over it.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..build import BuildOptions, BuildReport, BuildState, build
from ..core.config import load_config
from ..core.errors import BuildFailed, Problem, UserError
from .changes import CONTENT, Change, ChangeSet, Debouncer

CLOCK_CHANGE = Change(CONTENT, "(clock: an article is due or expires)")
SCHEDULE_CHECK_MAX = 3600.0  # seconds; re-check the clock at least hourly while waiting for a due article


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """What the browser needs to know: which build it should show, and the errors of the last attempt."""

    version: int  # bumps on every publish, good or bad: waiters compare it
    epoch: int  # number of good builds; the pages on disk are from this one
    css_since: int  # every good build after this epoch changed stylesheets only
    errors: tuple[str, ...]
    base_path: str

    def as_json(self) -> dict[str, object]:
        return {"epoch": self.epoch, "css_since": self.css_since, "errors": list(self.errors)}


class PreviewState:
    """Shared by the watcher, the build loop and the HTTP threads; every field is guarded by `condition`."""

    def __init__(self, base_path: str = "/", debouncer: Debouncer | None = None) -> None:
        self.condition = threading.Condition()
        self.session = secrets.token_hex(8)  # tells browsers when the server was restarted
        self.debouncer = debouncer or Debouncer()
        self._snapshot = Snapshot(version=0, epoch=0, css_since=0, errors=(), base_path=base_path)
        self.closed = False

    def snapshot(self) -> Snapshot:
        with self.condition:
            return self._snapshot

    def add_changes(self, changes: Iterable[Change]) -> None:
        """Called by the watcher thread: queue changes and wake the build loop."""
        with self.condition:
            self.debouncer.add(changes)
            self.condition.notify_all()

    def publish_good(self, changes: ChangeSet | None, base_path: str) -> Snapshot:
        """A build succeeded: the pages on disk are a new epoch; clear the errors."""
        with self.condition:
            old = self._snapshot
            epoch = old.epoch + 1
            css_only = (changes is not None and changes.css_only and old.epoch > 0
                        and base_path == old.base_path)
            self._snapshot = Snapshot(version=old.version + 1, epoch=epoch,
                                      css_since=old.css_since if css_only else epoch,
                                      errors=(), base_path=base_path)
            self.condition.notify_all()
            return self._snapshot

    def publish_failed(self, problems: Iterable[Problem]) -> Snapshot:
        """A build failed: keep the epoch (the last good pages stay on disk) and show the errors."""
        with self.condition:
            old = self._snapshot
            self._snapshot = Snapshot(version=old.version + 1, epoch=old.epoch, css_since=old.css_since,
                                      errors=tuple(str(p) for p in problems), base_path=old.base_path)
            self.condition.notify_all()
            return self._snapshot

    def wait_for_update(self, seen_version: int, timeout: float) -> Snapshot | None:
        """The snapshot once its version differs from `seen_version` or `timeout` passed; None once closed."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while not self.closed and self._snapshot.version == seen_version:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.condition.wait(left)
            return None if self.closed else self._snapshot

    def close(self) -> None:
        """Stop the build loop and end every event stream."""
        with self.condition:
            self.closed = True
            self.condition.notify_all()


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviewSettings:
    """How to build the preview: the site, the preview folder, the local origin and the build switches."""

    site_dir: Path
    preview_dir: Path
    origin: str  # e.g. http://127.0.0.1:8000 (no trailing slash)
    now: Callable[[], dt.datetime]
    drafts: bool = False
    future: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One build attempt, for the terminal line."""

    changes: ChangeSet | None  # None for the first build
    report: BuildReport | None
    problems: tuple[Problem, ...]
    milliseconds: float


def preview_base_url(origin: str, base_path: str) -> str:
    """The site's base URL moved to the local server, keeping its subpath: http://127.0.0.1:8000/news/."""
    return origin.rstrip("/") + base_path


class BuildLoop:
    """The thread that turns debounced changes into preview builds and publishes each outcome.

    `build_site` is `build()` by default. It gets the same `BuildState` every time, which keeps every
    parsed article and the build record in memory between builds, so a save re-parses only the file that
    changed, and a body edit redoes only the outputs that carry it (see build.body_edit).
    """

    def __init__(self, settings: PreviewSettings, state: PreviewState, *,
                 report: Callable[[Outcome], None] = lambda outcome: None,
                 build_site: Callable[[BuildOptions, BuildState], BuildReport] = build,
                 after_good: Callable[[], None] = lambda: None) -> None:
        self.settings = settings
        self.state = state
        self.build_state = BuildState()
        self._report = report
        self._after_good = after_good  # the search index, made after the reload (see search_preview)
        self._build_site = build_site
        self._builds = 0
        self._since_good: frozenset[Change] = frozenset()  # changes of failed builds, not yet shown
        self._next_due: dt.datetime | None = None  # publication time of the next scheduled article
        self._due_at: float | None = None  # monotonic time to look at the clock for it
        self._thread = threading.Thread(target=self._run, name="newsgen-build-loop", daemon=True)

    def build_once(self, changes: ChangeSet | None = None) -> Outcome:
        """Build the preview now and publish the outcome; never raises for user errors."""
        started = time.perf_counter()
        base_path = self.state.snapshot().base_path
        if changes is not None:  # a good build shows every change since the last good one
            changes = ChangeSet(changes=self._since_good | changes.changes)
            self._since_good = changes.changes
        try:
            base_path = self._base_path()
            options = BuildOptions(
                site_dir=self.settings.site_dir, now=self.settings.now(), output=self.settings.preview_dir,
                drafts=self.settings.drafts, future=self.settings.future,
                base_url=preview_base_url(self.settings.origin, base_path),
                progress=self._builds == 0,  # a bar for a long first build only, not between rebuild lines
                search_later=True)
            self._builds += 1
            report = self._build_site(options, self.build_state)
        except BuildFailed as exc:
            outcome = Outcome(changes=changes, report=None, problems=exc.problems,
                              milliseconds=_ms_since(started))
            self.state.publish_failed(exc.problems)
        except UserError as exc:
            outcome = Outcome(changes=changes, report=None, problems=(exc.problem,),
                              milliseconds=_ms_since(started))
            self.state.publish_failed(outcome.problems)
        else:
            due = None if self.settings.future else report.next_due  # with --future it is shown already
            self._schedule(_earliest(due, report.next_expiry), options.now)
            outcome = Outcome(changes=changes, report=report, problems=(), milliseconds=_ms_since(started))
            self._since_good = frozenset()
            self.state.publish_good(changes, base_path)
            self._after_good()
        self._report(outcome)
        return outcome

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Close the state (which wakes the loop) and wait briefly; a build in progress is not interrupted."""
        self.state.close()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            changes = self._next_batch()
            if changes is None:
                return
            self.build_once(changes)

    def _next_batch(self) -> ChangeSet | None:
        """Block until a batch of changes (or a scheduled article) is due; None once the state is closed."""
        state = self.state
        with state.condition:
            while not state.closed:
                batch = state.debouncer.take()
                if batch is not None:
                    return batch
                wait = state.debouncer.due_in()
                due = None if self._due_at is None else self._due_at - time.monotonic()
                if due is not None and due <= 0 and wait is None:
                    if self._scheduled_article_due():
                        return ChangeSet(changes=frozenset({CLOCK_CHANGE}))
                    continue
                waits = [w for w in (wait, due) if w is not None]
                state.condition.wait(max(0.001, min(waits)) if waits else None)
            return None

    def _schedule(self, next_due: dt.datetime | None, now: dt.datetime) -> None:
        """Rebuild by itself when an article is due (or expires), so the preview changes without a save."""
        self._next_due = next_due
        if self._next_due is None:
            self._due_at = None
            return
        seconds = (self._next_due - now).total_seconds()
        # far-off dates: look at the clock again at least hourly (a suspended laptop loses monotonic time)
        self._due_at = time.monotonic() + max(0.0, min(seconds, SCHEDULE_CHECK_MAX)) + 0.2

    def _scheduled_article_due(self) -> bool:
        """At a scheduled wake-up: True if the article is due now, else plan the next wake-up."""
        if self._next_due is None:
            self._due_at = None
            return False
        try:
            now = self.settings.now()
        except UserError:  # a broken --now or site.yaml: the next save reports it
            self._due_at = None
            return False
        if now >= self._next_due:
            self._next_due = self._due_at = None
            return True
        self._schedule(self._next_due, now)
        return False

    def _base_path(self) -> str:
        """The subpath of the site's own base_url, read afresh: site.yaml may have changed."""
        return load_config(self.settings.site_dir).base_path


def _earliest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [m for m in moments if m is not None]
    return min(known) if known else None


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
