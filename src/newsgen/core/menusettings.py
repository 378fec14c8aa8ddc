"""The `menus:` setting of site.yaml: named lists of links (`main` replaces the section bar, `footer` joins
the footer), each item a URL, a page, a section or a tag. Parsed here; checked against what is built in
site.menus."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from . import urls
from .slugs import slugify

ITEM_KINDS = ("url", "page", "section", "tag")
MENU_NAME = re.compile(r"[a-z][a-z0-9_-]*")  # also what a page's `menu:` front matter may name


@dataclass(frozen=True, slots=True, kw_only=True)
class MenuItem:
    """One link of a menu. `path` is a site path ('sport/') for sections, tags and site URLs, '' for pages
    (resolved by name when built) and absolute URLs (`url` keeps those)."""

    kind: str  # one of ITEM_KINDS
    target: str  # as written: the URL, page name, section or tag name
    title: str
    path: str = ""
    external: str = ""  # an absolute http(s) URL, shown as is
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Menu:
    name: str
    items: tuple[MenuItem, ...]
    # False for a menu only pages' `menu:` front matter makes: a `main` of that kind adds to the section
    # bar instead of replacing it (the bar is replaced only by a `menus.main` written in site.yaml).
    declared: bool = True


def parse_menus(value: Any, lines: dict[str, int]) -> tuple[tuple[Menu, ...], list[tuple[str, int | None]]]:
    """The menus of a `menus:` mapping in the order given, and every problem as (message, line)."""
    if not isinstance(value, dict):
        return (), [("expected a mapping of menu names to lists, such as `main: [{section: Sport}]`", None)]
    menus: list[Menu] = []
    problems: list[tuple[str, int | None]] = []
    for name, items in value.items():
        line = lines.get(f"menus.{name}")
        if not isinstance(name, str) or not MENU_NAME.fullmatch(name):
            problems.append((f"{name!r}: a menu name is lower-case letters, digits, '-' or '_', such as main or "
                             "footer", line))
        elif not isinstance(items, list):
            problems.append((f"{name}: expected a list of items such as [{{section: Sport}}, {{title: About, "
                             f"url: /about/}}], found {type(items).__name__}", line))
        else:
            parsed = [_item(name, i, item, lines.get(f"menus.{name}.{i}", line), problems)
                      for i, item in enumerate(items)]
            menus.append(Menu(name=name, items=tuple(p for p in parsed if p is not None)))
    return tuple(menus), problems


def _item(menu: str, index: int, item: Any, line: int | None,
          problems: list[tuple[str, int | None]]) -> MenuItem | None:
    where = f"{menu}[{index}]"
    if not isinstance(item, dict):
        problems.append((f"{where}: expected {{title: ..., url: ...}}, {{page: about}}, {{section: Sport}} or "
                         f"{{tag: elections}}, found {item!r}", line))
        return None
    kind = _item_kind(where, item, line, problems)
    if kind is None:
        return None
    target, title = item[kind], item.get("title", "")
    if not isinstance(target, str) or not target.strip() or not isinstance(title, str):
        problems.append((f"{where}: {kind} and title must be text, found {kind}: {target!r}", line))
        return None
    target = target.strip()
    if kind == "url":
        return _url_item(where, target, title.strip(), line, problems)
    slug = slugify(target)
    path = {"section": urls.section_path, "tag": urls.tag_path}.get(kind)
    return MenuItem(kind=kind, target=target, title=title.strip() or (target if kind != "page" else ""),
                    path=path(slug) if path else "", line=line)


def _item_kind(where: str, item: dict[Any, Any], line: int | None,
               problems: list[tuple[str, int | None]]) -> str | None:
    """The one item kind the map names (url, page, section or tag); a problem when it names none, several or
    an unknown key."""
    kinds = [k for k in ITEM_KINDS if k in item]
    unknown = [k for k in item if k not in (*ITEM_KINDS, "title")]
    if len(kinds) != 1 or unknown:
        found = ", ".join(map(str, item)) or "nothing"
        problems.append((f"{where}: expected exactly one of {', '.join(ITEM_KINDS)} (and an optional title), "
                         f"found {found}", line))
        return None
    return kinds[0]


def _url_item(where: str, url: str, title: str, line: int | None,
              problems: list[tuple[str, int | None]]) -> MenuItem | None:
    if not title:
        problems.append((f"{where}: a url item needs a title, e.g. {{title: Archive, url: {url}}}", line))
        return None
    if re.match(r"https?://", url):
        return MenuItem(kind="url", target=url, title=title, external=url, line=line)
    if not url.startswith("/") or url.startswith("//"):
        problems.append((f"{where}: url: expected an absolute http(s) URL or a site path starting with / such "
                         f"as /about/, found {url!r}", line))
        return None
    return MenuItem(kind="url", target=url, title=title, path=url.lstrip("/"), line=line)


def with_prefix(menus: tuple[Menu, ...], prefix: str) -> tuple[Menu, ...]:
    """The menus of one language's pages: its section and tag items lead to the pages under its `prefix`
    ('es/'); site paths and pages are linked as written."""
    if not prefix:
        return menus
    return tuple(Menu(name=menu.name, items=tuple(
        replace(item, path=prefix + item.path) if item.kind in ("section", "tag") else item
        for item in menu.items)) for menu in menus)
