"""What a build is asked to do, what a long-running process keeps between builds, and what a build reports."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.sources import Discovery, StatKey
from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.models import Parsed, SourceFile
from ..incremental.build_record import Frame, Record
from ..incremental.store import Slot, Store
from ..output.generations import State


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What the user asked for on the command line."""

    site_dir: Path
    now: dt.datetime
    output: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    jobs: int = 0  # 0: one per core
    use_cache: bool = True
    progress: bool = True
    # Issue 6: the link check of every build, and what to do with problems.
    check_links: bool = True
    strict: bool = False  # broken links are errors: nothing is written
    keep_going: bool = False  # leave out the articles with errors, build the rest, report them at the end
    search_later: bool = False  # the dev server: no search index in the build, it is made after the reload


@dataclass
class BuildState:
    """What a long-running process (the dev server) keeps between builds: every parse (by source key), the
    sources' stats, the link check's results and the last build's record (the command line reads that one
    from the cache)."""

    parsed: dict[str, Parsed] = field(default_factory=dict)
    sources: dict[str, tuple[StatKey, SourceFile]] = field(default_factory=dict)  # see sources.discover
    links: dict[str, Any] = field(default_factory=dict)  # the link check's results (see check.staged_links)
    record: Record | None = None  # the last build's record, kept loaded (see incremental.build_record)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build did, for the summary line and for tests."""

    output_dir: Path
    published: int
    drafts: int
    future: int
    pages: int
    parsed: int
    rendered: int
    written: int
    unchanged: int
    removed: int
    seconds: float
    warnings: tuple[Problem, ...]
    next_due: dt.datetime | None
    next_expiry: dt.datetime | None = None  # the next listed article's expiry or end of its feature
    next_unfeature: dt.datetime | None = None  # the feature end alone, to say which of the two comes next
    timings: tuple[tuple[str, float], ...] = ()
    skipped: tuple[Problem, ...] = ()  # --keep-going: the errors of the articles left out
    images_cleaned: int = 0  # published images stripped of location and serial metadata (issue 14)
    # How the build went: "full", "unchanged" (nothing to do) or "bodies" (only the outputs carrying the edited
    # bodies were redone, see body_edit): what build_record.compare found.
    route: str = "full"

    def summary(self) -> str:
        due = f"; next scheduled article due {self.next_due.isoformat()}" if self.next_due else ""
        if self.next_expiry:
            # A feature ending (`featured: <time>`) changes the front page, not what is published: say which.
            ending = self.next_unfeature == self.next_expiry
            what = "next featured article stops leading" if ending else "next article expires"
            due += f"; {what} {self.next_expiry.isoformat()}"
        return (f"{self.published} articles published, {self.drafts} drafts and {self.future} future skipped; "
                f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed "
                f"in {self.seconds:.2f} s{due}{_cleaned_note(self.images_cleaned)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """One build's fixed surroundings, opened before discovery: settings, output folder, store, record."""

    options: BuildOptions
    state: BuildState | None  # the dev server's memory; None on the command line
    config: SiteConfig
    output_dir: Path
    output_state: State
    cache_dir: Path
    store: Store
    store_warnings: list[str]
    record_slot: Slot
    record: Record | None  # the last build into this output folder (see incremental.build_record)
    jobs: int
    cleanup: ExitStack


def _cleaned_note(cleaned: int) -> str:
    """The build summary's note on the images the photo stage cleaned ("" when none were)."""
    if not cleaned:
        return ""
    return f"; {cleaned} image{'s' if cleaned != 1 else ''} cleaned of location and serial-number metadata"


@dataclass(frozen=True, slots=True, kw_only=True)
class Inputs:
    """What this build found, as the record's keys see it."""

    discovery: Discovery
    frame: Frame
    key: str
