"""Finding article files on disk: sorted, with content digests.

Every build reads `content/` through discover() here. It is not the only code that looks into the folder:
the dev server's watcher (serve/watch.py, serve/changes.py) and `newsgen new` (scaffold/starter.py) do too,
but they never parse what is in it.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISLNK

from ..core.errors import Problem
from ..core.models import SourceFile
from .frontmatter import opening_fence

CONTENT_DIR = "content"
ARTICLE_SUFFIXES = (".md", ".markdown")
PAGES_DIR = "content/pages/"
NOTES_PER_REASON = 5  # past this many skipped files with one reason, the rest are counted, not listed



def is_page_file(rel: str) -> bool:
    """content/pages/about.md is a page, not an article."""
    return rel.startswith(PAGES_DIR) and rel.endswith(".md")


def split_pages(sources: tuple[SourceFile, ...]) -> tuple[tuple[SourceFile, ...], tuple[SourceFile, ...]]:
    """(articles, pages) of the files discovery found, each in the order found."""
    pages = tuple(s for s in sources if is_page_file(s.rel))
    return tuple(s for s in sources if not is_page_file(s.rel)), pages


# sed -i writes its output to `sedXXXXXX` (six letters or digits, no extension) beside the file, then renames it.
_SED_TEMP = re.compile(r"sed[A-Za-z0-9]{6}")
_TEMP_PREFIXES = (
    ".",  # hidden: vim's .x.swp, Emacs' .#x lock, LibreOffice's .~lock.x#, gedit's .goutputstream-XXXXXX
    "#",  # Emacs' #x# auto-save
    "~$",  # Microsoft Office's owner file
)
_TEMP_SUFFIXES = (
    "~",  # vim and Emacs backups
    ".swp", ".swo", ".swx",  # vim swap files
    ".kate-swp",  # Kate
    "___jb_tmp___", "___jb_old___",  # JetBrains IDEs' "safe write"
    ".tmp", ".bak",
    ".part", ".crdownload",  # downloads still in progress
)


def is_editor_temp(name: str) -> bool:
    """True for the swap, backup, lock and write-test files editors make beside the file being saved.

    The one rule for such names: discovery (articles, static files) skips them and the dev server's
    watcher ignores them, so a temp file is never published and never triggers a rebuild."""
    return (
        name.startswith(_TEMP_PREFIXES)
        or name.endswith(_TEMP_SUFFIXES)
        or name == "4913"  # vim's write-test file
        or _SED_TEMP.fullmatch(name) is not None
    )


def is_ignored_name(name: str) -> bool:
    """Hidden files, editor temp files and names starting with '_' (Hugo's `_index.md`) are never articles."""
    return name.startswith("_") or is_editor_temp(name)


# A file changed this recently may change again within the file system's timestamp resolution without
# its stat changing, so `known` is never trusted for it ("racy" files).
RACY_SECONDS = 2.0
StatKey = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Discovery:
    """Article files found, plus the read errors and notes about skipped files."""

    sources: tuple[SourceFile, ...]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[str, ...] = ()  # files that are not *.md
    notes: tuple[Problem, ...] = ()  # every file or folder skipped, with the reason (a note, never an error)
    stats: dict[str, tuple[StatKey, SourceFile]] = field(default_factory=dict)  # for the next `known`


def discover(site_dir: Path, known: dict[str, tuple[StatKey, SourceFile]] | None = None, *,
             keep_bytes: bool = True, scan: Scan | None = None) -> Discovery:
    """Return every article file under `site_dir/content`, sorted by path; unreadable files become problems.

    `known` maps a file to its stat and contents at the last build: a file with the same stat (size, times
    to the nanosecond, inode; the change time moves on any write) is not read again. The dev server keeps
    them in memory; the command line gets them, without the bytes, from the last build's memo.

    `keep_bytes=False` keeps only each file's digest: at 100,000 articles the text is half a gigabyte, and
    the parsing workers read the few files they need again. `scan`: the folder as Scan.of() found it already
    (the files are then not looked at again, only read; a Scan is read by one discover() call)."""
    scan = scan if scan is not None else Scan.of(site_dir)
    if scan.early is not None:
        return scan.early
    walk = scan.walk
    walk.known, walk.keep_bytes = known, keep_bytes
    for rel, path, key, changed in walk.statted:
        walk.article(rel, path, key, changed)
    walk.found.sort(key=lambda s: s.rel)
    return Discovery(sources=tuple(walk.found), problems=tuple(walk.problems), skipped=tuple(sorted(walk.skipped)),
                     notes=_notes(walk.reasons), stats=walk.stats)


@dataclass(slots=True)
class Scan:
    """The content folder looked at, no file read yet: each article file's stat, and what discover() notes."""

    walk: _Walk
    early: Discovery | None = None  # what discover() answers without a walk: no content/, or it leaves the site

    @classmethod
    def of(cls, site_dir: Path) -> Scan:
        walk = _Walk(site_dir=site_dir, site_real=os.path.realpath(site_dir), known=None, keep_bytes=False)
        root = site_dir / CONTENT_DIR
        if not root.is_dir():
            return cls(walk, Discovery(sources=(), problems=(Problem(path=CONTENT_DIR, message=(
                "no content/ folder: create it and put articles (*.md) in it")),)))
        if os.path.islink(root) and not _inside(str(root), walk.site_real):
            return cls(walk, Discovery(sources=(), notes=(_OUTSIDE_NOTE,)))
        for dirpath, dirnames, filenames in os.walk(root):
            folder = walk.enter(dirpath, dirnames)
            walk.ordinary_files(dirpath, folder, sorted(filenames))
        return cls(walk)

    def stat_digest(self) -> tuple[str, tuple[Problem, ...]] | None:
        """The digest of every article file's path and stat (see stat_digest), and the notes discover() would
        make; None when some file must be read to know what it holds: one changed within RACY_SECONDS, or
        one discover() would report a problem for.

        A no-change rebuild of a big archive asks only this: when every article file has the stat the last
        build recorded, every digest is the one it recorded (the rule discover() trusts `known` by)."""
        walk = self.walk
        if self.early is not None or walk.problems or any(changed >= walk.racy_after for *_, changed in walk.statted):
            return None
        return stat_digest([(rel, key) for rel, _, key, _ in walk.statted]), _notes(walk.reasons)


def stat_digest(stats: list[tuple[str, StatKey]]) -> str:
    """One digest of files' paths and stats, in path order (the build record keeps its sources' one)."""
    ordered = sorted(stats)
    # The stats as one list's text, then the names, each after a NUL (which no name holds): a few C calls for
    # the lot (at 100,000 articles, two thirds of the time of the repr of (name, stat) pairs), and it cannot
    # be ambiguous (each stat is a tuple in brackets, the list has no NUL).
    text = "\x00".join([str([key for _, key in ordered]), *(rel for rel, _ in ordered)])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_OUTSIDE_NOTE = Problem(path=CONTENT_DIR, kind="skipped-file", message=(
    "skipped: content/ is a link to a folder outside the site folder (newsgen reads only files inside "
    "it); move the articles into the site's content/ folder"))


_NOT_MARKDOWN = "not an article (only *.md files are); skipped"


@dataclass(slots=True, kw_only=True)
class _Walk:
    """What one discover() call has found so far: filled in folder by folder, file by file."""

    site_dir: Path
    site_real: str
    known: dict[str, tuple[StatKey, SourceFile]] | None
    keep_bytes: bool
    racy_after: float = field(default_factory=lambda: time.time() - RACY_SECONDS)
    stats: dict[str, tuple[StatKey, SourceFile]] = field(default_factory=dict)
    found: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    statted: list[tuple[str, str, StatKey, float]] = field(default_factory=list)  # (rel, path, stat, changed)

    def note(self, reason: str, rel: str) -> None:
        self.reasons.setdefault(reason, []).append(rel)

    def enter(self, dirpath: str, dirnames: list[str]) -> str:
        """Prune the sub-folders os.walk will visit (in place, sorted); return this folder's site path."""
        for name in dirnames:
            if name.startswith("_"):  # Jekyll's _posts, _drafts, _layouts ...
                rel = (Path(dirpath) / name).relative_to(self.site_dir).as_posix()
                self.note("folder skipped: names starting with '_' are ignored (move articles out of it to "
                          "publish them)", rel + "/")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        folder = Path(dirpath).relative_to(self.site_dir).as_posix()
        for name in [d for d in dirnames if not _is_text(d)]:
            dirnames.remove(name)  # every file under it would have a name that is not text
            self.problems.append(_not_text(f"{folder}/{name}", "folder"))
        return folder

    def ordinary_files(self, dirpath: str, folder: str, names: list[str]) -> None:
        """file() for each of `names` (in `folder`, at `dirpath`), written out for an ordinary article file:
        most of them, and a no-change build of 100,000 articles is mostly this loop. Each is stat'ed relative
        to its folder's descriptor, which spares the kernel walking the whole path again (a fifth of the
        time of each stat)."""
        path_prefix, rel_prefix, statted = dirpath + os.sep, folder + "/", self.statted
        try:
            folder_fd: int | None = os.open(dirpath, _DIR_FLAGS) if _STAT_IN_FOLDER else None
        except OSError:
            folder_fd = None
        try:
            for name in names:
                if name.endswith(".md") and name.isascii() and name[0] not in "_.#~":
                    try:
                        stat = (os.stat(name, dir_fd=folder_fd, follow_symlinks=False) if folder_fd is not None
                                else os.lstat(path_prefix + name))
                    except OSError:
                        stat = None
                    if stat is not None and not S_ISLNK(stat.st_mode):
                        mtime, ctime = stat.st_mtime, stat.st_ctime
                        newest = mtime if mtime > ctime else ctime  # noqa: FURB136 (no call per file)
                        statted.append((rel_prefix + name, path_prefix + name, (
                            stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino), newest))
                        continue
                self.file(dirpath, folder, name)  # links, errors and every other name
        finally:
            if folder_fd is not None:
                os.close(folder_fd)

    def file(self, dirpath: str, folder: str, name: str) -> None:
        rel = f"{folder}/{name}"
        if name.endswith(".md") and name.isascii() and name[0] not in "_.#~":
            # Most files, asked the short way: no editor temp name ends in .md, and ASCII is text.
            self.stat(dirpath + os.sep + name, rel)  # strings, not Path or join: this runs for every file
        elif is_ignored_name(name):
            if name.startswith("_") and name.endswith(ARTICLE_SUFFIXES):  # Hugo's _index.md
                self.note("skipped: a file starting with '_' (such as Hugo's _index.md) is not an article",
                          _shown(rel))
        elif not _is_text(name):
            if name.endswith(ARTICLE_SUFFIXES):
                self.problems.append(_not_text(rel, "file"))
            else:
                self.note(_NOT_MARKDOWN, _shown(rel))
        elif not name.endswith(ARTICLE_SUFFIXES):
            self.skipped.append(rel)
            self.note(_NOT_MARKDOWN, rel)
        else:
            self.stat(dirpath + os.sep + name, rel)  # strings, not Path or join: this runs for every file

    def stat(self, path: str, rel: str) -> None:
        try:
            stat = os.lstat(path)  # lstat, then stat only for links: one call per ordinary file
            if S_ISLNK(stat.st_mode):
                if not _inside(path, self.site_real):
                    self.note(_LEAVES_SITE, rel)
                    return
                stat = os.stat(path)
        except OSError as exc:
            self.problems.append(Problem(path=rel, message=f"cannot read: {exc.strerror}"))
            return
        # Racy by its newest time: a file unpacked with an old mtime (tar, rsync -t) changed just now all the same.
        self.statted.append((rel, path, (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino),
                             max(stat.st_mtime, stat.st_ctime)))

    def article(self, rel: str, path: str, key: StatKey, changed: float) -> None:
        previous = self.known.get(rel) if self.known is not None else None
        if previous is not None and previous[0] == key and changed < self.racy_after:
            # Passed the front-matter check below when it was read. (The command line's hints
            # carry no bytes: see incremental.build_record.)
            self.stats[rel] = previous
            self.found.append(previous[1])
            return
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            self.problems.append(Problem(path=rel, message=f"cannot read: {exc.strerror}"))
            return
        if opening_fence(data) is None:
            self.note("not an article (no front matter: it would start with a `---` or `+++` line); skipped", rel)
            return
        source = SourceFile(rel=rel, data=data if self.keep_bytes else None, digest=hashlib.sha256(data).hexdigest())
        self.stats[rel] = (key, source)
        self.found.append(source)


# Where the system can stat a name relative to an open folder (Linux, macOS, the BSDs; not Windows).
_STAT_IN_FOLDER = os.stat in os.supports_dir_fd and os.stat in os.supports_follow_symlinks
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


_LEAVES_SITE = ("skipped: a link to a file outside the site folder (newsgen reads only files inside it, so a "
                "link cannot publish what was never put in the site); move or copy the file into content/")


def _inside(path: str, site_real: str) -> bool:
    """True when the link at `path` ends at a file inside the site folder (whose real path is `site_real`)."""
    real = os.path.realpath(path)
    return real.startswith(site_real.rstrip(os.sep) + os.sep)


def _is_text(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (os.walk hands those over with lone surrogates, which no
    message, digest or output path can encode), e.g. a Latin-1 name from an old archive."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(rel: str) -> str:
    """`rel` as it can be printed: bytes that are not UTF-8 become U+FFFD."""
    return rel if _is_text(rel) else os.fsencode(rel).decode("utf-8", "replace")


def _not_text(rel: str, kind: str) -> Problem:
    bad = next(char for char in rel if "\udc80" <= char <= "\udcff")  # os.walk's stand-in for the byte
    return Problem(path=_shown(rel), message=f"the {kind} name is not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02x}, "
                   f"shown as \ufffd): rename the {kind}")


def _notes(reasons: dict[str, list[str]]) -> tuple[Problem, ...]:
    """One note per skipped file; past NOTES_PER_REASON files with the same reason, one note counts the rest."""
    notes: list[Problem] = []
    for reason, paths in reasons.items():
        paths = sorted(paths)
        notes += [Problem(path=rel, message=reason, kind="skipped-file") for rel in paths[:NOTES_PER_REASON]]
        rest = len(paths) - NOTES_PER_REASON
        if rest > 0:
            notes.append(Problem(path=CONTENT_DIR, kind="skipped-file",
                                 message=f"{rest} more file{'s' if rest != 1 else ''} "
                                 f"skipped for the same reason as {paths[0]}"))
    return tuple(sorted(notes, key=lambda p: p.sort_key))
