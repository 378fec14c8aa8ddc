"""What templates need to write a `<picture>`: sources per format, the fallback, the real size.

Pure over the file's bytes and the settings, so a render worker computes the same names the build's
photo stage writes. What the last build's photo stage learnt of an unchanged file (see known) is used
as it is; anything else is read and probed, and remembered per file state in each process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .known import KNOWN_FILE, file_state, known_info, load_known
from .probe import ImageInfo, ImageProblem, is_resizable, probe_file
from .svgsize import svg_size
from .variants import MIME, Settings, plan

OG_WIDTH = 1200  # Google Discover and the big social cards want an image at least 1200 px wide


@dataclass(frozen=True, slots=True)
class Source:
    type: str
    srcset: tuple[tuple[str, int], ...]  # (site path, width)


@dataclass(frozen=True, slots=True)
class Picture:
    src: str  # site path of the fallback (the original format, widest up to 1200)
    width: int
    height: int
    sources: tuple[Source, ...]  # modern formats first, then the original format; () for an SVG
    og: str  # site path of the social-card variant


def picture(static_dir: Path, path: str, settings: Settings, cache: Path | None = None) -> Picture | None:
    """The image's real size and variants. An SVG has its stated size and no variants. None for absolute
    URLs, a file that is not there, an SVG without a size and any other format (published as it is).
    `cache`: the photo stage's cache folder, whose table of known images saves reading the file."""
    if not path.startswith("/") or path.startswith("//"):
        return None
    svg = path.lower().endswith(".svg")
    if not svg and not is_resizable(path):
        return None
    rel = path.lstrip("/")
    source = static_dir / rel
    try:
        stat = source.stat()
    except OSError:
        return None
    if svg:
        return _vector(str(source), stat.st_mtime_ns, stat.st_size, path)
    info = known_info(_known(cache), rel, stat) if cache is not None else None
    if info is None:
        try:
            info = probe_file(str(source), file_state(stat))
        except ImageProblem:
            return None  # the build's photo stage reports it, naming the file
    return _picture(info, rel, settings)


def _known(cache: Path) -> dict[str, tuple[str, ImageInfo]]:
    try:
        mtime = (cache / KNOWN_FILE).stat().st_mtime_ns
    except OSError:
        return {}
    return _known_table(cache, mtime)


@functools.lru_cache(maxsize=4)
def _known_table(cache: Path, mtime: int) -> dict[str, tuple[str, ImageInfo]]:
    return load_known(cache)


@functools.lru_cache(maxsize=1024)
def _vector(source: str, mtime: int, size: int, path: str) -> Picture | None:
    try:
        found = svg_size(Path(source).read_bytes())
    except OSError:
        return None
    if found is None:
        return None
    return Picture(src=path, width=found[0], height=found[1], sources=(), og=path)


@functools.lru_cache(maxsize=4096)
def _picture(info: ImageInfo, rel: str, settings: Settings) -> Picture:
    variants = plan(rel, info, settings)
    formats = list(dict.fromkeys(v.format for v in variants))
    sources = tuple(Source(type=MIME[fmt], srcset=tuple(("/" + v.rel, v.width) for v in variants
                                                         if v.format == fmt)) for fmt in formats)
    fallback = [v for v in variants if v.format == info.format]
    chosen = next((v for v in fallback if v.width >= OG_WIDTH), fallback[-1])
    return Picture(src="/" + chosen.rel, width=info.width, height=info.height, sources=sources,
                   og="/" + chosen.rel)


def size(static_dir: Path, path: str, settings: Settings, cache: Path | None = None) -> tuple[int, int] | None:
    """The real (width, height) of an image under static/: JPEG and PNG from their header, SVG from its root
    element; None for an absolute URL, a missing file or a size the file does not give."""
    found = picture(static_dir, path, settings, cache)
    return (found.width, found.height) if found is not None else None


def og_path(static_dir: Path, path: str, settings: Settings, cache: Path | None = None) -> str:
    """The social-card (1200-px) variant of a photo, or the path itself where the pipeline leaves it."""
    found = picture(static_dir, path, settings, cache)
    return found.og if found is not None else path
