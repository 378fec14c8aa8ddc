"""Checkers for the generated RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 files.

Each checker returns a list of human-readable problems; an empty list means the feed is valid.
They enforce the specs plus what a news site needs in practice: absolute URLs everywhere
(feed readers show content outside the site), dates parsed strictly, ids unique.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from lxml import etree

from ._common import (
    check_html_urls_absolute,
    check_origin,
    is_http_url,
    is_iri,
    parse_rfc822,
    parse_rfc3339,
    parse_xml,
    text_of,
)

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# =========================================================================== RSS 2.0


def check_rss(xml_bytes: bytes, *, base_url: str) -> list[str]:
    """Problems in an RSS 2.0 document (see module docstring for the profile enforced)."""
    root, error = parse_xml(xml_bytes)
    if root is None:
        return [error or "not well-formed XML"]
    if root.tag != "rss":
        return [f"root element is <{root.tag}>, expected <rss>"]
    version = root.get("version")
    problems = [] if version == "2.0" else [f"rss version is {version!r}, expected '2.0'"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return problems + [f"expected exactly one <channel>, found {len(channels)}"]
    channel = channels[0]
    problems += _rss_channel(channel, base_url)
    items = channel.findall("item")
    for index, item in enumerate(items, start=1):
        problems += _rss_item(item, f"item {index}", base_url)
    problems += _duplicates([text_of(i.find("guid")) for i in items if i.find("guid") is not None], "guid")
    return problems


def _rss_channel(channel: etree._Element, base_url: str) -> list[str]:
    problems = _rss_required(channel, ("title", "link", "description"), "channel")
    link = channel.find("link")
    if link is not None:
        problems += check_origin(text_of(link), base_url, "channel link")
    for name in ("pubDate", "lastBuildDate"):
        problems += _rss_date(channel, name, "channel", required=False)
    return problems + _rss_self_link(channel, base_url)


def _rss_self_link(channel: etree._Element, base_url: str) -> list[str]:
    # RSS has no self reference of its own; the RSS Advisory Board recommends atom:link rel="self".
    selfs = [el for el in channel.findall(f"{{{ATOM}}}link") if el.get("rel") == "self"]
    if len(selfs) != 1:
        return [f"channel: expected one atom:link rel=\"self\", found {len(selfs)}"]
    problems = check_origin(selfs[0].get("href", ""), base_url, "channel atom:link self href")
    kind = selfs[0].get("type")
    if kind != "application/rss+xml":
        problems.append(f"channel atom:link self type is {kind!r}, expected 'application/rss+xml'")
    return problems


def _rss_item(item: etree._Element, where: str, base_url: str) -> list[str]:
    problems = _rss_at_most_one(item, ("title", "description", "link", "guid", "pubDate"), where)
    if not text_of(item.find("title")) and not text_of(item.find("description")):
        problems.append(f"{where}: needs a non-empty title or description")
    if item.find("link") is None:
        problems.append(f"{where}: missing <link>")
    else:
        problems += check_origin(text_of(item.find("link")), base_url, f"{where} link")
    problems += _rss_guid(item.find("guid"), where, base_url)
    problems += _rss_date(item, "pubDate", where, required=True)
    for enclosure in item.findall("enclosure"):
        problems += _rss_enclosure(enclosure, where, base_url)
    encoded = item.find(f"{{{CONTENT}}}encoded")
    if encoded is not None:
        problems += check_html_urls_absolute(encoded.text or "", f"{where} content:encoded")
    return problems


def _rss_guid(guid: etree._Element | None, where: str, base_url: str) -> list[str]:
    if guid is None:
        return [f"{where}: missing <guid>"]
    value = text_of(guid)
    if not value:
        return [f"{where}: empty <guid>"]
    permalink = guid.get("isPermaLink", "true")
    if permalink not in ("true", "false"):
        return [f"{where}: guid isPermaLink must be 'true' or 'false', not {permalink!r}"]
    # isPermaLink defaults to true, and then readers open the guid as the article URL.
    return check_origin(value, base_url, f"{where} guid (isPermaLink)") if permalink == "true" else []


def _rss_enclosure(enclosure: etree._Element, where: str, base_url: str) -> list[str]:
    problems = check_origin(enclosure.get("url", ""), base_url, f"{where} enclosure url")
    if not enclosure.get("length", "").isdigit():
        problems.append(f"{where}: enclosure length must be a byte count, got {enclosure.get('length')!r}")
    if not enclosure.get("type"):
        problems.append(f"{where}: enclosure without a type")
    return problems


def _rss_date(parent: etree._Element, name: str, where: str, *, required: bool) -> list[str]:
    el = parent.find(name)
    if el is None:
        return [f"{where}: missing <{name}>"] if required else []
    _, reason = parse_rfc822(text_of(el))
    return [] if reason is None else [f"{where}: {name} {text_of(el)!r}: {reason}"]


def _rss_required(parent: etree._Element, names: tuple[str, ...], where: str) -> list[str]:
    problems = _rss_at_most_one(parent, names, where)
    for name in names:
        if not text_of(parent.find(name)):
            problems.append(f"{where}: missing or empty <{name}>")
    return problems


def _rss_at_most_one(parent: etree._Element, names: tuple[str, ...], where: str) -> list[str]:
    counts = {n: len(parent.findall(n)) for n in names}
    return [f"{where}: <{n}> appears {count} times" for n, count in counts.items() if count > 1]


# =========================================================================== Atom


def _a(name: str) -> str:
    """Clark-notation Atom tag."""
    return f"{{{ATOM}}}{name}"


def check_atom(xml_bytes: bytes, *, base_url: str) -> list[str]:
    """Problems in an Atom 1.0 feed document (RFC 4287)."""
    root, error = parse_xml(xml_bytes)
    if root is None:
        return [error or "not well-formed XML"]
    if root.tag != _a("feed"):
        return [f"root element is {root.tag}, expected {{{ATOM}}}feed"]
    entries = root.findall(_a("entry"))
    problems = _atom_common(root, "feed")
    problems += _atom_links(root, "feed", base_url, need_self=True)
    problems += _atom_authors(root, "feed")
    feed_has_author = bool(root.findall(_a("author")))
    for index, entry in enumerate(entries, start=1):
        where = f"entry {index}"
        problems += _atom_entry(entry, where, base_url)
        if not feed_has_author and not entry.findall(_a("author")):
            problems.append(f"{where}: no atom:author on the entry and none on the feed")
    ids = [text_of(e.find(_a("id"))) for e in entries if e.find(_a("id")) is not None]
    problems += _duplicates(ids, "entry id")
    return problems


def _atom_common(el: etree._Element, where: str) -> list[str]:
    """id, title and updated: exactly one each on both feed and entry."""
    problems = []
    for name in ("id", "title", "updated"):
        count = len(el.findall(_a(name)))
        if count != 1:
            problems.append(f"{where}: expected exactly one atom:{name}, found {count}")
    id_el = el.find(_a("id"))
    if id_el is not None and not is_iri(text_of(id_el)):
        problems.append(f"{where}: atom:id {text_of(id_el)!r} is not an absolute IRI or tag: URI")
    title = el.find(_a("title"))
    if title is not None:
        problems += _atom_text_construct(title, f"{where} title", require_text=True)
    problems += _atom_date(el, "updated", where)
    return problems


def _atom_entry(entry: etree._Element, where: str, base_url: str) -> list[str]:
    problems = _atom_common(entry, where)
    problems += _atom_links(entry, where, base_url, need_self=False)
    problems += _atom_authors(entry, where)
    if len(entry.findall(_a("published"))) > 1:
        problems.append(f"{where}: more than one atom:published")
    problems += _atom_date(entry, "published", where)
    for name in ("content", "summary"):
        if len(entry.findall(_a(name))) > 1:
            problems.append(f"{where}: more than one atom:{name}")
    summary = entry.find(_a("summary"))
    if summary is not None:
        problems += _atom_text_construct(summary, f"{where} summary", require_text=False)
    content = entry.find(_a("content"))
    if content is not None:
        problems += _atom_content(content, where)
    for category in entry.findall(_a("category")):
        if not (category.get("term") or "").strip():
            problems.append(f"{where}: atom:category without a term")
    return problems


def _atom_links(el: etree._Element, where: str, base_url: str, *, need_self: bool) -> list[str]:
    problems = []
    links = el.findall(_a("link"))
    for link in links:
        if not link.get("href"):
            problems.append(f"{where}: atom:link without href")
    selfs = [lk for lk in links if lk.get("rel") == "self"]
    # RFC 4287 4.2.7.2: a link with no rel is rel="alternate".
    alternates = [lk for lk in links if lk.get("rel", "alternate") == "alternate"]
    if need_self and len(selfs) != 1:
        problems.append(f"{where}: expected one atom:link rel=\"self\", found {len(selfs)}")
    for link in selfs:
        problems += check_origin(link.get("href", ""), base_url, f"{where} self link")
    if not alternates:
        problems.append(f"{where}: no atom:link rel=\"alternate\"")
    for link in alternates:
        problems += check_origin(link.get("href", ""), base_url, f"{where} alternate link")
    # 4.1.1/4.1.2: at most one alternate per (type, hreflang) pair.
    keys = [(lk.get("type"), lk.get("hreflang")) for lk in alternates]
    repeated = [key for key, n in Counter(keys).items() if n > 1]
    problems += [f"{where}: several alternate links with type/hreflang {key}" for key in repeated]
    return problems


def _atom_authors(el: etree._Element, where: str) -> list[str]:
    problems = []
    for person in el.findall(_a("author")) + el.findall(_a("contributor")):
        names = person.findall(_a("name"))
        if len(names) != 1 or not text_of(names[0]):
            problems.append(f"{where}: atom:{etree.QName(person).localname} needs exactly one non-empty name")
        uri = person.find(_a("uri"))
        if uri is not None and not is_iri(text_of(uri)):
            problems.append(f"{where}: author uri {text_of(uri)!r} is not an absolute IRI")
    return problems


def _atom_date(el: etree._Element, name: str, where: str) -> list[str]:
    node = el.find(_a(name))
    if node is None or parse_rfc3339(text_of(node)) is not None:
        return []
    return [f"{where}: atom:{name} {text_of(node)!r} is not an RFC 3339 date-time with offset or Z"]


def _atom_text_construct(el: etree._Element, where: str, *, require_text: bool) -> list[str]:
    kind = el.get("type", "text")
    if kind not in ("text", "html", "xhtml"):
        return [f"{where}: type must be text, html or xhtml, not {kind!r}"]
    if require_text and not text_of(el):
        return [f"{where}: empty"]
    if kind == "html":
        return check_html_urls_absolute(el.text or "", where)
    if kind == "xhtml":
        return _atom_xhtml(el, where)
    return []


def _atom_content(content: etree._Element, where: str) -> list[str]:
    if content.get("src") is not None:
        # Out-of-line content (4.1.3.2): must be empty and point somewhere absolute.
        problems = [] if is_iri(content.get("src", "")) else [f"{where}: content src is not absolute"]
        return problems + ([f"{where}: content with src must be empty"] if text_of(content) else [])
    kind = content.get("type", "text")
    if kind in ("text", "html", "xhtml"):
        return _atom_text_construct(content, f"{where} content", require_text=False)
    return []  # other media types (base64 or XML) carry no HTML links to check


def _atom_xhtml(el: etree._Element, where: str) -> list[str]:
    divs = [c for c in el if isinstance(c.tag, str)]
    if len(divs) != 1 or divs[0].tag != "{http://www.w3.org/1999/xhtml}div":
        return [f"{where}: type=\"xhtml\" must contain exactly one xhtml:div"]
    # Serialise back to markup so the same absolute-URL rule as for html applies.
    markup = etree.tostring(divs[0], encoding="unicode")
    return check_html_urls_absolute(markup, where)


# =========================================================================== JSON Feed 1.1


def check_json_feed(data: bytes, *, base_url: str) -> list[str]:
    """Problems in a JSON Feed 1.1 document."""
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"not valid UTF-8 JSON: {exc}"]
    if not isinstance(feed, dict):
        return ["top level is not a JSON object"]
    problems = _json_top(feed, base_url)
    items = feed.get("items")
    if not isinstance(items, list):
        return problems + ["items: missing or not a list"]
    for index, item in enumerate(items, start=1):
        problems += _json_item(item, f"item {index}", base_url)
    ids = [item.get("id") for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]
    return problems + _duplicates(ids, "item id")


def _json_top(feed: dict[str, Any], base_url: str) -> list[str]:
    problems = []
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"version is {feed.get('version')!r}, expected {JSON_FEED_VERSION!r}")
    if not _nonempty_str(feed.get("title")):
        problems.append("title: missing or empty")
    for key in ("home_page_url", "feed_url"):
        problems += check_origin(_str(feed.get(key)), base_url, key)
    for key in ("icon", "favicon"):
        problems += _json_optional_url(feed, key, key)
    problems += _json_authors(feed, "feed")
    return problems


def _json_item(item: Any, where: str, base_url: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: not an object"]
    problems = []
    if not _nonempty_str(item.get("id")):
        # 1.1 allows numbers in the wild but says id must be a string; we generate strings.
        problems.append(f"{where}: id must be a non-empty string, got {item.get('id')!r}")
    problems += check_origin(_str(item.get("url")), base_url, f"{where} url")
    if not isinstance(item.get("content_html"), str) and not isinstance(item.get("content_text"), str):
        problems.append(f"{where}: needs content_html or content_text")
    if isinstance(item.get("content_html"), str):
        problems += check_html_urls_absolute(item["content_html"], f"{where} content_html")
    for key in ("date_published", "date_modified"):
        if key in item and (not isinstance(item[key], str) or parse_rfc3339(item[key]) is None):
            problems.append(f"{where}: {key} {item[key]!r} is not an RFC 3339 date-time")
    for key in ("title", "summary"):
        if key in item and not isinstance(item[key], str):
            problems.append(f"{where}: {key} must be a string")
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(f"{where}: tags must be a list of strings")
    for key in ("external_url", "image", "banner_image"):
        problems += _json_optional_url(item, key, f"{where} {key}")
    return problems + _json_authors(item, where) + _json_attachments(item, where)


def _json_authors(obj: dict[str, Any], where: str) -> list[str]:
    if "authors" not in obj:
        return []
    authors = obj["authors"]
    if not isinstance(authors, list):
        return [f"{where}: authors must be a list"]
    problems = []
    for author in authors:
        if not isinstance(author, dict) or not _nonempty_str(author.get("name")):
            problems.append(f"{where}: each author must be an object with a non-empty name, got {author!r}")
        elif "url" in author:
            problems += _json_optional_url(author, "url", f"{where} author url")
    return problems


def _json_attachments(item: dict[str, Any], where: str) -> list[str]:
    attachments = item.get("attachments", [])
    if not isinstance(attachments, list):
        return [f"{where}: attachments must be a list"]
    problems = []
    for att in attachments:
        if not isinstance(att, dict) or not is_http_url(_str(att.get("url"))):
            problems.append(f"{where}: attachment needs an absolute url: {att!r}")
        elif not _nonempty_str(att.get("mime_type")):
            problems.append(f"{where}: attachment needs a mime_type: {att!r}")
    return problems


def _json_optional_url(obj: dict[str, Any], key: str, what: str) -> list[str]:
    if key not in obj or is_http_url(_str(obj[key])):
        return []
    return [f"{what}: not an absolute http(s) URL: {obj[key]!r}"]


# =========================================================================== shared


def _duplicates(values: list[str], what: str) -> list[str]:
    counts = Counter(values)
    return [f"duplicate {what} {value!r} ({count} times)" for value, count in counts.items() if count > 1]


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
