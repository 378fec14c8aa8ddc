"""Leak checks: a draft, a future or an expired article must not show up where readers or robots find it.

A held-back article (draft or future) must have no page and appear nowhere: no link to its URL and no
copy of its headline in any page, feed or sitemap. An expired article keeps its page (old links work)
but must be listed nowhere: no link to it from a listing page, a feed or a sitemap.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..core import urls
from ..core.errors import Problem
from .links import Collector, SiteFiles

MIN_TITLE_LENGTH = 12  # shorter headlines ("Weather") can appear in other text by chance
TEXT_SUFFIXES = (".html", ".htm", ".xml", ".json", ".txt")
SHOWN_PLACES = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class HeldBack:
    """An article the build must not publish (or, when expired, must not list)."""

    source: str
    title: str
    path: str  # its page's site path, e.g. '2026/11/20/ferry/'
    reason: str  # 'draft', 'future' or 'expired'
    line: int | None = None  # of the front-matter key that holds it back


def check_leaks(site: SiteFiles, collector: Collector, held: Iterable[HeldBack], article_pages: set[str],
                shown_titles: Iterable[str] = ()) -> None:
    """Report every held-back article found in the built site. `collector` must have checked every page first.

    `article_pages` are the output files of published and expired articles (a body may link to an
    expired article; only listings, feeds and sitemaps must not). `shown_titles` are their headlines: a
    held-back article sharing one ("Letters to the editor") is looked for by its URL only, since the
    headline on the site is the other article's.
    """
    held = list(held)
    shown = set(shown_titles)
    titles = _title_places(site, [h for h in held if h.reason != "expired" and h.title not in shown])
    for article in held:
        rel = urls.output_file(article.path)
        linked = set(collector.linked_from.get(rel, set()))
        if article.reason == "expired":
            linked = {page for page in linked if page not in article_pages and page != rel}
            if linked:
                _report(collector, article, "is expired but still listed", linked)
            continue
        if rel in site.files:
            collector.add_problem(Problem(path=article.source, line=article.line, message=(
                f"{_what(article)} has a page in the built site (/{article.path})")))
        linked.discard(rel)
        if linked:
            _report(collector, article, "leaks: its URL is linked", linked)
        found = titles.get(article.source, set()) - {rel}
        if found:
            _report(collector, article, "leaks: its headline appears", found)


def check_index_leaks(site: SiteFiles, collector: Collector, held: Iterable[HeldBack],
                      shown_titles: Iterable[str] = ()) -> int:
    """Report every held-back article (expired ones too: they are listed nowhere) found in the search index;
    returns how many index records were read. Pagefind keeps one gzip-compressed JSON record per page in
    pagefind/fragment/ (pagefind/N/fragment/ in a big site's parts): each is opened and its URL and title compared, so no compressed copy goes unseen.
    `shown_titles`: as for check_leaks (a published article of the same headline is no leak)."""
    held = list(held)
    shown = set(shown_titles)
    by_path = {"/" + h.path: h for h in held}
    by_title = {h.title: h for h in held if len(h.title) >= MIN_TITLE_LENGTH and h.title not in shown}
    records = 0
    for rel in sorted(site.files):
        if not (rel.startswith(urls.SEARCH_INDEX) and rel.endswith(".pf_fragment") and "fragment/" in rel):
            continue
        record = _fragment(site.read(rel))
        if record is None:
            collector.add_at(rel, None, "is not a Pagefind record (gzip-compressed JSON): the search index is "
                             "damaged; build the site again")
            continue
        records += 1
        meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
        found = by_path.get(str(record.get("url", ""))) or by_title.get(str(meta.get("title", "")))
        if found is not None:
            collector.add_problem(Problem(path=found.source, line=found.line, message=(
                f"{_what(found) if found.reason != 'expired' else 'expired article'} leaks: it is in the "
                f"search index ({collector.output_path(rel)})")))
    return records


def _fragment(data: bytes) -> dict[str, object] | None:
    try:
        text = gzip.decompress(data)
    except (OSError, EOFError):
        return None
    text = text.removeprefix(b"pagefind_dcd")  # Pagefind's signature before the JSON
    try:
        record = json.loads(text)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def _what(article: HeldBack) -> str:
    return {"draft": "draft article", "future": "article dated in the future"}.get(article.reason, "article")


def _report(collector: Collector, article: HeldBack, verb: str, places: set[str]) -> None:
    shown = ", ".join(collector.output_path(p) for p in sorted(places)[:SHOWN_PLACES])
    more = len(places) - SHOWN_PLACES
    tail = f" and {more} more" if more > 0 else ""
    collector.add_problem(Problem(path=article.source, line=article.line, message=(
        f"{_what(article)} {verb} in {shown}{tail}")))


def _title_places(site: SiteFiles, held: list[HeldBack]) -> dict[str, set[str]]:
    """source -> output files containing its headline, in any of the forms a page, feed or JSON writes it."""
    forms: dict[str, str] = {}
    for article in held:
        if len(article.title) < MIN_TITLE_LENGTH:
            continue
        for form in _forms(article.title):
            forms.setdefault(form, article.source)
    if not forms:
        return {}
    # newsgen writes a headline as a whole: an element's text, an attribute or a JSON string. Requiring
    # those delimiters keeps a sentence in another article that happens to contain the words from counting.
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    pattern = re.compile(rf"""(?<=[>"])\s*({alternatives})\s*(?=[<"])""")
    places: dict[str, set[str]] = {}
    for rel in sorted(site.files):
        if not rel.endswith(TEXT_SUFFIXES):
            continue
        for match in pattern.finditer(site.text(rel)):
            places.setdefault(forms[match.group(1)], set()).add(rel)
    return places


def _forms(title: str) -> set[str]:
    escaped = html.escape(title, quote=False)
    return {
        title,
        escaped,
        html.escape(title),  # quotes as &quot; / &#x27;
        escaped.replace('"', "&#34;").replace("'", "&#39;"),  # Jinja's autoescape
        json.dumps(title)[1:-1],
        json.dumps(title, ensure_ascii=False)[1:-1],
    }
