"""The assemble and plan stages: articles -> site -> every output."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.sources import CONTENT_DIR
from ..core.config import SiteConfig
from ..core.errors import BuildFailed, Problem
from ..core.models import Article, Page, Site
from ..site.assemble import Rules, assemble_site
from ..site.authors import Profile, check_bylines, load_authors, resolve_bylines
from ..site.content_links import link_site
from ..site.menus import PageRef
from ..site.pages import with_pages
from ..site.plan import OutputSpec, plan_outputs
from .bookkeeping import guard
from .options import BuildOptions
from .parse_stage import Parses
from .work_items import ParseResult


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """The site and every output of it."""

    site: Site
    specs: tuple[OutputSpec, ...]
    articles: tuple[Article, ...]
    profiles: tuple[Profile, ...] | None
    skipped: tuple[Problem, ...]  # --keep-going: the errors of the articles left out


def plan(parses: Parses, problems: list[Problem], options: BuildOptions, config: SiteConfig,
         pages: tuple[Page, ...] = ()) -> Plan:
    """Assemble and plan the site; raise BuildFailed with every problem found up to here."""
    profiles = guard(lambda: load_authors(options.site_dir))
    articles = resolve_bylines(parses.articles, profiles)  # one author page per profile, whatever its slug
    if profiles is not None:  # the bylines of files that failed are checked as well, in the same build
        problems = problems + check_bylines(_failed_bylines(parses.failed), profiles)
    site, specs, problems, skipped = assemble_and_plan(articles, problems, profiles, config, options, pages)
    if problems:
        raise BuildFailed(problems, warnings=[w for found in parses.own_warnings().values() for w in found])
    return Plan(site=site, specs=specs, articles=tuple(articles), profiles=profiles, skipped=tuple(skipped))


def assemble_and_plan(articles: list[Article], problems: list[Problem], profiles: tuple[Profile, ...] | None,
                      config: SiteConfig, options: BuildOptions, pages: tuple[Page, ...] = ()
                      ) -> tuple[Site, tuple[OutputSpec, ...], list[Problem], list[Problem]]:
    """(site, specs, problems, skipped). With --keep-going, every article a problem names is left out and the
    rest assembled again; those problems come back as `skipped`. A problem not about a content file (a
    missing content/ folder, authors.yaml) is never skipped."""
    skipped: list[Problem] = []
    rules = Rules(now=options.now, drafts=options.drafts, future=options.future)
    while True:
        if profiles is not None:
            problems = problems + check_bylines(_bylines(articles), profiles)
        site, assembly_problems = _assemble(articles, pages, rules, config)
        specs, plan_problems = plan_outputs(site, config, options.now, profiles, pages={
            page.name: PageRef(path=page.path, title=page.title) for page in site.pages})
        problems = problems + assembly_problems + plan_problems
        if not problems or not options.keep_going or any(not p.path.startswith(f"{CONTENT_DIR}/")
                                                          for p in problems):
            return site, specs, problems, skipped
        named = {p.path for p in problems}
        skipped += problems
        articles, problems = [a for a in articles if a.source not in named], []
        pages = tuple(p for p in pages if p.source not in named)


def _assemble(articles: list[Article], pages: tuple[Page, ...], rules: Rules, config: SiteConfig
              ) -> tuple[Site, list[Problem]]:
    """The site with its pages; once the addresses are known, the links by file (`{{< ref >}}`) get theirs,
    and the site is assembled again with those articles (only when some article or page has such links)."""
    site, problems = assemble_site(articles, rules)
    site, page_problems = with_pages(site, pages, rules.drafts, config)
    linked = link_site(site, articles, pages, config.base_url)
    if linked is None:
        return site, problems + page_problems
    articles, linked_pages, link_problems = linked
    site, problems = assemble_site(articles, rules)
    site, page_problems = with_pages(site, linked_pages, rules.drafts, config)
    return site, problems + page_problems + link_problems


def _bylines(articles: list[Article]) -> dict[str, list[tuple[str, int | None]]]:
    found: dict[str, list[tuple[str, int | None]]] = {}
    for article in articles:
        line = article.lines.get("author") or article.lines.get("authors")
        for author in article.authors:
            found.setdefault(author.name, []).append((article.source, line))
    return found


def _failed_bylines(failed: tuple[ParseResult, ...]) -> dict[str, list[tuple[str, int | None]]]:
    found: dict[str, list[tuple[str, int | None]]] = {}
    for result in failed:
        for name, line in result.bylines:
            found.setdefault(name, []).append((result.rel, line))
    return found
