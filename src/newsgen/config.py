"""`site.yaml`: the site's settings, validated strictly, with a documented default for every optional key."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import commonmark
from .errors import UserError, did_you_mean
from .frontmatter import FieldMap, parse_field_map
from .yamltext import load_mapping

CONFIG_NAME = "site.yaml"
PERMALINK_TOKENS = ("year", "month", "day", "slug", "section")
MARKDOWN_ENGINES = ("python-markdown", "commonmark")


@dataclass(frozen=True, slots=True)
class Setting:
    """One `site.yaml` key: its type, its default (None = required) and what it does."""

    kind: type | tuple[type, ...]
    default: Any
    doc: str


# The single source of the site.yaml reference (README is generated from it: `newsgen help-config`).
SETTINGS: dict[str, Setting] = {
    "title": Setting(str, None, "Site name, shown in the masthead, page titles and feeds. Required."),
    "base_url": Setting(str, None, "Absolute URL the site is served from, e.g. `https://example.org/news/`. "
                        "A subpath is honoured in every link, feed and sitemap. Required."),
    "description": Setting(str, "", "One-line description for the home page, meta tags and feeds."),
    "language": Setting(str, "en", "Language code of the content (`lang` on `<html>`, feed language)."),
    "timezone": Setting(str, "UTC", "IANA time zone (e.g. `Europe/Berlin`) for dates written without an offset, "
                        "and for deciding which articles are in the future."),
    "per_page": Setting(int, 10, "Articles per listing page (home, tag, section, author pages)."),
    "permalink": Setting(str, "/{year}/{month}/{day}/{slug}/", "URL pattern of article pages; tokens: "
                         "`{year}`, `{month}`, `{day}`, `{slug}`, `{section}`. Must contain `{slug}` and end with `/`."),
    "output": Setting(str, "public", "Output folder, relative to the site folder."),
    "feed_items": Setting(int, 20, "Number of newest articles in each feed."),
    "markdown_engine": Setting(str, "python-markdown", "`python-markdown` (default) or `commonmark` (needs "
                               "`pip install newsgen[fast]`, much faster on big archives)."),
    "cache_dir": Setting(str, ".newsgen-cache", "Build cache folder, relative to the site folder: parsed articles "
                         "by content hash. Safe to delete; keep it between CI runs for fast builds."),
    "logo": Setting(str, "", "Publisher logo (a file in `static/` such as `/images/logo.png`, or an absolute URL) "
                    "for the masthead and the `NewsArticle` structured data search engines read."),
    "twitter_site": Setting(str, "", "The site's X/Twitter handle for card tags, e.g. `@harbourledger`."),
    "newsletter": Setting(dict, {}, "Optional signup block on article pages: `heading`, `text`, `action` (the "
                          "form URL of your newsletter provider; the form posts there), `button` (label), "
                          "`field` (e-mail input name, default `email`). Left out: no block."),
    "more_from": Setting(int, 0, "Show a \"More from <site title>\" list of this many recent headlines on "
                         "article pages (0: no block)."),
    "fields": Setting(dict, {}, "For an imported archive: other front-matter names for newsgen's fields, e.g. "
                      "`tags: [tags, topics, categories]` or `photo: [photo, image, featured_image]`; each field "
                      "takes the first listed key an article has."),
}

NEWSLETTER_KEYS = ("heading", "text", "action", "button", "field")


@dataclass(frozen=True, slots=True, kw_only=True)
class Newsletter:
    """A signup form that posts to the newsroom's own provider: the site stays static."""

    heading: str
    text: str
    action: str
    button: str = "Subscribe"
    field: str = "email"


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteConfig:
    """Validated site settings. Build-time overrides (`--base-url`, `--output`) are applied by `with_overrides`."""

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
    more_from: int = 0
    fields: FieldMap = field(default_factory=dict, hash=False)  # the `fields:` map, validated
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/': '/' or '/news/'."""
        return urlsplit(self.base_url).path

    def digest(self) -> str:
        """Fingerprint of every setting that can change output bytes."""
        text = repr(tuple((name, getattr(self, name)) for name in SETTINGS if name not in ("cache_dir", "output")))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_config(site_dir: Path) -> SiteConfig:
    """Read and validate `site.yaml`; raise BuildFailed-ready UserErrors, never return a half-valid config."""
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
    mapping = load_mapping(text, CONFIG_NAME, what="site.yaml")
    return parse_config(mapping.data, mapping.lines)


def parse_config(data: dict[str, Any], lines: dict[str, int]) -> SiteConfig:
    """Validate a site.yaml mapping; raise UserError naming the key and line of the first problem."""
    for key in data:
        if key not in SETTINGS:
            raise UserError(CONFIG_NAME, f"unknown setting{did_you_mean(key, tuple(SETTINGS))}; known settings: "
                            f"{', '.join(SETTINGS)}", line=lines.get(key), field=key)
    values: dict[str, Any] = {}
    for key, setting in SETTINGS.items():
        if key not in data or data[key] is None:
            if setting.default is None:
                raise UserError(CONFIG_NAME, f"required setting is missing: add `{key}: ...`", line=1, field=key)
            continue
        value = data[key]
        if not isinstance(value, setting.kind) or isinstance(value, bool) and setting.kind is not bool:
            raise UserError(CONFIG_NAME, f"expected {_describe(setting.kind)}, found {value!r}",
                            line=lines.get(key), field=key)
        values[key] = value
    if "newsletter" in values:
        values["newsletter"] = _newsletter(values["newsletter"], lines.get("newsletter"))
    if "fields" in values:
        values["fields"] = parse_field_map(values["fields"], lines.get("fields"), CONFIG_NAME)
    config = SiteConfig(**values, lines=dict(lines))
    problem = _check(config)
    if problem:
        key, message = problem
        raise UserError(CONFIG_NAME, message, line=lines.get(key, 1), field=key)
    return config


