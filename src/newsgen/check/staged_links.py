"""The link check every build runs: over the build's files before they are moved into place.

Broken links, anchors and assets come back as warnings (errors with `build --strict`), placed at the
article line that holds the link when it comes from an article, else at the output page.

It is incremental: the cache database (see store) keeps, per output folder, for every page its digest, the
files it links to and the problems it had, as plain JSON. A page whose bytes and article are unchanged, whose link targets still exist (or are still
missing), and whose #fragment targets are unchanged, has the same problems as before and is not read.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..core.config import SiteConfig
from ..core.errors import Problem
from ..incremental.store import DB_NAME, connect
from ..output.writer import Staged
from ..site.plan import OutputSpec
from .links import Collector, SiteFiles, Sources, _Place, check_pages, source_reader
from .page_scan import Page


def article_origins(specs: Iterable[OutputSpec]) -> dict[str, tuple[str, str]]:
    """For check_staged_links: each article page (and page of content/pages/), with its source file and that
    file's digest."""
    found = {spec.file: (spec.article.source, spec.article.digest)
             for spec in specs if spec.kind == "article" and spec.article}
    pages = {spec.file: (spec.page.source, spec.page.digest) for spec in specs if spec.page is not None}
    return found | pages


def check_staged_links(staged: Staged, articles: Mapping[str, tuple[str, str]], config: SiteConfig, site_dir: Path,
                       output_dir: Path, scans: dict[str, Page], cache_dir: Path | None = None, *,
                       memory: dict[str, Any] | None = None, update_cache: bool = True) -> tuple[Problem, ...]:
    """Problems with the internal links of every page the build is about to publish. Writes only its cache.

    `articles` maps each article page to its source and the source's digest (see article_origins).
    `scans` holds the pages this build rendered, read by the workers as they rendered them. `memory` (the
    dev server's) keeps the results between builds in memory instead of the cache file. `update_cache=False`
    leaves the cache file as it is (a build that rechecked a page or two): every entry is checked against
    the pages' current digests, so an old one only costs a recheck."""
    fresh = set(staged.staged)

    def read(rel: str) -> bytes:
        return ((staged.staging if rel in fresh else staged.output_dir) / rel).read_bytes()

    site = SiteFiles(files=frozenset(staged.entries), read=read, scanned=scans, ignored=config.check)
    digests = {rel: entry.sha for rel, entry in staged.entries.items()}
    origins = {rel: source for rel, (source, _) in articles.items()}
    source_digests = {rel: digest for rel, (_, digest) in articles.items()}
    sources = Sources(origins=origins, read=source_reader(site_dir), base_url=config.base_url)
    collector = Collector(site, sources, label=output_label(site_dir, output_dir), list_external=False, track_links=False,
                          track_targets=True)

    output = _cache_key(output_dir, config, memory)
    cache = memory if memory else _load(cache_dir / DB_NAME, output) if cache_dir else {}
    old_files: frozenset[str] = cache.get("files", frozenset())
    table: list[str] = cache.get("table", [])
    kept, recheck = _reuse(cache, site, digests, source_digests, collector)
    check_pages(site, config.base_url, collector, pages=recheck)
    if (cache_dir is not None and update_cache or memory is not None) and (recheck or old_files != site.files):
        data = _results(site.files, digests, kept, table, recheck, collector, source_digests)
        if memory is not None:
            memory.clear()
            memory.update(data, ignored=config.check.ignore)
        elif cache_dir is not None:
            _save(cache_dir / DB_NAME, output, data)
    return collector.report().problems


def _cache_key(output_dir: Path, config: SiteConfig, memory: dict[str, Any] | None) -> str:
    """The key of the stored results: they hold for one `check: ignore:` list, as under another a link once
    fine may be broken (the dev server's results in `memory` are dropped when the list changed)."""
    if memory and memory.get("ignored") != config.check.ignore:
        memory.clear()
    return str(output_dir) + (f"\0{config.check.ignore!r}" if config.check.ignore else "")


def _reuse(cache: dict[str, Any], site: SiteFiles, digests: dict[str, str], source_digests: dict[str, str],
           collector: Collector) -> tuple[dict[str, tuple[Any, ...]], list[str]]:
    """(the cached results still true, whose problems go to `collector` as they are; the pages to recheck)."""
    old_files: frozenset[str] = cache.get("files", frozenset())
    old_digests: dict[str, str] = cache.get("digests", {})
    table: list[str] = cache.get("table", [])
    pages: dict[str, tuple[Any, ...]] = cache.get("pages", {})
    recheck = []
    kept: dict[str, tuple[Any, ...]] = {}
    same_files = site.files == old_files
    for rel in site.html_pages():
        entry = pages.get(rel)
        if (entry is not None and entry[0] == digests[rel] and entry[1] == source_digests.get(rel, "")
                and _targets_unchanged(entry, table, same_files, site.files, old_files, digests, old_digests)):
            for key, path, line, message, in_source in entry[4]:
                collector.add_place(rel, key, _Place(path=path, line=line, message=message, in_source=in_source))
            kept[rel] = entry
        else:
            recheck.append(rel)
    return kept, recheck


