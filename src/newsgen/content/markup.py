"""Markdown to HTML, then engine-independent HTML post-processing (heading ids, URLs, summary, word count)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..core.slugs import slugify
from ..core.urls import unsafe_scheme
from . import commonmark

if TYPE_CHECKING:
    import markdown as pymarkdown

_PY_MARKDOWN_EXTENSIONS = ("extra", "sane_lists")


@lru_cache(maxsize=2)
def _python_markdown() -> pymarkdown.Markdown:
    # One instance per process, reset between documents: building it costs more than a short article.
    # Imported here: a site on the commonmark engine never loads Python-Markdown.
    import markdown as pymarkdown

    from . import markdown_inline

    md = pymarkdown.Markdown(extensions=list(_PY_MARKDOWN_EXTENSIONS), output_format="html")
    markdown_inline.install(md)
    return md


def render_markdown(text: str, engine: str) -> str:
    """Return the HTML for Markdown `text` with the configured engine; never touches the disk."""
    if engine == "commonmark":
        return commonmark.to_html(text)  # optional extra: newsgen[fast]
    md = _python_markdown()
    try:
        return md.convert(text)
    finally:
        md.reset()


_HEADING = re.compile(r"<h([1-6])(\s[^>]*)?>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_URL_ATTR = re.compile(r"""(\s(?:href|src|poster)=)(["'])(.*?)\2""", re.DOTALL | re.IGNORECASE)
_FIRST_P = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def add_heading_ids(body: str) -> str:
    """Give every heading without an id a unique, slugged id so sections can be linked (#budget-gap)."""
    seen: set[str] = set(re.findall(r'\sid="([^"]+)"', body))

    def replace(match: re.Match[str]) -> str:
        level, attrs, inner = match.group(1), match.group(2) or "", match.group(3)
        if " id=" in attrs:
            return match.group(0)
        base = slugify(plain_text(inner)) or f"section-{level}"
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        return f'<h{level} id="{candidate}"{attrs}>{inner}</h{level}>'

    return _HEADING.sub(replace, body)


_OPEN_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_TAG_URL_ATTR = re.compile(
    r"""\s(href|src|action|formaction|xlink:href|poster|background|cite|data)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""",
    re.IGNORECASE)
# Text that could spell a code-running scheme in some way a browser reads (tabs and line breaks inside it,
# character references): a body without any is returned as it is, without looking at each tag.
_MAYBE_UNSAFE = re.compile(r"s[\t\n\r]*c[\t\n\r]*r[\t\n\r]*i[\t\n\r]*p[\t\n\r]*t|"
                           r"d[\t\n\r]*a[\t\n\r]*t[\t\n\r]*a[\t\n\r]*[:&]|&#|&tab;|&newline;", re.IGNORECASE)
# A quoted attribute value with a tab or line break in it (`href="java&#10;script:"` aside, the one way a
# scheme's letters can be split without "script" or "data" appearing in the text as they are).
_SPLIT_VALUE = re.compile(r"""=\s*(?:"[^"<>]*[\t\n\r][^"<>]*"|'[^'<>]*[\t\n\r][^'<>]*')""")


def _may_be_unsafe(body: str) -> bool:
    """False for the bodies that cannot hold a code-running URL, decided by plain substring tests first (most
    bodies: the interleaved pattern is tried at every letter and costs a fifth of a millisecond a body)."""
    lowered = body.lower()
    if ("script" in lowered or "data" in lowered or "&#" in body or "&tab;" in lowered or "&newline;" in lowered
            or _SPLIT_VALUE.search(body)):
        return _MAYBE_UNSAFE.search(body) is not None
    return False


# Where a link goes, no code-running URL; where an image loads from, data: is fine (inline images).
_LINK_ATTRS = ("href", "action", "formaction", "xlink:href", "data")


def drop_unsafe_urls(body: str) -> tuple[str, list[str]]:
    """The body without any attribute whose URL runs code (`javascript:`, `vbscript:`; `data:` where it is a
    link), as a browser would read it (entities decoded, any case, leading spaces); and those URLs as
    written. A link keeps its text and loses its address."""
    dropped: list[str] = []

    def clean_attr(match: re.Match[str]) -> str:
        name, value = match.group(1).lower(), match.group(2)
        raw = value[1:-1] if value[:1] in "\"'" else value
        schemes = ("javascript", "vbscript", "data") if name in _LINK_ATTRS else ("javascript", "vbscript")
        if unsafe_scheme(html.unescape(raw), schemes) is None:
            return match.group(0)
        dropped.append(raw)
        return ""

    def clean_tag(match: re.Match[str]) -> str:
        return _TAG_URL_ATTR.sub(clean_attr, match.group(0))

    if not _may_be_unsafe(body):
        return body, dropped
    return _OPEN_TAG.sub(clean_tag, body), dropped


def rebase_urls(body: str, base_path: str) -> str:
    """Prefix root-relative URLs ('/images/x.svg') with the site's base path so they work under a subpath."""
    if base_path == "/":
        return body

    def replace(match: re.Match[str]) -> str:
        url = match.group(3)
        if url.startswith("/") and not url.startswith("//") and not url.startswith(base_path):
            url = base_path.rstrip("/") + url
        return f"{match.group(1)}{match.group(2)}{url}{match.group(2)}"

    return _URL_ATTR.sub(replace, body)


def absolutize_urls(body: str, origin: str, page_url: str) -> str:
    """Make every href/src absolute for feeds: readers resolve relative URLs against nothing reliable.

    `origin` is scheme://host; `page_url` is the absolute URL of the article (for '#x' and 'x.png').
    """
    from urllib.parse import urljoin

    def replace(match: re.Match[str]) -> str:
        url = html.unescape(match.group(3))
        if url.startswith("//"):
            absolute = "https:" + url
        elif url.startswith("/"):
            absolute = origin + url
        elif re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", url):
            absolute = url
        else:
            absolute = urljoin(page_url, url)
        return f"{match.group(1)}{match.group(2)}{html.escape(absolute, quote=True)}{match.group(2)}"

    return _URL_ATTR.sub(replace, body)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def first_paragraph(body: str, limit: int = 300) -> str:
    """Plain text of the first paragraph, cut at a word boundary near `limit` characters."""
    for match in _FIRST_P.finditer(body):
        text = plain_text(match.group(1))
        if text:
            if len(text) <= limit:
                return text
            cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:")
            return cut + "…"
    return ""


def count_words(body: str) -> int:
    """Words of the body's text: plain_text's words, without joining them back into one string first."""
    return len(html.unescape(_TAG.sub("", body)).split())
