"""The typed values that flow through a build. All frozen: stages return new values, never mutate old ones."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import Problem
from .frozen import FrozenMap
from .stories import Claim, LiveUpdate, type_label


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    """An article file as found on disk: its site-relative path, bytes and content digest."""

    rel: str  # posix path relative to the site folder, e.g. "content/2026/ferry.md": used in every message
    data: bytes | None  # None: not kept after hashing; the parse reads it again (see build.work_items)
    digest: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """A tag, section or author: the name as written and its URL slug."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """A dated correction notice shown on the article and listed on /corrections/."""

    date: dt.datetime
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentLink:
    """A link to another article or page by its file: `{{< ref "x.md" >}}`, `{% post_url 2014-01-02-x %}`.

    The parse cannot know that file's address (it is in the other file's front matter), so the body holds
    `token` where the URL goes; once the site is assembled, `url` is filled in (site/content_links.py) and
    the token replaced when the body is rendered."""

    token: str
    kind: str  # ref (absolute URL) | relref | post_url | link (site-relative)
    target: str  # as written, e.g. 'other.md#budget'
    line: int
    url: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Article:
    """One parsed article. `path` is its page's URL path relative to the base URL, e.g. '2026/11/20/ferry/'.

    An article is its source file: two values for one file are equal and hash alike (sets and dict keys of
    articles, not of id()s), whatever else differs between them. Compare `digest` to see whether it changed."""

    source: str
    digest: str
    title: str
    slug: str
    path: str
    date: dt.datetime
    updated: dt.datetime | None = None
    draft: bool = False
    section: Term | None = None
    tags: tuple[Term, ...] = ()
    authors: tuple[Term, ...] = ()
    summary: str = ""
    photo: str | None = None
    photo_caption: str = ""
    photo_alt: str = ""
    photo_credit: str = ""
    kicker: str = ""
    dek: str = ""
    location: str = ""
    canonical: str = ""
    aliases: tuple[str, ...] = ()  # old site paths that redirect here (`aliases:`), e.g. ('2025/01/02/old/',)
    expires: dt.datetime | None = None
    featured: bool = False  # `featured: true` or `featured: <datetime>`: leads the home page
    featured_until: dt.datetime | None = None  # with `featured: <datetime>`: leads only until then
    corrections: tuple[Correction, ...] = ()
    links: tuple[ContentLink, ...] = ()  # links by file in the body, resolved after assembly (ContentLink)
    lang: str = ""  # with `languages:`, the article's language code; '' on a site of one language
    translation_key: str = ""  # with `languages:`, what its translations share (see content.languages)
    type: str = "news"  # `type:`, one of core.stories.ARTICLE_TYPES: the label and the schema.org type
    claim: Claim | None = None  # a fact-check's `claim:`
    series: Term | None = None  # `series:`, with `series_part:` its place in it
    series_part: int | None = None
    live: bool = False  # `live: true`: a live blog, its `{{< update >}}`s in `updates`, newest first
    live_until: dt.datetime | None = None
    live_ended: bool = False  # set by assemble at the build's clock: past `live_until`
    updates: tuple[LiveUpdate, ...] = ()  # assemble keeps only those due at the build's clock
    body_html: str = ""  # empty in the light copies that listings and the cache index hold
    body_digest: str = ""  # sha256 of the body HTML: the key to load it and part of every fingerprint
    listing_digest: str = ""  # digest of what listings may show (see `listed_digest`), set once when parsed
    word_count: int = 0
    extra: FrozenMap[str, Any] = field(default_factory=FrozenMap)  # front-matter keys newsgen does not know
    lines: FrozenMap[str, int] = field(default_factory=FrozenMap)  # field -> line in the file, for messages

    def __post_init__(self) -> None:
        # Callers (the parse, the cache's decoder, tests) may hand in dicts: kept as read-only copies.
        if self.extra.__class__ is not FrozenMap:
            object.__setattr__(self, "extra", FrozenMap(self.extra))
        if self.lines.__class__ is not FrozenMap:
            object.__setattr__(self, "lines", FrozenMap(self.lines))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Article:
            return NotImplemented
        return self.source == other.source  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.source)

    @property
    def modified(self) -> dt.datetime:
        """The latest of date, updated, corrections and live updates: dateModified, sitemap lastmod, feed
        'updated'."""
        return max((self.date, *((self.updated,) if self.updated else ()), *(c.date for c in self.corrections),
                    *(u.time for u in self.updates)))

    def with_listing_digest(self) -> Article:
        return replace(self, listing_digest=listed_digest(self))

    def leads_at(self, now: dt.datetime) -> bool:
        """True while the article is featured at `now` (the build's clock)."""
        return self.featured and (self.featured_until is None or self.featured_until > now)

    def light(self) -> Article:
        """This article without its body: what listing pages need, cheap to keep for 100,000 articles."""
        return self if not self.body_html else replace(self, body_html="")

    @property
    def author_names(self) -> str:
        """'Ann Lee, Bo Chen': the byline of a story card (a filter chain per card costs more than the card)."""
        return ", ".join(author.name for author in self.authors)

    @property
    def type_label(self) -> str:
        """'Opinion', 'Fact check' ...: the label of the article's `type:` ('' for news)."""
        return type_label(self.type)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / 230))


