"""Hugo's `{{< highlight go "linenos=table,hl_lines=2 4-5,linenostart=10" >}}code{{< /highlight >}}`: the
code block's lines and options. Colours are left to the site's CSS or script: the block carries Hugo's
`language-go` class, which client-side highlighters read."""

from __future__ import annotations

import re
from typing import Any

_LANG = re.compile(r"[A-Za-z0-9_+#.-]{1,40}")
_RANGE = re.compile(r"(\d+)(?:-(\d+))?")


class OptionError(ValueError):
    """An option of the block that cannot be used; its text says what was expected."""


def context(params: dict[str, str], inner: str) -> dict[str, Any]:
    """What highlight.html needs: the language, the lines as (text, marked), line numbers on or off and
    where they start. Raises OptionError for a language or an option that cannot be used."""
    lang = params.get("lang", "").strip()
    if lang and not _LANG.fullmatch(lang):
        raise OptionError(f"expected a language name such as go or python, found {lang!r}")
    options = _options(params)
    linenos = options.get("linenos", "false").lower() not in ("false", "0", "no", "")
    start = _number(options.get("linenostart", "1"), "linenostart")
    marked = _marked(options.get("hl_lines", ""))
    lines = inner.strip("\n").split("\n")
    return {"lang": lang, "linenos": linenos, "linenostart": start,
            "code_lines": [(line.rstrip("\r"), number in marked) for number, line in enumerate(lines, 1)]}


def _options(params: dict[str, str]) -> dict[str, str]:
    """The options string ("linenos=table,hl_lines=8 15-17") and options given as named arguments."""
    found: dict[str, str] = {}
    for item in params.get("options", "").split(","):
        key, sep, value = item.partition("=")
        if key.strip():
            found[key.strip().lower()] = value.strip() if sep else "true"
    for key in ("linenos", "hl_lines", "linenostart"):
        if key in params:
            found[key] = params[key]
    return found


def _number(text: str, key: str) -> int:
    if not text.strip().isdigit():
        raise OptionError(f"expected a whole number for `{key}`, found {text!r}")
    return int(text)


def _marked(text: str) -> set[int]:
    """hl_lines "2 4-5" -> {2, 4, 5}: the lines to mark, counted from the block's first line as 1."""
    marked: set[int] = set()
    for part in text.replace('"', " ").split():
        match = _RANGE.fullmatch(part)
        if match is None:
            raise OptionError(f"expected line numbers and ranges such as `hl_lines=2 4-6`, found {part!r}")
        low = int(match.group(1))
        high = int(match.group(2) or low)
        marked.update(range(low, high + 1))
    return marked