def _newsletter(data: dict[str, Any], line: int | None) -> Newsletter | None:
    if not data:
        return None
    for key, value in data.items():
        if key not in NEWSLETTER_KEYS:
            raise UserError(CONFIG_NAME, f"unknown key {key!r}{did_you_mean(str(key), NEWSLETTER_KEYS)}; "
                            f"known: {', '.join(NEWSLETTER_KEYS)}", line=line, field="newsletter")
        if not isinstance(value, str) or not value.strip():
            raise UserError(CONFIG_NAME, f"{key}: expected text, found {value!r}", line=line, field="newsletter")
    missing = [k for k in ("heading", "action") if k not in data]
    if missing:
        raise UserError(CONFIG_NAME, f"missing {' and '.join(missing)}: a signup block needs a heading and the "
                        "form's action URL", line=line, field="newsletter")
    if not re.match(r"https?://", data["action"]):
        raise UserError(CONFIG_NAME, f"action: expected the absolute https URL of your provider's form, found "
                        f"{data['action']!r}", line=line, field="newsletter")
    return Newsletter(heading=data["heading"], text=data.get("text", ""), action=data["action"],
                      button=data.get("button", "Subscribe"), field=data.get("field", "email"))


def with_base_url(config: SiteConfig, base_url: str) -> SiteConfig:
    """Return the config served from another base URL (`--base-url`, the dev server); validated the same way."""
    values = {name: getattr(config, name) for name in SETTINGS}
    values["base_url"] = base_url
    updated = SiteConfig(**values, lines=config.lines)
    problem = _check(updated)
    if problem:
        raise UserError("--base-url", problem[1])
    return updated


def _check(config: SiteConfig) -> tuple[str, str] | None:
    if not config.title.strip():
        return "title", "must not be empty: it names the site in every page title and feed"
    try:
        url = urlsplit(config.base_url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        url = urlsplit("")
    if url.scheme not in ("http", "https") or not url.netloc:
        return "base_url", f"expected an absolute http(s) URL such as https://example.org/, found {config.base_url!r}"
    if url.query or url.fragment:
        return "base_url", f"must not have a query or fragment, found {config.base_url!r}"
    if not url.path.endswith("/"):
        return "base_url", f"must end with '/', e.g. {config.base_url + '/'!r}"
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return "timezone", f"unknown time zone {config.timezone!r}: use an IANA name such as Europe/London or UTC"
    if config.more_from < 0:
        return "more_from", f"must be 0 (no block) or more, found {config.more_from}"
    if config.per_page < 1:
        return "per_page", f"must be at least 1, found {config.per_page}"
    if config.feed_items < 1:
        return "feed_items", f"must be at least 1, found {config.feed_items}"
    if config.markdown_engine not in MARKDOWN_ENGINES:
        return "markdown_engine", f"expected one of {', '.join(MARKDOWN_ENGINES)}, found {config.markdown_engine!r}"
    if config.markdown_engine == "commonmark" and not commonmark.available():
        return "markdown_engine", ("commonmark needs the cmark-gfm engine: `pip install newsgen[fast]` (or "
                                   "`pip install cmarkgfm`), or use python-markdown")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", config.language):
        return "language", f"expected a language code such as en or pt-BR, found {config.language!r}"
    return _check_permalink(config.permalink)


def _check_permalink(pattern: str) -> tuple[str, str] | None:
    tokens = re.findall(r"\{([^{}]*)\}", pattern)
    for token in tokens:
        if token not in PERMALINK_TOKENS:
            return "permalink", f"unknown token {{{token}}}; use {', '.join('{' + t + '}' for t in PERMALINK_TOKENS)}"
    if "slug" not in tokens:
        return "permalink", "must contain {slug}, or two articles would share one URL"
    if not pattern.startswith("/") or not pattern.endswith("/"):
        return "permalink", f"must start and end with '/', found {pattern!r}"
    if re.search(r"[{}]", re.sub(r"\{[^{}]*\}", "", pattern)):
        return "permalink", f"has a '{{' or '}}' that is not part of a token, found {pattern!r}"
    if re.search(r"[^A-Za-z0-9/{}_.~-]", pattern):
        return "permalink", f"may contain only letters, digits, '/', '-', '_', '.', '~' and tokens, found {pattern!r}"
    return None


def _describe(kind: type | tuple[type, ...]) -> str:
    return {str: "text", int: "a whole number", bool: "true or false", list: "a list",
            dict: "a mapping of `key: value` lines"}.get(kind, str(kind))  # type: ignore[arg-type]
