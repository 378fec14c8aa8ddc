"""The `languages:` setting of site.yaml: the site's languages, the first the default, each with its own
address prefix and, optionally, its own text settings (title, description, menus, home, newsletter).

Parsed here; the per-language plan is in site.languages. A site without `languages:` has one language,
`language:`, and every output is as it was before languages existed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import did_you_mean
from .homesettings import HomeLayout, parse_home
from .menusettings import Menu, parse_menus
from .newslettersettings import parse_newsletter

# ISO 639-1: the two-letter codes a language entry may start with. Shipped here (not asked of Babel or CLDR)
# so that site.yaml is checked the same way whatever is installed.
ISO_639_1 = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee
el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is
it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms
mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk
sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi
yo za zh zu""".split())

LANGUAGE_KEYS = ("code", "title", "path", "description", "menus", "home", "newsletter")
# The keys that replace the site-level setting of the same name for the pages of one language.
TEXT_KEYS = ("title", "description", "menus", "home", "newsletter")
_CODE = re.compile(r"([a-z]{2})(-[A-Za-z0-9]{2,8})*")
_PATH = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    """One entry of `languages:`. `path` is its address prefix ('es'; '' for none). `overrides` holds the
    text settings it gives, parsed, as (setting, value) pairs in TEXT_KEYS order."""

    code: str
    title: str
    path: str = ""
    overrides: tuple[tuple[str, Any], ...] = ()
    line: int | None = None

    @property
    def prefix(self) -> str:
        """The site path every output of the language starts with: 'es/' or ''."""
        return f"{self.path}/" if self.path else ""


def code_problem(code: Any) -> str | None:
    """Why `code` is not a language code newsgen knows (ISO 639-1, optionally with a region), or None."""
    if not isinstance(code, str) or not _CODE.fullmatch(code) or code[:2] not in ISO_639_1:
        hint = did_you_mean(str(code).lower(), tuple(sorted(ISO_639_1))) if isinstance(code, str) else ""
        return (f"unknown language code {code!r}{hint}: use an ISO 639-1 code such as en, es or fr, "
                "optionally with a region (pt-BR)")
    return None


def _menus(value: Any) -> tuple[tuple[Menu, ...], list[str]]:
    menus, found = parse_menus(value, {})
    return menus, [message for message, _ in found]


def _home(value: Any) -> tuple[HomeLayout, list[str]]:
    return parse_home(value) if isinstance(value, dict) else (HomeLayout(), [f"expected a mapping, found {value!r}"])


# A parser of one nested setting a language may give: the value and its problems as messages, by the rules
# of the site-level setting.
NestedParser = Callable[[Any], tuple[Any, list[str]]]
NESTED: dict[str, NestedParser] = {"menus": _menus, "home": _home, "newsletter": parse_newsletter}


def parse_languages(value: Any, lines: dict[str, int], nested: dict[str, NestedParser] = NESTED
                    ) -> tuple[tuple[Language, ...], list[tuple[str, int | None]]]:
    """The languages of a `languages:` list, and every problem as (message, line). `nested` parses the
    menus, home and newsletter a language may give, as the site-level ones are parsed."""
    if value == []:  # as `newsgen init` writes it: one language, `language:`
        return (), []
    if not isinstance(value, list):
        return (), [("expected a list of languages such as [{code: en, title: The Courier}, "
                     "{code: es, title: El Correo, path: es}]", None)]
    out: list[Language] = []
    problems: list[tuple[str, int | None]] = []
    for index, entry in enumerate(value):
        line = lines.get(f"languages.{index}")
        found: list[str] = []
        language = _language(entry, index, nested, found)
        problems += [(f"languages[{index}]: {message}", line) for message in found]
        if language is not None:
            out.append(Language(code=language.code, title=language.title, path=language.path,
                                overrides=language.overrides, line=line))
    problems += _clashes(out)
    return tuple(out), problems


