"""The theme speaks the page's language: every shipped table is complete, every page of a site in that
language shows its words and none of the English ones, and dates come out in its own form."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from babel import Locale
from conftest import run_main, write_site

from newsgen.core import strings

# Words a test site may print that are no theme string: its own names, in no language.
SITE_CONFIG = """\
title: Qwerty Gazette
base_url: https://example.org/news/
timezone: Europe/Madrid
language: {lang}
per_page: 1
more_from: 2
search: true
newsletter: {{heading: Zzyzx, action: "https://example.org/subscribe"}}
policies: {{ethics: quux}}
menus:
  footer: [{{page: quux}}]
"""
AUTHORS = """\
- {name: Ana Lima}
- {name: Bo Kim}
- {name: Cy Ng}
- {name: Di Wu}
"""
BODY = "Lorem ipsum dolor.\n"


def _article(front: str) -> str:
    return f"---\n{front}---\n{BODY}"


FILES = {
    "authors.yaml": AUTHORS,
    "content/xylo-one.md": _article(
        "title: Xylo one\ndate: 2026-11-28 09:30\nsection: Alpha\ntags: [zeta, eta]\n"
        "authors: [Ana Lima, Bo Kim, Cy Ng]\nupdated: 2026-11-29 10:05\naliases: [/old/xylo/]\n"
        "corrections: [{date: 2026-11-29, text: Zorp.}]\n"),
    "content/xylo-two.md": _article("title: Xylo two\ndate: 2026-10-02 18:00\nsection: Alpha\ntags: [zeta]\n"
                                    "author: Ana Lima\n"),
    "content/xylo-three.md": _article("title: Xylo three\ndate: 2026-10-05 07:00\nsection: Alpha\n"
                                      "tags: [zeta]\nauthor: Bo Kim\n"),
    "content/pages/quux.md": "---\ntitle: Quux\nupdated: 2026-11-01\n---\nLorem ipsum.\n",
}
# A second site shows what the first cannot: a main menu, no tags and no corrections.
BARE_CONFIG = """\
title: Qwerty Gazette
base_url: https://example.org/
language: {lang}
menus:
  main: [{{title: Quux, url: /}}]
