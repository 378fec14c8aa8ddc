"""Before and after on one site: two newsgen installs timed in turn, so that a machine whose speed drifts
(another tenant, a warmer CPU) moves both columns alike.

    python3 benchmarks/alternate.py SITE BEFORE_NEWSGEN AFTER_NEWSGEN [--scenario body|body-old|noop] [--runs N]

SITE is a newsgen site folder, for example one run.py made (`benchmarks/.work/sites/newsgen-commonmark-10000-s1`)
or the demo site. Each install builds into its own output folder beside the site (`SITE/../alternate-before`,
`.../alternate-after`: the two may keep their bookkeeping in different formats), cold first if the folder is
not there yet, then edited twice (see the comment below). Then, N times, each install in turn rebuilds after the scenario's edit (a sentence added to
the newest article, or to the one of median age; none for `noop`), with a new sentence each time. The
edited file is put back as it was at the end. Prints each install's median and minimum wall time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus

_DATE = re.compile(r"^date: *['\"]?([0-9][^'\"\n]*)", re.MULTILINE)


def articles_by_date(content: str) -> list[str]:
    """The articles under `content` whose front matter has an ISO `date:`, oldest first (ties by path)."""
    dated = []
    for folder, _, names in os.walk(content):
        for name in names:
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    found = _DATE.search(f.read(4096))
                try:
                    when = datetime.fromisoformat(found.group(1).strip()) if found else None
                except ValueError:
                    when = None
                if when is not None:
                    dated.append((when.timestamp() if when.tzinfo else when.replace(tzinfo=UTC).timestamp(),
                                  path))
    return [path for _, path in sorted(dated)]


def build(newsgen: str, site: str, out: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([newsgen, "build", "--output", out], cwd=site, capture_output=True, text=True,
                            check=False)
    took = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"{newsgen} failed:\n{result.stdout}{result.stderr}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--scenario", choices=("body", "body-old", "noop"), default="body")
    parser.add_argument("--runs", type=int, default=7)
    a = parser.parse_args()
    site = os.path.abspath(a.site)
    tools = {"before": a.before, "after": a.after}
    outs = {name: os.path.join(os.path.dirname(site), f"alternate-{name}") for name in tools}
    dated = articles_by_date(os.path.join(site, "content"))
    path = dated[-1] if a.scenario == "body" else dated[len(dated) // 2]
    with open(path, encoding="utf-8") as f:
        original = f.read()
    times: dict[str, list[float]] = {name: [] for name in tools}
    mark = 1000
    try:
        for name, newsgen in tools.items():
            print(f"{name}: preparing {outs[name]}", flush=True)
            build(newsgen, site, outs[name])
            # Two edits, so that what is timed is the steady state: the first rebuild after a cold build
            # makes the spare tree (see "Nothing lost" in the README), and the one after it turns the cold
            # build's tree into the spare.
            for text in (gen_corpus.edited_body(original, 1), original):
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                build(newsgen, site, outs[name])
        if a.scenario == "noop":
            path = original = None
        for _ in range(a.runs):
            for name, newsgen in tools.items():
                if path is not None and original is not None:
                    mark += 1
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(gen_corpus.edited_body(original, mark))
                times[name].append(build(newsgen, site, outs[name]))
    finally:
        if path is not None and original is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
    for name, values in times.items():
        print(f"{a.scenario} {name}: median {statistics.median(values):.3f} s, min {min(values):.3f} s "
              f"({' '.join(f'{v:.2f}' for v in values)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
