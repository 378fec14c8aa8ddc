"""The `theme:` setting of site.yaml: the accent colour, the date and time formats and the site's own HTML for
the head and body end."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .dates import pattern_problem

THEME_KEYS = ("accent", "date_format", "time_format", "head_html", "body_end_html")
PAPER = "#fdfcf9"  # the theme's page background, which accent-coloured links sit on
MIN_CONTRAST = 4.5  # WCAG AA for body text: the accent colours link text
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Theme:
    """Left out, everything is the built-in theme's: no accent override, no extra HTML."""

    accent: str = ""
    # CLDR patterns (`MMMM d, y`, `h:mm a`) or short/medium/long/full; empty: the page language's own long
    # date and short time (British English for `en`, which is what the theme always printed).
    date_format: str = ""
    time_format: str = ""
    head_html: str = ""  # inserted as written, not escaped: the site's own analytics or fonts
    body_end_html: str = ""


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour, as WCAG 2 defines it."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def accent_problem(value: str) -> str | None:
    if not _HEX.fullmatch(value):
        return f"accent: expected a colour written #rrggbb such as #1d4ed8, found {value!r}"
    ratio = contrast(value, PAPER)
    if ratio < MIN_CONTRAST:
        return (f"accent: {value} on the page background {PAPER} has a contrast of {ratio:.1f}:1, below the "
                f"{MIN_CONTRAST}:1 readers need for link text: choose a darker colour")
    return None


def parse_theme(data: dict[str, Any]) -> tuple[Theme, list[str]]:
    """The theme a `theme:` mapping describes, and every problem in it (each starting with its key)."""
    problems: list[str] = []
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in THEME_KEYS:
            problems.append(f"unknown key {key!r}; known: {', '.join(THEME_KEYS)}")
        elif not isinstance(value, str):
            problems.append(f"{key}: expected text, found {value!r}")
        else:
            problem = (accent_problem(value) if key == "accent" else
                       pattern_problem(key, value) if key.endswith("_format") else None)
            if problem:
                problems.append(problem)
            else:
                values[key] = value
    return Theme(**values), problems
