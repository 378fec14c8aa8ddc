"""Writing the site to disk: atomic file writes, identical files skipped, and pruning only what newsgen wrote.

The manifest (`.newsgen-manifest.json` in the output folder) records every file a build wrote and its
digest. It is the only licence to delete: a file not in the manifest is the user's and is never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

MANIFEST = ".newsgen-manifest.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def load_manifest(output_dir: Path) -> dict[str, str]:
    """Files (path -> sha256) that newsgen wrote into `output_dir`; {} for a new or empty folder.

    Raises UserError for a non-empty folder that newsgen did not create: building there could
    overwrite the user's files, and pruning would have nothing to tell them apart by.
    """
    path = output_dir / MANIFEST
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = data["files"]
            if data.get("generator") == "newsgen" and isinstance(files, dict):
                return {str(k): str(v) for k, v in files.items()}
        except (OSError, ValueError, KeyError, TypeError):
            pass
        raise UserError(str(path), "the build manifest is damaged; delete the output folder and build again")
    if output_dir.exists() and (not output_dir.is_dir() or any(output_dir.iterdir())):
        raise UserError(str(output_dir), "output folder is not empty and was not made by newsgen (no "
                        f"{MANIFEST}); newsgen will not write among files it did not make. Choose another "
                        "folder with --output, or empty this one")
    return {}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_outputs(output_dir: Path, outputs: dict[str, bytes], previous: dict[str, str]) -> WriteReport:
    """Write `outputs` (relative path -> bytes) and prune files of `previous` no longer produced."""
    written = unchanged = 0
    manifest: dict[str, str] = {}
    for rel in sorted(outputs):
        data = outputs[rel]
        sha = digest(data)
        manifest[rel] = sha
        target = output_dir / rel
        if previous.get(rel) == sha and _same_size(target, len(data)):
            unchanged += 1
            continue
        write_file(target, data)
        written += 1
    removed = prune(output_dir, [rel for rel in previous if rel not in outputs])
    write_file(output_dir / MANIFEST, _manifest_bytes(manifest))
    return WriteReport(written=written, unchanged=unchanged, removed=removed)


def write_file(target: Path, data: bytes) -> None:
    """Write atomically: a reader (or a crash) never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.newsgen-tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, target)


def prune(output_dir: Path, stale: list[str]) -> int:
    """Delete files newsgen wrote before and no longer produces, then any folder that left empty."""
    removed = 0
    for rel in sorted(stale):
        target = output_dir / rel
        try:
            target.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        folder = target.parent
        while folder != output_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


def _same_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def _manifest_bytes(files: dict[str, str]) -> bytes:
    return (json.dumps({"generator": "newsgen", "files": files}, indent=0, sort_keys=True) + "\n").encode()
