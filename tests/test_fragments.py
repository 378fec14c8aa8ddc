"""`reused(macro)`: a card is rendered once per build and language, and every listing shows the same markup."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from newsgen.core.config import parse_config
from newsgen.render.environment import make_environment

CARDS = """\
{% macro card_markup(item, lead=False) %}<p class="{{ 'lead' if lead }}">{{ count(item.title) }} {{ t('latest') }}</p>{% endmacro %}
{% set card = reused(card_markup) %}
"""
PAGE = """{% from "_cards.html" import card with context %}{% for item in items %}{{ card(item, lead=loop.first) }}{% endfor %}"""


def _env(tmp_path: Path, calls: list[str]) -> jinja2.Environment:
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "_cards.html").write_text(CARDS, encoding="utf-8")
    (templates / "page.html").write_text(PAGE, encoding="utf-8")
    config = parse_config({"title": "T", "base_url": "https://example.org/",
                           "languages": [{"code": "en", "title": "T"}, {"code": "es", "title": "T", "path": "es"}]}, {})
    env = make_environment(tmp_path, config)

    def count(title: str) -> str:
        calls.append(title)
        return title

    env.globals["count"] = count
    return env


def test_a_reused_macro_runs_once_per_arguments_across_pages(tmp_path: Path) -> None:
    calls: list[str] = []
    env = _env(tmp_path, calls)
    page = env.get_template("page.html")
    first = page.render(items=[{"title": "A"}, {"title": "B"}], lang="en")
    # Dicts cannot be keys: made every time, still right.
    assert first == '<p class="lead">A Latest</p><p class="">B Latest</p>' and calls == ["A", "B"]
    calls.clear()
    second = page.render(items=[{"title": "A"}], lang="en")
    assert second == '<p class="lead">A Latest</p>' and calls == ["A"]


class Story:  # hashable like Article: by its source
    def __init__(self, title: str):
        self.title = title

    def __hash__(self) -> int:
        return hash(self.title)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Story) and other.title == self.title


def test_hashable_arguments_are_made_once_and_kept_apart_by_language_and_flags(tmp_path: Path) -> None:
    calls: list[str] = []
    env = _env(tmp_path, calls)
    page = env.get_template("page.html")
    a, b = Story("A"), Story("B")
    english = page.render(items=[a, b], lang="en")
    assert page.render(items=[a, b], lang="en") == english
    assert calls == ["A", "B"]  # the second page reused both cards
    assert page.render(items=[b, a], lang="en") == '<p class="lead">B Latest</p><p class="">A Latest</p>'
    assert calls == ["A", "B", "B", "A"]  # B as the lead card and A as a plain one are other cards
    spanish = page.render(items=[a, b], lang="es")
    assert "Latest" not in spanish and spanish.count("<p") == 2  # the language is part of the key
    assert calls[-2:] == ["A", "B"]


def test_reused_takes_only_a_macro(tmp_path: Path) -> None:
    env = _env(tmp_path, [])
    with pytest.raises(TypeError, match="takes a macro"):
        env.from_string("{% set c = reused('x') %}").render()


def test_a_new_build_environment_starts_with_no_fragments(tmp_path: Path) -> None:
    calls: list[str] = []
    a = Story("A")
    _env(tmp_path, calls).get_template("page.html").render(items=[a], lang="en")
    _env(tmp_path, calls).get_template("page.html").render(items=[a], lang="en")
    assert calls == ["A", "A"]


def test_an_undefined_argument_the_macro_never_prints_still_renders(tmp_path: Path) -> None:
    calls: list[str] = []
    env = _env(tmp_path, calls)
    (tmp_path / "templates" / "odd.html").write_text(
        '{% macro m(item, unused) %}<b>{{ item }}</b>{% endmacro %}{% set c = reused(m) %}{{ c("x", missing) }}',
        encoding="utf-8")
    assert env.get_template("odd.html").render(lang="en") == "<b>x</b>"
