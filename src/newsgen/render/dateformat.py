"""Reader-facing dates and times in the page's language, through Babel's CLDR data.

One `DateFormats` per Jinja environment. It keeps the Babel locale and the parsed pattern of each
(language, kind) and the text of every (language, kind, instant) it has formatted: an article's date is
shown on its page and on every listing, related list and 404 page that carries it, so most calls are a
dictionary look-up (benchmarks in tests/test_dateformat.py's module docstring).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# `en` alone keeps what the theme always printed, British English ("28 November 2026", 24-hour times);
# `en-US` and the other regional forms get their own CLDR formats.
_LOCALE_FOR = {"en": "en_GB"}
_KINDS = ("date", "time", "month")


def babel_locale(code: str) -> Any:
    """The Babel locale of a language code (`pt-BR`): the code's own, else its base language's, else
    British English (a code CLDR does not know still gets dates, in English)."""
    from babel import Locale, UnknownLocaleError  # imported on first use: a no-op rebuild never renders

    for candidate in (code, code.split("-")[0]):
        try:
            return Locale.parse(_LOCALE_FOR.get(candidate, candidate.replace("-", "_")))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return Locale.parse("en_GB")


class DateFormats:
    """Formats datetimes as `date` ("28 November 2026"), `time` ("08:30") or `month` ("November 2026")."""

    def __init__(self, date_format: str = "", time_format: str = ""):
        self._formats = {"date": date_format or "long", "time": time_format or "short", "month": ""}
        self._patterns: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._done: dict[tuple[Any, ...], str] = {}
        self._locales: dict[str, Any] = {}
        self._plurals: dict[tuple[str, int], str] = {}

    def locale(self, lang: str) -> Any:
        found = self._locales.get(lang)
        if found is None:
            found = self._locales[lang] = babel_locale(lang)
        return found

    def format(self, value: dt.datetime, kind: str, lang: str) -> str:
        # Aware datetimes compare by instant: the offset, zone name and zone belong in the key as well.
        key = (lang, kind, value, value.utcoffset(), value.tzinfo, value.tzname())
        text = self._done.get(key)
        if text is None:
            locale, pattern = self._pattern(lang, kind)
            text = self._done[key] = pattern.apply(value, locale)
        return text

    def _pattern(self, lang: str, kind: str) -> tuple[Any, Any]:
        found = self._patterns.get((lang, kind))
        if found is None:
            from babel.dates import parse_pattern

            if kind not in _KINDS:
                raise ValueError(f"localdate: unknown kind {kind!r}; use date, time, datetime or iso")
            locale = self.locale(lang)
            wanted = self._formats[kind]
            if kind == "month":
                wanted = locale.datetime_skeletons["yMMMM"]
            elif wanted in ("short", "medium", "long", "full"):
                wanted = (locale.date_formats if kind == "date" else locale.time_formats)[wanted]
            found = self._patterns[(lang, kind)] = (locale, parse_pattern(wanted))
        return found


    def plural_form(self, lang: str, count: int) -> str:
        """CLDR's plural category of `count` in a language: `one`, `other`, and for some `zero`, `two`,
        `few`, `many`."""
        # Babel evaluates the language's rule anew each call (~170 µs); pages show few distinct counts.
        found = self._plurals.get((lang, count))
        if found is None:
            found = self._plurals[(lang, count)] = str(self.locale(lang).plural_form(count))
        return found
