"""The whole build in one readable function: config -> sources -> articles -> site -> plan -> bytes -> disk.

Nothing is done twice: a source whose bytes are unchanged is not parsed again (the cache), and an
output whose fingerprint is unchanged is not rendered again (the manifest). Big builds use every core.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.page_scan import Page
from ..check.staged_links import article_origins, check_staged_links
from ..check.staged_links import output_label as _label
from ..content.parse import Parsed
from ..content.sources import CONTENT_DIR, Discovery, StatKey, discover
from ..content.templatetags import tag_warnings
from ..core.config import SiteConfig, check_output_dir, load_config, with_base_url
from ..core.errors import BuildFailed, Problem, UserError
from ..core.models import Article, Site, SourceFile
from ..incremental import build_record as freshness
from ..incremental import edit_record as editmemo
from ..incremental import last_plan as planmemo
from ..incremental.fingerprint import Fingerprinter, template_digests
from ..incremental.last_plan import PlanMemo
from ..incremental.store import DB_NAME, Slot, Store, source_key
from ..output.buildlock import build_lock
from ..output.generations import State, bookkeeping_dir, check_made_by_newsgen, load_state
from ..output.schedule import write_schedule
from ..output.static_files import scan_static
from ..output.writer import Staged
from ..photos import stage as photos
from ..render.environment import make_environment
from ..render.structured_data import search_warnings
from ..site.assemble import Rules, assemble_site
from ..site.authors import AUTHORS_FILE, Profile, check_bylines, load_authors, resolve_bylines
from ..site.plan import OutputSpec, plan_outputs
from . import pool as parallel
from .progress import Progress
from .work_items import (
    ParseResult,
    Renderer,
    RenderJob,
    RenderResult,
    parse_and_store,
    parse_one,
    parse_payload,
    parse_range,
    render_range,
)


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


@dataclass
class BuildState:
    """What a long-running process (the dev server) keeps between builds: every parse, by source key."""

    parsed: dict[str, Parsed] = field(default_factory=dict)
    sources: dict[str, tuple[StatKey, SourceFile]] = field(default_factory=dict)  # see sources.discover
    links: dict[str, Any] = field(default_factory=dict)  # the link check's results (see buildlinks)
    plan: PlanMemo | None = None  # the last plan, for body-only edits (see planmemo)


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
    next_expiry: dt.datetime | None = None
    timings: tuple[tuple[str, float], ...] = ()
    skipped: tuple[Problem, ...] = ()  # --keep-going: the errors of the articles left out
    route: str = "full"  # how the build went: "full", "unchanged" (nothing to do) or "edit memo" (see editmemo)
    images_cleaned: int = 0  # published images stripped of location and serial metadata (issue 14)

    def summary(self) -> str:
        due = f"; next scheduled article due {self.next_due.isoformat()}" if self.next_due else ""
        if self.next_expiry:
            due += f"; next article expires {self.next_expiry.isoformat()}"
        return (f"{self.published} articles published, {self.drafts} drafts and {self.future} future skipped; "
                f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed "
                f"in {self.seconds:.2f} s{due}{photos.summary(self.images_cleaned)}")


def build(options: BuildOptions, state: BuildState | None = None) -> BuildReport:
    """Build the site; raise BuildFailed with every user error, leaving the output as it was."""
    started = time.perf_counter()
    clock = _Stopwatch()
    site_dir = options.site_dir
    config = _load_config(options)
    output_dir = (options.output or site_dir / config.output).resolve()
    if options.output is not None and (problem := check_output_dir(site_dir, options.output, config)):
        raise BuildFailed([Problem(path="--output", message=problem)])
    jobs = options.jobs or parallel.default_jobs()
    with ExitStack() as cleanup:
        _guard(lambda: check_made_by_newsgen(output_dir))
        # One build of an output folder at a time; a second one waits (see buildlock).
        _guard(lambda: cleanup.enter_context(build_lock(bookkeeping_dir(output_dir), output_dir)))
        output_state = _guard(lambda: load_state(output_dir))
        previous = output_state.live
        if options.use_cache:
            cache_dir = site_dir / config.cache_dir
        else:  # --no-cache: a throwaway store, so bodies still need not all stay in memory
            cache_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="newsgen-")))
        store_warnings: list[str] = []
        store = Store(cache_dir / DB_NAME, warnings=store_warnings)
        cleanup.callback(store.close)

        record_file = freshness.record_path(cache_dir, output_dir)
        record = freshness.load_record(record_file)
        memo_file = editmemo.memo_path(record_file)
        # The command line remembers its last build on disk (editmemo); the dev server keeps `state`.
        remembered = editmemo.load(memo_file) if options.use_cache and state is None and record else None
        if remembered is not None and record is not None and remembered.key != record.key:
            remembered = None  # it describes another state of the output folder
        hints = editmemo.hints(remembered) if remembered is not None else state.sources if state is not None else None
        discovery = discover(site_dir, hints, keep_bytes=state is not None)
        if state is not None:
            state.sources = discovery.stats
        clock.lap("discover")
        switches = repr((options.drafts, options.future, str(output_dir), options.check_links, options.strict,
                         options.keep_going))
        frame, newest_static = freshness.frame_key(site_dir=site_dir, config=config, switches=switches,
                                                   notes=discovery.notes)
        key = freshness.input_key(frame, discovery.sources)
        if options.use_cache and not discovery.problems and freshness.is_fresh(
                record, key, newest_static, options.now, output_dir, list(previous), output_state.live_inode):
            assert record is not None
            return _unchanged_report(record, output_dir, len(previous), started, clock)
        if remembered is not None:
            if record is not None and not discovery.problems:
                quick = _body_edit(_Shortcut(
                    options=options, config=config, output_dir=output_dir, output_state=output_state, store=store,
                    cache_dir=cache_dir, record=record, record_file=record_file, memo=remembered,
                    memo_file=memo_file, discovery=discovery, frame=frame, key=key, newest_static=newest_static,
                    cleanup=cleanup), clock)
                if quick is not None:
                    return dataclasses.replace(quick, seconds=time.perf_counter() - started,
                                               warnings=quick.warnings + _store_warnings(config, store_warnings))
        problems: list[Problem] = list(discovery.problems)
        own: dict[str, list[Problem]] = {}  # parse warnings, by article file
        parsed, parse_problems, parsed_now, failed = _parse_all(discovery.sources, config, store, state, jobs, options)
        problems += parse_problems
        clock.lap("parse")
        articles = [p.article for p in parsed]
        tags = {p.article.source: p.tags for p in parsed} | {r.rel: r.tags for r in failed if r.tags}
        for p in parsed:
            own.setdefault(p.article.source, []).extend(p.warnings)
        for r in failed:  # a file with errors still shows its warnings (see BuildFailed.warnings)
            own.setdefault(r.rel, []).extend(r.warnings)
        tag_problems = tag_warnings(tags)

        profiles = _guard(lambda: load_authors(site_dir))
        articles = resolve_bylines(articles, profiles)  # one author page per profile, whatever its slug
        # A changed image changes the pages that show it (sizes, variant names): part of the plan's key.
        memo_key = planmemo.plan_key(site_dir, articles, profiles=profiles,
                                     config_digest=config.digest() + photos.static_state(site_dir),
                                     now=options.now, drafts=options.drafts, future=options.future) \
            if state is not None and not problems else ""
        last_plan = state.plan if state is not None and state.plan is not None and state.plan.key == memo_key \
            else None
        if last_plan is not None:
            site, specs, refresh = planmemo.reuse(last_plan, articles)
            skipped: list[Problem] = []
        else:
            if profiles is not None:  # the bylines of files that failed are checked as well, in the same build
                problems += check_bylines(_failed_bylines(failed), profiles)
            site, specs, problems, skipped = _assemble_and_plan(articles, problems, profiles, config, options)
            refresh = None
        if problems:
            raise BuildFailed(problems, warnings=[w for found in own.values() for w in found])
        clock.lap("plan")

        staged = Staged(output_dir, output_state)
        cleanup.callback(staged.abort)
        scans: dict[str, Page] = {}
        known = (last_plan.fingerprints, refresh) if last_plan is not None and refresh is not None else None
        keep_memo = options.use_cache and state is None
        rendered, fingerprints, context, blobs = _render_changed(
            specs, site, profiles, config, options, store.path, staged, jobs, scans, known, keep_memo)
        if state is not None:
            state.plan = None if skipped or not memo_key else planmemo.PlanMemo(
                key=memo_key, site=site, specs=specs, fingerprints=fingerprints,
                articles={a.source: a for a in articles})
        clock.lap("render")
        static_skipped, cleaned = _copy_static(site_dir, specs, staged, photos.Stage(
            config.images, cache_dir / photos.CACHE_FOLDER if options.use_cache else None, jobs))
        link_problems: tuple[Problem, ...] = ()
        if options.check_links:
            link_problems = check_staged_links(staged, article_origins(specs), config, site_dir, output_dir, scans,
                                               cache_dir if options.use_cache else None,
                                               memory=state.links if state is not None else None)
            if options.strict and link_problems:
                raise BuildFailed(link_problems)
            clock.lap("links")
        other = (list(discovery.notes) + list(static_skipped) + list(site.warnings)
                 + search_warnings(site.articles, config))
        warnings = other + list(tag_problems) + [w for found in own.values() for w in found] + list(link_problems)
        counts = {"published": len(site.articles), "drafts": site.skipped_drafts, "future": site.skipped_future,
                  "pages": len(specs)}
        freshness.forget_record(record_file)  # until the new output is complete, it matches no record
        written = _guard(lambda: staged.commit(strict=options.strict, label=_label(site_dir, output_dir)))
        warnings += written.warnings
        # A planned file kept as someone else left it (see generations) is not what this build made: the next
        # build must look at it again, so it leaves no record to skip by.
        if not skipped and options.use_cache and not written.warnings:
            counts["files"] = written.written + written.unchanged
            counts["live_inode"] = _live_inode(output_dir)  # the tree this build swapped in (see still_valid)
            if keep_memo and context is not None:
                _save_memo(memo_file, key, frame, discovery, articles, specs, own, tags, other, context, blobs,
                           complete=remembered is not None)
            else:
                editmemo.forget(memo_file)
            warnings += _after_commit(cache_dir, lambda: freshness.save_record(
                record_file, freshness.new_record(key, site, options.now, counts, warnings, output_dir)))
            freshness.forget_missing_outputs(cache_dir)
        clock.lap("write")
    warnings += _after_commit(output_dir, lambda: write_schedule(output_dir, site))
    warnings += _store_warnings(config, store_warnings)
    return BuildReport(
        output_dir=output_dir, published=len(site.articles), drafts=site.skipped_drafts, future=site.skipped_future,
        pages=len(specs), images_cleaned=cleaned, parsed=parsed_now, rendered=rendered, written=written.written,
        unchanged=written.unchanged, removed=written.removed, seconds=time.perf_counter() - started,
        warnings=tuple(sorted(warnings, key=lambda p: p.sort_key)), next_due=site.next_due,
        next_expiry=site.next_expiry, timings=tuple(clock.laps), skipped=tuple(skipped),
    )


def _unchanged_report(record: freshness.Record, output_dir: Path, files: int, started: float,
                      clock: _Stopwatch) -> BuildReport:
    """The report of a build that found every input as the last build left it: nothing to do."""
    clock.lap("check")
    counts = record.counts
    return BuildReport(
        output_dir=output_dir, published=counts["published"], drafts=counts["drafts"], future=counts["future"],
        pages=counts["pages"], parsed=0, rendered=0, written=0, unchanged=files, removed=0,
        seconds=time.perf_counter() - started, warnings=freshness.record_warnings(record),
        next_due=_moment(record.next_due), next_expiry=_moment(record.next_expiry), timings=tuple(clock.laps),
        route="unchanged")


@dataclass(frozen=True, slots=True, kw_only=True)
class _Shortcut:
    """What the body-edit shortcut works from: the build so far and the last build's record and memo."""

    options: BuildOptions
    config: SiteConfig
    output_dir: Path
    output_state: State
    store: Store
    cache_dir: Path
    record: freshness.Record
    record_file: Slot
    memo: editmemo.Memo
    memo_file: Slot
    discovery: Discovery
    frame: str
    key: str
    newest_static: float
    cleanup: ExitStack


