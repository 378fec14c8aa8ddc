"""The whole build as named stages: discover -> parse -> assemble and plan -> render -> check links -> commit.

Nothing is done twice: a source whose bytes are unchanged is not parsed again (the cache), and an
output whose fingerprint is unchanged is not rendered again (the manifest). Big builds use every core.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from ..check.page_scan import Page
from ..check.staged_links import article_origins, check_staged_links, output_label
from ..content.pages import parse_pages, split_pages
from ..content.sources import discover
from ..content.templatetags import tag_warnings
from ..core.config import check_output_dir, load_config, with_base_url
from ..core.errors import BuildFailed, Problem
from ..incremental import build_record, edit_record
from ..incremental.last_plan import PlanMemo
from ..incremental.store import DB_NAME, Store
from ..output.buildlock import build_lock
from ..output.generations import bookkeeping_dir, check_made_by_newsgen, load_state
from ..output.schedule import write_schedule
from ..output.writer import Staged, WriteReport
from ..photos import stage as photos
from ..render.structured_data import search_warnings
from . import plan_stage, pool
from .body_edit import Inputs, body_edit
from .bookkeeping import after_commit, guard, live_inode, moment, store_warnings
from .gone import gone_address_warnings
from .options import BuildOptions, BuildReport, BuildState, Run
from .parse_stage import Parses, parse_all
from .plan_stage import Plan
from .render_stage import copy_static, render_changed
from .search_stage import search_stage
from .timing import Timings

__all__ = ["BuildOptions", "BuildReport", "BuildState", "build"]


def build(options: BuildOptions, state: BuildState | None = None) -> BuildReport:
    """Build the site; raise BuildFailed with every user error, leaving the output as it was."""
    started = time.perf_counter()
    timings = Timings()
    with ExitStack() as cleanup:
        run = open_run(options, state, cleanup)
        with timings.stage("discover"):
            inputs = discover_inputs(run)
        quick = shortcut(run, inputs, timings)
        if quick is not None:
            return dataclasses.replace(quick, seconds=time.perf_counter() - started)
        with timings.stage("parse"):
            article_sources, page_sources = split_pages(inputs.discovery.sources)
            parses = parse_all(article_sources, run.config, run.store, state, run.jobs, options)
            pages, page_problems = parse_pages(page_sources, run.config, options.site_dir)
        with timings.stage("plan"):
            planned = plan_stage.plan(parses, [*inputs.discovery.problems, *parses.problems, *page_problems],
                                      options, run.config, state, pages)
            gone = gone_address_warnings(run, planned)  # before render() leaves this plan as the last one
            if planned.site.policy_links or planned.site.pages:  # footers, menus and JSON-LD link the pages
                run = dataclasses.replace(run, config=dataclasses.replace(
                    run.config, policy_links=planned.site.policy_links,
                    page_links=tuple((p.name, p.path, p.title) for p in planned.site.pages)))
        with timings.stage("render"):
            staged, scans, rendered, memo_rows = render(run, planned)
        with timings.stage("static"):
            static_skipped, cleaned = copy_static(run.options.site_dir, planned.specs, staged, photo_stage(run))
        search_stage(run, staged, timings)
        with timings.stage("links"):
            link_problems = check_links(run, planned, staged, scans)
        with timings.stage("write"):
            written, warnings = commit(run, inputs, parses, planned, staged, memo_rows,
                                       (static_skipped, link_problems))
    warnings += after_commit(run.output_dir, lambda: write_schedule(run.output_dir, planned.site))
    warnings += [*store_warnings(run.config, run.store_warnings), *gone]
    return dataclasses.replace(_report(run, parses, planned, rendered, written, warnings, timings, started),
                               images_cleaned=cleaned)


def open_run(options: BuildOptions, state: BuildState | None, cleanup: ExitStack) -> Run:
    """Settings, the output folder (locked: one build of it at a time), the cache store and the records."""
    config = guard(lambda: load_config(options.site_dir))
    if options.base_url:
        config = guard(lambda: with_base_url(config, options.base_url))
    output_dir = (options.output or options.site_dir / config.output).resolve()
    if options.output is not None and (problem := check_output_dir(options.site_dir, options.output, config)):
        raise BuildFailed([Problem(path="--output", message=problem)])
    guard(lambda: check_made_by_newsgen(output_dir))
    guard(lambda: cleanup.enter_context(build_lock(bookkeeping_dir(output_dir), output_dir)))
    output_state = guard(lambda: load_state(output_dir))
    if options.use_cache:
        cache_dir = options.site_dir / config.cache_dir
    else:  # --no-cache: a throwaway store, so bodies still need not all stay in memory
        cache_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="newsgen-")))
    warnings: list[str] = []
    store = Store(cache_dir / DB_NAME, warnings=warnings)
    cleanup.callback(store.close)
    record_file = build_record.record_path(cache_dir, output_dir)
    record = build_record.load_record(record_file)
    memo_file = edit_record.memo_path(record_file)
    # The command line remembers its last build on disk (edit_record); the dev server keeps `state`.
    memo = edit_record.load(memo_file) if options.use_cache and state is None and record else None
    if memo is not None and record is not None and memo.key != record.key:
        memo = None  # it describes another state of the output folder
    return Run(options=options, state=state, config=config, output_dir=output_dir, output_state=output_state,
               cache_dir=cache_dir, store=store, store_warnings=warnings, record_file=record_file, record=record,
               memo_file=memo_file, memo=memo, jobs=options.jobs or pool.default_jobs(), cleanup=cleanup)


def discover_inputs(run: Run) -> Inputs:
    """Every source with its digest (unchanged files known by their stat), and the keys of this input."""
    options, state = run.options, run.state
    hints = edit_record.hints(run.memo) if run.memo is not None else state.sources if state is not None else None
    discovery = discover(options.site_dir, hints, keep_bytes=state is not None)
    if state is not None:
        state.sources = discovery.stats
    switches = repr((options.drafts, options.future, str(run.output_dir), options.check_links, options.strict,
                     options.keep_going))
    frame, newest_static = build_record.frame_key(site_dir=options.site_dir, config=run.config, switches=switches,
                                                  notes=discovery.notes)
    return Inputs(discovery=discovery, frame=frame, key=build_record.input_key(frame, discovery.sources),
                  newest_static=newest_static)


def shortcut(run: Run, inputs: Inputs, timings: Timings) -> BuildReport | None:
    """The report of a build that has nothing to do, or of one done from the edit record; else None."""
    if inputs.discovery.problems:
        return None
    with timings.stage("check"):
        fresh = run.options.use_cache and build_record.is_fresh(
            run.record, inputs.key, inputs.newest_static, run.options.now, run.output_dir,
            list(run.output_state.live), run.output_state.live_inode)
    if fresh:
        return _unchanged_report(run, timings)
    if run.memo is None or run.record is None:
        return None
    quick = body_edit(run, inputs, timings)
    if quick is None:
        return None
    return dataclasses.replace(quick, warnings=quick.warnings + store_warnings(run.config, run.store_warnings))


def render(run: Run, planned: Plan) -> tuple[Staged, dict[str, Page], int, tuple[edit_record.Context | None,
                                                                                   dict[str, str]]]:
    """Stage every output whose fingerprint changed, then the static files. Returns the staging, the link
    scans of the pages rendered, how many, and what the edit record needs of them."""
    options, state = run.options, run.state
    staged = Staged(run.output_dir, run.output_state)
    run.cleanup.callback(staged.abort)
    scans: dict[str, Page] = {}
    keep_memo = options.use_cache and state is None
    rendered, fingerprints, context, blobs = render_changed(
        planned.specs, planned.site, planned.profiles, run.config, options, run.store.path, staged, run.jobs,
        scans, planned.known, keep_memo)
    if state is not None:
        state.plan = None if planned.skipped or not planned.memo_key else PlanMemo(
            key=planned.memo_key, site=planned.site, specs=planned.specs, fingerprints=fingerprints,
            articles={a.source: a for a in planned.articles})
    return staged, scans, rendered, (context, blobs)


def photo_stage(run: Run) -> photos.Stage:
    """The photo pipeline with this build's settings, its variant cache (none with --no-cache) and the pool."""
    cache = run.cache_dir / photos.CACHE_FOLDER if run.options.use_cache else None
    return photos.Stage(run.config.images, cache, run.jobs)


