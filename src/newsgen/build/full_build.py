"""The build that plans everything: parse what changed -> assemble and plan -> render -> check links -> commit.

pipeline.build comes here when the last build's record does not cover the input (see pipeline.shortcut);
this module is loaded only then."""

from __future__ import annotations

import dataclasses
import time

from ..check.page_scan import Page
from ..check.staged_links import article_origins, check_staged_links, output_label
from ..content.pages import parse_pages, split_pages
from ..content.sources import CONTENT_DIR
from ..content.templatetags import tag_warnings
from ..core.errors import Problem
from ..core.warningkinds import shown
from ..incremental import build_record, record_rows
from ..incremental.build_record import Context, Record
from ..output.schedule import write_schedule
from ..output.writer import Staged, WriteReport
from ..photos import stage as photos
from ..photos.references import link_errors
from ..render.structured_data import search_warnings
from ..site.menus import with_page_entries
from . import plan_stage
from .bookkeeping import after_commit, guard, live_inode, store_warnings
from .gone import gone_address_warnings
from .options import BuildReport, Inputs, Run
from .parse_stage import Parses, parse_all
from .plan_stage import Plan
from .render_stage import copy_static, render_changed
from .search_stage import search_stage
from .timing import Timings


def full_build(run: Run, inputs: Inputs, timings: Timings, started: float) -> BuildReport:
    """Parse, plan, render, check and commit the whole site (unchanged sources and outputs are reused)."""
    options = run.options
    with timings.stage("parse"):
        article_sources, page_sources = split_pages(inputs.discovery.sources)
        parses = parse_all(article_sources, run.config, run.store, run.state, run.jobs, options)
        pages, page_problems = parse_pages(page_sources, run.config, options.site_dir)
    with timings.stage("plan"):
        planned = plan_stage.plan(parses, [*inputs.discovery.problems, *parses.problems, *page_problems],
                                  options, run.config, pages)
        gone = gone_address_warnings(run, planned)
        if planned.site.policy_links or planned.site.pages:  # footers, menus and JSON-LD link the pages
            run = dataclasses.replace(run, config=dataclasses.replace(
                run.config, policy_links=planned.site.policy_links,
                page_links=tuple((p.name, p.path, p.title) for p in planned.site.pages),
                menus=with_page_entries(run.config.menus, planned.site.pages)))
    with timings.stage("render"):
        staged, scans, rendered, rows = render(run, planned)
    with timings.stage("static"):
        static_skipped, cleaned = copy_static(run.options.site_dir, planned.specs, staged, photo_stage(run))
    search_stage(run, staged, timings)
    with timings.stage("links"):
        link_problems = check_links(run, planned, staged, scans)
    with timings.stage("write"):
        written, warnings = commit(run, inputs, parses, planned, staged, rows,
                                   (static_skipped, link_problems))
    warnings += after_commit(run.output_dir, lambda: write_schedule(run.output_dir, planned.site))
    warnings += [*store_warnings(run.config, run.store_warnings), *gone]
    report = _report(run, parses, planned, rendered, written, warnings, timings, started)
    return dataclasses.replace(report, images_cleaned=cleaned,
                               warnings=shown(report.warnings, run.config.warnings))


def render(run: Run, planned: Plan) -> tuple[Staged, dict[str, Page], int, tuple[Context, dict[str, str]]]:
    """Stage every output whose fingerprint changed. Returns the staging, the link scans of the pages
    rendered, how many, and what the build record needs of them."""
    options = run.options
    staged = Staged(run.output_dir, run.output_state)
    run.cleanup.callback(staged.abort)
    scans: dict[str, Page] = {}
    rendered, context, blobs = render_changed(
        planned.specs, planned.site, planned.profiles, run.config, options, run.store.path, staged, run.jobs,
        scans, options.use_cache)
    return staged, scans, rendered, (context, blobs)


def photo_stage(run: Run) -> photos.Stage:
    """The photo pipeline with this build's settings, its variant cache (none with --no-cache) and the pool."""
    cache = run.cache_dir / photos.CACHE_FOLDER if run.options.use_cache else None
    return photos.Stage(run.config.images, cache, run.jobs)


def check_links(run: Run, planned: Plan, staged: Staged, scans: dict[str, Page]) -> tuple[Problem, ...]:
    """Check every link of the staged site, static files included (issue 6); --strict makes them errors, and
    a missing image named in a content file always is one."""
    options = run.options
    if not options.check_links:
        return ()
    found = check_staged_links(staged, article_origins(planned.specs), run.config, options.site_dir,
                               run.output_dir, scans, run.cache_dir if options.use_cache else None,
                               memory=run.state.links if run.state is not None else None)
    return link_errors(found, CONTENT_DIR + "/", strict=options.strict,
                       logo=(run.config.logo, run.config.lines.get("logo")))


