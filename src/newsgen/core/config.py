"""`site.yaml`: the site's settings, validated strictly, with a documented default for every optional key."""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from . import settingrules as rules
from .errors import BuildFailed, Problem, UserError, did_you_mean
from .fields import FieldMap, parse_field_map
from .folders import folder_problems, output_dir_problem
from .homesettings import HomeLayout, SectionInfo, parse_home, parse_sections
from .languagesettings import Language, parse_languages
from .menusettings import Menu, parse_menus, with_prefix
from .newslettersettings import Newsletter, parse_newsletter
from .newssitemap import NewsSitemapSettings, parse_news_sitemap
from .searchsettings import CHECK_DOC, SEARCH_DOC, CheckSettings, parse_check
from .settingrules import PERMALINK_TOKENS
from .shortcodefiles import site_shortcodes
from .stringsettings import SiteStrings, parse_strings, site_strings
from .themesettings import Theme, parse_theme, wordmark_problem
from .warningkinds import WarningSettings, parse_warnings
from .yamltext import load_mapping

__all__ = ["CONFIG_NAME", "PERMALINK_TOKENS", "SETTINGS", "SettingsRefused", "SiteConfig", "check_output_dir",
           "load_config", "parse_config", "with_base_url"]

CONFIG_NAME = "site.yaml"
MARKDOWN_ENGINES = ("python-markdown", "commonmark")


@dataclass(frozen=True, slots=True)
class Setting:
    """One `site.yaml` key: its type, its default (None = required) and what it does."""

    kind: type | tuple[type, ...]
    default: Any
    doc: str


