"""One file under content/pages/ -> one `Page`: no date, a URL from its place in the folder. Pure."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.config import SiteConfig
from ..core.errors import BuildFailed, Problem, UserError
from ..core.menusettings import MENU_NAME
from ..core.models import Page, SourceFile
from ..core.slugs import slugify
from . import markup
from .aliases import aliases_of, clean_site_path
from .frontmatter import load_front_matter, split_front_matter
from .languages import extra_of, file_language
from .fieldreader import Fields
from .parse import _body_html, _photo
from .sources import PAGES_DIR, is_page_file, split_pages

__all__ = ["PAGES_DIR", "aliases_of", "clean_site_path", "is_page_file", "may_join_menu", "page_name",
           "parse_page", "parse_pages", "split_pages"]

SCHEMAS = ("WebPage", "AboutPage", "ContactPage")
_BY_NAME = {"about": "AboutPage", "contact": "ContactPage"}
# Every field a page knows; anything else goes into `extra` for templates.
PAGE_FIELDS = frozenset(("title", "summary", "photo", "photo_caption", "photo_alt", "photo_credit", "updated",
                         "draft", "template", "menu", "weight", "slug", "url", "schema", "aliases",
                         "lang", "translation_key"))
_TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_\-/]+\.html$")


def parse_pages(sources: tuple[SourceFile, ...], config: SiteConfig, site_dir: Path
                ) -> tuple[tuple[Page, ...], list[Problem]]:
    """Every page of `sources` and every problem of those that failed (all of them, at once)."""
    pages: list[Page] = []
    problems: list[Problem] = []
    for source in sources:
        try:
            pages.append(parse_page(_with_bytes(source, site_dir), config))
        except UserError as exc:
            problems.append(exc.problem)
        except BuildFailed as exc:
            problems += exc.problems
    return tuple(pages), problems


def _with_bytes(source: SourceFile, site_dir: Path) -> SourceFile:
    """Discovery may keep only the digest (see sources.discover): read the file again."""
    if source.data is not None:
        return source
    try:
        return dataclasses.replace(source, data=(site_dir / source.rel).read_bytes())
    except OSError as exc:
        raise UserError(source.rel, f"cannot read: {exc.strerror}") from None


def page_name(rel: str) -> str:
    """'content/pages/policies/ethics.md' -> 'policies/ethics'."""
    return rel.removeprefix(PAGES_DIR).removesuffix(".md")


def parse_page(source: SourceFile, config: SiteConfig) -> Page:
    """Return the page in `source`; raise BuildFailed with every problem of the file at once."""
    front = split_front_matter(source)
    if front is None:
        raise UserError(source.rel, "no front matter: a page starts with a `---` line, then `title:`, "
                        "then `---`", line=1)
    data = load_front_matter(front, source.rel)
    f = Fields(source.rel, dict(data.data), dict(data.lines), front.first_line)
    body_line = front.first_line + (front.text.count("\n") + 1 if front.text else 0) + 1
    page = _build_page(source, config, f, front.body, body_line)
    if f.problems:
        raise BuildFailed(f.problems, warnings=f.warnings)
    assert page is not None
    return page


def _build_page(source: SourceFile, config: SiteConfig, f: Fields, body_text: str,
                body_line: int) -> Page | None:
    name = page_name(source.rel)
    language = file_language(source.rel, f, config)
    title = f.text("title", required=True)
    path = _path(f, page_name(language.rel), language.prefix)
    updated = f.when("updated", config.zone)
    draft = f.flag("draft")
    photo = _photo(f, f.text("photo"))
    texts = {key: f.text(key) for key in ("summary", "photo_caption", "photo_alt", "photo_credit")}
    menus = _menus(f)
    template = _template(f)
    schema = _schema(f, name)
    weight = _weight(f)
    aliases = aliases_of(f)
    if f.problems:
        return None
    body = _body_html(f, body_text, body_line, config)
    return Page(
        source=source.rel, digest=source.digest, name=name, title=title, path=path,
        summary=texts["summary"] or markup.first_paragraph(body), photo=photo,
        photo_caption=texts["photo_caption"], photo_alt=texts["photo_alt"] or texts["photo_caption"],
        photo_credit=texts["photo_credit"], updated=updated.astimezone(config.zone) if updated else None,
        draft=draft, template=template, schema=schema, menu=menus, weight=weight, aliases=aliases,
        lang=language.code, translation_key=language.key, links=f.links, body_html=body,
        extra=extra_of(f.data, PAGE_FIELDS, config), lines=dict(f.lines))


def _path(f: Fields, name: str, prefix: str = "") -> str:
    """`url: /contact/` wins, then `slug:` (in place of the file name), else the file's place under pages/
    (under its language's folder, `prefix`)."""
    url = f.text("url")
    if url:
        path = clean_site_path(url)
        if path is None:
            f.fail("url", f"expected a site path such as /contact/, found {url!r}")
            return ""
        return path
    parts = PurePosixPath(name).parts
    slug = f.text("slug")
    last = slugify(slug) if slug else slugify(parts[-1])
    if not last:
        f.fail("slug" if slug else "title",
               f"cannot make a URL from {slug or parts[-1]!r}: add `slug: some-name`")
        return ""
    return prefix + "/".join((*(slugify(p) or p for p in parts[:-1]), last)) + "/"


def _template(f: Fields) -> str:
    name = f.text("template")
    if not name:
        return "page.html"
    name = name if name.endswith(".html") else name + ".html"
    if not _TEMPLATE_NAME.match(name) or ".." in name:
        f.fail("template",
               f"expected a template name such as `wide` or `wide.html` (in templates/), found {name!r}")
        return "page.html"
    return name


def _schema(f: Fields, name: str) -> str:
    given = f.text("schema")
    if not given:
        return _BY_NAME.get(PurePosixPath(name).name, "WebPage")
    if given not in SCHEMAS:
        f.fail("schema", f"expected one of {', '.join(SCHEMAS)}, found {given!r}")
        return "WebPage"
    return given


def _menus(f: Fields) -> tuple[str, ...]:
    """`menu: footer` or `menu: [main, footer]`: the names of the menus the page joins."""
    value: Any = f.data.get("menu")
    if value is None or value == "":
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(
            isinstance(n, str) and MENU_NAME.fullmatch(n.strip()) for n in names):
        f.fail("menu", "expected a menu name (lower-case letters, digits, '-' or '_') such as footer, or a "
               f"list such as [main, footer], found {value!r}")
        return ()
    return tuple(dict.fromkeys(n.strip() for n in names))


def may_join_menu(site_dir: Path, rel: str) -> bool:
    """Whether the page file may join a menu from its front matter: a cheap look for a `menu:` line, for the
    article-edit shortcut, which knows no pages (True for a file it cannot read: the full build says why)."""
    try:
        return re.search(rb"^menu\s*:", (site_dir / rel).read_bytes(), re.MULTILINE) is not None
    except OSError:
        return True


def _weight(f: Fields) -> int:
    value: Any = f.data.get("weight")
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        f.fail("weight",
               f"expected a whole number such as 10 (lower comes first in the menu), found {value!r}")
        return 0
    return value


def page_problem(page: Page, message: str, key: str = "title") -> Problem:
    return Problem(path=page.source, line=page.lines.get(key) or page.lines.get("title"), field=key,
                   message=message)
