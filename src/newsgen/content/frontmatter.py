"""Front matter: the known fields, splitting it from the body (YAML `---` or TOML `+++`), and the `fields:` map.

Archives moved from Jekyll or Hugo arrive with Windows line endings, a byte-order mark, blank lines before
the opening fence, TOML instead of YAML and their own names for fields; all of that is read here, so
`parse` sees one shape: a mapping of field names to values, with the line of each key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from ..core.errors import UserError, did_you_mean
from ..core.models import SourceFile
from ..core.yamltext import Mapping, load_mapping

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

FENCES = {"---": "yaml", "+++": "toml"}
_TOML_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")
_TOML_TABLE = re.compile(r"^\s*\[")
_TOML_ERROR_AT = re.compile(r"\(at line (\d+), column \d+\)")

# One newsgen field <- the keys an archive may use for it, first present wins: {"tags": ("tags", "topics")}.
FieldMap = dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontMatter:
    """The split file: front-matter text, its format, the line it starts on, and the Markdown body."""

    text: str
    first_line: int
    body: str
    format: str = "yaml"  # or "toml"


def decode_text(source: SourceFile) -> str:
    """The file as text with `\\n` line ends and no byte-order mark. Raises UserError for bytes that are not UTF-8."""
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        raise UserError(source.rel, f"not UTF-8 text (invalid byte 0x{source.data[exc.start]:02x}); "
                        "save the file as UTF-8", line=line) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def opening_fence(data: bytes) -> str | None:
    """'---' or '+++' when the file's first non-blank line opens front matter, else None. Never raises."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    for line in text.splitlines():
        if line.strip():
            fence = line.rstrip()
            return fence if fence in FENCES else None
    return None


def split_front_matter(source: SourceFile) -> FrontMatter | None:
    """Split `---` (YAML) or `+++` (TOML) front matter from the body; None when the file has none."""
    lines = decode_text(source).split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    fence = lines[start].rstrip() if start < len(lines) else ""
    if fence not in FENCES:
        return None
    closers = ("---", "...") if fence == "---" else ("+++",)
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in closers:
            return FrontMatter(text="\n".join(lines[start + 1:end]), first_line=start + 2,
                               body="\n".join(lines[end + 1:]), format=FENCES[fence])
    raise UserError(source.rel, f"front matter is not closed: add a line with `{fence}` after the last field",
                    line=start + 1)


def load_front_matter(front: FrontMatter, rel: str) -> Mapping:
    """The front matter as a mapping with the line of each top-level key; UserError with a line when invalid."""
    if front.format == "yaml":
        return load_mapping(front.text, rel, first_line=front.first_line, what="front matter")
    try:
        data = tomllib.loads(front.text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_ERROR_AT.search(str(exc))
        line = front.first_line + int(found.group(1)) - 1 if found else front.first_line
        message = _TOML_ERROR_AT.sub("", str(exc)).strip()
        raise UserError(rel, f"invalid TOML front matter: {message}", line=line) from None
    return Mapping(data=data, lines=_toml_key_lines(front.text, front.first_line))


def _toml_key_lines(text: str, first_line: int) -> dict[str, int]:
    """Line of each top-level key (tomllib keeps none); stops at the first [table] header."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n")):
        if _TOML_TABLE.match(line):
            header = line.strip().strip("[]").strip().split(".")[0].strip("\"'")
            lines.setdefault(header, first_line + number)
            continue
        match = _TOML_KEY.match(line)
        if match:
            key = next(g for g in match.groups() if g is not None)
            lines.setdefault(key, first_line + number)
    return lines


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
