"""Accessibility: axe-core finds no violations on the demo site's page kinds, in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, run_main, write_site

pytestmark = pytest.mark.browser

AXE = REPO / ".tools/node/node_modules/axe-core/axe.min.js"
PAGES = ["", "2026/10/15/estuary-microplastics/", "2026/09/25/storm-surge-seawall/", "tags/harbour/",
         "authors/mara-quist/", "city/", "tags/", "corrections/", "2026/", "2026/11/", "404.html", "about/",
         "contact/", "policies/ethics/", "advertise/", "business/", "search/",
         # Story formats: a live blog, a part of a series and the series page, an opinion piece, a fact-check.
         "2026/11/24/storm-elin-live/", "2026/11/09/harbour-crisis-jobs/", "series/harbour-in-crisis/",
         "2026/11/23/opinion-keep-the-ferry-public/", "2026/11/22/factcheck-ferry-fares/",
         # The Spanish edition: its front page, a translation, a Spanish-only story, a section, a page.
         "es/", "es/2026/11/20/obras-terminal-ferry/", "es/2026/11/27/mercado-de-pescadores/", "es/ciudad/",
         "es/about/", "es/search/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


# A front page an editor laid out: a featured story, section blocks, a main and a footer menu.
FRONT_PAGE_CONFIG = """\
title: Front Page Times
base_url: https://example.org/
timezone: UTC
home: {sections: [Sport, News], per_section: 2}
menus:
  main: [{title: Front page, url: /}, {section: News}, {section: Sport}, {tag: harbour}]
  footer: [{title: Topics, url: /tags/}, {title: Corrections, url: /corrections/}]
"""
FRONT_PAGE_FILES = {
    "content/ferry.md": {"title": "Ferry returns to the harbour", "date": "2026-11-20T09:00:00Z",
                         "section": "News", "tags": ["harbour"], "featured": True,
                         "summary": "The crossing runs again after the repairs."},
    "content/derby.md": {"title": "Derby won in extra time", "date": "2026-11-21T09:00:00Z", "section": "Sport"},
    "content/council.md": {"title": "Council meets on the budget", "date": "2026-11-22T09:00:00Z",
                           "section": "News"},
}


def build_front_page_site(root: Path) -> Path:
    """The front-page site built under `root`; its output folder."""
    site = write_site(root, FRONT_PAGE_FILES, FRONT_PAGE_CONFIG)
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 0, run.err
    return site / "public"


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def served(demo_output: Path) -> Iterator[str]:
    """The built demo site on a free port of 127.0.0.1."""
    yield from _serve(demo_output)


@pytest.fixture(scope="module")
def served_front_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The front-page site (featured story, blocks, menus) on a free port of 127.0.0.1."""
    yield from _serve(build_front_page_site(tmp_path_factory.mktemp("front") / "site"))


@pytest.fixture(scope="module", params=["es", "ar"])
def served_in_language(request: pytest.FixtureRequest, demo_site: Path,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site with its theme in Spanish, then in Arabic (right to left), on 127.0.0.1."""
    site = tmp_path_factory.mktemp(f"demo-{request.param}") / "site"
    shutil.copytree(demo_site, site, ignore=shutil.ignore_patterns(".newsgen-cache"))
    config = site / "site.yaml"
    # One language for the whole site: the demo's `languages:` (its Spanish edition) left out.
    text = re.sub(r"^languages:\n(?:[ -].*\n)*", "", config.read_text(encoding="utf-8"), flags=re.MULTILINE)
    config.write_text(text.replace("language: en", f"language: {request.param}"), encoding="utf-8")
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1", "--quiet")
    assert run.code == 0, run.err
    assert f'<html lang="{request.param}"' in (site / "public" / "index.html").read_text(encoding="utf-8")
    yield from _serve(site / "public")


def test_axe_core_is_installed() -> None:
    assert AXE.is_file(), f"{AXE} is missing: run scripts/setup-tests.sh"


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations_on_any_page_kind(browser, served: str, width: int) -> None:
    assert _axe_violations(browser, served, PAGES, width) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations_on_a_front_page_with_blocks_and_menus(browser, served_front_page: str,
                                                                        width: int) -> None:
    pages = ["", "sport/", "tags/", "2026/11/20/ferry/"]
    assert _axe_violations(browser, served_front_page, pages, width) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations_on_spanish_and_arabic_pages(browser, served_in_language: str, width: int) -> None:
    one_language = [path for path in PAGES if not path.startswith("es/")]  # no Spanish edition there
    assert _axe_violations(browser, served_in_language, one_language, width) == []


class _HeldRedirect(_Quiet):
    """Serves the site, but answers the redirect's target with 204 No Content: a browser that follows the
    meta refresh then stays on the redirect page (a 204 navigation leaves the document as it is), so axe
    checks the redirect page's own bytes, refresh included, and the test sees the refresh was followed."""

    target = ""
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        if self.path == self.target:
            self.asked.append(self.path)
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


def test_axe_finds_no_violations_on_a_redirect_page(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {"content/ferry.md": {"title": "Ferry returns", "date": "2026-11-20T09:00:00Z",
                                  "aliases": ["/2026/11/20/ferry-back/"]}}
    site = write_site(tmp_path / "site", files, FRONT_PAGE_CONFIG.split("home:")[0])
    held = type("Held", (_HeldRedirect,), {"target": "/2026/11/20/ferry/", "asked": []})
    handler = functools.partial(held, directory=str(site / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        served = f"http://127.0.0.1:{server.server_address[1]}/"
        # built for the address it is served at: the refresh's absolute target stays on 127.0.0.1
        run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1",
                       "--base-url", served)
        assert run.code == 0, run.err
        for width in (390, 1280):
            held.asked.clear()
            assert _axe_violations(browser, served, ["2026/11/20/ferry-back/"], width) == []
            assert browser.current_url == served + "2026/11/20/ferry-back/"  # still the redirect page
            assert "This page has moved" in browser.page_source
            assert held.asked == ["/2026/11/20/ferry/"]  # the refresh did go on, to the article
    finally:
        server.shutdown()
        server.server_close()


def _axe_violations(driver, served: str, pages: list[str], width: int) -> list[str]:  # type: ignore[no-untyped-def]
    driver.set_window_size(width, 900)
    source = AXE.read_text(encoding="utf-8")
    problems = []
    for path in pages:
        driver.get(served + path)
        driver.execute_script(source)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
            " 'best-practice']}}).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' +"
            " v.nodes.length + ')')), e => done(['axe failed: ' + e]));")
        problems += [f"/{path}: {violation}" for violation in result]
    return problems
