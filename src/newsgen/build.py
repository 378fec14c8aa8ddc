"""The whole build in one readable function: config -> sources -> articles -> site -> plan -> bytes -> disk."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from .assemble import Rules, assemble_site
from .assets import discover_static
from .authors import check_bylines, load_authors
from .config import SiteConfig, load_config, with_base_url
from .errors import BuildFailed, Problem, UserError
from .models import Article, Term
from .parse import parse_article
from .plan import OutputSpec, plan_outputs
from .render import make_environment, render_output
from .schedule import write_schedule
from .seo import search_warnings
from .sources import discover
from .writer import WriteReport, load_manifest, write_outputs


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What the user asked for on the command line."""

    site_dir: Path
    now: dt.datetime
    output: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build did, for the summary line and for tests."""

    output_dir: Path
    published: int
    drafts: int
    future: int
    pages: int
    written: int
    unchanged: int
    removed: int
    seconds: float
    warnings: tuple[Problem, ...]
    next_due: dt.datetime | None
    next_expiry: dt.datetime | None = None

    def summary(self) -> str:
        due = f"; next scheduled article due {self.next_due.isoformat()}" if self.next_due else ""
        if self.next_expiry:
            due += f"; next article expires {self.next_expiry.isoformat()}"
        return (f"{self.published} articles published, {self.drafts} drafts and {self.future} future skipped; "
                f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed "
                f"in {self.seconds:.2f} s{due}")


def build(options: BuildOptions) -> BuildReport:
    """Build the site; raise BuildFailed with every user error and write nothing when there is any."""
    started = time.perf_counter()
    site_dir = options.site_dir
    config = _load_config(options)
    output_dir = (options.output or site_dir / config.output).resolve()
    previous = _guard(lambda: load_manifest(output_dir))

    discovery = discover(site_dir)
    problems: list[Problem] = list(discovery.problems)
    warnings: list[Problem] = [Problem(path=rel, message="not an article (only *.md files are); skipped")
                               for rel in discovery.skipped]
    articles: list[Article] = []
    for source in discovery.sources:
        try:
            parsed = parse_article(source, config)
        except UserError as exc:
            problems.append(exc.problem)
        except BuildFailed as exc:
            problems.extend(exc.problems)
        else:
            articles.append(parsed.article)
            warnings.extend(parsed.warnings)

    profiles = _guard(lambda: load_authors(site_dir))
    if profiles is not None:
        problems += check_bylines(_bylines(articles), profiles)
    site, assembly_problems = assemble_site(
        articles, Rules(now=options.now, drafts=options.drafts, future=options.future))
    specs, plan_problems = plan_outputs(site, config, options.now, profiles)
    problems += assembly_problems + plan_problems
    if problems:
        raise BuildFailed(problems)

    outputs, render_problems = _render_all(specs, site_dir, config, options.now,
                                          tuple(listing.term for listing in site.sections))
    if render_problems:
        raise BuildFailed(render_problems)
    written = write_outputs(output_dir, outputs, previous)
    write_schedule(output_dir, site)
    warnings += search_warnings(site.articles, config)
    return _report(output_dir, site.articles, site, written, len(specs), started, warnings)


def _load_config(options: BuildOptions) -> SiteConfig:
    config = _guard(lambda: load_config(options.site_dir))
    return _guard(lambda: with_base_url(config, options.base_url)) if options.base_url else config


def _guard(step):  # type: ignore[no-untyped-def]
    """Run one step whose UserError ends the build at once (config, authors.yaml, output folder checks)."""
    try:
        return step()
    except UserError as exc:
        raise BuildFailed([exc.problem]) from None


def _bylines(articles: list[Article]) -> dict[str, list[tuple[str, int | None]]]:
    found: dict[str, list[tuple[str, int | None]]] = {}
    for article in articles:
        line = article.lines.get("author") or article.lines.get("authors")
        for author in article.authors:
            found.setdefault(author.name, []).append((article.source, line))
    return found


def _render_all(specs: tuple[OutputSpec, ...], site_dir: Path, config: SiteConfig,
                now: dt.datetime, sections: tuple[Term, ...]) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every planned output and read every static file; a template error is reported once."""
    env = make_environment(site_dir, config, sections)
    outputs: dict[str, bytes] = {}
    owners: dict[str, str] = {}
    problems: dict[str, Problem] = {}
    for spec in specs:
        try:
            data = render_output(spec, env, config, now)
        except UserError as exc:
            problems.setdefault(str(exc.problem).split(" (while rendering")[0], exc.problem)
            continue
        outputs[spec.file] = data
        owners[spec.file] = spec.origin
    for static in discover_static(site_dir):
        if static.rel in owners:
            problems[static.rel] = Problem(path=static.origin, message=(
                f"would overwrite /{static.rel}, which newsgen generates for {owners[static.rel]}; rename it"))
            continue
        try:
            outputs[static.rel] = static.source.read_bytes()
        except OSError as exc:
            problems[static.rel] = Problem(path=static.origin, message=f"cannot read: {exc.strerror}")
    return outputs, list(problems.values())


def _report(output_dir: Path, published: tuple[Article, ...], site, written: WriteReport,  # type: ignore[no-untyped-def]
            pages: int, started: float, warnings: list[Problem]) -> BuildReport:
    return BuildReport(
        output_dir=output_dir, published=len(published), drafts=site.skipped_drafts, future=site.skipped_future,
        pages=pages, written=written.written, unchanged=written.unchanged, removed=written.removed,
        seconds=time.perf_counter() - started, warnings=tuple(sorted(warnings, key=lambda p: p.sort_key)),
        next_due=site.next_due, next_expiry=site.next_expiry,
    )
