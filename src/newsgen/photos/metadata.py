"""Metadata that can expose a source: GPS position and device serial numbers go, credit fields stay."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Kept: who made the photo and who owns it, which newsrooms are bound to publish.
KEEP_TAGS = {
    0x010E: "ImageDescription",
    0x013B: "Artist",
    0x8298: "Copyright",
}


def credit_exif(image: Image.Image) -> Image.Exif:
    """A fresh EXIF block holding only the credit fields of `image`: everything else (the GPS IFD, body and
    lens serial numbers, maker notes, the orientation already applied to the pixels) is left out."""
    from PIL import Image

    source = image.getexif()
    kept = Image.Exif()
    for tag in KEEP_TAGS:
        if tag in source:
            kept[tag] = source[tag]
    return kept
