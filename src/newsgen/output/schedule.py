"""The schedule file for CI: when the next held-back article becomes due and the next listed one expires.

Static hosting has no server to publish at 09:00; a CI schedule rebuilds instead, and this file (beside
the output folder, so it is never deployed) tells it when a rebuild will change the site.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.models import Site
from .writer import write_file

SCHEDULE_FILE = ".newsgen-schedule.json"


def schedule_path(output_dir: Path) -> Path:
    return output_dir.parent / SCHEDULE_FILE


def write_schedule(output_dir: Path, site: Site) -> None:
    """Write {"next_due": ..., "next_expiry": ..., "next_unfeature": ...} (RFC 3339 or null) next to the output
    folder. `next_expiry` is the earliest moment a listed article expires or stops being featured, or a
    live blog's update falls due or its coverage ends (the one a rebuild must happen at); `next_unfeature` is the featured part of it alone."""
    data = {
        "next_due": site.next_due.isoformat() if site.next_due else None,
        "next_expiry": site.next_expiry.isoformat() if site.next_expiry else None,
        "next_unfeature": site.next_unfeature.isoformat() if site.next_unfeature else None,
        "output": output_dir.name,
    }
    write_file(schedule_path(output_dir), (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
