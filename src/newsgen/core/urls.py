"""Every URL and output path of the site comes from here, so the base URL (and its subpath) is honoured everywhere.

A *path* is relative to the base URL and ends with '/' for pages ('tags/harbour/') or names a file
('feed.xml'). `url()` gives the root-relative link for pages, `absolute()` the full URL for feeds and meta tags.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import urlsplit

HOME = ""
TAGS = "tags/"
AUTHORS = "authors/"
SERIES = "series/"
FEED_RSS = "feed.xml"
FEED_ATOM = "atom.xml"
FEED_JSON = "feed.json"
NOT_FOUND = "404.html"
CORRECTIONS = "corrections/"
SEARCH = "search/"  # the search page, when `search: true`
SEARCH_INDEX = "pagefind/"  # the folder the search index is built into (Pagefind's own name for it)
SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
ROBOTS = "robots.txt"
# The file name of each kind of feed, in the folder of the listing it follows ('' for the whole site).
FEED_FILES = {"rss": FEED_RSS, "atom": FEED_ATOM, "json": FEED_JSON}
# The site's own pages that have a name rather than a slug, for the `page_url` template helper.
NAMED_PAGES = {"home": HOME, "tags": TAGS, "corrections": CORRECTIONS, "search": SEARCH,
               "search_index": SEARCH_INDEX}
# Named pages the whole site shares, in no language's folder: one Pagefind index holds every language (it
# splits them by `<html lang>` itself), so /es/search/ reads /pagefind/ too.
SITE_WIDE_PAGES = frozenset({"search_index"})


# One folder name of an article's path: no '.' at either end, no '..', nothing a file system or URL treats
# specially. site.yaml's permalink and slugify() keep to it; this is the last guard before a path is written.
_PLAIN_PART = re.compile(r"(?!.*\.\.)[A-Za-z0-9_~-]([A-Za-z0-9_.~-]*[A-Za-z0-9_~-])?")


def article_path(permalink: str, *, date: dt.datetime, slug: str, section_slug: str) -> str:
    """Fill the permalink pattern; '/{year}/{month}/{day}/{slug}/' -> '2026/11/20/ferry/'.

    Never returns a path that climbs out of the output folder or into a hidden folder: ValueError instead."""
    path = permalink.format(
        year=f"{date.year:04d}", month=f"{date.month:02d}", day=f"{date.day:02d}", slug=slug,
        section=section_slug or "news",
    )
    parts = [part for part in path.split("/") if part]
    for part in parts:
        if not _PLAIN_PART.fullmatch(part):
            raise ValueError(f"article path part {part!r} of {path!r} could leave the output folder")
    return "/".join(parts) + "/"


def tag_path(slug: str) -> str:
    return f"{TAGS}{slug}/"


def section_path(slug: str) -> str:
    return f"{slug}/"


def author_path(slug: str) -> str:
    return f"{AUTHORS}{slug}/"


def series_path(slug: str) -> str:
    return f"{SERIES}{slug}/"


def updates_path(article_path: str) -> str:
    """A live blog's updates.json, beside its page: '2026/12/01/storm/updates.json'."""
    return f"{article_path}updates.json"


def feed_path(kind: str = "rss", listing: str = HOME) -> str:
    """Path of a listing's feed: ('rss', 'tags/x/') -> 'tags/x/feed.xml'; ('atom',) -> 'atom.xml'."""
    return listing + _known(FEED_FILES, kind, "feed kind")


def named_page_path(name: str) -> str:
    """Path of one of the site's pages that have a name, not a slug: 'tags' -> 'tags/'."""
    return _known(NAMED_PAGES, name, "page name")


def _known(paths: dict[str, str], name: str, what: str) -> str:
    # A template's mistake: ValueError, which render.py reports with the template's file and line.
    if name not in paths:
        raise ValueError(f"{what} {name!r} is not one of {', '.join(map(repr, paths))}")
    return paths[name]


def page_path(first: str, number: int) -> str:
    """Path of page `number` of a listing whose first page is at `first`: 'tags/x/' -> 'tags/x/page/2/'."""
    return first if number == 1 else f"{first}page/{number}/"


def year_path(year: int) -> str:
    return f"{year:04d}/"


def month_path(year: int, month: int) -> str:
    return f"{year:04d}/{month:02d}/"


def sitemap_part(number: int) -> str:
    return f"sitemap-{number}.xml"


def output_file(path: str) -> str:
    """File to write for a path: pages are folders holding index.html ('' -> 'index.html')."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


class Urls:
    """Turns site paths into links for one base URL, e.g. https://example.org/news/."""

    __slots__ = ("base_path", "base_url", "origin")

    def __init__(self, base_url: str):
        # Split once: templates call url() dozens of times per page.
        parts = urlsplit(base_url)
        self.base_url = base_url
        self.base_path = parts.path
        self.origin = f"{parts.scheme}://{parts.netloc}"

    def url(self, path: str) -> str:
        """Root-relative link, e.g. '/news/tags/harbour/'; external URLs are returned unchanged."""
        if "://" in path or path.startswith("//"):
            return path
        return self.base_path + path.lstrip("/")

    def absolute(self, path: str) -> str:
        """Full URL, e.g. 'https://example.org/news/tags/harbour/'."""
        if "://" in path or path.startswith("//"):
            return path
        return self.base_url + path.lstrip("/")


def template_helpers(links: Urls, prefix: str = "") -> dict[str, Callable[..., str]]:
    """The template helpers that give every link of the theme (README, "Templates"), so that no template
    spells out a path: `'home' | page_url`, `tag.slug | tag_url`, `'atom' | feed_url` ... Registered as
    filters, which Jinja computes once when it compiles a template if their arguments are constants, and as
    functions of the same names. `prefix`: the folder of one language's pages ('es/'), which its home, tag,
    section, author pages and feeds are under (never the static files)."""
    url = links.url
    return {
        "page_url": lambda name: url(("" if name in SITE_WIDE_PAGES else prefix) + named_page_path(name)),
        "tag_url": lambda slug: url(prefix + tag_path(slug)),
        "section_url": lambda slug: url(prefix + section_path(slug)),
        "author_url": lambda slug: url(prefix + author_path(slug)),
        "series_url": lambda slug: url(prefix + series_path(slug)),
        "updates_url": lambda article_path: url(updates_path(article_path)),  # a live blog's updates.json
        "feed_url": lambda kind="rss", listing=None: url(feed_path(kind, prefix if listing is None else listing)),
        "asset_url": url,  # a file under static/ (the site's or the theme's), e.g. 'css/newsgen.css'
        # Paths, for asking whether a page exists: `tag.slug | tag_path in page.term_pages`.
        "tag_path": lambda slug: prefix + tag_path(slug),
        "section_path": lambda slug: prefix + section_path(slug),
        "author_path": lambda slug: prefix + author_path(slug),
    }


# Schemes that run code (or smuggle a whole page) when a reader follows a link.
SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
_URL_NOISE = str.maketrans("", "", "\t\n\r")


def unsafe_scheme(url: str, schemes: tuple[str, ...] = SCRIPT_SCHEMES) -> str | None:
    """The scheme of `url` when it is one of `schemes` as a browser reads it, else None: case-insensitive,
    after leading spaces and control characters, with tabs and line breaks anywhere ignored
    ('  JaVa\\tScRiPt:alert(1)' -> 'javascript'). Never reads entities: decode them first for HTML."""
    cleaned = url.lstrip("".join(chr(c) for c in range(33))).translate(_URL_NOISE)
    scheme, colon, _ = cleaned.partition(":")
    scheme = scheme.lower()
    return scheme if colon and scheme in schemes else None
