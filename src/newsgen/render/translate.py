"""The theme in the page's language: `t(key, **params)`, `| localdate(kind)`, `text_direction(code)` and
the localised page titles, as Jinja globals and filters.

Every template renders with `lang`, the page's language code, computed by `page_language` alone (a
multi-language site changes only that function). `t` and `localdate` read it from the template's context;
a macro that prints words or dates is imported `with context` for that reason.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..core import dates, strings
from ..core.config import SiteConfig
from ..core.stringsettings import SiteStrings
from ..site.plan import OutputKind, OutputSpec
from .dateformat import DateFormats, babel_locale

_RTL = frozenset({"ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr"})


def page_language(spec: OutputSpec, config: SiteConfig) -> str:
    """The language of one page: `lang` in every template. The one place that decides it: the output's own
    language on a multilingual site (`languages:`, see site.languages), else the site's `language:`."""
    return spec.lang or config.language


@cache  # a pure function of the code; CLDR data does not change under a process
def text_direction(code: str) -> str:
    """"rtl" for a right-to-left language (Arabic, Hebrew, Persian, Urdu ...), else "ltr"."""
    base = code.split("-")[0].lower()
    if base in _RTL:
        return "rtl"
    return "rtl" if babel_locale(code).character_order == "right-to-left" and base != "en" else "ltr"


def _compiled(entry: strings.Entry) -> Markup | dict[str, Markup]:
    """A table entry as escaped markup, ready to fill in: the theme's words are text, never HTML."""
    if isinstance(entry, str):
        return Markup(escape(entry))
    return {form: Markup(escape(text)) for form, text in entry}


class Translator:
    """The strings of every language a build's pages use: shipped tables under the site's own."""

    def __init__(self, overrides: SiteStrings, formats: DateFormats):
        self._own = {code: dict(table) for code, table in overrides}
        self._tables: dict[str, dict[str, Any]] = {}
        self._datetimes: dict[tuple[Any, ...], Markup] = {}
        self.formats = formats

    def table(self, lang: str) -> dict[str, Any]:
        found = self._tables.get(lang)
        if found is None:
            merged = dict(strings.shipped_table(strings.table_for(lang)))
            for code in dict.fromkeys((lang.split("-")[0], lang)):  # `es` strings also serve `es-MX` pages
                merged.update(self._own.get(code, {}))
            found = self._tables[lang] = {key: _compiled(entry) for key, entry in merged.items()}
        return found

    def text(self, lang: str, key: str, params: dict[str, Any]) -> Markup:
        try:
            entry = self.table(lang)[key]
        except KeyError:
            raise ValueError(f"t({key!r}): the theme has no such string; known: "
                             f"{', '.join(strings.all_keys())}") from None
        if isinstance(entry, dict):
            if "count" not in params:
                raise ValueError(f"t({key!r}) needs count=... to choose its plural form")
            entry = entry.get(self.formats.plural_form(lang, params["count"]), entry["other"])
        if not params:
            return entry
        # Markup.format would escape the values too, at some 20 µs a call; the text is escaped already and
        # has plain `{name}` fields only (core.strings refuses conversions and format specs), so str.format
        # over escaped values gives the same markup in a tenth of the time.
        return Markup(str.format(entry, **{name: escape(value) for name, value in params.items()}))

    def date(self, value: dt.datetime, kind: str, lang: str) -> str | Markup:
        if kind == "iso":
            return dates.rfc3339(value)
        if kind == "datetime":
            key = (lang, value, value.utcoffset(), value.tzinfo, value.tzname())
            found = self._datetimes.get(key)
            if found is None:
                found = self._datetimes[key] = self.text(lang, "date_time", {
                    "date": self.formats.format(value, "date", lang), "time": self.formats.format(value, "time", lang),
                    "zone": value.tzname() or value.strftime("%z")})
            return found
        return self.formats.format(value, kind, lang)


