"""One article file -> one `Article`: front matter validated field by field, Markdown rendered. Pure."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import time
from pathlib import PurePosixPath
from typing import Any

from ..core import urls
from ..core.config import SiteConfig
from ..core.dates import DateError, parse_when
from ..core.errors import BuildFailed, Problem, UserError, did_you_mean
from ..core.fields import FIELDS, apply_field_map
from ..core.models import Article, Correction, Parsed, SourceFile, Term  # Parsed: also imported from here
from ..core.slugs import slugify
from . import markup
from .aliases import aliases_of
from .fieldreader import Fields
from .frontmatter import FrontMatter, load_front_matter, split_front_matter  # noqa: F401
from .languages import extra_of, file_language
from .shortcodes import expand as shortcodes
from .storyfields import story_body, story_fields

_TEXT_FIELDS = ("summary", "photo_caption", "photo_alt", "photo_credit", "kicker", "dek", "location")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-")
# A Markdown conversion slower than this warns, naming the file, so a writer finds the article that
# stalls the build (Python-Markdown is quadratic on some input, e.g. 10,000 `[` in a row).
SLOW_PARSE_SECONDS = 3.0


def parse_article(source: SourceFile, config: SiteConfig) -> Parsed:
    """Return the article in `source`; raise BuildFailed with every problem of the file at once."""
    front = split_front_matter(source)
    if front is None:
        raise UserError(source.rel, "no front matter: an article starts with a `---` line, then `title:` and "
                        "`date:`, then `---`", line=1)
    mapping = apply_field_map(load_front_matter(front, source.rel), config.fields)
    fields = Fields(source.rel, mapping.data, mapping.lines, front.first_line)
    body_line = front.first_line + (front.text.count("\n") + 1 if front.text else 0) + 1
    article = _build_article(source, config, fields, front.body, body_line)
    if fields.problems:
        raise ArticleFailed(fields.problems, warnings=fields.warnings, bylines=tuple(fields.bylines))
    assert article is not None
    return Parsed(article=article, warnings=tuple(fields.warnings),
                  shortcodes=shortcodes.used_digests(fields.shortcodes, config.shortcodes))


class ArticleFailed(BuildFailed):
    """Every error of one article file, with its warnings and the bylines it names: the build still checks
    those against authors.yaml, so one build reports all of a file's problems."""

    def __init__(self, problems: list[Problem], *, warnings: list[Problem],
                 bylines: tuple[tuple[str, int | None], ...]):
        super().__init__(problems, warnings=warnings)
        self.bylines = bylines


def _build_article(source: SourceFile, config: SiteConfig, f: Fields, body_text: str,
                   body_line: int) -> Article | None:
    """Every field checked (all problems of the file at once), then the Article, or None if any failed."""
    language = file_language(source.rel, f, config)
    stem = _stem(language.rel)
    title = _title(f)
    date, updated = _dates(f, stem, config.zone)
    slug = _slug(f, stem)
    section_name = f.text("section")
    authors = _authors(f)
    tags = _terms(f, "tags")
    photo = _photo(f, f.text("photo"))
    values = {key: f.text(key) for key in _TEXT_FIELDS}
    draft = f.flag("draft")
    canonical = _canonical(f)
    expires = _expires(f, date, config.zone)
    featured_until = _featured(f, config.zone)
    corrections = _corrections(f, config.zone)
    aliases = aliases_of(f)
    story = story_fields(f, config.zone, date)
    _warn_unknown(f)
    if f.problems or date is None:
        return None
    zone = config.zone
    date = date.astimezone(zone)
    section = Term(name=section_name, slug=slugify(section_name)) if section_name else None
    body = _body_html(f, body_text, body_line, config)
    body, updates = story_body(f, story, body, body_text, body_line, zone, config.base_url)
    return Article(
        source=source.rel, digest=source.digest, title=title, slug=slug,
        path=language.prefix + urls.article_path(config.permalink, date=date, slug=slug,
                                                 section_slug=section.slug if section else ""),
        lang=language.code, translation_key=language.key,
        date=date, updated=updated.astimezone(zone) if updated else None, draft=draft, section=section,
        tags=tags, authors=authors, summary=values["summary"] or markup.first_paragraph(body), photo=photo,
        photo_caption=values["photo_caption"], photo_alt=values["photo_alt"] or values["photo_caption"],
        photo_credit=values["photo_credit"], kicker=values["kicker"], dek=values["dek"],
        location=values["location"], canonical=canonical, expires=expires.astimezone(zone) if expires else None,
        featured=featured_until is not None,
        featured_until=featured_until.astimezone(zone) if isinstance(featured_until, dt.datetime) else None,
        corrections=corrections, aliases=aliases, links=f.links, body_html=body,
        body_digest=hashlib.sha256(body.encode()).hexdigest(),
        word_count=markup.count_words(body) + sum(markup.count_words(u.html) for u in updates), **story,
        updates=updates, extra=extra_of(f.data, FIELDS, config),
        lines=dict(f.lines),
    ).with_listing_digest()


