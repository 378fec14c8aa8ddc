"""A multilingual site: one site per language (its own listings, feeds and archives under its path), and
each article's and page's published translations. Pure.

Each language is planned as a site of its own (site.plan) from the articles in it, so related articles,
previous/next and "more from" stay within the language; its outputs are then moved under its path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.languagesettings import Language
from ..core.models import Article, Listing, Page, Site, Term


@dataclass(frozen=True, slots=True, kw_only=True)
class Translation:
    """One published version of a story or page: its language code, site path and title."""

    lang: str
    path: str
    title: str


def plan_languages(site: Site, config: SiteConfig, plan_one: Callable[[Site, SiteConfig, bool], tuple[
        list[Any], list[Problem]]]) -> tuple[list[Any], list[Problem]]:
    """Every language's outputs, each planned by `plan_one(part, settings, is_default)` as a site of its
    own and moved under its path, and the problems of all, translation keys included."""
    translations, homes = translations_index(site, config), home_translations(config)
    specs: list[Any] = []
    problems = translation_problems((*site.articles, *site.expired, *site.pages))
    for language, part in language_sites(site, config):
        found, found_problems = plan_one(part, config.in_language(language.code), language is config.languages[0])
        specs += localised(found, language, tuple(listing.term for listing in part.sections), translations, homes)
        problems += found_problems
    return specs, problems


def translation_problems(items: Iterable[Article | Page]) -> list[Problem]:
    """An error for each file that shares its translation key with another file of the same language: which
    of the two is the translation would be a guess."""
    first: dict[tuple[str, str], Article | Page] = {}
    problems = []
    for item in sorted(items, key=lambda i: i.source):
        if not item.lang:
            continue
        other = first.setdefault((item.lang, item.translation_key), item)
        if other is not item:
            line = item.lines.get("translation_key") or item.lines.get("lang") or item.lines.get("title")
            problems.append(Problem(path=item.source, line=line, field="translation_key", message=(
                f"{other.source} is the {item.lang} version of {item.translation_key!r} already: two stories "
                "of one language cannot be translations of one story; give one another `translation_key:`")))
    return problems


def translations_index(site: Site, config: SiteConfig) -> dict[str, tuple[Translation, ...]]:
    """Source path -> every published version of its story or page (itself included), in the order of
    `languages:`. Drafts, future and expired articles are in none: no page may point at them."""
    groups: dict[tuple[str, str], list[Article | Page]] = {}
    for item in (*site.articles, *site.pages):
        if item.lang:
            groups.setdefault((item.__class__.__name__, item.translation_key), []).append(item)
    order = {language.code: n for n, language in enumerate(config.languages)}
    index = {}
    for members in groups.values():
        if len(members) > 1:
            found = tuple(Translation(lang=m.lang, path=m.path, title=m.title)
                          for m in sorted(members, key=lambda m: order[m.lang]))
            for member in members:
                index[member.source] = found
    return index


def language_sites(site: Site, config: SiteConfig) -> list[tuple[Language, Site]]:
    """Each language of `languages:` with the part of the site in it: its articles, listings and pages."""
    out = []
    for language in config.languages:
        code = language.code
        articles = tuple(a for a in site.articles if a.lang == code)
        out.append((language, replace(
            site, articles=articles, tags=_within(site.tags, code), sections=_within(site.sections, code),
            authors=_within(site.authors, code), expired=tuple(a for a in site.expired if a.lang == code),
            featured=tuple(a for a in site.featured if a.lang == code),
            pages=tuple(p for p in site.pages if p.lang == code),
            policy_links=site.policy_links if language is config.languages[0] else ())))
    return out


def _within(listings: tuple[Listing, ...], code: str) -> tuple[Listing, ...]:
    """The listings with only their articles in the language; those left empty are dropped."""
    out = []
    for listing in listings:
        articles = tuple(a for a in listing.articles if a.lang == code)
        if articles:
            out.append(Listing(term=listing.term, articles=articles))
    return tuple(out)


def localised(specs: list[Any], language: Language, nav: tuple[Term, ...],
              translations: dict[str, tuple[Translation, ...]], homes: tuple[Translation, ...]) -> list[Any]:
    """A language's outputs, planned as if it were the whole site, moved under its path, each with its
    language, the sections its navigation shows, and (articles, pages, the front page) its translations."""
    prefix = language.prefix
    out = []
    for spec in specs:
        source = spec.article.source if spec.article else spec.page.source if spec.page else ""
        found = homes if spec.kind == "home" and spec.path == "" else translations.get(source, ())
        changes: dict[str, Any] = {"lang": language.code, "nav": nav, "translations": found}
        if prefix:
            changes.update(_moved(spec, prefix))
        out.append(replace(spec, **changes))
    return out


def _moved(spec: Any, prefix: str) -> dict[str, Any]:
    """The paths of a spec under `prefix`; an article's or page's own path has its prefix already."""
    changes: dict[str, Any] = {"feeds": tuple(replace(f, path=prefix + f.path) for f in spec.feeds),
                               "term_pages": tuple(prefix + p for p in spec.term_pages),
                               "months": tuple(replace(m, path=prefix + m.path) for m in spec.months)}
    if spec.article is None and spec.page is None:
        changes["path"] = prefix + spec.path
    if spec.feed_path or spec.kind in ("rss", "atom", "json"):
        changes["feed_path"] = prefix + spec.feed_path
    if spec.pagination is not None:
        p = spec.pagination
        changes["pagination"] = replace(
            p, first_path=prefix + p.first_path,
            newer_path=None if p.newer_path is None else prefix + p.newer_path,
            older_path=None if p.older_path is None else prefix + p.older_path)
    return changes


def home_translations(config: SiteConfig) -> tuple[Translation, ...]:
    """Every language's home page: the home pages are translations of each other."""
    return tuple(Translation(lang=lang.code, path=lang.prefix, title=lang.title) for lang in config.languages)
