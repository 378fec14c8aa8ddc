"""Front matter: splitting it from the body (YAML `---` or TOML `+++`) and reading it with the line of each key.

Archives moved from Jekyll or Hugo arrive with Windows line endings, a byte-order mark, blank lines before
the opening fence, TOML instead of YAML and their own names for fields; all of that is read here, so
`parse` sees one shape: a mapping of field names to values, with the line of each key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from ..core.errors import UserError
from ..core.models import SourceFile
from ..core.yamltext import Mapping, load_mapping

FENCES = {"---": "yaml", "+++": "toml"}
_TOML_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")
_TOML_TABLE = re.compile(r"^\s*\[")
_TOML_ERROR_AT = re.compile(r"\(at line (\d+), column \d+\)")


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
