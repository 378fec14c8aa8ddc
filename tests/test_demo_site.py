"""The demo site (the repository itself) builds into a complete, valid news site, checked against the standards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from checkers.feeds import check_atom, check_rss
from checkers.html import run_vnu
from checkers.links import check_internal_links
from conftest import DEMO_NOW, REPO, SUBPATH_BASE, read_tree, run_main, tree_diff
from markupsafe import escape

from newsgen.core.slugs import slugify

BASE = "https://example.org/"
UNPUBLISHED = (b"DRAFT-ONLY", b"FUTURE-ONLY", b"parking-levy-draft", b"bridge-reopening")
DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


def front_matter(path: Path) -> dict:
    # BaseLoader: every value stays text, as the user wrote it.
    return yaml.load(path.read_text(encoding="utf-8").split("---\n")[1], Loader=yaml.BaseLoader)


def published_sources() -> dict[Path, dict]:
    """Demo articles in English (the default language; the Spanish ones are checked in test_languages)
    that are neither drafts nor dated after the demo clock (the FUTURE-ONLY one)."""
    found = {}
    for path in sorted((REPO / "content").rglob("*.md")):
        if path.is_relative_to(REPO / "content" / "pages"):
            continue  # pages, not articles (see test_pages_build)
        meta = front_matter(path)
        if path.stem.endswith(".es") or meta.get("lang") == "es":
            continue
        if meta.get("draft") == "true" or "FUTURE-ONLY" in meta["title"]:
            continue
        found[path] = meta
    return found


def per_page(site: Path) -> int:
    return int(yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8")).get("per_page", 10))


def names(value: str | list[str] | None) -> list[str]:
    if not value:
        return []
    return [n.strip() for n in (value.split(",") if isinstance(value, str) else value) if n.strip()]


def page(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_demo_has_a_page_for_every_published_article(demo_output: Path) -> None:
    sources = published_sources()
    assert len(sources) >= 12
    for path, meta in sources.items():
        year, month, day, slug = DATED_NAME.match(path.stem).groups()  # type: ignore[union-attr]
        html = page(demo_output, f"{year}/{month}/{day}/{slug}/index.html")
        assert f"<h1>{escape(meta['title'])}</h1>" in html, path.name


def test_demo_home_page_is_paginated(demo_output: Path) -> None:
    home = page(demo_output, "index.html")
    assert '<a rel="next" href="/page/2/">' in home
    second = page(demo_output, "page/2/index.html")
    assert '<a rel="prev" href="/">' in second
    latest, *blocks = home.split('<section class="home-block"')
    assert latest.count('<article class="card') == per_page(REPO)  # the list; the home: blocks come after it
    assert len(blocks) == 3 and "home-block" not in second  # City, Business, Sport; on page 1 only


def test_demo_has_section_author_and_tag_pages_with_feeds(demo_output: Path) -> None:
    sources = published_sources().values()
    sections = {slugify(m["section"]) for m in sources if m.get("section")}
    authors = {slugify(a) for m in sources for a in names(m.get("author") or m.get("authors"))}
    tags = {slugify(t) for m in sources for t in names(m.get("tags"))}
    assert len(sections) >= 3 and len(authors) >= 3 and len(tags) >= 5
    for slug in sections:
        assert (demo_output / slug / "index.html").is_file(), slug
    for slug in authors:
        assert (demo_output / "authors" / slug / "index.html").is_file(), slug
    for slug in tags:
        assert (demo_output / "tags" / slug / "index.html").is_file(), slug
        assert (demo_output / "tags" / slug / "feed.xml").is_file(), slug


def test_demo_tags_overview_counts_match_the_tag_pages(demo_output: Path) -> None:
    overview = page(demo_output, "tags/index.html")
    counts = re.findall(r'<a href="/tags/([^/]+)/">[^<]+</a> <span class="count">(\d+) articles?</span>', overview)
    assert len(counts) >= 5
    for slug, count in counts:
        listed = sum(p.read_text(encoding="utf-8").count('<article class="card')
                     for p in (demo_output / "tags" / slug).rglob("index.html"))
        assert listed == int(count), slug


def test_demo_has_feeds_404_and_every_static_file(demo_output: Path) -> None:
    for rel in ("feed.xml", "atom.xml", "404.html"):
        assert (demo_output / rel).is_file(), rel
    static = REPO / "static"
    for source in static.rglob("*"):
        if source.is_file():
            rel = source.relative_to(static).as_posix()
            if source.suffix in (".jpg", ".png"):  # published cleaned of location metadata (see test_photos)
                assert (demo_output / rel).is_file(), rel
            else:
                assert (demo_output / rel).read_bytes() == source.read_bytes(), rel
    assert (demo_output / "images" / "ferry.svg").is_file()


def test_demo_camera_photos_are_pictures_with_their_real_shape(demo_output: Path) -> None:
    home = page(demo_output, "index.html")
    assert home.count("<picture>") >= 3 and '<source type="image/webp"' in home
    coach = page(demo_output, "2026/11/20/athletic-new-coach/index.html")
    lead = coach[coach.index('<figure class="lead-photo">'):coach.index("</figure>")]
    assert 'width="3000" height="4000"' in lead and 'fetchpriority="high"' in lead  # the phone's portrait
    budget = page(demo_output, "2026/10/09/council-budget-2027/index.html")
    chart = budget[budget.index('<figure class="body-photo">'):]
    assert 'width="1600" height="1000"' in chart and 'type="image/webp"' in chart
    assert '<span class="credit">Graphic: The Harbour Ledger</span>' in chart


def test_demo_photos_are_published_without_the_photographers_position(demo_output: Path) -> None:
    from PIL import Image

    assert Image.open(REPO / "static/images/electric-tugs.jpg").getexif().get_ifd(0x8825)  # the original has it
    published = [demo_output / "images/electric-tugs.jpg", *(demo_output / "_img").glob("electric-tugs-*.jpg")]
    assert len(published) > 1
    for path in published:
        exif = Image.open(path).getexif()
        assert not exif.get_ifd(0x8825) and b"HX4-00117" not in path.read_bytes(), path
        assert exif[0x8298] == "(c) 2026 The Harbour Ledger", path


@pytest.mark.validator
def test_demo_html_passes_the_nu_html_checker(demo_output: Path, demo_output_subpath: Path) -> None:
    files = html_files(demo_output) + html_files(demo_output_subpath)
    assert len(files) > 40
    assert run_vnu(files, root=demo_output.parent) == []


def test_demo_feeds_pass_the_rss_and_atom_checkers(demo_output: Path) -> None:
    rss = sorted(demo_output.rglob("feed.xml"))
    assert len(rss) > 10
    problems = [f"{p.relative_to(demo_output)}: {m}" for p in rss for m in check_rss(p.read_bytes(), base_url=BASE)]
    problems += check_atom((demo_output / "atom.xml").read_bytes(), base_url=BASE)
    assert problems == []


def test_demo_feeds_under_a_subpath_pass_the_checkers(demo_output_subpath: Path) -> None:
    assert check_rss((demo_output_subpath / "feed.xml").read_bytes(), base_url=SUBPATH_BASE) == []
    assert check_rss((demo_output_subpath / "tags/harbour/feed.xml").read_bytes(), base_url=SUBPATH_BASE) == []
    assert check_atom((demo_output_subpath / "atom.xml").read_bytes(), base_url=SUBPATH_BASE) == []


def test_demo_internal_links_all_resolve(demo_output: Path) -> None:
    assert check_internal_links(demo_output, base_url=BASE) == []


def test_demo_internal_links_all_resolve_under_a_subpath(demo_output_subpath: Path) -> None:
    assert check_internal_links(demo_output_subpath, base_url=SUBPATH_BASE) == []
    home = page(demo_output_subpath, "index.html")
    assert 'href="/news/page/2/"' in home
    assert 'href="/page/' not in home


@pytest.mark.parametrize("which", ["demo_output", "demo_output_subpath"])
def test_demo_never_publishes_the_draft_or_the_future_article(which: str, request: pytest.FixtureRequest) -> None:
    out = request.getfixturevalue(which)
    leaks = [f"{rel}: {word.decode()}" for rel, data in read_tree(out).items() for word in UNPUBLISHED if word in data]
    assert leaks == []
    assert not (out / "2031").exists()


def test_demo_escapes_front_matter_text(demo_output: Path) -> None:
    html = page(demo_output, "2026/10/04/chip-shop-award/index.html")
    assert "<h1>Fish &amp; chips shop wins &#34;best in region&#34; &lt;award&gt;</h1>" in html
    raw = [rel for rel, data in read_tree(demo_output).items()
           if rel.endswith((".html", ".xml")) and (b"<award>" in data or b"Fish & chips" in data)]
    assert raw == []


def test_demo_article_pages_have_a_machine_readable_dateline(demo_output: Path) -> None:
    html = page(demo_output, "2026/09/03/ferry-late-sailings/index.html")
    assert '<time datetime="2026-09-03T07:45:00+02:00">3 September 2026, 07:45 CEST</time>' in html
    updated = page(demo_output, "2026/10/09/council-budget-2027/index.html")
    assert 'Updated <time datetime="2026-10-10T09:20:00+02:00">' in updated
    for path in published_sources():
        year, month, day, slug = DATED_NAME.match(path.stem).groups()  # type: ignore[union-attr]
        assert '<time datetime="' in page(demo_output, f"{year}/{month}/{day}/{slug}/index.html")


def test_demo_photo_is_a_figure_with_caption_and_credit(demo_output: Path) -> None:
    html = page(demo_output, "2026/09/03/ferry-late-sailings/index.html")
    figure = html[html.index('<figure class="lead-photo">'):html.index("</figure>")]
    assert '<img src="/images/ferry.svg" alt="Flat illustration of a white ferry' in figure
    assert ("<figcaption>The MV Kestrel leaving the inner harbour on its first run of the day. "
            '<span class="credit">Illustration: The Harbour Ledger</span></figcaption>') in figure


def test_demo_caption_without_photo_still_shows_the_caption(demo_output: Path) -> None:
    html = page(demo_output, "2026/11/12/rowing-youth-eight/index.html")
    figure = html[html.index('<figure class="lead-photo">'):html.index("</figure>")]
    assert "<figcaption>The youth eight training on the inner harbour at first light.</figcaption>" in figure
    assert "<img" not in figure


def test_demo_articles_link_to_previous_and_next_skipping_the_draft(demo_output: Path) -> None:
    # The draft (1 October) sits between these two articles in time; the links pass over it.
    html = page(demo_output, "2026/10/04/chip-shop-award/index.html")
    assert '<a rel="prev" href="/2026/09/28/cafe-emile-reopens/">' in html
    assert '<a rel="next" href="/2026/10/09/council-budget-2027/">' in html
    assert 'rel="prev"' not in page(demo_output, "2026/09/03/ferry-late-sailings/index.html")
    assert 'rel="next"' not in page(demo_output, "2026/11/26/museum-figureheads/index.html")


def test_demo_pages_are_accessible_and_advertise_feeds(demo_output: Path) -> None:
    languages = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))["languages"]
    default, spanish = languages[0]["code"], languages[1]
    for path in html_files(demo_output):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(demo_output).as_posix()
        language = spanish["code"] if rel.startswith(spanish["path"] + "/") else default
        assert f'<html lang="{language}">' in html, rel
        if 'http-equiv="refresh"' in html:
            continue  # a redirect from an old address: one link, nothing to skip (see the redirect test)
        assert '<a class="skip-link" href="#main">' in html and 'id="main"' in html, rel
        assert '<link rel="alternate" type="application/rss+xml"' in html, rel
    tag_page = page(demo_output, "tags/harbour/index.html")
    assert 'type="application/rss+xml" title="The Harbour Ledger: harbour" href="/tags/harbour/feed.xml"' in tag_page


def test_demo_404_page_lists_the_latest_headlines(demo_output: Path) -> None:
    html = page(demo_output, "404.html")
    assert "Page not found" in html
    assert '<a href="/2026/11/26/museum-figureheads/">' in html


def test_demo_rebuilt_from_scratch_is_byte_identical(demo_site: Path, demo_output: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_main("build", "--site", demo_site, "--output", again, "--now", DEMO_NOW, "--quiet", "--no-cache")
    assert result.code == 0, result.err
    assert tree_diff(read_tree(demo_output), read_tree(again)) == ""


def test_a_site_template_replaces_the_theme_file_of_the_same_name(demo_output: Path) -> None:
    page = (demo_output / "404.html").read_text(encoding="utf-8")
    assert "This page has drifted out to sea" in page  # the demo's templates/404.html
    assert "Latest headlines" in page and 'class="masthead"' in page  # still the theme's base.html around it


def test_demo_about_contact_and_ethics_pages_build_and_are_listed_nowhere(demo_output: Path) -> None:
    assert "<h1>About The Harbour Ledger</h1>" in page(demo_output, "about/index.html")
    assert "<h1>Contact the newsroom</h1>" in page(demo_output, "contact/index.html")
    assert "<h1>Ethics policy</h1>" in page(demo_output, "policies/ethics/index.html")
    for rel in ("index.html", "feed.xml", "news-sitemap.xml", "2026/index.html"):
        listed = page(demo_output, rel).split('<footer class="site-footer">')[0]  # the footer links policies
        assert "About The Harbour Ledger" not in listed and "/policies/ethics/" not in listed, rel
    assert "<loc>https://example.org/policies/ethics/</loc>" in page(demo_output, "sitemap.xml")
    assert '"publishingPrinciples": "https://example.org/policies/ethics/"' in page(
        demo_output, "2026/09/03/ferry-late-sailings/index.html")


def test_demo_old_ferry_address_redirects_by_page_and_redirects_file(demo_output: Path) -> None:
    stub = page(demo_output, "2026/09/03/skerry-ferry-late-sailings/index.html")
    target = "https://example.org/2026/09/03/ferry-late-sailings/"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in stub
    assert '<main>' in stub and '<meta name="robots" content="noindex">' in stub
    assert ("/2026/09/03/skerry-ferry-late-sailings/ /2026/09/03/ferry-late-sailings/ 301\n"
            in page(demo_output, "_redirects"))
