"""Checkers for sitemaps.org 0.9 sitemaps / sitemap indexes and Google News sitemaps."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

from lxml import etree

from ._common import is_http_url, parse_w3c, parse_xml, text_of, under_base

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_BYTES = 50 * 1024 * 1024  # sitemaps.org: 50MB uncompressed
MAX_URLS = 50_000
MAX_NEWS_URLS = 1_000
MAX_LOC_CHARS = 2_048
CHANGEFREQ = frozenset({"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"})

# After XML unescaping a loc must still be a valid URI: only RFC 3986 characters, '%' only as %XX.
# Anything else (spaces, non-ASCII, quotes, <>) means the generator forgot to percent-encode.
_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")

# ISO 639-1 two-letter codes; three-letter ISO 639-2/3 codes are only checked for shape.
_ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
    de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia
    id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt
    lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt
    qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to
    tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)


def _s(name: str) -> str:
    return f"{{{SITEMAP}}}{name}"


def _n(name: str) -> str:
    return f"{{{NEWS}}}{name}"


# =========================================================================== sitemaps.org


def check_sitemap(xml_bytes: bytes, *, base_url: str) -> list[str]:
    """Problems in a sitemap (<urlset>) or sitemap index (<sitemapindex>) document."""
    root, problems = _load(xml_bytes)
    if root is None:
        return problems
    if root.tag == _s("urlset"):
        return problems + _check_urlset(root, base_url, max_urls=MAX_URLS)
    if root.tag == _s("sitemapindex"):
        return problems + _check_index(root, base_url)
    return problems + [f"root element is {root.tag}, expected urlset or sitemapindex in {SITEMAP}"]


def _load(xml_bytes: bytes) -> tuple[etree._Element | None, list[str]]:
    """Parsed root plus size problems, or (None, problems) if it can't be parsed."""
    problems = []
    if len(xml_bytes) > MAX_BYTES:
        problems.append(f"file is {len(xml_bytes)} bytes, over the {MAX_BYTES}-byte limit")
    root, error = parse_xml(xml_bytes)
    if root is None:
        return None, problems + [error or "not well-formed XML"]
    return root, problems


def _check_urlset(root: etree._Element, base_url: str, *, max_urls: int) -> list[str]:
    urls = root.findall(_s("url"))
    problems = [] if len(urls) <= max_urls else [f"{len(urls)} <url> entries, limit is {max_urls}"]
    locs = []
    for index, url in enumerate(urls, start=1):
        where = f"url {index}"
        problems += _check_loc(url, where, base_url)
        locs.append(text_of(url.find(_s("loc"))))
        problems += _check_lastmod(url, where)
        problems += _check_changefreq_priority(url, where)
    return problems + _duplicate_locs(locs)


def _check_index(root: etree._Element, base_url: str) -> list[str]:
    sitemaps = root.findall(_s("sitemap"))
    count = len(sitemaps)
    problems = [] if count <= MAX_URLS else [f"{count} <sitemap> entries, limit is {MAX_URLS}"]
    for index, sitemap in enumerate(sitemaps, start=1):
        problems += _check_loc(sitemap, f"sitemap {index}", base_url)
        problems += _check_lastmod(sitemap, f"sitemap {index}")
    return problems + _duplicate_locs([text_of(s.find(_s("loc"))) for s in sitemaps])


def _check_loc(parent: etree._Element, where: str, base_url: str) -> list[str]:
    locs = parent.findall(_s("loc"))
    if len(locs) != 1:
        return [f"{where}: expected exactly one <loc>, found {len(locs)}"]
    # The spec forbids surrounding whitespace too, so don't strip before checking.
    loc = locs[0].text or ""
    if not _URI_CHARS.match(loc):
        return [f"{where}: loc {loc!r} is not properly escaped (spaces, non-ASCII or unsafe characters)"]
    if len(loc) >= MAX_LOC_CHARS:
        return [f"{where}: loc is {len(loc)} characters, must be under {MAX_LOC_CHARS}"]
    if not is_http_url(loc):
        return [f"{where}: loc {loc!r} is not an absolute http(s) URL"]
    # A sitemap may only list URLs at or below its own location, i.e. under the site's base URL.
    if not under_base(loc, base_url):
        return [f"{where}: loc {loc!r} is not under {base_url!r}"]
    return []


def _check_lastmod(parent: etree._Element, where: str) -> list[str]:
    lastmod = parent.find(_s("lastmod"))
    if lastmod is None or parse_w3c(text_of(lastmod)) is not None:
        return []
    return [f"{where}: lastmod {text_of(lastmod)!r} is not W3C Datetime (YYYY-MM-DD or full with zone)"]


def _check_changefreq_priority(url: etree._Element, where: str) -> list[str]:
    problems = []
    changefreq = url.find(_s("changefreq"))
    if changefreq is not None and text_of(changefreq) not in CHANGEFREQ:
        problems.append(f"{where}: changefreq {text_of(changefreq)!r} is not one of {sorted(CHANGEFREQ)}")
    priority = url.find(_s("priority"))
    if priority is not None and not re.fullmatch(r"(0(\.\d+)?|1(\.0+)?)", text_of(priority)):
        problems.append(f"{where}: priority {text_of(priority)!r} is not between 0.0 and 1.0")
    return problems


