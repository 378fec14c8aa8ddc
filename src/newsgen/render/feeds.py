"""RSS 2.0 and Atom 1.0 feeds. Pure: a spec and the site settings in, UTF-8 bytes out.

Feeds are written here rather than in templates: their rules (absolute URLs everywhere, exact
date formats, escaping) are easier to keep right in one place than in every theme.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache

from .. import __version__
from ..content import markup
from ..core import dates, urls
from ..core.config import SiteConfig
from ..core.models import Article
from ..site.plan import OutputSpec
from .xmltext import escape, quoteattr

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_XML_ILLEGAL.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_XML_ILLEGAL.sub("", value))


def feed_updated(articles: tuple[Article, ...], fallback: dt.datetime) -> dt.datetime:
    """The feed's own update time: its newest change, so an unchanged site gives unchanged bytes."""
    return max((a.modified for a in articles), default=fallback)


def _content(article: Article, links: urls.Urls) -> str:
    photo = links.url(article.photo) if article.photo else ""
    return _feed_html(article.body_html, photo, article.photo_alt, links.origin, links.absolute(article.path))


@lru_cache(maxsize=4096)
def _feed_html(body: str, photo: str, alt: str, origin: str, page_url: str) -> str:
    """An article's feed content, absolute URLs only. Memoised: one article sits in many feeds."""
    if photo:
        body = f'<p><img src="{escape(photo)}" alt="{escape(alt, {chr(34): "&quot;"})}"></p>\n' + body
    return markup.absolutize_urls(body, origin, page_url)


def render_rss(spec: OutputSpec, config: SiteConfig, now: dt.datetime) -> bytes:
    """RSS 2.0 with content:encoded full text, dc:creator authors and an atom:link rel=self."""
    links = urls.Urls(config.base_url)
    home = links.absolute(spec.feed_path)
    title = f"{config.title}: {spec.term.name}" if spec.term else config.title
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{_text(title)}</title>",
        f"<link>{_text(home)}</link>",
        f"<description>{_text(config.description or config.title)}</description>",
        f"<language>{_text(config.language)}</language>",
        f"<lastBuildDate>{dates.rfc822(feed_updated(spec.articles, now))}</lastBuildDate>",
        f"<generator>newsgen {__version__}</generator>",
        f'<atom:link href={_attr(links.absolute(spec.path))} rel="self" type="application/rss+xml"/>',
    ]
    for article in spec.articles:
        link = links.absolute(article.path)
        out += [
            "<item>",
            f"<title>{_text(article.title)}</title>",
            f"<link>{_text(link)}</link>",
            f'<guid isPermaLink="true">{_text(link)}</guid>',
            f"<pubDate>{dates.rfc822(article.date)}</pubDate>",
            f"<description>{_text(article.summary)}</description>",
            *(f"<dc:creator>{_text(a.name)}</dc:creator>" for a in article.authors),
            *(f"<category>{_text(t.name)}</category>" for t in article.tags),
            f"<content:encoded>{_text(_content(article, links))}</content:encoded>",
            "</item>",
        ]
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out).encode("utf-8")


def render_atom(spec: OutputSpec, config: SiteConfig, now: dt.datetime) -> bytes:
    """Atom 1.0 (RFC 4287) with full HTML content, summaries, authors and categories."""
    links = urls.Urls(config.base_url)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={_attr(config.language)}>',
        f"<id>{_text(links.absolute(urls.HOME))}</id>",
        f'<title type="text">{_text(config.title)}</title>',
    ]
    if config.description:
        out.append(f'<subtitle type="text">{_text(config.description)}</subtitle>')
    out += [
        f"<updated>{dates.rfc3339(feed_updated(spec.articles, now))}</updated>",
        f'<link rel="self" type="application/atom+xml" href={_attr(links.absolute(spec.path))}/>',
        f'<link rel="alternate" type="text/html" href={_attr(links.absolute(urls.HOME))}/>',
        f"<author><name>{_text(config.title)}</name></author>",
        f'<generator version="{__version__}">newsgen</generator>',
    ]
    for article in spec.articles:
        link = links.absolute(article.path)
        out += [
            "<entry>",
            f"<id>{_text(link)}</id>",
            f'<title type="text">{_text(article.title)}</title>',
            f'<link rel="alternate" type="text/html" href={_attr(link)}/>',
            f"<published>{dates.rfc3339(article.date)}</published>",
            f"<updated>{dates.rfc3339(article.modified)}</updated>",
            *(f"<author><name>{_text(a.name)}</name></author>" for a in article.authors),
            *(f"<category term={_attr(t.slug)} label={_attr(t.name)}/>" for t in article.tags),
            f'<summary type="text">{_text(article.summary)}</summary>',
            f'<content type="html">{_text(_content(article, links))}</content>',
            "</entry>",
        ]
    out += ["</feed>", ""]
    return "\n".join(out).encode("utf-8")


def render_json_feed(spec: OutputSpec, config: SiteConfig, now: dt.datetime) -> bytes:
    """JSON Feed 1.1 with full HTML content, summaries, authors, tags and images."""
    links = urls.Urls(config.base_url)
    items = []
    for article in spec.articles:
        item: dict[str, object] = {
            "id": links.absolute(article.path),
            "url": links.absolute(article.path),
            "title": article.title,
            "content_html": _content(article, links),
            "summary": article.summary,
            "date_published": dates.rfc3339(article.date),
            "date_modified": dates.rfc3339(article.modified),
        }
        if article.photo:
            item["image"] = links.absolute(article.photo)
        if article.authors:
            item["authors"] = [{"name": a.name, "url": links.absolute(urls.author_path(a.slug))}
                               for a in article.authors]
        if article.tags:
            item["tags"] = [t.name for t in article.tags]
        items.append(item)
    feed: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": config.title,
        "home_page_url": links.absolute(spec.feed_path),
        "feed_url": links.absolute(spec.path),
        "language": config.language,
        "items": items,
    }
    if config.description:
        feed["description"] = config.description
    if config.logo:
        feed["icon"] = links.absolute(config.logo)
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