# The single source of the site.yaml reference: README's table (`python -m newsgen.reference --write README.md`)
# and the comments of `newsgen init`'s site.yaml are generated from it.
SETTINGS: dict[str, Setting] = {
    "title": Setting(str, None, "Site name, shown in the masthead, page titles and feeds. Required."),
    "base_url": Setting(str, None, "Absolute URL the site is served from, e.g. `https://example.org/news/`. "
                        "A subpath is honoured in every link, feed and sitemap. ASCII only (a host in its `xn--` form, the path "
                        "percent-encoded), no user name or password. Required."),
    "description": Setting(str, "", "One-line description for the home page, meta tags and feeds."),
    "language": Setting(str, "en", "Language code of the content (`lang` on `<html>`, feed language); "
                        "with `languages:`, the first language's code is used instead."),
    "timezone": Setting(str, "UTC", "IANA time zone (e.g. `Europe/Berlin`) for dates written without an offset, "
                        "and for deciding which articles are in the future."),
    "per_page": Setting(int, 10, "Articles per listing page (home, tag, section, author pages), 1 to 1000."),
    "permalink": Setting(str, "/{year}/{month}/{day}/{slug}/", "URL pattern of article pages; tokens: "
                         "`{year}`, `{month}`, `{day}`, `{slug}`, `{section}`. Must contain `{slug}` and end with `/`; no part "
                         "between slashes may be empty or start or end with `.` (every page stays inside the output "
                         "folder)."),
    "output": Setting(str, "public", "Output folder, relative to the site folder (`../public-out` is fine). It may "
                      "not be, hold or sit inside the site folder itself, `content/`, `static/`, `templates/` or "
                      "the cache."),
    "feed_items": Setting(int, 20, "Number of newest articles in each feed, 1 to 1000."),
    "markdown_engine": Setting(str, "python-markdown", "`python-markdown` (default) or `commonmark` (needs "
                               "`pip install newsgen[fast]`, much faster on big archives)."),
    "cache_dir": Setting(str, ".newsgen-cache", "Build cache folder, relative to the site folder: parsed articles "
                         "by content hash. Safe to delete; keep it between CI runs for fast builds. Kept apart from the output folder "
                         "(it holds drafts) and the site's own folders, like `output`."),
    "logo": Setting(str, "", "Publisher logo (a file in `static/` such as `/images/logo.png`, or an absolute URL) "
                    "for the masthead and the `NewsArticle` structured data search engines read."),
    "twitter_site": Setting(str, "", "The site's X/Twitter handle for card tags, e.g. `@harbourledger`."),
    "images": Setting(dict, {}, "Photo pipeline: `widths` (responsive variant widths, default [480, 800, 1200, 1600], "
                      "never upscaled), `quality` (1 to 100, default 80), `keep_metadata` (default false: GPS "
                      "and device serials are removed from every published image; credit fields stay)."),
    "newsletter": Setting(dict, {}, "Optional signup block on article pages: `heading`, `text`, `action` (the "
                          "form URL of your newsletter provider; the form posts there), `button` (label), "
                          "`field` (e-mail input name, default `email`). Left out: no block."),
    "more_from": Setting(int, 0, "Show a \"More from <site title>\" list of this many recent headlines on "
                         "article pages (0: no block; at most 100)."),
    "policies": Setting(dict, {}, "Trust pages by kind, each naming a page under `content/pages/` "
                        "(without `.md`), e.g. `ethics: policies/ethics`: linked in the footer and named in "
                        "the publisher `Organization` JSON-LD (`ethics` -> `publishingPrinciples`, "
                        "`corrections`, `diversity`, `ownership`, `masthead`, `feedback`, `verification`, "
                        "`unnamed_sources`, `mission`, `contact`, `diversity_staffing`). A page that does "
                        "not exist is an error."),
    "fields": Setting(dict, {}, "For an imported archive: other front-matter names for newsgen's fields, e.g. "
                      "`tags: [tags, topics, categories]` or `photo: [photo, image, featured_image]`; each field "
                      "takes the first listed key an article has."),
    "theme": Setting(dict, {}, "Look of the built-in theme: `accent` (link and rule colour, `#rrggbb`, with a "
                     "contrast of at least 4.5:1 on the page background), `logo_display` (`icon`, the "
                     "default: the `logo` beside the title; `wordmark`: the logo instead of the title text; "
                     "either way at the shape its file gives), `date_format` and `time_format` (CLDR "
                     "patterns, see Strings), `head_html` (inserted at the end of every page's `<head>`) and "
                     "`body_end_html` (before `</body>`). The two HTML keys are inserted as written, NOT "
                     "escaped: put only markup you trust there."),
    "embeds": Setting(dict, {}, "Third-party embeds (`youtube`): `load: click` (default: a preview and a button, "
                      "nothing is requested from the provider until the reader presses it) or `load: "
                      "immediately` (the player itself)."),
    "menus": Setting(dict, {}, "Named link lists: `main` replaces the section bar, `footer` is added to the "
                     "footer. Each item is `{title: About, url: /about/}` (a site path or an absolute URL), "
                     "`{page: about}`, `{section: Sport}` or `{tag: elections}` (an optional `title` replaces "
                     "the name), in the order given, then pages joining by front matter (`menu: footer`). "
                     "An item pointing at nothing the build makes is an error."),
    "home": Setting(dict, {}, "Front-page blocks: `sections: [News, Sport]` gives page 1 of the home page a "
                    "block per section under the latest stories, each with its `per_section` newest articles "
                    "(default 4, at most 50) and a link to the section page. A section no published article "
                    "has is an error."),
    "sections": Setting(list, (), "Sections' descriptions and navigation order: a list of names or of "
                        "`{name: Sport, description: ..., order: 2}`. Without `menus.main` the navigation shows "
                        "the sections in this order (by `order`, else as listed), then any others A to Z; the "
                        "description is shown on the section's page."),
    "languages": Setting(list, (), "A multilingual site's languages, the first the default: "
                         "`[{code: en, title: The Courier}, {code: es, title: El Correo, path: es}]`. `code` is "
                         "an ISO 639-1 code (optionally with a region, `pt-BR`); `path` the folder of the "
                         "language's pages (required for all but the first); `title`, `description`, `menus`, "
                         "`home` and `newsletter` replace the site-level settings on that language's pages. "
                         "See \"Languages\" above."),
    "strings": Setting(dict, {}, "The theme's words, changed (`by: Words by`, `es: {by: Por}`): see Strings."),
    "warnings": Setting(dict, {}, "Warning kinds not to print: `ignore: [no-photo, no-author]` (each "
                        "warning is printed with its kind; the codes are listed under \"Warning kinds\"). An "
                        "unknown kind is an error."),
    "news_sitemap": Setting(dict, {}, "The Google News sitemap: `exclude_types: [opinion]` keeps articles of "
                            "those `type`s out of it (they stay in `sitemap.xml`, feeds and listings)."),
    "search": Setting(bool, False, SEARCH_DOC),
    "check": Setting(dict, {}, CHECK_DOC),
}

