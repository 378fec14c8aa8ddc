"""The search index (`search: true`): Pagefind run over the pages a build is about to publish, its files
staged with them.

Pagefind indexes a folder of HTML. The build hands it a folder of hard links to exactly the staged pages
that carry `data-pagefind-body` (the theme puts it on published articles and pages only: never on a draft,
an expired article, a listing, a tag page, the 404 page or a redirect), and stages the files Pagefind
writes under `pagefind/` like any other output. So the index is switched in with the pages it describes,
never one build behind, and a failed build leaves the old index with the old site.

Pagefind's own output depends on chance (hash-map order); pagefind_order puts it in one order, so the same
pages always give the same index. Pagefind cannot add to an index, so a big site's index is made in parts
(see shard_count): each part's files carry, as their fingerprint, a digest of its pages (their sha256) and
the indexer's version, and a part whose digest matches the live one is kept as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..core import urls
from ..core.errors import UserError
from .generations import bookkeeping_dir
from .pagefind_order import put_in_order
from .writer import Staged

MARKER = b"data-pagefind-body"
INDEX_DIR = urls.SEARCH_INDEX
PARTS_FILE = INDEX_DIR + "parts.json"  # which parts the search page merges (see shard_count)
# Pagefind takes ~4 s of CPU per 1,000 long articles and cannot add to an index, so a big site's index is
# made in parts of at most about this many HTML pages (listings included; hashed by path): an edit makes
# only its part again. Each part costs the reader's first search one more small download (its wasm, ~70 kB).
SHARD_PAGES = 2000
MAX_SHARDS = 64
_PART_NAMES = {str(n) for n in range(MAX_SHARDS)}
INSTALL_HINT = ("install it with `pip install 'pagefind[bin]'` (newsgen depends on it: reinstalling newsgen "
                "brings it back), or set PAGEFIND_BINARY_PATH to a Pagefind binary, or set `search: false`")


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexReport:
    pages: int  # pages indexed; 0 when the live index was kept
    files: int  # files of the index
    kept: bool  # no page changed: the live index is still right
    seconds: float


def find_pagefind() -> Path:
    """The Pagefind binary (the `pagefind` wheel's, else $PAGEFIND_BINARY_PATH or one on PATH); a UserError
    naming how to install it when there is none. Never downloads anything."""
    try:
        from pagefind.service import get_executable  # the wheel's own lookup, in its documented order
    except ImportError:
        found = (os.environ.get("PAGEFIND_BINARY_PATH") or shutil.which("pagefind_extended")
                 or shutil.which("pagefind"))
        binary = Path(found) if found else None
    else:
        binary = get_executable()
    if binary is None or not binary.is_file():
        raise UserError("site.yaml", "`search: true` needs the Pagefind indexer, which is not installed: "
                        + INSTALL_HINT, field="search")
    return binary


def pagefind_version(binary: Path) -> str:
    """`pagefind 1.5.2`, as the binary says; part of the index's fingerprint (another version, another index)."""
    return _run([str(binary), "--version"], Path.cwd()).strip()


def shard_count(pages: int) -> int:
    """How many parts the index is made in for a site of `pages` HTML pages: a power of two, so that the
    count (and with it every part) changes only when the site doubles or halves."""
    count = 1
    while count * SHARD_PAGES < pages and count < MAX_SHARDS:
        count *= 2
    return count


def shard_of(rel: str, count: int) -> int:
    return int(hashlib.sha256(rel.encode()).hexdigest()[:8], 16) % count if count > 1 else 0


def stage_search_index(staged: Staged, binary: Path | None = None) -> IndexReport:
    """Index the staged site's searchable pages and stage the index under pagefind/, part by part: a part
    none of whose pages changed is kept as it is. Raises UserError when Pagefind is missing or fails; the
    live site is untouched."""
    started = time.perf_counter()
    binary = binary or find_pagefind()
    version = pagefind_version(binary)
    pages = [rel for rel in sorted(staged.entries) if rel.endswith(".html") and not rel.startswith(INDEX_DIR)]
    count = shard_count(len(pages))
    parts: dict[int, list[str]] = {n: [] for n in range(count)}
    for rel in pages:
        parts[shard_of(rel, count)].append(rel)
    for rel in [rel for rel in staged.entries if rel.startswith(INDEX_DIR)]:
        del staged.entries[rel]  # carried over as unchanged (the body-edit build keeps every live file): not so
    folder = bookkeeping_dir(staged.output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    indexed, made, files = 0, [], 0
    with tempfile.TemporaryDirectory(prefix="search-", dir=folder) as tmp:
        for n, rels in parts.items():
            prefix = INDEX_DIR + (f"{n}/" if count > 1 else "")
            digest = hashlib.sha256(f"{version}\0{count}\0".encode())
            for rel in rels:
                digest.update(f"{rel}\0{staged.entries[rel].sha}\0".encode())
            kept = _keep_part(staged, prefix, digest.hexdigest(), count)
            found, written = (0, kept) if kept else _index_part(staged, rels, prefix, digest.hexdigest(),
                                                                 binary, Path(tmp) / str(n))
            if written:
                made.append(prefix[len(INDEX_DIR):])
            indexed, files = indexed + found, files + written
    staged.add(PARTS_FILE, parts_json(made))
    return IndexReport(pages=indexed, files=files + 1, kept=indexed == 0, seconds=time.perf_counter() - started)


def _index_part(staged: Staged, rels: list[str], prefix: str, key: str, binary: Path, tmp: Path
                ) -> tuple[int, int]:
    """Make one part of the index from its marked pages and stage it; (pages indexed, files staged)."""
    site, out = tmp / "site", tmp / "index"
    found = link_searchable_pages(staged, site, rels)
    if not found:  # Pagefind refuses an empty folder; the search page finds nothing in no part
        return 0, 0
    _run([str(binary), "--site", str(site), "--output-path", str(out), "--quiet"], tmp)
    put_in_order(out)  # the same pages, the same bytes (see pagefind_order)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    for path in files:
        staged.add(prefix + path.relative_to(out).as_posix(), path.read_bytes(), key)
    return found, len(files)


def parts_json(parts: list[str]) -> bytes:
    """The list of the index's parts the search page merges, e.g. {"parts": ["0/", "1/"]} ("" when one)."""
    return json.dumps({"parts": sorted(parts, key=lambda part: (len(part), part))}, separators=(",", ":")).encode() + b"\n"


def _keep_part(staged: Staged, prefix: str, key: str, count: int) -> int:
    """Keep the live files of one part when they were made from the same pages; how many (0: make it)."""
    root = str(staged.output_dir) + os.sep
    live = [rel for rel in staged.previous if rel.startswith(prefix) and rel != PARTS_FILE
            and (count > 1 or rel[len(prefix):].split("/", 1)[0] not in _PART_NAMES)]
    if not live or not all(staged.previous[rel].fingerprint == key and os.path.isfile(root + rel) for rel in live):
        return 0
    for rel in live:
        staged.keep(rel)
    return len(live)


def link_searchable_pages(staged: Staged, site: Path, rels: list[str] | None = None) -> int:
    """Fill `site` with hard links (copies where linking fails) to the new site's pages marked for the index
    (of `rels`, default all); returns how many. A page is read from the staging folder when this build wrote
    it, else from the live site."""
    fresh = set(staged.staged)
    if rels is None:
        rels = [rel for rel in sorted(staged.entries) if rel.endswith(".html") and not rel.startswith(INDEX_DIR)]
    pages = [(rel, os.path.join(staged.staging if rel in fresh else staged.output_dir, rel)) for rel in rels]
    return _link_marked(pages, site)


def index_folder(built: Path, target: Path, binary: Path | None = None) -> IndexReport:
    """The dev server's index: Pagefind over the marked pages of the built site in `built`, written to
    `target`/pagefind/ (outside the built site, which the next build replaces). The old index is swapped
    out in two renames; a page that vanishes meanwhile (a new build switched in) is left out."""
    started = time.perf_counter()
    binary = binary or find_pagefind()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="search-", dir=target.parent) as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / "new"
        pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html") if p.is_file())
        count = _link_marked([(rel, str(built / rel)) for rel in pages if not rel.startswith(INDEX_DIR)], site)
        if count:  # one part: the dev server makes it all, after the reload
            _run([str(binary), "--site", str(site), "--output-path", str(out / INDEX_DIR), "--quiet"], Path(tmp))
            put_in_order(out / INDEX_DIR)
        (out / INDEX_DIR).mkdir(parents=True, exist_ok=True)
        (out / PARTS_FILE).write_bytes(parts_json([""] if count else []))
        files = sum(1 for p in out.rglob("*") if p.is_file())
        old = Path(tmp) / "old"
        if target.exists():
            target.rename(old)
        out.rename(target)
    return IndexReport(pages=count, files=files, kept=False, seconds=time.perf_counter() - started)


def _link_marked(pages: list[tuple[str, str]], site: Path) -> int:
    """Link each (output path, file) whose page carries the index marker into `site`; returns how many."""
    count = 0
    for rel, source in pages:
        try:
            with open(source, "rb") as handle:
                if MARKER not in handle.read():
                    continue
        except FileNotFoundError:  # the dev server's index: a page a new build has just removed
            continue
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        count += 1
    return count


def _run(command: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise UserError("site.yaml", f"cannot run the Pagefind indexer {command[0]}: {exc.strerror or exc}; "
                        f"{INSTALL_HINT}", field="search") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise UserError("site.yaml", f"the Pagefind indexer failed (exit {done.returncode}): "
                        f"{' / '.join(said) or 'no message'}. The site was left as it was", field="search")
    return done.stdout
