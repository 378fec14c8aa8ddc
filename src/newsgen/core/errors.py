"""User-facing errors and warnings: one exception type for every mistake a user can make.

Anything that is not a `UserError` is a bug in newsgen and keeps its traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One located message: `path:line: field: message`."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    # A warning's kind code (core/warningkinds.py): printed with it, and what `warnings: ignore:` names.
    kind: str = ""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, str(self))


def warning_line(problem: Problem) -> str:
    """A warning as it is printed: `warning [no-photo]: content/x.md:1: no photo: ...`."""
    return f"warning [{problem.kind}]: {problem}" if problem.kind else f"warning: {problem}"


class UserError(Exception):
    """A mistake in the user's input; printed without a traceback, exit code 1."""

    def __init__(self, path: str | Path, message: str, *, line: int | None = None, field: str | None = None):
        self.problem = Problem(path=str(path), message=message, line=line, field=field)
        super().__init__(str(self.problem))


class BuildFailed(Exception):
    """Every user error of one build, reported together; nothing was written."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], *,
                 warnings: list[Problem] | tuple[Problem, ...] = ()):
        self.problems = tuple(sorted(problems, key=lambda p: p.sort_key))
        # The warnings of the same build (a misspelt field beside a bad date): a failed build shows them too.
        self.warnings = tuple(sorted(warnings, key=lambda p: p.sort_key))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """Return ' (did you mean "x"?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.75)
    return f' (did you mean "{close[0]}"?)' if close else ""