def _title(f: Fields) -> str:
    title = html.unescape(f.text("title", required=True))
    if "title" in f.data and not title and not any(p.field == "title" for p in f.problems):
        f.fail("title", "must not be empty")
    return title


def _dates(f: Fields, stem: str, zone: Any) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(date, updated): `date` falls back to a date in the file name."""
    date = f.when("date", zone)
    if date is None and f.data.get("date") is None:  # `date:` left empty counts as missing
        date = _date_from_name(stem, zone)
        if date is None:
            f.fail("date", "required field is missing: add `date: 2026-05-01` (or `date: 2026-05-01T09:30:00+02:00`)")
    updated = f.when("updated", zone)
    if date and updated and updated < date:
        f.warnings.append(Problem(path=f.rel, line=f.lines.get("updated"), field="updated",
                                  kind="updated-before-date",
                                  message="is earlier than `date`; readers will see an update before publication"))
    return date, updated


def _expires(f: Fields, date: dt.datetime | None, zone: Any) -> dt.datetime | None:
    expires = f.when("expires", zone)
    if date and expires and expires <= date:
        f.fail("expires", "must be after `date`, or the article would never be listed")
    return expires


def _featured(f: Fields, zone: Any) -> dt.datetime | bool | None:
    """`featured: true` -> True (for good), a time -> that time (until then), absent or false -> None."""
    value = f.data.get("featured")
    if value is None or value is False:
        return None
    if value is True:
        return True
    try:
        if isinstance(value, (int, float)):
            raise DateError("a number")
        return parse_when(value, zone)
    except DateError:
        f.fail("featured", f"expected true, false or a time until which it leads, such as 2026-12-03T18:00, "
                           f"found {value!r}")
        return None


def _authors(f: Fields) -> tuple[Term, ...]:
    """`author` or `authors` (not both); the bylines are kept to check against authors.yaml."""
    if "author" in f.data and "authors" in f.data:
        f.fail("authors", "use either `author` or `authors`, not both")
    author_key = "author" if "author" in f.data else "authors"
    authors = _terms(f, author_key)
    f.bylines = [(author.name, f.lines.get(author_key)) for author in authors]
    return authors


def _canonical(f: Fields) -> str:
    canonical = f.text("canonical")
    if canonical and not re.match(r"https?://", canonical):
        f.fail("canonical", f"expected an absolute http(s) URL, found {canonical!r}")
    return canonical


def _body_html(f: Fields, body_text: str, body_line: int, config: SiteConfig) -> str:
    try:
        expanded = shortcodes.expand(body_text, _shortcode_setup(config), f.rel, body_line)
    except BuildFailed as exc:
        f.problems.extend(exc.problems)
        return ""
    f.links, f.shortcodes = expanded.links, expanded.used
    body = shortcodes.finish(_markdown(f, expanded.text, config.markdown_engine), expanded.pieces)
    body = _without_unsafe_urls(f, body, body_text, body_line)
    return markup.rebase_urls(markup.add_heading_ids(body), config.base_path)


def _shortcode_setup(config: SiteConfig) -> shortcodes.Setup:
    engine = config.markdown_engine
    return shortcodes.Setup(site=config.shortcodes, embeds_load=config.embeds.load, base_url=config.base_url,
                            render=lambda text: markup.render_markdown(text, engine))


def _markdown(f: Fields, text: str, engine: str) -> str:
    """The body's HTML; a slow conversion adds a warning (kept with the parse, so cached builds show it too)."""
    started = time.perf_counter()
    body = markup.render_markdown(text, engine)
    seconds = time.perf_counter() - started
    if seconds > SLOW_PARSE_SECONDS:
        hint = "" if engine == "commonmark" else ", or try `markdown_engine: commonmark` (much faster)"
        f.warnings.append(Problem(path=f.rel, kind="slow-parse", message=(
            f"Markdown took {seconds:.1f} s with {engine}; long runs of `[`, `*` or `<` or deeply nested lists "
            f"and quotes make it slow: simplify that text{hint}")))
    return body


