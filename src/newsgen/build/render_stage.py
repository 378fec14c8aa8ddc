"""The render stage: fingerprint every output, render those whose fingerprint changed, stage static files."""

from __future__ import annotations

from pathlib import Path

from ..check.page_scan import Page
from ..core.config import SiteConfig
from ..core.errors import BuildFailed, Problem
from ..core.models import Site
from ..incremental.build_record import Context
from ..incremental.fingerprint import Fingerprinter, template_digests
from ..output.static_files import scan_static
from ..output.writer import Staged
from ..photos import stage as photos
from ..render.environment import make_environment
from ..site.authors import AUTHORS_FILE, Profile
from ..site.plan import OutputSpec
from . import pool
from .options import BuildOptions
from .progress import Progress
from .work_items import Renderer, RenderJob, RenderResult, render_range


def render_changed(specs: tuple[OutputSpec, ...], site: Site, profiles: tuple[Profile, ...] | None,
                    config: SiteConfig, options: BuildOptions, db_path: Path, staged: Staged, jobs: int,
                    scans: dict[str, Page], keep_rows: bool = False) -> tuple[int, Context, dict[str, str]]:
    """Render every output whose fingerprint changed (or whose file is gone). Returns how many rendered,
    what fingerprinted them and, with `keep_rows`, the build record's rows of the outputs rendered (see
    incremental.record_rows)."""
    sections = tuple(listing.term for listing in site.sections)
    todo: list[RenderJob] = []
    env = make_environment(options.site_dir, config, sections)
    authors_file = options.site_dir / AUTHORS_FILE
    context = Context(templates=template_digests(env), sections=sections,
                      shared=repr((sections, profiles, authors_file.is_file(), photos.static_state(options.site_dir))))
    fingerprinter = fingerprinter_for(context, config, options)
    for spec in specs:
        fingerprint = fingerprinter.of(spec)
        if options.use_cache and staged.up_to_date(spec.file, fingerprint):
            staged.keep(spec.file)
        else:
            todo.append(RenderJob(spec=spec, fingerprint=fingerprint, previous=staged.previous.get(spec.file)))
    renderer_args = {"site_dir": options.site_dir, "config": config, "sections": sections, "db_path": db_path,
                     "scan_links": options.check_links, "spec_rows": keep_rows,
                     "output_dir": staged.output_dir, "staging": staged.staging, "now": options.now}
    progress = Progress("rendering", len(todo), enabled=options.progress)
    recorder = Recorder(staged, scans)
    if len(todo) >= pool.MIN_RENDER_ITEMS and jobs > 1:
        for batch in pool.run_parallel(render_range, (renderer_args, todo), len(todo), jobs, size=200):
            recorder.add(batch)  # batch by batch: 170,000 results never sit in memory at once
            progress.update(recorder.count)
    else:
        renderer = Renderer(**renderer_args)  # type: ignore[arg-type]
        try:
            for job in todo:
                recorder.add([renderer.render(job)])
                progress.update(recorder.count)
        finally:
            renderer.store.close()
    progress.close()
    return len(todo), context, recorder.finish()


def fingerprinter_for(context: Context, config: SiteConfig, options: BuildOptions) -> Fingerprinter:
    return Fingerprinter(config_digest=config.digest(), templates=context.templates, shared=context.shared,
                         now=options.now.isoformat())


class Recorder:
    """Takes rendered results as they come: notes each output in `staged` and its scan in `scans`, keeps
    the build record's rows, and collects the render errors."""

    def __init__(self, staged: Staged, scans: dict[str, Page]):
        self.staged, self.scans = staged, scans
        self.count = 0
        self.blobs: dict[str, str] = {}
        self._problems: dict[str, Problem] = {}
        self._strings: dict[str, str] = {}  # each worker's batch shares its strings; across batches, this does

    def add(self, results: list[RenderResult]) -> None:
        self.count += len(results)
        for result in results:
            if result.problem is not None:
                # One template mistake breaks many pages: report it once.
                # (A full disk fails every write alike: one message, naming the first file, is enough.)
                message = result.problem.message
                key = "cannot write:" if message.startswith("cannot write:") else str(result.problem)
                self._problems.setdefault(key.split(" (while rendering")[0], result.problem)
                continue
            self.staged.record(result.rel, result.sha, result.fingerprint, result.staged)
            if result.scan is not None:
                self.scans[result.rel] = result.scan.interned(self._strings)
            if result.row is not None:
                self.blobs[result.rel] = result.row

    def finish(self) -> dict[str, str]:
        """The build record's rows; raises BuildFailed with the render errors."""
        if self._problems:
            raise BuildFailed(list(self._problems.values()))
        return self.blobs


def copy_static(site_dir: Path, specs: tuple[OutputSpec, ...], staged: Staged, stage: photos.Stage
                ) -> tuple[tuple[Problem, ...], int]:
    """Stage the theme's and the site's static files; one that would replace a generated file is an error.
    JPEGs and PNGs go through the photo stage (cleaned, with variants). Returns a warning for each link left
    out (see output.static_files.scan_static) and how many images were cleaned."""
    owners = {spec.file: spec.origin for spec in specs}
    problems = []
    scan = scan_static(site_dir)
    images = []
    for static in scan.files:
        if static.rel in owners:
            problems.append(Problem(path=static.origin, message=(
                f"would overwrite /{static.rel}, which newsgen generates for {owners[static.rel]}; rename it")))
            continue
        if photos.is_resizable(static.rel):
            images.append(photos.Job(rel=static.rel, origin=static.origin, source=static.source))
            continue
        try:
            data = static.source.read_bytes()
        except OSError as exc:
            problems.append(Problem(path=static.origin, message=f"cannot read: {exc.strerror}"))
            continue
        staged.add(static.rel, data)
    cleaned = stage.run(images, staged, problems, pool.run_parallel)
    if problems:
        raise BuildFailed(problems)
    return scan.skipped, cleaned
