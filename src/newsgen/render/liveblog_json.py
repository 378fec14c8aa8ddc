"""A live blog's updates.json, beside its page, for the optional "new updates" script. Pure.

It lists only what the page shows (the updates due at the build's clock), so it leaks nothing the page
does not, and it is deterministic: the same site gives the same bytes.
"""

from __future__ import annotations

import json

from ..core import dates, urls
from ..core.config import SiteConfig
from ..site.plan import OutputSpec


def render_live_updates(spec: OutputSpec, config: SiteConfig) -> bytes:
    """{"live": ..., "count": N, "updates": [{"id", "time", "title", "url"}, ...]} newest first."""
    article = spec.article
    assert article is not None
    page = urls.Urls(config.base_url).absolute(article.path)
    data = {
        "live": not article.live_ended,
        "count": len(article.updates),
        "updates": [{"id": u.anchor, "time": dates.rfc3339(u.time), "title": u.title,
                     "url": f"{page}#{u.anchor}"} for u in article.updates],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
