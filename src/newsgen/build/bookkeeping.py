"""Small steps every build route shares: user errors that end a build, and what is written after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..core.config import SiteConfig
from ..core.errors import BuildFailed, Problem, UserError

T = TypeVar("T")


def guard(step: Callable[[], T]) -> T:
    """Run one step whose UserError ends the build at once (config, authors.yaml, output folder checks)."""
    try:
        return step()
    except BuildFailed:
        raise  # site.yaml's problems, every one (config.SettingsRefused is a UserError too)
    except UserError as exc:
        raise BuildFailed([exc.problem]) from None


def after_commit(where: Path, step: Callable[[], object]) -> list[Problem]:
    """Bookkeeping written once the new site is live: a write error there is a warning (the site is built)."""
    try:
        step()
    except OSError as exc:
        return [Problem(path=str(exc.filename or where), kind="cache", message=(
            f"cannot write: {exc.strerror or exc}; the site was built, but the next build cannot tell what this "
            "one did and will do more work"))]
    return []


def live_inode(output_dir: Path) -> int:
    """The inode of the output tree a build swapped in (see build_record.still_valid)."""
    try:
        return output_dir.stat().st_ino
    except OSError:
        return -1


def store_warnings(config: SiteConfig, messages: list[str]) -> tuple[Problem, ...]:
    return tuple(Problem(path=config.cache_dir, message=m, kind="cache") for m in messages)


def moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None
