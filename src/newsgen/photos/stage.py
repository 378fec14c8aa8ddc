"""The build's photo stage: every JPEG and PNG under static/ is published cleaned, with its variants.

A variant's bytes are kept in the cache folder under its key (image bytes, width, format, quality), so a
rebuild only decodes new or changed images. `process_range` is the process pool's task (build/pool.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from .probe import ImageProblem, is_resizable, probe
from .variants import Settings, Variant, cleaned_original, make, plan

__all__ = ["CACHE_FOLDER", "Job", "Stage", "is_resizable", "static_state", "summary"]

CACHE_FOLDER = "images"


@dataclass(frozen=True, slots=True)
class Job:
    rel: str  # path under static/, e.g. images/harbour.jpg
    origin: str  # what errors name, e.g. static/images/harbour.jpg
    source: Path


@dataclass(frozen=True, slots=True)
class Result:
    rel: str
    files: tuple[tuple[str, bytes], ...] = ()  # (output path, bytes): the original and its variants
    problem: str = ""  # an error message naming the file
    cleaned: bool = False


def cached(cache: Path | None, variant: Variant) -> bytes | None:
    if cache is None:
        return None
    try:
        return (cache / f"{variant.key}.{variant.rel.rsplit('.', 1)[1]}").read_bytes()
    except OSError:
        return None


def remember(cache: Path | None, variant: Variant, data: bytes) -> None:
    if cache is None:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        target = cache / f"{variant.key}.{variant.rel.rsplit('.', 1)[1]}"
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)  # a build killed mid-write leaves no half image under a good name
    except OSError:
        pass  # the cache is a speed-up: an unwritable one only costs time


def process(job: Job, settings: Settings, cache: Path | None) -> Result:
    """One image: its cleaned original and every variant, from the cache where they are kept."""
    try:
        data = job.source.read_bytes()
    except OSError as exc:
        return Result(rel=job.rel, problem=f"{job.origin}: cannot read: {exc.strerror}")
    try:
        info = probe(data)
        variants = plan(job.rel, info, settings)
        original = Variant(rel=job.rel, width=info.width, height=info.height, format=info.format,
                           quality=settings.quality, key=variants[-1].key[:16] + "-original")
        files = {v.rel: found for v in variants + (original,) if (found := cached(cache, v)) is not None}
        missing = tuple(v for v in variants if v.rel not in files)
        if missing:
            for rel, made in make(data, missing, settings.keep_metadata).items():
                files[rel] = made
                remember(cache, next(v for v in missing if v.rel == rel), made)
        if original.rel not in files:
            files[job.rel] = data if settings.keep_metadata else cleaned_original(data, info.format,
                                                                                  settings.quality)
            remember(cache, original, files[job.rel])
    except ImageProblem as exc:
        return Result(rel=job.rel, problem=f"{job.origin}: {exc}")
    return Result(rel=job.rel, files=tuple(sorted(files.items())), cleaned=not settings.keep_metadata)


def process_range(payload: Any, state: dict[str, Any], start: int, end: int) -> list[Result]:
    """The pool's task: payload is (jobs, settings, cache folder)."""
    jobs, settings, cache = payload
    return [process(job, settings, cache) for job in jobs[start:end]]


@dataclass(frozen=True, slots=True)
class Stage:
    """The photo stage of one build: its settings, its cache folder (None: --no-cache) and pool size."""

    settings: Settings
    cache: Path | None
    jobs: int

    def run(self, images: list[Job], add: Callable[[str, bytes], None], problems: list[Problem],
            run_parallel: Callable[..., Any]) -> int:
        """Publish every image through `add`; errors go to `problems`. Returns how many were cleaned."""
        payload = (images, self.settings, self.cache)
        if len(images) >= 2 and self.jobs > 1:
            batches = run_parallel(process_range, payload, len(images), self.jobs, size=1)
            results = [result for batch in batches for result in batch]
        else:
            results = process_range(payload, {}, 0, len(images))
        cleaned = 0
        for result in results:
            if result.problem:
                path, _, message = result.problem.partition(": ")
                problems.append(Problem(path=path, message=message))
                continue
            for rel, data in result.files:
                add(rel, data)
            cleaned += result.cleaned
        return cleaned


def summary(cleaned: int) -> str:
    """The build summary's note on cleaned images ("" when none were)."""
    if not cleaned:
        return ""
    return f"; {cleaned} image{'s' if cleaned != 1 else ''} cleaned of location and serial-number metadata"


def static_state(site_dir: Path) -> str:
    """A digest of the state of static/'s images: pages show their sizes and hashed variant names, so a
    changed image must re-render them (part of every page's fingerprint). SVGs count too: the masthead
    shows the logo at the size its file gives (markup.size)."""
    rows = []
    for path in sorted((site_dir / "static").rglob("*")):
        if is_resizable(path.name) or path.name.lower().endswith(".svg"):
            try:
                stat = path.stat()
            except OSError:
                continue
            rows.append(f"{path.relative_to(site_dir).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(rows).encode("utf-8", "surrogateescape")).hexdigest()  # any file name
