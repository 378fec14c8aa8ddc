"""The quick inline pass gives Python-Markdown's own output, byte for byte, and is really in use."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
from markdown.treeprocessors import InlineProcessor

from newsgen.content import markdown_inline
from newsgen.content.markup import render_markdown

ROOT = Path(__file__).resolve().parent.parent

# Pieces of news Markdown, with every inline construct and the characters that start them, alone and mixed.
PIECES = [
    "The council voted ", "on Tuesday", ". ", ", ", "\n", "\n\n", "  \n", "*", "_", "**", "__", "***", "`",
    "``", "\\", "\\*", "\\`", "[", "]", "(", ")", "!", "![", "<", ">", "&", "&amp;", "&#169;", "&copy;", "&x",
    "[a link](https://example.org/a)", "![a photo](/images/p.jpg \"title\")", "[ref][r1]", "[r1]", "[^1]",
    "<https://example.org>", "<desk@example.org>", "<span class=\"x\">", "</span>", "<b>", "</b>", "<br>",
    "*emphasis*", "**strong**", "_under_", "snake_case_name", "2*3*4", "`code *not em*`", "a < b", "AT&T",
    "- item\n", "1. first\n", "> quote\n", "## Heading\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\nfence\n```\n",
    "Term\n: definition\n", "*[HTML]: Hyper Text\n", "HTML", "{: .lead }", "x^2", "~~no~~", "'quoted'", "\"q\"",
]
DEFINITIONS = "\n\n[r1]: https://example.org/r1 \"R1\"\n[^1]: A footnote with *emphasis* and `code`.\n"


def _stock() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def _quick() -> markdown.Markdown:
    md = _stock()
    assert markdown_inline.install(md)
    return md


def _convert(md: markdown.Markdown, text: str) -> str:
    try:
        return md.convert(text)
    finally:
        md.reset()


def test_quick_inline_pass_matches_python_markdown_on_random_news_markdown():
    stock, quick = _stock(), _quick()
    rng = random.Random(2026)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.3:
            text += DEFINITIONS
        assert _convert(quick, text) == _convert(stock, text), text


@pytest.mark.parametrize("folder", ["content", "tests/sites"])
def test_quick_inline_pass_matches_python_markdown_on_the_repository_articles(folder):
    stock, quick = _stock(), _quick()
    files = sorted((ROOT / folder).rglob("*.md"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _convert(quick, text) == _convert(stock, text), path


def test_newsgen_renders_python_markdown_through_the_quick_pass():
    # The engine newsgen uses has the quick pass installed (else the speed-up silently went away) ...
    from newsgen.content.markup import _python_markdown

    assert type(_python_markdown().treeprocessors["inline"]) is markdown_inline.QuickInlineProcessor
    assert render_markdown("A *b* [c](/d/) `e` &amp; f", "python-markdown") == (
        '<p>A <em>b</em> <a href="/d/">c</a> <code>e</code> &amp; f</p>')


def test_patterns_it_does_not_know_are_always_tried():
    # ... and a pattern an extension adds (here: ==mark==) is tried on every text, as Python-Markdown does.
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    md = _quick()
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), "mark", 65)
    assert markdown_inline.triggers_of(md.inlinePatterns["mark"]) is None
    assert _convert(md, "a ==b== c") == "<p>a <mark>b</mark> c</p>"


def test_another_inline_pass_is_left_in_place():
    class Custom(InlineProcessor):
        pass

    md = _stock()
    md.treeprocessors.register(Custom(md), "inline", 20)
    assert not markdown_inline.install(md)
    assert type(md.treeprocessors["inline"]) is Custom


def test_the_quick_pass_works_when_called_before_any_document():
    # An extension may hand text to the inline pass directly; it must not depend on run() having prepared it.
    md = _quick()
    inline = md.treeprocessors["inline"]
    md.convert("")  # a document sets up the stash the inline pass writes to
    fresh = markdown_inline.QuickInlineProcessor(md)
    fresh.stashed_nodes = {}
    assert fresh._InlineProcessor__handleInline("plain words") == "plain words"
    assert "klzzwxh" in fresh._InlineProcessor__handleInline("some *emphasis* here")
    assert type(inline) is markdown_inline.QuickInlineProcessor
