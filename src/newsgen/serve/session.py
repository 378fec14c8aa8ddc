"""`newsgen serve`: one session of the dev server, wiring the build loop, the watcher and the HTTP server.

Start order: bind the port (so port 0 has a number the preview's base_url can use), watch (edits made
during the first build are queued, not lost), build the preview, serve, then run the build loop. Stop
order is the reverse, each part given a deadline, so Ctrl-C or SIGTERM ends the session within a second
and leaves no thread or port behind.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..build import BuildOptions, BuildReport, BuildState
from ..core.config import CONFIG_NAME, SiteConfig, load_config
from ..core.errors import BuildFailed, UserError, warning_line
from .build_loop import BuildLoop, Outcome, PreviewSettings, PreviewState, preview_base_url
from .changes import CACHE_DIR, PREVIEW_DIR, WatchedTree
from .hostnames import machine_names
from .http import PreviewServer, bind_server
from .search_preview import SearchPreview
from .watch import SourceWatcher, theme_source_dir


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """What `newsgen serve` was asked for."""

    site_dir: Path
    now: Callable[[], dt.datetime]
    host: str = "127.0.0.1"
    port: int = 8000
    watch: bool = False
    drafts: bool = False
    future: bool = False
    poll: bool = False


def exposure(host: str, bound: str, port: int, drafts: bool) -> tuple[str, str]:
    """(banner line, warning) for a server listening beyond this computer; ('', '') on a loopback address.

    `host` is what --host said, `bound` the address the socket got (a name resolves to one)."""
    try:
        address = ipaddress.ip_address(bound.split("%", 1)[0])
    except ValueError:
        return "", ""
    if address.is_loopback:
        return "", ""
    what = "the preview, drafts included," if drafts else "the preview"
    if address.is_unspecified:
        others = _address_for_others()
        seen = f": other computers can open http://{url_host(others)}:{port}/" if others else ""
        return (f"  listening on all interfaces ({bound}), port {port}{seen}",
                (f"with --host {host}, {what} is visible to every computer that can reach this one (your network, "
                 "maybe more); leave out --host (default 127.0.0.1) to keep it on this computer"))
    return (f"  listening on {bound} only (not on 127.0.0.1), port {port}",
            (f"with --host {host}, {what} is visible to every computer that can reach {bound}; leave out --host "
             "(default 127.0.0.1) to keep it on this computer"))


def _address_for_others() -> str:
    """An address of this computer other machines may reach (IPv4 first; no loopback, no link-local), or ''."""
    candidates = []
    for name in machine_names():
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            continue
        if not (address.is_loopback or address.is_link_local):
            candidates.append(address)
    return str(min(candidates, key=lambda a: (a.version, a))) if candidates else ""


def url_host(host: str) -> str:
    """How to write the listening host in a URL: the loopback for 'any address', IPv6 in brackets."""
    host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"[{host}]" if ":" in host else host


class DevServer:
    """One serve session: `start()` builds and serves (and watches), `stop()` ends it all."""

    def __init__(self, options: ServeOptions, *, out: TextIO | None = None, err: TextIO | None = None,
                 build_site: Callable[[BuildOptions, BuildState], BuildReport] | None = None) -> None:
        self.options = options
        self.site_dir = options.site_dir.resolve()
        # The preview is one level down: build() puts its staging folder and schedule file beside the
        # output folder, and those must stay inside .newsgen-preview/ too.
        self.preview_dir = self.site_dir / PREVIEW_DIR / "site"
        self._out = out or sys.stdout
        self._err = err or sys.stderr
        self._build_site = build_site
        self._warnings: set[str] = set()
        self.config = self._initial_config()
        self.state = PreviewState(base_path=self.config.base_path if self.config else "/")
        self.server: PreviewServer | None = None
        self.loop: BuildLoop | None = None
        self.watcher: SourceWatcher | None = None
        self._serve_thread: threading.Thread | None = None
        self.search: SearchPreview | None = None

    @property
    def origin(self) -> str:
        assert self.server is not None
        return f"http://{url_host(self.options.host)}:{self.server.server_port}"

    @property
    def url(self) -> str:
        """Where the site's home page is served now, e.g. http://127.0.0.1:8000/news/."""
        return preview_base_url(self.origin, self.state.snapshot().base_path)

    def start(self) -> str:
        """Bind, build the preview, serve it and (with --watch) start watching; return the URL to open."""
        self.server = bind_server(self.options.host, self.options.port, self.preview_dir, self.state)
        self.server.search_root = self.site_dir / PREVIEW_DIR / "search"  # see search_preview
        try:
            settings = PreviewSettings(site_dir=self.site_dir, preview_dir=self.preview_dir,
                                       origin=self.origin, now=self.options.now, drafts=self.options.drafts,
                                       future=self.options.future)
            extra = {"build_site": self._build_site} if self._build_site else {}
            self.search = SearchPreview(self.preview_dir, self.server.search_root, report=self._print_search)
            self.loop = BuildLoop(settings, self.state, report=self._print_outcome, after_good=self.search.request,
                                  **extra)  # type: ignore[arg-type]
            if self.options.watch:  # before the first build, so that edits made during it are not lost
                self.watcher = SourceWatcher(self._watched_tree(), self.state.add_changes,
                                             poll=self.options.poll)
                self.watcher.start()
            first = self.loop.build_once()
            if first.problems and not self.options.watch:
                raise BuildFailed(first.problems)
            self._serve_thread = threading.Thread(target=self.server.serve_forever,
                                                  kwargs={"poll_interval": 0.1},
                                                  name="newsgen-http-accept", daemon=True)
            self._serve_thread.start()
            if self.options.watch:
                self.loop.start()
        except BaseException:
            self.stop()
            raise
        return self.url

    def stop(self) -> None:
        """Stop watching, end the build loop and every connection, close the port. Safe to call twice."""
        if self.watcher is not None:
            self.watcher.stop()
        if self.loop is not None:
            self.loop.stop()
        if self.search is not None:
            self.search.stop()
        self.state.close()
        if self.server is not None:
            self.server.close()
        if self._serve_thread is not None:
            self._serve_thread.join(1.0)

    def exposure(self) -> tuple[str, str]:
        """(banner line, warning) when the server listens beyond this computer, else ('', '')."""
        assert self.server is not None
        return exposure(self.options.host, str(self.server.server_address[0]), self.server.server_port,
                        self.options.drafts)

    def describe_watch(self) -> str:
        if self.watcher is None:
            return ""
        parts = [p.relative_to(self.site_dir).as_posix() + "/" for p in self.watcher.watched
                 if p.is_relative_to(self.site_dir)]
        parts += [name for name in ("site.yaml", "authors.yaml") if (self.site_dir / name).is_file()]
        if self.watcher.tree.theme_dir is not None:
            parts.append("the newsgen theme")
        mode = "polling every 0.5 s" if self.options.poll else "file-system events"
        return f"watching {', '.join(parts)} ({mode})"

    def _initial_config(self) -> SiteConfig | None:
        """The site's config; with --watch a broken site.yaml is shown in the browser, not fatal."""
        try:
            return load_config(self.site_dir)
        except UserError:
            if self.options.watch and (self.site_dir / CONFIG_NAME).is_file():
                return None
            raise

    def _watched_tree(self) -> WatchedTree:
        output = self.config.output if self.config else "public"
        cache = self.config.cache_dir if self.config else CACHE_DIR
        ignored = tuple(dict.fromkeys(rel for d in (output, cache, PREVIEW_DIR, CACHE_DIR)
                                      if (rel := _site_relative(self.site_dir, d)) is not None))
        return WatchedTree(site_dir=self.site_dir, ignored_dirs=ignored, theme_dir=theme_source_dir())

    def _print_search(self, line: str) -> None:
        _print(self._out, f"[{time.strftime('%H:%M:%S')}] {line}")

    def _print_outcome(self, outcome: Outcome) -> None:
        stamp = time.strftime("%H:%M:%S")
        what = outcome.changes.describe() if outcome.changes else "first build"
        report = outcome.report
        if report is None:
            if outcome.changes is None and not self.options.watch:
                return  # serve without --watch stops here, and the CLI prints the errors
            errors = _count(len(outcome.problems), "error")
            _print(self._err, f"[{stamp}] {what}: build failed in {outcome.milliseconds:.0f} ms ({errors}); "
                   "the browser shows them over the last good preview:")
            for problem in outcome.problems:
                _print(self._err, f"  error: {problem}")
            return
        for warning in report.warnings:
            if str(warning) not in self._warnings:
                _print(self._err, f"  {warning_line(warning)}")
        self._warnings = {str(w) for w in report.warnings}
        if outcome.changes is None:
            _print(self._out, f"[{stamp}] built the preview: {report.summary()}")
            return
        _print(self._out, f"[{stamp}] {what}: {_count(report.written, 'file')} written, "
               f"{report.unchanged} unchanged, {report.removed} removed in {outcome.milliseconds:.0f} ms")


