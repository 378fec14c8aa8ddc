"""Accessibility: axe-core finds no violations on the demo site's page kinds, in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, run_main, write_site

pytestmark = pytest.mark.browser

AXE = REPO / ".tools/node/node_modules/axe-core/axe.min.js"
PAGES = ["", "2026/10/15/estuary-microplastics/", "2026/09/25/storm-surge-seawall/", "tags/harbour/",
         "authors/mara-quist/", "city/", "tags/", "corrections/", "2026/", "2026/11/", "404.html", "about/",
         "contact/", "policies/ethics/", "search/"]


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