def commit(run: Run, inputs: Inputs, parses: Parses, planned: Plan, staged: Staged,
           rows: tuple[Context, dict[str, str]],
           found: tuple[tuple[Problem, ...], tuple[Problem, ...]]) -> tuple[WriteReport, list[Problem]]:
    """Swap the new output in, then leave the record the next build compares with."""
    options, site = run.options, planned.site
    static_skipped, link_problems = found
    own = parses.own_warnings()
    steady = (list(inputs.discovery.notes) + list(static_skipped) + list(site.warnings)
              + search_warnings(site.articles, run.config))
    warnings = (steady + list(tag_warnings(parses.tags())) + [w for found in own.values() for w in found]
                + list(link_problems))
    record_rows.forget_record(run.record_slot)  # until the new output is complete, it matches nothing
    written = guard(lambda: staged.commit(strict=options.strict, label=output_label(options.site_dir, run.output_dir)))
    warnings += written.warnings
    if run.state is not None:
        run.state.record = None
    # A planned file kept as someone else left it (see generations) is not what this build made: the next
    # build must look at it again, so it leaves no record to compare with.
    if not planned.skipped and options.use_cache and not written.warnings:
        record = _record(run, inputs, parses, planned, written, rows[0], steady, warnings)
        warnings += after_commit(run.cache_dir, lambda: record_rows.save_record(
            run.record_slot, record, outputs=_output_rows(run, planned, rows[1]),
            needed={spec.file for spec in planned.specs if build_record.carries_in_full(spec)},
            previous=run.record))
        if run.state is not None:
            run.state.record = record
        record_rows.forget_missing_outputs(run.cache_dir)
    return written, warnings


def _record(run: Run, inputs: Inputs, parses: Parses, planned: Plan, written: WriteReport, context: Context,
            steady: list[Problem], warnings: list[Problem]) -> Record:
    """The record of a build that planned everything."""
    site = planned.site
    counts = {"published": len(site.articles), "drafts": site.skipped_drafts, "future": site.skipped_future,
              "pages": len(planned.specs), "files": written.written + written.unchanged,
              "live_inode": live_inode(run.output_dir)}  # the tree this build swapped in (see still_valid)
    outputs: dict[str, list[str]] = {}
    pages: dict[str, str] = {}
    for spec in planned.specs:
        if spec.page is not None:  # for the "gone address" warning of the next build (see gone)
            pages[spec.page.source] = spec.file
        if spec.article is not None and build_record.carries_in_full(spec):
            pages[spec.article.source] = spec.file
            outputs.setdefault(spec.article.source, []).append(spec.file)
        if build_record.carries_in_full(spec):
            for carried in spec.articles:
                outputs.setdefault(carried.source, []).append(spec.file)
    own, tags = parses.own_warnings(), parses.tags()
    listing = {a.source: a.listing_digest for a in planned.articles}
    stats = inputs.discovery.stats
    sources = {source.rel: build_record.Known(
        stat=stats[source.rel][0], digest=source.digest, listing=listing.get(source.rel, ""),
        page=pages.get(source.rel, ""), outputs=tuple(outputs.get(source.rel, ())),
        warnings=tuple(own.get(source.rel, ())), tags=tags.get(source.rel, ())) for source in inputs.discovery.sources}
    until = build_record.valid_until(site, run.options.now)
    context = dataclasses.replace(context, policy_links=run.config.policy_links, page_links=run.config.page_links)
    finished = time.time()
    return Record(key=inputs.key, frame=inputs.frame.key, now=run.options.now.isoformat(),
                  valid_until=until.isoformat() if until else None, finished=finished, counts=counts,
                  racy=build_record.racy_statics(inputs.frame.statics, finished),
                  warnings=tuple(warnings), next_due=site.next_due.isoformat() if site.next_due else None,
                  next_expiry=site.next_expiry.isoformat() if site.next_expiry else None,
                  next_unfeature=site.next_unfeature.isoformat() if site.next_unfeature else None,
                  output=str(run.output_dir), sources=sources, context=context, steady=tuple(steady))


def _output_rows(run: Run, planned: Plan, blobs: dict[str, str]) -> dict[str, str]:
    """The spec rows to write: those of the outputs rendered now, and those the record on disk lacks (when
    it described the previous output, its rows of outputs not rendered again are still right)."""
    rows = dict(blobs)
    stored = record_rows.stored_outputs(run.record_slot) if run.record is not None else set()
    for spec in planned.specs:
        if build_record.carries_in_full(spec) and spec.file not in rows and spec.file not in stored:
            rows[spec.file] = record_rows.dump_spec(spec)
    return rows


def _report(run: Run, parses: Parses, planned: Plan, rendered: int, written: WriteReport, warnings: list[Problem],
            timings: Timings, started: float) -> BuildReport:
    site = planned.site
    return BuildReport(
        output_dir=run.output_dir, published=len(site.articles), drafts=site.skipped_drafts,
        future=site.skipped_future, pages=len(planned.specs), parsed=parses.fresh, rendered=rendered,
        written=written.written, unchanged=written.unchanged, removed=written.removed,
        seconds=time.perf_counter() - started, warnings=tuple(sorted(warnings, key=lambda p: p.sort_key)),
        next_due=site.next_due, next_expiry=site.next_expiry, next_unfeature=site.next_unfeature,
        timings=tuple(timings.laps),
        skipped=planned.skipped)
