"""Responsive variants: which to make (pure), and making one (decode, upright, resize, encode)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ..core.settingrules import ImageSettings as Settings
from .metadata import credit_exif
from .probe import ImageInfo, ImageProblem, opened

if TYPE_CHECKING:  # Pillow itself is imported where pixels are made (see probe.opened)
    from PIL import Image

FOLDER = "_img"  # output folder of the variants: hashed names, so they can be cached forever
EXTENSIONS = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
# Part of every variant's key: raise it when the encoding changes, so cached and published names move on.
ENCODER = "pillow-1"
MIME = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass(frozen=True, slots=True)
class Variant:
    rel: str  # output path, e.g. _img/harbour-800-3f2a9c01be.webp
    width: int
    height: int
    format: str
    quality: int
    key: str  # what makes it: (image bytes, width, format, quality, metadata choice)


def modern_formats() -> tuple[str, ...]:
    """AVIF only where the installed Pillow can write it (found at run time, not guessed from versions)."""
    from PIL import features

    return ("AVIF", "WEBP") if features.check("avif") else ("WEBP",)


def widths_for(info: ImageInfo, settings: Settings) -> tuple[int, ...]:
    """The configured widths up to the image's own; never upscaled, so a small image has its own width."""
    return tuple(sorted({w for w in settings.widths if w < info.width} | {min(info.width, max(settings.widths))}))


def plan(rel: str, info: ImageInfo, settings: Settings) -> tuple[Variant, ...]:
    """Every variant of one image, modern formats first; names carry a hash of what makes them."""
    stem = PurePosixPath(rel).stem
    made = []
    for fmt in modern_formats() + (info.format,):
        for width in widths_for(info, settings):
            height = max(1, round(info.height * width / info.width))
            key = hashlib.sha256(f"{ENCODER}:{info.digest}:{width}:{fmt}:{settings.quality}:"
                                 f"{settings.keep_metadata}".encode()).hexdigest()
            made.append(Variant(rel=f"{FOLDER}/{stem}-{width}-{key[:10]}.{EXTENSIONS[fmt]}", width=width,
                                height=height, format=fmt, quality=settings.quality, key=key))
    return tuple(made)


def upright(data: bytes) -> tuple[Image.Image, Image.Exif]:
    """The decoded pixels with the EXIF orientation applied, and the credit-only EXIF to write back."""
    from PIL import ImageOps

    image = opened(data)
    try:
        image.load()
    except (OSError, ValueError) as exc:
        raise ImageProblem(f"the image is truncated or damaged ({exc}); export it again") from None
    kept = credit_exif(image)
    turned = ImageOps.exif_transpose(image)
    # The colour profile is not metadata about anyone: without it an Adobe RGB photo shows washed out.
    turned.info["icc_profile"] = image.info.get("icc_profile")
    return turned, kept


def encode(image: Image.Image, fmt: str, quality: int, exif: Image.Exif | None, icc: bytes | None = None
           ) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    options: dict[str, object] = {"quality": quality} if fmt != "PNG" else {"optimize": True}
    if fmt == "AVIF":
        options["speed"] = 8  # libavif's default (6) takes seconds per photo for a few percent of size
        # AVIF's quality scale is not WebP's or JPEG's: at the same number it spends about twice the bytes
        # (benchmarks/photos.py's originals: 63 KB at 80 against WebP's 31 KB); 20 lower looks alike.
        options["quality"] = max(1, quality - 20)
    if exif is not None and len(exif):
        options["exif"] = exif.tobytes()
    if icc:
        options["icc_profile"] = icc
    image.save(out, fmt, **options)
    return out.getvalue()


def make(data: bytes, variants: tuple[Variant, ...], keep_metadata: bool, original: tuple[str, int] | None = None
         ) -> tuple[dict[str, bytes], bytes | None]:
    """Decode once, write every variant of the image: ({rel: bytes}, the cleaned original when `original`
    (its format and the quality setting) asks for it and metadata is not kept, else None). Each width is
    resized once, for all of its formats."""
    if not variants and (keep_metadata or original is None):
        return {}, None
    image, kept = upright(data)
    exif = image.getexif() if keep_metadata else kept
    icc = image.info.get("icc_profile")
    made: dict[str, bytes] = {}
    from PIL import Image

    resized: dict[tuple[int, int], Image.Image] = {}
    for variant in variants:
        size = (variant.width, variant.height)
        if size not in resized:
            resized[size] = image if variant.width == image.width else image.resize(size, Image.Resampling.LANCZOS)
        made[variant.rel] = encode(resized[size], variant.format, variant.quality, exif, icc)
    if original is None or keep_metadata:
        return made, None
    # The published original: upright pixels, credit-only metadata. JPEGs are re-encoded at a high quality
    # (the pixels must be rewritten to apply the orientation anyway).
    fmt, quality = original
    return made, encode(image, fmt, max(quality, 90), kept, icc)
