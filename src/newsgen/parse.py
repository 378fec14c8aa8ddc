"""One article file -> one `Article`: front matter validated field by field, Markdown rendered. Pure."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from . import markup, urls
from .config import SiteConfig
from .dates import DateError, parse_when
from .errors import BuildFailed, Problem, UserError, did_you_mean
from .models import Article, Correction, SourceFile, Term
from .slugs import slugify
from .yamltext import load_mapping

# Front-matter reference: the README's table is generated from this (`newsgen reference`).
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
    "corrections": "A list of `{date: ..., text: ...}` notices, shown dated on the article and on `/corrections/`; "
                   "the latest sets the modified time in feeds, sitemaps and structured data.",
}
_TEXT_FIELDS = ("summary", "photo_caption", "photo_alt", "photo_credit", "kicker", "dek", "location")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")


@dataclass(frozen=True, slots=True, kw_only=True)
class Parsed:
    """An article plus the warnings its file raised (e.g. a misspelt field)."""

    article: Article
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontMatter:
    """The split file: front-matter text, the line it starts on, and the Markdown body."""

    text: str
    first_line: int
    body: str


def split_front_matter(source: SourceFile) -> FrontMatter | None:
    """Split `---` front matter from the body; None when the file has none. Raises UserError for bad bytes."""
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        raise UserError(source.rel, f"not UTF-8 text (invalid byte 0x{source.data[exc.start]:02x}); "
                        "save the file as UTF-8", line=line) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or lines[start].rstrip() != "---":
        return None
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return FrontMatter(text="\n".join(lines[start + 1:end]), first_line=start + 2,
                               body="\n".join(lines[end + 1:]))
    raise UserError(source.rel, "front matter is not closed: add a line with `---` after the last field",
                    line=start + 1)


def parse_article(source: SourceFile, config: SiteConfig) -> Parsed:
    """Return the article in `source`; raise BuildFailed with every problem of the file at once."""
    front = split_front_matter(source)
    if front is None:
        raise UserError(source.rel, "no front matter: an article starts with a `---` line, then `title:` and "
                        "`date:`, then `---`", line=1)
    mapping = load_mapping(front.text, source.rel, first_line=front.first_line, what="front matter")
    fields = _Fields(source.rel, mapping.data, mapping.lines, front.first_line)
    article = _build_article(source, config, fields, front.body)
    if fields.problems:
        raise BuildFailed(fields.problems)
    assert article is not None
    return Parsed(article=article, warnings=tuple(fields.warnings))


class _Fields:
    """Reads typed values out of the front matter, collecting every problem instead of stopping at one."""

    def __init__(self, rel: str, data: dict[str, Any], lines: dict[str, int], first_line: int):
        self.rel, self.data, self.lines, self.first_line = rel, data, lines, first_line
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(path=self.rel, line=self.lines.get(key, self.first_line - 1),
                                     field=key, message=message))

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, f"required field is missing: add `{key}: ...` to the front matter")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(key, f"expected text, found {_shape(value)}")
            return ""
        return str(value).strip()

    def names(self, key: str) -> list[str]:
        """A list of names, or one comma-separated string of them."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            items: list[Any] = value.split(",")
        elif isinstance(value, list):
            items = value
        else:
            self.fail(key, f"expected a list such as [a, b] or text such as 'a, b', found {_shape(value)}")
            return []
        out = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.fail(key, f"expected names, found {_shape(item)} in the list")
                continue
            name = " ".join(str(item).split())
            if name:
                out.append(name)
        return out

    def when(self, key: str, zone: Any) -> dt.datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return parse_when(value, zone)
        except DateError as exc:
            self.fail(key, str(exc))
            return None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, found {value!r}")
            return False
        return value