"""
BARE_FILES = {"content/xylo.md": _article("title: Xylo\ndate: 2026-11-28 09:30\n")}
NOW = "2026-12-01T12:00"
OTHER_LANGUAGES = [code for code in strings.SHIPPED if code != "en"]


def _build(root: Path, files: dict[str, str], config: str, lang: str) -> Path:
    site = write_site(root, files, config.format(lang=lang))
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", "--quiet")
    assert run.code == 0, run.err
    return site / "public"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """language -> the output folders of both test sites in it."""
    out = {}
    for lang in strings.SHIPPED:
        root = tmp_path_factory.mktemp(f"site-{lang}")
        out[lang] = [_build(root / "full", FILES, SITE_CONFIG, lang),
                     _build(root / "bare", BARE_FILES, BARE_CONFIG, lang)]
    return out


def _reader_text(page: Path) -> str:
    """What a reader (or a screen reader) gets from a page: its text, labels, titles and descriptions."""
    tree = lxml.html.fromstring(page.read_bytes())
    for node in tree.xpath("//script | //style"):
        node.drop_tree()
    parts = [tree.text_content()]
    parts += tree.xpath("//@aria-label | //@title | //@alt")
    # The search page's messages, which its script shows (data-searching, data-results ...).
    parts += tree.xpath("//*[@id='search']/@*[starts-with(name(), 'data-') and name() != 'data-index' "
                        "and name() != 'data-base']")
    parts += tree.xpath("//meta[@name='description' or starts-with(@property, 'og:title') or "
                        "starts-with(@property, 'og:description') or starts-with(@name, 'twitter:')]/@content")
    return "\n".join(parts)


def _pages(folders: list[Path]) -> str:
    return "\n".join(_reader_text(page) for folder in folders for page in sorted(folder.rglob("*.html")))


def _texts(entry: strings.Entry) -> list[str]:
    return [entry] if isinstance(entry, str) else [text for _, text in entry]


def _chunks(text: str) -> list[str]:
    """The literal words of a string, without its placeholders and the punctuation around them."""
    pieces = re.split(r"\{\w+\}", text)
    return [chunk for chunk in (piece.strip(" \t\n,.:;()←→·") for piece in pieces) if chunk]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_shipped_language_has_exactly_the_english_keys_and_placeholders(lang: str) -> None:
    english, table = strings.shipped_table("en"), strings.shipped_table(lang)
    assert list(table) == list(english), "same keys, in the same order, as en.yaml"
    forms = set(Locale.parse(lang).plural_form.tags) | {"other"}
    for key, entry in table.items():
        assert strings.entry_problem(key, entry if isinstance(entry, str) else dict(entry)) is None
        if isinstance(entry, str):
            assert strings.placeholders(entry) == strings.placeholders(english[key]), key
        else:  # every plural category the language's rules give has its own text
            assert set(dict(entry)) == forms, (key, sorted(forms))


def test_every_key_is_printed_by_the_theme_somewhere(built: dict[str, list[Path]]) -> None:
    """The two test sites show every string: the no-English test below covers the whole table."""
    for lang in strings.SHIPPED:
        text = _pages(built[lang])
        missing = [key for key, entry in strings.shipped_table(lang).items()
                   if _chunks(" ".join(_texts(entry))) and not any(
                       chunk in text for one in _texts(entry) for chunk in _chunks(one))]
        assert missing == [], f"{lang}: strings no page shows"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_english_string_appears_on_a_site_in_another_language(built: dict[str, list[Path]], lang: str) -> None:
    text = _pages(built[lang])
    theirs = " ".join(text for entry in strings.shipped_table(lang).values() for text in _texts(entry))
    leaked = sorted({chunk for entry in strings.shipped_table("en").values() for one in _texts(entry)
                     for chunk in _chunks(one) if chunk not in theirs
                     and re.search(rf"(?<!\w){re.escape(chunk)}(?!\w)", text)})
    assert leaked == []


def test_a_spanish_site_prints_spanish_words_and_dates(built: dict[str, list[Path]]) -> None:
    public = built["es"][0]
    page = (public / "2026/11/28/xylo-one/index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in page
    assert "Por <a href=\"/news/authors/ana-lima/\">Ana Lima</a>, " in page
    assert " y <a href=\"/news/authors/cy-ng/\">Cy Ng</a>" in page
    assert '<time datetime="2026-11-28T09:30:00+01:00">28 de noviembre de 2026, 9:30 CET</time>' in page
    assert "Actualizado <time" in page and "1 min de lectura" in page
    assert 'Corrección, <time datetime="2026-11-29T00:00:00+01:00">29 de noviembre de 2026</time>:' in page
    assert '<meta property="og:locale" content="es">' in page
    archive = (public / "2026/index.html").read_text(encoding="utf-8")
    assert ">noviembre de 2026</a> <span class=\"count\">(1 artículo)</span>" in archive
    assert ">octubre de 2026</a> <span class=\"count\">(2 artículos)</span>" in archive
    assert "<title>octubre de 2026 (página 2) – Qwerty Gazette</title>" in (
        public / "2026/10/page/2/index.html").read_text(encoding="utf-8")
    moved = (public / "old/xylo/index.html").read_text(encoding="utf-8")
    assert "<title>Trasladada: Xylo one</title>" in moved and "<h1>Esta página se ha trasladado</h1>" in moved


def test_arabic_pages_are_right_to_left_with_arabic_plurals(built: dict[str, list[Path]]) -> None:
    public = built["ar"][0]
    home = (public / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in home
    tags = (public / "tags/index.html").read_text(encoding="utf-8")
    assert "مقالات 3" not in tags and "3 مقالات" in tags  # zeta: three articles, the `few` form
    assert "مقال واحد" in tags  # eta: one article
    page = (public / "2026/11/28/xylo-one/index.html").read_text(encoding="utf-8")
    assert "دقيقة قراءة واحدة" in page
    for lang in ("en", "es"):
        assert " dir=" not in (built[lang][0] / "index.html").read_text(encoding="utf-8")


def test_text_direction_knows_right_to_left_scripts() -> None:
    from newsgen.render.translate import text_direction

    assert [text_direction(c) for c in ("ar", "he", "fa", "ur", "ar-EG", "en", "es", "pt-BR", "zz")] == [
        "rtl", "rtl", "rtl", "rtl", "rtl", "ltr", "ltr", "ltr", "ltr"]


@pytest.mark.validator
@pytest.mark.parametrize("lang", ["es", "ar"])
def test_spanish_and_arabic_pages_pass_the_nu_html_checker(built: dict[str, list[Path]], lang: str) -> None:
    from checkers.html import run_vnu

    pages = sorted(page for folder in built[lang] for page in folder.rglob("*.html"))
    assert run_vnu(pages) == []


def _one_article_site(root: Path, config: str, extra: dict[str, str] | None = None) -> Path:
    files = {"content/xylo.md": _article("title: Xylo\ndate: 2026-11-28 20:05\nauthor: Ana Lima\n"),
             **(extra or {})}
    return write_site(root, files, "title: Qwerty Gazette\nbase_url: https://example.org/\n" + config)


def _article_page(site: Path) -> str:
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", "--quiet")
    assert run.code == 0, run.err
    return (site / "public/2026/11/28/xylo/index.html").read_text(encoding="utf-8")


def test_the_default_english_dates_are_the_ones_the_theme_always_printed(tmp_path: Path) -> None:
    page = _article_page(_one_article_site(tmp_path, "timezone: Europe/Berlin\n"))
    assert '<time datetime="2026-11-28T20:05:00+01:00">28 November 2026, 20:05 CET</time>' in page


def test_date_format_and_time_format_change_every_date_in_the_page_language(tmp_path: Path) -> None:
    us = _one_article_site(tmp_path / "us", 'theme: {date_format: "MMMM d, y", time_format: "h:mm a"}\n')
    page = _article_page(us)
    assert '<time datetime="2026-11-28T20:05:00+00:00">November 28, 2026, 8:05 pm UTC</time>' in page  # en: British
    home = (us / "public/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-11-28T20:05:00+00:00">November 28, 2026</time>' in home
    us_english = _one_article_site(tmp_path / "en-us", 'language: en-US\ntheme: {time_format: "h:mm a"}\n')
    assert ">November 28, 2026, 8:05 PM UTC</time>" in _article_page(us_english)  # en-US: CLDR's long date
    es = _one_article_site(tmp_path / "es", "language: es\ntheme: {date_format: \"EEEE d 'de' MMMM\", "
                           "time_format: \"HH'h'mm\"}\n")
    assert ">sábado 28 de noviembre, 20h05 UTC</time>" in _article_page(es)
    full = _one_article_site(tmp_path / "full", "language: de\ntheme: {date_format: full}\n")
    assert ">Samstag, 28. November 2026, 20:05 UTC</time>" in _article_page(full)


@pytest.mark.parametrize(("value", "message"), [
    ("JJ d", "date_format: 'JJ d' has the letter 'J', which is no CLDR pattern field"),
    ("d 'de MMMM", "date_format: \"d 'de MMMM\" opens a quote (') that is never closed"),
    ("MMMMMMM y", "date_format: 'MMMMMMM y' is not a CLDR pattern"),
    ("", "date_format: expected a CLDR pattern such as 'MMMM d, y'"),
])
def test_a_bad_date_format_is_an_error_at_its_line(tmp_path: Path, value: str, message: str) -> None:
    site = _one_article_site(tmp_path, f"theme:\n  accent: '#1d4ed8'\n  date_format: \"{value}\"\n")
    run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert run.code == 1 and "Traceback" not in run.err
    assert f"site.yaml:3: theme: {message}" in run.err


def test_a_bad_time_format_is_an_error_too(tmp_path: Path) -> None:
    run = run_main("build", "--site", _one_article_site(tmp_path, "theme: {time_format: 'h:mm at'}\n"))
    assert run.code == 1
    assert "site.yaml:3: theme: time_format: 'h:mm at' has the letter 't', which is no CLDR pattern field" in run.err


def test_site_strings_override_the_theme_in_site_yaml_and_in_files(tmp_path: Path) -> None:
    config = ("language: es\nstrings:\n  by: Texto de\n  reading_time: {one: '{count} minuto', other: "
              "'{count} minutos'}\n  en: {by: Words by}\n")
    files = {"strings/es.yaml": "by: Ignored, as site.yaml wins\nupdated: Revisado\nskip_link: Ir al texto\n",
             "content/xylo.md": _article("title: Xylo\ndate: 2026-11-28 20:05\nauthor: Ana Lima\n"
                                         "updated: 2026-11-29 08:00\n")}
    page = _article_page(_one_article_site(tmp_path, config, files))
    assert "Texto de <a href=\"/authors/ana-lima/\">Ana Lima</a>" in page
    assert "· 1 minuto\n" in page and "Revisado <time" in page
    assert '<a class="skip-link" href="#main">Ir al texto</a>' in page
    assert "Ignored" not in page and "Words by" not in page  # the `en` strings serve English pages only


def test_a_site_strings_file_for_the_site_language_changes_english_words(tmp_path: Path) -> None:
    site = _one_article_site(tmp_path, "", {"strings/en.yaml": "by: Words by\nrelated: See also\n"})
    assert "Words by <a href=\"/authors/ana-lima/\">Ana Lima</a>" in _article_page(site)


def test_unknown_strings_and_placeholders_are_errors_at_their_lines_all_at_once(tmp_path: Path) -> None:
    config = ("strings:\n  byy: Words by\n  more_from: More by {site}\n  es:\n    relatd: Relacionados\n"
              "  reading_time: {one: x, lots: y}\n")
    files = {"strings/fr.yaml": "by: Par\nnope: x\n", "strings/english.yaml": "by: By\n"}
    run = run_main("build", "--site", _one_article_site(tmp_path, config, files))
    assert run.code == 1 and "Traceback" not in run.err
    assert "site.yaml:4: strings: unknown string 'byy' (did you mean \"by\"?); the theme's strings are: skip_link," \
        in run.err
    assert ("site.yaml:5: strings: more_from: unknown placeholder {site} in 'More by {site}'; this string can "
            "use: {name}") in run.err
    assert "site.yaml:7: strings: unknown string 'relatd' (did you mean \"related\"?)" in run.err
    assert "site.yaml:8: strings: reading_time: unknown plural form 'lots'; forms: zero, one, two, few, many, other" \
        in run.err


def test_strings_files_are_checked_after_site_yaml_with_their_own_paths(tmp_path: Path) -> None:
    files = {"strings/fr.yaml": "by: Par\nnope: x\n", "strings/english.yaml": "by: By\n"}
    run = run_main("build", "--site", _one_article_site(tmp_path, "", files))
    assert run.code == 1 and "Traceback" not in run.err
    assert "strings/fr.yaml:2: unknown string 'nope'" in run.err
    assert "strings/english.yaml:1: the file name must be a language code, such as es.yaml" in run.err


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_the_search_page_hands_its_script_every_plural_form_of_its_language(built: dict[str, list[Path]],
                                                                         lang: str) -> None:
    # The result count is made in the browser: the page carries the forms (plural_forms), the script picks
    # one with Intl.PluralRules. Arabic has six forms, English two.
    page = lxml.html.fromstring((built[lang][0] / "search" / "index.html").read_bytes())
    forms = json.loads(page.xpath("//*[@id='search']/@data-results")[0])
    entry = strings.shipped_table(lang)["search_results"]
    assert forms == {form: text for form, text in entry}
    assert page.xpath("//h1/text()") == [strings.shipped_table(lang)["search"]]
