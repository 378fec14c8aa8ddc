"""README.md: its reference tables match the code, and it starts with the build and test commands."""

from __future__ import annotations

import re

from conftest import REPO

from newsgen.reference import updated_readme

README = REPO / "README.md"


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, re.DOTALL | re.MULTILINE)


def test_readme_reference_tables_are_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert updated_readme(text) == text, "run `python -m newsgen.reference --write README.md`"


def test_readme_first_command_builds_the_demo_site() -> None:
    first = code_blocks(README.read_text(encoding="utf-8"))[0]
    assert "newsgen build" in first


def test_readme_second_command_runs_the_tests() -> None:
    second = code_blocks(README.read_text(encoding="utf-8"))[1]
    assert "pytest" in second
