"""A site's own words for the theme: `strings:` in site.yaml and the files `strings/<lang>.yaml`.

`strings: {by: "Words by"}` changes the site language's text; `strings: {es: {by: "Por"}}` another
language's. A file `strings/es.yaml` holds `key: text` lines for one language; site.yaml wins over the file.
Every key must be one the theme uses (the English table's), and a text may use only its key's placeholders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import strings
from .errors import Problem, did_you_mean
from .settingrules import language_problem
from .yamltext import load_mapping

STRINGS_DIR = "strings"

# ((language, ((key, Entry), ...)), ...), sorted: a plain value that hashes and reprs the same everywhere.
SiteStrings = tuple[tuple[str, tuple[tuple[str, strings.Entry], ...]], ...]


def _key_problem(key: object) -> str:
    known = strings.all_keys()
    return (f"unknown string {str(key)!r}{did_you_mean(str(key), known)}; the theme's strings are: "
            f"{', '.join(known)} (or a language code with its own strings, such as `es: {{by: Por}}`)")


def _entries(data: dict[Any, Any], where: str, lines: dict[str, int], default_line: int | None,
             problems: list[tuple[str, int | None]]) -> dict[str, strings.Entry]:
    """The valid `key: text` pairs of one language; a problem at its line (`lines[where + key]`) for each
    other one."""
    known = set(strings.all_keys())
    found: dict[str, strings.Entry] = {}
    for key, value in data.items():
        problem = _key_problem(key) if key not in known else strings.entry_problem(key, value)
        if problem:
            problems.append((problem, lines.get(f"{where}{key}", default_line)))
        else:
            found[key] = strings.as_entry(value)
    return found


def parse_strings(data: dict[Any, Any], lines: dict[str, int], language: str
                  ) -> tuple[SiteStrings, list[tuple[str, int | None]]]:
    """`strings:` of site.yaml (`language`: the site's), and each problem with its line."""
    problems: list[tuple[str, int | None]] = []
    top = {key: value for key, value in data.items() if key in strings.all_keys() or not isinstance(value, dict)}
    by_language = {language: _entries(top, "strings.", lines, lines.get("strings"), problems)}
    for code, table in data.items():
        if code in top:
            continue
        problem = language_problem(str(code))
        if problem:
            problems.append((f"{code}: {problem} (a mapping under `strings:` is one language's strings)",
                             lines.get(f"strings.{code}", lines.get("strings"))))
            continue
        by_language.setdefault(str(code), {}).update(
            _entries(table, f"strings.{code}.", lines, lines.get("strings"), problems))
    return merged(by_language), problems


def load_string_files(site_dir: Path) -> tuple[dict[str, dict[str, strings.Entry]], list[Problem]]:
    """Every `strings/<lang>.yaml` of the site, as language -> key -> Entry, and the problems in them."""
    folder = site_dir / STRINGS_DIR
    found: dict[str, dict[str, strings.Entry]] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.y*ml")):
        rel = f"{STRINGS_DIR}/{path.name}"
        code_problem = language_problem(path.stem)
        if code_problem:
            problems.append(Problem(path=rel, message=f"the file name must be a language code, such as "
                                    f"es.yaml: {code_problem}", line=1))
            continue
        try:
            mapping = load_mapping(path.read_text(encoding="utf-8"), rel, what="a strings file")
        except UnicodeDecodeError:
            problems.append(Problem(path=rel, message="not UTF-8 text: save the file as UTF-8", line=1))
            continue
        found_problems: list[tuple[str, int | None]] = []
        found[path.stem] = _entries(mapping.data, "", mapping.lines, 1, found_problems)
        problems += [Problem(path=rel, message=message, line=line) for message, line in found_problems]
    return found, problems


def site_strings(site_dir: Path, own: SiteStrings) -> tuple[SiteStrings, list[Problem]]:
    """The site's strings: its files `strings/<lang>.yaml` under site.yaml's `strings:` (`own`)."""
    files, problems = load_string_files(site_dir)
    return merged(files, {code: dict(table) for code, table in own}), problems


def merged(*layers: dict[str, dict[str, strings.Entry]]) -> SiteStrings:
    """The layers' strings as one SiteStrings value; a later layer's text wins."""
    out: dict[str, dict[str, strings.Entry]] = {}
    for layer in layers:
        for code, table in layer.items():
            out.setdefault(code, {}).update(table)
    return tuple((code, tuple(sorted(table.items()))) for code, table in sorted(out.items()) if table)
