"""The dev server's shortcut for the commonest save: an article body edited, nothing that listings show.

When every article's listing fields, the publishing state, the settings, the staff list and the templates
are as they were at the last build, the plan is the same except for the edited articles themselves: their
pages and the feeds that carry them in full. The last plan is reused with those articles swapped in, and
only their outputs get new fingerprints. Any other change falls back to planning everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.models import Article, Site
from ..render.environment import template_dirs
from ..site.plan import FEED_KINDS, NEWS_SITEMAP_HOURS, OutputSpec


@dataclass
class PlanMemo:
    """The last build's plan and the fingerprint of each output."""

    key: str
    site: Site
    specs: tuple[OutputSpec, ...]
    fingerprints: dict[str, str]
    articles: dict[str, Article]  # by source: the objects the specs hold


def plan_key(site_dir: Path, articles: list[Article], *, config_digest: str, profiles: object, now: dt.datetime,
             drafts: bool, future: bool) -> str:
    """Everything but article bodies that the plan depends on, including which articles the clock publishes."""
    news_since = now - dt.timedelta(hours=NEWS_SITEMAP_HOURS)
    h = hashlib.sha256(f"{config_digest}\0{profiles!r}\0{drafts}\0{future}\0".encode())
    for article in articles:
        published = (not article.draft or drafts) and (article.date <= now or future)
        listed = published and (article.expires is None or article.expires > now)
        recent = news_since <= article.date <= now
        leads = listed and article.leads_at(now)  # a `featured:` time that passed changes the home page
        h.update(f"{article.source}\0{article.listing_digest}\0{published}{listed}{recent}{leads}\0".encode())
        if article.live:  # its page follows the clock (updates due, coverage ended): any edit or moment re-plans
            ended = article.live_until is not None and article.live_until <= now
            h.update(f"{article.body_digest}\0{sum(u.time <= now for u in article.updates)}{ended}\0".encode())
    for folder in template_dirs(site_dir):
        for root, _, files in sorted(os.walk(folder)):
            for name in sorted(files):
                stat = os.stat(os.path.join(root, name))
                h.update(f"{root}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0".encode())
    return h.hexdigest()


def reuse(memo: PlanMemo, articles: list[Article]) -> tuple[Site, tuple[OutputSpec, ...], set[str]]:
    """(site, specs, outputs whose content changed) with edited articles swapped into the last plan."""
    swapped = {old.source: new for new in articles
               if (old := memo.articles.get(new.source)) is not None and old.body_digest != new.body_digest}
    if not swapped:
        return memo.site, memo.specs, set()
    specs = []
    changed: set[str] = set()
    for spec in memo.specs:
        new_spec = _swap(spec, swapped)
        if new_spec is not spec:
            changed.add(spec.file)
        specs.append(new_spec)
    return memo.site, tuple(specs), changed


def _swap(spec: OutputSpec, swapped: dict[str, Article]) -> OutputSpec:
    """The spec with the edited articles (by source path) put in where it shows them in full; else `spec`."""
    if spec.article is not None and spec.article.source in swapped:
        return dataclasses.replace(spec, article=swapped[spec.article.source])
    if spec.kind in FEED_KINDS and any(a.source in swapped for a in spec.articles):
        return dataclasses.replace(spec, articles=tuple(swapped.get(a.source, a) for a in spec.articles))
    return spec
