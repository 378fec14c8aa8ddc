"""Front matter: splitting it from the body (YAML `---` or TOML `+++`) and reading it with the line of each key.

Archives moved from Jekyll or Hugo arrive with Windows line endings, a byte-order mark, blank lines before
the opening fence, TOML instead of YAML and their own names for fields; all of that is read here, so
`parse` sees one shape: a mapping of field names to values, with the line of each key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from frontmatter import YAMLHandler, detect_format  # python-frontmatter
from frontmatter.default_handlers import BaseHandler

from ..core.errors import UserError
from ..core.models import SourceFile
from ..core.yamltext import Mapping, load_mapping

FENCES = {"---": "yaml", "+++": "toml"}
# python-frontmatter finds and splits the fences; newsgen's own loaders (yamltext for YAML, with the line of
# every key and strict types; tomllib for TOML) read the text between them. Its default boundaries differ from
# what newsgen accepts, so each handler gets newsgen's: exactly three characters (its `^-{3,}\s*$` takes
# `----` too, and its `\s*` runs across the newline into the blank lines of the body, which would shift the body
# and its line numbers), trailing spaces allowed, and YAML's document end `...` as a closer but never an opener.
# Its TOMLHandler exists only when the `toml` package is installed (it loads with it); newsgen loads TOML with
# tomllib, so the `+++` handler is the library's base handler with TOMLHandler's delimiters.
_END_OF_LINE = r"[^\S\n]*$"
_YAML = YAMLHandler(fm_boundary=re.compile(r"^(?:---|(?!\A)\.\.\.)" + _END_OF_LINE, re.MULTILINE))
_TOML = BaseHandler(fm_boundary=re.compile(r"^\+\+\+" + _END_OF_LINE, re.MULTILINE),
                    start_delimiter="+++", end_delimiter="+++")
_FORMAT_OF: dict[BaseHandler, str] = {_YAML: "yaml", _TOML: "toml"}
_LINE_BREAK = re.compile(r"[\r\n]")
_FENCE_OF = {name: fence for fence, name in FENCES.items()}
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
    return _line_ends(text)


def opening_fence(data: bytes) -> str | None:
    """'---' or '+++' when the file's first non-blank line opens front matter, else None. Never raises."""
    # Discovery asks this of every file: look at the first non-blank line only, not the whole body.
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    start = _first_line_start(text)
    end = _LINE_BREAK.search(text, start)
    handler = detect_format(text[start:end.start() if end else len(text)], _FORMAT_OF)
    return _FENCE_OF[_FORMAT_OF[handler]] if handler is not None else None


def split_front_matter(source: SourceFile) -> FrontMatter | None:
    """Split `---` (YAML) or `+++` (TOML) front matter from the body; None when the file has none."""
    text = decode_text(source)
    start = _first_line_start(text)
    handler = detect_format(text[start:], _FORMAT_OF)
    if handler is None:
        return None
    first_line = text.count("\n", 0, start) + 2  # the line after the opening fence
    kind = _FORMAT_OF[handler]
    try:
        front, body = handler.split(text[start:])
    except ValueError:  # no closing fence: the split gives two pieces, not three
        raise UserError(source.rel, "front matter is not closed: add a line with "
                        f"`{_FENCE_OF[kind]}` after the last field", line=first_line - 1) from None
    # Both boundaries are whole lines without their newline: the front matter keeps the newline after the
    # opening fence and the one before the closer, the body the one after the closer.
    return FrontMatter(text=front[1:-1], first_line=first_line, body=body.removeprefix("\n"), format=kind)


def _line_ends(text: str) -> str:
    """Text with `\\n` line ends and no byte-order mark (archives from Windows have both)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _first_line_start(text: str) -> int:
    """Offset of the first line with anything but white space on it: Jekyll tolerates blank lines before the
    fence, python-frontmatter wants the fence at the very start of the text it is given."""
    first = len(text) - len(text.lstrip())
    return max(text.rfind("\n", 0, first), text.rfind("\r", 0, first)) + 1


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
