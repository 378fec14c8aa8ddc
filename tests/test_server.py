"""`newsgen serve`: path containment, and a real server on a free port exercised over HTTP.

Requests with unusual paths go through a raw socket, so no client library normalises them first.
Servers run in this process (fast, and their state is at hand) except where the command line itself
is under test (a port in use, SIGTERM and Ctrl-C).
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsgen.build import BuildOptions, BuildReport, BuildState, build
from newsgen.core.errors import UserError
from newsgen.serve import routes
from newsgen.serve.hostnames import allowed_hosts
from newsgen.serve.livereload import EVENTS_PATH, SCRIPT_MARK, inject
from newsgen.serve.session import DevServer, ServeOptions, exposure

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
WAIT = 15.0  # seconds a test waits for a rebuild before failing; a rebuild takes ~0.1 s

FERRY = "content/2026/2026-11-20-ferry.md"
TRAM = "content/2026/2026-11-21-tram.md"
MARKET = "content/2026/2026-11-22-market.md"
FERRY_URL = "/2026/11/20/ferry/"
MARKET_URL = "/2026/11/22/market/"


def article_text(title: str, date: str, body: str, tags: str = "[harbour, transport]") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\nauthor: Mara Quist\n"
            f"summary: {title} summary.\n---\n\n{body}\n")


def write_small_site(root: Path, base_url: str = "https://example.org/") -> Path:
    """Three articles, the theme's templates and stylesheet, one static image."""
    (root / "content/2026").mkdir(parents=True)
    (root / "static/images").mkdir(parents=True)
    (root / "site.yaml").write_text(f"title: Test Times\nbase_url: {base_url}\ntimezone: UTC\n",
                                    encoding="utf-8")
    (root / FERRY).write_text(article_text("Ferry timetable changes", "2026-11-20T08:30:00Z",
                                           "The ferry runs later on Fridays."), encoding="utf-8")
    (root / TRAM).write_text(article_text("Tram line opens", "2026-11-21T09:00:00Z",
                                          "The new tram line opens on Monday.", tags="[transport]"),
                             encoding="utf-8")
    (root / MARKET).write_text(article_text("Winter market returns", "2026-11-22T10:00:00Z",
                                            "Stalls fill the harbour square.", tags="[harbour]"),
                               encoding="utf-8")
    (root / "static/images/dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n', encoding="utf-8")
    return root


# ====================================================================== HTTP helpers


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def raw_request(port: int, target: str | bytes, method: str = "GET",
                headers: bytes = b"Host: 127.0.0.1\r\n", version: bytes = b"HTTP/1.1") -> Response:
    """Send the request line exactly as given (no normalising, no quoting) and read the whole answer."""
    target_bytes = target if isinstance(target, bytes) else target.encode("latin-1")
    return raw_exchange(port, method.encode() + b" " + target_bytes + b" " + version + b"\r\n" + headers
                        + b"Connection: close\r\n\r\n")


def raw_exchange(port: int, request: bytes) -> Response:
    """Send `request` byte for byte on a fresh connection to 127.0.0.1 and parse the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Response(status, headers, body)


class EventStream:
    """A reader for the server's Server-Sent Events."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        self.conn.request("GET", EVENTS_PATH)
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type", "").startswith("text/event-stream")

    def next(self) -> dict:
        while True:
            line = self.response.fp.readline()
            if not line:
                raise EOFError("event stream ended")
            if line.startswith(b"data: "):
                return json.loads(line[6:])

    def wait_for(self, predicate: Callable[[dict], bool], timeout: float = WAIT) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self.next()
            if predicate(event):
                return event
        raise AssertionError("no matching event in time")

    def close(self) -> None:
        self.conn.close()


@dataclass
class Served:
    dev: DevServer
    site: Path
    out: io.StringIO
    err: io.StringIO

    @property
    def port(self) -> int:
        assert self.dev.server is not None
        return self.dev.server.server_port

    @property
    def root(self) -> Path:
        return self.dev.preview_dir

    def get(self, path: str, method: str = "GET", headers: bytes = b"Host: 127.0.0.1\r\n",
            version: bytes = b"HTTP/1.1") -> Response:
        return raw_request(self.port, path, method, headers, version)

    def wait_for_output(self, predicate: Callable[[str], bool], timeout: float = WAIT) -> list[str]:
        """The server's terminal lines once one matches: it prints one after each build is published."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.out.getvalue().splitlines()
            if any(predicate(line) for line in lines):
                return lines
            if time.monotonic() > deadline:
                raise AssertionError(f"no such line in {timeout} s:\n{self.out.getvalue()}\n{self.err.getvalue()}")
            time.sleep(0.05)

    def events(self) -> EventStream:
        return EventStream(self.port)

    def wait_for_page(self, path: str, predicate: Callable[[Response], bool],
                      timeout: float = WAIT) -> Response:
        deadline = time.monotonic() + timeout
        while True:
            response = self.get(path)
            if predicate(response):
                return response
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} did not change in {timeout} s; last: {response.status}\n"
                                     f"{self.out.getvalue()}\n{self.err.getvalue()}")
            time.sleep(0.05)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """serve(site=None, base_url=..., watch=True, build_site=None) -> a started dev server on a free port."""
    started: list[DevServer] = []

    def start(site: Path | None = None, base_url: str = "https://example.org/", watch: bool = True,
              build_site: Callable[[BuildOptions, BuildState], BuildReport] | None = None) -> Served:
        site = site or write_small_site(tmp_path / f"site{len(started)}", base_url)
        out, err = io.StringIO(), io.StringIO()
        dev = DevServer(ServeOptions(site_dir=site, now=lambda: NOW, port=0, watch=watch), out=out, err=err,
                        build_site=build_site)
        started.append(dev)
        dev.start()
        return Served(dev, site, out, err)

    yield start
    for dev in started:
        dev.stop()


# ====================================================================== containment (unit)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/ (served) beside secret.txt; root has a page, a folder, a hidden file and symlinks."""
    root = tmp_path / "root"
    (root / "tags/harbour").mkdir(parents=True)
    (root / "index.html").write_text("home", encoding="utf-8")
    (root / "tags/harbour/index.html").write_text("harbour", encoding="utf-8")
    (root / "style.css").write_text("body{}", encoding="utf-8")
    (root / ".newsgen-manifest.json").write_text("{}", encoding="utf-8")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("TOP-SECRET", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/index.html").write_text("TOP-SECRET", encoding="utf-8")
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "leakdir").symlink_to(tmp_path / "outside")
    (root / "alias.css").symlink_to(root / "style.css")  # a link that stays inside is fine
    (root / "tags/rel.txt").symlink_to("../../secret.txt")  # relative, from a sub-folder
    (root / "slash").symlink_to("/")
    (root / "chain1").symlink_to("chain2")  # inside, then out
    (root / "chain2").symlink_to(tmp_path / "secret.txt")
    (root / "loop1").symlink_to("loop2")
    (root / "loop2").symlink_to("loop1")
    return root


TRAVERSALS = [
    "/../secret.txt", "/../../secret.txt", "/tags/../../secret.txt", "/./../secret.txt",
    "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt",
    "/tags/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt", "/..%2Fsecret.txt", "/tags%2f..%2f..%2fsecret.txt", "/%2f..%2fsecret.txt",
    "/..\\secret.txt", "/tags\\..\\..\\secret.txt", "/%5c..%5csecret.txt", "/..%5Csecret.txt",
    "/index.html%00", "/%00../secret.txt", "/index.html\x00.css",
    "/%c0%ae%c0%ae/secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt",  # overlong UTF-8 dots
    "../secret.txt", "secret.txt", "http://127.0.0.1/../secret.txt",
    # reported by a hostile-user test, or thought of since
    "/tags/..", "/tags/%2e%2e", "/index.html/..", "/;/../secret.txt", "/.%00./secret.txt", "/..%00/secret.txt",
    "/%c0%2e%c0%2e/secret.txt", "/%c0%af..%c0%afsecret.txt", "/..%c0%afsecret.txt", "/%C0%AE%C0%AE%C0%AF",
    "/%ff/secret.txt", "/c:%5cwindows%5cwin.ini", "/%2e%2e%2fsecret.txt", "//127.0.0.1/../secret.txt",
    "*", "http://evil.example.com/", "HTTP://127.0.0.1/secret.txt", "http://127.0.0.1:1/leak.txt",
    "//evil.example.com/%2e%2e/secret.txt",
]
NOT_FOUND_PATHS = [
    "//secret.txt", "///etc/passwd", "/etc/passwd",
    "/%252e%252e/secret.txt",  # decoded once only: a literal '%2e%2e' folder that does not exist
    "/leak.txt", "/leakdir/", "/leakdir/index.html", "/.newsgen-manifest.json", "/empty/", "/style.css/",
    "/missing.html",
    # segments that only look like '..' (or are '..' on another system): plain names here, none exists
    "/..;/secret.txt", "/%2e%2e%3b/secret.txt", "/.../secret.txt", "/..%20/secret.txt", "/..%09/secret.txt",
    "/%u002e%u002e/secret.txt", "/%25%32%65%25%32%65/secret.txt", "/%%32%65%%32%65/secret.txt",
    "/%ef%bc%8e%ef%bc%8e/secret.txt", "/..%e2%88%95secret.txt", "/\xc0\xae\xc0\xae/secret.txt",
    "/C:/Windows/win.ini", "/secret.txt::$DATA", "/%2enewsgen-manifest.json", "/index.html/",
    # symlinks: relative from a sub-folder, to '/', a chain that leaves, a loop
    "/tags/rel.txt", "/slash/etc/passwd", "/slash/", "/chain1", "/loop1", "/loop1/",
    "/" + "a" * 300, "/" + "a/" * 2100 + "index.html",  # a name, and a path, too long for the file system
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_route_rejects_every_traversal_form_with_400(tree: Path, target: str) -> None:
    found = routes.route(tree, "/", target)
    assert found.kind == routes.BAD_REQUEST, found


@pytest.mark.parametrize("target", NOT_FOUND_PATHS)
def test_route_never_resolves_outside_the_root(tree: Path, target: str) -> None:
    found = routes.route(tree, "/", target)
    assert found.kind == routes.NOT_FOUND, found


def test_route_serves_files_folders_and_links_inside_the_root(tree: Path) -> None:
    assert routes.route(tree, "/", "/").file == (tree / "index.html").resolve()
    harbour = (tree / "tags/harbour/index.html").resolve()
    assert routes.route(tree, "/", "/tags/harbour/?page=2").file == harbour
    assert routes.route(tree, "/", "/style.css").file == (tree / "style.css").resolve()
    assert routes.route(tree, "/", "/./style.css").file == (tree / "style.css").resolve()
    assert routes.route(tree, "/", "/alias.css").kind == routes.FILE
    assert routes.route(tree, "/", "/%74ags/harbour/").kind == routes.FILE  # %74 = 't'


def test_route_redirects_folders_to_their_slash_form_keeping_the_query(tree: Path) -> None:
    assert routes.route(tree, "/", "/tags/harbour") == routes.Route(kind=routes.REDIRECT,
                                                                    location="/tags/harbour/")
    assert routes.route(tree, "/", "/tags?x=1").location == "/tags/?x=1"
    # never a scheme-relative '//host' Location (an open redirect)
    assert routes.route(tree, "/", "//tags").location == "/tags/"


def test_route_serves_a_site_under_its_base_path(tree: Path) -> None:
    assert routes.route(tree, "/news/", "/").location == "/news/"
    assert routes.route(tree, "/news/", "/news").location == "/news/"
    assert routes.route(tree, "/news/", "/news/").file == (tree / "index.html").resolve()
    assert routes.route(tree, "/news/", "/news/tags/harbour/").kind == routes.FILE
    assert routes.route(tree, "/news/", "/tags/harbour/").kind == routes.NOT_FOUND
    assert routes.route(tree, "/news/", "/news/../secret.txt").kind == routes.BAD_REQUEST
    assert routes.route(tree, "/news/", "/newsroom/").kind == routes.NOT_FOUND


def test_inject_puts_the_script_before_the_last_body_end() -> None:
    page = b"<html><body><p>x</p><!-- </body> in a comment --></body></html>"
    result = inject(page, "ab12", 3)
    assert result.index(SCRIPT_MARK.encode()) > result.index(b"in a comment")
    assert result.endswith(b"</script>\n</body></html>")
    assert b"epoch = 3" in result and b'"ab12"' in result
    assert inject(b"<p>fragment</p>", "ab12", 1).startswith(b"<p>fragment</p><script")


# ====================================================================== a real server


def test_serves_pages_with_html_type_no_store_and_the_reload_script(serve) -> None:
    s = serve()
    home = s.get("/")
    assert home.status == 200
    assert home.headers["content-type"] == "text/html; charset=utf-8"
    assert home.headers["cache-control"] == "no-store"
    assert int(home.headers["content-length"]) == len(home.body)
    assert "Ferry timetable changes" in home.text and "Winter market returns" in home.text
    assert home.text.count(SCRIPT_MARK) == 1 and EVENTS_PATH in home.text
    article = s.get(FERRY_URL)
    assert article.status == 200 and "The ferry runs later on Fridays." in article.text
    # links point at the local server, keeping every page reachable
    assert f'href="http://127.0.0.1:{s.port}{FERRY_URL}"' in article.text  # canonical


def test_content_types_of_stylesheets_images_and_feeds(serve) -> None:
    s = serve()
    expected = {
        "/css/newsgen.css": "text/css; charset=utf-8",
        "/images/dot.svg": "image/svg+xml",
        "/favicon.svg": "image/svg+xml",
        "/feed.xml": "application/rss+xml",
        "/atom.xml": "application/atom+xml",
        "/sitemap.xml": "application/xml",
        "/tags/harbour/feed.xml": "application/rss+xml",
    }
    for path, kind in expected.items():
        response = s.get(path)
        assert response.status == 200, path
        assert response.headers["content-type"] == kind, path
        assert response.headers["cache-control"] == "no-store", path
        assert SCRIPT_MARK not in response.text, f"script injected into {path}"


def test_reload_script_is_never_written_to_disk(serve, tmp_path: Path) -> None:
    s = serve()
    assert s.get("/").status == 200
    for path in s.root.rglob("*"):
        if path.is_file():
            assert SCRIPT_MARK.encode() not in path.read_bytes(), path
    out = tmp_path / "built"
    build(BuildOptions(site_dir=s.site, now=NOW, output=out, progress=False))
    assert not any(SCRIPT_MARK.encode() in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_folder_without_slash_redirects_and_missing_pages_get_the_sites_404(serve) -> None:
    s = serve()
    redirect = s.get("/tags/harbour?sort=new")
    assert redirect.status == 301
    assert redirect.headers["location"] == "/tags/harbour/?sort=new"
    assert redirect.headers["cache-control"] == "no-store"
    missing = s.get("/2026/11/20/no-such-article/")
    assert missing.status == 404
    assert missing.headers["content-type"] == "text/html; charset=utf-8"
    assert missing.headers["cache-control"] == "no-store"
    assert missing.body.startswith((s.root / "404.html").read_bytes()[:200])  # the site's own 404 page
    assert SCRIPT_MARK in missing.text  # so it too reloads when the page appears


def test_head_sends_the_get_headers_without_a_body(serve) -> None:
    s = serve()
    for path in ("/", FERRY_URL, "/css/newsgen.css", "/feed.xml", "/missing/"):
        got, head = s.get(path), s.get(path, method="HEAD")
        assert head.status == got.status, path
        assert head.body == b"", path
        assert head.headers["content-length"] == got.headers["content-length"], path
        assert head.headers["content-type"] == got.headers["content-type"], path


@pytest.fixture(scope="module")
def exposed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server (no watching) whose site has secrets beside the preview root and symlinks out of it."""
    site = write_small_site(tmp_path_factory.mktemp("exposed") / "site")
    dev = DevServer(ServeOptions(site_dir=site, now=lambda: NOW, port=0), out=io.StringIO(),
                    err=io.StringIO())
    dev.start()
    (site / "secret.txt").write_text(SECRET, encoding="utf-8")  # beside the site config
    (dev.preview_dir.parent / "secret.txt").write_text(SECRET, encoding="utf-8")  # beside the preview root
    (dev.preview_dir / "leak.txt").symlink_to(site / "secret.txt")
    (dev.preview_dir / "leakdir").symlink_to(site)
    (dev.preview_dir / "tags/rel.txt").symlink_to("../../secret.txt")  # the one beside the preview root
    (dev.preview_dir / "slash").symlink_to("/")
    (dev.preview_dir / "chain1").symlink_to("chain2")
    (dev.preview_dir / "chain2").symlink_to(site / "secret.txt")
    (dev.preview_dir / "loop1").symlink_to("loop2")
    (dev.preview_dir / "loop2").symlink_to("loop1")
    yield Served(dev, site, io.StringIO(), io.StringIO())
    dev.stop()


SECRET = "TOP-SECRET-3f9a"


@pytest.mark.parametrize("target", [*TRAVERSALS, *NOT_FOUND_PATHS, "/leakdir/site.yaml",
                                    "/leakdir/secret.txt"])
def test_server_never_serves_a_file_outside_the_preview(exposed: Served, target: str) -> None:
    response = exposed.get(target)
    assert response.status in (400, 404), (target, response.status)
    assert SECRET not in response.text
    assert "base_url:" not in response.text  # site.yaml
    assert "root:" not in response.text  # /etc/passwd
    assert response.headers.get("cache-control") == "no-store"


def test_server_does_not_follow_symlinks_out_of_the_preview(exposed: Served) -> None:
    for path in ("/leak.txt", "/leakdir/site.yaml", "/leakdir/secret.txt", "/leakdir/", "/tags/rel.txt",
                 "/slash/etc/passwd", "/chain1", "/loop1"):
        response = exposed.get(path)
        assert response.status == 404, path
        assert "Page not found" in response.text  # the site's 404 page, not the linked file
    assert exposed.get("/").status == 200


# ====================================================================== the Host header (DNS rebinding)


def with_host(host: str) -> bytes:
    return f"Host: {host}\r\n".encode("latin-1")


FOREIGN_HOSTS = [
    "evil.example.com", "evil.example.com:{port}", "EVIL.example.com.", "127.0.0.1.evil.example.com",
    "localhost.evil.example.com", "localhostx", "notlocalhost", "example.com:{port}@127.0.0.1",
    "127.0.0.1:{port}.evil.example.com", "[::1].evil.example.com", "::1", "127.0.0.1:port", "127.0.0.1:{port}:1",
    "[::1", "", " ", "0.0.0.0", "192.0.2.1",
]
LOCAL_HOSTS = [
    "localhost", "LocalHost", "localhost.", "localhost:{port}", "localhost.:{port}", "127.0.0.1",
    "127.0.0.1:{port}", "[::1]", "[::1]:{port}", "preview.localhost:{port}", "127.0.0.1:",
]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
@pytest.mark.parametrize("target", ["/", FERRY_URL, "/css/newsgen.css", EVENTS_PATH, "/missing/"])
def test_a_request_for_another_host_name_is_refused(exposed: Served, host: str, target: str) -> None:
    # a page on evil.example.com whose DNS now says 127.0.0.1 must not read the preview
    response = exposed.get(target, headers=with_host(host.format(port=exposed.port)))
    assert response.status == 400, (host, target)
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Host" in response.text and "localhost" in response.text  # says why and what is answered
    assert "Ferry" not in response.text and SCRIPT_MARK not in response.text


@pytest.mark.parametrize("host", LOCAL_HOSTS)
def test_requests_naming_this_computer_are_answered(exposed: Served, host: str) -> None:
    response = exposed.get(FERRY_URL, headers=with_host(host.format(port=exposed.port)))
    assert response.status == 200, host
    assert "Ferry timetable changes" in response.text


def test_a_request_without_or_with_two_host_headers_is_refused(exposed: Served) -> None:
    assert exposed.get("/", headers=b"").status == 400  # HTTP/1.1 requires a Host header
    assert exposed.get(EVENTS_PATH, headers=b"").status == 400
    assert exposed.get("/", headers=with_host("127.0.0.1") + with_host("evil.example.com")).status == 400
    assert exposed.get("/", headers=with_host("evil.example.com") + with_host("127.0.0.1")).status == 400
    # an HTTP/1.0 client (curl -0, a script) may leave it out; browsers never do
    assert exposed.get("/", headers=b"", version=b"HTTP/1.0").status == 200
    assert exposed.get("/", headers=with_host("evil.example.com"), version=b"HTTP/1.0").status == 400


def test_the_event_stream_is_refused_to_another_host(exposed: Served) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", exposed.port, timeout=WAIT)
    try:
        conn.request("GET", EVENTS_PATH, headers={"Host": "evil.example.com"})
        response = conn.getresponse()
        assert response.status == 400
        assert not response.getheader("Content-Type", "").startswith("text/event-stream")
        assert b"data:" not in response.read()
    finally:
        conn.close()


def test_the_host_given_with_host_is_answered_too() -> None:
    named = allowed_hosts("preview.lan", "192.0.2.7")
    assert named.allows("preview.lan:8000") and named.allows("PREVIEW.LAN.") and named.allows("192.0.2.7")
    assert named.allows("localhost:8000") and named.allows("[::1]:8000")
    assert not named.allows("192.0.2.8") and not named.allows("other.lan") and not named.allows(None)
    six = allowed_hosts("2001:db8::7", "2001:db8::7")
    assert six.allows("[2001:DB8::7]:8000") and not six.allows("[2001:db8::8]:8000")
    local = allowed_hosts("127.0.0.1", "127.0.0.1")
    if not socket.gethostname().lower().startswith("localhost"):
        assert not local.allows(socket.gethostname())  # the machine's own name only when listening on it


@pytest.mark.parametrize("wildcard", ["0.0.0.0", "::"])
def test_listening_on_every_interface_answers_the_machines_own_names(wildcard: str) -> None:
    hosts = allowed_hosts(wildcard, wildcard)
    hostname = socket.gethostname()
    assert hosts.allows(hostname) and hosts.allows(f"{hostname.upper()}:8000")
    assert hosts.allows(f"{hostname.split('.')[0]}.local")  # its mDNS name
    assert hosts.allows("localhost") and hosts.allows("127.0.0.1:8000")
    assert not hosts.allows("evil.example.com") and not hosts.allows(f"{hostname}.evil.example.com")
    assert not hosts.allows(wildcard) and not hosts.allows(f"[{wildcard}]")


@pytest.mark.skipif(shutil.which("ip") is None, reason="needs `ip` (Linux) to list the interfaces")
def test_listening_on_every_interface_answers_every_address_of_this_machine() -> None:
    listed = subprocess.run(["ip", "-o", "addr"], capture_output=True, text=True, check=True).stdout
    addresses = re.findall(r"\binet6? ([0-9a-f.:]+)/", listed)
    assert "127.0.0.1" in addresses
    hosts = allowed_hosts("0.0.0.0", "0.0.0.0")
    for address in addresses:
        host = f"[{address}]" if ":" in address else address
        assert hosts.allows(f"{host}:8000"), address


@pytest.mark.parametrize("request_bytes", [
    b"GET /../leak.txt\r\n\r\n",  # HTTP/0.9: no headers at all
    b"GET /leak.txt\r\n\r\n",
    b"GET /..\t/secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",  # a tab splits the request line
    b"GET / ../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET http://127.0.0.1/leak.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET /leak.txt HTTP/1.1\r\nHost: 127.0.0.1/../secret.txt\r\n\r\n",
    b"GET /leakdir/secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Original-URL: /secret.txt\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n",
])
def test_malformed_requests_never_get_a_file_from_outside(exposed: Served, request_bytes: bytes) -> None:
    with socket.create_connection(("127.0.0.1", exposed.port), timeout=10) as sock:
        sock.sendall(request_bytes)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert SECRET.encode() not in data and b"base_url:" not in data
    status_line = data.split(b"\r\n", 1)[0]
    if status_line.startswith(b"HTTP/"):
        assert int(status_line.split()[1]) in (400, 404, 501), status_line
    else:  # an HTTP/0.9 answer has no status line: it is the error text itself
        assert data.startswith(b"400 Bad Request"), data[:200]


def test_rebuilds_after_an_edit_and_tells_the_browser(serve) -> None:
    s = serve()
    stream = s.events()
    try:
        first = stream.next()
        assert first["errors"] == [] and first["epoch"] >= 1
        path = s.site / FERRY
        path.write_text(path.read_text(encoding="utf-8").replace(
            "The ferry runs later on Fridays.", "The ferry now sails until midnight."), encoding="utf-8")
        event = stream.wait_for(lambda e: e["epoch"] > first["epoch"])
        assert event["errors"] == []
        assert event["css_since"] == event["epoch"]  # not a stylesheet-only change: reload
        page = s.get(FERRY_URL)
        assert "The ferry now sails until midnight." in page.text
        assert f"epoch = {event['epoch']}" in page.text
    finally:
        stream.close()
    assert re.search(r"content/2026/2026-11-20-ferry\.md changed: \d+ files? written", s.out.getvalue())
    assert not (s.site / "public").exists()  # serve never touches the deploy output


def test_a_broken_edit_shows_errors_keeps_the_last_good_page_and_recovers(serve) -> None:
    s = serve()
    stream = s.events()
    try:
        good = stream.next()
        path = s.site / FERRY
        original = path.read_text(encoding="utf-8")
        path.write_text(original.replace("title: Ferry timetable changes", "title: [unclosed"),
                        encoding="utf-8")
        broken = stream.wait_for(lambda e: bool(e["errors"]))
        assert broken["epoch"] == good["epoch"]  # nothing new to load
        assert any(re.match(r"content/2026/2026-11-20-ferry\.md:\d+: ", e) for e in broken["errors"]), broken
        page = s.get(FERRY_URL)  # the last good page, at once
        assert page.status == 200 and "Ferry timetable changes" in page.text
        assert "build failed" in s.err.getvalue() and "content/2026/2026-11-20-ferry.md:" in s.err.getvalue()

        path.write_text(original.replace("Ferry timetable changes", "Ferry timetable fixed"),
                        encoding="utf-8")
        fixed = stream.wait_for(lambda e: not e["errors"])
        assert fixed["epoch"] > good["epoch"]
        assert "Ferry timetable fixed" in s.get(FERRY_URL).text
    finally:
        stream.close()


def test_a_broken_template_is_reported_with_its_line(serve) -> None:
    s = serve()
    stream = s.events()
    try:
        stream.next()
        (s.site / "templates").mkdir()
        (s.site / "templates/article.html").write_text('{% extends "base.html" %}\n{% block content %}\n'
                                                       "{{ page.article.title }\n{% endblock %}\n",
                                                       encoding="utf-8")
        broken = stream.wait_for(lambda e: bool(e["errors"]))
        assert any(e.startswith("templates/article.html:") for e in broken["errors"]), broken
        (s.site / "templates/article.html").unlink()
        stream.wait_for(lambda e: not e["errors"])
    finally:
        stream.close()


def test_a_deleted_article_gives_404_and_leaves_the_listings(serve) -> None:
    s = serve()
    assert s.get(MARKET_URL).status == 200
    (s.site / MARKET).unlink()
    s.wait_for_page(MARKET_URL, lambda r: r.status == 404)
    for listing in ("/", "/tags/harbour/", "/feed.xml", "/atom.xml"):
        assert "Winter market returns" not in s.get(listing).text, listing
    assert "Ferry timetable changes" in s.get("/").text


def test_a_new_article_appears_on_the_home_page(serve) -> None:
    s = serve()
    (s.site / "content/2026/2026-11-23-regatta.md").write_text(
        article_text("Regatta crowns new champions", "2026-11-23T10:00:00Z", "Twelve crews raced."),
        encoding="utf-8")
    s.wait_for_page("/", lambda r: "Regatta crowns new champions" in r.text)
    assert s.get("/2026/11/23/regatta/").status == 200


def test_a_stylesheet_change_is_announced_as_css_only(serve) -> None:
    s = serve()
    (s.site / "static/css").mkdir(parents=True)
    (s.site / "static/css/newsgen.css").write_text("body { color: black }\n", encoding="utf-8")
    stream = s.events()
    try:
        before = stream.wait_for(lambda e: True)
        if s.get("/css/newsgen.css").text != "body { color: black }\n":  # the new file's own rebuild
            before = stream.wait_for(lambda e: e["epoch"] > before["epoch"])
        (s.site / "static/css/newsgen.css").write_text("body { color: navy }\n", encoding="utf-8")
        after = stream.wait_for(lambda e: e["epoch"] > before["epoch"])
        assert after["css_since"] <= before["epoch"]  # a page from `before` may swap stylesheets in place
        assert s.get("/css/newsgen.css").text == "body { color: navy }\n"
    finally:
        stream.close()


EDITOR_TEMP_NAMES = (".2026-11-20-ferry.md.swp", "4913", "2026-11-20-ferry.md~", ".#2026-11-20-ferry.md",
                     "#2026-11-20-ferry.md#", "sedAbC123", "2026-11-20-ferry.md___jb_tmp___",
                     "2026-11-20-ferry.md___jb_old___", ".2026-11-20-ferry.md.kate-swp", ".goutputstream-Q3ZLX2",
                     "2026-11-20-ferry.md.tmp", "~$2026-11-20-ferry.md")


def test_editor_temp_files_do_not_trigger_a_rebuild(serve) -> None:
    s = serve()
    folder = s.site / "content/2026"
    for name in EDITOR_TEMP_NAMES:  # with front matter, as a half-saved article has
        (folder / name).write_text(article_text("Junk", "2026-11-20T08:30:00Z", "Junk."), encoding="utf-8")
    # Then a real save, the way `sed -i` saves: a temp file renamed over the article. Its events come after
    # the temp files', so a rebuild for a temp file would be printed before (or in) this save's line.
    (folder / "sedXy12Z9").write_text(article_text("Tram line opened", "2026-11-21T09:00:00Z", "Trams run."),
                                      encoding="utf-8")
    os.replace(folder / "sedXy12Z9", s.site / TRAM)
    lines = s.wait_for_output(lambda line: " changed" in line)
    rebuilds = [line for line in lines if " changed" in line]
    assert all(f"] {TRAM} changed: " in line for line in rebuilds), rebuilds
    home = s.get("/").text
    assert "Tram line opened" in home and "Junk" not in home


def gnu_sed() -> bool:
    sed = shutil.which("sed")
    return sed is not None and "GNU" in subprocess.run([sed, "--version"], capture_output=True, text=True,
                                                       check=False).stdout


@pytest.mark.skipif(not gnu_sed(), reason="needs GNU sed (its -i writes sedXXXXXX beside the file)")
def test_a_sed_in_place_edit_rebuilds_that_article_only(serve) -> None:
    s = serve()
    subprocess.run(["sed", "-i", "s/later on Fridays/until midnight/", s.site / FERRY], check=True)
    lines = s.wait_for_output(lambda line: " changed" in line)
    rebuilds = [line for line in lines if " changed" in line]
    assert all(f"] {FERRY} changed: " in line for line in rebuilds), rebuilds
    assert "until midnight" in s.get(FERRY_URL).text


def test_a_burst_of_saves_gives_one_rebuild(serve) -> None:
    s = serve()
    for rel in (FERRY, TRAM, MARKET):  # "save all"
        path = s.site / rel
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    s.wait_for_output(lambda line: "content/" in line)
    # a later save as a marker: once its rebuild is printed, any second rebuild of the burst would be too
    (s.site / "static/images/dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', encoding="utf-8")
    lines = s.wait_for_output(lambda line: "static/images/dot.svg" in line)
    content_rebuilds = [line for line in lines if "content/" in line]
    assert len(content_rebuilds) == 1, content_rebuilds
    assert "3 files changed (content)" in content_rebuilds[0]
    assert "One more line." in s.get(MARKET_URL).text


def test_an_edit_during_the_first_build_is_not_lost(serve) -> None:
    edited = threading.Event()

    def edit_while_building(options: BuildOptions, state: BuildState) -> BuildReport:
        report = build(options, state)  # the files are read: an edit now is newer than this build
        if not edited.is_set():
            edited.set()
            path = options.site_dir / FERRY
            path.write_text(path.read_text(encoding="utf-8").replace("later on Fridays", "edited meanwhile"),
                            encoding="utf-8")
            time.sleep(0.2)
        return report

    s = serve(build_site=edit_while_building)
    s.wait_for_page(FERRY_URL, lambda r: "edited meanwhile" in r.text)


def test_edits_during_a_build_are_not_lost(serve) -> None:
    building = threading.Event()

    def slow(options: BuildOptions, state: BuildState) -> BuildReport:
        report = build(options, state)
        building.set()
        time.sleep(0.4)  # the files were read; an edit now must cause another build
        return report

    s = serve(build_site=slow)
    building.clear()
    path = s.site / FERRY
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("later on Fridays", "first edit"), encoding="utf-8")
    assert building.wait(WAIT)
    path.write_text(original.replace("later on Fridays", "second edit"), encoding="utf-8")
    s.wait_for_page(FERRY_URL, lambda r: "second edit" in r.text)


def test_a_scheduled_article_appears_when_it_is_due_without_a_save(tmp_path: Path) -> None:
    site = write_small_site(tmp_path / "site")
    (site / "content/2026/2026-11-28-later.md").write_text(
        article_text("Scheduled story", "2026-11-28T12:00:01Z", "Out at one second past noon."), encoding="utf-8")
    clock = [NOW]
    dev = DevServer(ServeOptions(site_dir=site, now=lambda: clock[0], port=0, watch=True), out=io.StringIO(),
                    err=io.StringIO())
    dev.start()
    try:
        served = Served(dev, site, io.StringIO(), io.StringIO())
        assert "Scheduled story" not in served.get("/").text
        clock[0] = NOW + dt.timedelta(seconds=5)
        served.wait_for_page("/", lambda r: "Scheduled story" in r.text)
    finally:
        dev.stop()


def test_a_subpath_site_is_served_under_its_base_path(serve) -> None:
    s = serve(base_url="https://example.org/news/")
    root = s.get("/")
    assert root.status == 301 and root.headers["location"] == "/news/"
    assert s.get("/news").headers["location"] == "/news/"
    home = s.get("/news/")
    assert home.status == 200
    assert f'href="/news{FERRY_URL}"' in home.text
    assert 'href="/news/css/newsgen.css"' in home.text
    assert s.get(f"/news{FERRY_URL}").status == 200
    assert s.get("/news/css/newsgen.css").headers["content-type"] == "text/css; charset=utf-8"
    assert f"http://127.0.0.1:{s.port}/news/" in s.get("/news/feed.xml").text
    assert s.get(FERRY_URL).status == 404  # outside the base path
    missing = s.get("/news/nope/")
    assert missing.status == 404 and "Page not found" in missing.text
    assert s.dev.url == f"http://127.0.0.1:{s.port}/news/"


def test_public_folder_is_never_touched(serve) -> None:
    s = serve()
    assert s.get("/").status == 200
    assert not (s.site / "public").exists()
    assert s.root.is_relative_to(s.site / ".newsgen-preview")
    assert not (s.site / ".newsgen-schedule.json").exists()


# ====================================================================== the command line


def cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "newsgen.cli", *[str(a) for a in args]]


def test_a_port_in_use_is_a_clear_error_without_traceback(tmp_path: Path) -> None:
    site = write_small_site(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(cli("serve", "--site", site, "--port", port), capture_output=True, text=True,
                              timeout=60, check=False)
    assert proc.returncode == 1
    assert f"port {port}" in proc.stderr and "--port" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (site / ".newsgen-preview").exists()  # nothing built for a server that never started


def test_a_second_server_on_the_same_port_is_refused(serve, tmp_path: Path) -> None:
    first = serve(watch=False)
    other = write_small_site(tmp_path / "other")
    second = DevServer(ServeOptions(site_dir=other, now=lambda: NOW, port=first.port), out=io.StringIO(),
                       err=io.StringIO())
    with pytest.raises(UserError, match=rf"port {first.port} on 127\.0\.0\.1 is already in use.*--port"):
        second.start()
    assert first.get("/").status == 200


def start_cli_server(site: Path, *extra: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(cli("serve", "--site", site, "--port", "0", "--now", "2026-11-28T12:00", *extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        if match := re.search(r"Serving .* at http://127\.0\.0\.1:(\d+)/", line):
            return proc, int(match.group(1))
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise AssertionError(f"server did not start: {proc.stderr.read() if proc.stderr else ''}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_stop_the_server_within_a_second(tmp_path: Path, sig: signal.Signals) -> None:
    site = write_small_site(tmp_path / "site")
    proc, port = start_cli_server(site, "--watch")
    try:
        assert raw_request(port, "/").status == 200
        stream = EventStream(port)  # an open event stream must not keep it alive
        stream.next()
        started = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
        elapsed = time.monotonic() - started
        stream.close()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert elapsed < 1.0, f"took {elapsed:.2f} s to stop"
    assert "stopped" in out and "Traceback" not in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_serve_without_watch_builds_once_and_a_broken_site_exits_with_the_error(tmp_path: Path) -> None:
    site = write_small_site(tmp_path / "site")
    (site / FERRY).write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    proc = subprocess.run(cli("serve", "--site", site, "--port", "0"), capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 1
    located = re.search(r"^error: content/2026/2026-11-20-ferry\.md:\d+: ", proc.stderr, re.MULTILINE)
    assert located, proc.stderr
    assert proc.stderr.count("ferry.md:") == 1 and "Traceback" not in proc.stderr


def test_polling_watcher_rebuilds_after_an_edit(tmp_path: Path) -> None:
    site = write_small_site(tmp_path / "site")
    out, err = io.StringIO(), io.StringIO()
    dev = DevServer(ServeOptions(site_dir=site, now=lambda: NOW, port=0, watch=True, poll=True), out=out, err=err)
    dev.start()
    served = Served(dev, site, out, err)
    try:
        assert "polling" in dev.describe_watch()
        path = site / FERRY
        path.write_text(path.read_text(encoding="utf-8").replace(
            "The ferry runs later on Fridays.", "Polled change."), encoding="utf-8")
        served.wait_for_page(FERRY_URL, lambda page: "Polled change." in page.text)
    finally:
        dev.stop()


def test_open_asks_the_web_browser_to_show_the_site(tmp_path: Path, monkeypatch) -> None:
    from newsgen.serve import session

    site = write_small_site(tmp_path / "site")
    opened: list[str] = []

    def fake_open(url: str) -> bool:
        opened.append(url)
        signal.raise_signal(signal.SIGTERM)  # the user has seen the page: stop serving
        return True

    monkeypatch.setattr(session.webbrowser, "open", fake_open)
    code = session.run(ServeOptions(site_dir=site, now=lambda: NOW, port=0), open_browser=True, out=io.StringIO())
    assert code == 0
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")


def test_host_0000_says_it_listens_on_every_interface_and_warns(tmp_path: Path, monkeypatch) -> None:
    from newsgen.serve import session

    site = write_small_site(tmp_path / "site")
    seen: list[tuple[str, int, int]] = []

    def fake_open(url: str) -> bool:
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        mine = raw_request(port, "/", headers=with_host(f"{socket.gethostname()}:{port}"))
        evil = raw_request(port, "/", headers=with_host(f"evil.example.com:{port}"))
        seen.append((url, mine.status, evil.status))
        signal.raise_signal(signal.SIGTERM)
        return True

    monkeypatch.setattr(session.webbrowser, "open", fake_open)
    out, err = io.StringIO(), io.StringIO()
    options = ServeOptions(site_dir=site, now=lambda: NOW, host="0.0.0.0", port=0, drafts=True)
    assert session.run(options, open_browser=True, out=out, err=err) == 0
    [(url, mine, evil)] = seen
    assert url.startswith("http://127.0.0.1:")  # a URL that works from this computer
    assert (mine, evil) == (200, 400)  # the machine's own name is answered, a rebinding domain is not
    assert re.search(r"^  listening on all interfaces \(0\.0\.0\.0\), port \d+", out.getvalue(), re.MULTILINE)
    warning = [line for line in err.getvalue().splitlines() if line.startswith("warning [open-server]: ")]
    assert len(warning) == 1, err.getvalue()
    assert "--host 0.0.0.0" in warning[0] and "drafts included" in warning[0] and "visible" in warning[0]


@pytest.mark.parametrize(("host", "bound", "listening"), [
    ("::", "::", "  listening on all interfaces (::), port 8000"),
    ("192.0.2.7", "192.0.2.7", "  listening on 192.0.2.7 only (not on 127.0.0.1), port 8000"),
    ("preview.lan", "192.0.2.7", "  listening on 192.0.2.7 only (not on 127.0.0.1), port 8000"),
    ("2001:db8::7", "2001:db8::7", "  listening on 2001:db8::7 only (not on 127.0.0.1), port 8000"),
])
def test_a_host_beyond_this_computer_is_named_in_the_banner_with_a_warning(host: str, bound: str,
                                                                            listening: str) -> None:
    line, warning = exposure(host, bound, 8000, drafts=False)
    assert line.startswith(listening)
    assert f"with --host {host}," in warning and "visible" in warning and "127.0.0.1" in warning
    assert "drafts" not in warning
    assert "drafts included" in exposure(host, bound, 8000, drafts=True)[1]


@pytest.mark.parametrize(("host", "bound"), [("127.0.0.1", "127.0.0.1"), ("localhost", "127.0.0.1"),
                                             ("::1", "::1"), ("127.0.0.2", "127.0.0.2")])
def test_a_loopback_host_gets_no_warning(host: str, bound: str) -> None:
    assert exposure(host, bound, 8000, drafts=True) == ("", "")