def _language(entry: Any, index: int, nested: dict[str, NestedParser], problems: list[str]) -> Language | None:
    if not isinstance(entry, dict):
        problems.append(f"expected a mapping such as {{code: es, title: El Correo, path: es}}, found {entry!r}")
        return None
    for key in entry:
        if key not in LANGUAGE_KEYS:
            problems.append(f"unknown key {key!r}{did_you_mean(str(key), LANGUAGE_KEYS)}; known: "
                            f"{', '.join(LANGUAGE_KEYS)}")
    _identity_problems(entry, index, problems)
    overrides = []
    for key in TEXT_KEYS[1:]:
        if key in entry:
            parsed, messages = _nested_value(key, entry[key], nested)
            problems += [f"{key}: {m}" for m in messages]
            overrides.append((key, parsed))
    if problems:
        return None
    title = entry["title"].strip()
    return Language(code=entry["code"], title=title, path=entry.get("path", ""),
                    overrides=(("title", title), *overrides))


def _identity_problems(entry: dict[str, Any], index: int, problems: list[str]) -> None:
    """The problems of a language's code, title and path."""
    code, title, path = entry.get("code"), entry.get("title"), entry.get("path", "")
    message = code_problem(code) if code is not None else "missing `code:` (such as es)"
    if message:
        problems.append(message)
    if not isinstance(title, str) or not title.strip():
        problems.append(f"title: expected the site's name in this language, found {title!r}")
    example = str(code or "es").lower()
    if not isinstance(path, str) or (path and not _PATH.fullmatch(path)):
        problems.append(f"path: expected one lower-case folder name such as {example!r}, found {path!r}")
    if index > 0 and not path:
        problems.append("path: every language but the first (the default) needs its own `path:`, such as "
                        f"{example!r}")
    if index == 0 and path:
        # The default language is the site's root: its home page is the site's home, `x-default` points at
        # it and the 404 page speaks it. A folder of its own would leave the root without a home page.
        problems.append(f"path: the first language is the default, published at the site's root; remove "
                        f"`path: {path}` (only the other languages have a folder)")


def _nested_value(key: str, value: Any, nested: dict[str, NestedParser]) -> tuple[Any, list[str]]:
    if key == "description":
        ok = isinstance(value, str)
        return (value.strip() if ok else ""), ([] if ok else [f"expected text, found {value!r}"])
    return nested[key](value)


def _clashes(languages: list[Language]) -> list[tuple[str, int | None]]:
    problems = []
    codes: dict[str, Language] = {}
    paths: dict[str, Language] = {}
    for language in languages:
        if language.code.lower() in codes:
            problems.append((f"languages: {language.code} is listed twice; keep one", language.line))
        codes.setdefault(language.code.lower(), language)
        if language.path and language.path in paths:
            problems.append((f"languages: {paths[language.path].code} and {language.code} share the path "
                             f"{language.path!r}: give each its own", language.line))
        paths.setdefault(language.path, language)
    return problems


# Each language's name in itself, for the links between translations (a reader looks for their own
# language's name, not for it in the page's language). Others are shown by their code.
ENDONYMS = {
    "ar": "العربية", "ca": "Català", "cs": "Čeština", "cy": "Cymraeg", "da": "Dansk", "de": "Deutsch",
    "el": "Ελληνικά", "en": "English", "es": "Español", "eu": "Euskara", "fa": "فارسی", "fi": "Suomi",
    "fr": "Français", "ga": "Gaeilge", "gl": "Galego", "he": "עברית", "hi": "हिन्दी", "hu": "Magyar",
    "id": "Bahasa Indonesia", "it": "Italiano", "ja": "日本語", "ko": "한국어", "nl": "Nederlands",
    "no": "Norsk", "pl": "Polski", "pt": "Português", "ro": "Română", "ru": "Русский", "sv": "Svenska",
    "sw": "Kiswahili", "tr": "Türkçe", "uk": "Українська", "ur": "اردو", "vi": "Tiếng Việt", "zh": "中文",
}


def language_name(code: str) -> str:
    """'Español' for 'es' (and 'es-MX'); the code itself for a language without a name here."""
    return ENDONYMS.get(code.split("-")[0].lower(), code)
