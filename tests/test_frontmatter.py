"""Splitting front matter with python-frontmatter: where newsgen's rules differ from the library's defaults.

The library's boundaries are `^-{3,}\\s*$` and `^\\+{3,}\\s*$`, matched at the very start of the text; newsgen
accepts blank lines before the fence, exactly three characters, `...` as a YAML closer, and keeps the body
(and so its line numbers) exactly as written after the closing line.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.core.errors import UserError
from newsgen.content.frontmatter import opening_fence, split_front_matter
from newsgen.core.models import SourceFile


def source(text: str) -> SourceFile:
    return SourceFile(rel="content/x.md", data=text.encode(), digest="x")


def test_blank_lines_before_the_fence_are_skipped_and_counted() -> None:
    front = split_front_matter(source("\n  \n\t\n---\ntitle: T\n---\nBody\n"))
    assert front is not None
    assert (front.text, front.first_line, front.body) == ("title: T", 5, "Body\n")


def test_four_dashes_do_not_open_front_matter() -> None:
    assert split_front_matter(source("----\ntitle: T\n----\nBody\n")) is None
    assert opening_fence(b"----\ntitle: T\n----\n") is None


def test_four_dashes_do_not_close_front_matter() -> None:
    front = split_front_matter(source("---\ntitle: T\n----\nmore: 1\n---\nBody\n"))
    assert front is not None and front.text == "title: T\n----\nmore: 1"


def test_blank_lines_after_the_closing_fence_stay_in_the_body() -> None:
    front = split_front_matter(source("---\ntitle: T\n---\n\n\nBody\n"))
    assert front is not None and front.body == "\n\nBody\n"


def test_trailing_spaces_after_a_fence_are_allowed() -> None:
    front = split_front_matter(source("---  \ntitle: T\n--- \t\nBody"))
    assert front is not None and (front.text, front.body) == ("title: T", "Body")


def test_yaml_document_end_closes_but_does_not_open_front_matter() -> None:
    front = split_front_matter(source("---\ntitle: T\n...\nBody\n"))
    assert front is not None and (front.text, front.body) == ("title: T", "Body\n")
    assert split_front_matter(source("...\ntitle: T\n---\nBody\n")) is None
    assert opening_fence(b"...\ntitle: T\n---\n") is None


def test_toml_is_not_closed_by_a_yaml_fence() -> None:
    with pytest.raises(UserError) as caught:
        split_front_matter(source("+++\ntitle = \"T\"\n---\nBody\n"))
    assert str(caught.value) == "content/x.md:1: front matter is not closed: add a line with `+++` after the last field"


def test_empty_front_matter_and_a_closer_on_the_last_line() -> None:
    front = split_front_matter(source("---\n---"))
    assert front is not None and (front.text, front.first_line, front.body) == ("", 2, "")


def test_an_indented_fence_is_not_a_fence() -> None:
    assert split_front_matter(source("  ---\ntitle: T\n---\n")) is None
    assert opening_fence(b"  ---\ntitle: T\n---\n") is None


LINES = st.sampled_from(["---", "+++", "...", "----", "--- ", "  ---", "", " ", "\t", "title: T", "\x0c",
                         "\x1c---", "\u2028", "\ufeff---", "x = 1"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]))
def test_discovery_and_splitting_agree_on_which_files_have_front_matter(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    try:
        has_front_matter = split_front_matter(source(text)) is not None
    except UserError:  # opened but not closed: still an article, with an error
        has_front_matter = True
    assert (opening_fence(text.encode()) is not None) == has_front_matter