def context_language(context: jinja2.runtime.Context) -> str:
    """The language of the page a template runs for (`lang`; the site's when a template has none)."""
    # `lang` is a render() argument, so it sits in the context's parent (and in a `with context` import's);
    # reading it there skips Context.get's resolution, called on every t() and localdate.
    lang = context.parent.get("lang") or context.get("lang")
    return lang if isinstance(lang, str) else context["site"].language


def _month(translator: Translator, path: str, lang: str) -> str:
    """ "November 2026" for a month archive's path, `2026/11/` (urls.month_path; `es/2026/11/` under a
    language's folder)."""
    year, month = path.strip("/").split("/")[-2:]
    return translator.formats.format(dt.datetime(int(year), int(month), 1, tzinfo=dt.UTC), "month", lang)


def page_name(translator: Translator, lang: str, spec: OutputSpec) -> str | Markup:
    """A page's own name in its language, without "(page 2)": a month archive's "noviembre de 2026"."""
    kind = spec.kind
    if kind == OutputKind.TAGS:
        return translator.text(lang, "topics", {})
    if kind == OutputKind.CORRECTIONS:
        return translator.text(lang, "corrections", {})
    if kind == OutputKind.NOT_FOUND:
        return translator.text(lang, "not_found_title", {})
    if kind == OutputKind.SEARCH:
        return translator.text(lang, "search", {})
    if kind == OutputKind.MONTH and spec.pagination:
        return _month(translator, spec.pagination.first_path, lang)
    if spec.pagination and spec.pagination.number > 1:
        return spec.title.rsplit(f" (page {spec.pagination.number})", 1)[0]
    return spec.title


def redirect_words(config: SiteConfig, lang: str) -> tuple[str, str]:
    """The redirect page's title ("Moved: {title}") and heading, as plain text."""
    translator = Translator(config.strings, DateFormats())
    return tuple(translator.text(lang, key, {}).unescape() for key in ("moved_title", "moved_heading"))  # type: ignore[return-value]


def install(env: jinja2.Environment, config: SiteConfig) -> Translator:
    """Add `t`, `localdate`, `text_direction`, `page_name`, `page_title`, `month_label` and `plural_forms`
    to `env`."""
    translator = Translator(config.strings, DateFormats(config.theme.date_format, config.theme.time_format))

    @jinja2.pass_context
    def t(context: jinja2.runtime.Context, key: str, **params: Any) -> Markup:
        return translator.text(context_language(context), key, params)

    @jinja2.pass_context
    def localdate(context: jinja2.runtime.Context, value: dt.datetime, kind: str = "date") -> str | Markup:
        return translator.date(value, kind, context_language(context))

    @jinja2.pass_context
    def name(context: jinja2.runtime.Context, spec: OutputSpec) -> str | Markup:
        return page_name(translator, context_language(context), spec)

    @jinja2.pass_context
    def title(context: jinja2.runtime.Context, spec: OutputSpec) -> str | Markup:
        """The page's <title> text before the site's name: its name, and "(page 2)" past the first page."""
        lang = context_language(context)
        own = page_name(translator, lang, spec)
        if spec.pagination and spec.pagination.number > 1:
            return translator.text(lang, "title_paged", {"title": own, "number": spec.pagination.number})
        return own

    @jinja2.pass_context
    def month_label(context: jinja2.runtime.Context, link: Any) -> str:
        """A year archive's link to one month (an ArchiveLink), named in the page's language."""
        return _month(translator, link.path, context_language(context))

    @jinja2.pass_context
    def plural_forms(context: jinja2.runtime.Context, key: str) -> str:
        """A plural string's forms as JSON ({"one": ..., "other": ...}), for a script that counts in the
        browser (js/search.js picks the form with Intl.PluralRules, the same CLDR rules as Babel)."""
        entry = translator.table(context_language(context))[key]
        forms = entry if isinstance(entry, dict) else {"other": entry}
        return json.dumps({form: text.unescape() for form, text in forms.items()}, ensure_ascii=False)

    env.globals.update(t=t, text_direction=text_direction, page_name=name, page_title=title,
                       month_label=month_label, plural_forms=plural_forms)
    env.filters["localdate"] = localdate
    return translator
