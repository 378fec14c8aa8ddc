"""Runs the Nu HTML Checker (vnu.jar) over generated pages and reports its errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[2]
DEFAULT_JAR = REPO / ".tools/node/node_modules/vnu-jar/build/dist/vnu.jar"
# Keep each command line far below ARG_MAX (~2 MB on Linux) so huge sites still run.
MAX_ARGS_CHARS = 100_000
ERROR_TYPES = frozenset({"error", "non-document-error"})


def find_vnu_jar() -> Path | None:
    """$VNU_JAR if set (and existing), else the jar scripts/setup-tests.sh installs; None if absent."""
    override = os.environ.get("VNU_JAR")
    if override:
        # An explicit override that is wrong should not silently fall back to another jar.
        path = Path(override)
        return path if path.is_file() else None
    return DEFAULT_JAR if DEFAULT_JAR.is_file() else None


def run_vnu(paths: list[Path], *, root: Path | None = None) -> list[str]:
    """Validate HTML files; returns "rel/path.html:LINE:COL: message" for every error (warnings ignored).

    Paths in the result are relative to root (default: the deepest folder containing all paths).
    Raises RuntimeError if java or the jar is missing, so validator tests fail instead of skipping.
    """
    if not paths:
        return []
    java, jar = _require_tools()
    files = [Path(p).resolve() for p in paths]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        # vnu silently skips missing files, which would make them look valid.
        raise FileNotFoundError(f"cannot validate missing files: {missing}")
    base = Path(root).resolve() if root else Path(os.path.commonpath([f.parent for f in files]))
    errors: list[str] = []
    for batch in _batches([str(f) for f in files]):
        errors += [_format(m, base) for m in _run_batch(java, jar, batch) if m.get("type") in ERROR_TYPES]
    return errors


def _require_tools() -> tuple[str, Path]:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java not found on PATH: run scripts/setup-tests.sh (vnu.jar needs a JRE)")
    jar = find_vnu_jar()
    if jar is None:
        where = f"VNU_JAR={os.environ['VNU_JAR']}" if os.environ.get("VNU_JAR") else str(DEFAULT_JAR)
        raise RuntimeError(f"vnu.jar not found at {where}: run scripts/setup-tests.sh")
    return java, jar


def _batches(args: list[str]) -> list[list[str]]:
    """Split file arguments so no single command line gets too long; normally one batch (one JVM)."""
    batches: list[list[str]] = [[]]
    size = 0
    for arg in args:
        if batches[-1] and size + len(arg) + 1 > MAX_ARGS_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(arg)
        size += len(arg) + 1
    return batches


def _run_batch(java: str, jar: Path, files: list[str]) -> list[dict]:
    # -Xss8m: the checker recurses deeply on nested markup and overflows the default stack.
    cmd = [java, "-Xss8m", "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always", *files]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"vnu produced no JSON (exit {proc.returncode}): {proc.stderr.strip()[:2000]}"
        ) from None
    return list(report.get("messages", []))


def _format(message: dict, base: Path) -> str:
    line = message.get("firstLine", message.get("lastLine", 0))
    col = message.get("firstColumn", message.get("lastColumn", 0))
    return f"{_display_path(message.get('url', ''), base)}:{line}:{col}: {message.get('message', '').strip()}"


def _display_path(url: str, base: Path) -> str:
    """vnu reports file: URLs (percent-encoded); turn them back into paths relative to base."""
    if not url.startswith("file:"):
        return url or "<vnu>"
    path = Path(unquote(urlsplit(url).path))
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return str(path)
