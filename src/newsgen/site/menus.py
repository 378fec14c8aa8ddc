"""`menus:` against the site being built: every item must point at a page the build makes. Pure.

Pages (`{page: about}`) are looked up in a mapping of page names to their path and title, passed in by
whoever knows the pages; without one, a page item is an error like any other item pointing nowhere.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from ..core.errors import Problem
from ..core.homesettings import SectionInfo
from ..core.menusettings import Menu, MenuItem
from ..core.models import Page, Term
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


def with_page_entries(menus: tuple[Menu, ...], pages: Iterable[Page]) -> tuple[Menu, ...]:
    """The menus with the pages that join them from their front matter (`menu: footer`, `weight: 10`).

    In each menu the site.yaml items come first, in their order; then the joining pages by `weight` (lower
    first), equal weights by title, then by page name. A page the menu already lists as `{page: ...}` in
    site.yaml is not added again. A menu no site.yaml names is made for its pages (after the site.yaml
    menus, by name) with `declared=False`. `pages` are the published ones: a draft joins no menu."""
    joining: dict[str, list[Page]] = {}
    for page in pages:
        for name in page.menu:
            joining.setdefault(name, []).append(page)
    if not joining:
        return menus
    merged = [_joined(menu, joining.pop(menu.name, [])) for menu in menus]
    merged += [_joined(Menu(name=name, items=(), declared=False), joining[name]) for name in sorted(joining)]
    return tuple(merged)


def _joined(menu: Menu, pages: list[Page]) -> Menu:
    listed = {item.target for item in menu.items if item.kind == "page"}
    joining = sorted((p for p in pages if p.name not in listed),
                     key=lambda p: (p.weight, p.title.casefold(), p.name))
    if not joining:
        return menu
    added = tuple(MenuItem(kind="page", target=p.name, title="") for p in joining)  # title: the page's
    return replace(menu, items=menu.items + added)


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
