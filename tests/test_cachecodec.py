"""The cache's codec: every cached value comes back equal, and garbage is one known error, never code run."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import fields
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.content.parse import Parsed
from newsgen.core.errors import Problem
from newsgen.core.frozen import FrozenMap
from newsgen.core.models import Article, Correction, Term
from newsgen.incremental import cachecodec
from newsgen.site.authors import Link, Profile
from newsgen.site.plan import ArchiveLink, Feed, OutputSpec, Pagination, SitemapEntry, TermCount

ZONES = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                         dt.timezone(dt.timedelta(hours=-3), "BRT"), ZoneInfo("Europe/Berlin"),
                         ZoneInfo("America/New_York"), ZoneInfo("Asia/Tokyo")])
MOMENTS = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=ZONES,
                       allow_imaginary=False)
TEXT = st.text(max_size=20)
SHORT = st.text(max_size=6)
TERMS = st.builds(Term, name=SHORT, slug=SHORT)
PROBLEMS = st.builds(Problem, path=TEXT, message=TEXT, line=st.none() | st.integers(1, 10**6), field=st.none() | SHORT)
# What front matter can leave in `extra`: YAML's scalars, dates and times, lists and maps of them.
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT | st.dates() | MOMENTS
    | st.datetimes(), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SHORT, inner, max_size=3),
    max_leaves=8)


def tuples(strategy: st.SearchStrategy, size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=size).map(tuple)


def articles(source: st.SearchStrategy = TEXT) -> st.SearchStrategy:
    return st.builds(
        Article, source=source, digest=SHORT, title=TEXT, slug=SHORT, path=TEXT, date=MOMENTS,
        updated=st.none() | MOMENTS, draft=st.booleans(), section=st.none() | TERMS, tags=tuples(TERMS),
        authors=tuples(TERMS), summary=TEXT, photo=st.none() | TEXT, kicker=SHORT, expires=st.none() | MOMENTS,
        corrections=tuples(st.builds(Correction, date=MOMENTS, text=TEXT)), body_html=TEXT, body_digest=SHORT,
        word_count=st.integers(0, 10**6), extra=st.dictionaries(SHORT, YAML_VALUES, max_size=4),
        lines=st.dictionaries(SHORT, st.integers(1, 10**6), max_size=4))


PARSES = st.builds(Parsed, article=articles(), warnings=tuples(PROBLEMS),
                   tags=tuples(st.tuples(SHORT, st.integers(1, 1000))))


@st.composite
def specs(draw: st.DrawFn) -> tuple[OutputSpec, dict[str, Article]]:
    """A spec, and the articles it refers to by source (each source names one article, as in a build)."""
    pool = draw(st.lists(articles(), min_size=1, max_size=4, unique_by=lambda a: a.source))
    known = st.sampled_from(pool)
    spec = draw(st.builds(
        OutputSpec, kind=st.sampled_from(["article", "home", "tag", "rss", "sitemap"]), path=TEXT, template=SHORT,
        title=TEXT, origin=TEXT, articles=tuples(known), article=st.none() | known, newer=st.none() | known,
        related=tuples(known), term=st.none() | TERMS,
        profile=st.none() | st.builds(Profile, name=SHORT, slug=SHORT, links=tuples(st.builds(Link, title=SHORT,
                                                                                             url=TEXT))),
        pagination=st.none() | st.builds(Pagination, number=st.integers(), total=st.integers(), first_path=TEXT,
                                         newer_path=st.none() | TEXT, older_path=st.none() | TEXT),
        feeds=tuples(st.builds(Feed, title=TEXT, path=TEXT, media_type=SHORT)),
        terms=tuples(st.builds(TermCount, term=TERMS, count=st.integers())),
        months=tuples(st.builds(ArchiveLink, path=TEXT, label=TEXT, count=st.integers())),
        corrections=tuples(st.tuples(known, st.builds(Correction, date=MOMENTS, text=TEXT))),
        entries=tuples(st.builds(SitemapEntry, path=TEXT, lastmod=st.none() | MOMENTS)), noindex=st.booleans(),
        term_pages=tuples(TEXT)))
    return spec, {a.source: a for a in pool}


def same_moments(a: object, b: object) -> bool:
    """Equal, and every datetime in the same zone under the same name (what templates print with %Z)."""
    if isinstance(a, dt.datetime):
        return a == b and isinstance(b, dt.datetime) and a.tzname() == b.tzname() and a.utcoffset() == b.utcoffset()
    return True


@settings(max_examples=200, deadline=None)
@given(parsed=PARSES)
def test_a_parse_decodes_to_an_equal_parse(parsed):
    decoded = cachecodec.decode(cachecodec.encode(parsed))
    assert decoded == parsed
    # An article compares by its source file alone: every field must come back all the same.
    assert all(getattr(decoded.article, f.name) == getattr(parsed.article, f.name) for f in fields(Article))
    assert decoded.article.lines == parsed.article.lines
    assert type(decoded.warnings) is tuple and type(decoded.article.extra) is FrozenMap
    moments = [parsed.article.date, parsed.article.updated, *(c.date for c in parsed.article.corrections)]
    again = [decoded.article.date, decoded.article.updated, *(c.date for c in decoded.article.corrections)]
    assert all(same_moments(a, b) for a, b in zip(moments, again))


@settings(max_examples=100, deadline=None)
@given(value=YAML_VALUES)
def test_front_matter_values_keep_their_types(value):
    decoded = cachecodec.decode(cachecodec.encode(value))
    assert decoded == value and type(decoded) is type(value) and same_moments(value, decoded)


@settings(max_examples=100, deadline=None)
@given(case=specs())
def test_a_spec_with_article_references_decodes_to_an_equal_spec(case):
    spec, by_source = case
    text = cachecodec.encode(spec, article_refs=True)
    assert cachecodec.decode(text, article=by_source.__getitem__) == spec
    assert cachecodec.decode(cachecodec.encode(spec)) == spec  # and without references


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200) | st.text(max_size=200))
def test_garbage_decodes_to_a_plain_value_or_a_decode_error(data):
    try:
        cachecodec.decode(data)
    except cachecodec.DecodeError:
        pass


@settings(max_examples=100, deadline=None)
@given(parsed=PARSES, cut=st.floats(0, 1, exclude_max=True))
def test_a_truncated_value_is_a_decode_error(parsed, cut):
    text = cachecodec.encode(parsed)
    with pytest.raises(cachecodec.DecodeError):
        cachecodec.decode(text[: int(len(text) * cut)])


@pytest.mark.parametrize("text", [
    '["C", "Popen", "ls"]',  # only the cache's own classes are ever made
    '["C", "Term", "only one field"]',  # a class of another shape
    '["C", "Term", "a", "b", "c"]',
    '{"__class__": "os.system"}',
    '["X", 1]',
    '["z", "2026-01-01T00:00:00+00:00", "Not/AZone"]',
    '["t", "not a date", null]',
    "[" * 100_000,
    "\xff\xfe",
])
def test_text_encode_never_writes_is_a_decode_error(text):
    with pytest.raises(cachecodec.DecodeError):
        cachecodec.decode(text)


def test_a_value_of_another_type_is_refused_when_encoding():
    with pytest.raises(TypeError, match="cannot hold a object"):
        cachecodec.encode({"x": object()})


def test_a_str_subclass_is_refused_rather_than_flattened_to_a_str():
    class Marked(str):
        pass

    with pytest.raises(TypeError, match="cannot hold a Marked"):
        cachecodec.encode(Marked("<b>"))


class Kind(enum.Enum):
    ARTICLE = "article"
    FEED = "rss"


def test_an_enum_the_cache_knows_comes_back_as_its_member(monkeypatch):
    monkeypatch.setitem(cachecodec._ENUMS, "Kind", Kind)
    assert cachecodec.decode(cachecodec.encode((Kind.ARTICLE, Kind.FEED))) == (Kind.ARTICLE, Kind.FEED)
    monkeypatch.delitem(cachecodec._ENUMS, "Kind")
    with pytest.raises(TypeError):
        cachecodec.encode(Kind.ARTICLE)


def test_a_name_that_is_not_utf8_survives_the_round_trip_as_storable_text():
    name = "static/caf\udce9.jpg"  # os.fsdecode of a Latin-1 file name
    text = cachecodec.encode((name,))
    text.encode("utf-8")  # SQLite text must be UTF-8
    assert cachecodec.decode(text) == (name,)
