"""The command line's build after edits no listing shows (article bodies), done from the edit record.

Re-renders the edited articles' pages and the feeds carrying them, nothing else. `body_edit()` returns None
when the edits are of any other kind (or too many, or the record lacks a row): then the build goes on in full.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

from ..check.page_scan import Page
from ..check.staged_links import check_staged_links, output_label
from ..content.pages import is_page_file
from ..content.parse import Parsed
from ..content.sources import Discovery
from ..content.templatetags import tag_warnings
from ..core.errors import BuildFailed, Problem
from ..core.models import Article, SourceFile
from ..incremental import build_record, edit_record
from ..incremental.store import source_key
from ..output.writer import Staged, WriteReport
from ..site.plan import OutputSpec
from .bookkeeping import after_commit, guard, live_inode, moment
from .options import BuildReport, Run
from .render_stage import Recorder, fingerprinter_for
from .search_stage import search_stage
from .timing import Timings
from .work_items import Renderer, RenderJob, parse_one


@dataclass(frozen=True, slots=True, kw_only=True)
class Inputs:
    """What this build found, as the edit record's keys see it."""

    discovery: Discovery
    frame: str
    key: str
    newest_static: float


def body_edit(run: Run, inputs: Inputs, timings: Timings) -> BuildReport | None:
    """The build from the edit record, or None when it cannot be done that way."""
    assert run.memo is not None and run.record is not None
    edited = _edited(run, inputs)
    parses = _parse_edited(run, edited) if edited else None
    if parses is None:
        return None
    memo = run.memo
    digests = {rel: known.digest for rel, known in memo.sources.items()} | {s.rel: s.digest for s in edited}
    files = sorted({file for rel in parses for file in memo.sources[rel].outputs})
    with timings.stage("plan"):
        specs = _specs(run, parses, digests, files)
    if specs is None:
        return None
    staged = Staged(run.output_dir, run.output_state)
    run.cleanup.callback(staged.abort)
    scans: dict[str, Page] = {}
    with timings.stage("render"):
        blobs, rendered = _render(run, specs, files, staged, scans)
    search_stage(run, staged, timings)
    link_problems: tuple[Problem, ...] = ()
    if run.options.check_links:
        with timings.stage("links"):
            link_problems = _check_links(run, staged, scans, digests)
    with timings.stage("write"):
        record, written, warnings = _commit(run, inputs, parses, digests, staged, blobs, link_problems)
    return _report(run, record, len(parses), rendered, written, warnings, timings)


def _edited(run: Run, inputs: Inputs) -> list[SourceFile]:
    """The sources edited since the record, when the record can rebuild them; else []."""
    memo, record, options = run.memo, run.record, run.options
    assert memo is not None and record is not None
    if memo.frame != inputs.frame or memo.sources.keys() != {s.rel for s in inputs.discovery.sources}:
        return []  # a setting, template, switch or the set of articles changed
    if not build_record.still_valid(record, inputs.newest_static, options.now, run.output_dir,
                                    list(run.output_state.live), run.output_state.live_inode):
        return []  # the clock changed what is published, or an output went missing
    edited = [s for s in inputs.discovery.sources if s.digest != memo.sources[s.rel].digest]
    page_items = any(item.kind == "page" for menu in run.config.menus for item in menu.items)
    if run.config.policies or page_items or any(is_page_file(s.rel) for s in edited):
        # A page is no article body; policy and menu links to pages are known only once the pages are.
        return []  # a page is no article body: the full build renders it
    return edited if len(edited) <= edit_record.MAX_EDITS else []


def _parse_edited(run: Run, edited: list[SourceFile]) -> dict[str, Parsed] | None:
    """The edited articles' parses; None on an error (the full build reports every one) or when an edit
    changed what listings show."""
    assert run.memo is not None
    parses: dict[str, Parsed] = {}
    for source in edited:
        result = parse_one(source, run.config, run.options.site_dir)
        listing = result.parsed.article.listing_digest if result.parsed is not None else ""
        if not listing or listing != run.memo.sources[source.rel].listing:
            return None
        parses[source.rel] = result.parsed  # type: ignore[assignment]
    return parses


