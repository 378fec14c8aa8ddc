"""The one build record: what a build leaves for the next one, and the one comparison that reads it.

Every build into an output folder leaves a record of it (kept in the cache database, see record_rows):

- the key of every input (frame_key: settings, templates, static files, authors.yaml, the command-line
  switches; input_key: that and every source file's digest) and the moment until which the clock cannot
  change the output (the next scheduled article, the next expiry, the next article leaving the 48-hour
  news sitemap);
- per source file: its stat, digest and listing digest, its page, the outputs that carry it in full (its
  page, the feeds) and its own warnings (its parse is in the parse cache, by digest);
- per output that carries an article in full: its spec, as a row of its own (see record_rows); every
  output's fingerprint is in the output folder's state (output.generations);
- what renders and fingerprints those outputs besides their spec (templates, sections, staff list, the
  links to policy and menu pages), and the warnings no article body can change.

The next build, on the command line or in the dev server (which keeps the record loaded between its builds),
compares what it found with it: `compare` says "nothing changed" (the output is right as it is), "these
bodies changed" (only the outputs that carry them are stale: see build.body_edit) or "plan everything".
A title edit is found one step later, by the edited article's listing digest (see body_edit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..content.sources import StatKey, is_page_file, stat_digest
from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.models import Site, SourceFile, Term
from ..output.static_files import scan_static
from ..render.themefiles import template_dirs
from ..site.authors import AUTHORS_FILE
from ..site.plan import FEED_KINDS, NEWS_SITEMAP_HOURS, OutputSpec

# A static file changed within this long before a build finished may change again within the file system's
# timestamp resolution without its stat changing ("racy" files): the record keeps its bytes' digest, and the
# next build compares those (see racy_statics and compare). Never the clock: the verdict is the same
# whenever the next build runs.
RACY_SECONDS = 2.0
# Past this many edited files, planning everything costs about the same as redoing only their outputs.
MAX_EDITS = 50

Links = tuple[tuple[str, str, str], ...]  # (key or page name, page path, page title)


@dataclass(frozen=True, slots=True, kw_only=True)
class Known:
    """One source file as the last build saw it."""

    stat: StatKey
    digest: str
    listing: str  # its listing digest ('' when it did not parse, or is a page)
    page: str  # its page ('' when unpublished)
    outputs: tuple[str, ...]  # every output carrying it in full: its page and the feeds
    warnings: tuple[Problem, ...]  # its parse warnings
    tags: tuple[tuple[str, int], ...]  # the foreign template tags in it (see templatetags.tags_in)


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What renders and fingerprints an output besides its spec, unchanged by a body-only edit."""

    templates: dict[str, str]  # template digests, by name
    shared: str  # the fingerprint's shared part (sections, staff list)
    sections: tuple[Term, ...]
    policy_links: Links = ()  # set on the settings once the pages are planned (see pipeline.build)
    page_links: Links = ()

    def settings(self, config: SiteConfig) -> SiteConfig:
        """`config` as the last build rendered with it: with the links to its policy and menu pages."""
        if not (self.policy_links or self.page_links):
            return config
        return replace(config, policy_links=self.policy_links, page_links=self.page_links)


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """The last build into one output folder, as the next build compares with it."""

    key: str  # input_key of that build
    frame: str  # frame_key of that build
    now: str  # ISO time of the build's clock
    valid_until: str | None
    finished: float  # wall clock (time.time()) when written, for the racy-file rule
    counts: dict[str, int]
    warnings: tuple[Problem, ...]  # every warning of the build (a build that does nothing repeats them)
    next_due: str | None = None
    next_expiry: str | None = None
    next_unfeature: str | None = None  # the feature-end part of next_expiry, for the summary line
    output: str = ""  # the output folder it describes
    sources: dict[str, Known] = field(default_factory=dict)
    context: Context | None = None
    steady: tuple[Problem, ...] = ()  # the warnings no article body can change (notes, search hints)
    racy: dict[str, str] = field(default_factory=dict)  # static file path -> sha256 of its bytes (see RACY_SECONDS)

    def head(self) -> dict[str, Any]:
        """Everything but the per-source rows, as plain JSON values (context and steady: see record_rows)."""
        return {"key": self.key, "frame": self.frame, "now": self.now, "valid_until": self.valid_until,
                "finished": self.finished, "counts": self.counts,
                "warnings": [[w.path, w.line, w.field, w.message, w.kind] for w in self.warnings],
                "next_due": self.next_due, "next_expiry": self.next_expiry,
                "next_unfeature": self.next_unfeature, "output": self.output, "racy": self.racy,
                # what a no-change build compares first (see pipeline.unchanged_by_stats)
                "stats": stat_digest([(rel, known.stat) for rel, known in self.sources.items()])}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the comparison found: "unchanged", "bodies" (only `edited` changed, and may be body-only edits)
    or "plan" (plan everything)."""

    kind: str
    edited: tuple[SourceFile, ...] = ()


PLAN = Verdict("plan")
UNCHANGED = Verdict("unchanged")


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """What this build found, as the record's keys see it."""

    frame: str
    key: str
    sources: tuple[SourceFile, ...]
    output_dir: Path
    files: list[str]  # the live output files
    live_inode: int  # the output tree that is live (see still_valid)


