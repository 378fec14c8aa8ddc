"""Escaping text for XML (feeds, sitemaps): the three characters every XML text must escape, and an
attribute value with its quotes.

Written here rather than taken from xml.sax.saxutils, which imports urllib.request (and with it http, ssl
and email: a twentieth of a second) on every build that writes a feed, an old article's edit included.
The output is the same byte for byte (tests/test_feeds.py compares them).
"""

from __future__ import annotations

from collections.abc import Mapping


def escape(text: str, entities: Mapping[str, str] | None = None) -> str:
    """`&`, `<` and `>` as entities, then each of `entities` (a character -> its replacement)."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for char, entity in (entities or {}).items():
        text = text.replace(char, entity)
    return text


_ATTR_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def quoteattr(text: str) -> str:
    """`text` as a quoted attribute value: in double quotes, or in single ones when it holds a double
    quote and no single one (else its double quotes become &quot;). Line breaks and tabs are kept as
    character references, since a parser would turn them into spaces."""
    text = escape(text, _ATTR_ENTITIES)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'
