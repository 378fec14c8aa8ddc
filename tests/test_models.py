"""The models are values: an article is its source file, its extra fields cannot change under a build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import jinja2
import pytest

from newsgen.core.frozen import FrozenMap
from newsgen.core.models import Article
from newsgen.site.plan import OutputKind, OutputSpec

WHEN = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)


def article(**changes: object) -> Article:
    values: dict[str, object] = {"source": "content/ferry.md", "digest": "d1", "title": "Ferry", "slug": "ferry",
                                 "path": "2026/11/20/ferry/", "date": WHEN, "extra": {"lang": "nl", "desk": "harbour"}}
    values.update(changes)
    return Article(**values)  # type: ignore[arg-type]


def test_two_parses_of_one_file_are_one_article_in_sets_and_dict_keys():
    first, edited = article(), article(title="Ferry returns", digest="d2")
    assert first == edited and hash(first) == hash(edited)
    assert {first: 1}[edited] == 1
    assert article(source="content/other.md") != first


def test_extra_fields_cannot_be_changed_after_parsing():
    extra = article().extra
    with pytest.raises(TypeError):
        extra["lang"] = "en"  # type: ignore[index]
    assert not hasattr(extra, "update")


def test_extra_keeps_the_front_matter_order_and_reads_like_a_dict():
    extra = article(extra={"zeta": 1, "alpha": 2}).extra
    assert list(extra) == ["zeta", "alpha"] and extra == {"zeta": 1, "alpha": 2}
    assert repr(extra) == "{'zeta': 1, 'alpha': 2}"
    assert json.dumps(extra.to_dict()) == '{"zeta": 1, "alpha": 2}'
    assert hash(extra) == hash(FrozenMap({"alpha": 2, "zeta": 1}))


def test_templates_read_extra_as_attribute_and_as_item():
    template = jinja2.Environment(autoescape=True).from_string("{{ a.extra.lang }} {{ a.extra['desk'] }}")
    assert template.render(a=article()) == "nl harbour"


def test_an_output_kind_is_its_name_wherever_it_is_written():
    spec = OutputSpec(kind="rss", path="feed.xml", template="", title="t", origin="o")
    assert spec.kind is OutputKind.RSS and spec.kind == "rss"
    assert f"{spec.kind}" == "rss" and str(spec.kind) == "rss" and json.dumps(spec.kind) == '"rss"'
    assert dataclasses.replace(spec, kind=OutputKind.ATOM).kind == "atom"
    with pytest.raises(ValueError):
        OutputSpec(kind="podcast", path="p.xml", template="", title="t", origin="o")
