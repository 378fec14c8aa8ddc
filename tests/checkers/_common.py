"""Helpers shared by the feed and sitemap checkers: URL tests, date parsing, XML loading."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import urlsplit

from lxml import etree

# Schemes a feed reader can follow without knowing where the feed came from.
_ABSOLUTE_IN_CONTENT = ("http://", "https://", "mailto:")
# Generic "scheme:" prefix (RFC 3986 section 3.1), used to tell IRIs from relative references.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# RFC 4151 tag URI: tag:authority,date:specific (specific may be empty).
_TAG_URI = re.compile(r"^tag:[^,\s]+,\d{4}(-\d{2}(-\d{2})?)?:\S*$")


# --------------------------------------------------------------------------- URLs


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host; relative and protocol-relative refs are not."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)


def is_iri(value: str) -> bool:
    """Absolute IRI (has a scheme, no whitespace); tag: URIs must also follow RFC 4151's shape."""
    if not value or any(c.isspace() for c in value) or not _SCHEME.match(value):
        return False
    if value.lower().startswith("tag:"):
        return bool(_TAG_URI.match(value))
    if value.lower().startswith(("http:", "https:")):
        return is_http_url(value)
    return True


def same_origin(url: str, base_url: str) -> bool:
    """Scheme and host (with port) match; compares parsed parts so example.org.evil.com can't pass."""
    a, b = urlsplit(url), urlsplit(base_url)
    return (a.scheme.lower(), a.netloc.lower()) == (b.scheme.lower(), b.netloc.lower())


def under_base(url: str, base_url: str) -> bool:
    """Same origin and the path is inside base_url's path (directory semantics, so /news != /newsletter)."""
    if not same_origin(url, base_url):
        return False
    base_path = urlsplit(base_url).path or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    path = urlsplit(url).path or "/"
    return path == base_path.rstrip("/") or path.startswith(base_path)


def check_origin(url: str, base_url: str, what: str) -> list[str]:
    """Problems for a URL that must be an absolute http(s) URL on the site's own origin."""
    if not url:
        return [f"{what}: missing"]
    if not is_http_url(url):
        return [f"{what}: not an absolute http(s) URL: {url!r}"]
    if not same_origin(url, base_url):
        return [f"{what}: {url!r} is not on the site origin of {base_url!r}"]
    return []


# --------------------------------------------------------------------------- HTML in feeds


class _UrlAttrCollector(HTMLParser):
    """Collects (tag, attribute, value) for every URL-bearing attribute in an HTML fragment."""

    URL_ATTRS = frozenset({"href", "src", "srcset", "poster"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self.URL_ATTRS:
                self.found.append((tag, name, value or ""))

    handle_startendtag = handle_starttag


def srcset_urls(value: str) -> list[str]:
    """URLs of a srcset: candidates are "URL [descriptors]" separated by commas.

    A URL may itself contain commas, so (as the HTML spec's parser does) take the run of
    non-space characters as the URL; trailing commas end the candidate without descriptors.
    """
    urls: list[str] = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            # Skip descriptors ("2x", "480w") up to the next separating comma.
            while pos < n and value[pos] != ",":
                pos += 1
        if url:
            urls.append(url)
    return urls


def html_url_values(html: str) -> list[tuple[str, str, str]]:
    """Every (tag, attr, url) in an HTML fragment, with srcset split into its candidate URLs."""
    parser = _UrlAttrCollector()
    parser.feed(html)
    parser.close()
    result: list[tuple[str, str, str]] = []
    for tag, attr, value in parser.found:
        values = srcset_urls(value) if attr == "srcset" else [value.strip()]
        result.extend((tag, attr, v) for v in values)
    return result


def check_html_urls_absolute(html: str, what: str) -> list[str]:
    """Feed readers show content out of the site's context, so relative URLs (and bare #fragments) break."""
    problems = []
    for tag, attr, url in html_url_values(html):
        if not url.lower().startswith(_ABSOLUTE_IN_CONTENT) or (
            url.lower().startswith(("http://", "https://")) and not is_http_url(url)
        ):
            problems.append(f"{what}: <{tag} {attr}={url!r}> is not an absolute URL")
    return problems


# --------------------------------------------------------------------------- dates

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Strict profile of RFC 822 (as amended by RFC 1123): weekday, 4-digit year, seconds, and
# only a numeric offset or GMT -- the other named zones are obsolete and ambiguous.
_RFC822 = re.compile(
    r"^(?P<wd>[A-Z][a-z]{2}), (?P<d>\d{1,2}) (?P<mon>[A-Z][a-z]{2}) (?P<y>\d{4}) "
    r"(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2}) (?P<tz>[+-]\d{4}|GMT)$"
)
# RFC 3339 date-time; Atom (RFC 4287 3.3) requires upper-case T and Z, and we hold all feeds to that.
_RFC3339 = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})T(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2})(?P<frac>\.\d+)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})$"
)
# W3C Datetime (NOTE-datetime) as sitemaps use it: a date, or date + hh:mm[:ss[.s]] + zone designator.
_W3C = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?P<frac>\.\d+)?)?(?P<tz>Z|[+-]\d{2}:\d{2}))?$"
)