def _body_edit(job: _Shortcut, clock: _Stopwatch) -> BuildReport | None:
    """The build after edits no listing shows (article bodies), done from the edit memo: re-render the
    edited articles' pages and the feeds carrying them, nothing else. None when the edits are of any
    other kind (or too many, or the memo lacks a row): then the caller builds in full."""
    options, config, memo = job.options, job.config, job.memo
    if memo.frame != job.frame or memo.sources.keys() != {s.rel for s in job.discovery.sources}:
        return None  # a setting, template, switch or the set of articles changed
    if not freshness.still_valid(job.record, job.newest_static, options.now, job.output_dir,
                                 list(job.output_state.live), job.output_state.live_inode):
        return None  # the clock changed what is published, or an output went missing
    edited = [s for s in job.discovery.sources if s.digest != memo.sources[s.rel].digest]
    if not edited or len(edited) > editmemo.MAX_EDITS:
        return None
    parses: dict[str, Parsed] = {}
    for source in edited:
        result = parse_one(source, config, options.site_dir)
        if result.parsed is None or not result.parsed.article.listing_digest or \
                result.parsed.article.listing_digest != memo.sources[source.rel].listing:
            return None  # an error (the full build reports every one) or an edit that listings show
        parses[source.rel] = result.parsed
    config_digest = config.digest()
    job.store.add({source_key(rel, p.article.digest, config_digest): p for rel, p in parses.items()}, config_digest)
    digests = {rel: known.digest for rel, known in memo.sources.items()} | {s.rel: s.digest for s in edited}
    articles: dict[str, Article | None] = {rel: p.article.light() for rel, p in parses.items()}

    def article(rel: str) -> Article | None:
        if rel not in articles:
            key = source_key(rel, digests[rel], config_digest) if rel in digests else ""
            found = job.store.load_some([key]).get(key)
            articles[rel] = found.article if found is not None else None
        return articles[rel]

    files = sorted({file for rel in parses for file in memo.sources[rel].outputs})
    specs = editmemo.load_specs(job.memo_file, files, article)
    if specs is None:
        return None
    clock.lap("plan")
    staged = Staged(job.output_dir, job.output_state)
    job.cleanup.callback(staged.abort)
    fingerprinter = _fingerprinter(memo.context, config, options)
    renderer = Renderer(site_dir=options.site_dir, config=config, sections=memo.context.sections,
                        db_path=job.store.path, output_dir=job.output_dir, staging=staged.staging, now=options.now,
                        scan_links=options.check_links, memo_specs=True)
    job.cleanup.callback(renderer.store.close)
    results = []
    for file in files:
        fingerprint = fingerprinter.of(specs[file])
        if staged.up_to_date(file, fingerprint):
            staged.keep(file)
        else:
            results.append(renderer.render(RenderJob(spec=specs[file], fingerprint=fingerprint,
                                                     previous=job.output_state.live.get(file))))
    scans: dict[str, Page] = {}
    recorder = _Recorder(staged, scans)
    recorder.add(results)
    blobs = recorder.finish()
    for rel in job.output_state.live:
        if rel not in staged.entries:
            staged.keep(rel)
    clock.lap("render")
    link_problems: tuple[Problem, ...] = ()
    if options.check_links:
        origins = {known.page: (rel, digests[rel]) for rel, known in memo.sources.items() if known.page}
        # At 100,000 articles the cache is tens of megabytes: not rewritten for one page's results.
        link_problems = check_staged_links(staged, origins, config, options.site_dir, job.output_dir, scans,
                                           job.cache_dir, update_cache=False)
        if options.strict and link_problems:
            raise BuildFailed(link_problems)
        clock.lap("links")
    own = {rel: known.warnings for rel, known in memo.sources.items()}
    own.update({rel: parsed.warnings for rel, parsed in parses.items()})
    tags = {rel: known.tags for rel, known in memo.sources.items()}
    tags.update({rel: parsed.tags for rel, parsed in parses.items()})
    warnings = (list(memo.warnings) + list(tag_warnings(tags)) + [w for found in own.values() for w in found]
                + list(link_problems))
    freshness.forget_record(job.record_file)
    written = _guard(lambda: staged.commit(strict=options.strict, label=_label(options.site_dir, job.output_dir)))
    warnings += written.warnings
    stats = job.discovery.stats
    sources = {rel: known if rel not in parses and known.stat == stats[rel][0] else dataclasses.replace(
        known, stat=stats[rel][0], digest=digests[rel], warnings=tuple(own[rel]), tags=tags[rel])
        for rel, known in memo.sources.items()}
    editmemo.save(job.memo_file, key=job.key, frame=job.frame, context=memo.context, warnings=memo.warnings,
                  sources=sources, specs=blobs, needed=None, previous=memo.sources)
    record = dataclasses.replace(job.record, key=job.key, now=options.now.isoformat(), finished=time.time(),
                                 warnings=[[w.path, w.line, w.field, w.message] for w in warnings],
                                 counts=dict(job.record.counts, live_inode=_live_inode(job.output_dir)))
    if not written.warnings:  # (see build())
        warnings += _after_commit(job.cache_dir, lambda: freshness.save_record(job.record_file, record))
    clock.lap("write")
    counts = record.counts
    return BuildReport(
        output_dir=job.output_dir, published=counts["published"], drafts=counts["drafts"], future=counts["future"],
        pages=counts["pages"], parsed=len(parses), rendered=len(results), written=written.written,
        unchanged=written.unchanged, removed=written.removed, seconds=0.0,
        warnings=tuple(sorted(warnings, key=lambda p: p.sort_key)), next_due=_moment(record.next_due),
        next_expiry=_moment(record.next_expiry), timings=tuple(clock.laps), route="edit memo")


