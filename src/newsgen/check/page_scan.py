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
# Most of a page is text, end tags and start tags with neither a URL nor an id (<p>, <li class=...>): the
# regular expression steps over all of those itself, so Python sees only the tags that matter.
_NAMES = "|".join(sorted(_URL_TAGS | {"script", "style"}))
# The head's many <meta> tags matter only with an id or a URL-valued property: one written plainly (quoted
# values without entities, no id, no such property) is stepped over too.
_PLAIN_META = (r"""|<(?i:meta)(?:\s++(?!(?i:id)(?![^\s"'>/=]))[a-zA-Z:-]++="(?!(?:"""
               + "|".join(re.escape(p) for p in sorted(META_URL_PROPERTIES)) + r""")")[^"&<>]*+")*+\s*/?>""")
_SKIP = (r"""(?:[^<]++|</[^<>]*+>|<![^<>-][^<>]*+>|<(?![a-zA-Z!/])""" + _PLAIN_META +
         rf"""|<(?!(?i:{_NAMES})(?![a-zA-Z0-9:-]))[a-zA-Z][a-zA-Z0-9:-]*+"""
         rf"""(?:\s+(?!(?i:id)(?![^\s"'>/=]))[^\s"'>/=]++(?:\s*=\s*{_VALUE})?)*+\s*/?>)*+""")
# After the skipped stretch: the commonest tag taken whole, a comment, a script or style element (its start
# tag, then its contents skipped through the end tag), any other start tag that matters (its name and
# attributes), a '<' that starts nothing well-formed, or the end. Every position matches, so finditer
# reads the page from end to end in steps, never re-reading a stretch.
_RAW_END = r"""(?![a-zA-Z0-9:-])({attrs})\s*/?>.*?(?:</(?i:{name})\s*>|\Z)"""


def _plain(*excluded: str) -> str:
    """Any number of attributes written plainly (name="value", no entity), none of them named `excluded`."""
    return rf"""(?:\s++(?!(?i:{"|".join(excluded)})(?![^\s"'>/=]))[^\s"'>/=]++="[^"&]*+")*+"""


# An <a> or <link> whose one URL is a plain href, an <img> whose one URL is a plain src, neither with an
# id (or <a name>): the story cards' and the head's tags, read without Python looking at their attributes.
_PLAIN_HREF = rf"""<((?i:a|link)){_plain("id", "name", "href")}\s++(?i:href)="([^"&]*+)"{_plain("id", "name", "href")}\s*/?>"""
_PLAIN_SRC = rf"""<((?i:img)){_plain("id", "src", "srcset")}\s++(?i:src)="([^"&]*+)"{_plain("id", "src", "srcset")}\s*/?>"""
_NEXT = re.compile(
    _SKIP + r"""(?:<a href="([^"&]*+)"\s*>|""" + _PLAIN_HREF + "|" + _PLAIN_SRC + r"""|(<!--.*?-->)"""
    + "|<((?i:script))" + _RAW_END.format(attrs=_ATTRS, name="script")
    + "|<((?i:style))" + _RAW_END.format(attrs=_ATTRS, name="style")
    + rf"""|<([a-zA-Z][a-zA-Z0-9:-]*+)({_ATTRS})\s*/?>|(<)|\Z)""", re.DOTALL)
# Which alternative matched, by the number of its last group (match.lastindex).
_A_HREF, _PLAIN_TAG_HREF, _PLAIN_TAG_SRC, _SCRIPT, _STYLE, _TAG = 1, 3, 5, 8, 10, 12
# A <meta> matters only with a URL-valued property (og:image ...) or an id.
_META_MATTERS = re.compile("|".join(re.escape(p) for p in sorted(META_URL_PROPERTIES)) + r"""|(?:^|\s)id\s*=""",
                           re.IGNORECASE)
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
        return Page(urls=tuple(map(table.setdefault, self.urls, self.urls)), offsets=self.offsets,
                    ids=frozenset(map(table.setdefault, self.ids, self.ids)), base_href=self.base_href)

    @property
    def links(self) -> list[Link]:
        return [Link(url, offset) for url, offset in zip(self.urls, self.offsets)]


def scan_html(text: str) -> Page:
    """Links and anchors of an HTML document; script and style contents and comments are skipped. Pure."""
    urls: list[str] = []
    offsets: list[int] = []
    ids: set[str] = set()
    base_href = None
    # Every construct that matters ends with '>': a '<' after the last one starts nothing, and trying each
    # of thousands (`<a <a <a ...`, a broken paste) would read to the end every time.
    for match in _NEXT.finditer(_without_unclosed_comments(text), 0, text.rfind(">") + 1):
        kind = match.lastindex
        if kind is not None and kind <= _PLAIN_TAG_SRC:
            url = match[kind].strip()
            if url:
                urls.append(url)
                # The offset of the '<': the fast <a href="..."> has no name group.
                offsets.append(match.start(1) - 9 if kind == _A_HREF else match.start(kind - 1) - 1)
            continue
        if kind not in (_SCRIPT, _STYLE, _TAG):
            continue  # a comment, a '<' opening nothing, or the end
        name, raw = match[kind - 1], match[kind]
        group = kind - 1
        tag = name.lower()
        if not raw or tag == "meta" and not _META_MATTERS.search(raw):
            continue
        attrs = {key.lower(): html.unescape(value) if "&" in value else value
                 for key, *values in _ATTR.findall(raw) for value in ("".join(values),)}
        if "id" in attrs:
            ids.add(attrs["id"])
        if tag in _URL_TAGS:
            base_href = _tag_links(tag, attrs, match.start(group) - 1, urls, offsets, ids, base_href)
    return Page(urls=tuple(urls), offsets=array("I", offsets), ids=frozenset(ids), base_href=base_href)


def _tag_links(tag: str, attrs: dict[str, str], start: int, urls: list[str], offsets: list[int], ids: set[str],
               base_href: str | None) -> str | None:
    """Add the URLs (and a named anchor) of one tag that may hold them, at offset `start`; return the
    document's <base href> (the first one wins)."""
    if tag == "a" and "name" in attrs:
        ids.add(attrs["name"])
    if tag == "base" and "href" in attrs and base_href is None:
        base_href = attrs["href"].strip()
    for key, value in attrs.items():
        if tag in URL_ATTRIBUTES.get(key, ()):
            found = [u for u in (srcset_urls(value) if key == "srcset" else [value.strip()]) if u]
            urls += found
            offsets += [start] * len(found)
    if (tag == "meta" and (attrs.get("property") or attrs.get("name")) in META_URL_PROPERTIES
            and attrs.get("content", "").strip()):
        urls.append(attrs["content"].strip())
        offsets.append(start)
    return base_href


def _without_unclosed_comments(text: str) -> str:
    """`text` with each `<!--` that no `-->` follows made plain text (same length, so offsets hold).

    The scan reads on after such a `<!--` as after any stray '<'; thousands of them would each be read to
    the end in search of a `-->` first."""
    close = text.rfind("-->")
    first = text.find("<!--", max(close - 3, 0) if close >= 0 else 0)
    if first == -1:
        return text
    return text[:first] + text[first:].replace("<!--", "<\0--")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: 'a.jpg 1x, b.jpg 2x' -> ['a.jpg', 'b.jpg']."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
