"""`authors.yaml`: optional staff profiles (bio, role, photo, links) that author pages and JSON-LD show.

When the file exists it is the newsroom's staff list: an article naming someone not in it is an error,
which catches misspelt bylines before they become a second author page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..core.errors import BuildFailed, Problem, UserError, did_you_mean
from ..core.models import Article, Term
from ..core.slugs import slugify
from ..core.urls import unsafe_scheme
from ..core.yamltext import load_list

AUTHORS_FILE = "authors.yaml"
PROFILE_KEYS = ("name", "slug", "role", "bio", "photo", "links")


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """One staff member as described in authors.yaml."""

    name: str
    slug: str
    role: str = ""
    bio: str = ""
    photo: str = ""
    links: tuple[Link, ...] = ()


def load_authors(site_dir: Path) -> tuple[Profile, ...] | None:
    """Profiles from authors.yaml, or None when the site has no such file."""
    path = site_dir / AUTHORS_FILE
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(AUTHORS_FILE, "not UTF-8 text: save the file as UTF-8") from None
    except OSError as exc:
        raise UserError(AUTHORS_FILE, f"cannot read: {exc.strerror}") from None
    problems: list[Problem] = []
    profiles: dict[str, Profile] = {}
    for line, item in load_list(text, AUTHORS_FILE, what="authors.yaml"):
        profile = _profile(item, line, problems)
        if profile is None:
            continue
        if profile.slug in profiles:
            problems.append(Problem(path=AUTHORS_FILE, line=line, field="slug", message=(
                f"{profile.name!r} has the same slug {profile.slug!r} as {profiles[profile.slug].name!r}")))
            continue
        profiles[profile.slug] = profile
    if problems:
        raise BuildFailed(problems)
    return tuple(profiles[k] for k in sorted(profiles))


def _profile(item: Any, line: int, problems: list[Problem]) -> Profile | None:
    def fail(field: str, message: str) -> None:
        problems.append(Problem(path=AUTHORS_FILE, line=line, field=field, message=message))

    if not isinstance(item, dict):
        fail("name", f"each entry needs `name: ...` (and optionally {', '.join(PROFILE_KEYS[1:])}), found {item!r}")
        return None
    for key in item:
        if key not in PROFILE_KEYS:
            fail(str(key), f"unknown key{did_you_mean(str(key), PROFILE_KEYS)}; known: {', '.join(PROFILE_KEYS)}")
    texts = {}
    for key in ("name", "slug", "role", "bio", "photo"):
        value = item.get(key, "")
        if not isinstance(value, str):
            fail(key, f"expected text, found {value!r}")
            value = ""
        texts[key] = value.strip()
    if not texts["name"]:
        fail("name", "every author needs a name")
        return None
    photo_scheme = unsafe_scheme(texts["photo"], ("javascript", "vbscript"))
    if photo_scheme is not None:
        fail("photo", f"a {photo_scheme}: URL is not an image: give a path under static/ or an http(s) URL")
        texts["photo"] = ""
    links = _links(item.get("links") or [], fail)
    slug = slugify(texts["slug"] or texts["name"])
    return Profile(name=texts["name"], slug=slug, role=texts["role"], bio=texts["bio"], photo=texts["photo"],
                   links=links)


def _links(raw_links: Any, fail: Callable[[str, str], None]) -> tuple[Link, ...]:
    """An author's `links:` entries; a malformed or code-running one is reported and left out."""
    if not isinstance(raw_links, list):
        fail("links", "expected a list of `{title: ..., url: ...}`")
        return ()
    links = []
    for link in raw_links:
        if not isinstance(link, dict) or not isinstance(link.get("title"), str) or not isinstance(link.get("url"), str):
            fail("links", f"each link needs `title` and `url` text, found {link!r}")
            continue
        scheme = unsafe_scheme(link["url"])
        if scheme is not None:
            fail("links", f"{link['url']!r} is a {scheme}: URL, which would run code in a reader's browser: "
                          "give an http(s) or mailto: address")
            continue
        links.append(Link(title=link["title"], url=link["url"]))
    return tuple(links)


def resolve_bylines(articles: list[Article], profiles: tuple[Profile, ...] | None) -> list[Article]:
    """The articles with every byline that matches a profile (by name, slug, or the slug of its name) named
    and slugged as that profile, so a profile with `slug: ann` has one author page and every link, feed and
    JSON-LD entry points at it. Articles without such a byline are returned as they are."""
    if not profiles:
        return articles
    match = {slugify(p.name): p for p in profiles} | {p.slug: p for p in profiles}
    by_name = {p.name: p for p in profiles}
    out = []
    for article in articles:
        terms: dict[str, Term] = {}
        for term in article.authors:
            profile = by_name.get(term.name) or match.get(term.slug)
            resolved = Term(name=profile.name, slug=profile.slug) if profile is not None else term
            terms.setdefault(resolved.slug, resolved)
        authors = tuple(terms.values())
        out.append(article if authors == article.authors
                   else replace(article, authors=authors).with_listing_digest())
    return out


def check_bylines(bylines: dict[str, list[tuple[str, int | None]]], profiles: tuple[Profile, ...]) -> list[Problem]:
    """An error for every byline (name -> [(file, line)]) that matches no profile by name or slug."""
    known = {p.name for p in profiles} | {p.slug for p in profiles}
    by_slug = {p.slug for p in profiles} | {slugify(p.name) for p in profiles}
    problems = []
    for name, places in sorted(bylines.items()):
        if name in known or slugify(name) in by_slug:
            continue
        hint = did_you_mean(name, tuple(p.name for p in profiles))
        for source, line in places:
            problems.append(Problem(path=source, line=line, field="author", message=(
                f"{name!r} is not in {AUTHORS_FILE}{hint}; add them there or fix the spelling")))
    return problems
