"""Internal link checker: every link between generated pages must hit a file and, if given, an anchor."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from ._common import same_origin, srcset_urls, under_base

LINK_TAGS = frozenset({"a", "area", "link", "img", "script", "source", "iframe", "video", "audio", "track"})
URL_ATTRS = frozenset({"href", "src", "srcset", "poster"})
# Schemes that never point at a generated file.
IGNORED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")
HTML_SUFFIXES = (".html", ".htm")


@dataclass
class _Page:
    """What the checker needs from one HTML file."""

    urls: list[str] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    base_href: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.anchors.add(values["name"])
        if tag == "base" and "href" in values and self.page.base_href is None:
            self.page.base_href = values["href"].strip()  # only the first <base> counts
        if tag in LINK_TAGS:
            for name in URL_ATTRS & values.keys():
                raw = values[name]
                self.page.urls += srcset_urls(raw) if name == "srcset" else [raw.strip()]

    handle_startendtag = handle_starttag


def check_internal_links(root: Path, *, base_url: str) -> list[str]:
    """Report "page.html: broken link <url> (reason)" for internal links that don't resolve under root."""
    root = Path(root)
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    cache: dict[Path, _Page] = {}
    problems: list[str] = []
    for page_path in sorted(p for p in root.rglob("*") if p.suffix in HTML_SUFFIXES and p.is_file()):
        rel = page_path.relative_to(root).as_posix()
        page = _parse(page_path, cache)
        page_url = urljoin(base_url, quote(rel))
        doc_base = urljoin(page_url, page.base_href) if page.base_href else page_url
        for url in page.urls:
            reason = _check_url(url, doc_base, root, base_url, cache)
            if reason:
                problems.append(f"{rel}: broken link {url} ({reason})")
    return problems


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        parser = _PageParser()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        cache[path] = parser.page
    return cache[path]


def _check_url(url: str, doc_base: str, root: Path, base_url: str, cache: dict[Path, _Page]) -> str | None:
    """Reason the link is broken, or None if it is fine or not internal."""
    lowered = url.lower()
    if lowered.startswith(IGNORED_SCHEMES):
        return None
    scheme = urlsplit(url).scheme.lower()
    if scheme and scheme not in ("http", "https"):
        return None  # ftp:, irc:, ... are never files we generate
    resolved = urljoin(doc_base, url)
    if scheme:
        # Absolute URLs are ours only when under base_url; anything else is an external site.
        if not under_base(resolved, base_url):
            return None
    elif not same_origin(resolved, base_url):
        return None  # protocol-relative link to another host
    elif not under_base(resolved, base_url):
        # Relative/root-relative links that leave the base path 404 once deployed under a prefix.
        return "escapes base path"
    return _check_target(resolved, root, base_url, cache)


def _check_target(resolved: str, root: Path, base_url: str, cache: dict[Path, _Page]) -> str | None:
    parts = urlsplit(resolved)
    base_path = urlsplit(base_url).path
    rel = unquote(parts.path[len(base_path):]) if parts.path.startswith(base_path) else ""
    if rel == "" or rel.endswith("/"):
        rel += "index.html"  # directory URLs are served from their index.html
    target = root / rel
    if target.is_dir():
        return "is a directory; link needs a trailing slash"
    if not target.is_file():
        return f"no file {rel}"
    return _check_fragment(unquote(parts.fragment), target, rel, cache)


def _check_fragment(fragment: str, target: Path, rel: str, cache: dict[Path, _Page]) -> str | None:
    # HTML: an empty fragment or "top" scrolls to the top even without a matching id.
    if not fragment or fragment.lower() == "top" or target.suffix not in HTML_SUFFIXES:
        return None
    if fragment in _parse(target, cache).anchors:
        return None
    return f"no id or name {fragment!r} in {rel}"
