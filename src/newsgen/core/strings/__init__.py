"""The theme's words: one table per shipped language (`<code>.yaml` beside this file), and the rules a site's
own strings follow (known keys, the `{placeholders}` each may use, plural forms).

A table maps a key to a text, or, for a key shown with a number, to its plural forms (CLDR's categories
`zero`, `one`, `two`, `few`, `many`, `other`; `other` is always there). English is the reference: every
shipped language has exactly its keys, and a site may override any of them.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml

from ..frozen import FrozenMap

TABLES_DIR = Path(__file__).parent
SHIPPED = ("en", "es", "fr", "de", "pt", "ar")
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")

# A text, or its plural forms as ((form, text), ...): plain tuples, so that a site's overrides hash and
# repr the same in every process (the settings digest covers them).
Entry = str | tuple[tuple[str, str], ...]


@cache  # package data: read once per process, never changed
def shipped_table(code: str) -> FrozenMap[str, Entry]:
    """The shipped table of a language code in SHIPPED: key -> Entry."""
    data = yaml.safe_load((TABLES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
    return FrozenMap({key: tuple(sorted(value.items())) if isinstance(value, dict) else value
                       for key, value in data.items()})


def all_keys() -> tuple[str, ...]:
    """Every key the theme uses, in the English table's order."""
    return tuple(shipped_table("en"))


def placeholders(text: str) -> set[str]:
    """The `{names}` a text fills in; ValueError for a brace that opens nothing or is never closed, and for
    a conversion or format spec (`{count!r}`, `{count:>5}`): the theme fills in plain, escaped values."""
    found = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            if spec or conversion or not name.isidentifier():
                raise ValueError(f"a placeholder is a plain name such as {{count}}, not {{{name}"
                                 f"{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}")
            found.add(name)
    return found


def allowed_placeholders(key: str) -> set[str]:
    """What a key's text may contain: the English text's placeholders (and `count` for plural keys)."""
    entry = shipped_table("en")[key]
    texts = [entry] if isinstance(entry, str) else [text for _, text in entry]
    found = set().union(*(placeholders(text) for text in texts))
    return found | {"count"} if not isinstance(entry, str) else found


def is_plural(key: str) -> bool:
    return not isinstance(shipped_table("en")[key], str)


def table_for(code: str) -> str:
    """The shipped table a language code reads: its own, its base language's (`pt-BR` -> `pt`), else English."""
    if code in SHIPPED:
        return code
    base = code.split("-")[0].lower()
    return base if base in SHIPPED else "en"


def entry_problem(key: str, value: object) -> str | None:
    """What is wrong with a site's text for `key` (None: fine). Plural keys take one text or the forms."""
    if isinstance(value, dict) and is_plural(key):
        return _forms_problem(key, value)
    if not isinstance(value, str):
        forms = " or a mapping of plural forms (one: ..., other: ...)" if is_plural(key) else ""
        return f"{key}: expected text{forms}, found {value!r}"
    try:
        found = placeholders(value)
    except ValueError as exc:
        return f"{key}: {exc} in {value!r}: write {{{{ and }}}} for a literal brace"
    extra = sorted(found - allowed_placeholders(key))
    if extra:
        allowed = ", ".join(f"{{{name}}}" for name in sorted(allowed_placeholders(key))) or "none"
        return f"{key}: unknown placeholder {{{extra[0]}}} in {value!r}; this string can use: {allowed}"
    return None


def _forms_problem(key: str, value: dict[object, object]) -> str | None:
    unknown = sorted(str(form) for form in value if form not in PLURAL_FORMS)
    if unknown:
        return f"{key}: unknown plural form {unknown[0]!r}; forms: {', '.join(PLURAL_FORMS)}"
    if "other" not in value:
        return f"{key}: the plural forms need `other` (used for every count without its own form)"
    return next((p for p in (entry_problem(key, text) for text in value.values()) if p), None)


def as_entry(value: str | dict[str, str]) -> Entry:
    """A validated site text in table form."""
    return tuple(sorted(value.items())) if isinstance(value, dict) else value
