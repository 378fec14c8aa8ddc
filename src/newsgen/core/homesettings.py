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


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionInfo:
    """One entry of `sections:`: a section's description and its place in the navigation."""

    name: str
    description: str = ""
    order: int = 0  # the navigation's order: lower first; equal orders keep the list's order


def parse_sections(value: list[Any]) -> tuple[tuple[SectionInfo, ...], list[str]]:
    """The sections a `sections:` list describes, and every problem in it (each naming the entry)."""
    infos: list[SectionInfo] = []
    problems: list[str] = []
    for index, entry in enumerate(value):
        where = f"[{index}]"
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append(f"{where}: expected a section name or {{name: Sport, description: ..., order: 2}}, "
                            f"found {entry!r}")
            continue
        unknown = [key for key in entry if key not in ("name", "description", "order")]
        description, order = entry.get("description", ""), entry.get("order", index)
        if unknown:
            problems.append(f"{where}: unknown key {unknown[0]!r}; known: name, description, order")
        elif not isinstance(description, str):
            problems.append(f"{where}: description: expected text, found {description!r}")
        elif isinstance(order, bool) or not isinstance(order, int):
            problems.append(f"{where}: order: expected a whole number, found {order!r}")
        else:
            infos.append(SectionInfo(name=" ".join(entry["name"].split()), description=description.strip(),
                                     order=order))
    return tuple(infos), problems
