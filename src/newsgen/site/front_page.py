"""The front page's order: the featured articles lead (newest first), then the rest newest first. Pure."""

from __future__ import annotations

from ..core.models import Article, Site


def home_order(site: Site) -> tuple[Article, ...]:
    """The home page's articles, paginated as they come: what `featured:` pins at the build's clock first
    (already newest first in `site.featured`), then the rest newest first, each article once, so /page/2/
    goes on where page 1 stopped."""
    if not site.featured:
        return site.articles
    leading = set(site.featured)
    return site.featured + tuple(a for a in site.articles if a not in leading)
