"""The rules one `site.yaml` value must follow on its own: URLs, text, permalinks, folder names, numbers.

Each rule returns the problem as a message (what was expected, what was found, how to fix it) or None.
Rules that need the site folder on disk (a folder that is a file, folders inside each other) live in config.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PERMALINK_TOKENS = ("year", "month", "day", "slug", "section")
NAME_MAX = 255  # bytes in one file or folder name: the limit of ext4, APFS, NTFS and nearly every other
PATH_MAX = 1024  # characters in a folder setting; the pages inside need room within the OS's 4096

# Characters a URL may hold as written (RFC 3986 unreserved, reserved and '%'): anything else needs escaping.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_ZONE = re.compile(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*")
_HANDLE = re.compile(r"@?[A-Za-z0-9_]{1,15}")
_FORM_FIELD = re.compile(r"[A-Za-z0-9_.:\[\]-]+")


def _control_character(value: str) -> str | None:
    """A control character, lone surrogate or non-character in a URL or a folder name: none is ever meant."""
    for index, char in enumerate(value):
        code = ord(char)
        if unicodedata.category(char) in ("Cc", "Cs") or code in (0xFFFE, 0xFFFF):
            return (f"contains the control character U+{code:04X} at position {index + 1}: remove it "
                    "(YAML turns escapes such as \\0 or \\t in double quotes into such characters)")
    return None


def text_problem(value: str) -> str | None:
    """Free text (a title, a description) may hold anything UTF-8 can: feeds drop what XML cannot hold."""
    surrogate = next((index for index, char in enumerate(value) if 0xD800 <= ord(char) <= 0xDFFF), None)
    if surrogate is not None:
        return (f"contains a lone surrogate U+{ord(value[surrogate]):04X} at position {surrogate + 1}, which no "
                "file can hold: remove it")
    return None


def required_text_problem(value: str, what: str) -> str | None:
    if not value.strip():
        return f"must not be empty: {what}"
    return text_problem(value)


def whole_number_problem(value: int, *, low: int, high: int, what: str = "") -> str | None:
    if value < low:
        return f"must be {what} or more, found {value}" if what else f"must be at least {low}, found {value}"
    if value > high:
        return f"must be at most {high}, found {value}: more would make pages and feeds too big to load"
    return None


def url_problem(value: str, *, folder: bool) -> str | None:
    """Problem of an absolute http(s) URL; `folder`: a site's base URL (no query, ends with '/')."""
    problem = _url_characters(value)
    if problem:
        return problem
    example = "https://example.org/" if folder else "https://example.org/signup"
    try:
        url = urlsplit(value)
        port = url.port
    except ValueError as exc:  # an unclosed IPv6 bracket, a port that is not a number
        if "port" in str(exc).lower():
            return f"the port must be a number from 1 to 65535, found {value!r}"
        return f"expected an absolute http(s) URL such as {example}, found {value!r}"
    if url.scheme not in ("http", "https") or not url.netloc:
        return f"expected an absolute http(s) URL such as {example}, found {value!r}"
    if "@" in url.netloc:
        return (f"must not contain a user name or password (before '@'), found {value!r}: they would be "
                "published on every page")
    if url.netloc.endswith(":") or port == 0:
        return f"the port must be a number from 1 to 65535, found {value!r}"
    problem = _host_problem(url.hostname or "", url.netloc)
    if problem:
        return problem
    if folder:
        return _folder_url_problem(value, url.path)
    return None


def _url_characters(value: str) -> str | None:
    if value != value.strip():
        return f"has a space at the start or end, found {value!r}: write {value.strip()!r}"
    problem = _control_character(value)
    if problem:
        return problem
    if not value.isascii():
        return f"must be ASCII, found {value!r}: {_ascii_hint(value)}"
    if not _URL_CHARS.fullmatch(value):
        char = next(c for c in value if not _URL_CHARS.fullmatch(c))
        return (f"contains {char!r}, which a URL cannot hold as it is, found {value!r}: percent-encode it "
                f"({quote(char)})")
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return (f"has a '%' that is not followed by two hex digits, found {value!r}: write '%25' for a "
                "percent sign")
    return None


def _ascii_hint(value: str) -> str:
    """How to write a URL with non-ASCII characters: the host in its xn-- form, the rest percent-encoded."""
    try:
        url = urlsplit(value)
        netloc = (url.hostname or "").encode("idna").decode("ascii") + (f":{url.port}" if url.port else "")
    except (ValueError, UnicodeError):  # no host, a bad port, a name IDNA cannot encode
        return "write the host in its xn-- (punycode) form and percent-encode the rest"
    rest = quote(url.path, safe="/%") + (f"?{quote(url.query, safe='=&%')}" if url.query else "")
    return f"write {f'{url.scheme}://{netloc}{rest}'!r} (the host in its xn-- form, the path percent-encoded)"