def compare(record: Record | None, found: Found, now: dt.datetime,
            present: Callable[[], bool] | None = None) -> Verdict:
    """The one comparison of this build's inputs with the last build's (`present`: see still_valid)."""
    if record is None or not same_frame(record, found.frame):
        return PLAN
    if not still_valid(record, now, found.output_dir, found.files, found.live_inode, present):
        return PLAN  # the clock changed what is published, or an output went missing
    if record.key == found.key:
        return UNCHANGED
    if record.sources.keys() != {s.rel for s in found.sources}:
        return PLAN  # a file was added, deleted or renamed
    edited = tuple(s for s in found.sources if s.digest != record.sources[s.rel].digest)
    if len(edited) > MAX_EDITS or any(is_page_file(s.rel) for s in edited):
        return PLAN  # a page is no article body: its title and address are in menus and footers
    return Verdict("bodies", edited)


def same_frame(record: Record, frame: str) -> bool:
    """True when every input but the source files is as the record's build found it: settings, templates,
    static files (a racy one by its bytes too), switches, authors.yaml."""
    if record.context is None or record.frame != frame:
        return False
    return all(_sha_of(path) == sha for path, sha in record.racy.items())


def still_valid(record: Record, now: dt.datetime, output_dir: Path, files: list[str], live_inode: int,
                present: Callable[[], bool] | None = None) -> bool:
    """True when the clock has not crossed a change since the record's build (so every article is published,
    listed or expired as it was), every output file is still there, and the output folder is the one that
    build made (`live_inode`: another site built into it since swapped in another). `present`: the answer
    of all_present(output_dir, files), when the caller asked it already (see pool.beside)."""
    if record.counts.get("files") != len(files) or not files or record.counts.get("live_inode") != live_inode:
        return False
    if now < dt.datetime.fromisoformat(record.now):
        return False
    if record.valid_until is not None and now >= dt.datetime.fromisoformat(record.valid_until):
        return False
    return present() if present is not None else all_present(output_dir, files)


def all_present(output_dir: Path, files: list[str]) -> bool:
    """True when every one of `files` is a file in `output_dir`."""
    root = str(output_dir) + os.sep  # strings, not Path: this runs for every output
    return all(os.path.isfile(root + rel) for rel in files)


@dataclass(frozen=True, slots=True)
class Frame:
    """frame_key's answer: the key, and each static file's path and newest change time (see racy_statics)."""

    key: str
    statics: tuple[tuple[str, float], ...]


def frame_key(*, site_dir: Path, config: SiteConfig, switches: str, notes: tuple[Problem, ...]) -> Frame:
    """Key of every input of a build but the source files."""
    # `warnings: ignore:` changes no output but which warnings the record replays
    ignored = sorted(config.warnings.ignore)
    h = hashlib.sha256(f"{__version__}\0{config.digest()}\0{ignored}\0{switches}\0".encode())
    h.update(repr([str(n) for n in notes]).encode())
    for folder in template_dirs(site_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(f"{path}\0".encode("utf-8", "surrogateescape") + path.read_bytes())
    authors = site_dir / AUTHORS_FILE
    h.update(authors.read_bytes() if authors.is_file() else b"\0no authors")
    # The files the build copies (links followed only inside the site, as assets.scan_static rules).
    scan = scan_static(site_dir)
    h.update(repr([str(p) for p in scan.skipped]).encode("utf-8", "surrogateescape"))
    statics = []
    for static in scan.files:
        try:
            stat = static.source.stat()
        except OSError:  # gone since the scan: the build reports it
            continue
        # Static files can be big photos: their stat, not their bytes (ctime changes on any write).
        h.update(f"{static.rel}\0{static.source}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0"
                 f"{stat.st_ino}\0".encode("utf-8", "surrogateescape"))
        statics.append((str(static.source), max(stat.st_mtime, stat.st_ctime)))
    return Frame(h.hexdigest(), tuple(statics))


def racy_statics(statics: tuple[tuple[str, float], ...], finished: float) -> dict[str, str]:
    """The digest of each static file changed within RACY_SECONDS before `finished` (time.time() as the
    build's record is made), by path: for those, the next build compares bytes as well as stat."""
    return {path: _sha_of(path) for path, changed in statics if changed >= finished - RACY_SECONDS}


def _sha_of(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:  # gone or unreadable: never the digest of the bytes the build copied
        return ""


def input_key(frame: str, sources: tuple[SourceFile, ...]) -> str:
    """Key of every input of a build: the frame (see frame_key) and every source file's digest."""
    h = hashlib.sha256(f"{frame}\0".encode())
    for source in sources:
        h.update(f"{source.rel}\0{source.digest}\0".encode())
    return h.hexdigest()


def valid_until(site: Site, now: dt.datetime) -> dt.datetime | None:
    """The first moment after `now` at which the same inputs would give a different site."""
    window = dt.timedelta(hours=NEWS_SITEMAP_HOURS)
    moments = [m for m in (site.next_due, site.next_expiry) if m is not None]
    for article in site.articles:  # newest first: stop at the first one already out of the news sitemap
        if article.date + window <= now:
            break
        moments.append(article.date + window)
    return min(moments, default=None)


def carries_in_full(spec: OutputSpec) -> bool:
    """Outputs whose bytes depend on an article's body: its own page and the feeds."""
    return spec.kind == "article" or spec.kind in FEED_KINDS


def hints(record: Record) -> dict[str, tuple[StatKey, SourceFile]]:
    """`known` for sources.discover: the stat and digest of every source file, without its bytes."""
    return {rel: (known.stat, SourceFile(rel=rel, data=None, digest=known.digest))
            for rel, known in record.sources.items()}


def problems_of(rows: Any) -> tuple[Problem, ...]:
    """The warnings of a record's head (see Record.head); rows of four come from before warning kinds."""
    return tuple(Problem(path=row[0], line=row[1], field=row[2], message=row[3],
                         kind=row[4] if len(row) > 4 else "") for row in rows)
