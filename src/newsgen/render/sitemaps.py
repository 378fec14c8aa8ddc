"""sitemap.xml (sitemaps.org 0.9), news-sitemap.xml (Google News) and robots.txt. Pure."""

from __future__ import annotations

from ..core import dates, urls
from ..core.config import SiteConfig
from ..site.plan import OutputSpec
from .xmltext import escape

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_XHTML_NS = "http://www.w3.org/1999/xhtml"


def render_sitemap(spec: OutputSpec, config: SiteConfig) -> bytes:
    """The sitemap; with `languages:`, each page lists its versions in every language (itself included) and
    x-default, the default language's, as `xhtml:link` alternates, as Google reads them."""
    links = urls.Urls(config.base_url)
    xhtml = f' xmlns:xhtml="{_XHTML_NS}"' if config.languages else ""
    out = [_HEAD, f'<urlset xmlns="{_NS}"{xhtml}>']
    default = config.languages[0].code if config.languages else ""
    for entry in spec.entries:
        lastmod = f"<lastmod>{dates.rfc3339(entry.lastmod)}</lastmod>" if entry.lastmod else ""
        alternates = "".join(_alternate(version.lang, links.absolute(version.path)) for version in entry.alternates)
        alternates += "".join(_alternate("x-default", links.absolute(version.path))
                              for version in entry.alternates if version.lang == default)
        out.append(f"<url><loc>{escape(links.absolute(entry.path))}</loc>{lastmod}{alternates}</url>")
    out += ["</urlset>", ""]
    return "\n".join(out).encode("utf-8")


def _alternate(lang: str, url: str) -> str:
    return f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" href="{escape(url, {chr(34): "&quot;"})}"/>'


def render_sitemap_index(spec: OutputSpec, config: SiteConfig) -> bytes:
    links = urls.Urls(config.base_url)
    out = [_HEAD, f'<sitemapindex xmlns="{_NS}">']
    for entry in spec.entries:
        lastmod = f"<lastmod>{dates.rfc3339(entry.lastmod)}</lastmod>" if entry.lastmod else ""
        out.append(f"<sitemap><loc>{escape(links.absolute(entry.path))}</loc>{lastmod}</sitemap>")
    out += ["</sitemapindex>", ""]
    return "\n".join(out).encode("utf-8")


def news_language(language: str) -> str:
    """Google News wants ISO 639 codes, lower case, with zh-cn / zh-tw as the only regional forms."""
    code = language.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


def render_news_sitemap(spec: OutputSpec, config: SiteConfig) -> bytes:
    links = urls.Urls(config.base_url)
    out = [_HEAD, f'<urlset xmlns="{_NS}" xmlns:news="{_NEWS_NS}">']
    for article in spec.articles:
        # With `languages:`, each article names the publication and the language it is in.
        own = config.in_language(article.lang) if article.lang else config
        out.append(
            f"<url><loc>{escape(links.absolute(article.path))}</loc><news:news><news:publication>"
            f"<news:name>{escape(own.title)}</news:name><news:language>{news_language(own.language)}"
            f"</news:language></news:publication><news:publication_date>{dates.rfc3339(article.date)}"
            f"</news:publication_date><news:title>{escape(article.title)}</news:title></news:news></url>")
    out += ["</urlset>", ""]
    return "\n".join(out).encode("utf-8")


def render_robots(config: SiteConfig) -> bytes:
    """robots.txt naming both sitemaps. Crawlers read it only at the host root: under a subpath, copy it there."""
    links = urls.Urls(config.base_url)
    return (f"User-agent: *\nAllow: /\n\nSitemap: {links.absolute(urls.SITEMAP)}\n"
            f"Sitemap: {links.absolute(urls.NEWS_SITEMAP)}\n").encode()
