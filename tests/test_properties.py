"""Property tests: whatever a user writes, newsgen answers with an article or a user error, never a crash."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.content.parse import FIELDS, parse_article
from newsgen.core.config import parse_config
from newsgen.core.dates import parse_when
from newsgen.core.errors import BuildFailed, UserError
from newsgen.core.models import Article, SourceFile
from newsgen.core.slugs import slugify

CONFIG = parse_config({"title": "T", "base_url": "https://example.org/news/", "timezone": "Europe/Amsterdam"}, {})
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Front matter built from known keys (and near-misses) with values of every YAML shape, including
# the tricky ones: impossible dates, calendar edges, anchors, tags, flow collections, nulls.
KEYS = st.sampled_from([*FIELDS, "tittle", "photo_captions", "extra_key", "date", "date", "title", "title"])
SCALARS = st.one_of(
    st.text(max_size=20).map(json.dumps),
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.floats().map(str),
    st.sampled_from(["true", "no", "~", "", "null", "[]", "{}", "[a, b]", "{a: 1}", "'a, b'", "2026-11-20",
                     "2026-11-20 08:30", "2026-11-20T08:30:00+02:00", "2026-02-30", "0001-01-01", "9999-12-31",
                     "9999-12-31T23:59-05:00", "next monday", "&a anchored", "*a", "!!binary aGVsbG8=",
                     "!!python/object:os.system x", "'&amp;'", '"<b>x</b>"', "- a", ":", "? a", "|\n  block",
                     "[2026-11-20]", "{date: 2026-11-20}", "-1", ".inf", "0x1F", "!!str 2026-11-20"]),
)


DATES = st.sampled_from(["2026-11-20", "2026-11-20 08:30", "2026-11-20T08:30:00+02:00", "2026-02-30", "", "~",
                         "0001-01-01", "9999-12-31", "9999-12-31T23:59-05:00", "0001-01-01T00:00+01:00",
                         "next monday", "[2026-11-20]", "2026-11-20 08:30 +25:00", "2026-11-20T24:00"])


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    lines = [f"{draw(KEYS)}: {draw(SCALARS)}" for _ in range(draw(st.integers(0, 6)))]
    if draw(st.booleans()):
        lines.insert(0, f"title: {draw(SCALARS)}")
    for key in ("date", "updated"):
        if draw(st.booleans()):
            lines.insert(draw(st.integers(0, len(lines))), f"{key}: {draw(DATES)}")
    opening = draw(st.sampled_from(["---\n", "\ufeff---\n", "\n---\n", "---\r\n", ""]))
    closing = draw(st.sampled_from(["---\n", "...\n", "", "--- \n"]))
    return opening + "\n".join(lines) + "\n" + closing + draw(st.text(max_size=80))


def parse_bytes(data: bytes, rel: str = "content/2026-11-20-x.md") -> Article | None:
    """The article, or None for a user error; anything else propagates and fails the test."""
    try:
        return parse_article(SourceFile(rel=rel, data=data, digest="0"), CONFIG).article
    except (UserError, BuildFailed) as exc:
        assert str(exc).startswith(rel)
        return None


@FAST
@given(article_texts())
def test_parsing_front_matter_gives_an_article_or_a_user_error(text: str) -> None:
    article = parse_bytes(text.encode("utf-8", "surrogatepass"))
    if article is not None:
        assert article.title
        assert article.date.tzinfo is not None
        assert re.fullmatch(r"[a-z0-9-]+", article.slug)


@FAST
@given(st.text())
def test_parsing_any_text_gives_an_article_or_a_user_error(text: str) -> None:
    parse_bytes(text.encode("utf-8", "surrogatepass"), rel="content/any.md")


@FAST
@given(st.binary())
def test_parsing_any_bytes_gives_an_article_or_a_user_error(data: bytes) -> None:
    parse_bytes(b"---\ntitle: T\n" + data)


@FAST
@given(st.text())
def test_slugify_returns_only_lowercase_ascii_letters_digits_and_single_dashes(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug), slug


@FAST
@given(st.text())
def test_slugify_is_idempotent(text: str) -> None:
    assert slugify(slugify(text)) == slugify(text)


@FAST
@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1))
def test_slugify_keeps_something_of_any_letter_or_digit(text: str) -> None:
    assert slugify(text) != ""


OFFSET_MINUTES = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59)
MOMENTS = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31))


def offset_text(minutes: int, style: str) -> str:
    if minutes == 0 and style == "Z":
        return "Z"
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{mins:02d}" if style == "compact" else f"{sign}{hours:02d}:{mins:02d}"


@FAST
@given(MOMENTS, OFFSET_MINUTES, st.sampled_from(["T", " ", "t"]), st.sampled_from(["colon", "compact", "Z"]),
       st.booleans())
def test_parse_when_round_trips_the_exact_instant_of_any_date_time_and_offset(
        moment: dt.datetime, minutes: int, sep: str, style: str, fraction: bool) -> None:
    if not fraction:
        moment = moment.replace(microsecond=0)
    zone = dt.timezone(dt.timedelta(minutes=minutes))
    expected = moment.replace(tzinfo=zone)
    time = f"{moment:%H:%M:%S}" + (f".{moment.microsecond:06d}" if fraction else "")
    space = " " if sep == " " and style != "Z" else ""
    text = f"{moment:%Y-%m-%d}{sep}{time}{space}{offset_text(minutes, style)}"
    parsed = parse_when(text, ZoneInfo("Pacific/Auckland"))
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@FAST
@given(MOMENTS)
def test_parse_when_reads_a_naive_time_as_that_wall_time_in_the_zone(moment: dt.datetime) -> None:
    moment = moment.replace(microsecond=0)
    parsed = parse_when(f"{moment:%Y-%m-%d %H:%M:%S}", ZoneInfo("UTC"))
    assert parsed == moment.replace(tzinfo=dt.UTC)
    if moment.year >= 1952:  # Tokyo kept summer time from 1948 to 1951: some of its wall times never existed
        tokyo = parse_when(f"{moment:%Y-%m-%dT%H:%M:%S}", ZoneInfo("Asia/Tokyo"))
        assert tokyo.replace(tzinfo=None) == moment  # no DST in Tokyo since 1951: every wall time exists once


@FAST
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_parse_when_puts_a_bare_date_at_midnight_in_the_zone(day: dt.date) -> None:
    zone = ZoneInfo("America/New_York")
    parsed = parse_when(f"{day:%Y-%m-%d}", zone)
    assert parsed.astimezone(zone).date() == day
    assert parsed.astimezone(zone).time() <= dt.time(1, 0)  # midnight, or 01:00 if midnight was skipped


TAG_NAMES = st.lists(st.text(alphabet=st.sampled_from("abcXYZ09 éßøΩж中-_.'&"), max_size=12), max_size=6)


def tags_of(front_value: str) -> tuple[object, ...] | str:
    """The article's tags, or the error text the build would print."""
    text = f"---\ntitle: T\ndate: 2026-11-20\ntags: {front_value}\n---\nBody\n"
    try:
        return parse_article(SourceFile(rel="content/x.md", data=text.encode(), digest="0"), CONFIG).article.tags
    except (UserError, BuildFailed) as exc:
        return str(exc)


@FAST
@given(TAG_NAMES)
def test_tags_as_a_comma_separated_string_equal_tags_as_a_list(names: list[str]) -> None:
    assert tags_of(json.dumps(", ".join(names), ensure_ascii=False)) == tags_of(json.dumps(names, ensure_ascii=False))