def check_links(run: Run, planned: Plan, staged: Staged, scans: dict[str, Page]) -> tuple[Problem, ...]:
    """Check every link of the staged site, static files included (issue 6); --strict makes them errors."""
    options = run.options
    if not options.check_links:
        return ()
    found = check_staged_links(staged, article_origins(planned.specs), run.config, options.site_dir,
                               run.output_dir, scans, run.cache_dir if options.use_cache else None,
                               memory=run.state.links if run.state is not None else None)
    if options.strict and found:
        raise BuildFailed(found)
    return found


def commit(run: Run, inputs: Inputs, parses: Parses, planned: Plan, staged: Staged,
           memo_rows: tuple[edit_record.Context | None, dict[str, str]],
           found: tuple[tuple[Problem, ...], tuple[Problem, ...]]) -> tuple[WriteReport, list[Problem]]:
    """Swap the new output in, then leave the records the next build skips work by."""
    options, site = run.options, planned.site
    static_skipped, link_problems = found
    own = parses.own_warnings()
    other = (list(inputs.discovery.notes) + list(static_skipped) + list(site.warnings) + search_warnings(site.articles, run.config))
    warnings = (other + list(tag_warnings(parses.tags())) + [w for found in own.values() for w in found]
                + list(link_problems))
    build_record.forget_record(run.record_file)  # until the new output is complete, it matches no record
    written = guard(lambda: staged.commit(strict=options.strict, label=output_label(options.site_dir, run.output_dir)))
    warnings += written.warnings
    # A planned file kept as someone else left it (see generations) is not what this build made: the next
    # build must look at it again, so it leaves no record to skip by.
    if not planned.skipped and options.use_cache and not written.warnings:
        warnings += _remember(run, inputs, parses, planned, written, memo_rows, other, warnings)
    return written, warnings


