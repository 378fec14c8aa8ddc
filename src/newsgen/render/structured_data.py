"""What search engines and social sites read: schema.org JSON-LD and the checks behind the build's SEO warnings.

Builders return plain dicts; templates serialise them with Jinja's `tojson`, which escapes `<`, `>`
and `&` so that no front-matter text can close the <script> element.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core import dates, urls
from ..core.config import SiteConfig
from ..core.errors import Problem
from ..core.models import Article
from ..site.pages import page_json_ld, publisher_policies
from ..site.plan import OutputSpec
from .story_data import claim_review, story_properties


def _prefix(spec: OutputSpec, config: SiteConfig) -> str:
    """The folder of the page's language on a multilingual site ('es/'), where its home and listings are."""
    language = config.language_entry(spec.lang) if spec.lang else None
    return language.prefix if language is not None else ""


def _publisher(config: SiteConfig, links: urls.Urls, prefix: str = "") -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "Organization", "name": config.title,
                                 "url": links.absolute(prefix + urls.HOME)}
    if config.logo:
        publisher["logo"] = {"@type": "ImageObject", "url": links.absolute(config.logo)}
    publisher.update(publisher_policies(config.policy_links, links.absolute))
    return publisher


def article_data(spec: OutputSpec, config: SiteConfig, og: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """NewsArticle and BreadcrumbList for an article page. `og` maps a photo to its 1200-px variant."""
    article = spec.article
    assert article is not None
    links = urls.Urls(config.base_url)
    url = links.absolute(article.path)
    prefix = _prefix(spec, config)
    news: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "datePublished": dates.rfc3339(article.date),
        "dateModified": dates.rfc3339(article.modified),
        "inLanguage": config.language,
        "publisher": _publisher(config, links, prefix),
        "wordCount": article.word_count,
    }
    if article.photo:
        news["image"] = [links.absolute(og(article.photo))]
    if article.authors:
        # An author page exists unless the article expired and was its author's only one (see plan).
        news["author"] = [{"@type": "Person", "name": a.name, **(
            {"url": links.absolute(prefix + urls.author_path(a.slug))}
            if prefix + urls.author_path(a.slug) in spec.term_pages else {})} for a in article.authors]
    if article.section:
        news["articleSection"] = article.section.name
    if article.tags:
        news["keywords"] = [t.name for t in article.tags]
    if article.dek:
        news["alternativeHeadline"] = article.dek
    if article.location:
        news["contentLocation"] = {"@type": "Place", "name": article.location}
    if article.expires:
        news["expires"] = dates.rfc3339(article.expires)
    news.update(story_properties(spec, links, url))  # the type (OpinionNewsArticle...), series, live blog
    crumbs = [("Home", prefix + urls.HOME)]
    if article.section and prefix + urls.section_path(article.section.slug) in spec.term_pages:
        crumbs.append((article.section.name, prefix + urls.section_path(article.section.slug)))
    crumbs.append((article.title, article.path))
    breadcrumb = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": links.absolute(path)}
                            for n, (name, path) in enumerate(crumbs, 1)],
    }
    return [news, breadcrumb, *claim_review(article, url, news["publisher"])]


def page_data(spec: OutputSpec, config: SiteConfig) -> dict[str, Any]:
    """WebPage, AboutPage or ContactPage for a page under content/pages/."""
    assert spec.page is not None
    links = urls.Urls(config.base_url)
    return page_json_ld(spec.page, links.absolute, _publisher(config, links, _prefix(spec, config)))


def person_data(spec: OutputSpec, config: SiteConfig) -> dict[str, Any]:
    """ProfilePage with a Person for an author page."""
    assert spec.term is not None
    links = urls.Urls(config.base_url)
    prefix = _prefix(spec, config)
    person: dict[str, Any] = {"@type": "Person", "name": spec.term.name,
                              "url": links.absolute(prefix + urls.author_path(spec.term.slug))}
    profile = spec.profile
    if profile:
        if profile.role:
            person["jobTitle"] = profile.role
        if profile.bio:
            person["description"] = profile.bio
        if profile.photo:
            person["image"] = links.absolute(profile.photo)
        same_as = [link.url for link in profile.links if link.url.startswith(("http://", "https://"))]
        if same_as:
            person["sameAs"] = same_as
        person["worksFor"] = _publisher(config, links, prefix)
    return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person}


# Past this many articles lacking the same things, the rest are counted in one warning.
HINTS_PER_KIND = 5


def search_warnings(articles: tuple[Article, ...], config: SiteConfig) -> list[Problem]:
    """Warnings for what Google's article rich results require and the site lacks."""
    problems = []
    if not config.logo and "no-logo" not in config.warnings.ignore:
        problems.append(Problem(path="site.yaml", field="logo", kind="no-logo", message=(
            "no publisher logo: search engines want one for news articles; add `logo: /images/logo.png`")))
    lacking: dict[str, list[str]] = {}
    for article in articles:
        # an ignored kind is left out here, so "no photo and no author" still says "no author"
        missing = [name for name, present in (("photo", article.photo), ("author", article.authors))
                   if not present and f"no-{name}" not in config.warnings.ignore]
        if missing:
            lacking.setdefault(" and no ".join(missing), []).append(article.source)
    for missing, sources in lacking.items():
        message = f"no {missing}: search engines show articles without one less prominently"
        kind = "no-" + missing.replace(" and no ", ",no-")  # "no-photo,no-author"
        sources.sort()
        problems += [Problem(path=source, line=1, message=message, kind=kind)
                     for source in sources[:HINTS_PER_KIND]]
        rest = len(sources) - HINTS_PER_KIND
        if rest > 0:  # an imported archive lacks them everywhere: thousands of lines would hide every other warning
            problems.append(Problem(path="content", kind=kind,
                                    message=f"{rest} more article{'s' if rest != 1 else ''} "
                                    f"with no {missing} (the first is {sources[0]})"))
    return problems
