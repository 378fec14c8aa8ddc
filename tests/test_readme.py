"""README.md: its reference tables match the code, and it starts with the build and test commands."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

from conftest import REPO

README = REPO / "README.md"


def _readme_tables() -> ModuleType:
    """scripts/readme_tables.py, loaded by path: it is a developer tool, not part of the package."""
    spec = importlib.util.spec_from_file_location("readme_tables", REPO / "scripts" / "readme_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


updated_readme = _readme_tables().updated_readme


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", text, re.DOTALL | re.MULTILINE)


def test_readme_reference_tables_are_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert updated_readme(text) == text, "run `python scripts/readme_tables.py --write README.md`"


def test_readme_first_command_builds_the_demo_site() -> None:
    first = code_blocks(README.read_text(encoding="utf-8"))[0]
    assert "newsgen build" in first


def test_readme_second_command_runs_the_tests() -> None:
    second = code_blocks(README.read_text(encoding="utf-8"))[1]
    assert "pytest" in second


def test_the_readme_names_every_template_of_the_theme() -> None:
    # Users copy templates by name (`newsgen theme copy`): the README's list is where they find the names.
    text = (REPO / "README.md").read_text(encoding="utf-8")
    folder = REPO / "src" / "newsgen" / "render" / "theme" / "templates"
    missing = [p.name for p in sorted(folder.glob("*.html")) if f"`{p.name}`" not in text]
    assert missing == []
