"""The link check every build runs: over the build's files before they are moved into place.

Broken links, anchors and assets come back as warnings (errors with `build --strict`), placed at the
article line that holds the link when it comes from an article, else at the output page.

It is incremental: the cache database keeps, per output folder, a row for every page: its digest, the
files it links to and the problems it had, as plain JSON (see link_results). A page whose bytes and article
are unchanged, whose link targets still exist (or are still missing), and whose #fragment targets are
unchanged, has the same problems as before and is not read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..core.config import SiteConfig
from ..core.errors import Problem
from ..incremental.store import DB_NAME
from ..output.state_files import Entry
from ..output.writer import Staged
from ..site.plan import OutputSpec
from . import link_results
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
                       memory: dict[str, Any] | None = None) -> tuple[Problem, ...]:
    """Problems with the internal links of every page the build is about to publish. Writes only its cache.

    `articles` maps each article page to its source and the source's digest (see article_origins).
    `scans` holds the pages this build rendered, read by the workers as they rendered them. `memory` (the
    dev server's) keeps the results between builds in memory instead of the cache file. Only the rows of
    the pages rechecked are written (see link_results)."""
    fresh = set(staged.staged)

    def read(rel: str) -> bytes:
        return ((staged.staging if rel in fresh else staged.output_dir) / rel).read_bytes()

    site = SiteFiles(files=frozenset(staged.entries), read=read, scanned=scans, ignored=config.check)
    entries = staged.entries
    origins = {rel: source for rel, (source, _) in articles.items()}
    source_digests = {rel: digest for rel, (_, digest) in articles.items()}
    sources = Sources(origins=origins, read=source_reader(site_dir), base_url=config.base_url)
    collector = Collector(site, sources, label=output_label(site_dir, output_dir), list_external=False, track_links=False,
                          track_targets=True)

    output = _cache_key(output_dir, config, memory)
    db_path = cache_dir / DB_NAME if cache_dir is not None else None
    previous = _previous(db_path, output, memory)
    same_files = previous.files == site.files
    pages = site.html_pages()
    recheck = _reuse(previous, pages, entries, source_digests, same_files, site.files, collector)
    check_pages(site, config.base_url, collector, pages=recheck)
    gone = previous.rows.keys() - set(pages)
    if (memory is not None or db_path is not None) and (recheck or gone or not same_files):
        changed = {rel: _row(rel, collector, entries, source_digests) for rel in recheck}
        if memory is not None:
            link_results.keep(memory, site.files, changed, gone)
            memory["ignored"] = config.check.ignore
        elif db_path is not None:
            link_results.save(db_path, output, site.files, changed, gone, files_changed=not same_files)
    return collector.report().problems


def _previous(db_path: Path | None, output: str, memory: dict[str, Any] | None) -> link_results.Previous:
    if memory:
        return link_results.remembered(memory)
    if db_path is not None:  # the dev server's first build starts from the cache's rows, targets and all
        loaded = link_results.load(db_path, output)
        return loaded if memory is None else link_results.with_targets(loaded)
    return link_results.Previous()


def _row(rel: str, collector: Collector, entries: Mapping[str, Entry], source_digests: dict[str, str]
         ) -> link_results.Row:
    """What the check of page `rel` found, to store."""
    return link_results.Row(
        digest=entries[rel].sha, source=source_digests.get(rel, ""),
        anchored=tuple((name, entries[name].sha if name in entries else None)
                       for name in sorted(collector.anchored.get(rel, ()))),
        places=tuple((key, p.path, p.line, p.message, p.in_source) for key, p in collector.places_of.get(rel, [])),
        targets=tuple(collector.targets_of.get(rel, ())))


def _cache_key(output_dir: Path, config: SiteConfig, memory: dict[str, Any] | None) -> str:
    """The key of the stored results: they hold for one `check: ignore:` list, as under another a link once
    fine may be broken (the dev server's results in `memory` are dropped when the list changed)."""
    if memory and memory.get("ignored") != config.check.ignore:
        memory.clear()
    return str(output_dir) + (f"\0{config.check.ignore!r}" if config.check.ignore else "")


def _reuse(previous: link_results.Previous, pages: list[str], entries: Mapping[str, Entry],
           source_digests: dict[str, str], same_files: bool, files: frozenset[str], collector: Collector) -> list[str]:
    """The pages to recheck; the problems of the others, still true, go to `collector` as they were.

    A page is not read again when its bytes and its source are as they were checked, each page it links
    into with a #fragment is too, and (when a file came or went) each file it links to still exists, or
    is still missing."""
    targets = previous.targets() if not same_files and previous.rows else None
    old_files = previous.files or frozenset()
    rows, recheck = previous.rows, []
    for rel in pages:  # (every page of the site, at every build: the common case is kept short)
        row = rows.get(rel)
        if (type(row) is tuple and same_files and row[2] == "[]" and row[3] == "[]"
                and row[0] == entries[rel].sha and row[1] == source_digests.get(rel, "")):
            continue  # checked as it is, no anchors, no problems
        if (previous.checked_as(rel) != (entries[rel].sha, source_digests.get(rel, ""))
                or (found := previous.found(rel)) is None
                or not all((entries[name].sha if name in entries else None) == sha for name, sha in found[0])
                or not same_files and (targets is None or not _targets_unchanged(targets.get(rel), files, old_files))):
            recheck.append(rel)
            continue
        for key, path, line, message, in_source in found[1]:
            collector.add_place(rel, key, _Place(path=path, line=line, message=message, in_source=in_source))
    return recheck


def _exists(rel: str, files: frozenset[str]) -> bool:
    return rel in files or f"{rel}/index.html" in files


def _targets_unchanged(targets: tuple[str, ...] | None, files: frozenset[str], old_files: frozenset[str]) -> bool:
    """Each file a page links to is there as it was (or missing as it was); False when they are unknown."""
    return targets is not None and all(_exists(rel, files) == _exists(rel, old_files) for rel in targets)


def output_label(site_dir: Path, output_dir: Path) -> str:
    """How to name the output folder in messages: relative to the site folder when inside it."""
    try:
        return output_dir.relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return os.fspath(output_dir)
