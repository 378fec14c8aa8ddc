"""`newsgen serve --watch` in a real headless Chromium: the open tab follows saves by itself.

The test never navigates after opening the page: it edits files and watches the DOM. In CI (CI set)
a missing Chromium, chromedriver or selenium is a failure, not a skip; elsewhere it skips with the reason.
Chromium runs with the flags of ../shared/browser.md and a fresh profile (no network beyond 127.0.0.1).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsgen.serve.livereload import OVERLAY_ID
from newsgen.serve.session import DevServer, ServeOptions

pytestmark = pytest.mark.browser

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
WAIT = 20.0
ARTICLE = "content/2026/2026-11-20-ferry.md"
ARTICLE_URL = "2026/11/20/ferry/"
FRONT = ("---\ntitle: Ferry timetable changes\ndate: 2026-11-20T08:30:00Z\ntags: [transport]\n"
         "author: Mara Quist\nsummary: Later sailings on Fridays.\n---\n\n")



@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "content/2026").mkdir(parents=True)
    (root / "static/css").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "title: Browser Times\nbase_url: https://example.org/news/\ntimezone: UTC\n", encoding="utf-8")
    (root / ARTICLE).write_text(FRONT + "The ferry runs later on Fridays.\n", encoding="utf-8")
    tram = FRONT.replace("Ferry timetable changes", "Tram opens").replace("2026-11-20", "2026-11-21")
    (root / "content/2026/2026-11-21-tram.md").write_text(tram + "Trams every ten minutes.\n",
                                                          encoding="utf-8")
    (root / "static/css/newsgen.css").write_text("body { background: rgb(255, 255, 255); }\n",
                                                 encoding="utf-8")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    dev = DevServer(ServeOptions(site_dir=site, now=lambda: NOW, port=0, watch=True),
                    out=io.StringIO(), err=io.StringIO())
    dev.start()
    yield dev
    dev.stop()


def wait_until(driver, condition: Callable[[], object], what: str, timeout: float = WAIT) -> object:  # type: ignore[no-untyped-def]
    """Poll `condition` (which reads the page) until it is truthy; the test itself never navigates."""
    from selenium.common.exceptions import WebDriverException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except WebDriverException:  # the page is reloading: no document for a moment
            value = None
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}; page:\n"
                         f"{driver.page_source[:3000]}")


def overlay_text(driver) -> str | None:  # type: ignore[no-untyped-def]
    return driver.execute_script(
        "var o = document.getElementById(arguments[0]); return o ? o.textContent : null;", OVERLAY_ID)


def body_text(driver) -> str:  # type: ignore[no-untyped-def]
    return driver.execute_script("return document.body ? document.body.innerText : '';")


def test_open_tab_follows_saves_shows_errors_and_recovers(browser, server: DevServer, site: Path) -> None:
    driver = browser
    driver.get(server.url + ARTICLE_URL)
    assert "The ferry runs later on Fridays." in body_text(driver)
    wait_until(driver, lambda: driver.execute_script("return window.EventSource !== undefined"),
               "EventSource")
    time.sleep(0.3)  # let the event stream connect before the first edit
    article = site / ARTICLE

    # 1. an edit shows up by itself
    article.write_text(FRONT + "The ferry now sails until midnight.\n", encoding="utf-8")
    wait_until(driver, lambda: "The ferry now sails until midnight." in body_text(driver), "the edited text")
    assert driver.current_url == server.url + ARTICLE_URL

    # 2. broken front matter: the overlay shows the located error over the last good page
    article.write_text(FRONT.replace("title: Ferry timetable changes", "title: [unclosed")
                       + "Broken edit.\n", encoding="utf-8")
    text = wait_until(driver, lambda: overlay_text(driver), "the error overlay")
    assert f"{ARTICLE}:" in str(text) and "front matter" in str(text)
    assert "The ferry now sails until midnight." in body_text(driver)  # the last good page, beneath
    position = driver.execute_script(
        "return getComputedStyle(document.getElementById(arguments[0])).position;", OVERLAY_ID)
    assert position == "fixed"

    # 3. fixing it removes the overlay and shows the new text
    article.write_text(FRONT + "Fixed: the ferry sails until one.\n", encoding="utf-8")
    wait_until(driver, lambda: "Fixed: the ferry sails until one." in body_text(driver), "the fixed text")
    wait_until(driver, lambda: overlay_text(driver) is None, "the overlay to go")


def test_stylesheet_change_is_swapped_without_a_reload(browser, server: DevServer, site: Path) -> None:
    driver = browser
    driver.get(server.url)
    time.sleep(0.3)
    driver.execute_script("window.__still_here = 'yes';")
    background = "return getComputedStyle(document.body).backgroundColor;"
    assert driver.execute_script(background) == "rgb(255, 255, 255)"
    (site / "static/css/newsgen.css").write_text("body { background: rgb(1, 2, 3); }\n", encoding="utf-8")
    wait_until(driver, lambda: driver.execute_script(background) == "rgb(1, 2, 3)", "the new stylesheet")
    assert driver.execute_script("return window.__still_here;") == "yes"  # patched in place, not reloaded
