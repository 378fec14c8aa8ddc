"""`menus:` against the site being built: every item must point at a page the build makes. Pure.

Pages (`{page: about}`) are looked up in a mapping of page names to their path and title, passed in by
whoever knows the pages; without one, a page item is an error like any other item pointing nowhere.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from ..core.errors import Problem
from ..core.homesettings import SectionInfo
from ..core.menusettings import Menu, MenuItem
from ..core.models import Term
from ..core.slugs import slugify

CONFIG_NAME = "site.yaml"
THEME_MENUS = ("main", "footer")


@dataclass(frozen=True, slots=True, kw_only=True)
class PageRef:
    """What a menu needs of a page: where it is built and its title (the item's default title)."""

    path: str
    title: str


def resolve_menus(menus: tuple[Menu, ...], pages: Mapping[str, PageRef]) -> dict[str, tuple[MenuItem, ...]]:
    """Menu name -> its items, page items given their page's path and (unless the item has one) title.
    `main` and `footer`, the menus the theme shows, are always there (empty when not set)."""
    resolved: dict[str, tuple[MenuItem, ...]] = {name: () for name in THEME_MENUS}
    resolved.update({menu.name: tuple(_resolved(item, pages) for item in menu.items) for menu in menus})
    return resolved


def _resolved(item: MenuItem, pages: Mapping[str, PageRef]) -> MenuItem:
    page = pages.get(item.target) if item.kind == "page" else None
    if page is None:
        return item
    return replace(item, path=page.path, title=item.title or page.title)


def menu_problems(menus: tuple[Menu, ...], built: Collection[str], pages: Mapping[str, PageRef]) -> list[Problem]:
    """A `site.yaml:line` error for each item whose target the build does not make."""
    problems = []
    for menu in menus:
        for item in menu.items:
            message = _nowhere(item, built, pages)
            if message:
                problems.append(Problem(path=CONFIG_NAME, line=item.line, field="menus",
                                        message=f"{menu.name}: {message}"))
    return problems


def _nowhere(item: MenuItem, built: Collection[str], pages: Mapping[str, PageRef]) -> str | None:
    if item.external:
        return None
    if item.kind == "page":
        if item.target in pages:
            return None
        known = ", ".join(sorted(pages)) or "none"
        return (f"{{page: {item.target}}} names no page (pages are the Markdown files under content/pages/; "
                f"known: {known}): fix the name or add the page")
    path = item.path.split("#", 1)[0].split("?", 1)[0]
    if path in built:
        return None
    if item.kind == "url":
        return (f"{{url: {item.target}}} is not a page this build makes: use the path of one (e.g. /tags/ or a "
                "section's /sport/), or an absolute https:// URL for anything else")
    return (f"{{{item.kind}: {item.target}}}: no published article has this {item.kind}, so /{item.path} is not "
            f"built: fix the name or remove the item")


def nav_sections(sections: tuple[Term, ...], infos: tuple[SectionInfo, ...]) -> tuple[Term, ...]:
    """The navigation's sections: those `sections:` names first, by `order` (ties: as listed), then the
    others alphabetically by URL name, whatever order the articles were read in."""
    place = {slugify(info.name): (info.order, index) for index, info in enumerate(infos)}
    listed = sorted((s for s in sections if s.slug in place), key=lambda s: place[s.slug])
    others = sorted((s for s in sections if s.slug not in place), key=lambda s: s.slug)
    return tuple(listed + others)


def section_descriptions(infos: tuple[SectionInfo, ...]) -> dict[str, str]:
    """Section slug -> its `sections:` description, for the section pages."""
    return {slugify(info.name): info.description for info in infos if info.description}
