"""slugs: every title, tag or section becomes an ASCII, lower-case, URL-safe name."""

from __future__ import annotations

import pytest
from conftest import BASIC_CONFIG, run_main

from newsgen.core.slugs import MAX_SLUG, slugify


@pytest.mark.parametrize(("text", "slug"), [
    ("Ferry timetable changes", "ferry-timetable-changes"),
    ("Café Émile", "cafe-emile"),
    ("Jürgen Müller", "jurgen-muller"),
    ("Dvořák", "dvorak"),
    ("Łódź", "lodz"),
    ("Straße", "strasse"),
    ("Ærø", "aero"),
    ("Đorđe", "dorde"),
])
def test_slugify_folds_accents_and_special_latin_letters_to_ascii(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(("text", "slug"), [
    ("Ελλάδα", "ellada"),
    ("Москва", "moskva"),
])
def test_slugify_transliterates_greek_and_cyrillic(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(("text", "slug"), [
    ("中文", "u4e2d-u6587"),
    ("한국", "ud55c-uad6d"),
])
def test_slugify_keeps_other_scripts_distinct_as_code_points(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_gives_different_cjk_words_different_slugs() -> None:
    assert slugify("中文") != slugify("日本")


def test_slugify_joins_words_around_apostrophes() -> None:
    assert slugify("Don't stop") == "dont-stop"
    assert slugify("Halloran’s chips") == "hallorans-chips"


def test_slugify_collapses_punctuation_and_trims_dashes() -> None:
    assert slugify("--Hello,   World!--") == "hello-world"
    assert slugify("a_b / c.d") == "a-b-c-d"
    assert slugify("Budget 2027: what changes?") == "budget-2027-what-changes"


def test_slugify_normalises_compatibility_characters() -> None:
    assert slugify("ＡＢＣ１２３") == "abc123"
    assert slugify("ﬁre") == "fire"


@pytest.mark.parametrize("text", ["", "   ", "!!!", "—", "'"])
def test_slugify_returns_empty_for_text_without_letters_or_digits(text: str) -> None:
    assert slugify(text) == ""


def test_slugify_is_case_insensitive() -> None:
    assert slugify("Harbour") == slugify("HARBOUR") == slugify("harbour") == "harbour"


def test_slugify_folds_cafe_with_and_without_accent_to_one_slug() -> None:
    # Why two such tag names are a build error rather than two pages.
    assert slugify("café") == slugify("cafe") == "cafe"


def test_slugify_shortens_a_long_name_at_a_word_boundary_with_a_hash() -> None:
    slug = slugify("harbour " * 40)
    assert len(slug) <= MAX_SLUG
    head, digest = slug.rsplit("-", 1)
    assert head.startswith("harbour-harbour") and not head.endswith("-") and "harbou-" not in slug
    assert len(digest) == 8
    assert slugify(slug) == slug


def test_slugify_keeps_two_long_titles_with_one_start_apart() -> None:
    start = "the council votes on the new harbour budget after a long night of debate and " * 2
    assert slugify(start + "a delay") != slugify(start + "an agreement")


def test_slugify_leaves_a_name_of_exactly_the_limit_as_it_is() -> None:
    assert slugify("a" * MAX_SLUG) == "a" * MAX_SLUG


def test_a_site_with_300_character_names_builds_with_short_paths(make_site) -> None:  # type: ignore[no-untyped-def]
    long = "Word " * 60
    site = make_site({"content/long.md": {"title": long, "date": "2026-11-20", "slug": long, "tags": [long],
                                          "section": long, "author": long}},
                     config={**BASIC_CONFIG, "permalink": "/{section}/{slug}/"})
    result = run_main("build", "--site", site, "--now", "2026-11-28T12:00")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    segments = {part for path in (site / "public").rglob("*") for part in path.relative_to(site).parts}
    assert max(len(part.encode()) for part in segments) <= MAX_SLUG
    assert len([p for p in (site / "public/tags").iterdir() if p.is_dir()]) == 1