_NO_BYTES = ("cache_dir", "output", "warnings")  # settings that change no output file, only what is printed

@dataclass(frozen=True, slots=True, kw_only=True)
class SiteConfig:
    """Validated site settings. `--base-url` is applied by `with_base_url`; `--output` is checked by
    `check_output_dir`."""

    title: str
    base_url: str
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    per_page: int = 10
    permalink: str = "/{year}/{month}/{day}/{slug}/"
    output: str = "public"
    feed_items: int = 20
    markdown_engine: str = "python-markdown"
    cache_dir: str = ".newsgen-cache"
    logo: str = ""
    twitter_site: str = ""
    newsletter: Newsletter | None = None
    images: rules.ImageSettings = field(default_factory=rules.ImageSettings)
    more_from: int = 0
    policies: dict[str, str] = field(default_factory=dict, hash=False)  # `policies:` as written
    # The policies resolved to the pages' (key, path, title), set by the build once pages are known.
    policy_links: tuple[tuple[str, str, str], ...] = ()
    # The pages' (name, path, title), set by the build once pages are known, for `{page: ...}` menu items.
    page_links: tuple[tuple[str, str, str], ...] = ()
    fields: FieldMap = field(default_factory=dict, hash=False)  # the `fields:` map, validated
    theme: Theme = Theme()
    embeds: rules.EmbedSettings = field(default_factory=rules.EmbedSettings)
    # The site's shortcode templates, (name, Jinja source), read from templates/shortcodes/ by load_config.
    shortcodes: tuple[tuple[str, str], ...] = ()
    menus: tuple[Menu, ...] = ()
    home: HomeLayout = HomeLayout()
    sections: tuple[SectionInfo, ...] = ()
    languages: tuple[Language, ...] = ()
    strings: SiteStrings = ()  # site.yaml's `strings:` over the files strings/<lang>.yaml
    warnings: WarningSettings = WarningSettings()
    news_sitemap: NewsSitemapSettings = field(default_factory=NewsSitemapSettings)
    search: bool = False
    check: CheckSettings = CheckSettings()
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/': '/' or '/news/'."""
        return urlsplit(self.base_url).path

    def menu(self, name: str) -> Menu | None:
        return next((menu for menu in self.menus if menu.name == name), None)

    def language_entry(self, code: str) -> Language | None:
        return next((language for language in self.languages if language.code == code), None)

    def in_language(self, code: str) -> SiteConfig:
        """The settings of one language's pages: its code, and its title and other text settings over the
        site-level ones (a menu it gives links to its own sections and tags). Itself for the default."""
        language = self.language_entry(code)
        if language is None or language is self.languages[0]:
            return self
        values = dict(language.overrides)
        if "menus" in values:
            values["menus"] = with_prefix(values["menus"], language.prefix)
        return replace(self, language=code, **values)

    def digest(self) -> str:
        """Fingerprint of every setting that can change output bytes. Not the site's shortcode templates:
        a parse records the ones it ran (content.parse.Parsed.shortcodes), so an edited template re-parses
        only the articles that use it; the build record sees the edit as a changed file under templates/."""
        text = repr(tuple((name, getattr(self, name)) for name in SETTINGS if name not in _NO_BYTES))
        if self.policy_links:  # a policy page's new title or address is in every footer
            text += repr(self.policy_links)
        if self.page_links and self.menus:  # a page's new title or address is in every menu naming it
            text += repr(self.page_links)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class SettingsRefused(BuildFailed, UserError):
    """Every problem of one site.yaml. A BuildFailed, so that a build reports them all; a UserError too, so
    that the callers that read site.yaml only for one setting (the clock's time zone, the dev server's first
    look) keep treating it as the user mistake it is."""

    def __init__(self, problems: list[Problem]):
        # Not BuildFailed.__init__: in this class's MRO its super() would be UserError's (path, message).
        self.problems = tuple(sorted(problems, key=lambda p: p.sort_key))
        self.problem = self.problems[0]
        Exception.__init__(self, "\n".join(str(p) for p in self.problems))


