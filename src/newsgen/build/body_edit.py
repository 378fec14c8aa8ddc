"""The build when only some article bodies changed: only the outputs that carry them are stale.

build_record.compare says which files changed; when they are article files, this parses them, and if their
listing digests are what the record has (no title, date, summary, tag... that any listing shows changed), it
re-renders the outputs the record says carry them in full (their pages, the feeds), from the record's spec
rows, and keeps every other output as it is. The command line and the dev server both build this way.
`body_edit()` returns None when an edit is of any other kind (or the record lacks a row): then the build
plans everything.
"""

from __future__ import annotations

import dataclasses
import time

from ..check.page_scan import Page
from ..check.staged_links import check_staged_links, output_label
from ..content.pages import is_page_file, may_join_menu
from ..content.sources import CONTENT_DIR
from ..content.templatetags import tag_warnings
from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.models import Article, Parsed, SourceFile
from ..incremental import record_rows
from ..incremental.build_record import Record, racy_statics
from ..incremental.store import source_key
from ..output.writer import Staged, WriteReport
from ..photos.references import link_errors
from ..site.plan import OutputSpec
from .bookkeeping import after_commit, guard, live_inode, moment
from .options import BuildReport, Inputs, Run
from .render_stage import Recorder, fingerprinter_for
from .search_stage import search_stage
from .timing import Timings
from .work_items import Renderer, RenderJob, parse_one

ROUTE = "bodies"


def body_edit(run: Run, inputs: Inputs, edited: tuple[SourceFile, ...], timings: Timings) -> BuildReport | None:
    """The build that redoes only the outputs carrying the `edited` articles, or None when it cannot be
    done that way."""
    record = run.record
    assert record is not None and record.context is not None
    if _pages_join_menus(run, inputs):
        return None
    parses = _parse_edited(run, record, edited)
    if parses is None:
        return None
    digests = {rel: known.digest for rel, known in record.sources.items()} | {s.rel: s.digest for s in edited}
    files = sorted({file for rel in parses for file in record.sources[rel].outputs})
    with timings.stage("plan"):
        specs = _specs(run, parses, digests, files)
    if specs is None:
        return None
    # Rendered with the settings the last build rendered with: the links to its policy and menu pages.
    config = record.context.settings(run.config)
    staged = Staged(run.output_dir, run.output_state)
    run.cleanup.callback(staged.abort)
    scans: dict[str, Page] = {}
    with timings.stage("render"):
        blobs, rendered = _render(run, config, specs, files, staged, scans)
    search_stage(run, staged, timings)
    link_problems: tuple[Problem, ...] = ()
    if run.options.check_links:
        with timings.stage("links"):
            link_problems = _check_links(run, config, staged, scans, digests)
    with timings.stage("write"):
        new, written, warnings = _commit(run, inputs, parses, digests, staged, blobs, link_problems)
    return _report(run, new, len(parses), rendered, written, warnings, timings)


def _pages_join_menus(run: Run, inputs: Inputs) -> bool:
    """Whether a page may join a menu from its front matter: the menus are then known only once the pages
    are (site.menus.with_page_entries), and this route parses no page."""
    site_dir = run.options.site_dir
    return any(may_join_menu(site_dir, s.rel) for s in inputs.discovery.sources if is_page_file(s.rel))


def _parse_edited(run: Run, record: Record, edited: tuple[SourceFile, ...]) -> dict[str, Parsed] | None:
    """The edited articles' parses; None on an error (the full build reports every one) or when an edit
    changed what listings show."""
    parses: dict[str, Parsed] = {}
    for source in edited:
        result = parse_one(source, run.config, run.options.site_dir)
        listing = result.parsed.article.listing_digest if result.parsed is not None else ""
        # A live blog's page depends on the clock (updates fall due, the blog ends): the full build does it.
        if not listing or listing != record.sources[source.rel].listing or result.parsed.article.live:  # type: ignore[union-attr]
            return None
        if result.parsed.article.links:  # type: ignore[union-attr]  # their URLs need the whole site
            return None
        parses[source.rel] = result.parsed  # type: ignore[assignment]
    return parses


def _specs(run: Run, parses: dict[str, Parsed], digests: dict[str, str],
           files: list[str]) -> dict[str, OutputSpec] | None:
    """The outputs to redo, from the record's rows, with the edited articles in them."""
    config_digest = run.config.digest()
    keys = {source_key(rel, p.article.digest, config_digest): p for rel, p in parses.items()}
    run.store.add(keys, config_digest)
    if run.state is not None:  # the dev server's next full build finds them in memory
        run.state.parsed.update(keys)
    articles: dict[str, Article | None] = {rel: p.article.light() for rel, p in parses.items()}

    def article(rel: str) -> Article | None:
        if rel not in articles:
            key = source_key(rel, digests[rel], config_digest) if rel in digests else ""
            found = run.state.parsed.get(key) if run.state is not None else None
            found = found or run.store.load_some([key]).get(key)
            # The cache holds parses, not the assembled site: an article linking by file (`{{< ref >}}`)
            # comes without its URLs, a live blog with every update, due or not. Both: the full build.
            usable = found is not None and not found.article.links and not found.article.live
            articles[rel] = found.article.light() if usable else None  # type: ignore[union-attr]
        return articles[rel]

    return record_rows.load_specs(run.record_slot, files, article)


