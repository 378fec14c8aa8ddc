"""A live blog's updates out of its body HTML: each `{{< update >}}` block taken out, its time read. Pure.

The `update` shortcode only marks its block (see shortcodes/templates/update.html); what is left of the body
is the pinned summary above the updates. Times are read here, not in the shortcode, so that a bad one is an
error at the shortcode's line and a time without an offset is in the site's time zone.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from ..core.dates import DateError, parse_when
from ..core.errors import Problem
from ..core.stories import LiveUpdate
from .shortcodes import lexer

_BLOCK = re.compile(r'\s*<!--newsgen-update time="(?P<time>[^"]*)" title="(?P<title>[^"]*)"-->(?P<html>.*?)'
                    r"<!--/newsgen-update-->\s*", re.S)
_OPEN = "<!--newsgen-update "


def split_updates(body: str, text: str, first_line: int, zone: Any, rel: str
                  ) -> tuple[str, tuple[LiveUpdate, ...], list[Problem]]:
    """(the body without its updates, the updates newest first, a problem for each bad one). `text` is the
    Markdown the body came from, starting at line `first_line`, for the shortcodes' lines."""
    if _OPEN not in body:
        return body, (), []
    lines = [tag.line for tag in lexer.tags(text, first_line)
             if tag.name == "update" and not (tag.closing or tag.in_code or tag.literal)]
    problems: list[Problem] = []
    found: list[LiveUpdate] = []
    used: set[str] = set()

    def take(match: re.Match[str]) -> str:
        line = lines[len(found) + len(problems)] if len(found) + len(problems) < len(lines) else first_line
        inner = match.group("html").strip()
        if _OPEN in inner:
            problems.append(Problem(path=rel, line=line, message=(
                "an {{< update >}} inside another one: close each update with {{< /update >}} "
                "before the next")))
            return ""
        try:
            when = parse_when(html.unescape(match.group("time")), zone).astimezone(zone)
        except DateError as exc:
            problems.append(Problem(path=rel, line=line, message=(
                f"shortcode {{{{< update >}}}}: time: {exc}; write time=\"2026-12-01T11:30\" (the "
                "site's time zone) or with an offset, time=\"2026-12-01T11:30+01:00\"")))
            return ""
        found.append(LiveUpdate(time=when, title=html.unescape(match.group("title")).strip(), html=inner,
                                anchor=_anchor(when, used)))
        return "\n"

    rest = _BLOCK.sub(take, body).strip()
    rest = rest + "\n" if rest else ""
    # Newest first; updates of one minute keep the order they were written in, the later one first.
    ordered = sorted(enumerate(found), key=lambda item: (-item[1].time.timestamp(), -item[0]))
    return rest, tuple(update for _, update in ordered), problems


def _anchor(when: dt.datetime, used: set[str]) -> str:
    """'update-20261201-1130' (the time as the site shows it); a second update of that minute gets '-2'."""
    base = f"update-{when:%Y%m%d-%H%M}"
    anchor, number = base, 1
    while anchor in used:
        number += 1
        anchor = f"{base}-{number}"
    used.add(anchor)
    return anchor


def updates_due(updates: tuple[LiveUpdate, ...], now: dt.datetime) -> tuple[LiveUpdate, ...]:
    """The updates published at `now`: one dated later is held back like a future article."""
    return tuple(update for update in updates if update.time <= now)
