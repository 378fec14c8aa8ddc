"""Writing the site to disk: staged, switched atomically, identical files skipped, only newsgen's own files
replaced or deleted.

Rendered files go to a staging folder first; only when every output of the build has rendered without
error does the new site replace the old one, in one atomic step (see generations.py). A failed or killed
build therefore leaves the previous output exactly as it was.

The build's bookkeeping (which files newsgen wrote, with their digests and the fingerprints of what they
were made from) lives in a folder beside the output, never inside it, so it is never deployed. It is the
only licence to replace or delete: a file newsgen did not write, or one changed since it wrote it, is
kept as it is, with a warning.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Problem, UserError
from .generations import STAGING, Entry, State, bookkeeping_dir, commit, load_state, write_file
from .state_files import outside

__all__ = ["Entry", "Staged", "WriteReport", "check_output_path", "digest", "load_manifest", "stage",
           "write_file", "write_outputs"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int
    warnings: tuple[Problem, ...] = ()


def load_manifest(output_dir: Path) -> dict[str, Entry]:
    """Files newsgen wrote into `output_dir`; {} for a new or empty folder (see generations.load_state)."""
    return load_state(output_dir).live


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_output_path(rel: str) -> None:
    """Refuse an output path that could resolve outside the output folder ('..', absolute, empty segments)."""
    if outside(rel) or "\\" in rel:  # (a backslash: a separator to some static hosts)
        raise UserError(rel or "(empty path)", "output path would leave the output folder or is not a plain "
                        "relative path; newsgen writes only inside its output folder (check `permalink:`, "
                        "`slug:` and file names)")


def stage(staging: Path, rel: str, data: bytes, previous: Entry | None, output_dir: Path,
          made: set[str] | None = None) -> tuple[str, bool]:
    """Put `data` in the staging folder unless the output already holds these bytes. Returns (sha, staged).
    `made`: the folders this caller has already made in the staging folder (one mkdir per folder, not per file)."""
    check_output_path(rel)
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

    def __init__(self, output_dir: Path, state: State | dict[str, Entry]):
        self.output_dir = output_dir
        self.state = state if isinstance(state, State) else State(entries=dict(state))
        self.previous = self.state.live
        self.staging = bookkeeping_dir(output_dir) / STAGING
        shutil.rmtree(self.staging, ignore_errors=True)  # a crashed build's leftovers: ours by name
        self.entries: dict[str, Entry] = {}
        self.staged: list[str] = []
        self._root = str(output_dir) + os.sep
        self._made: set[str] = set()  # folders made in the staging folder

    def add(self, rel: str, data: bytes, fingerprint: str = "") -> None:
        try:
            sha, staged = stage(self.staging, rel, data, self.previous.get(rel), self.output_dir, self._made)
        except OSError as exc:
            raise staging_error(exc, self.output_dir, rel) from None
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

    def commit(self, *, strict: bool = False, label: str = "") -> WriteReport:
        """Switch the output folder to the new site in one step; see generations.commit."""
        report = commit(self.output_dir, self.state, self.entries, self.staged, strict=strict, label=label)
        return WriteReport(written=report.written, unchanged=report.unchanged, removed=report.removed,
                           warnings=report.warnings)


def staging_error(exc: OSError, output_dir: Path, rel: str = "") -> UserError:
    """A write error while staging (disk full, permissions): one message naming the output file it was for;
    nothing in the output folder changed."""
    where = output_dir / rel if rel else Path(exc.filename or output_dir)
    return UserError(str(where), f"cannot write: {exc.strerror or exc}. The site in {output_dir} was left as it was")


def _same_size(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size == size
    except OSError:
        return False


def write_outputs(output_dir: Path, outputs: dict[str, bytes], previous: dict[str, Entry] | State) -> WriteReport:
    """Stage and commit a whole set of outputs at once (small sites, tests)."""
    staged = Staged(output_dir, previous if isinstance(previous, State) else load_state(output_dir))
    for rel in sorted(outputs):
        staged.add(rel, outputs[rel])
    return staged.commit()