def _specs(run: Run, parses: dict[str, Parsed], digests: dict[str, str],
           files: list[str]) -> dict[str, OutputSpec] | None:
    """The outputs to redo, from the record's rows, with the edited articles in them."""
    config_digest = run.config.digest()
    run.store.add({source_key(rel, p.article.digest, config_digest): p for rel, p in parses.items()},
                  config_digest)
    articles: dict[str, Article | None] = {rel: p.article.light() for rel, p in parses.items()}

    def article(rel: str) -> Article | None:
        if rel not in articles:
            key = source_key(rel, digests[rel], config_digest) if rel in digests else ""
            found = run.store.load_some([key]).get(key)
            articles[rel] = found.article if found is not None else None
        return articles[rel]

    return edit_record.load_specs(run.memo_file, files, article)


def _render(run: Run, specs: dict[str, OutputSpec], files: list[str], staged: Staged,
            scans: dict[str, Page]) -> tuple[dict[str, str], int]:
    """Render the outputs whose fingerprint changed; keep every other live file as it is. Returns the
    edit record's rows of the outputs rendered, and how many."""
    assert run.memo is not None
    options = run.options
    fingerprinter = fingerprinter_for(run.memo.context, run.config, options)
    renderer = Renderer(site_dir=options.site_dir, config=run.config, sections=run.memo.context.sections,
                        db_path=run.store.path, output_dir=run.output_dir, staging=staged.staging, now=options.now,
                        scan_links=options.check_links, memo_specs=True)
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


def _check_links(run: Run, staged: Staged, scans: dict[str, Page], digests: dict[str, str]) -> tuple[Problem, ...]:
    assert run.memo is not None
    origins = {known.page: (rel, digests[rel]) for rel, known in run.memo.sources.items() if known.page}
    # At 100,000 articles the cache is tens of megabytes: not rewritten for one page's results.
    problems = check_staged_links(staged, origins, run.config, run.options.site_dir, run.output_dir, scans,
                                  run.cache_dir, update_cache=False)
    if run.options.strict and problems:
        raise BuildFailed(problems)
    return problems


def _commit(run: Run, inputs: Inputs, parses: dict[str, Parsed], digests: dict[str, str], staged: Staged,
            blobs: dict[str, str], link_problems: tuple[Problem, ...]
            ) -> tuple[build_record.Record, WriteReport, list[Problem]]:
    """Swap the new output in and bring the edit record and the build record up to date."""
    memo, options = run.memo, run.options
    assert memo is not None and run.record is not None
    own = {rel: known.warnings for rel, known in memo.sources.items()}
    own.update({rel: parsed.warnings for rel, parsed in parses.items()})
    tags = {rel: known.tags for rel, known in memo.sources.items()}
    tags.update({rel: parsed.tags for rel, parsed in parses.items()})
    warnings = (list(memo.warnings) + list(tag_warnings(tags)) + [w for found in own.values() for w in found]
                + list(link_problems))
    build_record.forget_record(run.record_file)
    written = guard(lambda: staged.commit(strict=options.strict, label=output_label(options.site_dir, run.output_dir)))
    warnings += written.warnings
    stats = inputs.discovery.stats
    sources = {rel: known if rel not in parses and known.stat == stats[rel][0] else dataclasses.replace(
        known, stat=stats[rel][0], digest=digests[rel], warnings=tuple(own[rel]), tags=tags[rel])
        for rel, known in memo.sources.items()}
    edit_record.save(run.memo_file, key=inputs.key, frame=inputs.frame, context=memo.context,
                     warnings=memo.warnings, sources=sources, specs=blobs, needed=None, previous=memo.sources)
    record = dataclasses.replace(run.record, key=inputs.key, now=options.now.isoformat(), finished=time.time(),
                                 warnings=[[w.path, w.line, w.field, w.message] for w in warnings],
                                 counts=dict(run.record.counts, live_inode=live_inode(run.output_dir)))
    if not written.warnings:  # (see pipeline.commit)
        warnings += after_commit(run.cache_dir, lambda: build_record.save_record(run.record_file, record))
    return record, written, warnings


def _report(run: Run, record: build_record.Record, parsed: int, rendered: int, written: WriteReport,
            warnings: list[Problem], timings: Timings) -> BuildReport:
    counts = record.counts
    return BuildReport(
        output_dir=run.output_dir, published=counts["published"], drafts=counts["drafts"], future=counts["future"],
        pages=counts["pages"], parsed=parsed, rendered=rendered, written=written.written,
        unchanged=written.unchanged, removed=written.removed, seconds=0.0,
        warnings=tuple(sorted(warnings, key=lambda p: p.sort_key)), next_due=moment(record.next_due),
        next_expiry=moment(record.next_expiry), timings=tuple(timings.laps), route="edit memo")
