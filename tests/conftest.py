"""Shared fixtures: small sites written from literals, the demo site built once, the CLI in and out of process."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsgen import cli

# The headless-Chromium fixture (`browser`) lives in tests/browser.py.
pytest_plugins = ["browser"]

REPO = Path(__file__).resolve().parents[1]
DEMO_NOW = "2026-11-28T12:00"
SUBPATH_BASE = "https://example.org/news/"


# What a build or a preview writes beside a site: no test may leave one in the repository (the demo site is
# the repository root, so a test that builds it in place would).
BUILD_LEFTOVERS = (".newsgen-cache", "public", ".public.newsgen", ".newsgen-preview")


@pytest.fixture(scope="session", autouse=True)
def repository_stays_clean() -> Iterator[None]:
    """Fails the session when a test left build output or a cache in the repository root; removes it, so the
    next run catches it again instead of taking it for the developer's own."""
    before = {name for name in BUILD_LEFTOVERS if (REPO / name).exists()}
    yield
    left = sorted(name for name in BUILD_LEFTOVERS if name not in before and (REPO / name).exists())
    for name in left:
        path = REPO / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    assert not left, f"tests wrote {', '.join(left)} into the repository root {REPO}; use the demo_site fixture"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="rewrite tests/sites/*/expected/ from the current build instead of comparing")


@dataclass(frozen=True)
class Run:
    """What one `newsgen` invocation printed and returned."""

    code: int
    out: str
    err: str


def run_main(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run `newsgen ARGS` in this process (fast), capturing stdout, stderr and the exit code."""
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([str(a) for a in args])
            except SystemExit as exc:  # argparse: --help, --version, usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        if env is not None:
            os.environ.clear()
            os.environ.update(saved)
    return Run(code=code, out=out.getvalue(), err=err.getvalue())


def clean_env(**extra: str) -> dict[str, str]:
    """The test process's environment without a build clock, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(extra)
    return env


def run_subprocess(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run `python -m newsgen.cli ARGS` as a real process, as a user's shell would."""
    proc = subprocess.run([sys.executable, "-m", "newsgen.cli", *[str(a) for a in args]],
                          capture_output=True, text=True, encoding="utf-8", env=env or clean_env(),
                          cwd=cwd, timeout=120, check=False)
    return Run(code=proc.returncode, out=proc.stdout, err=proc.stderr)


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (relative posix path -> bytes)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def tree_diff(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """A readable list of missing, extra and different files; '' when the trees are identical."""
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    different = sorted(k for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    lines = [f"missing: {k}" for k in missing] + [f"extra: {k}" for k in extra]
    lines += [f"different: {k}" for k in different]
    return "\n".join(lines)


def article(front: dict[str, Any] | str, body: str = "Body text of the article.\n") -> str:
    """An article file: front matter (a dict dumped as YAML, or literal YAML text) and a Markdown body."""
    if isinstance(front, dict):
        text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    else:
        text = textwrap.dedent(front).strip("\n") + "\n"
    return f"---\n{text}---\n{body}"


BASIC_CONFIG = {"title": "Test Times", "base_url": "https://example.org/", "timezone": "UTC"}


def write_site(root: Path, files: dict[str, str | bytes | dict[str, Any]],
               config: dict[str, Any] | str | None = None) -> Path:
    """Write a site folder: `site.yaml` from `config` (dict or literal text) and each of `files`.

    A `files` value that is a dict becomes an article with that front matter; str and bytes are written as is.
    """
    root.mkdir(parents=True, exist_ok=True)
    config = BASIC_CONFIG if config is None else config
    if isinstance(config, dict):
        config = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    (root / "site.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for rel, value in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, dict):
            value = article(value)
        if isinstance(value, bytes):
            path.write_bytes(value)
        else:
            path.write_text(value, encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path: Path):  # type: ignore[no-untyped-def]
    """make_site(files, config=None, name='site') -> the site folder under tmp_path."""

    def make(files: dict[str, str | bytes | dict[str, Any]] | None = None,
             config: dict[str, Any] | str | None = None, name: str = "site") -> Path:
        return write_site(tmp_path / name, files or {}, config)

    return make


# What a site folder holds (README, "A site folder"); everything else at the repository root is the project.
SITE_ENTRIES = ("site.yaml", "authors.yaml", "content", "templates", "static")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo site (the repository root), so builds never write caches into the repository."""
    site = tmp_path_factory.mktemp("demo-site") / "site"
    site.mkdir()
    for name in SITE_ENTRIES:
        entry = REPO / name
        if entry.is_dir():
            shutil.copytree(entry, site / name)
        elif entry.is_file():
            shutil.copy2(entry, site / name)
    return site


@pytest.fixture(scope="session")
def demo_output(demo_site: Path) -> Path:
    """The demo site built once per session with a fixed clock."""
    out = demo_site.parent / "public"
    result = run_main("build", "--site", demo_site, "--output", out, "--now", DEMO_NOW, "--quiet")
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def demo_output_subpath(demo_site: Path) -> Path:
    """The demo site built once for a subpath base URL (https://example.org/news/)."""
    out = demo_site.parent / "public-news"
    result = run_main("build", "--site", demo_site, "--output", out, "--now", DEMO_NOW, "--base-url", SUBPATH_BASE,
                      "--quiet")
    assert result.code == 0, result.err
    return out
