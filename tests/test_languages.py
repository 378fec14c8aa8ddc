"""Multilingual sites (`languages:`): each language its own listings and feeds under its path, translations
linked both ways (hreflang, the sitemap, a visible link), nothing unpublished pointed at, clear errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from checkers.feeds import check_atom, check_json_feed, check_rss
from checkers.html import run_vnu
from checkers.links import check_internal_links
from checkers.sitemaps import check_news_sitemap, check_sitemap, check_sitemap_alternates
from conftest import article, run_main, write_site

NOW = "2026-11-28T12:00"
BASE = "https://example.org/"
CONFIG = {
    "title": "Test Times", "base_url": BASE, "timezone": "UTC", "description": "News in English",
    "languages": [{"code": "en", "title": "Test Times"},
                  {"code": "es", "title": "El Tiempo", "path": "es", "description": "Noticias en español"}],
}
FILES = {
    "content/ferry.md": {"title": "Ferry returns", "date": "2026-11-20T09:00:00Z", "section": "News",
                         "tags": ["harbour"], "author": "Ann Lee"},
    "content/ferry.es.md": {"title": "Vuelve el ferry", "slug": "vuelve-el-ferry", "date": "2026-11-20T09:00:00Z",
                            "section": "Noticias", "tags": ["puerto"], "author": "Ann Lee"},
    "content/derby.md": {"title": "Derby won", "date": "2026-11-21T09:00:00Z", "section": "Sport",
                         "tags": ["harbour"]},
    "content/derby.es.md": {"title": "BORRADOR derbi", "date": "2026-11-21T09:00:00Z", "draft": True},
    "content/council.md": {"title": "Council meets", "date": "2026-11-22T09:00:00Z", "section": "News"},
    "content/council.es.md": {"title": "FUTURO pleno", "date": "2026-12-30T09:00:00Z", "section": "Noticias"},
    "content/market.md": {"title": "Mercado del sábado", "lang": "es", "date": "2026-11-27T09:00:00Z",
                          "section": "Noticias", "tags": ["puerto"]},
    "content/pages/about.md": "---\ntitle: About us\n---\nWe are a paper.\n",
    "content/pages/about.es.md": "---\ntitle: Quiénes somos\n---\nSomos un periódico.\n",
}
SPANISH = ("Vuelve el ferry", "Mercado del sábado")
ENGLISH = ("Ferry returns", "Derby won", "Council meets")


def build_site(root: Path, *extra: str, files: dict | None = None, config: dict | None = None) -> Path:
    site = write_site(root / "site", FILES if files is None else files, CONFIG if config is None else config)
    result = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", *extra)
    assert result.code == 0, result.err
    return site / "public"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("languages"))


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def test_each_language_has_its_own_listings_with_only_its_own_articles(out: Path) -> None:
    for rel, own, other in (("index.html", ENGLISH, SPANISH), ("es/index.html", SPANISH, ENGLISH),
                            ("feed.xml", ENGLISH, SPANISH), ("es/feed.xml", SPANISH, ENGLISH),
                            ("es/atom.xml", SPANISH, ENGLISH), ("es/feed.json", SPANISH, ENGLISH),
                            ("2026/11/index.html", ENGLISH, SPANISH), ("es/2026/11/index.html", SPANISH, ENGLISH),
                            ("404.html", ENGLISH, SPANISH)):
        text = read(out, rel)
        assert all(title in text for title in own), rel
        assert not any(title in text for title in other), rel
    assert "Vuelve el ferry" in read(out, "es/noticias/index.html")
    assert "Vuelve el ferry" in read(out, "es/tags/puerto/index.html")
    assert "Vuelve el ferry" in read(out, "es/authors/ann-lee/index.html")
    assert "Ferry returns" not in read(out, "es/authors/ann-lee/index.html")
    # A section or tag only Spanish articles have exists only under /es/, and the reverse.
    assert not (out / "noticias").exists() and not (out / "tags/puerto").exists()
    assert not (out / "es/news").exists() and not (out / "es/tags/harbour").exists()


def test_a_language_pages_carry_its_own_title_description_language_and_links(out: Path) -> None:
    html = read(out, "es/2026/11/20/vuelve-el-ferry/index.html")
    assert html.startswith('<!doctype html>\n<html lang="es">')
    assert "<title>Vuelve el ferry – El Tiempo</title>" in html
    assert '<p class="tagline">Noticias en español</p>' in html
    assert '<meta property="og:locale" content="es">' in html
    assert '<a href="/es/">' in html and 'href="/es/noticias/"' in html and 'href="/es/tags/puerto/"' in html
    assert 'href="/es/feed.xml"' in html and 'href="/es/corrections/"' in html
    assert '"inLanguage": "es"' in html
    # Structured data: the Spanish edition publishes it, its author and section pages are under /es/.
    data = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    news, crumbs = data[0], data[1]
    assert news["publisher"]["url"] == "https://example.org/es/" and news["publisher"]["name"] == "El Tiempo"
    assert news["author"][0]["url"] == "https://example.org/es/authors/ann-lee/"
    assert [item["item"] for item in crumbs["itemListElement"]] == [
        "https://example.org/es/", "https://example.org/es/noticias/", "https://example.org/es/2026/11/20/vuelve-el-ferry/"]
    feed = read(out, "es/feed.xml")
    assert "<title>El Tiempo</title>" in feed and "<language>es</language>" in feed
    assert 'xml:lang="es"' in read(out, "es/atom.xml")
    assert '<html lang="en">' in read(out, "2026/11/20/ferry/index.html")


def test_related_and_previous_next_stay_within_the_language(out: Path) -> None:
    spanish = read(out, "es/2026/11/20/vuelve-el-ferry/index.html")
    english_paths = re.findall(r'href="(/2026/11/\d\d/[a-z-]+/)"', spanish)
    # The only English address a Spanish article names is its own translation's.
    assert set(english_paths) == {"/2026/11/20/ferry/"}
    assert 'href="/es/2026/11/27/market/"' in spanish
    english = read(out, "2026/11/21/derby/index.html")
    assert "/es/2026/" not in english


def test_translations_name_each_other_both_ways_with_x_default(out: Path) -> None:
    english = read(out, "2026/11/20/ferry/index.html")
    spanish = read(out, "es/2026/11/20/vuelve-el-ferry/index.html")
    alternates = ('<link rel="alternate" hreflang="en" href="https://example.org/2026/11/20/ferry/">\n'
                  '<link rel="alternate" hreflang="es" href="https://example.org/es/2026/11/20/vuelve-el-ferry/">\n'
                  '<link rel="alternate" hreflang="x-default" href="https://example.org/2026/11/20/ferry/">')
    assert alternates in english and alternates in spanish
    assert '<meta property="og:locale:alternate" content="es">' in english
    assert '<meta property="og:locale:alternate" content="en">' in spanish
    # A reader sees a link to the other version, named in its own language.
    assert ('<a href="/es/2026/11/20/vuelve-el-ferry/" hreflang="es" lang="es">Español: Vuelve el ferry</a>'
            in english)
    assert '<a href="/2026/11/20/ferry/" hreflang="en" lang="en">English: Ferry returns</a>' in spanish
    # Pages and the front pages are translations of each other too.
    assert 'hreflang="es" href="https://example.org/es/about/"' in read(out, "about/index.html")
    assert 'hreflang="en" href="https://example.org/"' in read(out, "es/index.html")
    assert 'hreflang="es" href="https://example.org/es/"' in read(out, "index.html")


def test_draft_and_future_translations_are_pointed_at_nowhere(out: Path) -> None:
    for rel in ("2026/11/21/derby/index.html", "2026/11/22/council/index.html"):
        html = read(out, rel)
        assert "hreflang" not in html and 'class="translations"' not in html, rel
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ""):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "BORRADOR" not in text and "FUTURO" not in text, path
    assert "/es/2026/11/21/" not in read(out, "sitemap.xml")


def test_sitemap_alternates_validate_and_name_every_version(out: Path) -> None:
    data = (out / "sitemap.xml").read_bytes()
    assert check_sitemap(data, base_url=BASE) == []
    assert check_sitemap_alternates(data, base_url=BASE) == []
    text = data.decode()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in text
    entry = re.search(r"<url><loc>https://example.org/es/2026/11/20/vuelve-el-ferry/</loc>.*?</url>", text)
    assert entry is not None
    assert entry.group(0).count("<xhtml:link") == 3 and 'hreflang="x-default"' in entry.group(0)
    news = (out / "news-sitemap.xml").read_bytes()
    assert check_news_sitemap(news, base_url=BASE, now=__import__("datetime").datetime(
        2026, 11, 28, 12, tzinfo=__import__("datetime").timezone.utc)) == []
    assert "<news:name>El Tiempo</news:name><news:language>es</news:language>" in news.decode()


def test_the_sitemap_checker_catches_one_way_alternates() -> None:
    one_way = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               b'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://example.org/a/</loc>'
               b'<xhtml:link rel="alternate" hreflang="en" href="https://example.org/a/"/>'
               b'<xhtml:link rel="alternate" hreflang="es" href="https://example.org/es/a/"/></url>'
               b'<url><loc>https://example.org/es/a/</loc></url></urlset>')
    assert check_sitemap_alternates(one_way, base_url=BASE) != []


def test_every_feed_of_every_language_validates(out: Path) -> None:
    for folder in ("", "es/"):
        assert check_rss((out / f"{folder}feed.xml").read_bytes(), base_url=BASE) == []
        assert check_atom((out / f"{folder}atom.xml").read_bytes(), base_url=BASE) == []
        assert check_json_feed((out / f"{folder}feed.json").read_bytes(), base_url=BASE) == []
    assert check_rss((out / "es/tags/puerto/feed.xml").read_bytes(), base_url=BASE) == []


def test_under_a_subpath_every_language_link_keeps_it(tmp_path: Path) -> None:
    out = build_site(tmp_path, "--base-url", "https://example.org/news/")
    html = read(out, "es/2026/11/20/vuelve-el-ferry/index.html")
    assert 'hreflang="en" href="https://example.org/news/2026/11/20/ferry/"' in html
    assert 'href="/news/es/noticias/"' in html and 'href="/news/2026/11/20/ferry/"' in html
    assert check_internal_links(out, base_url="https://example.org/news/") == []
    sitemap = (out / "sitemap.xml").read_bytes()
    assert check_sitemap_alternates(sitemap, base_url="https://example.org/news/") == []


@pytest.mark.validator
def test_spanish_pages_pass_the_nu_html_checker(out: Path) -> None:
    files = [out / rel for rel in ("es/index.html", "es/2026/11/20/vuelve-el-ferry/index.html",
                                   "es/about/index.html", "es/noticias/index.html", "2026/11/20/ferry/index.html")]
    assert run_vnu(files, root=out) == []


def _build_fails(tmp_path: Path, files: dict, config: dict | None = None) -> str:
    site = write_site(tmp_path / "site", files, CONFIG if config is None else config)
    result = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert result.code == 1 and "Traceback" not in result.err, result.err
    return result.err


def test_an_unknown_language_code_is_an_error_at_its_line(tmp_path: Path) -> None:
    config = "title: T\nbase_url: https://example.org/\nlanguages:\n  - code: en\n    title: T\n" \
             "  - code: sp\n    title: El T\n    path: es\n"
    err = _build_fails(tmp_path, {"content/a.md": {"title": "A", "date": "2026-11-20"}}, config)
    assert "site.yaml:6: languages: languages[1]: unknown language code 'sp'" in err


def test_each_language_after_the_first_needs_a_path_and_codes_are_not_repeated(tmp_path: Path) -> None:
    config = {"title": "T", "base_url": BASE, "languages": [
        {"code": "en", "title": "T"}, {"code": "es", "title": "E"}, {"code": "en", "title": "T2", "path": "en"}]}
    err = _build_fails(tmp_path, {"content/a.md": {"title": "A", "date": "2026-11-20"}}, config)
    assert "languages[1]: path: every language but the first (the default) needs its own `path:`" in err
    assert "en is listed twice" in err


def test_an_article_in_a_language_the_site_does_not_list_is_an_error(tmp_path: Path) -> None:
    err = _build_fails(tmp_path, {"content/a.md": {"title": "A", "date": "2026-11-20", "lang": "fr"},
                                  "content/b.fr.md": {"title": "B", "date": "2026-11-20"}})
    assert "content/a.md:4: lang: `lang: fr` is not one of the site's languages (en, es)" in err
    assert "content/b.fr.md:2: title: the file name's .fr is not one of the site's languages (en, es)" in err


def test_two_stories_of_one_language_with_one_translation_key_is_an_error(tmp_path: Path) -> None:
    err = _build_fails(tmp_path, {
        "content/a.md": {"title": "A", "date": "2026-11-20", "translation_key": "ferry"},
        "content/b.md": {"title": "B", "date": "2026-11-21", "translation_key": "ferry"},
        "content/c.es.md": {"title": "C", "date": "2026-11-21", "translation_key": "ferry"}})
    assert ("content/b.md:4: translation_key: content/a.md is the en version of 'ferry' already: two stories "
            "of one language cannot be translations of one story") in err
    assert "c.es.md" not in err


def test_translation_key_links_files_of_any_name(tmp_path: Path) -> None:
    out = build_site(tmp_path, files={
        "content/ferry.md": {"title": "Ferry returns", "date": "2026-11-20", "translation_key": "ferry-2026"},
        "content/vuelve.md": {"title": "Vuelve el ferry", "date": "2026-11-20", "lang": "es",
                              "translation_key": "ferry-2026"}})
    assert 'hreflang="es" href="https://example.org/es/2026/11/20/vuelve/"' in read(out, "2026/11/20/ferry/index.html")


def test_a_translation_key_names_another_files_default_key_its_path_under_content(tmp_path: Path) -> None:
    # 2026/ferry.md has no key of its own: its key is `2026/ferry`, which a Spanish file of another name gives.
    out = build_site(tmp_path, files={
        "content/2026/ferry.md": {"title": "Ferry returns", "date": "2026-11-20"},
        "content/2026/noticia.es.md": {"title": "Vuelve el ferry", "date": "2026-11-20",
                                       "translation_key": "2026/ferry"}})
    assert 'hreflang="es" href="https://example.org/es/2026/11/20/noticia/"' in read(out, "2026/11/20/ferry/index.html")
    assert 'hreflang="en" href="https://example.org/2026/11/20/ferry/"' in read(out, "es/2026/11/20/noticia/index.html")


def test_a_site_without_languages_keeps_its_addresses_and_lang_front_matter(tmp_path: Path) -> None:
    out = build_site(tmp_path, config={"title": "T", "base_url": BASE, "timezone": "UTC"}, files={
        "content/notes.es.md": {"title": "Notes", "date": "2026-11-20", "slug": "notes"},
        "content/other.md": article({"title": "Other", "date": "2026-11-21", "lang": "es"})})
    assert (out / "2026/11/20/notes/index.html").is_file() and (out / "2026/11/21/other/index.html").is_file()
    assert not (out / "es").exists()
    html = read(out, "2026/11/21/other/index.html")
    assert '<html lang="en">' in html and "hreflang" not in html
    assert "xmlns:xhtml" not in read(out, "sitemap.xml")


def test_a_language_setting_that_disagrees_with_languages_is_an_error(tmp_path: Path) -> None:
    err = _build_fails(tmp_path, {"content/a.md": {"title": "A", "date": "2026-11-20"}},
                       {**CONFIG, "language": "fr"})
    assert "site.yaml:12: language: language: fr but the first of `languages:` (the default) is en" in err


def test_a_language_menu_leads_to_its_own_sections_and_is_checked(tmp_path: Path) -> None:
    config = {**CONFIG, "languages": [CONFIG["languages"][0], {
        **CONFIG["languages"][1], "menus": {"main": [{"section": "Noticias"}, {"tag": "puerto"}]}}]}
    out = build_site(tmp_path, config=config)
    html = read(out, "es/index.html")
    assert 'href="/es/noticias/"' in html and 'href="/es/tags/puerto/"' in html
    config["languages"][1]["menus"] = {"main": [{"section": "Deportes"}]}
    err = _build_fails(tmp_path / "bad", FILES, config)
    assert "Deportes" in err


def test_a_file_name_language_matches_a_language_with_a_region(tmp_path: Path) -> None:
    config = {**CONFIG, "languages": [CONFIG["languages"][0], {"code": "pt-BR", "title": "O Tempo", "path": "br"}]}
    out = build_site(tmp_path, config=config, files={
        "content/ferry.md": {"title": "Ferry returns", "date": "2026-11-20"},
        "content/ferry.pt.md": {"title": "A balsa volta", "slug": "balsa", "date": "2026-11-20"}})
    html = read(out, "br/2026/11/20/balsa/index.html")
    assert '<html lang="pt-BR">' in html and '<meta property="og:locale" content="pt_BR">' in html
    assert 'hreflang="pt-BR" href="https://example.org/br/2026/11/20/balsa/"' in read(out, "2026/11/20/ferry/index.html")


def test_home_section_blocks_are_per_language(tmp_path: Path) -> None:
    # The site-level `home:` names English sections; the Spanish front page, without a `home:` of its own,
    # has no blocks (and no error for sections it does not have); with its own, it shows its sections.
    inherited = build_site(tmp_path / "inherited", config={**CONFIG, "home": {"sections": ["News"], "per_section": 2}})
    assert 'aria-labelledby="block-news"' in read(inherited, "index.html")
    assert 'class="home-block"' not in read(inherited, "es/index.html")
    languages = [CONFIG["languages"][0], {**CONFIG["languages"][1], "home": {"sections": ["Noticias"]}}]
    own = build_site(tmp_path / "own", config={**CONFIG, "languages": languages,
                                               "home": {"sections": ["News"], "per_section": 2}})
    assert 'aria-labelledby="block-noticias"' in read(own, "es/index.html")
    assert "block-noticias" not in read(own, "index.html")


def test_the_first_language_has_no_folder_of_its_own(tmp_path: Path) -> None:
    # The default language is the site's root (its home is the site's home page): a `path:` on it is an
    # error at its line, not a site without a home page.
    config = "title: T\nbase_url: https://example.org/\nlanguages:\n  - code: en\n    title: T\n    path: en\n" \
             "  - code: es\n    title: El T\n    path: es\n"
    err = _build_fails(tmp_path, {"content/a.md": {"title": "A", "date": "2026-11-20"}}, config)
    assert "site.yaml:4: languages: languages[0]: path: the first language is the default" in err
    assert "Traceback" not in err
