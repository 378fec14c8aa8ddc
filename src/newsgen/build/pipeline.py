"""A build's entry: open the output, discover the sources, compare them with the last build's record.

What the comparison says picks the route: nothing changed (done here), only article bodies (body_edit),
or anything else (full_build: parse -> assemble and plan -> render -> check links -> commit). Nothing is done twice: a source whose bytes are unchanged is not parsed again (the cache), and an
output whose fingerprint is unchanged is not rendered again (the manifest). Big builds use every core.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..content.sources import Scan, discover
from ..core.config import CONFIG_NAME, check_output_dir, load_config, with_base_url
from ..core.errors import BuildFailed, Problem, UserError
from ..core.warningkinds import shown
from ..incremental import build_record, record_rows
from ..incremental.build_record import Found, Record
from ..incremental.store import DB_NAME, Store
from ..output.buildlock import build_lock
from ..output.generations import bookkeeping_dir, check_made_by_newsgen, load_state
from . import pool
from .bookkeeping import after_commit, guard, moment, store_warnings
from .options import BuildOptions, BuildReport, BuildState, Inputs, Run
from .timing import Timings

__all__ = ["BuildOptions", "BuildReport", "BuildState", "build"]


def build(options: BuildOptions, state: BuildState | None = None) -> BuildReport:
    """Build the site; raise BuildFailed with every user error, leaving the output as it was. Warnings of the
    kinds `warnings: ignore:` names are left out of both (the build record keeps them all)."""
    try:
        report = _build(options, state)
    except BuildFailed as exc:
        if not getattr(exc, "warnings", ()):  # SettingsRefused has none
            raise
        try:
            ignored = load_config(options.site_dir).warnings
        except UserError:
            raise exc from None
        raise BuildFailed(exc.problems, warnings=shown(exc.warnings, ignored)) from None
    return report


def _build(options: BuildOptions, state: BuildState | None) -> BuildReport:
    started = time.perf_counter()
    timings = Timings()
    with ExitStack() as cleanup:
        run = open_run(options, state, cleanup)
        looked = unchanged_by_stats(run, timings)
        if isinstance(looked, BuildReport):
            return dataclasses.replace(looked, seconds=time.perf_counter() - started,
                                       warnings=shown(looked.warnings, run.config.warnings))
        if looked is not None:
            cleanup.callback(looked.present.drop)
        if options.use_cache and state is None:
            run = dataclasses.replace(run, record=record_rows.load_record(run.record_slot))
        with timings.stage("discover"):
            inputs = discover_inputs(run, looked.scan if looked is not None else None)
        quick = shortcut(run, inputs, timings, looked.present.get if looked is not None else None)
        if quick is not None:
            return dataclasses.replace(quick, seconds=time.perf_counter() - started,
                                       warnings=shown(quick.warnings, run.config.warnings))
        # Only now the modules of parsing, planning and rendering (Markdown, Jinja, the link checker, the
        # photo stage): a build that found nothing changed, or only bodies, finishes without loading them.
        from .full_build import full_build

        return full_build(run, inputs, timings, started)


def open_run(options: BuildOptions, state: BuildState | None, cleanup: ExitStack) -> Run:
    """Settings, the output folder (locked: one build of it at a time), the cache store and the records."""
    config = guard(lambda: load_config(options.site_dir))
    if options.base_url:
        config = guard(lambda: with_base_url(config, options.base_url))
    output_dir = (options.output or options.site_dir / config.output).resolve()
    if options.output is not None and (problem := check_output_dir(options.site_dir, options.output, config)):
        raise BuildFailed([Problem(path="--output", message=problem)])
    line = config.lines.get("output") if options.output is None else None
    if line is None:
        guard(lambda: check_made_by_newsgen(output_dir))
    else:  # the folder comes from site.yaml's `output:`: the line to change is that one
        try:
            check_made_by_newsgen(output_dir, choose="(`output:`, or --output)")
        except UserError as exc:
            raise BuildFailed([Problem(path=CONFIG_NAME, line=line, field="output",
                                       message=f"{exc.problem.path}: {exc.problem.message}")]) from None
    guard(lambda: cleanup.enter_context(build_lock(bookkeeping_dir(output_dir), output_dir)))
    output_state = guard(lambda: load_state(output_dir))
    if options.use_cache:
        cache_dir = options.site_dir / config.cache_dir
    else:  # --no-cache: a throwaway store, so bodies still need not all stay in memory
        cache_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="newsgen-")))
    warnings: list[str] = []
    store = Store(cache_dir / DB_NAME, warnings=warnings)
    cleanup.callback(store.close)
    slot = record_rows.record_slot(cache_dir, output_dir)
    # The dev server keeps the last build's record loaded (and reads only its head, to tell whether another
    # build changed it since); the command line reads it from the cache after unchanged_by_stats.
    record = record_rows.load_record(slot, state.record) if options.use_cache and state is not None else None
    return Run(options=options, state=state, config=config, output_dir=output_dir, output_state=output_state,
               cache_dir=cache_dir, store=store, store_warnings=warnings, record_slot=slot, record=record,
               jobs=options.jobs or pool.default_jobs(), cleanup=cleanup)


def discover_inputs(run: Run, scan: Scan | None = None) -> Inputs:
    """Every source with its digest (unchanged files known by their stat), and the keys of this input."""
    options, state = run.options, run.state
    hints = state.sources if state is not None else build_record.hints(run.record) if run.record else None
    discovery = discover(options.site_dir, hints, keep_bytes=state is not None, scan=scan)
    if state is not None:
        state.sources = discovery.stats
    frame = _frame(run, discovery.notes)
    return Inputs(discovery=discovery, frame=frame, key=build_record.input_key(frame.key, discovery.sources))


def _frame(run: Run, notes: tuple[Problem, ...]) -> build_record.Frame:
    options = run.options
    switches = repr((options.drafts, options.future, str(run.output_dir), options.check_links, options.strict,
                     options.keep_going))
    return build_record.frame_key(site_dir=options.site_dir, config=run.config, switches=switches, notes=notes)


@dataclass(frozen=True, slots=True)
class Looked:
    """What unchanged_by_stats looked at, for the rest of the build: the content folder, and whether every
    output is still there (asked beside it)."""

    scan: Scan
    present: pool.Answer


def unchanged_by_stats(run: Run, timings: Timings) -> BuildReport | Looked | None:
    """The report of a command-line build whose every input has the stat the last build recorded; else what
    it looked at (for discover to read what changed, and compare), or None when there is nothing to compare.

    The same verdict as compare()'s "unchanged" (a file with its recorded stat has its recorded digest), asked
    without reading a source file or the record's row of each one: at 100,000 articles those rows alone
    take longer than the rest of a no-change build."""
    if run.state is not None or not run.options.use_cache:
        return None
    loaded = record_rows.load_head(run.record_slot)
    if loaded is None:
        return None
    record, stats = loaded
    files = run.output_state.files()
    # Whether every output is still there is asked on another core while this one looks at the sources.
    present = pool.beside(lambda: build_record.all_present(run.output_dir, files), items=len(files), jobs=run.jobs)
    try:
        with timings.stage("discover"):
            looked = Looked(Scan.of(run.options.site_dir), present)
        with timings.stage("check"):
            found = looked.scan.stat_digest()
            if found is None or found[0] != stats:
                return looked
            frame = _frame(run, found[1])
            if not build_record.same_frame(record, frame.key):
                return looked
            if not build_record.still_valid(record, run.options.now, run.output_dir, files,
                                            run.output_state.live_inode, present.get):
                return looked
    except BaseException:
        present.drop()
        raise
    return _unchanged_report(run, record, timings)


def shortcut(run: Run, inputs: Inputs, timings: Timings, present: Callable[[], bool] | None = None
             ) -> BuildReport | None:
    """The report of a build that found nothing changed, or only bodies (see body_edit); else None: the
    build plans everything. Both fall out of the one comparison with the last build's record."""
    if inputs.discovery.problems:
        return None
    with timings.stage("check"):
        verdict = build_record.compare(run.record, Found(
            frame=inputs.frame.key, key=inputs.key, sources=inputs.discovery.sources, output_dir=run.output_dir,
            files=run.output_state.files(), live_inode=run.output_state.live_inode), run.options.now, present)
    if verdict is build_record.UNCHANGED and run.record is not None:
        report = _unchanged_report(run, run.record, timings)
        if run.state is None and run.options.use_cache:
            report = dataclasses.replace(report, warnings=report.warnings + tuple(_restat(run, inputs)))
        return report
    if verdict.kind != "bodies":
        return None
    from .body_edit import body_edit  # loaded only for this route (see _build)

    quick = body_edit(run, inputs, verdict.edited, timings)
    if quick is None:
        return None
    return dataclasses.replace(quick, warnings=quick.warnings + store_warnings(run.config, run.store_warnings))


