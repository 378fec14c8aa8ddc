"""The drawn size of an SVG file, read from its root element: what the pipeline's probe does for JPEG and
PNG, so a template can give an SVG logo its real aspect ratio instead of a guessed square.

Only the opening `<svg ...>` tag is read, with a pattern rather than an XML parser: the file is never
expanded (no entities, no external references), so a hostile SVG costs nothing.
"""

from __future__ import annotations

import re

_ROOT = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""\s([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# A length the browser draws at that many CSS pixels: unitless or px. Em, % and the rest depend on where
# the image sits, so they do not give a size.
_PIXELS = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(?:px)?\s*")
_HEAD_BYTES = 4096  # the root tag comes after at most an XML declaration, a doctype and a comment or two


def svg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, rounded, from `width`/`height` or else the `viewBox`; None when the
    file gives neither (the image then has no intrinsic ratio to keep)."""
    root = _ROOT.search(data[:_HEAD_BYTES])
    if root is None:
        return None
    attributes = {m.group(1).decode("ascii").lower(): _text(m.group(2) or m.group(3))
                  for m in _ATTRIBUTE.finditer(root.group(1))}
    width, height = _pixels(attributes.get("width", "")), _pixels(attributes.get("height", ""))
    if width and height:
        return _rounded(width, height)
    box = attributes.get("viewbox", "").replace(",", " ").split()
    try:
        box_width, box_height = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    if box_width <= 0 or box_height <= 0:
        return None
    if width:  # one length and a viewBox: the other follows the box's ratio, as a browser draws it
        return _rounded(width, width * box_height / box_width)
    if height:
        return _rounded(height * box_width / box_height, height)
    return _rounded(box_width, box_height)


def _text(value: bytes | None) -> str:
    return (value or b"").decode("utf-8", "replace")


def _pixels(text: str) -> float:
    found = _PIXELS.fullmatch(text)
    return float(found.group(1)) if found else 0.0


def _rounded(width: float, height: float) -> tuple[int, int] | None:
    size = (max(1, round(width)), max(1, round(height)))
    return size if width > 0 and height > 0 else None
