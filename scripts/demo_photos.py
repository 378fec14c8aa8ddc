"""Make the demo site's camera-sized photos: static/images/*.jpg and the PNG chart (issue 14).

Run: .venv/bin/python scripts/demo_photos.py [static/images]

The photos stand in for what a newsroom publishes: 4000x3000 camera originals (one shot upright on a phone,
stored sideways with EXIF orientation 6, one carrying a GPS position and a camera serial number, as
cameras write them) and a PNG graphic. They are painted from shapes and gradients, then given a film
grain from a seeded generator, so they compress like photos (and the same script always makes the same
bytes), yet stay small enough for the repository: the demo site is the repository.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = (4000, 3000)
QUALITY = 82
ARTIST, COPYRIGHT, ORIENTATION = 0x013B, 0x8298, 0x0112
GPS_IFD, EXIF_IFD, BODY_SERIAL, MAKE, MODEL = 0x8825, 0x8769, 0xA431, 0x010F, 0x0110


def vertical_gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def grain(image: Image.Image, seed: int, strength: int = 6) -> Image.Image:
    """A soft film grain: seeded noise at a quarter of the size, scaled up, blended in lightly."""
    rng = random.Random(seed)
    small = (image.width // 4, image.height // 4)
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1])).resize(image.size, Image.BICUBIC)
    noise = noise.filter(ImageFilter.GaussianBlur(1.5)).convert("RGB")
    return Image.blend(image, noise, strength / 100)


def scene(painter: Callable[[ImageDraw.ImageDraw, int, int], None], sky: tuple, ground: tuple, seed: int,
          size: tuple[int, int] = SIZE) -> Image.Image:
    """A picture painted at a quarter size (soft edges, as a lens gives) and scaled up to camera size."""
    w, h = size[0] // 4, size[1] // 4
    image = vertical_gradient((w, h), *sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(h * 0.62), w, h), fill=ground[0])
    for y in range(int(h * 0.62), h, 3):  # ripples on the water
        shade = tuple(min(255, c + (y * 7) % 23) for c in ground[1])
        draw.line((0, y, w, y + (y % 5) - 2), fill=shade, width=1)
    painter(draw, w, h)
    return grain(image.filter(ImageFilter.GaussianBlur(0.8)).resize(size, Image.BICUBIC), seed)


def harbour(draw: ImageDraw.ImageDraw, w: int, h: int) -> None:
    draw.ellipse((int(w * 0.68), int(h * 0.38), int(w * 0.78), int(h * 0.52)), fill=(255, 214, 150))
    for n in range(6):  # moored boats along the quay
        x = int(w * (0.06 + n * 0.15))
        draw.polygon([(x, int(h * 0.66)), (x + 90, int(h * 0.66)), (x + 75, int(h * 0.72)), (x + 12, int(h * 0.72))],
                     fill=(40 + n * 20, 50, 70))
        draw.line((x + 45, int(h * 0.66), x + 45, int(h * 0.48)), fill=(60, 60, 60), width=3)
    draw.rectangle((0, int(h * 0.58), w, int(h * 0.62)), fill=(90, 84, 76))  # the quay wall


def tugs(draw: ImageDraw.ImageDraw, w: int, h: int) -> None:
    for n, x in enumerate((int(w * 0.15), int(w * 0.55))):
        draw.polygon([(x, int(h * 0.62)), (x + 260, int(h * 0.62)), (x + 220, int(h * 0.75)), (x + 30, int(h * 0.75))],
                     fill=(200, 60 + n * 30, 40))
        draw.rectangle((x + 70, int(h * 0.50), x + 170, int(h * 0.62)), fill=(235, 235, 228))
        draw.rectangle((x + 100, int(h * 0.42), x + 130, int(h * 0.50)), fill=(30, 30, 30))
    for n in range(4):  # cranes on the far shore
        x = int(w * (0.1 + n * 0.24))
        draw.line((x, int(h * 0.6), x, int(h * 0.2)), fill=(230, 170, 40), width=6)
        draw.line((x, int(h * 0.22), x + 140, int(h * 0.22)), fill=(230, 170, 40), width=5)


def lighthouse(draw: ImageDraw.ImageDraw, w: int, h: int) -> None:
    draw.polygon([(0, int(h * 0.62)), (int(w * 0.2), int(h * 0.45)), (int(w * 0.55), int(h * 0.5)),
                  (int(w * 0.7), int(h * 0.62))], fill=(70, 120, 60))
    x, top = int(w * 0.35), int(h * 0.18)
    for n in range(6):  # red and white bands
        y = top + n * int(h * 0.05)
        draw.polygon([(x - 30 - n * 4, y), (x + 30 + n * 4, y), (x + 34 + n * 4, y + int(h * 0.05)),
                      (x - 34 - n * 4, y + int(h * 0.05))], fill=(200, 40, 40) if n % 2 else (245, 245, 240))
    draw.rectangle((x - 25, top - 40, x + 25, top), fill=(250, 230, 120))
    draw.rectangle((x + 80, int(h * 0.44), x + 220, int(h * 0.5)), fill=(235, 225, 205))  # keepers' cottages


def coach(draw: ImageDraw.ImageDraw, w: int, h: int) -> None:
    """A person on a touchline, framed upright (drawn on the upright canvas)."""
    draw.rectangle((0, int(h * 0.62), w, h), fill=(60, 130, 60))
    cx = w // 2
    draw.ellipse((cx - 70, int(h * 0.22), cx + 70, int(h * 0.34)), fill=(210, 170, 140))  # head
    draw.polygon([(cx - 160, int(h * 0.36)), (cx + 160, int(h * 0.36)), (cx + 200, int(h * 0.8)),
                  (cx - 200, int(h * 0.8))], fill=(20, 50, 110))  # club jacket
    draw.rectangle((cx - 40, int(h * 0.34), cx + 40, int(h * 0.37)), fill=(190, 150, 120))


def chart() -> Image.Image:
    """A bar chart graphic, as a newsroom's graphics desk exports it: flat colours, sharp edges."""
    image = Image.new("RGB", (1600, 1000), "white")
    draw = ImageDraw.Draw(image)
    values = (420, 515, 480, 610, 700)
    for n, value in enumerate(values):
        x = 160 + n * 270
        draw.rectangle((x, 880 - value, x + 170, 880), fill=(20, 90, 160) if n < 4 else (200, 70, 40))
    draw.line((120, 880, 1520, 880), fill=(40, 40, 40), width=4)
    for y in range(180, 880, 100):
        draw.line((120, y, 1520, y), fill=(225, 225, 225), width=2)
    return image


