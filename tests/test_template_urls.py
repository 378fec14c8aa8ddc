"""Templates ask urls.py for every link (the template URL helpers); none spells out a path by hand."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
from conftest import REPO, run_main

from newsgen.core import urls
from newsgen.core.config import parse_config
from newsgen.render.environment import THEME_DIR, make_environment

TEMPLATES = sorted((THEME_DIR / "templates").glob("*.html")) + sorted((REPO / "templates").glob("*.html"))
# What Jinja runs: {{ ... }} and {% ... %}, not the HTML around them.
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_LITERAL = r"""(?:'[^']*'|"[^"]*")"""
# A string literal that reads as a path of the site: a folder, a feed or a file under static/.
_PATH_LITERAL = re.compile(r"""(['"])([^'"]*(?:/|\.xml|\.json|\.txt|\.css|\.js|\.svg|\.png|\.jpg))\1""")
_LITERAL_TO_URL = re.compile(_LITERAL + r"\s*\)?\s*\|\s*(?:url|absolute_url)\b")
_JOINED_LITERAL = re.compile(_LITERAL + r"\s*~|~\s*" + _LITERAL)
# The one place a file name may be written: the asset a template loads.
_ASSET = re.compile(_LITERAL + r"\s*\|\s*asset_url\b|asset_url\(\s*" + _LITERAL + r"\s*\)")


def _code(template: Path) -> str:
    return "\n".join(_CODE.findall(template.read_text(encoding="utf-8")))


def _id(template: Path) -> str:
    return template.relative_to(REPO).as_posix() if template.is_relative_to(REPO) else template.name


@pytest.mark.parametrize("template", TEMPLATES, ids=_id)
def test_no_template_passes_a_written_out_path_to_the_url_filter(template: Path) -> None:
    assert _LITERAL_TO_URL.findall(_code(template)) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=_id)
def test_no_template_builds_a_path_by_joining_strings(template: Path) -> None:
    assert _JOINED_LITERAL.findall(_code(template)) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=_id)
def test_no_template_spells_a_site_path_outside_asset_url(template: Path) -> None:
    assert [m.group(2) for m in _PATH_LITERAL.finditer(_ASSET.sub("", _code(template)))] == []


def test_the_checks_catch_the_hand_written_urls_they_replaced() -> None:
    # The lines the helpers replaced, as they were: each check must still see its kind of mistake.
    assert _LITERAL_TO_URL.findall("{{ 'feed.xml' | url }}") and _LITERAL_TO_URL.findall("{{ ('tags/') | url }}")
    assert _JOINED_LITERAL.findall("{{ ('tags/' ~ tag.slug ~ '/') | url }}")
    assert _PATH_LITERAL.search("{% if ('authors/' ~ a.slug) in page.term_pages %}")
    assert not _PATH_LITERAL.search(_ASSET.sub("", "{{ 'css/newsgen.css' | asset_url }}{{ asset_url('a.svg') }}"))


@pytest.fixture
def env() -> jinja2.Environment:
    config = parse_config({"title": "T", "base_url": "https://example.org/news/"}, {})
    return make_environment(Path("/nonexistent"), config)


def _render(env: jinja2.Environment, source: str, **values: Any) -> str:
    return env.from_string(source).render(values)


def test_url_helpers_give_the_links_urls_py_gives(env: jinja2.Environment) -> None:
    links = urls.Urls("https://example.org/news/")
    assert _render(env, "{{ 'home' | page_url }}") == "/news/" == links.url(urls.HOME)
    assert _render(env, "{{ 'tags' | page_url }} {{ 'corrections' | page_url }}") == "/news/tags/ /news/corrections/"
    assert _render(env, "{{ s | tag_url }}", s="harbour") == "/news/tags/harbour/" == links.url(urls.tag_path("harbour"))
    assert _render(env, "{{ s | section_url }} {{ s | author_url }}", s="ana") == "/news/ana/ /news/authors/ana/"
    assert _render(env, "{{ 'css/newsgen.css' | asset_url }}") == "/news/css/newsgen.css"
    assert _render(env, "{{ s | tag_path }} {{ s | section_path }} {{ s | author_path }}", s="x") == (
        "tags/x/ x/ authors/x/")


def test_url_helpers_are_functions_too(env: jinja2.Environment) -> None:
    assert _render(env, "{{ tag_url('harbour') }} {{ page_url('home') }} {{ feed_url('atom') }}") == (
        "/news/tags/harbour/ /news/ /news/atom.xml")


def test_feed_url_names_the_site_feeds_and_a_listings_feed(env: jinja2.Environment) -> None:
    assert _render(env, "{{ 'rss' | feed_url }} {{ 'atom' | feed_url }} {{ 'json' | feed_url }}") == (
        "/news/feed.xml /news/atom.xml /news/feed.json")
    assert _render(env, "{{ 'rss' | feed_url(first) }}", first="tags/harbour/") == "/news/tags/harbour/feed.xml"


def test_helpers_of_constants_are_computed_when_the_template_compiles(env: jinja2.Environment) -> None:
    # The footer's links cost nothing per page: Jinja folds a filter of constants into the compiled code.
    code = env.compile("<a href=\"{{ 'rss' | feed_url }}\">{{ 'home' | page_url }}</a>", raw=True)
    assert "yield '<a href=\"/news/feed.xml\">/news/</a>'" in code


def test_an_unknown_page_name_or_feed_kind_is_a_template_error_naming_the_line(make_site) -> None:
    site = make_site({"templates/tags.html": "{% extends 'base.html' %}\n{% block content %}\n"
                      "{{ 'topics' | page_url }}{% endblock %}\n"})
    result = run_main("build", "--site", site, "--now", "2026-11-28T12:00")
    assert result.code == 1 and "Traceback" not in result.err
    assert "templates/tags.html:3: template error: ValueError: page name 'topics' is not one of 'home', 'tags', " \
        "'corrections'" in result.err
