"""Fingerprints: a digest of everything an output depends on. Same fingerprint, same bytes: skip the render.

An article appears in two ways: in full on its own page and in feeds, and by its listing fields
(title, date, summary, photo...) everywhere else. A body edit changes only the full digest, so it
re-renders the article's page and the feeds that carry it, not every listing the article is on.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from typing import Any

import jinja2
import jinja2.meta

from .. import __version__
from ..core.models import Article, Listing, listed_digest
from ..site.plan import FEED_KINDS, OutputSpec

_SPEC_FIELDS = tuple(f.name for f in fields(OutputSpec))  # looked up once: fields() is slow
_FULL_FIELDS = ("article",)  # spec fields whose article is shown in full


def listing_digest(article: Article) -> str:
    """Digest of what a listing, a card or a related-articles list may show of an article."""
    return article.listing_digest or listed_digest(article)


def full_digest(article: Article) -> str:
    """Digest of the whole article, body included (by its digest), with the URLs of its links by file."""
    links = f":{[link.url for link in article.links]!r}" if article.links else ""
    return f"{listing_digest(article)}:{article.body_digest}:{article.word_count}{links}"


def template_digests(env: jinja2.Environment) -> dict[str, str]:
    """For each template name, the digest of its source and of every template it extends, includes or imports."""
    loader = env.loader
    assert loader is not None
    names = sorted(loader.list_templates())
    sources: dict[str, str] = {}
    refs: dict[str, set[str] | None] = {}
    for name in names:
        source, _, _ = loader.get_source(env, name)
        sources[name] = source
        try:
            found = set(jinja2.meta.find_referenced_templates(env.parse(source)))
        except jinja2.TemplateSyntaxError:
            found = None  # reported when rendered; make it depend on everything meanwhile
        refs[name] = None if found is None or None in found else {n for n in found if n}  # type: ignore[misc]
    everything = hashlib.sha256("".join(f"{n}\0{sources[n]}\0" for n in names).encode()).hexdigest()
    digests = {}
    for name in names:
        closure = _closure(name, refs)
        if closure is None:
            digests[name] = everything
        else:
            digests[name] = hashlib.sha256(
                "".join(f"{n}\0{sources.get(n, '')}\0" for n in sorted(closure)).encode()).hexdigest()
    return digests


def _closure(name: str, refs: dict[str, set[str] | None]) -> set[str] | None:
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        found = refs.get(current, set())
        if found is None:
            return None  # a dynamic include: could be any template
        todo += found
    return seen


class Fingerprinter:
    """Computes output fingerprints, memoising article digests across the thousands of outputs they appear on."""

    def __init__(self, *, config_digest: str, templates: dict[str, str], shared: str, now: str):
        self._base = f"{__version__}\0{config_digest}\0{shared}"
        self._now = now
        self._templates = templates
        # Keyed on source paths: one build holds one article per source, so the path names its digest.
        self._listing: dict[str, str] = {}
        self._full: dict[str, str] = {}
        self._shared: dict[tuple[str, ...], str] = {}  # article lists many outputs share, encoded once

    def _digest(self, article: Article, full: bool) -> str:
        memo, make = (self._full, full_digest) if full else (self._listing, listing_digest)
        key = article.source
        if key not in memo:
            memo[key] = make(article)
        return memo[key]

    def of(self, spec: OutputSpec) -> str:
        parts: list[Any] = [self._base, self._templates.get(spec.template, "")]
        full_kind = spec.kind in FEED_KINDS
        if full_kind and not spec.articles:
            parts.append(self._now)  # an empty feed's update time is the build's clock
        for name in _SPEC_FIELDS:
            value = getattr(spec, name)
            if value is None or value == ():
                continue
            parts.append(name)
            parts.append(self._encode(value, full_kind or name in _FULL_FIELDS))
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def _encode(self, value: Any, full: bool) -> Any:
        if isinstance(value, Article):
            if full:
                return full_digest(value)
            return value.listing_digest or self._digest(value, False)
        if isinstance(value, Listing):
            return (value.term, self._encode(value.articles, full))
        if isinstance(value, tuple):
            key = _sources(value) if not full and len(value) > 2 else None
            if key is not None and key in self._shared:
                return self._shared[key]
            encoded = repr(tuple(self._encode(item, full) for item in value))
            if key is not None:
                self._shared[key] = encoded
            return encoded
        return value


def _sources(value: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The source paths of a tuple of articles (what its listing encoding depends on); None for other tuples."""
    if not isinstance(value[0], Article) or not all(isinstance(item, Article) for item in value):
        return None
    return tuple(item.source for item in value)
