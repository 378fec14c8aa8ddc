"""Writing the site to disk: staged, atomic, identical files skipped, pruning only what newsgen wrote.

Rendered files go to a staging folder beside the output first; only when every output of the build has
rendered without error are they moved into place (a rename each). A failed build therefore leaves the
previous output exactly as it was.

The manifest (`.newsgen-manifest.json` in the output folder) records every file a build wrote, its
digest and the fingerprint of what it was made from. It is the only licence to delete: a file not in
the manifest is the user's and is never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

MANIFEST = ".newsgen-manifest.json"
MANIFEST_FORMAT = 2


@dataclass(frozen=True, slots=True)
class Entry:
    """One file newsgen wrote: its sha256 and the fingerprint of its inputs ('' for static files)."""

    sha: str
    fingerprint: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def load_manifest(output_dir: Path) -> dict[str, Entry]:
    """Files newsgen wrote into `output_dir`; {} for a new or empty folder.

    Raises UserError for a non-empty folder that newsgen did not create: building there could
    overwrite the user's files, and pruning would have nothing to tell them apart by.
    """
    path = output_dir / MANIFEST
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("generator") == "newsgen" and isinstance(data.get("files"), dict):
                return {str(k): _entry(v) for k, v in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        raise UserError(str(path), "the build manifest is damaged; delete the output folder and build again")
    if output_dir.exists() and (not output_dir.is_dir() or any(output_dir.iterdir())):
        raise UserError(str(output_dir), "output folder is not empty and was not made by newsgen (no "
                        f"{MANIFEST}); newsgen will not write among files it did not make. Choose another "
                        "folder with --output, or empty this one")
    return {}


def _entry(value: object) -> Entry:
    if isinstance(value, str):  # format 1: digest only
        return Entry(value)
    if isinstance(value, list) and len(value) == 2:
        return Entry(str(value[0]), str(value[1]))
    raise ValueError(value)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def staging_dir(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.newsgen-staging"


def stage(staging: Path, rel: str, data: bytes, previous: Entry | None, output_dir: Path,
          made: set[str] | None = None) -> tuple[str, bool]:
    """Put `data` in the staging folder unless the output already holds these bytes. Returns (sha, staged).
    `made`: the folders this caller has already made in the staging folder (one mkdir per folder, not per file)."""
    sha = digest(data)
    if previous is not None and previous.sha == sha and _same_size(output_dir / rel, len(data)):
        return sha, False
    target = os.path.join(staging, rel)  # strings, not Path: this runs for every file of a build
    folder = os.path.dirname(target)
    if made is None or folder not in made:
        os.makedirs(folder, exist_ok=True)
        if made is not None:
            made.add(folder)
    with open(target, "wb") as handle:
        handle.write(data)
    return sha, True


class Staged:
    """The files of one build on their way to the output folder."""

    def __init__(self, output_dir: Path, previous: dict[str, Entry]):
        self.output_dir = output_dir
        self.previous = previous
        self.staging = staging_dir(output_dir)
        shutil.rmtree(self.staging, ignore_errors=True)  # a crashed build's leftovers: ours by name
        self.entries: dict[str, Entry] = {}
        self.staged: list[str] = []
        self._root = str(output_dir) + os.sep
        self._made: set[str] = set()  # folders made in the staging folder

    def add(self, rel: str, data: bytes, fingerprint: str = "") -> None:
        sha, staged = stage(self.staging, rel, data, self.previous.get(rel), self.output_dir, self._made)
        self.record(rel, sha, fingerprint, staged)

    def record(self, rel: str, sha: str, fingerprint: str, staged: bool) -> None:
        """Note a file rendered (and maybe staged) elsewhere, e.g. by a worker process."""
        self.entries[rel] = Entry(sha, fingerprint)
        if staged:
            self.staged.append(rel)

    def keep(self, rel: str) -> None:
        """The output is up to date (same fingerprint, file present): carry its manifest entry over."""
        self.entries[rel] = self.previous[rel]

    def up_to_date(self, rel: str, fingerprint: str) -> bool:
        entry = self.previous.get(rel)
        # os.path on a joined string: this runs for every output of every build, and pathlib is slower.
        return entry is not None and entry.fingerprint == fingerprint and os.path.isfile(self._root + rel)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self) -> WriteReport:
        """Move staged files into place, prune what is no longer produced, write the manifest."""
        moving = sorted(self.staged)
        if moving and not self.output_dir.exists() and len(moving) == len(self.entries):
            # A first build: the staging folder holds the whole site; one rename puts it in place.
            self.output_dir.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.output_dir)
            moving = []
        self.output_dir.mkdir(parents=True, exist_ok=True)
        for rel in moving:
            target = self.output_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / rel, target)
        removed = prune(self.output_dir, [rel for rel in self.previous if rel not in self.entries])
        manifest = {rel: (e.sha, e.fingerprint) for rel, e in self.entries.items()}
        # Compact and sorted: deterministic bytes, and quick to write for 100,000 files.
        write_file(self.output_dir / MANIFEST, (json.dumps(
            {"generator": "newsgen", "format": MANIFEST_FORMAT, "files": manifest}, separators=(",", ":"),
            sort_keys=True) + "\n").encode())
        shutil.rmtree(self.staging, ignore_errors=True)
        written = len(self.staged)
        return WriteReport(written=written, unchanged=len(self.entries) - written, removed=removed)


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


def write_outputs(output_dir: Path, outputs: dict[str, bytes], previous: dict[str, Entry]) -> WriteReport:
    """Stage and commit a whole set of outputs at once (small sites, tests)."""
    staged = Staged(output_dir, previous)
    for rel in sorted(outputs):
        staged.add(rel, outputs[rel])
    return staged.commit()
