"""The search index (`search: true`): Pagefind run over the pages a build is about to publish, its files
staged with them.

Pagefind indexes a folder of HTML. The build hands it a folder of hard links to exactly the staged pages
that carry `data-pagefind-body` (the theme puts it on published articles and pages only: never on a draft,
an expired article, a listing, a tag page, the 404 page or a redirect), and stages the files Pagefind
writes under `pagefind/` like any other output. So the index is switched in with the pages it describes,
never one build behind, and a failed build leaves the old index with the old site.

Pagefind's own output depends on chance (hash-map order); pagefind_order puts it in one order, so the same
pages always give the same index. Pagefind has no incremental mode, so it is run again only when a page changed: every index file carries
as its fingerprint a digest of all the site's pages (their sha256) and the indexer's version; when that
matches the live index, its files are kept as they are.
"""

from __future__ import annotations

import hashlib
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
        found = os.environ.get("PAGEFIND_BINARY_PATH") or shutil.which("pagefind_extended") or shutil.which("pagefind")
        binary = Path(found) if found else None
    else:
        binary = get_executable()
    if binary is None or not binary.is_file():
        raise UserError("site.yaml", f"search: true needs the Pagefind indexer, which is not installed: {INSTALL_HINT}",
                        field="search")
    return binary


def pagefind_version(binary: Path) -> str:
    """`pagefind 1.5.2`, as the binary says; part of the index's fingerprint (another version, another index)."""
    return _run([str(binary), "--version"], Path.cwd()).strip()


def index_key(staged: Staged, version: str) -> str:
    """The digest of what the index is made from: every HTML page of the new site (by sha) and the indexer."""
    digest = hashlib.sha256(version.encode())
    for rel in sorted(staged.entries):
        if rel.endswith(".html") and not rel.startswith(INDEX_DIR):
            digest.update(f"{rel}\0{staged.entries[rel].sha}\0".encode())
    return digest.hexdigest()


def stage_search_index(staged: Staged, binary: Path | None = None) -> IndexReport:
    """Index the staged site's searchable pages and stage the index under pagefind/ (or keep the live one
    when no page changed). Raises UserError when Pagefind is missing or fails; the live site is untouched."""
    started = time.perf_counter()
    binary = binary or find_pagefind()
    key = index_key(staged, pagefind_version(binary))
    live = [rel for rel in staged.previous if rel.startswith(INDEX_DIR)]
    root = str(staged.output_dir) + os.sep
    if live and all(staged.previous[rel].fingerprint == key and os.path.isfile(root + rel) for rel in live):
        for rel in live:
            staged.keep(rel)
        return IndexReport(pages=0, files=len(live), kept=True, seconds=time.perf_counter() - started)
    for rel in [rel for rel in staged.entries if rel.startswith(INDEX_DIR)]:
        del staged.entries[rel]  # carried over as unchanged (the body-edit build keeps every live file): not so
    folder = bookkeeping_dir(staged.output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="search-", dir=folder) as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / "index"
        pages = link_searchable_pages(staged, site)
        _run([str(binary), "--site", str(site), "--output-path", str(out), "--quiet"], Path(tmp))
        put_in_order(out)  # the same pages, the same bytes (see pagefind_order)
        files = sorted(p for p in out.rglob("*") if p.is_file())
        for path in files:
            staged.add(INDEX_DIR + path.relative_to(out).as_posix(), path.read_bytes(), key)
    return IndexReport(pages=pages, files=len(files), kept=False, seconds=time.perf_counter() - started)


def link_searchable_pages(staged: Staged, site: Path) -> int:
    """Fill `site` with hard links (copies where linking fails) to the new site's pages marked for the index;
    returns how many. A page is read from the staging folder when this build wrote it, else from the live site."""
    fresh = set(staged.staged)
    pages = [(rel, os.path.join(staged.staging if rel in fresh else staged.output_dir, rel))
             for rel in sorted(staged.entries) if rel.endswith(".html") and not rel.startswith(INDEX_DIR)]
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
        _run([str(binary), "--site", str(site), "--output-path", str(out / INDEX_DIR), "--quiet"], Path(tmp))
        put_in_order(out / INDEX_DIR)
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
    if count == 0:  # an empty folder is no site to Pagefind; an empty index keeps the search page working
        site.mkdir(parents=True, exist_ok=True)
    return count


def _run(command: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise UserError("site.yaml", f"search: cannot run the Pagefind indexer {command[0]}: {exc.strerror or exc}; "
                        f"{INSTALL_HINT}", field="search") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise UserError("site.yaml", f"search: the Pagefind indexer failed (exit {done.returncode}): "
                        f"{' / '.join(said) or 'no message'}. The site was left as it was", field="search")
    return done.stdout