def _remember(run: Run, inputs: Inputs, parses: Parses, planned: Plan, written: WriteReport,
              memo_rows: tuple[edit_record.Context | None, dict[str, str]], other: list[Problem],
              warnings: list[Problem]) -> list[Problem]:
    """Leave the build record (and, on the command line, the edit record); returns warnings of a write error."""
    site = planned.site
    counts = {"published": len(site.articles), "drafts": site.skipped_drafts, "future": site.skipped_future,
              "pages": len(planned.specs), "files": written.written + written.unchanged,
              "live_inode": live_inode(run.output_dir)}  # the tree this build swapped in (see still_valid)
    context, blobs = memo_rows
    if run.options.use_cache and run.state is None and context is not None:
        _save_edit_record(run, inputs, parses, planned, other, context, blobs)
    else:
        edit_record.forget(run.memo_file)
    problems = after_commit(run.cache_dir, lambda: build_record.save_record(
        run.record_file, build_record.new_record(inputs.key, site, run.options.now, counts, warnings,
                                                 run.output_dir)))
    build_record.forget_missing_outputs(run.cache_dir)
    return problems


def _save_edit_record(run: Run, inputs: Inputs, parses: Parses, planned: Plan, other: list[Problem],
                      context: edit_record.Context, blobs: dict[str, str]) -> None:
    """Leave the edit record of a full build. When the record on disk matched the previous output, its rows
    of outputs not rendered again are still right; else every row is written."""
    outputs: dict[str, list[str]] = {}
    pages: dict[str, str] = {}
    needed: set[str] = set()
    rows = dict(blobs)
    stored = edit_record.stored_specs(run.memo_file) if run.memo is not None else set()
    for spec in planned.specs:
        if spec.page is not None:  # for the "gone address" warning of the next build (see gone)
            pages[spec.page.source] = spec.file
        if not edit_record.carries_in_full(spec):
            continue
        needed.add(spec.file)
        if spec.file not in rows and spec.file not in stored:
            rows[spec.file] = edit_record.dump_spec(spec)
        if spec.article is not None:
            pages[spec.article.source] = spec.file
            outputs.setdefault(spec.article.source, []).append(spec.file)
        for carried in spec.articles:
            outputs.setdefault(carried.source, []).append(spec.file)
    own, tags = parses.own_warnings(), parses.tags()
    listing = {a.source: a.listing_digest for a in planned.articles}
    stats = inputs.discovery.stats
    sources = {source.rel: edit_record.Known(
        stat=stats[source.rel][0], digest=source.digest, listing=listing.get(source.rel, ""),
        page=pages.get(source.rel, ""), outputs=tuple(outputs.get(source.rel, ())),
        warnings=tuple(own.get(source.rel, ())), tags=tags.get(source.rel, ())) for source in inputs.discovery.sources}
    edit_record.save(run.memo_file, key=inputs.key, frame=inputs.frame, sources=sources, context=context,
                     warnings=other, specs=rows, needed=needed)


def _unchanged_report(run: Run, timings: Timings) -> BuildReport:
    """The report of a build that found every input as the last build left it: nothing to do."""
    record = run.record
    assert record is not None
    counts = record.counts
    return BuildReport(
        output_dir=run.output_dir, published=counts["published"], drafts=counts["drafts"], future=counts["future"],
        pages=counts["pages"], parsed=0, rendered=0, written=0, unchanged=len(run.output_state.live), removed=0,
        seconds=0.0, warnings=build_record.record_warnings(record), next_due=moment(record.next_due),
        next_expiry=moment(record.next_expiry), timings=tuple(timings.laps), route="unchanged")


def _report(run: Run, parses: Parses, planned: Plan, rendered: int, written: WriteReport, warnings: list[Problem],
            timings: Timings, started: float) -> BuildReport:
    site = planned.site
    return BuildReport(
        output_dir=run.output_dir, published=len(site.articles), drafts=site.skipped_drafts,
        future=site.skipped_future, pages=len(planned.specs), parsed=parses.fresh, rendered=rendered,
        written=written.written, unchanged=written.unchanged, removed=written.removed,
        seconds=time.perf_counter() - started, warnings=tuple(sorted(warnings, key=lambda p: p.sort_key)),
        next_due=site.next_due, next_expiry=site.next_expiry, timings=tuple(timings.laps),
        skipped=planned.skipped)
