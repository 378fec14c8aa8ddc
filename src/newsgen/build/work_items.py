"""The work items of a build: parse one source, render one output. Run in-process or in pool workers."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ..check.page_scan import HTML_SUFFIXES, Page, scan_html
from ..content import parse
from ..content.parse import ArticleFailed, Parsed, parse_article
from ..content.templatetags import tags_in
from ..core.config import SiteConfig
from ..core.errors import BuildFailed, Problem, UserError
from ..core.models import SourceFile, Term
from ..incremental.build_record import carries_in_full
from ..incremental.record_rows import dump_spec
from ..incremental.store import Store, source_key
from ..output.writer import Entry, stage, staging_error
from ..photos import stage as photos
from ..render.environment import make_environment, render_output
from ..site.content_links import with_urls
from ..site.plan import FEED_KINDS, OutputSpec


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseResult:
    rel: str
    parsed: Parsed | None
    problems: tuple[Problem, ...] = ()
    tags: tuple[tuple[str, int], ...] = ()  # of a file that failed to parse (a parse carries its own)
    warnings: tuple[Problem, ...] = ()  # of a file that failed to parse
    bylines: tuple[tuple[str, int | None], ...] = ()  # of a file that failed: (name, line), for authors.yaml


def parse_one(source: SourceFile, config: SiteConfig, site_dir: Path) -> ParseResult:
    """Parse one file (reading it when discovery did not keep its bytes), turning its user errors into
    problems (anything else is a bug and propagates)."""
    try:
        source = _with_bytes(source, site_dir)
    except UserError as exc:
        return ParseResult(rel=source.rel, parsed=None, problems=(exc.problem,))
    tags = tags_in(source, frozenset(name for name, _ in config.shortcodes))  # broken files too: they need converting as well
    try:
        return ParseResult(rel=source.rel, parsed=replace(parse_article(source, config), tags=tags))
    except UserError as exc:
        return ParseResult(rel=source.rel, parsed=None, problems=(exc.problem,), tags=tags)
    except ArticleFailed as exc:
        return ParseResult(rel=source.rel, parsed=None, problems=exc.problems, tags=tags, warnings=exc.warnings,
                           bylines=exc.bylines)
    except BuildFailed as exc:
        return ParseResult(rel=source.rel, parsed=None, problems=exc.problems, tags=tags, warnings=exc.warnings)


def _with_bytes(source: SourceFile, site_dir: Path) -> SourceFile:
    if source.data is not None:
        return source
    try:
        data = (site_dir / source.rel).read_bytes()
    except OSError as exc:
        raise UserError(source.rel, f"cannot read: {exc.strerror}") from None
    if hashlib.sha256(data).hexdigest() != source.digest:
        raise UserError(source.rel, "changed while the build was running; build again")
    return replace(source, data=data)


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderJob:
    spec: OutputSpec
    fingerprint: str
    previous: Entry | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderResult:
    rel: str
    sha: str = ""
    fingerprint: str = ""
    staged: bool = False
    problem: Problem | None = None
    scan: Page | None = None  # an HTML page's links and anchors, read while its text is at hand
    row: str | None = None  # the spec as the build record keeps it (outputs that carry articles in full)


class Renderer:
    """Renders outputs and stages their bytes; loads article bodies from the cache on demand."""

    def __init__(self, *, site_dir: Path, config: SiteConfig, sections: tuple[Term, ...], db_path: Path,
                 output_dir: Path, staging: Path, now: dt.datetime, scan_links: bool = False,
                 spec_rows: bool = False):
        # The photo stage's table of known images sits in the same cache folder as the store.
        self.env = make_environment(site_dir, config, sections, image_cache=db_path.parent / photos.CACHE_FOLDER)
        self.store = Store(db_path)
        self.config, self.now = config, now
        self.output_dir, self.staging = output_dir, staging
        self.scan_links = scan_links
        self.spec_rows = spec_rows
        self.made: set[str] = set()  # folders made in the staging folder (a Renderer lives for one build)
        self.strings: dict[str, str] = {}  # the URLs pages repeat, held once (see Page.interned)

    def _hydrated(self, spec: OutputSpec) -> OutputSpec:
        if spec.article is not None:
            return replace(spec, article=with_urls(self.store.hydrate(spec.article)))
        if spec.kind in FEED_KINDS:
            return replace(spec, articles=tuple(with_urls(self.store.hydrate(a)) for a in spec.articles))
        return spec

    def render(self, job: RenderJob) -> RenderResult:
        spec = job.spec
        try:
            data = render_output(self._hydrated(spec), self.env, self.config, self.now)
        except UserError as exc:
            return RenderResult(rel=spec.file, problem=exc.problem)
        try:
            sha, staged = stage(self.staging, spec.file, data, job.previous, self.output_dir, self.made)
        except UserError as exc:
            return RenderResult(rel=spec.file, problem=exc.problem)
        except OSError as exc:  # disk full, permissions: one clear message, the output left as it was
            return RenderResult(rel=spec.file, problem=staging_error(exc, self.output_dir, spec.file).problem)
        scan = (scan_html(data.decode("utf-8")).interned(self.strings)
                if self.scan_links and spec.file.endswith(HTML_SUFFIXES) else None)
        row = dump_spec(spec) if self.spec_rows and carries_in_full(spec) else None
        return RenderResult(rel=spec.file, sha=sha, fingerprint=job.fingerprint, staged=staged, scan=scan,
                            row=row)


# --- run inside pool workers (see build.pool.run_parallel) -------------------------------------


def parse_and_store(sources: list[SourceFile], config: SiteConfig, site_dir: Path, store: Store) -> list[ParseResult]:
    """Parse `sources`, store the parses in the cache and return them without their bodies (light)."""
    results = [parse_one(source, config, site_dir) for source in sources]
    config_digest = config.digest()
    store.add({source_key(r.rel, r.parsed.article.digest, config_digest): r.parsed
               for r in results if r.parsed is not None}, config_digest)
    return [replace(r, parsed=replace(r.parsed, article=r.parsed.article.light())) if r.parsed is not None else r
            for r in results]


ParsePayload = tuple[SiteConfig, Path, list[SourceFile], Path, float]


def parse_payload(config: SiteConfig, site_dir: Path, sources: list[SourceFile], db_path: Path) -> ParsePayload:
    """What parse_range's workers share, with this process's slow-parse threshold: a worker the
    forkserver starts (see build.pool) does not inherit a value changed after it started."""
    return (config, site_dir, sources, db_path, parse.SLOW_PARSE_SECONDS)


def parse_range(payload: ParsePayload, state: dict[str, object], start: int, end: int) -> list[ParseResult]:
    config, site_dir, sources, db_path, slow_seconds = payload
    store = state.get("store")
    if store is None:  # once per worker: a cache connection of its own
        store = state["store"] = Store(db_path)
    parse.SLOW_PARSE_SECONDS = slow_seconds
    assert isinstance(store, Store)
    return parse_and_store(sources[start:end], config, site_dir, store)


def render_range(payload: tuple[dict[str, object], list[RenderJob]], state: dict[str, object],
                 start: int, end: int) -> list[RenderResult]:
    renderer_args, jobs = payload
    renderer = state.get("renderer")
    if renderer is None:  # once per worker: the Jinja environment and a cache connection of its own
        renderer = state["renderer"] = Renderer(**renderer_args)  # type: ignore[arg-type]
    assert isinstance(renderer, Renderer)
    return [renderer.render(job) for job in jobs[start:end]]
