"""Template tags left in articles by another generator (Jekyll's Liquid, Hugo's shortcodes): found and counted.

newsgen never runs them: they stay in the text as they are. The build reports each kind once, with how
many there are and where the first one is, so a newsroom moving its archive knows what is left to convert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..core.errors import Problem
from ..core.models import SourceFile
from .shortcodes.builtins import NOT_YET
from .shortcodes.lexer import indented_blocks
from .shortcodes.liquid import RESOLVED_OUTPUTS, RESOLVED_TAGS

# {% include x.html %}, {%- if -%}, {{< youtube id >}}, {{% note %}}, {{ site.baseurl }}
_TAG = re.compile(
    r"""\{%-?\s*(?P<liquid>[A-Za-z_][\w-]*)[^%]*?-?%\}
      | \{\{<\s*(?P<hugo>/?[A-Za-z_][\w/-]*)[^>]*?>\}\}
      | \{\{%\s*(?P<hugo_md>/?[A-Za-z_][\w/-]*).*?%\}\}
      | \{\{-?\s*(?P<output>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?)[^{}]*?-?\}\}""",
    re.VERBOSE,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RAW = re.compile(r"\{%-?\s*(end)?raw\s*-?%\}")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1")


@dataclass(slots=True)
class _Kind:
    count: int = 0
    files: set[str] = field(default_factory=set)
    first: tuple[str, int] = ("", 0)


def tags_in(source: SourceFile, site_shortcodes: frozenset[str] = frozenset()) -> tuple[tuple[str, int], ...]:
    """(kind, line) of every foreign template tag in one article file; the Hugo shortcodes newsgen runs (its
    own and `site_shortcodes`) are not foreign."""
    if b"{{" not in source.data and b"{%" not in source.data:
        return ()  # the common case, decided without decoding
    left = NOT_YET - site_shortcodes
    return tuple((kind, line) for kind, line in _tags(source.data.decode("utf-8", errors="replace"))
                 if not kind.startswith(("{{<", "{{%")) or kind.split()[1] in left)


def tag_warnings(found: Mapping[str, Iterable[tuple[str, int]]]) -> tuple[Problem, ...]:
    """The warnings for the tags found in each file (see tags_in): one per kind, over all files."""
    kinds: dict[str, _Kind] = {}
    for rel in sorted(found):
        for kind, line in found[rel]:
            seen = kinds.setdefault(kind, _Kind(first=(rel, line)))
            seen.count += 1
            seen.files.add(rel)
    problems = []
    for kind, seen in sorted(kinds.items()):
        files = len(seen.files)
        problems.append(Problem(path=seen.first[0], line=seen.first[1], kind="foreign-template-tag", message=(
            f"template tag {kind} from another generator is left in the text as it is: {seen.count} "
            f"time{'s' if seen.count != 1 else ''} in {files} file{'s' if files != 1 else ''} (the first is "
            "here); replace it with Markdown or HTML")))
    return tuple(problems)


def _tags(text: str) -> Iterable[tuple[str, int]]:
    """(kind, line) for every opening tag outside code blocks, code spans and {% raw %} blocks."""
    text = _without_indented_code(text)
    fence = ""
    raw = False
    for number, line in enumerate(text.splitlines(), 1):
        opener = _FENCE.match(line)
        if fence:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = ""
            continue
        if opener:
            fence = opener.group(1)
            continue
        if "{" not in line:
            continue
        line, raw = _outside_raw(_CODE_SPAN.sub("", line), raw)
        for match in _TAG.finditer(line):
            kind = _kind(match)
            if kind:
                yield kind, number


def _without_indented_code(text: str) -> str:
    """The text with its indented code blocks blanked out (their lines kept, so line numbers still hold)."""
    if "\n    " not in text and "\n\t" not in text and not text.startswith(("    ", "\t")):
        return text
    for start, end in indented_blocks(text):
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


def _outside_raw(line: str, raw: bool) -> tuple[str, bool]:
    """The parts of `line` outside {% raw %} ... {% endraw %} (keeping the raw tag itself, which is reported),
    and whether a raw block is still open at its end."""
    kept, pos = [], 0
    for match in _RAW.finditer(line):
        if not raw:
            kept.append(line[pos:match.end()])
        raw = match.group(1) is None
        pos = match.end()
    if not raw:
        kept.append(line[pos:])
    return "".join(kept), raw


def _kind(match: re.Match[str]) -> str | None:
    """'{% include %}' for an opening tag; None for closing tags ({% endif %}, {{< /note >}})."""
    if match.group("liquid"):
        name = match.group("liquid")
        return None if name.startswith("end") or name in RESOLVED_TAGS else f"{{% {name} %}}"
    if match.group("hugo"):
        name = match.group("hugo")
        return None if name.startswith("/") else f"{{{{< {name} >}}}}"
    if match.group("hugo_md"):
        name = match.group("hugo_md")
        return None if name.startswith("/") else f"{{{{% {name} %}}}}"
    output = match.group("output")
    return None if output in RESOLVED_OUTPUTS else f"{{{{ {output} }}}}"