def _host_problem(host: str, netloc: str) -> str | None:
    if "[" in netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"expected an IPv6 address between [ and ], found {netloc!r}"
        if not re.fullmatch(r"\[[^\]]*\](:[0-9]+)?", netloc):
            return f"expected [address] or [address]:port, found {netloc!r}"
        if "%" in host:
            return f"an IPv6 zone (after '%') cannot be part of a site's URL: {netloc!r}"
        return None
    labels = host.removesuffix(".").split(".")
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        return (f"expected a host name such as example.org (letters, digits and '-' between dots), found "
                f"{host!r}")
    return None


def _folder_url_problem(value: str, path: str) -> str | None:
    if "?" in value or "#" in value:
        return f"must not have a query or fragment, found {value!r}"
    if not path.endswith("/"):
        return f"must end with '/', e.g. {value + '/'!r}"
    segments = path.split("/")[1:-1]
    if any(unquote(segment) in ("", ".", "..") for segment in segments):
        return (f"its path {path!r} has an empty, '.' or '..' part: links would lead elsewhere; write the "
                "folder plainly, e.g. https://example.org/news/")
    return None


def language_problem(value: str) -> str | None:
    if len(value) > 35 or not _LANGUAGE.fullmatch(value):
        return f"expected a language code such as en or pt-BR, found {value!r}"
    return None


def zone_problem(value: str) -> str | None:
    message = f"unknown time zone {value!r}: use an IANA name such as Europe/London or UTC"
    if len(value) > 64 or not _ZONE.fullmatch(value):
        return message  # also keeps paths such as ../../etc/passwd away from the zoneinfo loader
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # ValueError: a tzdata file that is not a zone
        return message
    return None


def handle_problem(value: str) -> str | None:
    if value and not _HANDLE.fullmatch(value):
        return (f"expected an X/Twitter handle such as @harbourledger (up to 15 letters, digits or _), found "
                f"{value!r}")
    return None


def form_field_problem(value: str) -> str | None:
    if not _FORM_FIELD.fullmatch(value):
        return (f"field: expected an input name such as email (letters, digits, '_', '-', '.'), found "
                f"{value!r}")
    return None


def logo_problem(value: str) -> str | None:
    """A logo is a site path such as /images/logo.png or an absolute http(s) URL."""
    if not value:
        return None
    if value.startswith("//"):
        return f"write the full URL with https:, found {value!r}: search engines need an absolute address"
    if "://" in value:
        return url_problem(value, folder=False)
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", value)
    if scheme:  # javascript:, data:, mailto: ... would be a link that runs or goes nowhere
        return (f"expected a path such as /images/logo.png or an https:// URL, found a {scheme.group(1)}: URL "
                f"{value!r}")
    problem = _url_characters(value)
    if problem:
        return problem
    if any(unquote(part) in (".", "..") for part in value.split("?")[0].split("/")):
        return f"expected a path such as /images/logo.png without '.' or '..' parts, found {value!r}"
    return None


def folder_problem(value: str) -> str | None:
    """A folder setting the file system can hold: not empty, no control characters, names that fit."""
    if not value.strip():
        return "must name a folder, e.g. public"
    if value != value.strip():
        return f"has a space at the start or end, found {value!r}: write {value.strip()!r}"
    problem = _control_character(value)
    if problem:
        return problem
    if len(value) > PATH_MAX:
        return f"is {len(value)} characters long; use a path of at most {PATH_MAX}"
    for name in value.split("/"):
        size = len(name.encode("utf-8", "surrogatepass"))
        if size > NAME_MAX:
            return (f"the folder name {name[:24] + '...'!r} is {size} bytes long; file systems allow at most "
                    f"{NAME_MAX}: choose a shorter name")
    return None


def permalink_problem(pattern: str) -> str | None:
    tokens = re.findall(r"\{([^{}]*)\}", pattern)
    for token in tokens:
        if token not in PERMALINK_TOKENS:
            return f"unknown token {{{token}}}; use {', '.join('{' + t + '}' for t in PERMALINK_TOKENS)}"
    if "slug" not in tokens:
        return "must contain {slug}, or two articles would share one URL"
    if not pattern.startswith("/") or not pattern.endswith("/"):
        return f"must start and end with '/', found {pattern!r}"
    if re.search(r"[{}]", re.sub(r"\{[^{}]*\}", "", pattern)):
        return f"has a '{{' or '}}' that is not part of a token, found {pattern!r}"
    if re.search(r"[^A-Za-z0-9/{}_.~-]", pattern):
        return f"may contain only letters, digits, '/', '-', '_', '.', '~' and tokens, found {pattern!r}"
    return _permalink_segments_problem(pattern)


