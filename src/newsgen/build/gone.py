"""The "address published last time is gone" warning: what the last build published, and by which file.

The live files come from the output bookkeeping (output_state.live); which file made each page comes from
the build record (see incremental.build_record). Without one, there is nothing to say.
"""

from __future__ import annotations

from ..core.errors import Problem
from ..site.redirects import gone_warnings
from .options import Run
from .plan_stage import Plan

_INDEX = "index.html"


def gone_address_warnings(run: Run, planned: Plan) -> list[Problem]:
    """A warning, with the `aliases:` line to add, for each page of the last build whose file moved it."""
    moved = _last_owners(run)
    if not moved:
        return []
    previous = [rel.removesuffix(_INDEX) for rel in run.output_state.live if rel.endswith(_INDEX)]
    site = planned.site
    current = {o.source: (o.path, o.lines.get("title")) for o in (*site.articles, *site.expired, *site.pages)}
    return gone_warnings(previous, current, moved, {spec.path for spec in planned.specs})


def _last_owners(run: Run) -> dict[str, str]:
    """Site path -> the source file whose page the last build wrote there."""
    if run.record is None:
        return {}
    return {known.page.removesuffix(_INDEX): rel for rel, known in run.record.sources.items() if known.page}
