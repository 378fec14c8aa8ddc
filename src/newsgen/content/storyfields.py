"""The story-format fields of an article's front matter: `type`, `claim`, `series`, `series_part`, `live`,
`live_until`; and what they do to the body (updates taken out, sponsored links marked). Pure.

`f` is the parse's field reader (content.fieldreader.Fields): it collects every problem of the file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from ..core.dates import DateError, parse_when
from ..core.models import Term
from ..core.slugs import slugify
from ..core.stories import ARTICLE_TYPES, RATINGS, Claim, LiveUpdate
from .liveblog import split_updates

CLAIM_KEYS = ("text", "claimant", "date", "rating", "url")
_LINK = re.compile(r"<a\b[^>]*>", re.I)
_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def story_fields(f: Any, zone: Any, date: dt.datetime | None) -> dict[str, Any]:
    """The Article keywords of the story-format fields (all validated; problems go to `f`)."""
    claim = _claim(f, zone)
    kind = _type(f, claim is not None)
    series_name = f.text("series")
    part = _part(f, bool(series_name))
    live = f.flag("live")
    live_until = f.when("live_until", zone)
    if live_until is not None and not live:
        f.fail("live_until", "is only for a live blog: add `live: true`, or remove `live_until`")
    if live_until is not None and date is not None and live_until <= date:
        f.fail("live_until", "must be after `date`, or the live blog would have ended before it began")
    series = Term(name=series_name, slug=slugify(series_name)) if series_name else None
    if series is not None and not series.slug:
        f.fail("series", f"{series_name!r} has no letters or digits to make a URL from")
    return {"type": kind, "claim": claim, "series": series, "series_part": part, "live": live,
            "live_until": live_until.astimezone(zone) if live_until else None}


def story_body(f: Any, story: dict[str, Any], body: str, text: str, first_line: int, zone: Any,
               base_url: str) -> tuple[str, tuple[LiveUpdate, ...]]:
    """The body without its live updates, and the updates newest first; in sponsored content every link
    to another site is marked `rel="sponsored"` (in the updates too)."""
    body, updates, problems = split_updates(body, text, first_line, zone, f.rel)
    f.problems.extend(problems)
    if updates and not story["live"]:
        f.fail("live", "the body has {{< update >}} shortcodes, which only a live blog shows: "
                       "add `live: true`")
    if story["type"] == "sponsored":
        host = urlsplit(base_url).hostname or ""
        body = mark_sponsored(body, host)
        updates = tuple(_sponsored_update(u, host) for u in updates)
    return body, updates


def _sponsored_update(update: LiveUpdate, host: str) -> LiveUpdate:
    return LiveUpdate(time=update.time, title=update.title, html=mark_sponsored(update.html, host),
                      anchor=update.anchor)


def mark_sponsored(body: str, host: str) -> str:
    """Every link to another host than `host` gets `rel="sponsored"` (added to a rel it already has), as
    search engines ask of paid links."""
    def mark(match: re.Match[str]) -> str:
        tag = match.group(0)
        href = _HREF.search(tag)
        url = (href.group(1) or href.group(2) or "") if href else ""
        target = urlsplit(url).hostname if url.lower().startswith(("http://", "https://", "//")) else None
        if not target or target.lower() == host.lower():
            return tag
        rel = _REL.search(tag)
        if rel is None:
            return tag[:2] + ' rel="sponsored"' + tag[2:]
        values = (rel.group(1) or rel.group(2) or "").split()
        if "sponsored" in values:
            return tag
        return tag[:rel.start()] + f' rel="{" ".join([*values, "sponsored"])}"' + tag[rel.end():]

    return _LINK.sub(mark, body) if "<a" in body.lower() else body


def _type(f: Any, has_claim: bool) -> str:
    kind = f.text("type").lower() or ("factcheck" if has_claim else "news")
    if kind not in ARTICLE_TYPES:
        f.fail("type", f"unknown article type {f.data.get('type')!r}: use one of {', '.join(ARTICLE_TYPES)}")
        return "news"
    if kind == "factcheck" and not has_claim and "claim" not in f.data:
        f.fail("type", "a fact-check needs the `claim:` it reviews (text, claimant, date, rating, url)")
    if has_claim and kind != "factcheck":
        f.fail("claim", f"only a fact-check has a `claim:`; this article is `type: {kind}`: make it "
                        "`type: factcheck`, or remove `claim`")
    return kind


def _part(f: Any, has_series: bool) -> int | None:
    value = f.data.get("series_part")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        f.fail("series_part", f"expected a whole number from 1, such as `series_part: 2`, found {value!r}")
        return None
    if not has_series:
        f.fail("series_part", "names a part of no series: add `series: <the series' name>`")
    return value


def _claim(f: Any, zone: Any) -> Claim | None:
    value = f.data.get("claim")
    if value is None:
        return None
    if not isinstance(value, dict):
        f.fail("claim", "expected a mapping with text, claimant, date, rating and url")
        return None
    problems = [f"unknown key {key!r}; known: {', '.join(CLAIM_KEYS)}"
                for key in value if key not in CLAIM_KEYS]
    missing = [key for key in CLAIM_KEYS if value.get(key) in (None, "")]
    if missing:
        problems.append(f"required {'keys are' if len(missing) > 1 else 'key is'} missing: "
                        f"{', '.join(missing)} (a ClaimReview needs every one)")
    texts = _claim_texts(value, missing, problems)
    rating = _rating(value.get("rating"), problems) if "rating" not in missing else None
    when = _claim_date(value, missing, zone, problems)
    for problem in problems:
        f.fail("claim", problem)
    if problems or rating is None or when is None:
        return None
    return Claim(text=" ".join(texts["text"].split()), claimant=texts["claimant"], date=when, rating=rating,
                 url=texts["url"])


def _claim_texts(value: dict[str, Any], missing: list[str], problems: list[str]) -> dict[str, str]:
    texts = {key: str(value[key]).strip() for key in ("text", "claimant", "url") if key not in missing}
    if "url" in texts and not re.match(r"https?://[^\s/]+", texts["url"]):
        problems.append("url: expected the absolute http(s) address where the claim was made, "
                        f"found {texts['url']!r}")
    return texts


def _claim_date(value: dict[str, Any], missing: list[str], zone: Any,
                problems: list[str]) -> dt.datetime | None:
    if "date" in missing:
        return None
    try:
        return parse_when(value["date"], zone).astimezone(zone)
    except DateError as exc:
        problems.append(f"date: {exc}")
        return None


def _rating(value: Any, problems: list[str]) -> int | None:
    """A rating name (`mostly-false`, `Mostly false`) or its number on the scale, 1 to 6."""
    keys = [key for key, _ in RATINGS]
    if isinstance(value, bool):  # YAML reads `rating: false` / `rating: true`, as the scale writes them, as booleans
        value = "true" if value else "false"
    if isinstance(value, int) and 1 <= value <= len(RATINGS):
        return value
    if isinstance(value, str) and slugify(value) in keys:
        return keys.index(slugify(value)) + 1
    problems.append(f"rating: expected one of {', '.join(keys)} (or its number, 1 to {len(RATINGS)}), "
                    f"found {value!r}")
    return None
