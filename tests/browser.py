"""Headless Chromium for the tests: the flags and fresh profile of ../shared/browser.md, never any network.

In CI (CI set) a missing Chromium, chromedriver or selenium is a failure, not a skip; elsewhere the
browser tests skip with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--window-size=1280,900",
]
PREFERENCES = {"alternate_error_pages": {"enabled": False}, "browser": {"check_default_browser": False}}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"browser test cannot run in CI: {reason} (install Debian chromium and chromium-driver, "
                    "and the test extras: scripts/setup-tests.sh)", pytrace=False)
    pytest.skip(f"{reason}; run scripts/setup-tests.sh (in CI this test fails instead of skipping)")


@pytest.fixture
def browser() -> Iterator[object]:
    """Headless Chromium through /usr/bin/chromedriver, in a fresh profile with the mandatory flags."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            _unavailable(f"{path} is missing")
    # Never let Selenium Manager download drivers or send statistics: both paths are given.
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    profile = Path(tempfile.mkdtemp(prefix="newsgen-chromium-"))
    (profile / "Default").mkdir()
    (profile / "tmp").mkdir()
    (profile / "Default/Preferences").write_text(json.dumps(PREFERENCES), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    service = Service(executable_path=CHROMEDRIVER, env={**os.environ, "TMPDIR": str(profile / "tmp")})
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
