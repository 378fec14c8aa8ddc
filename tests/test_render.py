"""Templates escape what they print exactly as Jinja with autoescape does, however the value gets there."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from conftest import run_main
from markupsafe import Markup

from newsgen.core.config import parse_config
from newsgen.render.environment import make_environment

TEMPLATE = """\
{% macro card(item) %}<h2 title="{{ item.title }}">{{ item.title }}</h2>{{ item.body }}{% endmacro %}
{% set block_text %}<i>{{ title }}</i>{% endset %}
<title>{{ title }}</title>
{{ card(item) }}{{ card(item) | upper }}
{{ block_text }}|{{ block_text | length }}
{{ number }} {{ number + 1 }} {{ ratio }} {{ flag }} {{ nothing }} {{ items }}
{{ trusted }} {{ title | safe }} {{ title | e }} {{ title ~ trusted }} {{ [title] | join(", ") }}
{% for t in [title, trusted, number] %}[{{ t }}]{% endfor %}
{% filter lower %}{{ title }}{% endfilter %}
{% autoescape false %}{{ title }}{% endautoescape %}{% autoescape true %}{{ title }}{% endautoescape %}
{{ "literal <b>" }} {{ '"quoted" & \\'single\\'' }}
"""
VALUES = {
    "title": "Fish & chips <award> \"best\" 'ever'",
    "trusted": Markup("<em>kept</em>"),
    "item": {"title": "A<b>", "body": Markup("<p>body &amp; more</p>")},
    "number": 3, "ratio": 0.5, "flag": True, "nothing": None, "items": ["<x>", 1],
}


def _newsgen_env(tmp_path: Path, source: str) -> jinja2.Environment:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text(source, encoding="utf-8")
    config = parse_config({"title": "T", "base_url": "https://example.org/"}, {})
    return make_environment(tmp_path, config)


def test_printed_values_are_escaped_exactly_as_jinja_escapes_them(tmp_path):
    ours = _newsgen_env(tmp_path, TEMPLATE).get_template("t.html").render(**VALUES)
    stock = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True).from_string(TEMPLATE).render(**VALUES)
    assert ours == stock
    assert "<title>Fish &amp; chips &lt;award&gt; &#34;best&#34; &#39;ever&#39;</title>" in ours
    assert '<h2 title="A&lt;b&gt;">A&lt;b&gt;</h2><p>body &amp; more</p>' in ours  # macro output not escaped twice
    assert "<em>kept</em>" in ours and "Fish & chips <award>" in ours  # safe values and autoescape false


def test_an_undefined_value_is_still_an_error(tmp_path):
    env = _newsgen_env(tmp_path, "<p>{{ missing }}</p>")
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("t.html").render()


EXTRA_TEMPLATE = ('{% extends "base.html" %}{% block content %}'
                  '{% if page.article.extra.lang %}<p lang="{{ page.article.extra.lang }}">L</p>{% endif %}'
                  '<p id="mood">[{{ page.article.extra.mood }}|{{ page.article.extra["mood"] }}]</p>'
                  '{% endblock %}')


def test_a_missing_extra_key_is_empty_in_templates_not_an_error(make_site):
    site = make_site({"templates/article.html": EXTRA_TEMPLATE,
                      "content/a.md": {"title": "A", "date": "2026-11-20", "lang": "de", "mood": "calm"},
                      "content/b.md": {"title": "B", "date": "2026-11-21"}})
    result = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert result.code == 0, result.err
    assert '<p lang="de">L</p><p id="mood">[calm|calm]</p>' in (site / "public/2026/11/20/a/index.html").read_text()
    assert '<p id="mood">[|]</p>' in (site / "public/2026/11/21/b/index.html").read_text()


def test_a_misspelt_core_field_in_a_template_is_still_an_error(make_site):
    site = make_site({"templates/article.html": '{% extends "base.html" %}{% block content %}'
                                                "{{ page.article.tittle }}{% endblock %}",
                      "content/a.md": {"title": "A", "date": "2026-11-20"}})
    result = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert result.code == 1
    assert "templates/article.html:1: undefined template variable" in result.err
