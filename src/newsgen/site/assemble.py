"""Parsed articles -> the published `Site`: publishing rules, order, groupings and URL collisions. Pure."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.errors import Problem
from ..core.models import Article, Listing, Site, Term
from .liveblog import live_view, next_live_change
from .series import group_series


@dataclass(frozen=True, slots=True, kw_only=True)
class Rules:
    """What to publish: the build's clock and the --drafts/--future switches."""

    now: dt.datetime
    drafts: bool = False
    future: bool = False


def newest_first(article: Article) -> tuple[float, str, str]:
    """Sort key: newest first; same instant -> by slug, then source path, so the order never depends on disk."""
    return (-article.date.timestamp(), article.slug, article.source)


def assemble_site(articles: Iterable[Article], rules: Rules) -> tuple[Site, list[Problem]]:
    """Apply the publishing rules and group what is published; return the site (with its warnings about
    merged spellings) and every URL collision and series part claimed twice."""
    articles = tuple(articles)
    published: list[Article] = []
    expired: list[Article] = []
    drafts = future = 0
    next_due: dt.datetime | None = None
    for article in articles:
        if article.draft and not rules.drafts:
            drafts += 1
        elif article.date > rules.now and not rules.future:
            future += 1
            if not article.draft:
                next_due = article.date if next_due is None else min(next_due, article.date)
        elif article.expires is not None and article.expires <= rules.now:
            expired.append(article)
        else:
            published.append(article)
    live_change = next_live_change(published + expired, rules.now, rules.future)
    published = sorted((live_view(a, rules.now, rules.future) for a in published), key=newest_first)
    expired = sorted((live_view(a, rules.now, rules.future) for a in expired), key=newest_first)
    featured, next_unfeature, next_expiry = _timed_changes(published, rules.now, live_change)
    series, problems = group_series(published, articles)
    problems += _path_collisions(published + expired)
    tags, tag_warnings = _group(published, lambda a: a.tags, "tags")
    sections, section_warnings = _group(published, lambda a: (a.section,) if a.section else (), "section")
    authors, author_warnings = _group(published, lambda a: a.authors, "author")
    site = Site(articles=tuple(published), tags=tags, sections=sections, authors=authors, expired=tuple(expired),
                skipped_drafts=drafts, skipped_future=future, next_due=next_due, next_expiry=next_expiry,
                featured=featured, next_unfeature=next_unfeature, series=series,
                warnings=tuple(tag_warnings + section_warnings + author_warnings))
    return site, problems


def _timed_changes(published: list[Article], now: dt.datetime, live_change: dt.datetime | None
                   ) -> tuple[tuple[Article, ...], dt.datetime | None, dt.datetime | None]:
    """The articles leading the front page now, when the first of them stops leading, and the next moment
    anything published changes (an article expiring, a feature ending, a live blog's update falling due
    or its coverage ending: `live_change`), for the schedule."""
    featured = tuple(a for a in published if a.leads_at(now))
    next_unfeature = min((a.featured_until for a in featured if a.featured_until), default=None)
    moments = [m for a in published if (m := a.expires)]
    moments += [m for m in (next_unfeature, live_change) if m is not None]
    return featured, next_unfeature, min(moments, default=None)


def _path_collisions(articles: list[Article]) -> list[Problem]:
    first: dict[str, Article] = {}
    problems = []
    for article in sorted(articles, key=lambda a: a.source):
        other = first.setdefault(article.path, article)
        if other is not article:
            problems.append(Problem(
                path=article.source, line=article.lines.get("slug") or article.lines.get("title"), field="slug",
                message=f"same URL /{article.path} as {other.source}: give one of them another `slug:`"))
    return problems


def _group(
    articles: list[Article], terms_of: Callable[[Article], Iterable[Term]], field: str
) -> tuple[tuple[Listing, ...], list[Problem]]:
    """Group by term slug: names that share a slug ('Café', 'cafe', 'CAFE') are one term, shown with the
    most used spelling (ties: the first in sort order), as Hugo does. Returns the listings and a warning
    for each term whose spellings differ by more than case."""
    members: dict[str, list[Article]] = defaultdict(list)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first_use: dict[str, dict[str, Article]] = defaultdict(dict)
    for article in articles:
        for term in terms_of(article):
            members[term.slug].append(article)
            counts[term.slug][term.name] += 1
            first_use[term.slug].setdefault(term.name, article)
    listings = []
    warnings = []
    for slug in sorted(members):
        spelling = counts[slug]
        display = min(spelling, key=lambda n: (-spelling[n], n))
        listings.append(Listing(term=Term(name=display, slug=slug), articles=tuple(members[slug])))
        if len({name.casefold() for name in spelling}) > 1:
            warnings.append(_merged_warning(field, slug, display, spelling, first_use[slug]))
    return tuple(listings), warnings


def _merged_warning(field: str, slug: str, display: str, spelling: dict[str, int],
                    first_use: dict[str, Article]) -> Problem:
    """'tags: 'cafe' (1 article) and 'café' (3 articles) share the URL slug 'cafe': ...', at the first
    article that used a spelling other than the one shown."""
    others = sorted((name for name in spelling if name != display), key=lambda n: first_use[n].source)
    where = first_use[others[0]]
    listed = ", ".join(f"{name!r} ({_articles(spelling[name])})"
                       for name in sorted(spelling, key=lambda n: (-spelling[n], n)))
    return Problem(path=where.source, line=where.lines.get(field) or where.lines.get(field + "s"), field=field,
                   kind="merged-spellings",
                   message=f"{listed} share the URL slug {slug!r} and are merged into one, shown as "
                           f"{display!r}; spell them the same way to silence this")


def _articles(count: int) -> str:
    return f"{count} article{'s' if count != 1 else ''}"