def _live_inode(output_dir: Path) -> int:
    try:
        return output_dir.stat().st_ino
    except OSError:
        return -1


def _after_commit(where: Path, step) -> list[Problem]:  # type: ignore[no-untyped-def]
    """Bookkeeping written once the new site is live: a write error there is a warning (the site is built)."""
    try:
        step()
    except OSError as exc:
        return [Problem(path=str(exc.filename or where), message=(
            f"cannot write: {exc.strerror or exc}; the site was built, but the next build cannot tell what this "
            "one did and will do more work"))]
    return []


def _store_warnings(config: SiteConfig, messages: list[str]) -> tuple[Problem, ...]:
    return tuple(Problem(path=config.cache_dir, message=m) for m in messages)


def _save_memo(path: Slot, key: str, frame: str, discovery: Discovery, articles: list[Article],
               specs: tuple[OutputSpec, ...], own: dict[str, list[Problem]],
               tags: dict[str, tuple[tuple[str, int], ...]], other: list[Problem],
               context: editmemo.Context, blobs: dict[str, str], *, complete: bool) -> None:
    """Leave the edit memo of a full build. `complete`: the memo on disk matched the previous output, so
    its rows of outputs not rendered again are still right; else every row is written."""
    outputs: dict[str, list[str]] = {}
    pages: dict[str, str] = {}
    needed: set[str] = set()
    rows = dict(blobs)
    stored = editmemo.stored_specs(path) if complete else set()
    for spec in specs:
        if not editmemo.carries_in_full(spec):
            continue
        needed.add(spec.file)
        if spec.file not in rows and spec.file not in stored:
            rows[spec.file] = editmemo.dump_spec(spec)
        if spec.article is not None:
            pages[spec.article.source] = spec.file
            outputs.setdefault(spec.article.source, []).append(spec.file)
        for carried in spec.articles:
            outputs.setdefault(carried.source, []).append(spec.file)
    listing = {a.source: a.listing_digest for a in articles}
    sources = {source.rel: editmemo.Known(
        stat=discovery.stats[source.rel][0], digest=source.digest, listing=listing.get(source.rel, ""),
        page=pages.get(source.rel, ""), outputs=tuple(outputs.get(source.rel, ())),
        warnings=tuple(own.get(source.rel, ())), tags=tags.get(source.rel, ())) for source in discovery.sources}
    editmemo.save(path, key=key, frame=frame, sources=sources, context=context, warnings=other, specs=rows,
                  needed=needed)


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _assemble_and_plan(articles: list[Article], problems: list[Problem], profiles: tuple[Profile, ...] | None,
                       config: SiteConfig, options: BuildOptions
                       ) -> tuple[Site, tuple[OutputSpec, ...], list[Problem], list[Problem]]:
    """(site, specs, problems, skipped). With --keep-going, every article a problem names is left out and the
    rest assembled again; those problems come back as `skipped`. A problem not about a content file (a
    missing content/ folder, authors.yaml) is never skipped."""
    skipped: list[Problem] = []
    rules = Rules(now=options.now, drafts=options.drafts, future=options.future)
    while True:
        if profiles is not None:
            problems = problems + check_bylines(_bylines(articles), profiles)
        site, assembly_problems = assemble_site(articles, rules)
        specs, plan_problems = plan_outputs(site, config, options.now, profiles)
        problems = problems + assembly_problems + plan_problems
        if not problems or not options.keep_going or any(not p.path.startswith(f"{CONTENT_DIR}/")
                                                          for p in problems):
            return site, specs, problems, skipped
        named = {p.path for p in problems}
        skipped += problems
        articles, problems = [a for a in articles if a.source not in named], []


