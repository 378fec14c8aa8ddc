"""Templates ask urls.py for every link (the template URL helpers); none spells out a path by hand."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from newsgen import urls
from newsgen.config import parse_config
from newsgen.render import THEME_DIR, make_environment

TEMPLATES = sorted((THEME_DIR / "templates").glob("*.html")) + sorted((REPO / "templates").glob("*.html"))
# What Jinja runs: {{ ... }} and {% ... %}, not the HTML around them.
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_LITERAL = r"""(?:'[^']*'|"[^"]*")"""
# A string literal that reads as a path of the site: a folder, a feed or a file under static/.
_PATH_LITERAL = re.compile(r"""(['"])([^'"]*(?:/|\.xml|\.json|\.txt|\.css|\.js|\.svg|\.png|\.jpg))\1""")
_LITERAL_TO_URL = re.compile(_LITERAL + r"\s*\)?\s*\|\s*(?:url|absolute_url)\b")
_JOINED_LITERAL = re.compile(_LITERAL + r"\s*~|~\s*" + _LITERAL)
# The one place a file name may be written: the asset a template loads.
_ASSET = re.compile(r"asset_url\(\s*" + _LITERAL + r"\s*\)")


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
    assert not _PATH_LITERAL.search(_ASSET.sub("", "{{ asset_url('css/newsgen.css') }}"))


@pytest.fixture
def helpers() -> dict[str, Any]:
    config = parse_config({"title": "T", "base_url": "https://example.org/news/"}, {})
    return make_environment(Path("/nonexistent"), config).globals


def test_url_helpers_give_the_links_urls_py_gives(helpers: dict[str, Any]) -> None:
    links = urls.Urls("https://example.org/news/")
    assert helpers["home_url"]() == "/news/" == links.url(urls.HOME)
    assert helpers["tags_url"]() == "/news/tags/"
    assert helpers["corrections_url"]() == "/news/corrections/"
    assert helpers["tag_url"]("harbour") == "/news/tags/harbour/" == links.url(urls.tag_path("harbour"))
    assert helpers["section_url"]("city") == "/news/city/"
    assert helpers["author_url"]("ana-lima") == "/news/authors/ana-lima/"
    assert helpers["asset_url"]("css/newsgen.css") == "/news/css/newsgen.css"
    assert helpers["tag_path"]("harbour") == "tags/harbour/"
    assert helpers["section_path"]("city") == "city/"
    assert helpers["author_path"]("ana-lima") == "authors/ana-lima/"


def test_feed_url_names_the_site_feeds_and_a_listings_feed(helpers: dict[str, Any]) -> None:
    assert [helpers["feed_url"](kind) for kind in ("rss", "atom", "json")] == [
        "/news/feed.xml", "/news/atom.xml", "/news/feed.json"]
    assert helpers["feed_url"]() == "/news/feed.xml"
    assert helpers["feed_url"]("rss", "tags/harbour/") == "/news/tags/harbour/feed.xml"
