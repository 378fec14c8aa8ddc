"""The dev server's HTTP side: serves the preview folder, streams build events, injects the reload script.

Pages are served from disk as they are; HTML responses get the live-reload script at response time.
Every response says `Cache-Control: no-store`, so a browser never shows a page from an older build.
Requests never wait for a build: a page is whatever the last good build left on disk. A request whose
Host does not name this computer gets 400 (see hostnames.py), so a DNS-rebinding web page reads nothing.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..core import urls
from ..core.errors import UserError
from . import livereload, routes
from .build_loop import PreviewState, Snapshot
from .hostnames import AllowedHosts, allowed_hosts

NOT_FOUND_PAGE = "404.html"
KEEPALIVE_SECONDS = 15.0
IDLE_CONNECTION_SECONDS = 30  # a keep-alive connection with no request for this long is closed

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".xsl": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
}
FALLBACK_404 = (b'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
                b"</head><body><h1>Not found</h1><p>No page here (yet). newsgen shows the site once it "
                b"builds.</p></body></html>\n")


def content_type(path: Path, head: bytes = b"") -> str:
    """The Content-Type for a file; `.xml` files are told apart by their root element (RSS, Atom, other)."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        start = head[:1024]
        if b"<rss" in start:
            return "application/rss+xml"
        if b"<feed" in start:
            return "application/atom+xml"
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


class PreviewServer(ThreadingHTTPServer):
    """A threaded HTTP server for one preview folder that can close every connection it has open."""

    daemon_threads = True
    block_on_close = False  # `close()` ends connections and joins the threads itself, with a deadline
    allow_reuse_port = False  # never share a port with another server: a port in use must be an error

    def __init__(self, address: tuple[str, int], root: Path, state: PreviewState) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.root = root
        self.search_root: Path | None = None  # the search index, made apart from the pages (search_preview)
        self.state = state
        self._lock = threading.Lock()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._serving = threading.Event()
        super().__init__(address, PreviewRequestHandler)
        self.allowed_hosts: AllowedHosts = allowed_hosts(address[0], str(self.server_address[0]))

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        self._serving.set()
        super().serve_forever(poll_interval)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn), which can stall without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address),
                                  name="newsgen-http", daemon=True)
        with self._lock:
            self._connections[request] = thread
        thread.start()

    def shutdown_request(self, request):  # type: ignore[no-untyped-def]
        with self._lock:
            self._connections.pop(request, None)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # the browser went away mid-response: normal for reloads
        super().handle_error(request, client_address)

    def close(self, timeout: float = 1.0) -> None:
        """Stop accepting, end open connections (event streams, idle keep-alives) and join their threads."""
        if self._serving.is_set():
            self.shutdown()  # blocks forever when serve_forever never ran
        with self._lock:
            open_now = dict(self._connections)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        for thread in open_now.values():
            thread.join(max(0.0, deadline - time.monotonic()))
        self.server_close()


def bind_server(host: str, port: int, root: Path, state: PreviewState) -> PreviewServer:
    """Listen on host:port (0 = any free port); a port in use or a bad host is a UserError."""
    if not 0 <= port <= 65535:
        raise UserError("--port", f"expected a port number from 0 to 65535, found {port}")
    try:
        return PreviewServer((host, port), root, state)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UserError("--port", f"port {port} on {host} is already in use (is another server "
                            f"running?): stop it, or choose another port with --port, e.g. --port {port + 1} "
                            "(--port 0 picks a free one)") from None
        if exc.errno == errno.EACCES:
            raise UserError("--port", f"not allowed to listen on port {port}: ports below 1024 need "
                            "administrator rights; choose another port with --port, e.g. --port 8000"
                            ) from None
        raise UserError("--host", f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host "
                        "(default 127.0.0.1)") from None


