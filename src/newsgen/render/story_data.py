"""The JSON-LD of story formats: an article's schema.org type, its series (`isPartOf`), a live blog's
`LiveBlogPosting` properties and a fact-check's `ClaimReview`. Plain dicts, as render.structured_data's."""

from __future__ import annotations

from typing import Any

from ..content import markup
from ..core import dates, urls
from ..core.models import Article
from ..core.stories import RATINGS, schema_type
from ..site.plan import OutputSpec
from ..site.series import part_of

# Search engines cut a headline past this; an update without a title takes its opening words.
HEADLINE_MAX = 110


def story_properties(spec: OutputSpec, links: urls.Urls, url: str) -> dict[str, Any]:
    """The article object's `@type` and what the story format adds to it."""
    article = spec.article
    assert article is not None
    data: dict[str, Any] = {"@type": "LiveBlogPosting" if article.live else schema_type(article.type)}
    if spec.series is not None and article.series is not None:
        position, _ = part_of(article, spec.series)
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": spec.series.term.name,
                            "url": links.absolute(urls.series_path(spec.series.term.slug))}
        data["position"] = position
    if article.live:
        data["coverageStartTime"] = dates.rfc3339(article.date)
        if article.live_until is not None:
            data["coverageEndTime"] = dates.rfc3339(article.live_until)
        data["liveBlogUpdate"] = [_update(article, update, url) for update in article.updates]
    return data


def _update(article: Article, update: Any, url: str) -> dict[str, Any]:
    text = markup.plain_text(update.html)
    headline = update.title or _shortened(text) or article.title
    return {"@type": "BlogPosting", "headline": headline, "datePublished": dates.rfc3339(update.time),
            "url": f"{url}#{update.anchor}", "articleBody": text}


def _shortened(text: str) -> str:
    if len(text) <= HEADLINE_MAX:
        return text
    return text[:HEADLINE_MAX - 1].rsplit(" ", 1)[0] + "…"


def claim_review(article: Article, url: str, publisher: dict[str, Any]) -> list[dict[str, Any]]:
    """A fact-check's ClaimReview, with every property search engines require; [] for other articles."""
    claim = article.claim
    if claim is None:
        return []
    return [{
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "datePublished": dates.rfc3339(article.date),
        "author": publisher,
        "claimReviewed": claim.text,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": claim.claimant},
            "datePublished": dates.rfc3339(claim.date),
            "appearance": {"@type": "CreativeWork", "url": claim.url},
        },
        "reviewRating": {"@type": "Rating", "ratingValue": claim.rating, "bestRating": len(RATINGS),
                         "worstRating": 1, "alternateName": claim.rating_name},
    }]
