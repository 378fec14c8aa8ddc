"""The link check every build runs: over the build's files before they are moved into place.

Broken links, anchors and assets come back as warnings (errors with `build --strict`), placed at the
article line that holds the link when it comes from an article, else at the output page. Page scans are
kept in the cache folder by content digest, so an incremental build only reads the pages that changed.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterable
from pathlib import Path

from .config import SiteConfig
from .errors import Problem
from .htmlscan import Page
from .links import Collector, SiteFiles, Sources, check_pages, source_reader
from .plan import OutputSpec
from .writer import Staged, write_file

SCAN_CACHE = "links-2.marshal"


def check_staged_links(staged: Staged, specs: Iterable[OutputSpec], config: SiteConfig, site_dir: Path,
                       output_dir: Path, cache_dir: Path | None = None) -> tuple[Problem, ...]:
    """Problems with the internal links of every page the build is about to publish. Writes only its cache."""
    fresh = set(staged.staged)

    def read(rel: str) -> bytes:
        return ((staged.staging if rel in fresh else staged.output_dir) / rel).read_bytes()

    site = SiteFiles(files=frozenset(staged.entries), read=read)
    digests = {rel: entry.sha for rel, entry in staged.entries.items()}
    cached = _load(cache_dir / SCAN_CACHE) if cache_dir else {}
    for rel in site.html_pages():
        page = cached.get(digests[rel])
        if page is not None:
            site.scanned[rel] = page
    origins = {spec.file: spec.article.source for spec in specs if spec.kind == "article" and spec.article}
    sources = Sources(origins=origins, read=source_reader(site_dir), base_url=config.base_url)
    collector = Collector(site, sources, label=_label(site_dir, output_dir), list_external=False,
                          track_links=False)
    check_pages(site, config.base_url, collector)
    if cache_dir is not None and any(digests[rel] not in cached for rel in site.scanned):
        _save(cache_dir / SCAN_CACHE, {digests[rel]: page for rel, page in site.scanned.items()})
    return collector.report().problems


def _label(site_dir: Path, output_dir: Path) -> str:
    """How to name the output folder in messages: relative to the site folder when inside it."""
    try:
        return output_dir.relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return os.fspath(output_dir)


def _load(path: Path) -> dict[str, Page]:
    """Scans by page digest; {} when the file is missing or unreadable (it is only a cache)."""
    try:
        data = marshal.loads(path.read_bytes())
        return {sha: Page(urls=urls, offsets=offsets, ids=frozenset(ids), base_href=base or None)
                for sha, (urls, offsets, ids, base) in data.items()}
    except (OSError, EOFError, ValueError, TypeError):
        return {}


def _save(path: Path, pages: dict[str, Page]) -> None:
    data = {sha: (page.urls, page.offsets, tuple(sorted(page.ids)), page.base_href or "")
            for sha, page in pages.items()}
    write_file(path, marshal.dumps(data))
