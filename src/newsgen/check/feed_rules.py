"""Checks of a built site's feeds, sitemaps and robots.txt: well-formed, absolute URLs, every URL resolves.

Feed readers and search engines fetch these files without a page around them, so every URL in them must
be absolute; the ones that point into the site must lead to a file the build made.
"""

from __future__ import annotations

import email.utils
import json
import re
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import SplitResult, urlsplit

from .links import Collector, SiteFiles
from .page_scan import scan_html

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP_MAX_URLS = 50_000
FEED_NAMES = ("feed.xml", "atom.xml", "feed.json")
_W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def feed_files(site: SiteFiles) -> list[str]:
    return sorted(rel for rel in site.files if rel.rsplit("/", 1)[-1] in FEED_NAMES)


def sitemap_files(site: SiteFiles) -> list[str]:
    return sorted(rel for rel in site.files if "/" not in rel and re.fullmatch(r"(news-)?sitemap(-\d+)?\.xml", rel))


def check_feeds_and_sitemaps(site: SiteFiles, base_url: str, collector: Collector) -> int:
    """Check every feed, sitemap and robots.txt into `collector`; return how many files were checked."""
    checked = 0
    for rel in feed_files(site):
        checker = _Feed(site, base_url, collector, rel)
        if rel.endswith(".json"):
            checker.json_feed()
        else:
            checker.xml_feed()
        checked += 1
    for rel in sitemap_files(site):
        _Sitemap(site, base_url, collector, rel).check()
        checked += 1
    if "robots.txt" in site.files:
        _robots(site, base_url, collector)
        checked += 1
    return checked



