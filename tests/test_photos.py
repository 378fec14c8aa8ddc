"""The photo pipeline (issue 14): variants, markup, metadata removal, the cache and image errors."""

from __future__ import annotations

import io
import re
from pathlib import Path

from conftest import BASIC_CONFIG, run_main
from PIL import Image

GPS_IFD = 0x8825
ARTIST, COPYRIGHT, BODY_SERIAL = 0x013B, 0x8298, 0xA431


def camera_jpeg(width: int = 2000, height: int = 1500, orientation: int = 1) -> bytes:
    """A JPEG as a camera writes it: GPS position, a body serial number, a creator and a copyright."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[ARTIST] = "Ana Reporter"
    exif[COPYRIGHT] = "(c) Harbour Ledger"
    exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 20.0, 1.5), 3: "E", 4: (18.0, 4.0, 2.0)})
    exif.get_ifd(0x8769)[BODY_SERIAL] = "SN-0042-CAMERA"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70, exif=exif)
    return out.getvalue()


def story(photo: str = "/images/harbour.jpg", body: str = "Text.\n") -> str:
    return (f"---\ntitle: Harbour\ndate: 2024-05-01\nphoto: {photo}\nphoto_alt: The harbour at dawn\n---\n"
            f"{body}")


def build(site: Path) -> tuple[int, str, Path]:
    result = run_main("build", "--site", site)
    return result.code, result.out + result.err, site / "public"


def test_published_images_lose_gps_and_serial_but_keep_creator_and_copyright(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()})
    code, out, public = build(site)
    assert code == 0, out
    assert "1 image cleaned" in out
    published = [public / "images/harbour.jpg", *sorted((public / "_img").glob("*.jpg"))]
    assert len(published) > 1
    for path in published:
        exif = Image.open(path).getexif()
        assert not exif.get_ifd(GPS_IFD), path
        assert BODY_SERIAL not in exif.get_ifd(0x8769), path
        assert b"SN-0042" not in path.read_bytes()
        assert exif[ARTIST] == "Ana Reporter" and exif[COPYRIGHT] == "(c) Harbour Ledger"


def test_keep_metadata_true_publishes_the_original_bytes(make_site) -> None:
    original = camera_jpeg()
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": original},
                     config={**BASIC_CONFIG, "images": {"keep_metadata": True}})
    code, out, public = build(site)
    assert code == 0, out
    assert (public / "images/harbour.jpg").read_bytes() == original
    assert "cleaned" not in out


def test_article_lead_is_a_picture_with_real_size_and_never_lazy(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()})
    code, out, public = build(site)
    assert code == 0, out
    page = next(public.glob("2024/*/*/harbour/index.html")).read_text()
    lead = page.split('<figure class="lead-photo">')[1].split("</figure>")[0]
    assert '<source type="image/webp"' in lead
    assert 'width="2000" height="1500"' in lead
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
    assert "480w" in lead and "1600w" in lead and "2000w" not in lead  # the widths up to the default 1600
    for url in re.findall(r'(/_img/[^" ]+)', lead):
        assert (public / url.lstrip("/")).is_file(), url
    og = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    assert og and re.search(r"/_img/harbour-1200-[0-9a-f]{10}\.jpg$", og.group(1))
    assert Image.open(public / og.group(1).split("example.org/")[1]).width == 1200


def test_home_lead_card_is_not_lazy_and_later_cards_are(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "content/older.md": story().replace(
        "date: 2024-05-01", "date: 2024-04-01").replace("title: Harbour", "title: Older"),
        "static/images/harbour.jpg": camera_jpeg()})
    code, out, public = build(site)
    assert code == 0, out
    cards = (public / "index.html").read_text().split('<article class="card')[1:]
    assert 'fetchpriority="high"' in cards[0] and 'loading="lazy"' not in cards[0]
    assert 'loading="lazy"' in cards[1]


def test_portrait_orientation_is_applied_to_the_pixels(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg(orientation=6)})
    code, out, public = build(site)
    assert code == 0, out
    page = next(public.glob("2024/*/*/harbour/index.html")).read_text()
    assert 'width="1500" height="2000"' in page
    published = Image.open(public / "images/harbour.jpg")
    assert published.size == (1500, 2000) and published.getexif().get(0x0112) is None


def test_small_images_are_never_upscaled(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg(600, 400)})
    code, out, public = build(site)
    assert code == 0, out
    widths = sorted({Image.open(p).width for p in (public / "_img").iterdir()})
    assert widths == [480, 600]


def test_configured_widths_and_quality_name_other_variants(make_site) -> None:
    files = {"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()}
    default = build(make_site(files, name="a"))[2]
    other = build(make_site(files, config={**BASIC_CONFIG, "images": {"widths": [300, 900], "quality": 60}},
                            name="b"))[2]
    assert sorted({Image.open(p).width for p in (other / "_img").iterdir()}) == [300, 900]
    assert not {p.name for p in default.joinpath("_img").iterdir()} & {p.name for p in other.joinpath("_img").iterdir()}


def test_variants_come_from_the_cache_on_a_rebuild(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()})
    assert build(site)[0] == 0
    cache = site / ".newsgen-cache" / "images"
    kept = sorted(cache.iterdir())
    assert kept
    for path in kept:  # a poisoned cache entry shows that the rebuild read the cache, not the photo
        if path.suffix == ".webp":
            path.write_bytes(b"from the cache")
    (site / "content/harbour.md").write_text(story(body="Edited.\n"), encoding="utf-8")
    (site / "static/images/other.txt").write_text("x", encoding="utf-8")  # static changed: a full build
    other = site / "elsewhere"  # a new output folder: nothing to keep there, every variant is needed
    result = run_main("build", "--site", site, "--output", other)
    assert result.code == 0, result.err
    assert any(p.read_bytes() == b"from the cache" for p in (other / "_img").glob("*.webp"))


def test_an_unchanged_image_is_not_read_again_on_a_full_rebuild(make_site, monkeypatch) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()})
    assert run_main("build", "--site", site, "--jobs", "1").code == 0
    first = {p.relative_to(site / "public"): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    read: list[str] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    (site / "content/harbour.md").write_text(story(body="Edited.\n"), encoding="utf-8")
    (site / "static/other.txt").write_text("x", encoding="utf-8")  # static changed: a full build
    result = run_main("build", "--site", site, "--jobs", "1")
    assert result.code == 0, result.err
    assert "harbour.jpg" not in read  # neither the photo stage nor the pages' markup read the photo
    again = {p.relative_to(site / "public"): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
    assert {k: v for k, v in again.items() if k.suffix in (".jpg", ".webp", ".avif")} == {
        k: v for k, v in first.items() if k.suffix in (".jpg", ".webp", ".avif")}


def test_truncated_image_is_an_error_naming_the_file(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()[:3000]})
    code, out, _ = build(site)
    assert code == 1
    assert "static/images/harbour.jpg:" in out and "truncated or damaged" in out
    assert "Traceback" not in out


def test_file_that_is_not_an_image_is_an_error_naming_the_file(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": "not a photo"})
    code, out, _ = build(site)
    assert code == 1 and "static/images/harbour.jpg: cannot read the image" in out
    assert "Traceback" not in out and "BytesIO" not in out and " at 0x" not in out  # no Python internals


def test_decompression_bomb_is_refused(make_site) -> None:
    bomb = io.BytesIO()
    Image.new("1", (12000, 9000)).save(bomb, "PNG")  # 108 megapixels in a few kilobytes
    site = make_site({"content/harbour.md": story("/images/bomb.png"), "static/images/bomb.png": bomb.getvalue()})
    code, out, _ = build(site)
    assert code == 1 and "static/images/bomb.png: image too large to decode safely" in out
    assert "Traceback" not in out


def test_images_setting_is_validated(make_site) -> None:
    site = make_site({}, config={**BASIC_CONFIG, "images": {"widths": "big", "quality": 500, "colour": 1}})
    code, out, _ = build(site)
    assert code == 1
    assert "widths: expected a list of pixel widths" in out and "quality: expected a whole number" in out
    assert "unknown key 'colour'" in out


def test_body_image_with_a_title_is_a_figure_with_caption_and_credit(make_site) -> None:
    body = 'Text.\n\n![Boats at dawn](/images/harbour.jpg "The harbour at dawn. | Photo: Ana Reporter")\n'
    site = make_site({"content/harbour.md": story("/images/harbour.jpg", body),
                      "static/images/harbour.jpg": camera_jpeg()})
    code, out, public = build(site)
    assert code == 0, out
    page = next(public.glob("2024/*/*/harbour/index.html")).read_text()
    figure = page.split('<figure class="body-photo">')[1].split("</figure>")[0]
    assert '<source type="image/webp"' in figure and 'alt="Boats at dawn"' in figure
    assert 'width="2000" height="1500"' in figure and 'loading="lazy"' in figure
    assert '<figcaption>The harbour at dawn. <span class="credit">Photo: Ana Reporter</span></figcaption>' in figure


def test_changed_image_rerenders_the_pages_that_show_it(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()})
    assert build(site)[0] == 0
    (site / "static/images/harbour.jpg").write_bytes(camera_jpeg(1800, 1200))
    code, out, public = build(site)
    assert code == 0, out
    page = next(public.glob("2024/*/*/harbour/index.html")).read_text()
    assert 'width="1800" height="1200"' in page
    for url in re.findall(r'(/_img/[^" ]+)', page):
        assert (public / url.lstrip("/")).is_file(), url


def test_missing_image_is_an_error_at_its_article_line_without_strict(make_site) -> None:
    body = "Text.\n\n![Gone](/images/gone.png \"A caption\")\n"
    site = make_site({"content/harbour.md": story("/images/nope.jpg", body)})
    code, out, public = build(site)
    assert code == 1, out
    assert "content/harbour.md:4: missing image /images/nope.jpg: there is no static/images/nope.jpg" in out
    assert "content/harbour.md:9: missing image /images/gone.png: there is no static/images/gone.png" in out
    assert "Traceback" not in out
    assert not (public / "index.html").exists()  # nothing is published with a hole where a photo goes


def test_missing_image_under_a_subpath_base_url_is_named_as_written(make_site) -> None:
    site = make_site({"content/harbour.md": story("/images/nope.jpg")},
                     config={**BASIC_CONFIG, "base_url": "https://example.org/news/"})
    code, out, _ = build(site)
    assert code == 1 and "content/harbour.md:4: missing image /images/nope.jpg" in out, out


def test_remote_images_are_not_checked(make_site) -> None:
    body = "Text.\n\n![Far](https://images.example.com/far.jpg)\n"
    site = make_site({"content/harbour.md": story("https://images.example.com/lead.jpg", body)})
    code, out, public = build(site)
    assert code == 0, out
    page = next(public.glob("2024/*/*/harbour/index.html")).read_text()
    assert 'src="https://images.example.com/lead.jpg"' in page and 'src="https://images.example.com/far.jpg"' in page


def test_body_edit_naming_a_missing_image_fails_the_rebuild(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg()})
    code, out, public = build(site)
    assert code == 0, out
    before = next(public.glob("2024/*/*/harbour/index.html")).read_bytes()
    (site / "content/harbour.md").write_text(story(body="Text.\n\n![Gone](/images/gone.jpg)\n"), encoding="utf-8")
    code, out, public = build(site)
    assert code == 1 and "content/harbour.md:9: missing image /images/gone.jpg" in out, out
    assert next(public.glob("2024/*/*/harbour/index.html")).read_bytes() == before  # the old site stays


def test_a_broken_page_link_stays_a_warning(make_site) -> None:
    site = make_site({"content/harbour.md": story(body="See [the docs](/nowhere/).\n"),
                      "static/images/harbour.jpg": camera_jpeg()})
    code, out, _ = build(site)
    assert code == 0, out
    assert "broken link /nowhere/" in out


def test_each_width_is_listed_once_in_a_srcset(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg(2400, 1600)})
    code, out, public = build(site)
    assert code == 0, out
    page = next(public.glob("2024/*/*/harbour/index.html")).read_text()
    for srcset in re.findall(r'srcset="([^"]+)"', page):
        widths = [entry.split()[-1] for entry in srcset.split(", ")]
        assert widths == ["480w", "800w", "1200w", "1600w"], srcset


def png_graphic(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(out, "PNG")
    return out.getvalue()


def test_page_photo_is_a_picture_with_real_size_and_its_social_card(make_site) -> None:
    about = "---\ntitle: About us\nphoto: /images/harbour.jpg\nphoto_alt: Our newsroom\n---\nWe report.\n"
    site = make_site({"content/pages/about.md": about, "content/harbour.md": story(),
                      "static/images/harbour.jpg": camera_jpeg()})
    code, out, public = build(site)
    assert code == 0, out
    page = (public / "about/index.html").read_text()
    lead = page.split('<figure class="lead-photo">')[1].split("</figure>")[0]
    assert '<source type="image/webp"' in lead and 'alt="Our newsroom"' in lead
    assert 'width="2000" height="1500"' in lead and 'fetchpriority="high"' in lead and "lazy" not in lead
    og = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    assert og and re.search(r"/_img/harbour-1200-[0-9a-f]{10}\.jpg$", og.group(1))


def test_author_photo_is_a_cleaned_picture_shown_at_96_px_in_its_shape(make_site) -> None:
    authors = "- name: Ann Writer\n  photo: /images/ann.jpg\n  bio: Covers the harbour.\n"
    site = make_site({"authors.yaml": authors, "content/harbour.md": story().replace(
        "title: Harbour", "title: Harbour\nauthor: Ann Writer"), "static/images/harbour.jpg": camera_jpeg(),
        "static/images/ann.jpg": camera_jpeg(1200, 1600)})
    code, out, public = build(site)
    assert code == 0, out
    page = (public / "authors/ann-writer/index.html").read_text()
    profile = page.split('<div class="profile">')[1].split("</div>")[0]
    assert "<picture>" in profile and 'width="96" height="128"' in profile and 'loading="lazy"' in profile
    variants = re.findall(r'/_img/(ann-[^" ]+)', profile)
    assert variants
    for name in variants:
        assert not Image.open(public / "_img" / name).getexif().get_ifd(GPS_IFD), name


def test_logo_has_its_real_shape_and_its_size_reaches_templates(make_site) -> None:
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": camera_jpeg(),
                      "static/images/logo.png": png_graphic(400, 100),
                      "templates/_nav.html": "<p id=logo-size>{{ logo.width }}x{{ logo.height }}</p>\n"},
                     config={**BASIC_CONFIG, "logo": "/images/logo.png"})
    code, out, public = build(site)
    assert code == 0, out
    home = (public / "index.html").read_text()
    masthead = home.split('<p class="site-name">')[1].split("</p>")[0]
    assert '<picture>' in masthead and 'class="logo"' in masthead and 'width="192" height="48"' in masthead  # 48 px tall, at its 4:1 shape
    assert "lazy" not in masthead
    assert "<p id=logo-size>400x100</p>" in home


def test_svg_images_carry_the_size_their_file_states(make_site) -> None:
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675"></svg>\n'
    site = make_site({"content/harbour.md": story("/images/harbour.svg"), "static/images/harbour.svg": svg})
    code, out, public = build(site)
    assert code == 0, out
    page = next(public.glob("2024/*/*/harbour/index.html")).read_text()
    assert '<img src="/images/harbour.svg" alt="The harbour at dawn" width="1200" height="675"' in page


def test_svg_size_reads_width_and_height_or_the_view_box() -> None:
    from newsgen.photos.svgsize import svg_size

    assert svg_size(b'<svg width="320px" height="180" viewBox="0 0 10 10">') == (320, 180)
    assert svg_size(b'<svg width="100%" viewBox="0,0,64.4,32">') == (64, 32)
    assert svg_size(b"<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>") is None
    assert svg_size(b'<svg viewBox="0 0 0 10">') is None
    assert svg_size(b"not an svg") is None


def test_a_gif_named_jpg_is_an_error_naming_the_file(make_site) -> None:
    gif = io.BytesIO()
    Image.new("RGB", (40, 30)).save(gif, "GIF")
    site = make_site({"content/harbour.md": story(), "static/images/harbour.jpg": gif.getvalue()})
    code, out, _ = build(site)
    assert code == 1 and "static/images/harbour.jpg: the file holds a GIF image, not the JPEG or PNG" in out, out
    assert "Traceback" not in out


def test_a_missing_logo_is_one_error_at_its_site_yaml_line(make_site) -> None:
    site = make_site({"content/harbour.md": story("https://cdn.example.org/h.jpg")},
                     config={**BASIC_CONFIG, "logo": "/images/nologo.svg", "theme": {"logo_display": "wordmark"}})
    code, out, _ = build(site)
    assert code == 1, out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: site.yaml:") and "logo:" in errors[0], out
    assert "missing image /images/nologo.svg" in errors[0]
