"""The build plan: every output file of the site, what renders it and what it shows. Pure.

Planning everything before rendering anything is what makes collisions a clean error (two outputs,
one path) and what gives incremental builds their dependency map.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import urls
from .config import SiteConfig
from .errors import Problem
from .models import Article, Listing, Site, Term


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagination:
    number: int
    total: int
    first_path: str
    newer_path: str | None  # the previous page (newer articles)
    older_path: str | None  # the next page (older articles)

    def path_of(self, number: int) -> str:
        return urls.page_path(self.first_path, number)


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """A feed a page advertises with <link rel="alternate">."""

    title: str
    path: str
    media_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputSpec:
    """One output file: where it goes, how it is rendered and from what."""

    kind: str  # article | home | tag | tags | section | author | rss | atom | not_found
    path: str  # site path, e.g. 'tags/harbour/page/2/' or 'feed.xml'
    template: str
    title: str
    origin: str  # what asked for this output, for collision messages
    articles: tuple[Article, ...] = ()
    article: Article | None = None
    newer: Article | None = None
    older: Article | None = None
    term: Term | None = None
    pagination: Pagination | None = None
    feeds: tuple[Feed, ...] = ()
    terms: tuple[Listing, ...] = ()

    @property
    def file(self) -> str:
        return urls.output_file(self.path)


def plan_outputs(site: Site, config: SiteConfig) -> tuple[tuple[OutputSpec, ...], list[Problem]]:
    """Return every output of the site, sorted by file, and a problem for each path two outputs claim."""
    site_feeds = (
        Feed(title=f"{config.title} (RSS)", path=urls.FEED_RSS, media_type="application/rss+xml"),
        Feed(title=f"{config.title} (Atom)", path=urls.FEED_ATOM, media_type="application/atom+xml"),
    )
    specs: list[OutputSpec] = []
    for index, article in enumerate(site.articles):
        newer, older = site.neighbours(index)
        specs.append(OutputSpec(kind="article", path=article.path, template="article.html", title=article.title,
                                origin=article.source, article=article, newer=newer, older=older,
                                feeds=site_feeds))
    specs += _paginate("home", urls.HOME, config.title, site.articles, config, "the home page", None, site_feeds)
    for listing in site.tags:
        tag_feed = Feed(title=f"{config.title}: {listing.term.name}", path=urls.tag_feed_path(listing.term.slug),
                        media_type="application/rss+xml")
        specs += _paginate("tag", urls.tag_path(listing.term.slug), listing.term.name, listing.articles, config,
                           _origin("tag", listing), listing.term, (*site_feeds, tag_feed))
        specs.append(OutputSpec(kind="rss", path=tag_feed.path, template="", title=tag_feed.title,
                                origin=_origin("tag", listing), articles=listing.articles[: config.feed_items],
                                term=listing.term))
    for listing in site.sections:
        specs += _paginate("section", urls.section_path(listing.term.slug), listing.term.name, listing.articles,
                           config, _origin("section", listing), listing.term, site_feeds)
    for listing in site.authors:
        specs += _paginate("author", urls.author_path(listing.term.slug), listing.term.name, listing.articles,
                           config, _origin("author", listing), listing.term, site_feeds)
    newest = site.articles[: config.feed_items]
    specs += [
        OutputSpec(kind="tags", path=urls.TAGS, template="tags.html", title="Topics", origin="the tags overview",
                   terms=site.tags, feeds=site_feeds),
        OutputSpec(kind="rss", path=urls.FEED_RSS, template="", title=config.title, origin="the RSS feed",
                   articles=newest),
        OutputSpec(kind="atom", path=urls.FEED_ATOM, template="", title=config.title, origin="the Atom feed",
                   articles=newest),
        OutputSpec(kind="not_found", path=urls.NOT_FOUND, template="404.html", title="Page not found",
                   origin="the 404 page", articles=site.articles[:5], feeds=site_feeds),
    ]
    specs.sort(key=lambda s: s.file)
    return tuple(specs), _collisions(specs)


def _paginate(kind: str, first: str, title: str, articles: tuple[Article, ...], config: SiteConfig,
              origin: str, term: Term | None, feeds: tuple[Feed, ...]) -> list[OutputSpec]:
    per = config.per_page
    total = max(1, -(-len(articles) // per))
    out = []
    for number in range(1, total + 1):
        pagination = Pagination(
            number=number, total=total, first_path=first,
            newer_path=urls.page_path(first, number - 1) if number > 1 else None,
            older_path=urls.page_path(first, number + 1) if number < total else None,
        )
        out.append(OutputSpec(kind=kind, path=urls.page_path(first, number), template="list.html",
                              title=title if number == 1 else f"{title} (page {number})", origin=origin,
                              articles=articles[(number - 1) * per: number * per], term=term,
                              pagination=pagination, feeds=feeds))
    return out


def _origin(kind: str, listing: Listing) -> str:
    return f"{kind} {listing.term.name!r} (first used in {min(a.source for a in listing.articles)})"


def _collisions(specs: list[OutputSpec]) -> list[Problem]:
    owner: dict[str, OutputSpec] = {}
    problems = []
    for spec in specs:
        other = owner.setdefault(spec.file, spec)
        if other is not spec and not (spec.article and other.article):  # article pairs: see assemble
            where = spec.article.source if spec.article else spec.origin
            problems.append(Problem(path=where if spec.article else "content", message=(
                f"{spec.origin} and {other.origin} would both be written to /{spec.path}: "
                "rename one (a different slug, tag or section name)")))
    return problems
