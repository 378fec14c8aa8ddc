"""The parse stage: every source's parse, from the dev server's memory, the cache, or parsed now."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..content.shortcodes.expand import digests_hold
from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.models import Article, Parsed, SourceFile
from ..incremental.store import Store, source_key
from . import pool
from .options import BuildOptions, BuildState
from .progress import Progress
from .work_items import ParseResult, parse_and_store, parse_payload, parse_range


@dataclass(frozen=True, slots=True, kw_only=True)
class Parses:
    """What the parse stage found: the parses in source order, every problem, the files that failed."""

    parsed: tuple[Parsed, ...]
    problems: tuple[Problem, ...]
    fresh: int  # how many were parsed now (not found in memory or the cache)
    failed: tuple[ParseResult, ...]  # their template tags, warnings and bylines still count

    @property
    def articles(self) -> list[Article]:
        return [p.article for p in self.parsed]

    def own_warnings(self) -> dict[str, list[Problem]]:
        """Parse warnings, by article file; a file with errors still shows its warnings (see BuildFailed)."""
        own: dict[str, list[Problem]] = {}
        for p in self.parsed:
            own.setdefault(p.article.source, []).extend(p.warnings)
        for r in self.failed:
            own.setdefault(r.rel, []).extend(r.warnings)
        return own

    def tags(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """The template tags each file used, by file (see templatetags)."""
        return {p.article.source: p.tags for p in self.parsed} | {r.rel: r.tags for r in self.failed if r.tags}


def parse_all(sources: tuple[SourceFile, ...], config: SiteConfig, store: Store, state: BuildState | None,
              jobs: int, options: BuildOptions) -> Parses:
    """Every source's parse; what is parsed now goes to the store, and the store forgets the rest."""
    config_digest = config.digest()
    keys = {s.rel: source_key(s.rel, s.digest, config_digest) for s in sources}
    known = _known(keys, config_digest, store, state, options.use_cache)
    # A parse is good while the shortcode templates it ran are as they were (see Parsed.shortcodes).
    known = {key: parsed for key, parsed in known.items()
             if digests_hold(parsed.shortcodes, config.shortcodes)}
    todo = [s for s in sources if keys[s.rel] not in known]
    progress = Progress("parsing", len(todo), enabled=options.progress)
    problems, failed = _collect(_batches(todo, config, store, jobs, options), keys, known, progress)
    progress.close()
    store.prune(set(keys.values()), config_digest)
    if state is not None:
        state.parsed = {k: known[k] for k in keys.values() if k in known}
    parsed = tuple(known[keys[s.rel]] for s in sources if keys[s.rel] in known)
    return Parses(parsed=parsed, problems=tuple(problems), fresh=len(todo), failed=tuple(failed))


def _collect(batches: Iterable[list[ParseResult]], keys: dict[str, str], known: dict[str, Parsed],
             progress: Progress) -> tuple[list[Problem], list[ParseResult]]:
    """Put the parses made now into `known`; returns their problems and the results of the files that failed."""
    problems: list[Problem] = []
    failed: list[ParseResult] = []
    done = 0
    for batch in batches:
        known.update({keys[r.rel]: r.parsed for r in batch if r.parsed is not None})
        problems += [problem for r in batch for problem in r.problems]
        failed += [r for r in batch if r.parsed is None]
        done += len(batch)
        progress.update(done)
    return problems, failed


def _known(keys: dict[str, str], config_digest: str, store: Store, state: BuildState | None,
           use_cache: bool) -> dict[str, Parsed]:
    """The parses already made, by source key: the dev server's memory first, then the cache."""
    known: dict[str, Parsed] = {}
    if state is not None:
        known = {k: state.parsed[k] for k in keys.values() if k in state.parsed}
    missing = [k for k in keys.values() if k not in known]
    if missing and use_cache:
        known.update(store.load_parsed(missing, config_digest))
    return known


def _batches(todo: list[SourceFile], config: SiteConfig, store: Store, jobs: int,
             options: BuildOptions) -> Iterable[list[ParseResult]]:
    if len(todo) >= pool.MIN_PARSE_ITEMS and jobs > 1:
        # The workers store what they parse and send back light copies: bodies never cross to this process.
        return pool.run_parallel(parse_range, parse_payload(config, options.site_dir, todo, store.path),
                                 len(todo), jobs, size=64)
    return (parse_and_store(todo[i: i + 64], config, options.site_dir, store) for i in range(0, len(todo), 64))
