"""Related articles: the ones an article page suggests, by shared tags and section. Pure."""

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
    by_tag = {listing.term.slug: listing.articles for listing in site.tags}
    by_section = {listing.term.slug: listing.articles for listing in site.sections}
    position = {slug: {a: i for i, a in enumerate(members)} for slug, members in by_tag.items()}
    section_position = {slug: {a: i for i, a in enumerate(members)} for slug, members in by_section.items()}
    rank = {a: i for i, a in enumerate(site.articles)}  # articles hash on their source path
    total = len(site.articles) + 1

    def window(members: tuple[Article, ...], index: int) -> tuple[Article, ...]:
        return members[max(0, index - RELATED_WINDOW): index + RELATED_WINDOW + 1]

    def related(article: Article) -> tuple[Article, ...]:
        # score = 4 * shared tags + 2 if in the same section; highest first, then newest (lowest rank).
        score: dict[Article, int] = {}
        for tag in article.tags:
            for other in window(by_tag[tag.slug], position[tag.slug][article]):
                score[other] = score.get(other, 0) + 4
        if article.section:
            slug = article.section.slug
            for other in window(by_section[slug], section_position[slug][article]):
                score.setdefault(other, 0)
            for other in score:
                if other.section is not None and other.section.slug == slug:
                    score[other] += 2
        score.pop(article, None)
        # One integer per candidate: higher score first, then newer (lower rank; ranks are unique).
        return tuple(sorted(score, key=lambda other: rank[other] - score[other] * total)[:RELATED_COUNT])

    return related