def _permalink_segments_problem(pattern: str) -> str | None:
    """Every page must land inside the output folder, in a folder the dev server and web hosts serve."""
    for segment in pattern[1:-1].split("/"):
        if not segment:
            return f"has an empty part ('//'), found {pattern!r}: write each folder between single slashes"
        if segment.startswith(".") or segment.endswith(".") or ".." in segment:
            return (f"the part {segment!r} of {pattern!r} starts or ends with '.' or holds '..': such a page "
                    "could land outside the output folder or in a hidden one; use letters, digits, '-' or "
                    "'_'")
        filled = re.sub(r"\{(year)\}", "0000", re.sub(r"\{(month|day)\}", "00", segment))
        if len(filled.encode()) > NAME_MAX - 64:  # room for the slug or section filled in
            return f"the part {segment[:24] + '...'!r} is too long for a folder name: shorten it"
    return None


IMAGE_KEYS = ("widths", "quality", "keep_metadata")
DEFAULT_WIDTHS = (480, 800, 1200, 1600)
DEFAULT_QUALITY = 80


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """The `images:` setting: the photo pipeline's widths, encoder quality and metadata choice."""

    widths: tuple[int, ...] = DEFAULT_WIDTHS
    quality: int = DEFAULT_QUALITY
    keep_metadata: bool = False


def image_settings(data: dict[str, Any]) -> tuple[ImageSettings, list[str]]:
    """The `images:` map, checked key by key; problems are messages for `images`."""
    problems: list[str] = []
    for key in data:
        if key not in IMAGE_KEYS:
            problems.append(f"unknown key {key!r}; known: {', '.join(IMAGE_KEYS)}")
    widths = data.get("widths", DEFAULT_WIDTHS)
    if not isinstance(widths, (list, tuple)) or not widths or not all(
            isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8000 for w in widths):
        problems.append(f"widths: expected a list of pixel widths from 16 to 8000 such as [480, 800, 1200], "
                        f"found {widths!r}")
        widths = DEFAULT_WIDTHS
    quality = data.get("quality", DEFAULT_QUALITY)
    if not isinstance(quality, int) or isinstance(quality, bool) or not 1 <= quality <= 100:
        problems.append(f"quality: expected a whole number from 1 to 100 (80 is a good default), found {quality!r}")
        quality = DEFAULT_QUALITY
    keep = data.get("keep_metadata", False)
    if not isinstance(keep, bool):
        problems.append(f"keep_metadata: expected true or false, found {keep!r}")
        keep = False
    return ImageSettings(widths=tuple(sorted(set(widths))), quality=quality, keep_metadata=keep), problems


EMBED_LOADS = ("click", "immediately")


@dataclass(frozen=True, slots=True)
class EmbedSettings:
    """The `embeds:` setting: whether third-party players load when the reader clicks (default) or at once."""

    load: str = "click"


def embed_settings(data: dict[str, Any]) -> tuple[EmbedSettings, list[str]]:
    """The `embeds:` map, checked key by key; problems are messages for `embeds`."""
    problems = [f"unknown key {key!r}; known: load" for key in data if key != "load"]
    load = data.get("load", "click")
    if load not in EMBED_LOADS:
        problems.append(f"load: expected `click` (a preview and a button, no request to the provider before it "
                        f"is pressed) or `immediately`, found {load!r}")
        load = "click"
    return EmbedSettings(load=load), problems
# `policies:` key -> the schema.org property of the publisher Organization it fills (see site.pages).
POLICY_PROPERTIES = {
    "ethics": "publishingPrinciples",
    "corrections": "correctionsPolicy",
    "diversity": "diversityPolicy",
    "diversity_staffing": "diversityStaffingReport",
    "ownership": "ownershipFundingInfo",
    "masthead": "masthead",
    "feedback": "actionableFeedbackPolicy",
    "verification": "verificationFactCheckingPolicy",
    "unnamed_sources": "unnamedSourcesPolicy",
    "mission": "missionCoveragePrioritiesPolicy",
    "contact": "contactPoint",
}


def policies_problem(value: dict[object, object]) -> str | None:
    """`policies: {ethics: policies/ethics}`: known keys, each naming a page (the pages are checked later)."""
    for key, name in value.items():
        if key not in POLICY_PROPERTIES:
            return (f"unknown policy {key!r}: expected one of {', '.join(POLICY_PROPERTIES)}, each naming a "
                    "page such as `ethics: policies/ethics`")
        if not isinstance(name, str) or not name.strip():
            return (f"{key}: expected the name of a page under content/pages/ such as policies/{key}, "
                    f"found {name!r}")
    return None
