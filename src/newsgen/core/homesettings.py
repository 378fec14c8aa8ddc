"""The `home:` setting of site.yaml: blocks of named sections on the front page, under the latest stories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HOME_KEYS = ("sections", "per_section")
MAX_PER_SECTION = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeLayout:
    """Left out: no blocks, the front page is the newest articles only."""

    sections: tuple[str, ...] = ()
    per_section: int = 4


def parse_home(value: dict[str, Any]) -> tuple[HomeLayout, list[str]]:
    """The layout a `home:` mapping describes and every problem in it (each starting with its key)."""
    problems = [f"unknown key {key!r}; known: {', '.join(HOME_KEYS)}" for key in value if key not in HOME_KEYS]
    sections = _sections(value.get("sections", []), problems)
    per = value.get("per_section", 4)
    if isinstance(per, bool) or not isinstance(per, int) or not 1 <= per <= MAX_PER_SECTION:
        problems.append(f"per_section: expected a whole number from 1 to {MAX_PER_SECTION}, found {per!r}")
        per = 4
    return HomeLayout(sections=sections, per_section=per), problems


def _sections(value: Any, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(n, str) and n.strip() for n in value):
        problems.append(f"sections: expected a list of section names such as [News, Sport], found {value!r}")
        return ()
    names = tuple(" ".join(n.split()) for n in value)
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        problems.append(f"sections: {', '.join(twice)} given twice; list each section once")
    return tuple(dict.fromkeys(names))
