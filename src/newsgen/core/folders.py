"""Where newsgen may write: the output folder and the cache must stand apart from the site's own folders
and from each other (used by `site.yaml`'s `output`/`cache_dir` and by `--output`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# What each folder newsgen writes holds, which is why it may not share space with the user's folders.
_ROLE = {"output": "the output folder, which newsgen prunes and you deploy,",
         "cache_dir": "the cache, which holds every article (drafts included),"}
_SUGGESTED = {"output": "public", "cache_dir": ".newsgen-cache"}


def output_dir_problem(site_dir: Path, output_dir: Path, cache_dir: str) -> str | None:
    """The problem of building into `output_dir` (`--output`), by the rules `output:` follows; None if
    fine."""
    site = _resolved(site_dir)
    cache = _resolved(site / cache_dir)
    others = {**_source_folders(site), f"the cache folder ({cache_dir})": cache}
    return _placement_problem(str(output_dir), _resolved(output_dir), "output", site, others)


def folder_problems(site_dir: Path, given: dict[str, str], data: dict[str, Any]) -> list[tuple[str, str]]:
    """(setting, problem) for the output folder and the cache (`given`: both settings' values) unless they
    stand apart from the site folder, its content/, static/, templates/ and each other."""
    site = _resolved(site_dir)
    sources = _source_folders(site)
    placed = {key: _resolved(site / value) for key, value in given.items()}
    problems = []
    for key, value in given.items():
        problem = _placement_problem(value, placed[key], key, site, sources)
        if problem:
            problems.append((key, problem))
    if not problems and _overlap(placed["output"], placed["cache_dir"]):
        # Blame the one the user wrote (the cache, when both are).
        key = "output" if "cache_dir" not in data else "cache_dir"
        problems.append((key, f"the cache ({given['cache_dir']}) and the output folder ({given['output']}) "
                                "overlap: the cache holds every article, drafts included, and would be "
                                "deployed with the site; give each a folder of its own, such as .newsgen-cache "
                                "and public"))
    return problems


def _source_folders(site: Path) -> dict[str, Path]:
    return {f"{name}/": _resolved(site / name) for name in ("content", "static", "templates")}


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the path as written
        return path.absolute()


def _overlap(one: Path, other: Path) -> bool:
    return one.is_relative_to(other) or other.is_relative_to(one)


def _placement_problem(shown: str, folder: Path, key: str, site: Path, others: dict[str, Path]) -> str | None:
    """The problem of `folder` (resolved) as the output folder or the cache; None if it stands apart."""
    try:
        existing = next(p for p in (folder, *folder.parents) if p.exists())
        is_folder = existing.is_dir()
    except OSError as exc:
        return f"{shown!r} cannot be checked: {exc.strerror}"
    fix = f"{_ROLE[key]} must be a folder of its own, such as {_SUGGESTED[key]}"
    if not is_folder:
        return f"{shown!r} names a file ({existing.name}), not a folder: {fix}"
    if site.is_relative_to(folder):
        return f"{shown!r} is the site folder or holds it: {fix}"
    for name, other in others.items():
        if _overlap(folder, other):
            relation = "is" if folder == other else "is inside" if folder.is_relative_to(other) else "holds"
            return f"{shown!r} {relation} {name}: {fix}"
    return None
