"""Python-Markdown's inline pass, with a quick way past the patterns a stretch of text cannot match.

For every stretch of text, Python-Markdown tries each of its fifteen inline patterns (code, links,
emphasis, entities ...) in turn, and each try costs several Python calls even when the text does not
hold the one character that pattern starts with. Ordinary prose holds few of those characters, so
about a third of the whole Markdown time went on tries that could not match.

Here, before a pattern is tried, the text is searched for the characters every match of that pattern
contains (`[` for a link, `*` or `_` for emphasis ...); when none is there, the pattern is passed over
exactly as if it had been tried and had not matched. The characters are known only for the patterns
below, recognised by their exact regular expressions: any other pattern (another extension's, or one
a later Python-Markdown rewrites) is always tried. Output is byte-identical; tests/test_markdown_inline.py
checks that against the stock pass.

Private API used (Python-Markdown is pinned in pyproject.toml; tests/test_private_api.py fails when any of
this changes, while newsgen itself keeps the stock pass and only loses the speed):

- `InlineProcessor._InlineProcessor__handleInline(data, patternIndex)`, name-mangled, replaced here;
- `InlineProcessor._InlineProcessor__applyPattern(pattern, data, patternIndex, startIndex)`, called here,
  returning `(data, matched, start)`;
- the regular expressions of the stock inline patterns (TRIGGERS) and the priority of the inline pass.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# Regular expression of a Python-Markdown inline pattern -> characters one of which every match contains.
TRIGGERS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # code span (or the backslashes before one)
    r"\\(.)": ("\\",),  # backslash escape
    r"\[\^([^\]]*)\]": ("[^",),  # footnote reference
    r"(?<!\!)\[": ("[",),  # link, reference, short reference
    r"\!\[": ("![",),  # image, image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("<",),  # <https://...>
    r"<([^<> !]+@[^@<> ]+)>": ("<",),  # <name@example.org>
    r"  \n": ("  \n",),  # line break
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
    r"\*|_": ("*", "_"),  # emphasis and strong
}
# The inline HTML pattern is long; it starts with a '<' whatever follows.
_HTML_TAG_START = "(<(\\/?+[a-zA-Z]"

# The private methods replaced below; with another Python-Markdown, where they may not exist, the stock
# inline pass is kept.
_HANDLE, _APPLY = "_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"
_INLINE_PRIORITY = 20  # where Python-Markdown registers its inline pass (markdown.treeprocessors)


def triggers_of(pattern: Any) -> tuple[str, ...] | None:
    """The characters every match of `pattern` contains, or None when they are not known."""
    expression = getattr(getattr(pattern, "compiled_re", None), "pattern", None)
    if not isinstance(expression, str):
        return None
    if expression in TRIGGERS:
        return TRIGGERS[expression]
    return ("<",) if expression.startswith(_HTML_TAG_START) else None


class QuickInlineProcessor(InlineProcessor):
    """InlineProcessor that passes over a pattern when the text lacks every character its matches need."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self._patterns: list[Any] | None = None
        self._triggers: list[tuple[str, ...] | None] = []

    def _prepare(self) -> None:
        # The pattern list of this document (extensions may change it between documents).
        self._patterns = list(self.inlinePatterns)
        self._triggers = [triggers_of(pattern) for pattern in self._patterns]

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._prepare()
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # The stock loop, with the quick pass-over first. A match puts a placeholder in the text, made of
        # characters no trigger holds, so a trigger absent from the text stays absent.
        if isinstance(data, util.AtomicString):
            return data
        if self._patterns is None:  # called by an extension before any run()
            self._prepare()
        patterns, triggers = self._patterns, self._triggers
        assert patterns is not None
        apply = getattr(self, _APPLY)
        start = 0
        while patternIndex < len(patterns):
            needed = triggers[patternIndex]
            if needed is not None:
                for char in needed:
                    if data.find(char, start) >= 0:
                        break
                else:  # not one of them: what a try without a match returns
                    patternIndex, start = patternIndex + 1, 0
                    continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md: markdown.Markdown) -> bool:
    """Put the quick inline pass in `md` in place of the stock one; False (nothing changed) when this
    Python-Markdown's InlineProcessor is not the one it was written for."""
    stock = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None  # noqa: SIM401 (no .get)
    if type(stock) is not InlineProcessor or not all(hasattr(InlineProcessor, name) for name in (_HANDLE, _APPLY)):
        return False
    md.treeprocessors.register(QuickInlineProcessor(md), "inline", _INLINE_PRIORITY)
    return True
