"""Every file the package reads at run time ships in the wheel: an installed (not editable) newsgen has its
theme, shortcode templates and translation tables. A file no package-data pattern matches would build here
and fail with FileNotFoundError for every user who installs from a wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "newsgen"


def _shipped(path: Path, patterns: dict[str, list[str]]) -> bool:
    for package, globs in patterns.items():
        root = REPO / "src" / Path(*package.split("."))
        if root in path.parents and any(path in root.glob(glob) for glob in globs):
            return True
    return False


def test_every_data_file_in_the_package_is_in_its_package_data() -> None:
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    data = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
            and "__pycache__" not in p.parts]
    assert data  # the theme at least
    missing = [str(p.relative_to(REPO)) for p in data if not _shipped(p, patterns)]
    assert missing == []
