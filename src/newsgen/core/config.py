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
from .searchsettings import CheckSettings, parse_check
from .settingtable import SETTINGS
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
        # Section blocks name sections, and a language has sections of its own (Ciudad, not City): without a
        # `home:` of its own, a language's front page has no blocks rather than an error for each name.
        values.setdefault("home", HomeLayout())
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
