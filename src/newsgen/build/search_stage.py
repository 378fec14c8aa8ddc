"""The build's search stage (`search: true`): the index made from the staged pages, before the link check sees
them and before the commit switches them in (see output/search_index)."""

from __future__ import annotations

from ..output.search_index import IndexReport, stage_search_index
from ..output.writer import Staged
from .bookkeeping import guard
from .options import Run
from .timing import Timings


def search_stage(run: Run, staged: Staged, timings: Timings) -> IndexReport | None:
    """Stage the search index with the site; None without `search: true`, or in the dev server, which indexes
    after the reload (see serve/search_preview). A Pagefind failure fails the build: nothing is written."""
    if not run.config.search or run.options.search_later:
        return None
    with timings.stage("search"):
        return guard(lambda: stage_search_index(staged))
