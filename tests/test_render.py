"""Templates escape what they print exactly as Jinja with autoescape does, however the value gets there."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from newsgen.config import parse_config
from newsgen.render import make_environment

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