def _split(url: str) -> SplitResult | None:
    """The parts of `url`, or None when urlsplit refuses it (an unclosed `[` in the host: `http://[::1`)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None

class _Checker:
    def __init__(self, site: SiteFiles, base_url: str, collector: Collector, rel: str):
        self.site, self.base_url, self.collector, self.rel = site, base_url, collector, rel

    def fail(self, message: str) -> None:
        self.collector.add_at(self.rel, None, message)

    def xml(self) -> ET.Element | None:
        try:
            return ET.fromstring(self.site.read(self.rel))
        except ET.ParseError as exc:
            line = exc.position[0] if exc.position else None
            self.collector.add_at(self.rel, line, f"not well-formed XML: {exc}")
            return None

    def absolute(self, url: str | None, what: str, origin: str | None = None) -> str:
        """Check that `url` is an absolute http(s) URL and, if it is this site's, that it resolves.

        Returns the output file it leads to ('' for none), so an item's content can be traced to its article.
        """
        if not url or not url.strip():
            self.fail(f"{what} is missing")
            return ""
        url = url.strip()
        parts = _split(url)
        if parts is None:
            self.collector.add(self.rel, None, url, f"{what} {{url}} is not a valid URL", origin)
            return ""
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.collector.add(self.rel, None, url, f"{what} {url} is not an absolute URL: feed readers and search "
                               "engines need https://...", origin)
            return ""
        target = self.collector.check(self.rel, None, url, self.base_url, self.base_url, origin=origin)
        return target.rel if target.kind == "internal" else ""

    def content(self, markup: str | None, what: str, origin: str) -> None:
        """Every URL in an HTML fragment of the feed must be absolute (readers have no page to resolve it)."""
        if not markup:
            return
        for link in scan_html(markup).links:
            if link.url.lower().startswith(("mailto:", "tel:", "data:")):
                continue
            parts = _split(link.url)
            if parts is not None and not parts.scheme:
                self.collector.add(self.rel, None, link.url, f"relative URL {link.url} in {what}: feed readers "
                                   "cannot resolve it; newsgen makes URLs absolute, so it comes from a template",
                                   origin)
                continue
            self.collector.check(self.rel, None, link.url, self.base_url, self.base_url, origin=origin)


class _Feed(_Checker):
    def xml_feed(self) -> None:
        root = self.xml()
        if root is None:
            return
        if root.tag == "rss":
            self.rss(root)
        elif root.tag == f"{ATOM}feed":
            self.atom(root)
        else:
            self.fail(f"expected an RSS <rss> or Atom <feed> document, found <{root.tag}>")

    def rss(self, root: ET.Element) -> None:
        channel = root.find("channel")
        if root.get("version") != "2.0" or channel is None:
            self.fail("expected <rss version=\"2.0\"> with a <channel>")
            return
        for name in ("title", "description"):
            if channel.find(name) is None:
                self.fail(f"the channel has no <{name}>")
        self.absolute(channel.findtext("link"), "the channel <link>")
        self._self_link(channel.find(f"{ATOM}link[@rel='self']"))
        for number, item in enumerate(channel.findall("item"), 1):
            what = f"item {number}"
            if item.find("title") is None and item.find("description") is None:
                self.fail(f"{what} has neither <title> nor <description>")
            page = self.absolute(item.findtext("link"), f"{what} <link>")
            guid = item.find("guid")
            if guid is not None and guid.get("isPermaLink", "true") != "false":
                self.absolute(guid.text, f"{what} <guid>", page)
            date = item.findtext("pubDate")
            if date is not None and not _rfc822(date):
                self.fail(f"{what} <pubDate> {date!r} is not an RFC 822 date such as 'Fri, 20 Nov 2026 08:30:00 +0100'")
            for enclosure in item.findall("enclosure"):
                self.absolute(enclosure.get("url"), f"{what} <enclosure>", page)
            self.content(item.findtext(f"{CONTENT}encoded"), f"{what} content", page)
            self.content(item.findtext("description"), f"{what} description", page)

    def atom(self, root: ET.Element) -> None:
        for name in ("id", "title", "updated"):
            if root.find(f"{ATOM}{name}") is None:
                self.fail(f"the feed has no <{name}>")
        self._date(root.findtext(f"{ATOM}updated"), "the feed <updated>")
        self._self_link(root.find(f"{ATOM}link[@rel='self']"))
        for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
            what = f"entry {number}"
            link = entry.find(f"{ATOM}link[@rel='alternate']")
            link = entry.find(f"{ATOM}link") if link is None else link
            page = self.absolute(link.get("href") if link is not None else None, f"{what} <link>")
            for name in ("id", "title", "updated"):
                if entry.find(f"{ATOM}{name}") is None:
                    self.fail(f"{what} has no <{name}>")
            self._date(entry.findtext(f"{ATOM}updated"), f"{what} <updated>")
            content = entry.find(f"{ATOM}content")
            if content is not None and content.get("type") == "html":
                self.content(content.text, f"{what} content", page)

    def json_feed(self) -> None:
        try:
            data = json.loads(self.site.read(self.rel))
        except (ValueError, UnicodeDecodeError) as exc:
            self.fail(f"not valid JSON: {exc}")
            return
        if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/1"):
            self.fail("expected a JSON Feed object with \"version\": \"https://jsonfeed.org/version/1.1\"")
            return
        if not data.get("title"):
            self.fail("the feed has no \"title\"")
        self.absolute(data.get("home_page_url"), "\"home_page_url\"")
        feed_url = self.absolute(data.get("feed_url"), "\"feed_url\"")
        if feed_url and feed_url != self.rel:
            self.fail(f"\"feed_url\" points to {feed_url}, not to this feed")
        items = data.get("items")
        if not isinstance(items, list):
            self.fail("\"items\" is missing or not a list")
            return
        for number, item in enumerate(items, 1):
            self._json_item(item, f"item {number}")

    def _json_item(self, item: Any, what: str) -> None:
        if not isinstance(item, dict) or not item.get("id"):
            self.fail(f"{what} has no \"id\"")
            return
        page = self.absolute(item.get("url"), f"{what} \"url\"")
        for key in ("image", "banner_image"):
            if key in item:
                self.absolute(item[key], f"{what} \"{key}\"", page)
        self.content(item.get("content_html"), f"{what} content_html", page)
        for key in ("date_published", "date_modified"):
            if key in item:
                self._date(item[key], f"{what} \"{key}\"")

    def _self_link(self, link: ET.Element | None) -> None:
        if link is None:
            self.fail("no rel=\"self\" link: readers use it to find the feed again")
            return
        if self.absolute(link.get("href"), "the rel=\"self\" link") not in ("", self.rel):
            self.fail(f"the rel=\"self\" link {link.get('href')} is not this feed's URL")

    def _date(self, value: Any, what: str) -> None:
        if value is not None and not (isinstance(value, str) and _RFC3339.match(value.strip())):
            self.fail(f"{what} {value!r} is not an RFC 3339 time such as 2026-11-20T08:30:00+01:00")


class _Sitemap(_Checker):
    def check(self) -> None:
        root = self.xml()
        if root is None:
            return
        if root.tag == f"{SITEMAP}urlset":
            entries = root.findall(f"{SITEMAP}url")
            what = "url"
        elif root.tag == f"{SITEMAP}sitemapindex":
            entries = root.findall(f"{SITEMAP}sitemap")
            what = "sitemap"
        else:
            self.fail(f"expected a sitemaps.org <urlset> or <sitemapindex>, found <{root.tag}>")
            return
        if len(entries) > SITEMAP_MAX_URLS:
            self.fail(f"{len(entries)} entries: a sitemap may list at most {SITEMAP_MAX_URLS}")
        for number, entry in enumerate(entries, 1):
            self.absolute(entry.findtext(f"{SITEMAP}loc"), f"<{what}> {number} <loc>")
            lastmod = entry.findtext(f"{SITEMAP}lastmod")
            if lastmod is not None and not _W3C_DATE.match(lastmod.strip()):
                self.fail(f"<{what}> {number} <lastmod> {lastmod!r} is not a W3C date such as 2026-11-20 or "
                          "2026-11-20T08:30:00+01:00")
            news = entry.find(f"{NEWS}news")
            if news is not None:
                for name in ("publication_date", "title"):
                    if news.find(f"{NEWS}{name}") is None:
                        self.fail(f"<{what}> {number} <news:news> has no <news:{name}>")


def _robots(site: SiteFiles, base_url: str, collector: Collector) -> None:
    checker = _Checker(site, base_url, collector, "robots.txt")
    for line in site.text("robots.txt").splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap":
            checker.absolute(value.strip(), "the Sitemap: line")


def _rfc822(value: str) -> bool:
    try:
        return email.utils.parsedate_to_datetime(value.strip()) is not None
    except (TypeError, ValueError):
        return False