class PreviewRequestHandler(BaseHTTPRequestHandler):
    """GET and HEAD for the preview folder, plus the event stream at livereload.EVENTS_PATH."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "newsgen-preview"
    timeout = IDLE_CONNECTION_SECONDS
    # Headers and body go out in separate writes; with Nagle's algorithm the body of a small file then
    # waits for the browser's delayed ACK (~40 ms per request on Linux), which makes every reload slow.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows rebuilds, not every request

    def _answer(self, head: bool) -> None:
        refused = self._refused_host()  # first: not even the event stream for a foreign Host
        if refused:
            self._send_bytes(400, f"400 Bad Request: {refused}\n".encode(), "text/plain; charset=utf-8", head)
            return
        # Read the state before the file: the page is then at least as new as the epoch it is tagged with,
        # so a build finishing meanwhile can only cause one extra reload, never a missed one.
        snapshot = self.server.state.snapshot()
        path, _ = routes.split_target(self.path)
        if path == livereload.EVENTS_PATH:
            self._stream_events(head)
            return
        search = self.server.search_root
        in_index = search is not None and path.startswith(snapshot.base_path + urls.SEARCH_INDEX)
        found = routes.route(search if in_index and search else self.server.root, snapshot.base_path, self.path)
        if found.kind == routes.FILE and found.file is not None:
            self._send_file(200, found.file, head, snapshot)
        elif found.kind == routes.REDIRECT and found.location is not None:
            self._send_bytes(301, b"", "text/plain; charset=utf-8", head, location=found.location)
        elif found.kind == routes.BAD_REQUEST:
            self._send_bytes(400, f"400 Bad Request: {found.reason}\n".encode(), "text/plain; charset=utf-8",
                             head)
        else:
            self._send_not_found(head, snapshot)

    def _refused_host(self) -> str:
        """Why this request's Host is refused ('' if it names this computer): no DNS-rebound pages."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            return "more than one Host header"
        if not hosts:
            # HTTP/1.0 clients (scripts, curl -0) may leave it out; browsers never do, so no web page gets in
            return "" if self.request_version == "HTTP/1.0" else "no Host header (HTTP/1.1 requires one)"
        if self.server.allowed_hosts.allows(hosts[0]):
            return ""
        return (f"Host {hosts[0]!r} is not this computer: the preview answers only requests addressed to "
                "localhost, 127.0.0.1, [::1] or the --host address (this keeps other web sites from reading "
                "it); open the address `newsgen serve` printed")

    def _send_not_found(self, head: bool, snapshot: Snapshot) -> None:
        page = self.server.root / NOT_FOUND_PAGE
        try:
            data = page.read_bytes()
        except OSError:
            data = FALLBACK_404
        self._send_html(404, data, head, snapshot)

    def _send_file(self, status: int, file: Path, head: bool, snapshot: Snapshot) -> None:
        try:
            handle = open(file, "rb")  # noqa: SIM115 (closed below; streamed for big files)
        except OSError:
            self._send_not_found(head, snapshot)
            return
        with handle:
            start = handle.read(1024)
            kind = content_type(file, start)
            if kind.startswith("text/html"):
                self._send_html(status, start + handle.read(), head, snapshot)
                return
            size = os.fstat(handle.fileno()).st_size
            self._headers(status, kind, size)
            if not head:
                self.wfile.write(start)
                shutil.copyfileobj(handle, self.wfile)

    def _send_html(self, status: int, data: bytes, head: bool, snapshot: Snapshot) -> None:
        body = livereload.inject(data, self.server.state.session, snapshot.epoch)
        self._send_bytes(status, body, "text/html; charset=utf-8", head)

    def _send_bytes(self, status: int, body: bytes, kind: str, head: bool,
                    location: str | None = None) -> None:
        self._headers(status, kind, len(body), location)
        if not head:
            self.wfile.write(body)

    def _headers(self, status: int, kind: str, length: int, location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if location is not None:
            self.send_header("Location", location)
        self.end_headers()

    def _stream_events(self, head: bool) -> None:
        """Server-Sent Events: the current state at once, then every new one; ends when the server stops."""
        self.close_connection = True  # the stream has no length: it ends with the connection
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        if head:
            return
        state = self.server.state
        try:
            self.wfile.write(b"retry: 500\n\n")
            seen = -1
            while True:
                snapshot = state.wait_for_update(seen, KEEPALIVE_SECONDS)
                if snapshot is None:
                    return
                if snapshot.version == seen:
                    self.wfile.write(b": keep-alive\n\n")  # also finds out when the browser has gone
                    continue
                seen = snapshot.version
                message = json.dumps({"session": state.session, **snapshot.as_json()})
                self.wfile.write(f"data: {message}\n\n".encode())
        except (ConnectionError, TimeoutError, OSError):
            return
