"""Series: the published articles of each `series:` in part order, and the errors of their numbering. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..core.errors import Problem
from ..core.models import Article, Listing, Term


def part_order(article: Article) -> tuple[float, float, str]:
    """Numbered parts first, by number; then the others, oldest first (a series is read from its start)."""
    part = article.series_part
    return (part if part is not None else float("inf"), article.date.timestamp(), article.source)


def group_series(published: Iterable[Article],
                 every: Iterable[Article]) -> tuple[tuple[Listing, ...], list[Problem]]:
    """Each series' published parts in order (sorted by slug), and a problem for every two articles that
    claim one part of one series. The parts are checked among `every` article but drafts, so a future part
    numbered twice fails before it is due, not on the morning it is published."""
    members: dict[str, list[Article]] = defaultdict(list)
    for article in published:
        if article.series is not None:
            members[article.series.slug].append(article)
    listings = tuple(Listing(term=_name(parts), articles=tuple(sorted(parts, key=part_order)))
                     for _, parts in sorted(members.items()))
    return listings, _clashes(every)


def _name(parts: list[Article]) -> Term:
    """The series' Term as the oldest part spells it."""
    series = min(parts, key=lambda a: (a.date.timestamp(), a.source)).series
    assert series is not None
    return series


def _clashes(every: Iterable[Article]) -> list[Problem]:
    first: dict[tuple[str, int], Article] = {}
    problems = []
    for article in sorted(every, key=lambda a: a.source):
        if article.series is None or article.series_part is None or article.draft:
            continue
        other = first.setdefault((article.series.slug, article.series_part), article)
        if other is not article:
            problems.append(Problem(path=article.source, line=article.lines.get("series_part"),
                                    field="series_part", message=(
                f"part {article.series_part} of the series {article.series.name!r} is {other.source} too: "
                "give each part its own number")))
    return problems


def part_of(article: Article, series: Listing) -> tuple[int, int]:
    """(the article's position, 1-based, the number of published parts): 'Part 2 of 3'."""
    return series.articles.index(article) + 1, len(series.articles)
