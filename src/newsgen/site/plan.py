"""The build plan: every output file of the site, what renders it and what it shows. Pure.

Planning everything before rendering anything is what makes collisions a clean error (two outputs,
one path) and what gives incremental builds their dependency map.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum
from itertools import islice

from ..core import urls
from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.models import Article, Correction, Listing, Page, Site, Term
from .authors import Profile
from .front_page import featured_first, home_blocks, home_order
from .languages import Translation, plan_languages
from .menus import PageRef, menu_problems
from .redirects import REDIRECTS_FILE, Redirect, collisions, redirects_of
from .related import related_index

NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_MAX = 1000
SITEMAP_MAX_URLS = 50_000
# Outputs that carry every article they list in full (bodies included), unlike listing pages.
FEED_KINDS = ("rss", "atom", "json")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagination:
    number: int
    total: int
    first_path: str
    newer_path: str | None  # the previous page (newer articles)
    older_path: str | None  # the next page (older articles)


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """A feed a page advertises with <link rel="alternate">."""

    title: str
    path: str
    media_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SitemapEntry:
    path: str
    lastmod: dt.datetime | None
    alternates: tuple[Translation, ...] = ()  # a page's versions in every language, itself included


@dataclass(frozen=True, slots=True, kw_only=True)
class TermCount:
    """A tag on the tags overview: its name and how many articles carry it (not the articles: the
    overview must not be re-rendered when an article's title changes)."""

    term: Term
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveLink:
    """A month on a year archive page."""

    path: str
    label: str
    count: int


class OutputKind(str, Enum):
    """What an output is. A str (`kind == "rss"` holds) whose text is its value, in templates and messages."""

    ARTICLE = "article"
    HOME = "home"
    TAG = "tag"
    TAGS = "tags"
    SECTION = "section"
    AUTHOR = "author"
    YEAR = "year"
    MONTH = "month"
    CORRECTIONS = "corrections"
    NOT_FOUND = "not_found"
    RSS = "rss"
    ATOM = "atom"
    JSON = "json"
    SITEMAP = "sitemap"
    SITEMAP_INDEX = "sitemap_index"
    NEWS_SITEMAP = "news_sitemap"
    ROBOTS = "robots"
    PAGE = "page"
    REDIRECT = "redirect"  # an old address (`aliases:`): a small page sending readers on
    REDIRECTS = "redirects"  # _redirects, the same map for hosts that answer with a real 301
    SERIES = "series"  # /series/<slug>/: a series' published parts in order
    LIVE_UPDATES = "live_updates"  # a live blog's updates.json, for the optional "new updates" script
    SEARCH = "search"  # the search page (`search: true`); its index is made from the built pages

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputSpec:
    """One output file: where it goes, how it is rendered and from what."""

    kind: OutputKind
    path: str  # site path, e.g. 'tags/harbour/page/2/' or 'feed.xml'
    template: str  # Jinja template for HTML pages; '' for feeds, sitemaps and robots.txt
    title: str
    origin: str  # what asked for this output, for collision messages
    articles: tuple[Article, ...] = ()
    article: Article | None = None
    page: Page | None = None  # a page under content/pages/ (OutputKind.PAGE)
    target: str = ""  # for a redirect: the site path it sends readers to
    redirects: tuple[Redirect, ...] = ()  # for _redirects: every alias of the site
    newer: Article | None = None
    older: Article | None = None
    related: tuple[Article, ...] = ()
    more: tuple[Article, ...] = ()
    term: Term | None = None
    profile: Profile | None = None
    pagination: Pagination | None = None
    feeds: tuple[Feed, ...] = ()
    terms: tuple[TermCount, ...] = ()
    months: tuple[ArchiveLink, ...] = ()
    corrections: tuple[tuple[Article, Correction], ...] = ()
    entries: tuple[SitemapEntry, ...] = ()
    noindex: bool = False
    feed_path: str = ""  # for feeds: the page the feed belongs to
    # For article pages: which of the article's tag, section and author pages are built. An expired article
    # may be the only one of its tag; its page must not link to a tag page that does not exist.
    term_pages: tuple[str, ...] = ()
    blocks: tuple[Listing, ...] = ()  # page 1 of the home page: `home.sections`, newest articles of each
    # With `languages:`: the output's language, the sections its navigation shows (those with articles in
    # the language), and the published versions of its article, page or front page in every language.
    lang: str = ""
    nav: tuple[Term, ...] = ()
    translations: tuple[Translation, ...] = ()
    series: Listing | None = None  # an article page's series, its published parts in order

    def __post_init__(self) -> None:
        if self.kind.__class__ is not OutputKind:  # a plain string (a test's or an old caller's) is one too
            object.__setattr__(self, "kind", OutputKind(self.kind))

    @property
    def file(self) -> str:
        return urls.output_file(self.path)


def plan_outputs(site: Site, config: SiteConfig, now: dt.datetime, profiles: tuple[Profile, ...] | None = None,
                 pages: Mapping[str, PageRef] | None = None) -> tuple[tuple[OutputSpec, ...], list[Problem]]:
    """Return every output of the site, sorted by file, and a problem for each path two outputs claim and
    for each menu item pointing at none (`pages`: page name -> where it is built, for `{page: ...}` items).
    With `languages:`, each language is planned on its own, under its path (site.languages)."""
    if not config.languages:
        specs, problems = _site_outputs(site, config, profiles)
    else:
        specs, problems = plan_languages(site, config, lambda part, own, default: _site_outputs(
            part, own, profiles, empty_authors=default))
    home = next(s for s in specs if s.kind == OutputKind.HOME and s.path == urls.HOME)
    specs.append(OutputSpec(kind=OutputKind.NOT_FOUND, path=urls.NOT_FOUND, template="404.html",
                            title="Page not found", origin="the 404 page",
                            articles=tuple(islice((a for a in site.articles if a.lang == home.lang), 5)),
                            feeds=home.feeds, noindex=True, lang=home.lang, nav=home.nav))
    specs += _sitemaps(specs, site, now, config.news_sitemap.exclude_types)
    problems += _collisions(specs)
    moved, alias_problems = _redirect_outputs(site, specs)
    specs += moved
    specs.sort(key=lambda s: s.file)
    built = {s.path for s in specs}
    menus = (config.menus, *(config.in_language(lang.code).menus for lang in config.languages[1:]))
    return tuple(specs), (problems + alias_problems
                          + [p for found in dict.fromkeys(menus) for p in menu_problems(found, built, pages or {})])


def _site_outputs(site: Site, config: SiteConfig, profiles: tuple[Profile, ...] | None, *,
                  empty_authors: bool = True) -> tuple[list[OutputSpec], list[Problem]]:
    """The outputs of one site (or one language of it): articles, listings, feeds, archives, pages.
    `empty_authors`: an author page for each staff profile, even one who has not written (in this language)."""
    authors = _with_profiles(site.authors, profiles if empty_authors else None)
    site_feeds = (
        Feed(title=f"{config.title} (RSS)", path=urls.FEED_RSS, media_type="application/rss+xml"),
        Feed(title=f"{config.title} (Atom)", path=urls.FEED_ATOM, media_type="application/atom+xml"),
        Feed(title=f"{config.title} (JSON Feed)", path=urls.FEED_JSON, media_type="application/feed+json"),
    )
    specs: list[OutputSpec] = []
    built = {urls.tag_path(t.term.slug) for t in site.tags} | {urls.section_path(t.term.slug) for t in site.sections}
    built |= {urls.author_path(t.term.slug) for t in authors}
    specs += _article_pages(site, config, site_feeds, built)
    home = _paginate(OutputKind.HOME, urls.HOME, config.title, home_order(site), config, "the home page",
                     site_feeds)
    blocks, block_problems = home_blocks(site, config.home, config.lines.get("home"))
    specs += [replace(home[0], blocks=blocks), *home[1:]]
    for kind, listings, first_path in ((OutputKind.TAG, site.tags, urls.tag_path), (OutputKind.SECTION, site.sections,
                                       urls.section_path), (OutputKind.AUTHOR, authors, urls.author_path)):
        for listing in listings:
            first = first_path(listing.term.slug)
            feed = Feed(title=f"{config.title}: {listing.term.name}", path=f"{first}feed.xml",
                        media_type="application/rss+xml")
            profile = _profile_for(listing.term, profiles) if kind == "author" else None
            listed = featured_first(listing.articles, site.featured if kind == "section" else ())
            specs += _paginate(kind, first, listing.term.name, listed, config,
                               _origin(kind, listing), (*site_feeds, feed), term=listing.term, profile=profile)
            specs.append(OutputSpec(kind=OutputKind.RSS, path=feed.path, template="", title=feed.title, origin=_origin(
                kind, listing), articles=listing.articles[: config.feed_items], term=listing.term, feed_path=first))
    specs += _archives(site, config, site_feeds)
    newest = site.articles[: config.feed_items]
    corrections = tuple(sorted(((a, c) for a in site.articles for c in a.corrections),
                               key=lambda ac: (-ac[1].date.timestamp(), ac[0].path)))
    specs += [
        OutputSpec(kind=OutputKind.TAGS, path=urls.TAGS, template="tags.html", title="Topics", origin="the tags overview",
                   terms=tuple(TermCount(term=t.term, count=len(t.articles)) for t in site.tags), feeds=site_feeds),
        OutputSpec(kind=OutputKind.CORRECTIONS, path=urls.CORRECTIONS, template="corrections.html",
                   title="Corrections", origin="the corrections page", corrections=corrections, feeds=site_feeds),
        OutputSpec(kind=OutputKind.RSS, path=urls.FEED_RSS, template="", title=config.title, origin="the RSS feed",
                   articles=newest, feed_path=urls.HOME),
        OutputSpec(kind=OutputKind.ATOM, path=urls.FEED_ATOM, template="", title=config.title, origin="the Atom feed",
                   articles=newest, feed_path=urls.HOME),
        OutputSpec(kind=OutputKind.JSON, path=urls.FEED_JSON, template="", title=config.title, origin="the JSON feed",
                   articles=newest, feed_path=urls.HOME),
        *(OutputSpec(kind=OutputKind.SERIES, path=urls.series_path(s.term.slug), template="series.html",
                     title=s.term.name, origin=f"the series {s.term.name!r} ({s.articles[0].source})",
                     term=s.term, articles=s.articles, feeds=site_feeds) for s in site.series),
    ]
    specs += _page_outputs(site, site_feeds, config.search)
    return specs, block_problems


def _article_pages(site: Site, config: SiteConfig, feeds: tuple[Feed, ...], built: set[str]) -> list[OutputSpec]:
    related = related_index(site)
    series = {listing.term.slug: listing for listing in site.series}
    out = []
    for index, article in enumerate(site.articles):
        newer, older = site.neighbours(index)
        more = tuple(a for a in site.articles[: config.more_from + 1] if a is not article)[: config.more_from]
        out.append(OutputSpec(kind=OutputKind.ARTICLE, path=article.path, template="article.html", title=article.title,
                              origin=article.source, article=article, newer=newer, older=older,
                              related=related(article), more=more, feeds=feeds, term_pages=_term_pages(article, built),
                              series=series.get(article.series.slug) if article.series else None))
    out += [OutputSpec(kind=OutputKind.LIVE_UPDATES, path=urls.updates_path(a.path), template="", title=a.title,
                       origin=f"the live updates of {a.source}", article=a) for a in site.articles if a.live]
    for article in site.expired:  # old links keep working, search engines are asked to forget the page
        out.append(OutputSpec(kind=OutputKind.ARTICLE, path=article.path, template="article.html", title=article.title,
                              origin=article.source, article=article, feeds=feeds, noindex=True,
                              term_pages=_term_pages(article, built)))
    return out


def _term_pages(article: Article, built: set[str]) -> tuple[str, ...]:
    """The paths of the article's tag, section and author pages that the plan builds."""
    paths = [urls.tag_path(t.slug) for t in article.tags] + [urls.author_path(a.slug) for a in article.authors]
    if article.section is not None:
        paths.append(urls.section_path(article.section.slug))
    return tuple(sorted(p for p in set(paths) if p in built))


def _paginate(kind: OutputKind, first: str, title: str, articles: tuple[Article, ...], config: SiteConfig,
              origin: str, feeds: tuple[Feed, ...], *, term: Term | None = None,
              profile: Profile | None = None) -> list[OutputSpec]:
    per = config.per_page
    total = max(1, -(-len(articles) // per))
    out = []
    for number in range(1, total + 1):
        pagination = Pagination(number=number, total=total, first_path=first,
                                newer_path=urls.page_path(first, number - 1) if number > 1 else None,
                                older_path=urls.page_path(first, number + 1) if number < total else None)
        out.append(OutputSpec(kind=kind, path=urls.page_path(first, number), template="list.html",
                              title=title if number == 1 else f"{title} (page {number})", origin=origin,
                              articles=articles[(number - 1) * per: number * per], term=term, profile=profile,
                              pagination=pagination, feeds=feeds))
    return out


def _archives(site: Site, config: SiteConfig, feeds: tuple[Feed, ...]) -> list[OutputSpec]:
    """/2026/ (the year's months, with counts) and /2026/05/ (that month's articles, paginated)."""
    by_month: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in site.articles:
        by_month[(article.date.year, article.date.month)].append(article)
    out = []
    for year in sorted({y for y, _ in by_month}, reverse=True):
        months = tuple(ArchiveLink(path=urls.month_path(year, m), label=f"{MONTHS[m - 1]} {year}",
                                   count=len(by_month[(year, m)]))
                       for m in range(12, 0, -1) if (year, m) in by_month)
        out.append(OutputSpec(kind=OutputKind.YEAR, path=urls.year_path(year), template="list.html", title=str(year),
                              origin=f"the {year} archive", months=months, feeds=feeds))
        for link, (_, month) in zip(months, ((year, m) for m in range(12, 0, -1) if (year, m) in by_month)):
            out += _paginate(OutputKind.MONTH, link.path, link.label, tuple(by_month[(year, month)]), config,
                             f"the {link.label} archive", feeds)
    return out


def _with_profiles(listings: tuple[Listing, ...], profiles: tuple[Profile, ...] | None) -> tuple[Listing, ...]:
    """Author listings plus an (empty) one for every staff profile who has not published yet."""
    if not profiles:
        return listings
    have = {listing.term.slug for listing in listings}
    extra = tuple(Listing(term=Term(name=p.name, slug=p.slug), articles=()) for p in profiles if p.slug not in have)
    return tuple(sorted(listings + extra, key=lambda listing: listing.term.slug))


def _profile_for(term: Term, profiles: tuple[Profile, ...] | None) -> Profile | None:
    return next((p for p in profiles or () if p.slug == term.slug or p.name == term.name), None)


def _page_outputs(site: Site, feeds: tuple[Feed, ...], search: bool) -> list[OutputSpec]:
    """One output per page, with the template it names (page.html unless `template:` says otherwise); and the
    search page (noindex: in no sitemap, as a results page is nothing for a search engine to list)."""
    return [OutputSpec(kind=OutputKind.PAGE, path=p.path, template=p.template, title=p.title,
                       origin=f"the page {p.source}", page=p, feeds=feeds) for p in site.pages] + [OutputSpec(
        kind=OutputKind.SEARCH, path=urls.SEARCH, template="search.html", title="Search", feeds=feeds,
        origin="the search page (search: true)", noindex=True)] * search


def _redirect_outputs(site: Site, specs: list[OutputSpec]) -> tuple[list[OutputSpec], list[Problem]]:
    """A redirect page at each alias of an article or page, and _redirects; an alias on a real output (or
    two files' alias on one address) is an error. Never in a sitemap or feed: they have no template."""
    owners = [*site.articles, *site.expired, *site.pages]
    found = redirects_of((o.source, o.path, o.aliases, o.lines.get("aliases")) for o in owners if o.aliases)
    if not found:
        return [], []
    titles = {o.path: o.title for o in owners}
    problems = collisions(found, {s.path: s.origin for s in specs})
    bad = {p.path for p in problems}
    kept = tuple(r for r in found if r.source not in bad)
    out = [OutputSpec(kind=OutputKind.REDIRECT, path=r.path, template="",
                      title=titles.get(r.target, r.target),
                      origin=f"an alias in {r.source}", target=r.target, noindex=True) for r in kept]
    out.append(OutputSpec(kind=OutputKind.REDIRECTS, path=REDIRECTS_FILE, template="", title="redirects",
                          origin="the redirects map", redirects=kept))
    return out, problems


def _lastmod(spec: OutputSpec) -> dt.datetime | None:
    if spec.page is not None:
        return spec.page.updated
    return max((a.modified for a in ((spec.article,) if spec.article else spec.articles)), default=None)


def _sitemaps(specs: list[OutputSpec], site: Site, now: dt.datetime, unlisted: tuple[str, ...]) -> list[OutputSpec]:
    """sitemap.xml (an index of parts past 50,000 URLs), news-sitemap.xml (without the `unlisted` types,
    `news_sitemap: exclude_types`) and robots.txt."""
    entries = tuple(sorted(
        (SitemapEntry(path=s.path, lastmod=_lastmod(s), alternates=s.translations)
         for s in specs if s.template and not s.noindex),
        key=lambda e: e.path))
    out = []
    if len(entries) <= SITEMAP_MAX_URLS:
        out.append(OutputSpec(kind=OutputKind.SITEMAP, path=urls.SITEMAP, template="", title="sitemap", origin="the sitemap",
                              entries=entries))
    else:
        parts = [entries[i: i + SITEMAP_MAX_URLS] for i in range(0, len(entries), SITEMAP_MAX_URLS)]
        index = tuple(SitemapEntry(path=urls.sitemap_part(n), lastmod=max((e.lastmod for e in part if e.lastmod),
                                                                          default=None))
                      for n, part in enumerate(parts, 1))
        out.append(OutputSpec(kind=OutputKind.SITEMAP_INDEX, path=urls.SITEMAP, template="", title="sitemap index",
                              origin="the sitemap", entries=index))
        out += [OutputSpec(kind=OutputKind.SITEMAP, path=urls.sitemap_part(n), template="", title="sitemap",
                           origin="the sitemap", entries=part) for n, part in enumerate(parts, 1)]
    since = now - dt.timedelta(hours=NEWS_SITEMAP_HOURS)
    recent = tuple(a for a in site.articles if since <= a.date <= now and a.type not in unlisted)[:NEWS_SITEMAP_MAX]
    out.append(OutputSpec(kind=OutputKind.NEWS_SITEMAP, path=urls.NEWS_SITEMAP, template="", title="news sitemap",
                          origin="the news sitemap", articles=recent))
    out.append(OutputSpec(kind=OutputKind.ROBOTS, path=urls.ROBOTS, template="", title="robots.txt", origin="robots.txt"))
    return out


def _origin(kind: OutputKind, listing: Listing) -> str:
    if not listing.articles:
        return f"{kind} {listing.term.name!r} (authors.yaml)"
    return f"{kind} {listing.term.name!r} (first used in {min(a.source for a in listing.articles)})"


def _collisions(specs: list[OutputSpec]) -> list[Problem]:
    owner: dict[str, OutputSpec] = {}
    problems = []
    for spec in specs:
        other = owner.setdefault(spec.file, spec)
        # Article pairs: see assemble; a page and an article or two pages: see pages.url_clashes.
        if other is not spec and not (_source_of(spec) and _source_of(other)):
            mine = spec if _source_of(spec) else other
            where, line = (_source_of(mine), _address_line(mine)) if _source_of(mine) else (
                _term_place(spec) or _term_place(other) or ("content", None))
            problems.append(Problem(path=where, line=line, message=(
                f"{spec.origin} and {other.origin} would both be written to /{spec.path}: "
                "rename one (a different slug, tag or section name)")))
    return problems


def _address_line(spec: OutputSpec) -> int | None:
    """The line of the front-matter field that gave the source's output its address (`url:`, else `slug:`)."""
    item = spec.article or spec.page
    if item is None:
        return None
    return item.lines.get("url") or item.lines.get("slug")


def _term_place(spec: OutputSpec) -> tuple[str, int | None] | None:
    """For a section, tag or author listing (or its feed): the first article that names the term, and the
    line where it does."""
    if spec.term is None or not spec.articles:
        return None
    first = min(spec.articles, key=lambda article: article.source)
    for field, terms in (("section", (first.section,)), ("tags", first.tags), ("authors", first.authors)):
        if spec.term in terms:
            return first.source, first.lines.get(field) or first.lines.get(field.rstrip("s"))
    return first.source, None


def _source_of(spec: OutputSpec) -> str:
    return spec.article.source if spec.article else spec.page.source if spec.page else ""