def camera_exif(*, gps: bool, orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "Harbour Optics", "HX-4000"
    exif[ARTIST] = "Lena Park"
    exif[COPYRIGHT] = "(c) 2026 The Harbour Ledger"
    exif[ORIENTATION] = orientation
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = "HX4-00117-2291"
    if gps:  # 43.2951 N, 5.3744 E: where the photographer stood
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 17.0, 42.4), 3: "E", 4: (5.0, 22.0, 27.8)})
    return exif


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "static/images")
    folder.mkdir(parents=True, exist_ok=True)
    photos = {
        "harbour-dawn.jpg": (scene(harbour, ((250, 170, 120), (120, 150, 190)), ((40, 70, 100), (50, 80, 110)), 1),
                             camera_exif(gps=False)),
        "electric-tugs.jpg": (scene(tugs, ((150, 180, 215), (220, 230, 240)), ((30, 60, 80), (40, 70, 90)), 2),
                              camera_exif(gps=True)),
        "beacon-hill.jpg": (scene(lighthouse, ((110, 160, 220), (200, 220, 240)), ((30, 80, 120), (40, 90, 130)), 3),
                            camera_exif(gps=False)),
    }
    for name, (image, exif) in photos.items():
        image.save(folder / name, "JPEG", quality=QUALITY, exif=exif)
    # Shot upright on a phone: the sensor's pixels are stored sideways and EXIF orientation 6 turns them.
    upright = scene(coach, ((170, 200, 230), (230, 235, 240)), ((60, 130, 60), (70, 140, 70)), 4, size=(3000, 4000))
    upright.transpose(Image.Transpose.ROTATE_90).save(folder / "new-coach.jpg", "JPEG", quality=QUALITY,
                                                       exif=camera_exif(gps=True, orientation=6))
    chart().save(folder / "budget-chart.png", "PNG", optimize=True)


if __name__ == "__main__":
    main()