def _build_article(source: SourceFile, config: SiteConfig, f: _Fields, body_text: str) -> Article | None:
    zone = config.zone
    stem = PurePosixPath(source.rel).stem
    title = html.unescape(f.text("title", required=True))
    if "title" in f.data and not title and not any(p.field == "title" for p in f.problems):
        f.fail("title", "must not be empty")
    date = f.when("date", zone)
    if date is None and "date" not in f.data:
        date = _date_from_name(stem, zone)
        if date is None:
            f.fail("date", "required field is missing: add `date: 2026-05-01` (or `date: 2026-05-01T09:30:00+02:00`)")
    updated = f.when("updated", zone)
    if date and updated and updated < date:
        f.warnings.append(Problem(path=source.rel, line=f.lines.get("updated"), field="updated",
                                  message="is earlier than `date`; readers will see an update before publication"))
    slug = _slug(f, stem)
    section_name = f.text("section")
    if "author" in f.data and "authors" in f.data:
        f.fail("authors", "use either `author` or `authors`, not both")
    authors = _terms(f, "author" if "author" in f.data else "authors")
    tags = _terms(f, "tags")
    photo = _photo(f.text("photo"))
    values = {key: f.text(key) for key in _TEXT_FIELDS}
    draft = f.flag("draft")
    canonical = f.text("canonical")
    if canonical and not re.match(r"https?://", canonical):
        f.fail("canonical", f"expected an absolute http(s) URL, found {canonical!r}")
    expires = f.when("expires", zone)
    if date and expires and expires <= date:
        f.fail("expires", "must be after `date`, or the article would never be listed")
    corrections = _corrections(f, zone)
    _warn_unknown(f)
    if f.problems or date is None:
        return None
    date = date.astimezone(zone)
    section = Term(name=section_name, slug=slugify(section_name)) if section_name else None
    body = markup.render_markdown(body_text, config.markdown_engine)
    body = markup.rebase_urls(markup.add_heading_ids(body), config.base_path)
    return Article(
        source=source.rel, digest=source.digest, title=title, slug=slug,
        path=urls.article_path(config.permalink, date=date, slug=slug, section_slug=section.slug if section else ""),
        date=date, updated=updated.astimezone(zone) if updated else None, draft=draft, section=section,
        tags=tags, authors=authors, summary=values["summary"] or markup.first_paragraph(body), photo=photo,
        photo_caption=values["photo_caption"], photo_alt=values["photo_alt"] or values["photo_caption"],
        photo_credit=values["photo_credit"], kicker=values["kicker"], dek=values["dek"],
        location=values["location"], canonical=canonical, expires=expires.astimezone(zone) if expires else None,
        corrections=corrections, body_html=body, word_count=markup.count_words(body),
        extra={k: v for k, v in f.data.items() if k not in FIELDS}, lines=dict(f.lines),
    )


def _corrections(f: _Fields, zone: Any) -> tuple[Correction, ...]:
    value = f.data.get("corrections")
    if value is None:
        return ()
    if not isinstance(value, list):
        f.fail("corrections", "expected a list of `- {date: 2026-05-02, text: ...}` entries")
        return ()
    out = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "date" not in item:
            f.fail("corrections", f"each correction needs `date` and `text`, found {item!r}")
            continue
        try:
            when = parse_when(item["date"], zone).astimezone(zone)
        except DateError as exc:
            f.fail("corrections", str(exc))
            continue
        out.append(Correction(date=when, text=" ".join(item["text"].split())))
    return tuple(sorted(out, key=lambda c: c.date))


def _slug(f: _Fields, stem: str) -> str:
    given = f.text("slug")
    if given:
        slug = slugify(given)
        if not slug:
            f.fail("slug", f"{given!r} has no letters or digits to make a URL from")
        return slug
    slug = slugify(_DATE_PREFIX.sub("", stem)) or slugify(stem)
    if not slug:
        f.fail("slug", f"cannot make a URL from the file name {stem!r}: add `slug: some-name`")
    return slug


def _terms(f: _Fields, key: str) -> tuple[Term, ...]:
    """Names -> Terms, dropping repeats of the same slug within one article."""
    seen: dict[str, Term] = {}
    for name in f.names(key):
        slug = slugify(name)
        if not slug:
            f.fail(key, f"{name!r} has no letters or digits to make a URL from")
        elif slug not in seen:
            seen[slug] = Term(name=name, slug=slug)
    return tuple(seen.values())


def _photo(value: str) -> str | None:
    if not value:
        return None
    if "://" in value or value.startswith("/"):
        return value
    return "/" + value.removeprefix("static/")


def _date_from_name(stem: str, zone: Any) -> dt.datetime | None:
    match = _DATE_PREFIX.match(stem)
    if not match:
        return None
    try:
        return parse_when("-".join(match.groups()), zone)
    except DateError:
        return None


def _warn_unknown(f: _Fields) -> None:
    for key in f.data:
        if key in FIELDS:
            continue
        hint = did_you_mean(key, tuple(FIELDS))
        if hint:
            f.warnings.append(Problem(path=f.rel, line=f.lines.get(key), field=key,
                                      message=f"unknown field kept in article.extra{hint}"))


def _shape(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return repr(value)