XHTML = "http://www.w3.org/1999/xhtml"
_HREFLANG = re.compile(r"^(x-default|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$")


def check_sitemap_alternates(xml_bytes: bytes, *, base_url: str) -> list[str]:
    """Problems with a sitemap's language alternates (`xhtml:link rel=alternate hreflang`), as Google reads
    them: a valid hreflang, an absolute href under the base URL, a URL that lists alternates lists itself,
    no language twice, x-default at most once, and every alternate names the same set back (both ways)."""
    root, problems = _load(xml_bytes)
    if root is None:
        return problems
    sets: dict[str, dict[str, str]] = {}
    for index, url in enumerate(root.findall(_s("url")), start=1):
        loc = text_of(url.find(_s("loc")))
        links = url.findall(f"{{{XHTML}}}link")
        found: dict[str, str] = {}
        for link in links:
            lang, href = link.get("hreflang") or "", link.get("href") or ""
            if link.get("rel") != "alternate":
                problems.append(f"url {index}: xhtml:link rel={link.get('rel')!r}, expected 'alternate'")
            if lang.split("-")[0] not in _ISO_639_1 | {"x"} or not _HREFLANG.match(lang):
                problems.append(f"url {index}: hreflang {lang!r} is not a language code or x-default")
            if not is_http_url(href) or not under_base(href, base_url):
                problems.append(f"url {index}: alternate {href!r} is not an absolute URL under {base_url!r}")
            if lang in found:
                problems.append(f"url {index}: hreflang {lang!r} given twice")
            found[lang] = href
        if found:
            if loc not in found.values():
                problems.append(f"url {index}: {loc} lists alternates but not itself")
            sets[loc] = found
    for loc, found in sets.items():
        for lang, href in found.items():
            if lang != "x-default" and href != loc and sets.get(href) != found:
                problems.append(f"{loc} names {href} ({lang}) as an alternate, which does not name the same "
                                "alternates back")
    return problems


def _duplicate_locs(locs: list[str]) -> list[str]:
    return [f"duplicate loc {loc!r} ({n} times)" for loc, n in Counter(locs).items() if loc and n > 1]


# =========================================================================== Google News


def check_news_sitemap(
    xml_bytes: bytes, *, base_url: str, now: datetime, max_age_hours: float = 48
) -> list[str]:
    """Problems in a Google News sitemap; articles must be published within max_age_hours before now."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware: publication dates carry offsets")
    root, problems = _load(xml_bytes)
    if root is None:
        return problems
    if root.tag != _s("urlset"):
        return problems + [f"root element is {root.tag}, expected {{{SITEMAP}}}urlset"]
    problems += _check_urlset(root, base_url, max_urls=MAX_NEWS_URLS)
    oldest = now - timedelta(hours=max_age_hours)
    for index, url in enumerate(root.findall(_s("url")), start=1):
        problems += _check_news(url, f"url {index}", oldest, now)
    return problems


def _check_news(url: etree._Element, where: str, oldest: datetime, now: datetime) -> list[str]:
    news = url.findall(_n("news"))
    if len(news) != 1:
        return [f"{where}: expected exactly one news:news, found {len(news)}"]
    problems = _check_publication(news[0].find(_n("publication")), where)
    problems += _check_publication_date(news[0].find(_n("publication_date")), where, oldest, now)
    if not text_of(news[0].find(_n("title"))):
        problems.append(f"{where}: news:title missing or empty")
    return problems


def _check_publication(publication: etree._Element | None, where: str) -> list[str]:
    if publication is None:
        return [f"{where}: news:publication missing"]
    problems = [] if text_of(publication.find(_n("name"))) else [f"{where}: news:name missing or empty"]
    language = text_of(publication.find(_n("language")))
    reason = _language_problem(language)
    return problems + ([f"{where}: news:language {language!r}: {reason}"] if reason else [])


def _language_problem(code: str) -> str | None:
    """Google wants an ISO 639 code (2 or 3 letters), except zh-cn / zh-tw for Chinese."""
    if code in ("zh-cn", "zh-tw"):
        return None
    if code == "zh":
        return "Chinese must be zh-cn (Simplified) or zh-tw (Traditional)"
    if re.fullmatch(r"[a-z]{3}", code) or code in _ISO_639_1:
        return None
    return "not a lower-case ISO 639 language code"


def _check_publication_date(
    el: etree._Element | None, where: str, oldest: datetime, now: datetime
) -> list[str]:
    if el is None:
        return [f"{where}: news:publication_date missing"]
    value = text_of(el)
    published = parse_w3c(value, require_time=True)
    if published is None:
        return [f"{where}: news:publication_date {value!r} is not a W3C date-time with timezone"]
    if published > now:
        return [f"{where}: news:publication_date {value!r} is in the future (now is {now.isoformat()})"]
    if published < oldest:
        return [f"{where}: news:publication_date {value!r} is stale (older than {oldest.isoformat()})"]
    return []
