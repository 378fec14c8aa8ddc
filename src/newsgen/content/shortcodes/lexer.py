"""Shortcode tags in a Markdown text: where they are, their name and arguments; nothing inside code counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

# {{< name a "b c" k="v" >}}, {{% name %}}, {{< /name >}}, {{</* name */>}} (shown as written, not run).
_TAG = re.compile(r"\{\{(?P<open>[<%])(?P<comment>/\*)?\s*(?P<close>/)?(?P<name>[A-Za-z_][\w-]*)"
                  r"(?P<args>(?:[^>%]|>(?!\}\})|%(?!\}\}))*?)\s*(?(comment)\*/)\s*(?P<end>[>%])\}\}", re.DOTALL)
_ARG = re.compile(r"""(?:(?P<key>[A-Za-z_][\w-]*)=)?"""
                  r"""(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|`(?P<raw>[^`]*)`|(?P<bare>[^\s"`]+))""")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.MULTILINE)
# A code span may run over a line break, never over a blank line (that ends the paragraph).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


@dataclass(frozen=True, slots=True)
class Tag:
    """One shortcode tag as written: where it starts and ends in the text, and its line (1-based)."""

    name: str
    start: int
    end: int
    line: int
    closing: bool = False
    markdown: bool = False  # {{% %}}: the inner text is Markdown and so is the output
    literal: bool = False  # {{</* */>}}
    self_closing: bool = False
    args: tuple[str, ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    in_code: bool = False


def code_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every fenced and indented code block and code span: shortcodes there are text."""
    ranges: list[tuple[int, int]] = []
    fence: re.Match[str] | None = None
    for match in _FENCE.finditer(text):
        mark = match.group(1)
        if fence is None:
            fence = match
        elif (mark[0] == fence.group(1)[0] and len(mark) >= len(fence.group(1))
              and not match.group(0).strip()[len(mark):]):
            ranges.append((fence.start(), match.end()))
            fence = None
    if fence is not None:
        ranges.append((fence.start(), len(text)))
    ranges += [block for block in indented_blocks(text) if not _inside(block[0], ranges)]
    spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text) if not _inside(m.start(), ranges)]
    return sorted(ranges + spans)


def indented_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every indented code block: lines indented four spaces (or a tab) after a blank line,
    unless the text before them is a list item, whose continuation such lines are."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    blank, in_list = True, False
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        indented = body.startswith(("    ", "\t")) and body.strip() != ""
        if start is not None and not indented and body.strip():
            blocks.append((start, pos))
            start = None
        if start is None and indented and blank and not in_list:
            start = pos
        if body.strip() and not indented:
            in_list = bool(_LIST_ITEM.match(body)) or (in_list and not blank)
        blank = not body.strip()
        pos += len(line)
    if start is not None:
        blocks.append((start, pos))
    return blocks


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in ranges)


def tags(text: str, first_line: int = 1) -> list[Tag]:
    """Every shortcode tag of `text` in order; those in code are marked `in_code`."""
    if "{{" not in text:
        return []
    code = code_ranges(text)
    found = []
    for match in _TAG.finditer(text):
        found.append(_tag(match, text, first_line, _inside(match.start(), code)))
    return found


def _tag(match: re.Match[str], text: str, first_line: int, in_code: bool) -> Tag:
    raw_args = match.group("args").strip()
    self_closing = raw_args.endswith("/")
    args, params = parse_args(raw_args.removesuffix("/"))
    return Tag(name=match.group("name"), start=match.start(), end=match.end(),
               line=first_line + text.count("\n", 0, match.start()), closing=bool(match.group("close")),
               markdown=match.group("open") == "%", literal=bool(match.group("comment")),
               self_closing=self_closing, args=args, params=params, in_code=in_code)


def parse_args(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Positional and named arguments, Hugo's way: "quoted", `raw`, bare, key="value"."""
    args: list[str] = []
    params: list[tuple[str, str]] = []
    for match in _ARG.finditer(text):
        if match.group("quoted") is not None:
            value = re.sub(r"\\(.)", r"\1", match.group("quoted"))
        elif match.group("raw") is not None:
            value = match.group("raw")
        else:
            value = match.group("bare")
        if match.group("key"):
            params.append((match.group("key"), value))
        else:
            args.append(value)
    return tuple(args), tuple(params)


def unwrap_literal(written: str) -> str:
    """`{{</* name x */>}}` as it is shown: `{{< name x >}}`."""
    return re.sub(r"^\{\{([<%])/\*\s*", r"{{\1 ", re.sub(r"\s*\*/([>%])\}\}$", r" \1}}", written))
