"""Request target -> a file inside the served root, a redirect, 404 or 400. Never a file outside the root.

Every request path is decoded once, segment by segment, and rejected when a segment could step
outside the root or smuggle a separator: '..' (also as '%2e%2e'), encoded slashes ('%2f'),
backslashes, NUL bytes and invalid UTF-8 are a 400. What is left is joined under the root and the
real path (symlinks resolved) must still lie inside it, or the answer is 404. Hidden files
(the build manifest, temp files) are never served. Reads only file metadata.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

FILE = "file"
REDIRECT = "redirect"
NOT_FOUND = "not_found"
BAD_REQUEST = "bad_request"

INDEX = "index.html"
_FORBIDDEN_IN_SEGMENT = ("/", "\\", "\x00")


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """What to answer: a file to send, a Location to redirect to, or an error with its reason."""

    kind: str
    file: Path | None = None
    location: str | None = None
    reason: str = ""


def split_target(target: str) -> tuple[str, str]:
    """'/a/b?x=1#f' -> ('/a/b', 'x=1')."""
    target = target.split("#", 1)[0]
    path, _, query = target.partition("?")
    return path, query


def decode_segments(path: str) -> tuple[list[str], bool] | str:
    """The decoded non-empty segments of a URL path and whether it ends with '/'; a reason if unsafe."""
    if not path.startswith("/"):
        return "the path must start with '/'"
    if "\\" in path or "\x00" in path:
        return "backslashes and NUL bytes are not allowed in paths"
    segments = []
    for raw in path.split("/"):
        try:
            segment = unquote(raw, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            return "the path is not valid UTF-8"
        if any(char in segment for char in _FORBIDDEN_IN_SEGMENT):
            return "encoded slashes, backslashes and NUL bytes are not allowed in paths"
        if segment == "..":
            return "'..' is not allowed in paths"
        if segment in ("", "."):
            continue
        segments.append(segment)
    return segments, path.endswith("/")


def is_inside(root: str, candidate: str) -> bool:
    """True if the real path `candidate` is `root` or lies under it (both already resolved)."""
    return candidate == root or candidate.startswith(root.rstrip(os.sep) + os.sep)


def route(root: Path, base_path: str, target: str) -> Route:
    """Map a request target to a file under `root` for a site served at `base_path` ('/' or '/news/')."""
    path, query = split_target(target)
    decoded = decode_segments(path)
    if isinstance(decoded, str):
        return Route(kind=BAD_REQUEST, reason=decoded)
    segments, trailing = decoded
    base = [s for s in base_path.split("/") if s]
    if segments[: len(base)] != base:
        if base[: len(segments)] == segments:  # '/' or '/news' for a site at '/news/'
            return _redirect(base, [], query)
        return Route(kind=NOT_FOUND, reason="outside the site's base path")
    rel = segments[len(base):]
    if any(s.startswith(".") for s in rel):
        return Route(kind=NOT_FOUND, reason="hidden file")
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, *rel))
    if not is_inside(real_root, real):
        return Route(kind=NOT_FOUND, reason="resolves outside the served folder")
    if os.path.isdir(real):
        if not trailing:
            return _redirect(base, rel, query)
        return _file(real_root, os.path.join(real, INDEX))
    if trailing or not os.path.isfile(real):
        return Route(kind=NOT_FOUND, reason="no such file")
    return Route(kind=FILE, file=Path(real))


def _file(real_root: str, path: str) -> Route:
    real = os.path.realpath(path)
    if not is_inside(real_root, real) or not os.path.isfile(real):
        return Route(kind=NOT_FOUND, reason="no index.html in this folder")
    return Route(kind=FILE, file=Path(real))


def _redirect(base: list[str], rel: list[str], query: str) -> Route:
    """A Location from the decoded, checked segments (re-encoded): a local path, never '//host'."""
    location = "/" + "".join(quote(s, safe="") + "/" for s in [*base, *rel])
    query = quote(query, safe="%=&;+,/:@!$'()*~?")  # keep its encoding; drop nothing, escape control bytes
    return Route(kind=REDIRECT, location=location + (f"?{query}" if query else ""))