def _without_unsafe_urls(f: Fields, body: str, text: str, first_line: int) -> str:
    """The body HTML without code-running link addresses (`javascript:` and the like), each dropped one
    warned about at its line in the file."""
    body, dropped = markup.drop_unsafe_urls(body)
    for url in dropped:
        scheme = urls.unsafe_scheme(html.unescape(url)) or "script"
        f.warnings.append(Problem(path=f.rel, line=_line_of(url, text, first_line), kind="unsafe-link",
                                  message=(
            f"link address {url!r} removed: a {scheme}: URL would run code in the reader's browser, so the "
            "link text is kept without it; link to an http(s) address instead")))
    return body


def _line_of(url: str, text: str, first_line: int) -> int:
    """The line of the body where `url` is written (as written, or decoded), else the body's first line."""
    wanted = {url.strip().lower(), html.unescape(url).strip().lower()} - {""}
    for number, line in enumerate(text.splitlines()):
        lowered = line.lower()
        if any(w in lowered for w in wanted):
            return first_line + number
    return first_line


def _corrections(f: Fields, zone: Any) -> tuple[Correction, ...]:
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


def _slug(f: Fields, stem: str) -> str:
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


def _terms(f: Fields, key: str) -> tuple[Term, ...]:
    """Names -> Terms, merging names of one slug within one article as assemble merges them across
    articles (the first spelling is kept), with the same kind of warning."""
    seen: dict[str, Term] = {}
    for name in f.names(key):
        slug = slugify(name)
        if not slug:
            f.fail(key, f"{name!r} has no letters or digits to make a URL from")
        elif slug not in seen:
            seen[slug] = Term(name=name, slug=slug)
        elif seen[slug].name.casefold() != name.casefold():
            f.warnings.append(Problem(path=f.rel, line=f.lines.get(key), field=key, kind="merged-spellings",
                                      message=(
                f"{seen[slug].name!r} and {name!r} share the URL slug {slug!r} and are merged into one, shown "
                f"as {seen[slug].name!r}; spell them the same way to silence this")))
    return tuple(seen.values())


def _photo(f: Fields, value: str) -> str | None:
    if not value:
        return None
    scheme = urls.unsafe_scheme(value, ("javascript", "vbscript"))
    if scheme is not None:
        f.fail("photo", f"a {scheme}: URL is not an image: give a path under static/ (/images/x.jpg) or an "
                        "http(s) URL")
        return None
    if "://" in value:
        return value
    if ".." in PurePosixPath(value.split("?")[0].split("#")[0]).parts:
        # A site path never climbs: `..` would name a file outside static/ (or no file the site publishes).
        f.fail("photo", f"{value!r} climbs out of the folder with `..`: give the path under static/ "
                        "(/images/x.jpg) or an http(s) URL")
        return None
    if value.startswith("/"):
        return value
    return "/" + value.removeprefix("static/")


def _stem(rel: str) -> str:
    """The name that gives the slug (and maybe the date): the file's, or its folder's for a Hugo `index.md`."""
    path = PurePosixPath(rel)
    return path.parent.name if path.stem == "index" and path.parent.name not in ("", "content") else path.stem


def _date_from_name(stem: str, zone: Any) -> dt.datetime | None:
    match = _DATE_PREFIX.match(stem)
    if not match:
        return None
    try:
        return parse_when("-".join(match.groups()), zone)
    except DateError:
        return None


def _warn_unknown(f: Fields) -> None:
    for key in f.data:
        if key in FIELDS:
            continue
        hint = did_you_mean(key, tuple(FIELDS))
        if hint:
            f.warnings.append(Problem(path=f.rel, line=f.lines.get(key), field=key, kind="unknown-field",
                                      message=f"unknown field kept in article.extra{hint}"))