@dataclass(frozen=True, slots=True, kw_only=True)
class Listing:
    """Articles grouped under one tag, section or author, newest first."""

    term: Term
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """The published site: articles newest first plus their groupings, everything a page may list."""

    articles: tuple[Article, ...]
    tags: tuple[Listing, ...]
    sections: tuple[Listing, ...]
    authors: tuple[Listing, ...]
    expired: tuple[Article, ...] = ()  # still have pages (old links work), but are listed nowhere
    skipped_drafts: int = 0
    skipped_future: int = 0
    next_due: dt.datetime | None = None  # when the earliest held-back future article becomes due
    # When the next listed article expires or stops being featured, or a live blog's update falls due or its
    # coverage ends: each changes what pages show.
    next_expiry: dt.datetime | None = None
    featured: tuple[Article, ...] = ()  # listed articles featured at the build's clock, newest first
    next_unfeature: dt.datetime | None = None  # when the next featured article stops leading
    warnings: tuple[Problem, ...] = ()  # spellings of one tag, section or author that were merged (assemble)
    pages: tuple[Page, ...] = ()  # the pages under content/pages/ to build, by path (never listed)
    policy_links: tuple[tuple[str, str, str], ...] = ()  # `policies:` as (key, page path, page title)
    series: tuple[Listing, ...] = ()  # each `series:`, its published parts in order (see site.series)

    def neighbours(self, index: int) -> tuple[Article | None, Article | None]:
        """(newer, older) article around position `index`."""
        newer = self.articles[index - 1] if index > 0 else None
        older = self.articles[index + 1] if index + 1 < len(self.articles) else None
        return newer, older


# Fields a listing, a card or a related-articles list can never show.
_NOT_LISTED = frozenset(("source", "digest", "body_html", "body_digest", "word_count", "lines", "listing_digest",
                         "links"))


def listed_digest(article: Article) -> str:
    """Digest of everything about an article that a listing page may show (title, date, summary, photo...).

    A body edit leaves it unchanged, so listings are not re-rendered for it (unless the summary changed).
    """
    values = tuple((f.name, getattr(article, f.name)) for f in fields(article) if f.name not in _NOT_LISTED)
    return hashlib.sha256(repr(values).encode()).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One parsed file under content/pages/: an About page, a policy. Never dated, never listed or in a feed.

    `path` is its URL path relative to the base URL, e.g. 'policies/ethics/'. `name` is the file's path under
    content/pages/ without '.md' ('policies/ethics'), what `policies:` and menus call it by."""

    source: str
    digest: str
    name: str
    title: str
    path: str
    summary: str = ""
    photo: str | None = None
    photo_caption: str = ""
    photo_alt: str = ""
    photo_credit: str = ""
    updated: dt.datetime | None = None
    draft: bool = False
    template: str = "page.html"
    schema: str = "WebPage"  # the JSON-LD type: WebPage, AboutPage or ContactPage
    menu: tuple[str, ...] = ()  # the menus the page joins from its front matter (`menu: footer` or a list)
    weight: int = 0  # its place in that menu: lower first
    aliases: tuple[str, ...] = ()  # old site paths that redirect here, e.g. ('old/about/',)
    links: tuple[ContentLink, ...] = ()  # as an article's; filled into body_html once resolved
    lang: str = ""  # as an article's
    translation_key: str = ""
    body_html: str = ""
    extra: FrozenMap[str, Any] = field(default_factory=FrozenMap)
    lines: FrozenMap[str, int] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        if self.extra.__class__ is not FrozenMap:
            object.__setattr__(self, "extra", FrozenMap(self.extra))
        if self.lines.__class__ is not FrozenMap:
            object.__setattr__(self, "lines", FrozenMap(self.lines))


@dataclass(frozen=True, slots=True, kw_only=True)
class Parsed:
    """An article plus the warnings its file raised (e.g. a misspelt field)."""

    article: Article
    warnings: tuple[Problem, ...] = ()
    tags: tuple[tuple[str, int], ...] = ()  # foreign template tags in the file (see content.templatetags.tags_in)
    # (name, template digest) of each shortcode the body used: a cached parse is good while these hold.
    shortcodes: tuple[tuple[str, str], ...] = ()
