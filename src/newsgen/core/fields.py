"""The front-matter fields newsgen knows, and the `fields:` map of site.yaml that renames an archive's keys.

Here, not in content/, because site.yaml (core.config) validates `fields:` against them.
"""

from __future__ import annotations

from typing import Any

from .errors import did_you_mean
from .yamltext import Mapping

# Front-matter reference: the README's table is generated from this (scripts/readme_tables.py).
FIELDS: dict[str, str] = {
    "title": "Headline. Required. HTML entities such as `&#8217;` are decoded once.",
    "date": "Publication time. Required (or a `YYYY-MM-DD-` file name). `2026-05-01`, `2026-05-01 09:30` or "
            "`2026-05-01T09:30:00+02:00`; without an offset it is in the site `timezone`, a bare date is midnight.",
    "updated": "Time of the last substantial update: shown as \"Updated\", used by feeds and sitemaps.",
    "draft": "`true` keeps the article out of every output unless `newsgen build --drafts`.",
    "slug": "URL name; default: the file name without extension and without a leading `YYYY-MM-DD-`.",
    "section": "One section name, e.g. `World`; the article is listed on the section page (`/world/`).",
    "tags": "A list (`[a, b]`) or a comma-separated string (`a, b`).",
    "author": "A name or a list of names (`authors` is accepted too).",
    "authors": "Same as `author`.",
    "summary": "Plain-text summary for listings, feeds and meta tags; default: the first paragraph.",
    "photo": "Lead image: a path under `static/` (`/images/x.jpg`) or an absolute URL.",
    "photo_caption": "Caption under the photo (shown even without a photo).",
    "photo_alt": "Alt text of the photo; default: the caption.",
    "photo_credit": "Credit line shown with the caption.",
    "kicker": "Short label above the headline, e.g. `Analysis`.",
    "dek": "Standfirst: one sentence under the headline.",
    "location": "Dateline place, e.g. `PORT ALMERA`.",
    "canonical": "Absolute URL of the original when the article was first published elsewhere.",
    "expires": "After this moment the article leaves listings, feeds and sitemaps and its page gets `noindex` "
               "(the page stays, so old links work).",
    "aliases": "Old addresses that redirect here, e.g. `[/2025/01/02/old-slug/]`: a redirect page at "
               "each and a line in `_redirects`.",
    "featured": "`true` puts the article at the top of the home page and of its section's page; a "
                "time (`2026-12-03T18:00`, in the site `timezone` without an offset) means until then, by "
                "the build's clock. Several featured articles lead newest first; without any the newest "
                "article leads. Tag pages and feeds stay newest first. Drafts and future articles never "
                "lead.",
    "lang": "With `languages:` in site.yaml, the article's language code, e.g. `es` (also given by a file "
            "name such as `story.es.md`); default: the first language.",
    "translation_key": "With `languages:`, links the translations of one story: the same key on each. Default: "
                       "the file's path under `content/` without `.md` and the language part, so "
                       "`2026/story.md` and `2026/story.es.md` are translations; another file joins them with "
                       "`translation_key: 2026/story`.",
    "corrections": "A list of `{date: ..., text: ...}` notices, shown dated on the article and on `/corrections/`; "
                   "the latest sets the modified time in feeds, sitemaps and structured data.",
    "type": "`news` (default), `opinion`, `analysis`, `review`, `sponsored` or `factcheck`: a label above the "
            "headline (none for news) and the schema.org type (`OpinionNewsArticle`, `AnalysisNewsArticle`, "
            "`ReviewNewsArticle`, `AdvertiserContentArticle`; news and fact-checks are `NewsArticle`). In "
            "`sponsored` articles every link to another site gets `rel=\"sponsored\"`.",
    "claim": "A fact-check's claim (makes the article `type: factcheck`): `text`, `claimant`, `date`, `rating` "
             "and `url` (where it was said), all required. Shown in a rating box and as `ClaimReview` "
             "structured data. `rating` is one of `pants-on-fire` (1), `false` (2), `mostly-false` (3), "
             "`half-true` (4), `mostly-true` (5), `true` (6), by name or number.",
    "series": "The series the article belongs to, e.g. `Harbour in crisis`: \"Part 2 of 3\" and links to the "
              "other parts on the article, a page at `/series/<slug>/`, `isPartOf` in the structured data. "
              "Only published parts are counted and listed.",
    "series_part": "The article's place in its `series` (1, 2, ...; two published-or-future articles may not "
                   "share one). Without it, parts are ordered by date, after the numbered ones.",
    "live": "`true` makes the article a live blog: its `{{< update time=\"...\" title=\"...\" >}}...{{< /update >}}`"
            " blocks are shown newest first under the rest of the body (the pinned summary), with a LIVE "
            "badge until `live_until`; see Live blogs.",
    "live_until": "When a live blog ends (in the site `timezone` without an offset): after it the page says "
                  "the coverage has ended. Without it the blog stays live.",
}

# One newsgen field <- the keys an archive may use for it, first present wins: {"tags": ("tags", "topics")}.
FieldMap = dict[str, tuple[str, ...]]


def parse_field_map(value: Any) -> tuple[FieldMap, tuple[str, ...]]:
    """Validate `fields:` from site.yaml (each newsgen field name -> a key or a list of keys); return the map
    and every problem found, as messages."""
    if not isinstance(value, dict):
        return {}, ("expected a mapping such as `tags: [tags, topics, categories]`",)
    out: FieldMap = {}
    problems: list[str] = []
    for target, keys in value.items():
        names = [keys] if isinstance(keys, str) else keys
        if target not in FIELDS:
            problems.append(f"{target!r} is not a front-matter field{did_you_mean(str(target), tuple(FIELDS))}; "
                            f"fields: {', '.join(FIELDS)}")
        elif not isinstance(names, list) or not names or not all(isinstance(k, str) and k for k in names):
            problems.append(f"{target}: expected a key or a list of keys such as [{target}, other_name], "
                            f"found {keys!r}")
        else:
            out[target] = tuple(names)
    claimed: dict[str, str] = {}
    for target, names in out.items():
        for name in names:
            if name != target and claimed.setdefault(name, target) != target:
                problems.append(f"key {name!r} is listed for both {claimed[name]} and {target}")
    return out, tuple(problems)


def apply_field_map(front: Mapping, field_map: FieldMap) -> Mapping:
    """Rename an archive's keys onto newsgen's: each field takes the first listed key the article has."""
    if not field_map:
        return front
    data, lines = dict(front.data), dict(front.lines)
    for target, names in field_map.items():
        chosen = next((name for name in names if name in front.data), None)
        if chosen is None or chosen == target:
            continue
        data[target] = data.pop(chosen)
        if chosen in lines:
            lines[target] = lines.pop(chosen)
    return Mapping(data=data, lines=lines)
