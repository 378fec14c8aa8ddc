"""Where a URL found in a built page points: a file of this site (and its anchor), another site, or nowhere.

Pure functions of the URL, the page's address and the base URL; links.py checks what they find."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urljoin, urlsplit

NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:", "sms:", "geo:", "about:", "blob:")


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Where a URL leads: 'skip' (mailto: ...), 'external', 'escape' (leaves the base path), 'internal' or
    'invalid' (not a URL at all)."""

    kind: str
    rel: str = ""  # for 'internal': the output file, e.g. '2026/11/20/ferry/index.html'
    fragment: str = ""


def resolve(url: str, page_url: str, base_url: str) -> Target:
    """Classify `url` as found in the page at `page_url` (absolute) of a site served from `base_url`. Pure."""
    simple = _simple_internal(url[1:] and page_url + url if url.startswith("#") else url, base_url)
    if simple is not None:
        return simple
    host = _HOST.match(url)
    if host and host.group(1).lower() != _HOST.match(base_url).group(1).lower():  # type: ignore[union-attr]
        return Target(kind="external")
    lowered = url.lower()
    if lowered.startswith(NOT_FETCHED):
        return Target(kind="skip")
    return _parsed(url, page_url, base_url)


def _parsed(url: str, page_url: str, base_url: str) -> Target:
    """resolve() for a URL the shortcuts did not settle: split and joined to the page's address."""
    try:
        parts = urlsplit(url)
        absolute = urljoin(page_url, url)
        target = urlsplit(absolute)
    except ValueError:  # e.g. an unclosed [ in the host
        return Target(kind="invalid")
    site = urlsplit(base_url)
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return Target(kind="skip")  # ftp:, irc:, ...: never a file of this site
    if (target.scheme.lower(), target.netloc.lower()) != (site.scheme.lower(), site.netloc.lower()):
        return Target(kind="external")
    base_path = site.path
    if not (target.path + "/").startswith(base_path):
        # Another project on the same host is fine when written in full; a relative link that climbs
        # out of the base path is a mistake that only shows once the site is deployed under a subpath.
        return Target(kind="external" if parts.netloc else "escape")
    rel = unquote(target.path[len(base_path):]) if len(target.path) >= len(base_path) else ""
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return Target(kind="internal", rel=rel, fragment=unquote(target.fragment))


# A plain host, else urlsplit decides.
_HOST = re.compile(r"https?://([a-z0-9.-]*(?::[0-9]*)?)(?=[/?#]|$)", re.IGNORECASE)


# What makes a path more than plain: a query, an escape, a colon, a backslash, a leading slash, a dot segment.
NOT_PLAIN = re.compile(r"[?%\\:]|^/|\./|\.\Z")


@lru_cache(maxsize=16)
def _base_path(base_url: str) -> str:
    """'/news/' for 'https://example.org/news/'."""
    return base_url[base_url.find("/", base_url.find("://") + 3):] if "://" in base_url else ""


def _simple_internal(url: str, base_url: str) -> Target | None:
    """The shortcut for the URLs newsgen's own pages are made of (the page's canonical address, root-relative
    links under the base path): plain paths need no parsing. None for anything else, which resolve() parses."""
    if url.startswith(base_url):
        rest = url[len(base_url):]
    else:
        base_path = _base_path(base_url)
        if not base_path or not url.startswith(base_path) or url.startswith("//"):
            return None
        rest = url[len(base_path):]
    path, _, fragment = rest.partition("#")
    if not base_url.endswith("/") or NOT_PLAIN.search(path) or "%" in fragment:
        return None
    return Target(kind="internal", rel=path + "index.html" if path == "" or path.endswith("/") else path,
                  fragment=fragment)
