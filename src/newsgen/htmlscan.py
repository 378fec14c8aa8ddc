"""Reading an HTML page for the link checker: the URLs it links to (with their offsets) and its anchors.

A fast regular-expression scan rather than a full parser: it runs over every page of every build, and
newsgen's pages (and the HTML in Markdown) write tags the ordinary way. Script and style contents and
comments are skipped, entities in attribute values decoded. Pure.
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass
from typing import NamedTuple

HTML_SUFFIXES = (".html", ".htm")
# Attributes holding a URL, by the tags they do it on.
URL_ATTRIBUTES = {
    "href": {"a", "area", "link", "base"},
    "src": {"img", "script", "iframe", "source", "audio", "video", "track", "embed", "input"},
    "srcset": {"img", "source"},
    "poster": {"video"},
    "action": {"form"},
    "data": {"object"},
}
META_URL_PROPERTIES = {"og:image", "og:url", "og:audio", "og:video", "twitter:image"}

_VALUE = r"""(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`]++)"""
_ATTRS = rf"""(?:\s+[^\s"'>/=]++(?:\s*=\s*{_VALUE})?)*+"""
# Tags that can carry a URL (or, for <meta>, a URL-valued property); any other tag matters only for its id.
_URL_TAGS = frozenset(set().union(*URL_ATTRIBUTES.values()) | {"meta"})
_RAW_TEXT = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
# Most of a page is text, end tags and start tags with neither a URL nor an id (<p>, <li class=...>): the
# regular expression steps over all of those itself, so Python sees only the tags that matter.
_NAMES = "|".join(sorted(_URL_TAGS | set(_RAW_TEXT)))
_SKIP = (r"""(?:[^<]++|</[^<>]*+>|<![^<>-][^<>]*+>|<(?![a-zA-Z!/])"""
         rf"""|<(?!(?i:{_NAMES})(?![a-zA-Z0-9:-]))[a-zA-Z][a-zA-Z0-9:-]*+"""
         rf"""(?:\s+(?!(?i:id)(?![^\s"'>/=]))[^\s"'>/=]++(?:\s*=\s*{_VALUE})?)*+\s*/?>)*+""")
# After the skipped stretch: a comment, a start tag that matters (its name and attributes), a '<' that
# starts nothing well-formed, or the end.
_NEXT = re.compile(_SKIP + r"""(?:<a href="([^"&]*+)"\s*>"""  # the commonest by far, taken whole
                   rf"""|(<!--.*?-->)|<([a-zA-Z][a-zA-Z0-9:-]*+)({_ATTRS})\s*/?>|(<)|\Z)""", re.S)
# A <meta> matters only with a URL-valued property (og:image ...) or an id.
_META_MATTERS = re.compile("|".join(re.escape(p) for p in sorted(META_URL_PROPERTIES)) + r"""|(?:^|\s)id\s*=""",
                           re.I)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class Link(NamedTuple):
    """One URL in a page, entity-decoded, with its offset in the page text (for the line)."""

    url: str
    offset: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """What the checker needs of one HTML document: its URLs (with their offsets), anchor names, <base href>.

    URLs and offsets are parallel tuples: a big site has hundreds of thousands, and the build keeps them
    in its cache between runs."""

    urls: tuple[str, ...]
    offsets: array[int]  # compact: a big site's pages hold millions
    ids: frozenset[str]
    base_href: str | None = None

    def interned(self, table: dict[str, str]) -> Page:
        """The same page, its URLs and ids replaced by the equal strings in `table` (added when new): the
        nav, tag and asset URLs every page repeats are then held once, not once per page."""
        return Page(urls=tuple(table.setdefault(url, url) for url in self.urls), offsets=self.offsets,
                    ids=frozenset(table.setdefault(name, name) for name in self.ids), base_href=self.base_href)

    @property
    def links(self) -> list[Link]:
        return [Link(url, offset) for url, offset in zip(self.urls, self.offsets)]


def scan_html(text: str) -> Page:
    """Links and anchors of an HTML document; script and style contents and comments are skipped. Pure."""
    urls: list[str] = []
    offsets: list[int] = []
    ids: set[str] = set()
    base_href = None
    pos, size = 0, len(text)
    step = _NEXT.match
    while pos < size:
        match = step(text, pos)
        href, comment, name, raw, stray = match.groups()
        pos = match.end()
        if href is not None:
            if href.strip():
                urls.append(href.strip())
                offsets.append(match.start(1) - 9)  # len('<a href="')
            continue
        if name is None:
            if comment is None and stray is None:
                break  # the end
            continue  # a comment, or a '<' opening nothing: read on after it
        tag = name.lower()
        if tag in _RAW_TEXT:
            end = _RAW_TEXT[tag].search(text, pos)
            pos = end.end() if end else size
        if not raw or tag == "meta" and not _META_MATTERS.search(raw):
            continue
        attrs = {key.lower(): html.unescape(value) if "&" in value else value
                 for key, *values in _ATTR.findall(raw) for value in ("".join(values),)}
        if "id" in attrs:
            ids.add(attrs["id"])
        if tag not in _URL_TAGS:
            continue
        if tag == "a" and "name" in attrs:
            ids.add(attrs["name"])
        if tag == "base" and "href" in attrs and base_href is None:
            base_href = attrs["href"].strip()
        start = match.start(3) - 1
        for key, value in attrs.items():
            if tag in URL_ATTRIBUTES.get(key, ()):
                found = [u for u in (srcset_urls(value) if key == "srcset" else [value.strip()]) if u]
                urls += found
                offsets += [start] * len(found)
        if (tag == "meta" and (attrs.get("property") or attrs.get("name")) in META_URL_PROPERTIES
                and attrs.get("content", "").strip()):
            urls.append(attrs["content"].strip())
            offsets.append(start)
    return Page(urls=tuple(urls), offsets=array("I", offsets), ids=frozenset(ids), base_href=base_href)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: 'a.jpg 1x, b.jpg 2x' -> ['a.jpg', 'b.jpg']."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
