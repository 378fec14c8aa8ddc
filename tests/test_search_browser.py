"""The search page in a real headless Chromium: a site built for a subpath, served on 127.0.0.1 under it, typed
into like a reader would; the results, the filters, a draft's word finding nothing, axe and the Nu checker."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_main, write_site
from test_accessibility import AXE, _axe_violations
from test_search import CONFIG, FILES, NOW

from newsgen.output import search_index

pytestmark = pytest.mark.browser

WAIT = 20.0
REQUESTS = "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve_site(root: Path, part_pages: int) -> Iterator[str]:
    """The test site built for https://example.org/news/ (its index in parts of `part_pages` pages) and served
    at http://127.0.0.1:PORT/news/."""
    site = write_site(root / "site", FILES, CONFIG)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SHARD_PAGES", part_pages)
        run = run_main("build", "--site", site, "--now", NOW, "--jobs", "1", "--output", root / "host/news",
                       "--quiet")
    assert run.code == 0, run.err
    parts = json.loads((root / "host/news/pagefind/parts.json").read_text(encoding="utf-8"))["parts"]
    assert (len(parts) > 1) is (part_pages < 100), parts
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(root / "host")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose index is in several parts, merged by the search page (as a big site's is)."""
    yield from _serve_site(tmp_path_factory.mktemp("search-browser"), part_pages=4)


@pytest.fixture(scope="module")
def served_one(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with its index in one part (every site of up to 1,000 pages)."""
    yield from _serve_site(tmp_path_factory.mktemp("search-browser-one"), part_pages=1000)


def _search(driver, query: str) -> tuple[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Type `query` into the search box; (the status line, [(result title, href)]) once the status says done."""
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element("id", "search-query")
    box.clear()
    box.send_keys(query)
    status = driver.find_element("css selector", "[data-search-status]")
    WebDriverWait(driver, WAIT).until(lambda d: query in status.text and "result" in status.text.lower())
    links = driver.find_elements("css selector", ".search-results h2 a")
    return status.text, [(a.text, a.get_attribute("href")) for a in links]


def test_a_word_from_an_article_body_finds_that_article(browser, served: str) -> None:
    browser.get(served + "search/")
    status, results = _search(browser, "gondolier")
    assert status == "1 result for “gondolier”"
    assert results == [("Ferry service returns to the harbour", served + "2026/11/20/ferry/")]
    meta = browser.find_element("css selector", ".search-results .meta").text
    assert meta == "Local · 20 November 2026"
    assert browser.find_element("css selector", ".search-results mark").text.lower() == "gondolier"
    # Every request stayed on this site, under its subpath.
    assert [url for url in browser.execute_script(REQUESTS) if not url.startswith(served)] == []


def test_an_index_in_one_part_finds_the_article_too(browser, served_one: str) -> None:
    browser.get(served_one + "search/")
    assert _search(browser, "gondolier")[1] == [("Ferry service returns to the harbour",
                                                 served_one + "2026/11/20/ferry/")]
    assert _search(browser, "zanzibarquux") == ("No results for “zanzibarquux”", [])


def test_a_drafts_future_and_expired_words_find_nothing(browser, served: str) -> None:
    browser.get(served + "search/")
    for word in ("zanzibarquux", "futurequokka", "expiredwombat"):
        status, results = _search(browser, word)
        assert (status, results) == (f"No results for “{word}”", []), word


def test_headline_tags_author_and_pages_are_found_and_filters_narrow_them(browser, served: str) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(served + "search/")
    assert _search(browser, "quayside")[1][0][0] == "Ferry service returns to the harbour"  # a tag
    assert _search(browser, "Ruiz")[1][0][0] == "Ferry service returns to the harbour"  # the author
    assert _search(browser, "quokkaful")[1] == [("About the newsroom", served + "about/")]  # a page
    sections = Select(browser.find_element("id", "search-section"))
    assert [o.text for o in sections.options] == ["All sections", "Local", "Sport"]
    kinds = Select(browser.find_element("id", "search-type"))
    assert [o.text for o in kinds.options] == ["Articles and pages", "Article", "Page"]
    kinds.select_by_visible_text("Article")
    browser.find_element("css selector", ".search-form button").click()
    assert _search(browser, "quokkaful") == ("No results for “quokkaful”", [])
    assert "type=Article" in browser.current_url and "q=quokkaful" in browser.current_url


def test_a_shared_search_address_shows_its_results(browser, served: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served + "search/?q=derby")
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements("css selector", ".search-results h2 a"))
    assert browser.find_element("id", "search-query").get_attribute("value") == "derby"
    assert browser.find_element("css selector", ".search-results h2 a").text == "Derby won in extra time"


def test_the_header_link_leads_to_the_search_page(browser, served: str) -> None:
    browser.get(served)
    browser.find_element("css selector", ".site-search a").click()
    assert browser.current_url == served + "search/"
    assert browser.find_element("tag name", "h1").text == "Search"


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations_on_the_search_page_with_results(browser, served: str, width: int) -> None:
    assert AXE.is_file(), f"{AXE} is missing: run scripts/setup-tests.sh"
    browser.set_window_size(width, 900)
    browser.get(served + "search/?q=ferry")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements("css selector", ".search-results h2 a"))
    source = AXE.read_text(encoding="utf-8")
    browser.execute_script(source)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}}).then(r => done(r.violations.map(v => v.id + ': ' + v.help)), e => done([String(e)]));")
    assert result == []
    assert _axe_violations(browser, served, ["search/"], width) == []  # and before any search


@pytest.mark.validator
def test_the_search_page_with_results_passes_the_nu_html_checker(browser, served: str, tmp_path: Path) -> None:
    from checkers.html import run_vnu
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served + "search/?q=harbour")
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements("css selector", ".search-results h2 a"))
    page = tmp_path / "search.html"
    page.write_text("<!doctype html>\n" + browser.execute_script("return document.documentElement.outerHTML"),
                    encoding="utf-8")
    assert run_vnu([page]) == []


@pytest.fixture(scope="module")
def served_demo(demo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site (bilingual, `search: true`) built for https://example.org/news/ and served under /news/."""
    from conftest import DEMO_NOW

    host = tmp_path_factory.mktemp("demo-search") / "host"
    run = run_main("build", "--site", demo_site, "--output", host / "news", "--now", DEMO_NOW,
                   "--base-url", "https://example.org/news/", "--quiet")
    assert run.code == 0, run.err
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(host)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/"
    server.shutdown()
    server.server_close()


def test_the_demo_sites_search_finds_its_stories_per_language_and_never_its_draft(browser, served_demo: str
                                                                                  ) -> None:
    browser.get(served_demo + "search/")
    status, results = _search(browser, "figureheads")  # a word of the English museum story's body
    assert results and results[0][1] == served_demo + "2026/11/26/museum-figureheads/", (status, results)
    assert all("/es/" not in href for _, href in results)  # the English index holds the English pages
    for word in ("levy",):  # only in the demo's draft (content/2026/2026-10-01-parking-levy-draft.md)
        assert _search(browser, word) == (f"No results for “{word}”", []), word
    browser.get(served_demo + "es/search/")
    assert browser.find_element("css selector", "h1").text == "Buscar"
    status, results = _search(browser, "mascarones")  # the Spanish translation's word, on the Spanish page
    assert [href for _, href in results] == [served_demo + "es/2026/11/26/museo-mascarones-de-proa/"], status
    assert "mascarones" in status
    assert [url for url in browser.execute_script(REQUESTS) if not url.startswith(served_demo)] == []
