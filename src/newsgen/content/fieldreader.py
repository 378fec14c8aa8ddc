"""Typed values read out of one file's front matter, every problem collected rather than the first raised:
the reader both articles (parse.py) and pages (pages.py) use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.dates import DateError, parse_when
from ..core.errors import Problem
from ..core.models import ContentLink


class Fields:
    """Reads typed values out of the front matter, collecting every problem instead of stopping at one."""

    def __init__(self, rel: str, data: dict[str, Any], lines: dict[str, int], first_line: int):
        self.rel, self.data, self.lines, self.first_line = rel, data, lines, first_line
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # The author names read and their line, kept for a file that fails (see ArticleFailed).
        self.bylines: list[tuple[str, int | None]] = []
        self.links: tuple[ContentLink, ...] = ()  # the body's links by file (see parse._body_html)
        self.shortcodes: frozenset[str] = frozenset()  # the shortcodes the body used, by name

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(path=self.rel, line=self.lines.get(key, self.first_line - 1),
                                     field=key, message=message))

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, f"required field is missing: add `{key}: ...` to the front matter")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(key, f"expected text, found {shape(value)}")
            return ""
        return str(value).strip()

    def names(self, key: str) -> list[str]:
        """A list of names, or one comma-separated string of them."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            items: list[Any] = value.split(",")
        elif isinstance(value, list):
            items = value
        else:
            self.fail(key, f"expected a list such as [a, b] or text such as 'a, b', found {shape(value)}")
            return []
        out = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                item = item["name"]  # `author: [{name: Ann Lee, ...}]`, as some archives write bylines
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.fail(key, f"expected names, found {shape(item)} in the list")
                continue
            name = " ".join(str(item).split())
            if name:
                out.append(name)
        return out

    def when(self, key: str, zone: Any) -> dt.datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return parse_when(value, zone)
        except DateError as exc:
            self.fail(key, str(exc))
            return None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, found {value!r}")
            return False
        return value


def shape(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return repr(value)
