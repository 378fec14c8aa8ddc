"""Reading an image's header: format, upright size (EXIF orientation applied) and a content digest."""

from __future__ import annotations

import functools
import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Pixels one image may have before it is refused as a decompression bomb: 100 megapixels is well above
# any camera a newsroom uses (a 61 MP full-frame sensor) and well below what exhausts a build machine.
MAX_PIXELS = 100_000_000

# The formats the pipeline resizes; anything else (SVG, GIF, ICO) is published as it is.
RESIZABLE = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
_ORIENTATION = 0x0112
_SIDEWAYS = {5, 6, 7, 8}  # orientations that swap width and height


class ImageProblem(Exception):
    """An image that cannot be published: the message says what was found and how to fix it."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: str  # "JPEG" or "PNG"
    width: int  # upright, after the EXIF orientation
    height: int
    digest: str  # sha256 of the file's bytes, hex


# The root element's size: `width`/`height` in px (or unitless), else the `viewBox`'s width and height.


def is_resizable(rel: str) -> bool:
    return any(rel.lower().endswith(suffix) for suffix in RESIZABLE)


def probe(data: bytes) -> ImageInfo:
    """Header only: no pixels are decoded. Raises ImageProblem for what Pillow cannot read or refuses."""
    with opened(data) as image:
        if image.format not in ("JPEG", "PNG"):
            raise ImageProblem(f"the file holds a {image.format or 'unknown'} image, not the JPEG or PNG its name "
                               "says; convert it, or rename it to what it is")
        width, height = image.size
        if image.getexif().get(_ORIENTATION) in _SIDEWAYS:
            width, height = height, width
        return ImageInfo(format=image.format or "", width=width, height=height,
                         digest=hashlib.sha256(data).hexdigest())


@functools.lru_cache(maxsize=4096)
def probe_file(path: str, state: str) -> ImageInfo:
    """probe() of the file at `path`, remembered in this process per file state (see known.file_state): a
    photo the pages show is read once per build, not once by its page and once by the photo stage."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImageProblem(f"cannot read: {exc.strerror}") from None
    return probe(data)


def opened(data: bytes) -> Image.Image:
    """Image.open with every failure turned into an ImageProblem (the caller adds the file name)."""
    # Pillow is imported where an image is opened: a build whose photos are all known (an edit) never
    # loads it (a fiftieth of a second).
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(f"image too large to decode safely (over {MAX_PIXELS // 1_000_000} megapixels); "
                           "resize it before publishing") from None
    except UnidentifiedImageError:
        # Pillow's own message names an in-memory buffer and its address: nothing a user can act on.
        raise ImageProblem("cannot read the image: the file is not a JPEG or PNG that can be decoded (damaged, "
                           "truncated or another format); export it again as JPEG or PNG") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageProblem(f"cannot read the image ({exc}); export it again as JPEG or PNG") from None