class _Stopwatch:
    """Seconds spent in each stage, for `--verbose` and the benchmark."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self._last))
        self._last = now


def _load_config(options: BuildOptions) -> SiteConfig:
    config = _guard(lambda: load_config(options.site_dir))
    return _guard(lambda: with_base_url(config, options.base_url)) if options.base_url else config


def _guard(step):  # type: ignore[no-untyped-def]
    """Run one step whose UserError ends the build at once (config, authors.yaml, output folder checks)."""
    try:
        return step()
    except BuildFailed:
        raise  # site.yaml's problems, every one (config.SettingsRefused is a UserError too)
    except UserError as exc:
        raise BuildFailed([exc.problem]) from None


def _parse_all(sources: tuple[SourceFile, ...], config: SiteConfig, store: Store, state: BuildState | None,
               jobs: int, options: BuildOptions
               ) -> tuple[list[Parsed], list[Problem], int, list[ParseResult]]:
    """Every source's parse, from memory, the cache, or fresh; returns (parses, problems, how many fresh,
    the results of the files that failed to parse: their template tags, warnings and bylines)."""
    config_digest = config.digest()
    keys = {s.rel: source_key(s.rel, s.digest, config_digest) for s in sources}
    known: dict[str, Parsed] = {}
    if state is not None:
        known = {k: state.parsed[k] for k in keys.values() if k in state.parsed}
    missing = [k for k in keys.values() if k not in known]
    if missing and options.use_cache:
        known.update(store.load_parsed(missing, config_digest))
    todo = [s for s in sources if keys[s.rel] not in known]
    problems: list[Problem] = []
    failed: list[ParseResult] = []
    progress = Progress("parsing", len(todo), enabled=options.progress)
    if len(todo) >= parallel.MIN_PARSE_ITEMS and jobs > 1:
        # The workers store what they parse and send back light copies: bodies never cross to this process.
        batches = parallel.run_parallel(parse_range, parse_payload(config, options.site_dir, todo, store.path),
                                        len(todo), jobs, size=64)
    else:
        batches = (parse_and_store(todo[i: i + 64], config, options.site_dir, store)
                   for i in range(0, len(todo), 64))
    done = 0
    for batch in batches:
        known.update({keys[r.rel]: r.parsed for r in batch if r.parsed is not None})
        problems += [problem for r in batch for problem in r.problems]
        failed += [r for r in batch if r.parsed is None]
        done += len(batch)
        progress.update(done)
    progress.close()
    store.prune(set(keys.values()), config_digest)
    if state is not None:
        state.parsed = {k: known[k] for k in keys.values() if k in known}
    parsed = [known[keys[s.rel]] for s in sources if keys[s.rel] in known]
    return parsed, problems, len(todo), failed


def _bylines(articles: list[Article]) -> dict[str, list[tuple[str, int | None]]]:
    found: dict[str, list[tuple[str, int | None]]] = {}
    for article in articles:
        line = article.lines.get("author") or article.lines.get("authors")
        for author in article.authors:
            found.setdefault(author.name, []).append((article.source, line))
    return found


def _failed_bylines(failed: list[ParseResult]) -> dict[str, list[tuple[str, int | None]]]:
    found: dict[str, list[tuple[str, int | None]]] = {}
    for result in failed:
        for name, line in result.bylines:
            found.setdefault(name, []).append((result.rel, line))
    return found


def _render_changed(specs: tuple[OutputSpec, ...], site: Site, profiles: tuple[Profile, ...] | None,
                    config: SiteConfig, options: BuildOptions, db_path: Path, staged: Staged, jobs: int,
                    scans: dict[str, Page], known: tuple[dict[str, str], set[str]] | None = None,
                    keep_memo: bool = False
                    ) -> tuple[int, dict[str, str], editmemo.Context | None, dict[str, str]]:
    """Render every output whose fingerprint changed (or whose file is gone). Returns how many rendered,
    every output's fingerprint, what fingerprinted them (None when `known` made that unneeded) and, with
    `keep_memo`, the edit memo's rows of the outputs rendered. `known`: fingerprints of the last plan, and
    the outputs that must be redone."""
    sections = tuple(listing.term for listing in site.sections)
    todo: list[RenderJob] = []
    fingerprints: dict[str, str] = {}
    fingerprinter: Fingerprinter | None = None
    context: editmemo.Context | None = None
    for spec in specs:
        if known is not None and spec.file not in known[1] and spec.file in known[0]:
            fingerprint = known[0][spec.file]
        else:
            if fingerprinter is None:
                env = make_environment(options.site_dir, config, sections)
                authors_file = options.site_dir / AUTHORS_FILE
                context = editmemo.Context(templates=template_digests(env), sections=sections,
                                           shared=repr((sections, profiles, authors_file.is_file(),
                                                       photos.static_state(options.site_dir))))
                fingerprinter = _fingerprinter(context, config, options)
            fingerprint = fingerprinter.of(spec)
        fingerprints[spec.file] = fingerprint
        if options.use_cache and staged.up_to_date(spec.file, fingerprint):
            staged.keep(spec.file)
        else:
            todo.append(RenderJob(spec=spec, fingerprint=fingerprint, previous=staged.previous.get(spec.file)))
    renderer_args = dict(site_dir=options.site_dir, config=config, sections=sections, db_path=db_path,
                         scan_links=options.check_links, memo_specs=keep_memo,
                         output_dir=staged.output_dir, staging=staged.staging, now=options.now)
    progress = Progress("rendering", len(todo), enabled=options.progress)
    recorder = _Recorder(staged, scans)
    if len(todo) >= parallel.MIN_RENDER_ITEMS and jobs > 1:
        for batch in parallel.run_parallel(render_range, (renderer_args, todo), len(todo), jobs, size=200):
            recorder.add(batch)  # batch by batch: 170,000 results never sit in memory at once
            progress.update(recorder.count)
    else:
        renderer = Renderer(**renderer_args)  # type: ignore[arg-type]
        try:
            for job in todo:
                recorder.add([renderer.render(job)])
                progress.update(recorder.count)
        finally:
            renderer.store.close()
    progress.close()
    return len(todo), fingerprints, context, recorder.finish()


def _fingerprinter(context: editmemo.Context, config: SiteConfig, options: BuildOptions) -> Fingerprinter:
    return Fingerprinter(config_digest=config.digest(), templates=context.templates, shared=context.shared,
                         now=options.now.isoformat())


class _Recorder:
    """Takes rendered results as they come: notes each output in `staged` and its scan in `scans`, keeps
    the edit memo rows, and collects the render errors."""

    def __init__(self, staged: Staged, scans: dict[str, Page]):
        self.staged, self.scans = staged, scans
        self.count = 0
        self.blobs: dict[str, str] = {}
        self._problems: dict[str, Problem] = {}
        self._strings: dict[str, str] = {}  # each worker's batch shares its strings; across batches, this does

    def add(self, results: list[RenderResult]) -> None:
        self.count += len(results)
        for result in results:
            if result.problem is not None:
                # One template mistake breaks many pages: report it once.
                # (A full disk fails every write alike: one message, naming the first file, is enough.)
                message = result.problem.message
                key = "cannot write:" if message.startswith("cannot write:") else str(result.problem)
                self._problems.setdefault(key.split(" (while rendering")[0], result.problem)
                continue
            self.staged.record(result.rel, result.sha, result.fingerprint, result.staged)
            if result.scan is not None:
                self.scans[result.rel] = result.scan.interned(self._strings)
            if result.memo is not None:
                self.blobs[result.rel] = result.memo

    def finish(self) -> dict[str, str]:
        """The edit memo rows; raises BuildFailed with the render errors."""
        if self._problems:
            raise BuildFailed(list(self._problems.values()))
        return self.blobs


def _copy_static(site_dir: Path, specs: tuple[OutputSpec, ...], staged: Staged, stage: photos.Stage
                 ) -> tuple[tuple[Problem, ...], int]:
    """Stage the theme's and the site's static files; one that would replace a generated file is an error.
    JPEGs and PNGs go through the photo stage (cleaned, with variants). Returns a warning for each link left
    out (see assets.scan_static) and how many images were cleaned."""
    owners = {spec.file: spec.origin for spec in specs}
    problems = []
    scan = scan_static(site_dir)
    images = []
    for static in scan.files:
        if static.rel in owners:
            problems.append(Problem(path=static.origin, message=(
                f"would overwrite /{static.rel}, which newsgen generates for {owners[static.rel]}; rename it")))
            continue
        if photos.is_resizable(static.rel):
            images.append(photos.Job(rel=static.rel, origin=static.origin, source=static.source))
            continue
        try:
            data = static.source.read_bytes()
        except OSError as exc:
            problems.append(Problem(path=static.origin, message=f"cannot read: {exc.strerror}"))
            continue
        staged.add(static.rel, data)
    cleaned = stage.run(images, staged.add, problems, parallel.run_parallel)
    if problems:
        raise BuildFailed(problems)
    return scan.skipped, cleaned