def _exists(rel: str, files: frozenset[str]) -> bool:
    return rel in files or f"{rel}/index.html" in files


def _targets_unchanged(entry: tuple[Any, ...], table: list[str], same_files: bool, files: frozenset[str],
                       old_files: frozenset[str], digests: dict[str, str], old_digests: dict[str, str]) -> bool:
    _, _, targets, anchored, _ = entry
    if not same_files:  # when no file came or went, every target's existence is as it was
        for index in targets:
            rel = table[index]
            if _exists(rel, files) != _exists(rel, old_files):
                return False
    return all(digests.get(table[i]) == old_digests.get(table[i]) for i in anchored)


def _results(files: frozenset[str], digests: dict[str, str], kept: dict[str, tuple[Any, ...]], table: list[str],
             recheck: list[str], collector: Collector, source_digests: dict[str, str]) -> dict[str, Any]:
    index = {name: i for i, name in enumerate(table)}

    def number(name: str) -> int:
        if name not in index:
            index[name] = len(table)
            table.append(name)
        return index[name]

    targets_of = collector.targets_of
    pages = dict(kept)
    for rel in recheck:
        places = [(key, p.path, p.line, p.message, p.in_source) for key, p in collector.places_of.get(rel, [])]
        pages[rel] = (digests[rel], source_digests.get(rel, ""),
                      tuple(sorted(number(t) for t in targets_of.get(rel, ()))),
                      tuple(sorted(number(t) for t in collector.anchored.get(rel, ()))), places)
    return {"files": files, "digests": digests, "table": table, "pages": pages}


def output_label(site_dir: Path, output_dir: Path) -> str:
    """How to name the output folder in messages: relative to the site folder when inside it."""
    try:
        return output_dir.relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return os.fspath(output_dir)


def _load(db_path: Path, output: str) -> dict[str, Any]:
    """The previous build's results for `output`; {} when missing or unreadable (it is only a cache)."""
    if not db_path.is_file():
        return {}
    try:
        db = connect(db_path)
        try:
            row = db.execute("SELECT value FROM links WHERE output = ?", (output,)).fetchone()
        finally:
            db.close()
        return _decoded(json.loads(row[0])) if row is not None else {}
    except (sqlite3.DatabaseError, ValueError, TypeError, KeyError, IndexError):  # a damaged cache is a cold cache
        return {}


def _save(db_path: Path, output: str, data: dict[str, Any]) -> None:
    """Keep the results for the next build; a cache that cannot be written only costs it a full check."""
    # Plain JSON rather than cachecodec: the whole table is read at every body edit, so it must load at the
    # speed of json.loads. Entries come back as lists where they were tuples, which every use accepts. ASCII
    # escapes (json's default) keep a static file name that is not UTF-8 (a lone surrogate) storable.
    text = json.dumps({"files": sorted(data["files"]), "digests": data["digests"], "table": data["table"],
                       "pages": data["pages"]}, separators=(",", ":"))
    try:
        db = connect(db_path)
        try:
            with db:
                db.execute("INSERT OR REPLACE INTO links VALUES (?, ?)", (output, text))
        finally:
            db.close()
    except sqlite3.DatabaseError:
        pass


def _decoded(data: Any) -> dict[str, Any]:
    """The results as check_staged_links uses them; raises ValueError (or a lookup error) on another shape."""
    files, digests, table, pages = data["files"], data["digests"], data["table"], data["pages"]
    if not (isinstance(files, list) and isinstance(digests, dict) and isinstance(table, list)
            and isinstance(pages, dict)):
        raise TypeError("not the link check's results")
    size, whole = len(table), {int}
    for entry in pages.values():
        _, _, targets, anchored, places = entry  # five parts, each as _results writes it
        # Whole numbers inside the table, tested a list at a time (a big site's results hold millions).
        for indices in (targets, anchored):
            if indices and (set(map(type, indices)) != whole or min(indices) < 0 or max(indices) >= size):
                raise ValueError("a target outside the table")
        if not all(isinstance(place, list) and len(place) == 5 for place in places):
            raise ValueError("a problem of another shape")
    return {"files": frozenset(files), "digests": digests, "table": table, "pages": pages}
