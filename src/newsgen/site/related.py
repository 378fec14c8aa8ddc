"""Related articles: each article's most related others, from the articles published nearest in time. Pure."""

from __future__ import annotations

from collections.abc import Callable

from ..core.models import Article, Site

# Related articles are scored over the articles published nearest in time in each shared tag and the
# section: for news, a story's neighbours in time are its likeliest follow-ups, and the work stays
# bounded (never quadratic) on archives where one tag has thousands of articles.
RELATED_WINDOW = 8
RELATED_COUNT = 4


def related_index(site: Site) -> Callable[[Article], tuple[Article, ...]]:
    """A function giving each article's related articles: most shared tags, then same section, then newest."""
    # Articles as their rank in site.articles (newest first): an int hashes in C, an Article (by its source
    # path) through Python, and scoring 100,000 articles looks articles up millions of times.
    rank = {a: i for i, a in enumerate(site.articles)}
    articles = site.articles
    by_tag = {listing.term.slug: tuple(rank[a] for a in listing.articles) for listing in site.tags}
    by_section = {listing.term.slug: tuple(rank[a] for a in listing.articles) for listing in site.sections}
    position = {slug: {r: i for i, r in enumerate(members)} for slug, members in by_tag.items()}
    section_position = {slug: {r: i for i, r in enumerate(members)} for slug, members in by_section.items()}
    section_of = [a.section.slug if a.section is not None else None for a in articles]
    total = len(articles) + 1

    def window(members: tuple[int, ...], index: int) -> tuple[int, ...]:
        return members[max(0, index - RELATED_WINDOW): index + RELATED_WINDOW + 1]

    def related(article: Article) -> tuple[Article, ...]:
        # score = 4 * shared tags + 2 if in the same section; highest first, then newest (lowest rank).
        own = rank[article]
        score: dict[int, int] = {}
        for tag in article.tags:
            for other in window(by_tag[tag.slug], position[tag.slug][own]):
                score[other] = score.get(other, 0) + 4
        if article.section:
            slug = article.section.slug
            for other in window(by_section[slug], section_position[slug][own]):
                score.setdefault(other, 0)
            for other in score:
                if section_of[other] == slug:
                    score[other] += 2
        score.pop(own, None)
        # One integer per candidate: higher score first, then newer (lower rank; ranks are unique).
        best = sorted(score, key=lambda other: other - score[other] * total)[:RELATED_COUNT]
        return tuple(articles[r] for r in best)

    return related
