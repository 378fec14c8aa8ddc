#!/usr/bin/env python3
"""Save-to-visible latency of `newsgen serve --watch`, measured from a real browser.

    .venv/bin/python benchmarks/livereload.py                      # demo site, an article, 5 rounds
    .venv/bin/python benchmarks/livereload.py --target template    # a site template (base.html)
    .venv/bin/python benchmarks/livereload.py --target stylesheet  # a stylesheet (swapped in place)
    .venv/bin/python benchmarks/livereload.py --target config      # site.yaml (the site title)
    .venv/bin/python benchmarks/livereload.py --articles 10000     # a generated site (gen_corpus.py)

The site is copied to a temporary folder first (the probe edits a file; the repository is never touched).
A `newsgen serve --watch --port 0` runs on the copy; ../shared/tools/livereload_probe.py opens the page in
headless Chromium, writes a unique marker into the file and polls the DOM every 25 ms until the marker
shows, then restores the file. It prints per-round latencies and `latency_ms min=.. median=.. max=..`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROBE = Path(os.environ.get("LIVERELOAD_PROBE", REPO.parent / "shared/tools/livereload_probe.py"))
THEME = REPO / "src/newsgen/render/theme"
SITE_FILES = ("site.yaml", "authors.yaml", "content", "static", "templates")


def copy_site(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for name in SITE_FILES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            shutil.copy2(path, target / name)


def published_article(site: Path) -> tuple[Path, str]:
    """A published article (not a draft, not dated in the future) and its page ('2026/11/26/museum/')."""
    sys.path.insert(0, str(REPO / "src"))
    from newsgen.content.parse import parse_article
    from newsgen.core.config import load_config
    from newsgen.core.models import SourceFile

    config = load_config(site)
    now = datetime.datetime.now(datetime.UTC)
    for file in sorted((site / "content").rglob("*.md"), reverse=True):
        source = SourceFile(rel=file.relative_to(site).as_posix(), data=file.read_bytes(), digest="benchmark")
        article = parse_article(source, config).article
        if not article.draft and article.date <= now:
            return file, article.path
    raise SystemExit(f"no published article in {site}")


def prepare(args: argparse.Namespace, work: Path) -> tuple[Path, Path, str, list[str]]:
    """Make the site copy; return (site, file to edit, page path under the base URL, probe options)."""
    site = work / "site"
    if args.articles:
        generator = REPO / "benchmarks/gen_corpus.py"
        subprocess.run([sys.executable, str(generator), str(args.articles), str(site)],
                       check=True, stdout=subprocess.DEVNULL)
    else:
        copy_site(args.site.resolve(), site)
    article, page = published_article(site)
    if args.target == "article":
        return site, article, page, []
    if args.target == "template":
        (site / "templates").mkdir(exist_ok=True)
        file = site / "templates/base.html"
        if not file.exists():
            shutil.copy2(THEME / "templates/base.html", file)
        return site, file, page, []
    if args.target == "config":  # the marker goes into the site title, shown on every page
        config = (site / "site.yaml").read_text(encoding="utf-8")
        title = re.search(r"^title:\s*[\"']?([^\"'\n]{4,})", config, re.MULTILINE)
        if title is None:
            raise SystemExit("no title: line in site.yaml")
        return site, site / "site.yaml", page, ["--before", title.group(1), "--marker-format", "{m} "]
    file = site / "static/css/newsgen.css"
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(THEME / "static/css/newsgen.css", file)
    return site, file, page, []


def start_server(site: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "newsgen.cli", "serve", "--watch", "--site", str(site),
                             "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert proc.stdout is not None
    for line in proc.stdout:
        print(f"  serve: {line.rstrip()}", flush=True)
        if match := re.search(r" at (http://\S+/) ", line):
            return proc, match.group(1)
    raise SystemExit(f"newsgen serve exited with {proc.wait()} before serving")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=REPO, help="site to copy (default: the demo site)")
    parser.add_argument("--articles", type=int, default=0, help="generate a site of N articles instead")
    parser.add_argument("--target", choices=("article", "template", "stylesheet", "config"),
                        default="article")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--settle", type=float, default=1.0,
                        help="pause between rounds (newsgen drops no change, so 1 s is enough)")
    parser.add_argument("--json", help="also write the probe's per-round results to this file")
    args = parser.parse_args()
    if not PROBE.is_file():
        raise SystemExit(f"probe not found: {PROBE} (set LIVERELOAD_PROBE)")
    work = Path(tempfile.mkdtemp(prefix="newsgen-livereload-"))
    proc = None
    try:
        site, file, page, probe_options = prepare(args, work)
        started = time.monotonic()
        proc, url = start_server(site)
        print(f"  first build and start: {time.monotonic() - started:.1f} s", flush=True)
        command = [sys.executable, str(PROBE), "--rounds", str(args.rounds), "--settle", str(args.settle),
                   *probe_options, url + page, str(file)]
        if args.json:
            command[2:2] = ["--json", args.json]
        print(f"$ {' '.join(command)}", flush=True)
        return subprocess.run(command, check=False).returncode
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
