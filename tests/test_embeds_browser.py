"""The click-to-load embed in a real headless Chromium: no request leaves 127.0.0.1 before the click."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

STORM = "2026/09/25/storm-surge-seawall/"
# Every URL the page fetched, as the page itself saw them.
REQUESTS = "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def served(demo_output: Path) -> Iterator[str]:
    server, url = _serve(demo_output)
    yield url
    server.shutdown()
    server.server_close()


def test_the_video_preview_makes_no_third_party_request_until_the_button_is_pressed(browser, served: str) -> None:
    driver = browser
    driver.get(served + STORM)
    button = driver.find_element("css selector", ".sc-embed-load")
    assert button.is_displayed()
    assert driver.find_elements("css selector", "iframe") == []
    assert [url for url in driver.execute_script(REQUESTS) if not url.startswith(served)] == []
    button.click()
    frames = driver.find_elements("css selector", ".sc-embed iframe")
    assert len(frames) == 1
    assert frames[0].get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
    assert frames[0].get_attribute("title") == "Waves over the promenade, Friday evening"


def test_the_embed_script_refuses_a_player_that_is_not_the_providers(browser, demo_output: Path,
                                                                      tmp_path: Path) -> None:
    # A stand-in page with hostile player addresses: none may get a button, nor ever become an iframe.
    (tmp_path / "embeds.js").write_bytes((demo_output / "js/embeds.js").read_bytes())
    boxes = "".join(
        f'<figure class="sc-embed" data-embed="youtube" data-embed-src="{src}"><div class="sc-embed-preview">'
        '<button type="button" class="sc-embed-load" hidden>Load</button></div></figure>'
        for src in ("javascript:alert(1)", "http://www.youtube-nocookie.com/embed/x",
                    "https://evil.example/embed/x", "https://www.youtube-nocookie.com.evil.example/x"))
    (tmp_path / "index.html").write_text(f'<!doctype html><html lang="en"><title>t</title><body>{boxes}'
                                         '<script src="embeds.js"></script></body></html>', encoding="utf-8")
    server, url = _serve(tmp_path)
    try:
        browser.get(url)
        buttons = browser.find_elements("css selector", ".sc-embed-load")
        assert len(buttons) == 4
        assert [b.is_displayed() for b in buttons] == [False] * 4
        assert browser.find_elements("css selector", "iframe") == []
    finally:
        server.shutdown()
        server.server_close()
