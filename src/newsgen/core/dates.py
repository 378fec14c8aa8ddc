"""Dates and times: parse every form archives use, always return an aware datetime, format for feeds."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

# 2026-11-20, 2026-1-2, 2026-11-20 08:30, 2026-11-20T08:30:00.5+01:00, 2014-01-02 13:39:35 -0400,
# 2015-01-13 10:00:00 -5, ...Z. Hours may have one digit.
_WHEN = re.compile(
    r"""^\s*(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})
    (?:(?:[Tt]|\s+)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?)?
    \s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE,
)


class DateError(ValueError):
    """The text is not a date newsgen understands; the message says what is expected."""


def parse_when(value: object, zone: ZoneInfo) -> dt.datetime:
    """Return an aware datetime for a date or date-time; a value without an offset is in `zone`."""
    try:
        when = _parse_when(value, zone)
        # A year-1 or year-9999 instant overflows when shown in another zone: refuse it here, clearly.
        in_range = 1 < when.astimezone(dt.timezone.utc).year < 9999
    except OverflowError:
        in_range = False
    if not in_range:
        raise DateError(f"{value!r} is outside the supported range of years (0002 to 9998)")
    return when


def _parse_when(value: object, zone: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return _localize(value, zone)
    if isinstance(value, dt.date):
        return _localize(dt.datetime(value.year, value.month, value.day), zone)
    if not isinstance(value, str):
        raise DateError(f"expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, found {value!r}")
    match = _WHEN.match(value)
    if not match:
        raise DateError(f"expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, found {value!r}")
    g = match.groupdict()
    try:
        micro = round(float(g["frac"]) * 1_000_000) if g["frac"] else 0
        naive = dt.datetime(
            int(g["y"]), int(g["mo"]), int(g["d"]),
            int(g["h"] or 0), int(g["mi"] or 0), int(g["s"] or 0), min(micro, 999_999),
        )
    except ValueError as exc:
        raise DateError(f"{value!r} is not a real date or time ({exc})") from None
    if g["tz"] is None:
        return _localize(naive, zone)
    return naive.replace(tzinfo=_offset(g["tz"], value))


def _offset(text: str, original: str) -> dt.tzinfo:
    if text.upper() in ("Z", "UTC", "GMT"):
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    if hours > 23 or minutes > 59:
        raise DateError(f"{original!r} has an impossible UTC offset {text!r}")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _localize(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Attach `zone` to a naive time; a time skipped by a DST change moves forward, as clocks do."""
    if value.tzinfo is not None:
        return value
    local = value.replace(tzinfo=zone)
    # Round-trip through UTC: a wall time inside a DST gap does not exist and would compare wrongly.
    return local.astimezone(dt.timezone.utc).astimezone(zone)


def rfc822(value: dt.datetime) -> str:
    """RSS date: 'Fri, 20 Nov 2026 08:30:00 +0100' (English names, never locale-dependent)."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return (
        f"{days[value.weekday()]}, {value.day:02d} {months[value.month - 1]} {value.year:04d} "
        f"{value:%H:%M:%S} {value:%z}"
    )


def rfc3339(value: dt.datetime) -> str:
    """Atom/HTML date: '2026-11-20T08:30:00+01:00' (seconds precision)."""
    return value.replace(microsecond=0).isoformat()


def human_date(value: dt.datetime) -> str:
    """Reader-facing date: '20 November 2026' (English, locale-independent)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{value.day} {months[value.month - 1]} {value.year}"


def human_datetime(value: dt.datetime) -> str:
    """Reader-facing date and time: '20 November 2026, 08:30 CET'."""
    zone = value.tzname() or value.strftime("%z")
    return f"{human_date(value)}, {value:%H:%M} {zone}"


# Names Babel accepts for a locale's own CLDR formats, instead of a pattern.
NAMED_FORMATS = ("short", "medium", "long", "full")


def pattern_problem(key: str, pattern: str) -> str | None:
    """What is wrong with a CLDR date/time pattern (`theme: date_format` / `time_format`), or None.

    Babel prints unknown letters and an unclosed quote as they are; a misspelt pattern would then put
    stray letters on every page, so both are refused here. Literal words go in single quotes: `'at' HH:mm`.
    """
    from babel.dates import PATTERN_CHARS, parse_pattern  # the build only imports Babel once it renders

    if pattern in NAMED_FORMATS:
        return None
    example = "MMMM d, y" if key == "date_format" else "h:mm a"
    if not pattern.strip():
        return f"{key}: expected a CLDR pattern such as {example!r} or one of {', '.join(NAMED_FORMATS)}"
    if pattern.replace("''", "").count("'") % 2:
        return f"{key}: {pattern!r} opens a quote (') that is never closed: quote literal text as 'at'"
    unquoted = "".join(part for index, part in enumerate(pattern.replace("''", "").split("'")) if index % 2 == 0)
    stray = sorted({c for c in unquoted if c.isascii() and c.isalpha() and c not in PATTERN_CHARS})
    if stray:
        return (f"{key}: {pattern!r} has the letter {stray[0]!r}, which is no CLDR pattern field; put literal "
                f"text in single quotes (such as 'at'), or use a pattern such as {example!r}")
    try:
        parse_pattern(pattern)
    except ValueError as exc:
        return f"{key}: {pattern!r} is not a CLDR pattern ({exc}); for example {example!r}"
    return None
