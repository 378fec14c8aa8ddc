"""`newsgen check`: build the site into a temporary folder and verify what a reader and a robot would get.

Links, anchors and assets of every page and feed, feeds and sitemaps, and leaks of drafts, future and
expired articles. It never touches the output folder and never uses the network.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .build import BuildOptions, BuildState, build
from .check.feed_rules import check_feeds_and_sitemaps
from .check.leaks import HeldBack, check_index_leaks, check_leaks
from .check.links import Collector, SiteFiles, Sources, check_pages, source_reader
from .core import urls
from .core.config import load_config, with_base_url
from .core.errors import BuildFailed, Problem, UserError
from .core.models import Article
from .site.assemble import Rules, assemble_site


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckOptions:
    site_dir: Path
    now: dt.datetime
    drafts: bool = False
    future: bool = False
    base_url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReport:
    """What `check` found: problems (each `path:line: message`), the build's warnings, external links."""

    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    external: tuple[tuple[str, str], ...]  # (url, where it is written), sorted
    pages: int
    feeds: int

    def summary(self) -> str:
        count = len(self.problems)
        urls_seen = len({url for url, _ in self.external})
        return (f"checked {self.pages} pages and {self.feeds} feeds, sitemaps and robots.txt: "
                f"{count} problem{'s' if count != 1 else ''}; {urls_seen} external link"
                f"{'s' if urls_seen != 1 else ''} listed, not fetched")


def check_site(options: CheckOptions) -> CheckReport:
    """Build into a temporary folder and check the result; raise BuildFailed when the site does not build."""
    site_dir = options.site_dir
    try:
        config = load_config(site_dir)
        if options.base_url:
            config = with_base_url(config, options.base_url)
    except BuildFailed:
        raise  # site.yaml's problems, every one (config.SettingsRefused is a UserError too)
    except UserError as exc:
        raise BuildFailed([exc.problem]) from None
    with tempfile.TemporaryDirectory(prefix="newsgen-check-") as tmp:
        output = Path(tmp) / Path(config.output).name
        state = BuildState()
        built = build(BuildOptions(site_dir=site_dir, now=options.now, output=output, drafts=options.drafts,
                                   future=options.future, base_url=options.base_url, progress=False,
                                   check_links=False), state)
        articles = [parsed.article for parsed in state.parsed.values()]
        published, held = _sort_out(articles, options)
        site = SiteFiles.from_folder(output, ignored=config.check)
        sources = Sources(origins={urls.output_file(a.path): a.source for a in published},
                          read=source_reader(site_dir), base_url=config.base_url)
        collector = Collector(site, sources, label=config.output.strip("/"))
        check_pages(site, config.base_url, collector)
        feeds = check_feeds_and_sitemaps(site, config.base_url, collector)
        check_leaks(site, collector, held, set(sources.origins), {a.title for a in published})
        check_index_leaks(site, collector, held, {a.title for a in published})
        links = collector.report()
    return CheckReport(problems=links.problems, warnings=built.warnings, external=links.external,
                       pages=links.pages, feeds=feeds)


def _sort_out(articles: list[Article], options: CheckOptions) -> tuple[list[Article], list[HeldBack]]:
    """(articles with a page: published and expired, held-back articles with why), by the build's own rules."""
    site, _ = assemble_site(articles, Rules(now=options.now, drafts=options.drafts, future=options.future))
    listed = {a.source for a in site.articles}
    expired = {a.source for a in site.expired}
    held = []
    for article in articles:
        if article.source in listed:
            continue
        if article.source in expired:
            reason, key = "expired", "expires"
        elif article.draft and not options.drafts:
            reason, key = "draft", "draft"
        else:
            reason, key = "future", "date"
        held.append(HeldBack(source=article.source, title=article.title, path=article.path, reason=reason,
                             line=article.lines.get(key)))
    pages = [a for a in articles if a.source in listed or a.source in expired]
    return pages, sorted(held, key=lambda h: h.source)

