"""Story formats as values: article types, the fact-check rating scale, a claim, a live blog's update.

In core because the models hold them, site.yaml (`news_sitemap: exclude_types`) names the types, and every
layer above (parse, plan, structured data, templates) reads the same table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# `type:` -> (the label shown above the headline, the schema.org type). `news` shows no label.
ARTICLE_TYPES: dict[str, tuple[str, str]] = {
    "news": ("", "NewsArticle"),
    "opinion": ("Opinion", "OpinionNewsArticle"),
    "analysis": ("Analysis", "AnalysisNewsArticle"),
    "review": ("Review", "ReviewNewsArticle"),
    "sponsored": ("Sponsored content", "AdvertiserContentArticle"),
    # A fact-check stays a NewsArticle: its verdict is the ClaimReview beside it.
    "factcheck": ("Fact check", "NewsArticle"),
}

# The fact-check rating scale, worst to best: `rating:` takes a name or its number (1 = false ... 6 = true).
# Numbers run 1..6 so that ClaimReview's ratingValue, worstRating and bestRating are the scale itself.
RATINGS: tuple[tuple[str, str], ...] = (
    ("pants-on-fire", "Pants on fire"),
    ("false", "False"),
    ("mostly-false", "Mostly false"),
    ("half-true", "Half true"),
    ("mostly-true", "Mostly true"),
    ("true", "True"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """The claim a fact-check reviews (`claim:` in front matter) and its verdict on the RATINGS scale."""

    text: str
    claimant: str
    date: dt.datetime
    rating: int  # 1 (pants on fire) .. 6 (true)
    url: str  # where the claim was made (an absolute URL)

    @property
    def rating_name(self) -> str:
        """'Mostly false': the verdict as readers see it (ClaimReview's alternateName)."""
        return RATINGS[self.rating - 1][1]

    @property
    def rating_key(self) -> str:
        """'mostly-false': the verdict as written in front matter, for a CSS class."""
        return RATINGS[self.rating - 1][0]


@dataclass(frozen=True, slots=True, kw_only=True)
class LiveUpdate:
    """One `{{< update >}}` of a live blog: when, its headline, its HTML and its anchor (`update-...`)."""

    time: dt.datetime
    title: str
    html: str
    anchor: str  # the element id, e.g. 'update-20261201-1130'; unique within the article


def type_label(kind: str) -> str:
    """'Opinion' for `type: opinion`; '' for news (and for a type newsgen does not know)."""
    return ARTICLE_TYPES.get(kind, ("", ""))[0]


def schema_type(kind: str) -> str:
    """The schema.org type of an article of this `type:`."""
    return ARTICLE_TYPES.get(kind, ("", "NewsArticle"))[1]
