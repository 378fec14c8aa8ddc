"""The front page's and section pages' order: the featured articles lead (newest first), then the rest newest
first. Pure."""

from __future__ import annotations

from ..core.errors import Problem
from ..core.homesettings import HomeLayout
from ..core.models import Article, Listing, Site
from ..core.slugs import slugify


def home_order(site: Site) -> tuple[Article, ...]:
    """The home page's articles, paginated as they come: what `featured:` pins at the build's clock first
    (already newest first in `site.featured`), then the rest newest first, each article once, so /page/2/
    goes on where page 1 stopped."""
    return featured_first(site.articles, site.featured)


def featured_first(articles: tuple[Article, ...], featured: tuple[Article, ...]) -> tuple[Article, ...]:
    """`articles` (newest first) with those of them `featured` (the site's, newest first) moved to the front:
    a section page leads with its own featured article, else its newest, as the home page does."""
    if not featured:
        return articles
    members = set(articles)
    leading = tuple(a for a in featured if a in members)
    if not leading:
        return articles
    moved = set(leading)
    return leading + tuple(a for a in articles if a not in moved)


def home_blocks(site: Site, layout: HomeLayout, line: int | None) -> tuple[tuple[Listing, ...], list[Problem]]:
    """One block per `home.sections` name, in that order: the section with its newest `per_section`
    articles. A name no published article has as its section is a site.yaml error at `home:`."""
    by_slug = {listing.term.slug: listing for listing in site.sections}
    blocks, missing = [], []
    for name in layout.sections:
        listing = by_slug.get(slugify(name))
        if listing is None:
            missing.append(name)
        else:
            blocks.append(Listing(term=listing.term, articles=listing.articles[: layout.per_section]))
    problems = [Problem(path="site.yaml", line=line, field="home", message=(
        f"sections: no published article is in the section {name!r} (sections with articles: "
        f"{', '.join(listing.term.name for listing in site.sections) or 'none'}): fix the name or remove it"))
        for name in missing]
    return tuple(blocks), problems
