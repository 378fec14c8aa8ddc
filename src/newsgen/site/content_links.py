"""Links to other files, written by file name (`{{< ref "other.md" >}}`, `{% post_url 2014-01-02-x %}`):
each target found among the published articles and pages, and its URL put in. Pure.

The parse leaves a word (ContentLink.token) where each URL goes, as one file cannot know another's address;
here, once the site is assembled, every link gets its URL, and `filled` puts the URLs into a body. A link
to a draft, a future article or no file at all is an error at its line: it would be a broken link, or
give away an address before its time.
"""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..core.errors import Problem, did_you_mean
from ..core.models import Article, ContentLink, Page, Site
from ..core.urls import Urls

CONTENT = "content/"
_DATED = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")
_SUFFIXES = (".md", ".markdown")
_Doc = TypeVar("_Doc", Article, Page)


@dataclass(frozen=True, slots=True)
class _Target:
    source: str
    path: str


class Addresses:
    """The files a link may name: by their path under content/, and by file name."""

    def __init__(self, published: Iterable[Article | Page], unpublished: Iterable[Article | Page] = ()):
        self.by_rel: dict[str, _Target] = {}
        self.by_name: dict[str, list[_Target]] = defaultdict(list)
        for doc in published:
            target = _Target(doc.source, doc.path)
            rel = doc.source.removeprefix(CONTENT)
            self.by_rel[rel] = target
            for name in _names(rel):
                self.by_name[name].append(target)
        self.unpublished = {doc.source.removeprefix(CONTENT): doc for doc in unpublished}

    def find(self, target: str, referrer: str) -> tuple[_Target | None, str]:
        """The file `target` names from the file `referrer`, or None and what is wrong."""
        wanted = target.strip()
        here = posixpath.dirname(referrer.removeprefix(CONTENT))
        # "/about" is content/about.md in Hugo; newsgen keeps pages under content/pages/.
        tries = [wanted.lstrip("/"), "pages/" + wanted.lstrip("/")] if wanted.startswith("/") else [
            posixpath.normpath(posixpath.join(here, wanted)), wanted.removeprefix("./")]
        for rel in tries:
            folder = rel.removesuffix(".md").rstrip("/")  # post/x.md also names the bundle post/x/index.md
            for candidate in (rel, *(rel + suffix for suffix in _SUFFIXES), f"{folder}/index.md",
                              f"{folder}/_index.md"):
                if candidate in self.by_rel:
                    return self.by_rel[candidate], ""
        if not wanted.startswith("/"):
            found = self.by_name.get(dated_name(_stem(wanted.strip("/"))).lower(), [])
            if len(found) == 1:
                return found[0], ""
            if found:
                files = ", ".join(sorted(t.source for t in found))
                example = found[0].source.removeprefix(CONTENT)
                return None, (f"more than one file is called {wanted!r} ({files}): give its path, "
                              f"e.g. /{example}")
        return None, self._missing(wanted, tries)

    def _missing(self, wanted: str, tries: list[str]) -> str:
        for rel in tries:
            folder = rel.removesuffix(".md").rstrip("/")
            for candidate in (rel, rel + ".md", folder + "/index.md", folder + "/_index.md"):
                doc = self.unpublished.get(candidate)
                if doc is not None:
                    why = "a draft" if doc.draft else "not published yet (its date is in the future)"
                    return f"{CONTENT}{candidate} is {why}: a link to it would be broken until it is"
        hint = did_you_mean(_stem(wanted.strip("/")).lower(), list(self.by_name))
        return (f"no article or page {wanted!r} under {CONTENT}{hint}: give its file name or its path under "
                f"{CONTENT} (e.g. /2026/harbour.md)")


def _names(rel: str) -> tuple[str, ...]:
    """What a file is called by: 'ferry' for ferry.md, 2026-01-02-ferry.md both '2026-01-02-ferry' and
    'ferry', a bundle's index.md its folder's name, a page under pages/ its name there ('policies/ethics')."""
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    folder = posixpath.basename(posixpath.dirname(rel))
    names = [dated_name(folder if stem in ("index", "_index") and folder else stem)]
    if _DATED.match(names[0]):
        names.append(_DATED.sub("", names[0]))
    if rel.startswith("pages/"):
        names.append(posixpath.splitext(rel.removeprefix("pages/"))[0])
    return tuple(dict.fromkeys(name.lower() for name in names))


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def dated_name(name: str) -> str:
    """'2014-1-5-ferry' -> '2014-01-05-ferry': Jekyll finds a post by its date, however the file writes it."""
    return _DATED.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}-", name)


