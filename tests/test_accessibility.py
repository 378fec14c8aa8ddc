"""Accessibility: axe-core finds no violations on the demo site's page kinds, in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.browser

AXE = REPO / ".tools/node/node_modules/axe-core/axe.min.js"
PAGES = ["", "2026/10/15/estuary-microplastics/", "2026/09/25/storm-surge-seawall/", "tags/harbour/",
         "authors/mara-quist/", "city/", "tags/", "corrections/", "2026/", "2026/11/", "404.html", "about/",
         "contact/", "policies/ethics/"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(demo_output: Path) -> Iterator[str]:
    """The built demo site on a free port of 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(demo_output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_axe_core_is_installed() -> None:
    assert AXE.is_file(), f"{AXE} is missing: run scripts/setup-tests.sh"


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations_on_any_page_kind(browser, served: str, width: int) -> None:
    driver = browser
    driver.set_window_size(width, 900)
    source = AXE.read_text(encoding="utf-8")
    problems = []
    for path in PAGES:
        driver.get(served + path)
        driver.execute_script(source)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
            " 'best-practice']}}).then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' +"
            " v.nodes.length + ')')), e => done(['axe failed: ' + e]));")
        problems += [f"/{path}: {violation}" for violation in result]
    assert problems == []
