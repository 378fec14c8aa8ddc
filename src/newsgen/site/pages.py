"""Parsed pages -> the published pages: drafts left out, URL claims checked against each other and the
articles, `policies:` resolved to pages, the JSON-LD a page and the publisher carry. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.config import CONFIG_NAME, SiteConfig
from ..core.errors import Problem
from ..core.settingrules import POLICY_PROPERTIES
from ..core.models import Article, Page, Site



def with_pages(site: Site, pages: Iterable[Page], drafts: bool = False,
               config: SiteConfig | None = None) -> tuple[Site, list[Problem]]:
    """The site with the pages to build and the `policies:` they fill; a URL two of them, or a page and an
    article, claim is a problem, and so is a policy naming no page."""
    published = published_pages(pages, drafts)
    problems = url_clashes(published, (*site.articles, *site.expired))
    links: tuple[tuple[str, str, str], ...] = ()
    if config is not None and config.policies:
        line = config.lines.get("policies")
        found, missing = resolve_policies(config.policies, published, CONFIG_NAME,
                                          {key: line for key in config.policies} if line else None)
        problems += missing
        links = tuple((key, found[key].path, found[key].title) for key in config.policies if key in found)
    return dataclasses.replace(site, pages=published, policy_links=links), problems


def published_pages(pages: Iterable[Page], drafts: bool = False) -> tuple[Page, ...]:
    """The pages to build, by path: a draft only with --drafts."""
    return tuple(sorted((p for p in pages if drafts or not p.draft), key=lambda p: (p.path, p.source)))


def url_clashes(pages: tuple[Page, ...], articles: Iterable[Article]) -> list[Problem]:
    """A page and an article, or two pages, claiming one URL: an error at the page, naming both files."""
    owner: dict[str, str] = {a.path: a.source for a in articles}
    problems = []
    for page in pages:
        other = owner.setdefault(page.path, page.source)
        if other != page.source:
            key = "url" if "url" in page.lines else "slug" if "slug" in page.lines else "title"
            problems.append(Problem(path=page.source, line=page.lines.get(key) or page.lines.get("title"),
                                    field=key, message=(f"same URL /{page.path} as {other}: give one of them "
                                                        "another `slug:` or `url:`")))
    return problems


def resolve_policies(policies: Mapping[str, str], pages: tuple[Page, ...], where: str,
                     lines: Mapping[str, int] | None = None) -> tuple[dict[str, Page], list[Problem]]:
    """`policies: {ethics: policies/ethics}` -> {'ethics': that page}; a name no page has is an error."""
    by_name = {p.name: p for p in pages}
    found: dict[str, Page] = {}
    problems = []
    for key, name in policies.items():
        page = by_name.get(name.strip("/").removesuffix(".md"))
        if page is None:
            known = ", ".join(sorted(by_name)) or "none yet"
            line = (lines or {}).get(key)
            problems.append(Problem(path=where, line=line, field=f"policies.{key}", message=(
                f"no page {name!r}: expected the name of a file under content/pages/ without .md "
                f"(pages: {known})")))
        else:
            found[key] = page
    return found, problems


def publisher_policies(policies: Mapping[str, Page] | Iterable[tuple[str, str, str]], absolute: Any
                       ) -> dict[str, Any]:
    """The publisher Organization's trust properties, e.g. {'publishingPrinciples': 'https://.../ethics/'}.
    `policies`: key -> page, or (key, path, title) rows; `absolute` turns a site path into an absolute URL;
    a key schema.org has no property for is left out."""
    paths = ({key: page.path for key, page in policies.items()} if isinstance(policies, Mapping)
             else {key: path for key, path, _ in policies})
    out: dict[str, Any] = {}
    for key in sorted(paths):
        prop = POLICY_PROPERTIES.get(key)
        if prop == "contactPoint":
            out[prop] = {"@type": "ContactPoint", "url": absolute(paths[key])}
        elif prop is not None:
            out[prop] = absolute(paths[key])
    return out


def page_json_ld(page: Page, absolute: Any, publisher: Mapping[str, Any]) -> dict[str, Any]:
    """WebPage / AboutPage / ContactPage for a page."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": page.schema, "name": page.title,
                            "url": absolute(page.path), "publisher": dict(publisher)}
    if page.summary:
        data["description"] = page.summary
    if page.updated is not None:
        data["dateModified"] = page.updated.isoformat()
    if page.photo:
        data["image"] = page.photo if "://" in page.photo else absolute(page.photo.lstrip("/"))
    return data
