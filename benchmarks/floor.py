#!/usr/bin/env python3
"""The floor of a cold build: single-core CPU time of the work no cold build can skip, piece by piece.

    .venv/bin/python benchmarks/floor.py [N]        (N articles, default 10000)

Builds the benchmark corpus of N articles (benchmarks/run.py's, seed 1) once, serially, with the
CommonMark engine, and times inside that build every call that renders an output (templates, feeds,
sitemaps). Then it times, over the same corpus and the pages built: YAML front matter, cmark-gfm,
Python-Markdown, the link check's page scan and writing the files. The sum for each engine, halved for a
2-core machine, is the shortest cold build newsgen could have if nothing else (starting Python, finding
files, planning, resolving links, the cache, the process pools) cost anything: the figure to hold against
the goals of issue 5. Needs newsgen with its `fast` extra importable; run it on a quiet machine.
"""
from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (the benchmark's corpus and site makers)

from newsgen.build import work_items  # noqa: E402
from newsgen.check.page_scan import scan_html  # noqa: E402
from newsgen.cli import main as newsgen_main  # noqa: E402
from newsgen.content import commonmark  # noqa: E402
from newsgen.content.markup import render_markdown  # noqa: E402
from newsgen.core import yamltext  # noqa: E402


def cpu(work) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    work()
    return time.process_time() - start


def rendering_cpu(site: str) -> float:
    """CPU spent rendering outputs during one serial build of `site` (everything else in it left out)."""
    spent = [0.0]
    render = work_items.render_output

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return render(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    work_items.render_output = timed
    try:
        if newsgen_main(["build", "--site", site, "--jobs", "1", "--no-cache", "--now", run.NOW]) != 0:
            raise SystemExit("the build failed")
    finally:
        work_items.render_output = render
    return spent[0]


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    gc.set_threshold(50_000, 10, 10)  # as `newsgen build` sets it (cli.py), for every piece alike
    corpus = run.corpus_for(n, 1)
    articles = run.read_corpus(corpus)
    scratch = tempfile.mkdtemp(prefix="newsgen-floor-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        site = os.path.join(scratch, "site")
        run.make_site("newsgen", "commonmark", corpus, articles, site)
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(site, "content").rglob("*.md"))]
        fronts, bodies = zip(*(text[4:].split("\n---\n", 1) for text in texts))  # '---\n' ... '\n---\n' body

        rows = {"rendering every output (templates, feeds, sitemaps)": rendering_cpu(site)}
        pages = [p.read_text(encoding="utf-8") for p in sorted(Path(site, "public").rglob("*.html"))]
        outputs = [p.read_bytes() for p in sorted(Path(site, "public").rglob("*")) if p.is_file()]
        rows["YAML front matter"] = cpu(lambda: [yamltext.load_mapping(f, "x") for f in fronts])
        rows["cmark-gfm"] = cpu(lambda: [commonmark.to_html(b) for b in bodies])
        rows["Python-Markdown"] = cpu(lambda: [render_markdown(b, "python-markdown") for b in bodies])
        rows[f"link check page scan ({len(pages):,} pages)"] = cpu(lambda: [scan_html(p) for p in pages])
        folder = os.path.join(scratch, "written")
        os.mkdir(folder)

        def write() -> None:
            for i, data in enumerate(outputs):
                with open(os.path.join(folder, str(i)), "wb") as f:
                    f.write(data)

        rows[f"writing the files ({len(outputs):,})"] = cpu(write)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"Single-core CPU of the work a cold build of {n:,} articles cannot skip:\n")
    print("| work | CPU s |\n|---|---|")
    for name, seconds in rows.items():
        print(f"| {name} | {seconds:.2f} |")
    common = sum(v for k, v in rows.items() if k not in ("cmark-gfm", "Python-Markdown"))
    for engine in ("cmark-gfm", "Python-Markdown"):
        total = common + rows[engine]
        print(f"\nwith {engine}: {total:.2f} s of CPU, {total / 2:.2f} s on two perfectly used cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
