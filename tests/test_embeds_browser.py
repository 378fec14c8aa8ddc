"""The click-to-load embed in a real headless Chromium: no request leaves 127.0.0.1 before the click."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import write_site

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


@pytest.fixture(scope="module")
def every_builtin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The page with every built-in shortcode (test_shortcode_builtins), served from 127.0.0.1."""
    from test_shortcode_builtins import build_every_builtin

    root = tmp_path_factory.mktemp("every")
    site, run = build_every_builtin(lambda files, config, name: write_site(root / name, files, config))
    assert run.code == 0, run.err
    server, url = _serve(site / "public")
    yield url + "2026/03/01/storm-night/"
    server.shutdown()
    server.server_close()


# What each button loads, and nothing else: the frame's address (a gist's frame has its script in srcdoc).
LOADED = {"youtube": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
          "vimeo": "https://player.vimeo.com/video/55073825?dnt=1&autoplay=1",
          "x": "https://platform.twitter.com/embed/Tweet.html?dnt=true&id=1453110110599868418",
          "instagram": "https://www.instagram.com/p/CxOWiQNP2MO/embed/captioned/"}


def test_no_privacy_preview_makes_a_third_party_request_until_its_button_is_pressed(browser, every_builtin: str
                                                                                    ) -> None:
    driver = browser
    driver.get(every_builtin)
    origin = every_builtin.split("/2026/", 1)[0]
    boxes = driver.find_elements("css selector", "figure[data-embed]")
    assert sorted({box.get_attribute("data-embed") for box in boxes}) == ["gist", "instagram", "vimeo", "x",
                                                                          "youtube"]
    assert driver.find_elements("css selector", "iframe") == []
    assert [url for url in driver.execute_script(REQUESTS) if not url.startswith(origin)] == []
    for box in boxes:  # one at a time: each press loads its own embed and no other
        kind = box.get_attribute("data-embed")
        before = len(driver.find_elements("css selector", "iframe"))
        # The frame loaded before has the focus (embeds.js moves it there). Its provider is unreachable here,
        # and headless Chromium then drops a click on the page now and again: press again while the button
        # is still there (once the frame is in, the button is gone, so a second frame cannot come of it).
        for _ in range(3):
            buttons = box.find_elements("css selector", ".sc-embed-load")
            if not buttons:
                break
            driver.execute_script("if (document.activeElement) { document.activeElement.blur(); }")
            buttons[0].click()
        frames = box.find_elements("css selector", "iframe")
        assert len(frames) == 1 and len(driver.find_elements("css selector", "iframe")) == before + 1, kind
        if kind == "gist":
            assert frames[0].get_attribute("sandbox") == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
            assert 'src="https://gist.github.com/spf13/7896402.js?file=list.html"' in frames[0].get_attribute("srcdoc")
        elif kind in LOADED:
            assert frames[0].get_attribute("src") in (LOADED[kind], box.get_attribute("data-embed-src")), kind


def test_axe_finds_no_violations_on_a_page_with_every_built_in(browser, every_builtin: str) -> None:
    from test_accessibility import _axe_violations

    origin, path = every_builtin.split("/2026/", 1)
    assert _axe_violations(browser, origin + "/", ["2026/" + path], 1280) == []


@pytest.mark.parametrize(("path", "kind"), [("2026/11/18/shipyard-electric-tugs/", "vimeo"),
                                            ("2026/10/22/catchlink-app/", "x"),
                                            ("2026/10/30/lantern-festival-returns/", "instagram")])
def test_the_demo_sites_social_posts_and_videos_wait_for_the_click(browser, served: str, path: str,
                                                                   kind: str) -> None:
    browser.get(served + path)
    box = browser.find_element("css selector", f'figure[data-embed="{kind}"]')
    assert box.find_element("css selector", ".sc-embed-load").is_displayed()
    assert box.find_element("css selector", "figcaption a").get_attribute("href").startswith("https://")
    assert [url for url in browser.execute_script(REQUESTS) if not url.startswith(served)] == []
    assert browser.find_elements("css selector", "iframe") == []


def test_the_demo_links_to_another_article_by_its_file(demo_output: Path) -> None:
    page = (demo_output / "2026/11/20/ferry-terminal-upgrade/index.html").read_text(encoding="utf-8")
    assert '<a href="/2026/09/03/ferry-late-sailings/">late-evening sailings added in October</a>' in page