def _offset(tz: str) -> timezone | None:
    """'Z'/'GMT'/'+hh:mm'/'+hhmm' to a timezone, or None when hours/minutes are out of range."""
    if tz in ("Z", "GMT"):
        return timezone.utc
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(y: str, mo: int, d: str, hh: str, mm: str, ss: str | None, tz: timezone) -> datetime | None:
    """datetime from parts, or None if any field is out of range (Feb 30, 25:00 ...)."""
    second = int(ss or 0)
    # Leap seconds are legal in RFC 3339; datetime can't hold them, so validate as :59.
    second = 59 if second == 60 else second
    try:
        return datetime(int(y), mo, int(d), int(hh), int(mm), second, tzinfo=tz)
    except ValueError:
        return None


def parse_rfc822(value: str) -> tuple[datetime | None, str | None]:
    """(datetime, None) for a valid RFC 822 date, else (None, reason)."""
    m = _RFC822.match(value)
    if not m:
        return None, "not an RFC 822 date like 'Fri, 20 Nov 2026 08:30:00 +0100'"
    if m["wd"] not in _DAYS or m["mon"] not in _MONTHS:
        return None, "unknown weekday or month name"
    tz = _offset(m["tz"])
    month = _MONTHS.index(m["mon"]) + 1
    dt = None if tz is None else _build(m["y"], month, m["d"], m["H"], m["M"], m["S"], tz)
    if dt is None:
        return None, "date or time field out of range"
    if _DAYS[dt.weekday()] != m["wd"]:
        return None, f"weekday {m['wd']} does not match the date (it is a {_DAYS[dt.weekday()]})"
    return dt, None


def parse_rfc3339(value: str) -> datetime | None:
    """Aware datetime for an RFC 3339 date-time with an explicit offset or Z, else None."""
    m = _RFC3339.match(value)
    if not m:
        return None
    tz = _offset(m["tz"])
    return None if tz is None else _build(m["y"], int(m["m"]), m["d"], m["H"], m["M"], m["S"], tz)


def parse_w3c(value: str, *, require_time: bool = False) -> datetime | None:
    """Datetime for W3C Datetime YYYY-MM-DD or full date-time with zone; date-only counts as UTC midnight."""
    m = _W3C.match(value)
    if not m or (require_time and m["H"] is None):
        return None
    if m["H"] is None:
        return _build(m["y"], int(m["m"]), m["d"], "0", "0", None, timezone.utc)
    tz = _offset(m["tz"])
    return None if tz is None else _build(m["y"], int(m["m"]), m["d"], m["H"], m["M"], m["S"], tz)


# --------------------------------------------------------------------------- XML


def parse_xml(data: bytes) -> tuple[etree._Element | None, str | None]:
    """(root, None) or (None, problem). Entities and network are off: generated output needs neither."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser), None
    except etree.XMLSyntaxError as exc:
        return None, f"not well-formed XML: {exc}"


def text_of(el: etree._Element | None) -> str:
    """Stripped text content of an element (all descendants), '' for a missing element."""
    return "" if el is None else "".join(el.itertext()).strip()