def _render(run: Run, config: SiteConfig, specs: dict[str, OutputSpec], files: list[str], staged: Staged,
            scans: dict[str, Page]) -> tuple[dict[str, str], int]:
    """Render the outputs whose fingerprint changed; keep every other live file as it is. Returns the
    record's rows of the outputs rendered, and how many."""
    context = run.record.context  # type: ignore[union-attr]
    assert context is not None
    options = run.options
    fingerprinter = fingerprinter_for(context, config, options)
    renderer = Renderer(site_dir=options.site_dir, config=config, sections=context.sections,
                        db_path=run.store.path, output_dir=run.output_dir, staging=staged.staging, now=options.now,
                        scan_links=options.check_links, spec_rows=True)
    run.cleanup.callback(renderer.store.close)
    results = []
    for file in files:
        fingerprint = fingerprinter.of(specs[file])
        if staged.up_to_date(file, fingerprint):
            staged.keep(file)
        else:
            results.append(renderer.render(RenderJob(spec=specs[file], fingerprint=fingerprint,
                                                     previous=run.output_state.live.get(file))))
    recorder = Recorder(staged, scans)
    recorder.add(results)
    blobs = recorder.finish()
    for rel in run.output_state.live:
        if rel not in staged.entries:
            staged.keep(rel)
    return blobs, len(results)


def _check_links(run: Run, config: SiteConfig, staged: Staged, scans: dict[str, Page],
                 digests: dict[str, str]) -> tuple[Problem, ...]:
    record = run.record
    assert record is not None
    origins = {known.page: (rel, digests[rel]) for rel, known in record.sources.items() if known.page}
    problems = check_staged_links(staged, origins, config, run.options.site_dir, run.output_dir, scans,
                                  run.cache_dir, memory=run.state.links if run.state is not None else None)
    return link_errors(problems, CONTENT_DIR + "/", strict=run.options.strict,
                       logo=(config.logo, config.lines.get("logo")))


def _commit(run: Run, inputs: Inputs, parses: dict[str, Parsed], digests: dict[str, str], staged: Staged,
            blobs: dict[str, str], link_problems: tuple[Problem, ...]) -> tuple[Record, WriteReport, list[Problem]]:
    """Swap the new output in and bring the build record up to date."""
    record, options = run.record, run.options
    assert record is not None
    own = {rel: known.warnings for rel, known in record.sources.items()}
    own.update({rel: parsed.warnings for rel, parsed in parses.items()})
    tags = {rel: known.tags for rel, known in record.sources.items()}
    tags.update({rel: parsed.tags for rel, parsed in parses.items()})
    warnings = (list(record.steady) + list(tag_warnings(tags)) + [w for found in own.values() for w in found]
                + list(link_problems))
    record_rows.forget_record(run.record_slot)  # until the new output is complete, it matches nothing
    written = guard(lambda: staged.commit(strict=options.strict, label=output_label(options.site_dir, run.output_dir)))
    warnings += written.warnings
    stats = inputs.discovery.stats
    sources = {rel: known if rel not in parses and known.stat == stats[rel][0] else dataclasses.replace(
        known, stat=stats[rel][0], digest=digests[rel], warnings=tuple(own[rel]), tags=tags[rel])
        for rel, known in record.sources.items()}
    finished = time.time()
    new = dataclasses.replace(record, key=inputs.key, now=options.now.isoformat(), finished=finished,
                              racy=racy_statics(inputs.frame.statics, finished), warnings=tuple(warnings), sources=sources,
                              counts=dict(record.counts, live_inode=live_inode(run.output_dir)))
    if not written.warnings:  # (see pipeline.commit)
        warnings += after_commit(run.cache_dir, lambda: record_rows.save_record(
            run.record_slot, new, outputs=blobs, needed=None, previous=record))
        if run.state is not None:
            run.state.record = new
    return new, written, warnings


def _report(run: Run, record: Record, parsed: int, rendered: int, written: WriteReport,
            warnings: list[Problem], timings: Timings) -> BuildReport:
    counts = record.counts
    return BuildReport(
        output_dir=run.output_dir, published=counts["published"], drafts=counts["drafts"], future=counts["future"],
        pages=counts["pages"], parsed=parsed, rendered=rendered, written=written.written,
        unchanged=written.unchanged, removed=written.removed, seconds=0.0,
        warnings=tuple(sorted(warnings, key=lambda p: p.sort_key)), next_due=moment(record.next_due),
        next_expiry=moment(record.next_expiry), next_unfeature=moment(record.next_unfeature),
        timings=tuple(timings.laps), route=ROUTE)
