"""The build's photo stage: every JPEG and PNG under static/ is published cleaned, with its variants.

A variant's bytes are kept in the cache folder under its key (image bytes, width, format, quality), so a
rebuild only decodes new or changed images; an image whose file is as the last build found it (see known)
is not even read, and its outputs already in the output folder are kept as they are (their fingerprint is
their key). The work left is split into tasks for the process pool (`process_range`, see build/pool.py):
an image per task, or, when fewer images need work than there are workers (one new photo), an image's
widths shared out between tasks so that every core has a part of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..core.errors import Problem
from .known import file_state, known_info, load_known, save_known
from .probe import ImageInfo, ImageProblem, is_resizable, probe, probe_file
from .variants import ENCODER, Settings, Variant, make, plan

__all__ = ["CACHE_FOLDER", "Job", "Stage", "is_resizable", "static_state", "summary"]

CACHE_FOLDER = "images"


@dataclass(frozen=True, slots=True)
class Job:
    rel: str  # path under static/, e.g. images/harbour.jpg
    origin: str  # what errors name, e.g. static/images/harbour.jpg
    source: Path


@dataclass(frozen=True, slots=True)
class Task:
    """Part of one image's work: the variants to make and whether the cleaned original is one of them."""

    job: Job
    info: ImageInfo | None  # None: not probed yet (the worker reads and probes it)
    variants: tuple[Variant, ...] | None  # None: every variant the image needs
    original: bool
    state: str = ""  # the file's state when `info` was found (see known.file_state)


@dataclass(frozen=True, slots=True)
class Result:
    rel: str
    files: tuple[tuple[str, bytes, str], ...] = ()  # (output path, bytes, key): the original and variants
    problem: str = ""  # an error message naming the file
    info: ImageInfo | None = None


class Outputs(Protocol):
    """What the stage publishes into (output.writer.Staged)."""

    def add(self, rel: str, data: bytes, fingerprint: str = "") -> None: ...
    def up_to_date(self, rel: str, fingerprint: str) -> bool: ...
    def keep(self, rel: str) -> None: ...


def original_of(rel: str, info: ImageInfo, settings: Settings) -> Variant:
    """The published original as a variant: its own path, a key of what makes it."""
    key = hashlib.sha256(f"{ENCODER}:original:{info.digest}:{settings.quality}:{settings.keep_metadata}"
                         .encode()).hexdigest()
    return Variant(rel=rel, width=info.width, height=info.height, format=info.format, quality=settings.quality,
                   key=key)


def cache_file(cache: Path, variant: Variant) -> Path:
    return cache / f"{variant.key}.{variant.rel.rsplit('.', 1)[1]}"


def cached(cache: Path | None, variant: Variant) -> bytes | None:
    if cache is None:
        return None
    try:
        return cache_file(cache, variant).read_bytes()
    except OSError:
        return None


def remember(cache: Path | None, variant: Variant, data: bytes) -> None:
    if cache is None:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        target = cache_file(cache, variant)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)  # a build killed mid-write leaves no half image under a good name
    except OSError:
        pass  # the cache is a speed-up: an unwritable one only costs time


def process(task: Task, settings: Settings, cache: Path | None) -> Result:
    """One task: the image read (and probed when not yet), its variants made and cached."""
    job = task.job
    try:
        data = job.source.read_bytes()
    except OSError as exc:
        return Result(rel=job.rel, problem=f"{job.origin}: cannot read: {exc.strerror}")
    try:
        info = task.info or probe(data)
        if task.info is not None and not same_state(job.source, task.state):
            raise ImageProblem("changed while the build was running; build again")
        files = outputs_of(task, data, info, settings, cache)
    except ImageProblem as exc:
        return Result(rel=job.rel, problem=f"{job.origin}: {exc}")
    return Result(rel=job.rel, files=tuple((rel, blob, key) for rel, (blob, key) in sorted(files.items())),
                  info=info)


def outputs_of(task: Task, data: bytes, info: ImageInfo, settings: Settings, cache: Path | None
               ) -> dict[str, tuple[bytes, str]]:
    """{output path: (bytes, key)} of the task's variants (and original): from the cache, or made now."""
    variants = task.variants if task.variants is not None else plan(task.job.rel, info, settings)
    wanted = variants + ((original_of(task.job.rel, info, settings),) if task.original else ())
    files = {v.rel: (found, v.key) for v in wanted if (found := cached(cache, v)) is not None}
    todo = tuple(v for v in variants if v.rel not in files)
    original = wanted[-1] if task.original and task.job.rel not in files else None
    if todo or original is not None:
        for variant, blob in made_now(data, info, todo, original, settings):
            files[variant.rel] = (blob, variant.key)
            remember(cache, variant, blob)
    return files


def made_now(data: bytes, info: ImageInfo, todo: tuple[Variant, ...], original: Variant | None,
             settings: Settings) -> list[tuple[Variant, bytes]]:
    """The variants of `todo` and the published original (when not None), made from the image's bytes."""
    made, cleaned = make(data, todo, settings.keep_metadata,
                         (info.format, settings.quality) if original is not None else None)
    found = [(variant, made[variant.rel]) for variant in todo]
    if original is not None:
        found.append((original, cleaned or data))  # keep_metadata: the original as it is
    return found