def resolve(docs: Sequence[_Doc], addresses: Addresses, base_url: str) -> tuple[list[_Doc], list[Problem]]:
    """The documents with every link's URL filled in (pages: their bodies too, held in memory), and a
    problem for each link whose target is unknown, ambiguous or not published."""
    urls = Urls(base_url)
    out: list[_Doc] = []
    problems: list[Problem] = []
    for doc in docs:
        if not doc.links:
            out.append(doc)
            continue
        links = []
        for link in doc.links:
            url = _url(link, doc, addresses, urls, problems)
            links.append(dataclasses.replace(link, url=url))
        resolved = dataclasses.replace(doc, links=tuple(links))
        if isinstance(resolved, Page):
            resolved = dataclasses.replace(resolved, body_html=filled(resolved.body_html, resolved.links))
        out.append(resolved)
    return out, problems


def _url(link: ContentLink, doc: Article | Page, addresses: Addresses, urls: Urls,
         problems: list[Problem]) -> str:
    target, _, anchor = link.target.partition("#")
    target = target.strip()
    if not target:  # `{{< ref "#budget" >}}`: a place in this very article
        return urls.url(doc.path) + f"#{anchor}"
    if link.kind == "post_url":  # Jekyll's: the date-slug of a post, perhaps in a subfolder of _posts
        tries = [posixpath.basename(target)]
    elif link.kind == "link":  # Jekyll's: a path from the site's root (content/ here), or the file's name
        rel = target.lstrip("/").removeprefix(CONTENT)
        tries = ["/" + rel, posixpath.basename(rel)]
    else:
        tries = [target]
    why = ""
    for wanted in tries:
        found, why = addresses.find(wanted, doc.source)
        if found is not None:
            url = urls.absolute(found.path) if link.kind == "ref" else urls.url(found.path)
            return url + (f"#{anchor}" if anchor else "")
    problems.append(Problem(path=doc.source, line=link.line, message=f"{_written(link)}: {why}"))
    return ""


def _written(link: ContentLink) -> str:
    if link.kind in ("ref", "relref"):
        return f'shortcode {{{{< {link.kind} "{link.target}" >}}}}'
    return f"{{% {link.kind} {link.target} %}}"


def filled(body: str, links: tuple[ContentLink, ...]) -> str:
    """The body with each link's word replaced by its URL (escaped: it goes into an attribute)."""
    for link in links:
        body = body.replace(link.token, html.escape(link.url))
    return body


def with_urls(article: Article) -> Article:
    """The article (with its body loaded) as a page shows it: its links' URLs in the body."""
    if not article.links or not article.body_html:
        return article
    return dataclasses.replace(article, body_html=filled(article.body_html, article.links))


def link_site(site: Site, articles: Sequence[Article], pages: Sequence[Page], base_url: str
              ) -> tuple[list[Article], list[Page], list[Problem]] | None:
    """The articles and pages with their links resolved against what `site` publishes, and every link
    problem; None when nothing the site publishes links by file (the common case: nothing to redo)."""
    published: list[Article | Page] = [*site.articles, *site.expired, *site.pages]
    if not any(doc.links for doc in published):
        return None
    shown = {doc.source for doc in published}
    addresses = Addresses(published, [doc for doc in (*articles, *pages) if doc.source not in shown])
    linked, problems = resolve([a for a in articles if a.source in shown], addresses, base_url)
    by_source = {a.source: a for a in linked}
    linked_pages, page_problems = resolve([p for p in pages if p.source in shown], addresses, base_url)
    by_page = {p.source: p for p in linked_pages}
    return ([by_source.get(a.source, a) for a in articles], [by_page.get(p.source, p) for p in pages],
            problems + page_problems)
