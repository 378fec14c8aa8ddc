"""dates: every date form an archive uses becomes one aware instant; feed and reader formats are exact."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from newsgen.core.dates import DateError, human_date, human_datetime, parse_when, rfc822, rfc3339

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-20", "2026-11-20T00:00:00+01:00"),
    ("2026-1-2", "2026-01-02T00:00:00+01:00"),
    ("2026-11-20 08:30", "2026-11-20T08:30:00+01:00"),
    ("2026-11-20 8:05", "2026-11-20T08:05:00+01:00"),
    ("2026-11-20T08:30:15", "2026-11-20T08:30:15+01:00"),
    ("2026-07-01 09:00", "2026-07-01T09:00:00+02:00"),
    ("  2026-11-20  ", "2026-11-20T00:00:00+01:00"),
])
def test_parse_when_reads_a_time_without_offset_in_the_site_zone(text: str, expected: str) -> None:
    parsed = parse_when(text, AMSTERDAM)
    assert parsed == at(expected)
    assert parsed.utcoffset() == at(expected).utcoffset()


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-20T08:30:00+02:00", "2026-11-20T08:30:00+02:00"),
    ("2026-11-20T08:30:00.5+01:00", "2026-11-20T08:30:00.500000+01:00"),
    ("2014-01-02 13:39:35 -0400", "2014-01-02T13:39:35-04:00"),
    ("2015-01-13 10:00:00 -5", "2015-01-13T10:00:00-05:00"),
    ("2026-11-20T08:30Z", "2026-11-20T08:30:00+00:00"),
    ("2026-11-20t08:30z", "2026-11-20T08:30:00+00:00"),
    ("2026-11-20 08:30 UTC", "2026-11-20T08:30:00+00:00"),
    ("2026-11-20 08:30 GMT", "2026-11-20T08:30:00+00:00"),
    ("2026-11-20T08:30+0530", "2026-11-20T08:30:00+05:30"),
])
def test_parse_when_keeps_an_explicit_offset(text: str, expected: str) -> None:
    parsed = parse_when(text, AMSTERDAM)
    assert parsed == at(expected)
    assert parsed.utcoffset() == at(expected).utcoffset()


def test_parse_when_moves_a_time_in_the_spring_forward_gap_forward_like_a_clock() -> None:
    # 02:30 on 29 March 2026 never happens in Amsterdam: clocks jump from 02:00 to 03:00.
    assert parse_when("2026-03-29 02:30", AMSTERDAM) == at("2026-03-29T03:30:00+02:00")


def test_parse_when_accepts_date_and_datetime_values() -> None:
    assert parse_when(dt.date(2026, 11, 20), AMSTERDAM) == at("2026-11-20T00:00:00+01:00")
    assert parse_when(dt.datetime(2026, 11, 20, 8, 30), AMSTERDAM) == at("2026-11-20T08:30:00+01:00")
    aware = at("2026-11-20T08:30:00-05:00")
    assert parse_when(aware, AMSTERDAM) == aware


def test_parse_when_never_returns_a_naive_datetime() -> None:
    for text in ("2026-11-20", "2026-11-20 08:30", "2026-11-20T08:30Z"):
        assert parse_when(text, UTC).tzinfo is not None


@pytest.mark.parametrize("text", ["next monday", "soon", "", "20 November 2026", "2026/11/20", "11-20-2026",
                                  "2026-11-20 at noon", "2026-11-20T08"])
def test_parse_rejects_date_without_the_year_month_day_form(text: str) -> None:
    with pytest.raises(DateError) as info:
        parse_when(text, UTC)
    assert str(info.value) == (
        f"expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, found {text!r}")


def test_parse_rejects_a_value_that_is_not_text_or_a_date() -> None:
    with pytest.raises(DateError, match=r"found 20261120$"):
        parse_when(20261120, UTC)


@pytest.mark.parametrize(("text", "reason"), [
    ("2026-02-30", "day is out of range for month"),
    ("2026-13-01", "month must be in 1..12"),
    ("2026-11-20T25:00", "hour must be in 0..23"),
    ("2026-11-20T08:61", "minute must be in 0..59"),
])
def test_parse_rejects_impossible_calendar_dates_and_times(text: str, reason: str) -> None:
    with pytest.raises(DateError) as info:
        parse_when(text, UTC)
    assert str(info.value) == f"{text!r} is not a real date or time ({reason})"


def test_parse_rejects_an_impossible_utc_offset() -> None:
    with pytest.raises(DateError) as info:
        parse_when("2026-11-20 08:30 +25:00", UTC)
    assert str(info.value) == "'2026-11-20 08:30 +25:00' has an impossible UTC offset '+25:00'"


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31T23:59-05:00", "0001-01-01T00:00+01:00"])
def test_parse_rejects_dates_at_the_edge_of_the_calendar_instead_of_crashing(text: str) -> None:
    # Converting these to UTC (or to the site zone) leaves the range Python can represent.
    with pytest.raises(DateError, match="outside the supported range"):
        parse_when(text, AMSTERDAM)


def test_rfc822_uses_english_names_and_a_numeric_offset() -> None:
    assert rfc822(at("2026-11-20T08:30:00+01:00")) == "Fri, 20 Nov 2026 08:30:00 +0100"
    assert rfc822(at("2026-07-01T09:05:00+00:00")) == "Wed, 01 Jul 2026 09:05:00 +0000"
    assert rfc822(at("2015-01-13T10:00:00-05:00")) == "Tue, 13 Jan 2015 10:00:00 -0500"


def test_rfc3339_drops_fractions_and_keeps_the_offset() -> None:
    assert rfc3339(at("2026-11-20T08:30:00.5+01:00")) == "2026-11-20T08:30:00+01:00"
    assert rfc3339(at("2026-11-20T08:30:00+00:00")) == "2026-11-20T08:30:00+00:00"


def test_human_dates_read_naturally_in_the_site_zone() -> None:
    summer = parse_when("2026-07-01 09:05", AMSTERDAM)
    winter = parse_when("2026-11-20 18:15", AMSTERDAM)
    assert human_date(summer) == "1 July 2026"
    assert human_datetime(summer) == "1 July 2026, 09:05 CEST"
    assert human_datetime(winter) == "20 November 2026, 18:15 CET"