def run(options: ServeOptions, *, open_browser: bool = False, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    """Serve until Ctrl-C or SIGTERM; return the exit code. UserError/BuildFailed propagate to the CLI."""
    out = out or sys.stdout
    err = err or sys.stderr
    stop = threading.Event()
    starting = True

    def on_signal() -> None:
        stop.set()
        if starting:  # the first build runs in this thread: interrupt it rather than wait for it
            raise KeyboardInterrupt

    restore = _on_stop_signals(on_signal)
    session = DevServer(options, out=out, err=err)
    try:
        url = session.start()
        starting = False
        title = session.config.title if session.config else "the site"
        _print(out, f"Serving {title} at {url}  (Ctrl-C to stop)")
        listening, warning = session.exposure()
        if listening:
            _print(out, listening)
            _print(err, f"warning [open-server]: {warning}")
        output = session.config.output if session.config else "public"
        _print(out, f"  preview files in {session.preview_dir} (the site's {output}/ folder is not touched)")
        if session.watcher is not None:
            _print(out, f"  {session.describe_watch()}")
        if open_browser:
            webbrowser.open(url)
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        session.stop()
        restore()
    _print(out, "stopped")
    return 0


def _on_stop_signals(callback: Callable[[], None]) -> Callable[[], None]:
    """Make Ctrl-C and SIGTERM call `callback`; return a function restoring the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in saved:
        signal.signal(sig, lambda _signum, _frame: callback())

    def restore() -> None:
        for sig, handler in saved.items():
            signal.signal(sig, handler)

    return restore


def _site_relative(site_dir: Path, folder: str) -> str | None:
    """'./public/' -> 'public', as classify_path compares them; None for a folder outside the site."""
    rel = os.path.relpath(os.path.normpath(os.path.join(site_dir, folder)), site_dir)
    return None if rel == "." or rel.startswith("..") else Path(rel).as_posix()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _print(stream: TextIO, line: str) -> None:
    print(line, file=stream, flush=True)

