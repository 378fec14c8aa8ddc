"""The link checker: every internal link, anchor and asset of a built site resolves, and none leaves the base path.

It reads a built site (a folder, or a build's files before they are moved into place), never the network:
external links are collected and counted, never fetched. A problem is placed where a person can fix it:
the article file and line when the link comes from an article, else the output page and line.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..core.errors import Problem
from ..core.searchsettings import NOTHING_IGNORED, CheckSettings
from ..core.urls import NOT_FOUND
from .link_targets import NOT_FETCHED, NOT_PLAIN, Target, resolve  # noqa: F401 (NOT_FETCHED: for importers)
from .page_scan import HTML_SUFFIXES, Page, scan_html


@dataclass
class SiteFiles:
    """A built site to check: the files it has and a way to read one. Scanned pages are kept."""

    files: frozenset[str]
    read: Callable[[str], bytes]
    scanned: dict[str, Page] = field(default_factory=dict)  # by output file; a caller may fill it in advance
    ignored: CheckSettings = NOTHING_IGNORED  # `check: ignore:`: paths other tools fill after the build
    _html: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_folder(cls, root: Path, ignored: CheckSettings = NOTHING_IGNORED) -> SiteFiles:
        files = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*")
                          if p.is_file() and not p.name.startswith(".newsgen"))
        return cls(files=files, read=lambda rel: (root / rel).read_bytes(), ignored=ignored)

    def page(self, rel: str) -> Page:
        if rel not in self.scanned:
            self.scanned[rel] = scan_html(self.text(rel))
        return self.scanned[rel]

    def text(self, rel: str) -> str:
        return self.read(rel).decode("utf-8", errors="replace")

    def html_pages(self) -> list[str]:
        if self._html is None:  # asked by the check and by its report: sorted once (170,000 at 100,000 articles)
            self._html = sorted(rel for rel in self.files if rel.endswith(HTML_SUFFIXES))
        return self._html

    def problem_with(self, target: Target) -> str | None:
        """Why an internal target does not resolve, or None when it does."""
        rel = target.rel
        if rel not in self.files:
            if self.ignored.ignores(rel):
                return None  # a path another tool fills after the build (`check: ignore:`)
            if f"{rel}/index.html" in self.files:
                rel = f"{rel}/index.html"  # a folder without its trailing slash: every static host redirects
            elif rel.endswith(HTML_SUFFIXES):
                return f"nothing is built at {rel}"
            else:
                return f"nothing is built at {rel} (files in static/ are copied as they are: is it static/{rel}?)"
        if not target.fragment or target.fragment == "top" or not rel.endswith(HTML_SUFFIXES):
            return None
        if target.fragment in self.page(rel).ids:
            return None
        return f"{rel} has no element with id \"{target.fragment}\""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sources:
    """Where output pages come from, to report a problem in the article that causes it."""

    origins: Mapping[str, str] = field(default_factory=dict)  # output file -> article source, e.g. 'content/x.md'
    read: Callable[[str], str | None] = lambda rel: None  # article source -> its text
    base_url: str = ""

    def locate(self, url: str, source: str) -> tuple[int, str] | None:
        """(line, url as written) where `url` is in `source`: as is, or as written before newsgen made it
        root-relative under the base path (`/images/x.jpg`) or absolute (feeds, meta tags)."""
        text = self.read(source)
        if text is None or not url:
            return None
        for candidate in reversed(self._written_forms(url)):
            for form in dict.fromkeys((candidate, html.escape(candidate, quote=False))):
                start = 0
                while (index := text.find(form, start)) >= 0:
                    end = index + len(form)
                    if end == len(text) or text[end] in "\"') \t\n>]}|":
                        return text.count("\n", 0, index) + 1, candidate
                    start = index + 1
        return None

    def _written_forms(self, url: str) -> list[str]:
        forms = [url]
        site = urlsplit(self.base_url) if self.base_url else None
        if site is None:
            return forms
        origin = f"{site.scheme}://{site.netloc}"
        if url.startswith(origin + "/"):
            url = url[len(origin):]
            forms.append(url)
        if site.path != "/" and url.startswith(site.path):
            forms.append("/" + url[len(site.path):])
        return forms


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkReport:
    """Problems (sorted, each once), external links (url, where) and how many pages were read."""

    problems: tuple[Problem, ...]
    external: tuple[tuple[str, str], ...]
    pages: int


@dataclass(frozen=True, slots=True, kw_only=True)
class _Place:
    path: str
    line: int | None
    message: str
    in_source: bool


class Collector:
    """Gathers problems and external links from pages and feeds.

    A broken target (a missing image, say) shows on the article page, in listings and in feeds: it is
    reported where it is written in article sources when it is written there, else once, at the first
    output that has it, with how many more do. It also records which outputs link to which files
    (`linked_from`), so a draft's URL found anywhere in the site can be reported as a leak.
    """

    def __init__(self, site: SiteFiles, sources: Sources, label: str, *, list_external: bool = True,
                 track_links: bool = True, track_targets: bool = False):
        self.site, self.sources, self.label = site, sources, label
        self.list_external, self.track_links, self.track_targets = list_external, track_links, track_targets
        # output -> files it links to (with track_targets); a set while its page is checked, then a tuple
        self.targets_of: dict[str, set[str] | tuple[str, ...]] = {}
        self.problems: dict[str, Problem] = {}
        self.broken: dict[str, list[_Place]] = {}
        self.external: dict[tuple[str, str], None] = {}
        self.linked_from: dict[str, set[str]] = {}
        # Per output: every problem it produced (key, place) and the pages it links to with a #fragment,
        # so an incremental build can reuse an unchanged page's result (see check.staged_links).
        self.places_of: dict[str, list[tuple[str, _Place]]] = {}
        self.anchored: dict[str, set[str] | tuple[str, ...]] = {}
        self._newlines: tuple[str, list[int]] = ("", [])
        # The same nav, tag and asset URLs recur on every page: resolve each once.
        self._targets: dict[tuple[str, str], Target] = {}
        self._reasons: dict[tuple[str, str], str | None] = {}
        # URLs known good wherever they appear (nothing to record), with where they lead
        self.fine: dict[tuple[str, str], Target] = {}

    def where(self, rel: str, offset: int | None, url: str,
              origin: str | None = None) -> tuple[str, int | None, str]:
        """(path, line, url as written there) to report: the article's source line when the URL is written
        there, else the output. `origin` is the page whose article the URL may come from when it is not
        `rel` itself (a feed item)."""
        source = self.sources.origins.get(origin or rel)
        if source is not None:
            found = self.sources.locate(url, source)
            if found is not None:
                return source, found[0], found[1]
        return self.output_path(rel), self._line(rel, offset), url

    def output_path(self, rel: str) -> str:
        return f"{self.label}/{rel}" if self.label else rel

    def _line(self, rel: str, offset: int | None) -> int | None:
        if offset is None:
            return None
        if self._newlines[0] != rel:
            text = self.site.text(rel)
            self._newlines = (rel, [m.start() for m in re.finditer("\n", text)])
        return bisect.bisect_left(self._newlines[1], offset) + 1

    def add(self, rel: str, offset: int | None, url: str, message: str, origin: str | None = None,
            key: str = "") -> None:
        """A problem with `url` ('{url}' in `message` becomes the URL as written where it is reported);
        problems sharing `key` (e.g. one missing file) are grouped (see the class doc)."""
        path, line, written = self.where(rel, offset, url, origin)
        message = message.replace("{url}", written)
        place = _Place(path=path, line=line, message=message, in_source=not path.startswith(self.output_path("")))
        key = key or f"{path}\0{message}"
        self.broken.setdefault(key, []).append(place)
        self.places_of.setdefault(rel, []).append((key, place))

    def add_place(self, rel: str, key: str, place: _Place) -> None:
        """A problem found by an earlier build in an output that has not changed since."""
        self.broken.setdefault(key, []).append(place)
        self.places_of.setdefault(rel, []).append((key, place))

    def add_at(self, rel: str, line: int | None, message: str) -> None:
        """A problem of the output file itself (a feed that is not well-formed, a missing element)."""
        self.add_problem(Problem(path=self.output_path(rel), line=line, message=message, kind="broken-link"))

    def add_problem(self, problem: Problem) -> None:
        self.problems.setdefault(str(problem), problem)

    def check(self, rel: str, offset: int | None, url: str, page_url: str, base_url: str, *,
              own: Page | None = None, origin: str | None = None) -> Target:
        """Check one URL found in output `rel` (own: the page itself, for '#anchor' links); return its target."""
        key = _url_key(url, page_url)
        if key in self.fine:
            target = self.fine[key]
            if self.track_targets and target.kind == "internal":
                self.track(rel, target)
            return target
        target = self._targets.get(key)
        if target is None:
            target = self._targets[key] = resolve(url, page_url, base_url)
            if target.kind == "skip" or target.kind == "external" and not self.list_external:
                self.fine[key] = target
        if target.kind == "internal":
            self._internal(rel, offset, url, key, target, own, origin)
        elif target.kind == "external":
            if self.list_external:
                path, line, _ = self.where(rel, offset, url, origin)
                self.external[(url, f"{path}:{line}" if line else path)] = None
        elif target.kind == "invalid":
            self.add(rel, offset, url, "{url} is not a valid URL", origin)
        elif target.kind == "escape":
            self.add(rel, offset, url, f"link {{url}} leaves the site: it is outside the base path "
                     f"{urlsplit(base_url).path} (links to the site's own pages must start with it)", origin)
        return target

    def _internal(self, rel: str, offset: int | None, url: str, key: tuple[str, str], target: Target,
                  own: Page | None, origin: str | None) -> None:
        """A link to a file of this site: recorded for the incremental check, then the file and anchor checked."""
        if self.track_links:
            self.linked_from.setdefault(target.rel, set()).add(rel)
        if self.track_targets and not url.startswith("#"):
            self.track(rel, target)
        if own is not None and url.startswith("#"):
            self._own_anchor(rel, offset, url, target.fragment, own, origin)
            return
        found = (target.rel, target.fragment)
        if found not in self._reasons:
            self._reasons[found] = self.site.problem_with(target)
        reason = self._reasons[found]
        if reason is None and not self.track_links and not url.startswith("#"):  # nothing to record
            self.fine[key] = target
        if reason:
            kind = "anchor" if reason.endswith('"') else "link"
            self.add(rel, offset, url, f"broken {kind} {{url}}: {reason}", origin,
                     key=f"{target.rel}#{target.fragment}" if kind == "anchor" else target.rel)

    def _own_anchor(self, rel: str, offset: int | None, url: str, fragment: str, own: Page,
                    origin: str | None) -> None:
        if fragment and fragment != "top" and fragment not in own.ids:
            self.add(rel, offset, url, f"broken anchor {{url}}: this page has no element with id \"{fragment}\"",
                     origin)

    def track(self, rel: str, target: Target) -> None:
        """Note that page `rel` links to `target` (for the incremental link check)."""
        targets = self.targets_of.get(rel)
        if not isinstance(targets, set):
            targets = self.targets_of[rel] = set(targets or ())
        targets.add(target.rel)
        if target.fragment:
            anchored = self.anchored.get(rel)
            if not isinstance(anchored, set):
                anchored = self.anchored[rel] = set(anchored or ())
            anchored.add(target.rel)

    def track_files(self, rel: str, files: set[str]) -> None:
        """Note that page `rel` links to each of `files` (no #fragment)."""
        found = self.targets_of.get(rel)
        self.targets_of[rel] = files | set(found) if found else files

    def seal(self, rel: str) -> None:
        """A page is checked: hold what it links to as tuples (a set per page costs several times more)."""
        for table in (self.targets_of, self.anchored):
            if isinstance(found := table.get(rel), set):
                table[rel] = tuple(found)  # type: ignore[assignment]

    def report(self) -> LinkReport:
        problems = dict(self.problems)
        for places in self.broken.values():
            for problem in _grouped(places):
                problems.setdefault(str(problem), problem)
        return LinkReport(problems=tuple(sorted(problems.values(), key=lambda p: p.sort_key)),
                          external=tuple(sorted(self.external)), pages=len(self.site.html_pages()))


def _grouped(places: list[_Place]) -> list[Problem]:
    in_sources = [p for p in places if p.in_source]
    if in_sources:
        return list({(p.path, p.line): Problem(path=p.path, line=p.line, message=p.message,
                                               kind="broken-link")
                     for p in in_sources}.values())
    first = min(places, key=lambda p: (p.path, p.line or 0))
    others = len({p.path for p in places}) - 1
    more = f" (and in {others} more file{'s' if others != 1 else ''})" if others > 0 else ""
    return [Problem(path=first.path, line=first.line, message=first.message + more, kind="broken-link")]


def check_pages(site: SiteFiles, base_url: str, collector: Collector, pages: Iterable[str] | None = None) -> None:
    """Check every link of every HTML page (or of `pages`) into `collector`."""
    # The same nav, tag and asset URLs are on every page. A URL known good whose target does not depend
    # on the page (see _url_key) is noted here, by the URL alone, with what it means for a page that has
    # it: a file the page links to, a Target with a #fragment, or "" for nothing to note. A page's URLs
    # are then looked up all at once, and only the others are checked one by one.
    anywhere: dict[str, str | Target] = {}
    for rel in site.html_pages() if pages is None else pages:
        page = site.page(rel)
        page_url = _page_url(base_url, rel)
        if page.base_href:
            page_url = _join(page_url, page.base_href)
        urls = page.urls
        # The 404 page has rules of its own (_note): all of its URLs take the long way.
        notes = [None] * len(urls) if rel == NOT_FOUND else list(map(anywhere.get, urls))
        for index in [index for index, note in enumerate(notes) if note is None]:
            notes[index] = _note(collector, rel, page, urls[index], page.offsets[index], page_url, base_url, anywhere)
        if collector.track_targets:
            files = set(notes)
            files.discard("")
            for target in [note for note in files if not isinstance(note, str)]:
                files.discard(target)
                collector.track(rel, target)
            if files:
                collector.track_files(rel, files)  # type: ignore[arg-type]
        collector.seal(rel)


def _note(collector: Collector, rel: str, page: Page, url: str, offset: int, page_url: str, base_url: str,
          anywhere: dict[str, str | Target]) -> str | Target:
    """Check one URL of page `rel` the long way; return what check_pages is to note for the page."""
    if rel == NOT_FOUND and _relative(url):
        # The 404 page is served for any missing path, so only links that do not depend on its
        # location (root-relative or absolute) work from everywhere.
        collector.add(rel, offset, url, f"relative link {url} in the 404 page breaks when it is shown "
                      "for a missing page in another folder: start it with the base path")
        return ""
    if url[0] == "#" and url[1:] in page.ids and "%" not in url:
        return ""  # an anchor on the page itself (the skip link on every page), there as it should be
    key = _url_key(url, page_url)
    known = collector.fine.get(key)
    if known is None:
        collector.check(rel, offset, url, page_url, base_url, own=page)  # notes what it finds itself
        return ""
    note: str | Target = ""
    if collector.track_targets and known.kind == "internal":
        note = known if known.fragment else known.rel
    if not key[1]:
        anywhere[url] = note
    return note


def _join(page_url: str, base_href: str) -> str:
    """The address links of a page with `<base href>` resolve against; the page's own when urljoin refuses the
    href (`http://[::1`): the href is then reported as an invalid URL like any other link of the page."""
    try:
        return urljoin(page_url, base_href)
    except ValueError:
        return page_url


def _page_url(base_url: str, rel: str) -> str:
    """The address of output `rel`: urljoin(base_url, rel), without parsing for the plain paths outputs have."""
    # (urljoin also drops tabs, line breaks, leading spaces and empty segments: such paths take the long way)
    if (base_url.endswith("/") and "?" not in base_url and "#" not in base_url and "#" not in rel and "//" not in rel
            and rel.isprintable() and not rel[:1].isspace() and not NOT_PLAIN.search(rel)):
        return base_url + rel
    return urljoin(base_url, rel)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _url_key(url: str, page_url: str) -> tuple[str, str]:
    """What a URL's target depends on: the URL alone when root-relative or absolute (it has a scheme), else
    also the page ('more/?from=https://x.org/' is relative, whatever its query holds)."""
    return url, "" if url.startswith("/") and not url.startswith("//") or _SCHEME.match(url) else page_url


def _relative(url: str) -> bool:
    return bool(url) and not url.startswith(("/", "#")) and not _SCHEME.match(url)


def check_links(site: SiteFiles, base_url: str, *, sources: Sources | None = None, label: str = "") -> LinkReport:
    """Check the links and anchors of every page of a built site; external links are listed, not fetched."""
    collector = Collector(site, sources or Sources(), label)
    check_pages(site, base_url, collector)
    return collector.report()


def source_reader(site_dir: Path) -> Callable[[str], str | None]:
    """Article sources by site-relative path, as text with `\\n` line ends (for `Sources.read`); None if unreadable."""

    @lru_cache(maxsize=256)
    def read(rel: str) -> str | None:
        try:
            return (site_dir / rel).read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        except OSError:
            return None

    return read
