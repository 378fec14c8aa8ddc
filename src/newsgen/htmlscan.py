"""Reading an HTML page for the link checker: the URLs it links to (with their offsets) and its anchors.

A fast regular-expression scan rather than a full parser: it runs over every page of every build, and
newsgen's pages (and the HTML in Markdown) write tags the ordinary way. Script and style contents and
comments are skipped, entities in attribute values decoded. Pure.
"""

from __future__ import annotations

import html
import re
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

# A comment, or a start tag: its name and its attributes (quoted or not), as HTML writes them.
_TAG = re.compile(r"""<!--.*?-->
    | <([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""",
                  re.S | re.X)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_RAW_TEXT = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


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
    offsets: tuple[int, ...]
    ids: frozenset[str]
    base_href: str | None = None

    @property
    def links(self) -> list[Link]:
        return [Link(url, offset) for url, offset in zip(self.urls, self.offsets)]


def scan_html(text: str) -> Page:
    """Links and anchors of an HTML document; script and style contents and comments are skipped. Pure."""
    urls: list[str] = []
    offsets: list[int] = []
    ids: set[str] = set()
    base_href = None
    pos = 0
    while True:
        match = _TAG.search(text, pos)
        if match is None:
            break
        pos = match.end()
        tag = (match.group(1) or "").lower()
        if not tag:
            continue  # a comment
        attrs = {name.lower(): html.unescape(double or single or bare)
                 for name, double, single, bare in _ATTR.findall(match.group(2) or "")}
        if "id" in attrs:
            ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            ids.add(attrs["name"])
        if tag == "base" and "href" in attrs and base_href is None:
            base_href = attrs["href"].strip()
        for name, value in attrs.items():
            if tag in URL_ATTRIBUTES.get(name, ()):
                found = [u for u in (srcset_urls(value) if name == "srcset" else [value.strip()]) if u]
                urls += found
                offsets += [match.start()] * len(found)
        if (tag == "meta" and (attrs.get("property") or attrs.get("name")) in META_URL_PROPERTIES
                and attrs.get("content", "").strip()):
            urls.append(attrs["content"].strip())
            offsets.append(match.start())
        if tag in _RAW_TEXT:
            end = _RAW_TEXT[tag].search(text, pos)
            pos = end.end() if end else len(text)
    return Page(urls=tuple(urls), offsets=tuple(offsets), ids=frozenset(ids), base_href=base_href)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: 'a.jpg 1x, b.jpg 2x' -> ['a.jpg', 'b.jpg']."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