def load_config(site_dir: Path) -> SiteConfig:
    """Read and validate `site.yaml`; raise a UserError (SettingsRefused for several), never return a
    half-valid config."""
    path = site_dir / CONFIG_NAME
    if not path.is_file():
        raise UserError(CONFIG_NAME, f"no {CONFIG_NAME} in {site_dir}: a site folder needs one with at least "
                        "`title` and `base_url` (run `newsgen init` to start a new site)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise UserError(CONFIG_NAME, f"not UTF-8 text (byte {exc.start}): save the file as UTF-8", line=line) from None
    except OSError as exc:
        raise UserError(CONFIG_NAME, f"cannot read: {exc.strerror}") from None
    mapping = load_mapping(text, CONFIG_NAME, what="site.yaml", deep=("menus", "strings", "languages"))
    config = parse_config(mapping.data, mapping.lines, site_dir=site_dir)
    strings, problems = site_strings(site_dir, config.strings)
    if problems:
        raise SettingsRefused(problems)
    return replace(config, shortcodes=site_shortcodes(site_dir), strings=strings)


class _Problems(list[Problem]):
    """The problems found so far, each at its key's line."""

    def __init__(self, lines: dict[str, int]):
        super().__init__()
        self.lines = lines

    def add(self, key: str, message: str, *, line: int | None = None) -> None:
        self.append(Problem(path=CONFIG_NAME, message=message, line=line or self.lines.get(key, 1), field=key))

    def raise_any(self) -> None:
        if len(self) == 1:  # one problem stays a plain UserError, as callers and messages always had it
            raise UserError(CONFIG_NAME, self[0].message, line=self[0].line, field=self[0].field)
        if self:
            raise SettingsRefused(self)


def parse_config(data: dict[str, Any], lines: dict[str, int], *, site_dir: Path | None = None) -> SiteConfig:
    """Validate a site.yaml mapping; raise every problem at once, each naming its key and line. With
    `site_dir`, also check the folders it names against the site's own."""
    problems = _Problems(lines)
    for key in data:
        if key not in SETTINGS:
            problems.add(key, f"unknown setting{did_you_mean(str(key), tuple(SETTINGS))}; known settings: "
                         f"{', '.join(SETTINGS)}")
    values = _typed_values(data, problems)
    for key, value in list(values.items()):
        message = _RULES[key](value) if key in _RULES else None
        if message:
            problems.add(key, message)
            del values[key]
    _menus(values, lines, problems)
    _nested(values, problems)
    _languages(values, lines, problems)
    if site_dir is not None:
        _check_folders(site_dir, values, data, problems)
    problems.raise_any()
    return SiteConfig(**values, lines=dict(lines))


def _menus(values: dict[str, Any], lines: dict[str, int], problems: _Problems) -> None:
    """`menus:` and `strings:` replaced by their parsed values, a problem at its line for each bad item."""
    language = values.get("language", "en")
    for key, parse in (("menus", parse_menus), ("strings", lambda v, lines: parse_strings(v, lines, language))):
        if key in values:
            values[key], item_problems = parse(values[key], lines)
            for message, line in item_problems:
                problems.add(key, message, line=line)


def _languages(values: dict[str, Any], lines: dict[str, int], problems: _Problems) -> None:
    """`languages:` parsed, its menus, home and newsletter by the site-level settings' own rules; the default
    language's code becomes `language`."""
    if "languages" not in values:
        return
    values["languages"], found = parse_languages(values["languages"], lines)
    for message, line in found:
        problems.add("languages", message, line=line)
    if values["languages"]:  # the default language's settings are the site's own
        default = values["languages"][0]
        if values.get("language", default.code) != default.code:
            problems.add("language", f"language: {values['language']} but the first of `languages:` (the "
                         f"default) is {default.code}: remove `language:` or make them the same")
        values.update(dict(default.overrides), language=default.code)


def _nested(values: dict[str, Any], problems: _Problems) -> None:
    """The settings that are maps or lists of their own, each replaced by its parsed value; every problem
    is reported at the setting's line."""
    for key, parse in (("newsletter", parse_newsletter), ("images", rules.image_settings), ("fields", parse_field_map),
                       ("embeds", rules.embed_settings), ("theme", parse_theme), ("home", parse_home),
                       ("sections", parse_sections), ("warnings", parse_warnings),
                       ("news_sitemap", parse_news_sitemap), ("check", parse_check)):
        if key in values:
            values[key], messages = parse(values[key])  # type: ignore[operator]
            for message in messages:
                problems.add(key, message)
    if message := wordmark_problem(values.get("theme"), values.get("logo")):
        problems.add("theme", message)


def _typed_values(data: dict[str, Any], problems: _Problems) -> dict[str, Any]:
    """The given settings of the right type; a problem for each missing required or mistyped one."""
    values: dict[str, Any] = {}
    for key, setting in SETTINGS.items():
        value = data.get(key)
        if value is None:
            if setting.default is None:
                problems.add(key, f"required setting is missing: add `{key}: ...`", line=1)
        elif not isinstance(value, setting.kind) or isinstance(value, bool) is not (setting.kind is bool):
            quoted = setting.kind is int and isinstance(value, str) and value.isdigit()
            hint = ": remove the quotes" if quoted else ""
            problems.add(key, f"expected {_describe(setting.kind)}, found {_shown(value)}{hint}")
        else:
            values[key] = value
    return values


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def commonmark_available() -> bool:
    """True when the optional cmark-gfm engine is installed; asked without importing it (or content/)."""
    return importlib.util.find_spec("cmarkgfm") is not None


def _engine_problem(engine: str) -> str | None:
    if engine not in MARKDOWN_ENGINES:
        return f"expected one of {', '.join(MARKDOWN_ENGINES)}, found {_shown(engine)}"
    if engine == "commonmark" and not commonmark_available():
        return ("commonmark needs the cmark-gfm engine: `pip install newsgen[fast]` (or "
                "`pip install cmarkgfm`), or use python-markdown")
    return None


# Each setting's own rule (after its type is checked); the caps keep pages and feeds a sane size.
_RULES: dict[str, Callable[[Any], str | None]] = {
    "title": lambda v: rules.required_text_problem(v, "it names the site in every page title and feed"),
    "base_url": lambda v: rules.url_problem(v, folder=True),
    "description": rules.text_problem,
    "language": rules.language_problem,
    "timezone": rules.zone_problem,
    "per_page": lambda v: rules.whole_number_problem(v, low=1, high=1000),
    "permalink": rules.permalink_problem,
    "output": rules.folder_problem,
    "feed_items": lambda v: rules.whole_number_problem(v, low=1, high=1000),
    "markdown_engine": _engine_problem,
    "cache_dir": rules.folder_problem,
    "logo": rules.logo_problem,
    "twitter_site": rules.handle_problem,
    "policies": rules.policies_problem,
    "more_from": lambda v: rules.whole_number_problem(v, low=0, high=100, what="0 (no block)"),
}


def with_base_url(config: SiteConfig, base_url: str) -> SiteConfig:
    """Return the config served from another base URL (`--base-url`, the dev server), validated the same
    way."""
    problem = rules.url_problem(base_url, folder=True)
    if problem:
        raise UserError("--base-url", problem)
    values = {name: getattr(config, name) for name in SETTINGS}
    values["base_url"] = base_url
    return SiteConfig(**values, shortcodes=config.shortcodes, lines=config.lines)


def check_output_dir(site_dir: Path, output_dir: Path, config: SiteConfig) -> str | None:
    """The problem of building into `output_dir` (`--output`), by the rules `output:` follows; None if
    fine."""
    return output_dir_problem(site_dir, output_dir, config.cache_dir)


def _check_folders(site_dir: Path, values: dict[str, Any], data: dict[str, Any], problems: _Problems) -> None:
    """The output folder, the cache, the site folder and its content/, static/, templates/ are all apart."""
    given = {key: values.get(key, SETTINGS[key].default) for key in ("output", "cache_dir")}
    if any(key in data and key not in values for key in given):
        return  # a folder setting that is already wrong cannot be placed
    for key, message in folder_problems(site_dir, given, data):
        problems.add(key, message)


def _describe(kind: type | tuple[type, ...]) -> str:
    return {str: "text", int: "a whole number", bool: "true or false", list: "a list",
            dict: "a mapping of `key: value` lines"}.get(kind, str(kind))  # type: ignore[arg-type]