def _restat(run: Run, inputs: Inputs) -> list[Problem]:
    """Bring the record's stats up to date after a no-change build that had to read files to know (touched,
    checked out or copied again, or a record without the stat digest), so the next one need not; returns
    the warning when the cache cannot be written."""
    record = run.record
    assert record is not None
    stats = inputs.discovery.stats
    sources = {rel: known if known.stat == stats[rel][0] else dataclasses.replace(known, stat=stats[rel][0])
               for rel, known in record.sources.items()}
    fresh = dataclasses.replace(record, sources=sources, finished=time.time())
    return after_commit(run.cache_dir, lambda: record_rows.save_record(
        run.record_slot, fresh, outputs={}, needed=None, previous=record))


def _unchanged_report(run: Run, record: Record, timings: Timings) -> BuildReport:
    """The report of a build that found every input as the last build left it: nothing to do."""
    counts = record.counts
    return BuildReport(
        output_dir=run.output_dir, published=counts["published"], drafts=counts["drafts"], future=counts["future"],
        pages=counts["pages"], parsed=0, rendered=0, written=0, unchanged=len(run.output_state.files()), removed=0,
        # In the order every other build reports them (the record keeps them as found).
        seconds=0.0, warnings=tuple(sorted(record.warnings, key=lambda p: p.sort_key)), next_due=moment(record.next_due),
        next_expiry=moment(record.next_expiry), next_unfeature=moment(record.next_unfeature),
        timings=tuple(timings.laps), route="unchanged")
