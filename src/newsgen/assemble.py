"""Parsed articles -> the published `Site`: publishing rules, order, groupings and URL collisions. Pure."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import Problem
from .models import Article, Listing, Site, Term


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
    """Apply the publishing rules and group what is published; return the site and every collision problem."""
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
    published.sort(key=newest_first)
    expired.sort(key=newest_first)
    next_expiry = min((a.expires for a in published if a.expires), default=None)
    problems = _path_collisions(published + expired)
    tags, tag_problems = _group(published, lambda a: a.tags, "tags")
    sections, section_problems = _group(published, lambda a: (a.section,) if a.section else (), "section")
    authors, author_problems = _group(published, lambda a: a.authors, "author")
    site = Site(articles=tuple(published), tags=tags, sections=sections, authors=authors, expired=tuple(expired),
                skipped_drafts=drafts, skipped_future=future, next_due=next_due, next_expiry=next_expiry)
    return site, problems + tag_problems + section_problems + author_problems


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
    """Group by term slug. Names that differ only in case are one term; other names sharing a slug are an error."""
    members: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, dict[str, Article]] = defaultdict(dict)
    for article in articles:
        for term in terms_of(article):
            members[term.slug].append(article)
            names[term.slug].setdefault(term.name, article)
    listings = []
    problems = []
    for slug in sorted(members):
        spellings = names[slug]
        by_fold: dict[str, str] = {}
        for name, article in sorted(spellings.items(), key=lambda kv: kv[1].source):
            fold = name.casefold()
            if fold in by_fold or not by_fold:
                by_fold.setdefault(fold, name)
                continue
            first_name = next(iter(by_fold.values()))
            problems.append(Problem(
                path=article.source, line=article.lines.get(field) or article.lines.get(field + "s"), field=field,
                message=f"{name!r} and {first_name!r} (in {spellings[first_name].source}) would share the URL "
                        f"slug {slug!r}: spell them the same way"))
            by_fold[fold] = name
        # The display name is the most common spelling, ties broken alphabetically: stable across builds.
        counts: dict[str, int] = defaultdict(int)
        for article in members[slug]:
            for term in terms_of(article):
                if term.slug == slug:
                    counts[term.name] += 1
        display = min(counts, key=lambda n: (-counts[n], n))
        listings.append(Listing(term=Term(name=display, slug=slug), articles=tuple(members[slug])))
    return tuple(listings), problems