def same_state(path: Path, state: str) -> bool:
    """True when the file (just read) is in the state its info was found in: no need to hash it again."""
    try:
        return file_state(path.stat()) == state
    except OSError:
        return False


def process_range(payload: Any, state: dict[str, Any], start: int, end: int) -> list[Result]:
    """The pool's task: payload is (tasks, settings, cache folder)."""
    tasks, settings, cache = payload
    return [process(task, settings, cache) for task in tasks[start:end]]


def publish(results: list[Result], outputs: Outputs, problems: list[Problem], states: dict[str, str],
            fresh: dict[str, tuple[str, ImageInfo]]) -> set[str]:
    """Add the results' files to `outputs` and what was probed to `fresh`; returns the images that failed
    (each reported once in `problems`, however many tasks it had)."""
    failed: set[str] = set()
    for result in results:
        if result.problem:
            if result.rel not in failed:
                path, _, message = result.problem.partition(": ")
                problems.append(Problem(path=path, message=message))
            failed.add(result.rel)
            continue
        for rel, data, key in result.files:
            outputs.add(rel, data, key)
        if result.info is not None:
            fresh[result.rel] = (states[result.rel], result.info)
    return failed


def split(job: Job, info: ImageInfo, variants: tuple[Variant, ...], original: bool, parts: int,
          state: str) -> list[Task]:
    """One image's variants shared out by width into `parts` tasks of about the same number of pixels (a
    width's formats stay together: they share one resize)."""
    widths = sorted({v.width for v in variants}, reverse=True)
    loads = [0] * parts
    groups: list[list[int]] = [[] for _ in range(parts)]
    for width in widths:  # greedy, widest first: each width to the lightest part so far
        lightest = loads.index(min(loads))
        groups[lightest].append(width)
        loads[lightest] += width * width
    lightest = loads.index(min(loads))
    return [Task(job=job, info=info, variants=tuple(v for v in variants if v.width in group),
                 original=original and n == lightest, state=state) for n, group in enumerate(groups)
            if group or original and n == lightest]


@dataclass(frozen=True, slots=True)
class Stage:
    """The photo stage of one build: its settings, its cache folder (None: --no-cache) and pool size."""

    settings: Settings
    cache: Path | None
    jobs: int

    def run(self, images: list[Job], outputs: Outputs, problems: list[Problem],
            run_parallel: Callable[..., Any]) -> int:
        """Publish every image into `outputs`; errors go to `problems`. Returns how many were cleaned."""
        known = load_known(self.cache)
        fresh: dict[str, tuple[str, ImageInfo]] = {}
        tasks: list[Task] = []
        states: dict[str, str] = {}
        for job in images:
            try:
                stat = job.source.stat()
            except OSError as exc:
                problems.append(Problem(path=job.origin, message=f"cannot read: {exc.strerror}"))
                continue
            states[job.rel] = file_state(stat)
            info = known_info(known, job.rel, stat)
            if info is None:
                tasks.append(Task(job=job, info=None, variants=None, original=True))
                continue
            fresh[job.rel] = (states[job.rel], info)
            tasks += self._still_to_do(job, info, outputs, states[job.rel])
        tasks = self._shared_out(tasks)
        failed = publish(self._results(tasks, run_parallel), outputs, problems, states, fresh)
        if self.cache is not None and fresh != {rel: known[rel] for rel in fresh if rel in known}:
            save_known(self.cache, fresh)
        return 0 if self.settings.keep_metadata else sum(rel not in failed for rel in states)

    def _still_to_do(self, job: Job, info: ImageInfo, outputs: Outputs, state: str) -> list[Task]:
        """The image's outputs kept where the output folder has them; a task for the rest (or none)."""
        variants = plan(job.rel, info, self.settings)
        original = original_of(job.rel, info, self.settings)
        todo = []
        for variant in (*variants, original):
            if outputs.up_to_date(variant.rel, variant.key):
                outputs.keep(variant.rel)
            else:
                todo.append(variant)
        if not todo:
            return []
        return [Task(job=job, info=info, variants=tuple(v for v in todo if v is not original),
                     original=original in todo, state=state)]

    def _shared_out(self, tasks: list[Task]) -> list[Task]:
        """Fewer images to make than workers: each image's widths shared out between the workers (an image
        not probed yet is probed here, which reads it once more but lets every core work on it)."""
        if not tasks or len(tasks) >= self.jobs or self.jobs < 2:
            return tasks
        shared: list[Task] = []
        for task in tasks:
            info, state = task.info, task.state
            if info is None:
                try:
                    state = file_state(task.job.source.stat())
                    info = probe_file(str(task.job.source), state)  # the pages' markup read it already
                except (OSError, ImageProblem):
                    shared.append(task)  # the worker reports it, naming the file
                    continue
            variants = task.variants if task.variants is not None else plan(task.job.rel, info, self.settings)
            shared += split(task.job, info, variants, task.original, max(1, self.jobs // len(tasks)), state)
        return shared

    def _results(self, tasks: list[Task], run_parallel: Callable[..., Any]) -> list[Result]:
        payload = (tasks, self.settings, self.cache)
        if len(tasks) >= 2 and self.jobs > 1:
            return [result for batch in run_parallel(process_range, payload, len(tasks), self.jobs, size=1)
                    for result in batch]
        return process_range(payload, {}, 0, len(tasks))


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
