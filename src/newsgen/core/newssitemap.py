"""The `news_sitemap:` setting of site.yaml: which article types stay out of the Google News sitemap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import did_you_mean
from .stories import ARTICLE_TYPES

NEWS_SITEMAP_KEYS = ("exclude_types",)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsSitemapSettings:
    """Left out: every published article of the last 48 hours is in the news sitemap, whatever its type."""

    exclude_types: tuple[str, ...] = ()


def parse_news_sitemap(value: dict[str, Any]) -> tuple[NewsSitemapSettings, list[str]]:
    """The settings a `news_sitemap:` mapping describes and every problem in it (each starting with its
    key)."""
    problems = [f"unknown key {key!r}; known: {', '.join(NEWS_SITEMAP_KEYS)}"
                for key in value if key not in NEWS_SITEMAP_KEYS]
    types = value.get("exclude_types", [])
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        problems.append(f"exclude_types: expected a list of article types such as [opinion], found {types!r}")
        return NewsSitemapSettings(), problems
    known = tuple(ARTICLE_TYPES)
    for kind in types:
        if kind not in known:
            problems.append(f"exclude_types: {kind!r} is not an article type{did_you_mean(kind, known)}; "
                            f"types: {', '.join(known)}")
    return NewsSitemapSettings(exclude_types=tuple(t for t in dict.fromkeys(types) if t in known)), problems
