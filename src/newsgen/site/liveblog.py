"""Live blogs at the build's clock: the updates that are due, whether the blog is still live, and the next
moment that changes (for the schedule and the build record's validity). Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..content.liveblog import updates_due
from ..core.models import Article


def live_view(article: Article, now: dt.datetime, future: bool) -> Article:
    """The article as published at `now`: a later update is held back (unless `--future`), and a blog past
    its `live_until` is marked ended. Not a live blog: the article itself."""
    if not article.live:
        return article
    updates = article.updates if future else updates_due(article.updates, now)
    ended = article.live_until is not None and article.live_until <= now
    if updates == article.updates and ended == article.live_ended:
        return article
    return replace(article, updates=updates, live_ended=ended).with_listing_digest()


def next_live_change(articles: list[Article], now: dt.datetime, future: bool) -> dt.datetime | None:
    """The first moment after `now` a live blog among `articles` (before live_view) changes: an update
    falls due or a blog ends."""
    moments = []
    for article in articles:
        if not article.live:
            continue
        if article.live_until is not None and article.live_until > now:
            moments.append(article.live_until)
        if not future:
            moments += [u.time for u in article.updates if u.time > now]
    return min(moments, default=None)
