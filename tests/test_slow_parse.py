"""A Markdown conversion that takes too long warns, naming the file and the engine."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import run_main

from newsgen.build import pool
from newsgen.content import parse

NOW = "2026-11-28T12:00"
SLOW = "content/a.md: Markdown took "


def write(root: Path, count: int) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\ntimezone: UTC\n")
    names = ["a", "b"] + [f"n{i}" for i in range(count - 2)]
    for name in names:
        (site / "content" / f"{name}.md").write_text(f"---\ntitle: {name}\ndate: 2026-11-20\n---\nSome [text.\n")
    return site


def build(site: Path, *extra: str) -> str:
    result = run_main("build", "--site", site, "--now", NOW, *extra)
    assert result.code == 0, result.err
    return result.err


def test_a_slow_parse_warns_with_the_file_and_engine_and_the_cache_keeps_it(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    site = write(tmp_path, 2)
    monkeypatch.setattr(parse, "SLOW_PARSE_SECONDS", -1.0)  # every conversion counts as slow
    err = build(site, "--jobs", "1")
    [line] = [line for line in err.splitlines() if SLOW in line]
    assert line.startswith(f"warning [slow-parse]: {SLOW}")
    assert " s with python-markdown; " in line and "markdown_engine: commonmark" in line
    monkeypatch.setattr(parse, "SLOW_PARSE_SECONDS", 1e9)  # nothing parsed now is slow: a warning is cached
    (site / "content/b.md").write_text("---\ntitle: b again\ndate: 2026-11-20\n---\nOther.\n")
    assert SLOW in build(site, "--jobs", "1")


@pytest.mark.parametrize("start", ["fork", "forkserver"])
def test_a_slow_parse_in_the_pool_warns_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str) -> None:
    site = write(tmp_path, pool.MIN_PARSE_ITEMS + 2)
    monkeypatch.setattr(parse, "SLOW_PARSE_SECONDS", -1.0)
    done = threading.Event()
    # A running thread makes the pool start its workers from the forkserver (see parallel), as in `serve`.
    waiter = threading.Thread(target=done.wait, daemon=True)
    if start == "forkserver":
        waiter.start()
    try:
        err = build(site, "--jobs", "2", "--no-cache")
    finally:
        done.set()
    assert SLOW in err
    assert err.count("slow-parse") == pool.MIN_PARSE_ITEMS + 2


def test_an_ordinary_parse_does_not_warn(tmp_path: Path) -> None:
    assert "slow-parse" not in build(write(tmp_path, 2), "--jobs", "1")
