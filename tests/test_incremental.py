"""Incremental builds: the cache and fingerprints never change what a build produces, only how fast."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.build import BuildOptions, BuildState, build

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
CONFIG = "title: Incremental Times\nbase_url: https://example.org/news/\ntimezone: Europe/Berlin\nper_page: 2\n"


def article(title: str, date: str, tags: str, body: str, section: str = "World") -> str:
    return (f"---\ntitle: {title!r}\ndate: {date}\nsection: {section}\ntags: [{tags}]\nauthor: Ada Lane\n---\n"
            f"{body}\n\n## Background\n\nMore text with a [link](/tags/).\n")


def make_site(root: Path) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(CONFIG)
    for n in range(5):
        (site / "content" / f"story-{n}.md").write_text(
            article(f"Story {n}", f"2026-11-{10 + n}T09:00:00+01:00", "alpha, beta" if n % 2 else "alpha",
                    f"Body of story {n}."))
    (site / "content" / "pages").mkdir()
    (site / "content" / "pages" / "about.md").write_text(
        "---\ntitle: About us\n---\nWe are a paper. See [all topics](/tags/).\n")
    return site


def rebuild(site: Path, out: Path, state: BuildState | None = None):
    """Build `site` into `out` as the command line does, or as the dev server does when given its state."""
    return build(BuildOptions(site_dir=site, now=NOW, output=out, jobs=1, progress=False), state)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(site_dir=site, now=NOW, output=out, use_cache=False, jobs=1, progress=False))
    return tree(out)


EDITS = ["body", "title", "tags", "date", "add", "delete", "rename", "template", "config", "nothing",
         "page_body", "page_title", "page_slug", "page_add", "page_delete", "policies", "strings_file",
         "language", "shortcode", "use_shortcode", "ref", "page_menu", "featured", "logo", "warnings",
         "image_add", "image_replace", "image_delete", "image_lead", "image_body", "image_settings"]


def small_photo(n: int) -> bytes:
    """A small JPEG whose size and colour depend on `n`, with a GPS position the build must remove."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((150 + n % 7 * 20, 100 + n % 5 * 30)).convert("RGB")
    image.paste((n * 37 % 256, 90, 160), (0, 0, 20 + n % 30, 20))
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (59.0, 20.0, float(n))})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif)
    return out.getvalue()


def apply_image_edit(site: Path, kind: str, n: int) -> None:
    """Photos under static/images/ and the articles that show them (as lead photo or in the body)."""
    images = site / "static" / "images"
    images.mkdir(parents=True, exist_ok=True)
    present = sorted(images.glob("pic-*.jpg"))
    articles = sorted((site / "content").glob("*.md"))
    target = articles[n % len(articles)] if articles else None
    if kind == "image_add" or kind in ("image_lead", "image_body") and not present:
        (images / f"pic-{n % 3}.jpg").write_bytes(small_photo(n))
        present = sorted(images.glob("pic-*.jpg"))
    if kind == "image_replace" and present:
        present[n % len(present)].write_bytes(small_photo(n + 1))
    elif kind == "image_delete" and present:
        gone = present[n % len(present)]
        for source in articles:  # a missing image is an error: the articles stop showing it first
            text = source.read_text()
            source.write_text("".join(line for line in text.splitlines(keepends=True)
                                      if f"/images/{gone.name}" not in line))
        gone.unlink()
    elif kind == "image_lead" and target:
        lines = [line for line in target.read_text().splitlines() if not line.startswith("photo:")]
        lines.insert(1, f"photo: /images/{present[n % len(present)].name}")
        target.write_text("\n".join(lines) + "\n")
    elif kind == "image_body" and target:
        target.write_text(target.read_text() + f'\n![Pic {n}](/images/{present[n % len(present)].name} '
                          f'"Caption {n} | Photo: Ada Lane")\n')
    elif kind == "image_settings":
        (site / "site.yaml").write_text(CONFIG + f"images:\n  widths: [64, {100 + n % 3 * 40}]\n"
                                        f"  quality: {60 + n % 4 * 10}\n  keep_metadata: {str(n % 5 == 0).lower()}\n")


def apply_page_edit(site: Path, kind: str, n: int) -> None:
    """An edit of the pages under content/pages/ (about.md stays: the policies name it)."""
    pages = site / "content" / "pages"
    about = pages / "about.md"
    if kind == "page_body":
        about.write_text(about.read_text() + f"\nAnother line {n}.\n")
    elif kind == "page_title":
        about.write_text(about.read_text().replace("title: ", f"title: New {n} ", 1))
    elif kind == "page_slug":
        lines = [line for line in about.read_text().splitlines()
                 if not line.startswith(("slug:", "aliases:"))]
        lines.insert(1, f"slug: about-{n % 3}\naliases: [/old-about-{n % 3}/]")
        about.write_text("\n".join(lines) + "\n")
    elif kind == "page_add":
        (pages / f"extra-{n % 4}.md").write_text(f"---\ntitle: Extra {n}\n---\nAn extra page.\n")
    elif kind == "page_delete":
        for extra in sorted(pages.glob("extra-*.md"))[:1]:
            extra.unlink()
    elif kind == "policies":
        (site / "site.yaml").write_text(CONFIG + "policies:\n  contact: about\n")
    elif kind == "strings_file":  # the site's own words: a new, changed or deleted strings/en.yaml
        folder = site / "strings"
        if n % 3:
            folder.mkdir(exist_ok=True)
            (folder / "en.yaml").write_text(f"by: Words {n} by\nrelated: See also {n}\n")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    elif kind == "language":  # the theme's words and dates in another language, another date format
        (site / "site.yaml").write_text(CONFIG + f"language: {('es', 'ar', 'en')[n % 3]}\n"
                                        f"theme: {{date_format: '{('d MMM y', 'long', 'EEEE d MMMM y')[n % 3]}'}}\n")
    elif kind == "page_menu":  # joins menus from its front matter, at another weight, or leaves them
        lines = [line for line in about.read_text().splitlines() if not line.startswith(("menu:", "weight:"))]
        joins = ["menu: footer", "menu: [main, footer]", ""][n % 3]
        lines.insert(1, f"{joins}\nweight: {n}" if joins else f"weight: {n}")
        about.write_text("\n".join(lines) + "\n")
    else:
        apply_site_edit(site, kind, n)


def apply_site_edit(site: Path, kind: str, n: int) -> None:
    """The logo's file (its size is in every masthead) and settings that change only what is printed."""
    if kind == "logo":
        (site / "static").mkdir(exist_ok=True)
        (site / "static" / "logo.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{10 + n}" height="10"></svg>')
        display = "wordmark" if n % 2 else "icon"
        (site / "site.yaml").write_text(CONFIG + f"logo: /logo.svg\ntheme: {{logo_display: {display}}}\n")
    elif kind == "warnings":
        (site / "site.yaml").write_text(CONFIG + "warnings:\n  ignore: [no-photo, unknown-field]\n")


def apply_edit(site: Path, kind: str, n: int) -> None:
    content = site / "content"
    files = sorted(content.glob("*.md"))
    target = files[n % len(files)] if files else None
    if kind == "body" and target:
        target.write_text(target.read_text() + f"\nAn added sentence {n}.\n")
    elif kind == "title" and target:
        text = target.read_text()
        target.write_text(text.replace("title: '", f"title: 'New {n} ", 1))
    elif kind == "tags" and target:
        text = target.read_text()
        target.write_text(text.replace("tags: [", f"tags: [gamma{n % 3}, ", 1))
    elif kind == "date" and target:
        lines = target.read_text().splitlines()
        lines = [f"date: 2026-10-{1 + n % 27:02d}T08:00:00+01:00" if line.startswith("date:") else line
                 for line in lines]
        target.write_text("\n".join(lines) + "\n")
    elif kind == "add":
        (content / f"added-{n}.md").write_text(article(f"Added {n}", f"2026-11-{1 + n % 27:02d}", "beta", "New."))
    elif kind == "delete" and target and len(files) > 1:
        target.unlink()
    elif kind == "rename" and target:
        target.rename(content / f"renamed-{n}-{target.name}")
    elif kind == "template":
        templates = site / "templates"
        templates.mkdir(exist_ok=True)
        (templates / "404.html").write_text(
            '{% extends "base.html" %}{% block content %}<h1>Gone ' + str(n) + "</h1>{% endblock %}")
    elif kind == "config":
        (site / "site.yaml").write_text(CONFIG.replace("per_page: 2", f"per_page: {2 + n % 3}"))
    elif kind == "shortcode":  # the site's own pullquote, in place of the built-in one, edited
        (site / "templates" / "shortcodes").mkdir(parents=True, exist_ok=True)
        (site / "templates" / "shortcodes" / "pullquote.html").write_text(f"<q>{n} {{{{ inner }}}}</q>")
    elif kind == "use_shortcode" and target:
        target.write_text(target.read_text() + f"\n{{{{< pullquote >}}}}Quote {n}{{{{< /pullquote >}}}}\n")
    elif kind == "ref" and target:  # about.md stays (see apply_page_edit); its address may change
        target.write_text(target.read_text() + f'\nSee [us {n}]({{{{< relref "about" >}}}}).\n')
    elif kind == "featured" and target:  # leads the home page and its section's page, or no longer
        text = target.read_text()
        featured = "featured: true\n" in text
        target.write_text(text.replace("featured: true\n", "") if featured else
                          text.replace("section: ", "featured: true\nsection: ", 1))
    elif kind.startswith("image"):
        apply_image_edit(site, kind, n)
    else:
        apply_page_edit(site, kind, n)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=6))
def test_incremental_build_equals_clean_build_after_any_edits(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("inc")
    site = make_site(root)
    out = root / "public"
    state = BuildState()
    rebuild(site, out, state)
    for kind, n in edits:
        apply_edit(site, kind, n)
        rebuild(site, out, state)
        incremental = tree(out)
        assert incremental == clean_build(site, root / "clean"), f"after {kind} {n}"
        # A second process (no in-memory state) reading the persistent cache agrees too.
        rebuild(site, out)
        assert tree(out) == incremental


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def changed_files(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {k for k in after if before.get(k) != after[k]} - {".newsgen-manifest.json"}


@pytest.fixture
def built(tmp_path):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    report = rebuild(site, out)
    return site, out, report




def test_rebuild_with_nothing_changed_renders_and_writes_nothing(built):
    site, out, first = built
    before = mtimes(out)
    report = rebuild(site, out)
    assert (report.parsed, report.rendered, report.written) == (0, 0, 0)
    assert report.unchanged == first.written
    assert changed_files(before, mtimes(out)) == set()


def test_body_edit_rewrites_only_the_article_page_and_feeds(built):
    site, out, _ = built
    before = mtimes(out)
    path = site / "content" / "story-2.md"
    # Not the first paragraph: that one is the summary, which listings show.
    path.write_text(path.read_text() + "\nA closing paragraph added later.\n")
    report = rebuild(site, out)
    assert report.parsed == 1
    changed = changed_files(before, mtimes(out))
    assert "2026/11/12/story-2/index.html" in changed
    assert {"feed.xml", "atom.xml", "feed.json"} <= changed
    assert not any(name.endswith("index.html") and "story-2" not in name for name in changed), changed


def test_a_shortcode_template_edit_parses_again_only_the_articles_that_use_it(built):
    site, out, _ = built
    story = site / "content" / "story-3.md"
    story.write_text(story.read_text() + "\n{{< pullquote >}}Words{{< /pullquote >}}\n")
    state = BuildState()
    assert rebuild(site, out, state).parsed == 1
    before = mtimes(out)
    (site / "templates" / "shortcodes").mkdir(parents=True)
    (site / "templates" / "shortcodes" / "pullquote.html").write_text("<q>{{ inner }}</q>")
    report = rebuild(site, out, state)
    assert report.parsed == 1  # the dev server: story-3 only
    assert "<q>Words</q>" in (out / "2026/11/13/story-3/index.html").read_text()
    changed = changed_files(before, mtimes(out))
    assert "2026/11/13/story-3/index.html" in changed and "2026/11/12/story-2/index.html" not in changed
    (site / "templates" / "shortcodes" / "pullquote.html").write_text("<q class='x'>{{ inner }}</q>")
    assert rebuild(site, out).parsed == 1  # the command line, from the cache on disk
    assert tree(out) == clean_build(site, site.parent / "clean")


def test_title_edit_rerenders_only_pages_that_show_the_title(built):
    site, out, _ = built
    before = mtimes(out)
    path = site / "content" / "story-0.md"
    path.write_text(path.read_text().replace("title: 'Story 0'", "title: 'Story zero'"))
    report = rebuild(site, out)
    changed = changed_files(before, mtimes(out))
    shows_title = {name for name, data in tree(out).items() if b"Story zero" in data}
    assert changed - {"sitemap.xml"} <= shows_title
    assert report.rendered <= len(shows_title) < report.pages


def test_corrupt_cache_is_discarded_with_a_warning_and_the_build_still_succeeds(built):
    site, out, _ = built
    db = site / ".newsgen-cache" / "newsgen.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    shutil.rmtree(out)
    report = rebuild(site, out)
    assert report.parsed == 5
    assert any("cache" in str(w) for w in report.warnings)
    assert tree(out) == clean_build(site, site.parent / "clean")


def test_deleted_output_file_is_rendered_again(built):
    site, out, _ = built
    target = out / "tags" / "beta" / "index.html"
    expected = target.read_bytes()
    target.unlink()
    report = rebuild(site, out)
    assert report.rendered == 1
    assert target.read_bytes() == expected


def test_parallel_build_gives_the_same_bytes_as_a_serial_one(tmp_path):
    site = make_site(tmp_path)
    for n in range(60):  # enough to start the process pool for parsing
        (site / "content" / f"bulk-{n}.md").write_text(
            article(f"Bulk {n}", f"2026-09-{1 + n % 28:02d}T{n % 24:02d}:00:00Z", f"t{n % 7}", f"Text {n}."))
    build(BuildOptions(site_dir=site, now=NOW, output=tmp_path / "par", jobs=2, use_cache=False, progress=False))
    build(BuildOptions(site_dir=site, now=NOW, output=tmp_path / "ser", jobs=1, use_cache=False, progress=False))
    assert tree(tmp_path / "par") == tree(tmp_path / "ser")
    assert os.cpu_count()


def test_unchanged_inputs_skip_the_whole_build(built):
    site, out, _ = built
    report = rebuild(site, out)
    assert [name for name, _ in report.timings] == ["discover", "check"]
    assert (report.written, report.removed) == (0, 0)


def test_a_scheduled_article_is_published_once_the_clock_passes_it(built):
    site, out, _ = built
    (site / "content" / "later.md").write_text(article("Later story", "2026-12-01T09:00:00+01:00", "alpha", "Soon."))
    first = rebuild(site, out)
    assert first.future == 1 and not (out / "2026/12/01/later/index.html").exists()
    assert rebuild(site, out).timings[-1][0] == "check"  # same clock: nothing to do
    report = build(BuildOptions(site_dir=site, now=dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc),
                                output=out, jobs=1, progress=False))
    assert report.future == 0 and (out / "2026/12/01/later/index.html").is_file()


def test_a_changed_static_file_is_copied_again(built):
    site, out, _ = built
    (site / "static").mkdir()
    (site / "static" / "robots-note.txt").write_text("one")
    rebuild(site, out)
    (site / "static" / "robots-note.txt").write_text("two")
    rebuild(site, out)
    assert (out / "robots-note.txt").read_text() == "two"


def link_warnings(report) -> list[str]:
    return [str(w) for w in report.warnings if "broken" in w.message]


def test_link_check_sees_a_deleted_target_from_pages_that_did_not_change(built):
    site, out, _ = built
    linking = site / "content" / "story-4.md"
    linking.write_text(linking.read_text() + "\nSee [the earlier story](/2026/11/11/story-1/#background).\n")
    assert link_warnings(rebuild(site, out)) == []
    target = site / "content" / "story-1.md"
    saved = target.read_text()
    target.unlink()
    assert link_warnings(rebuild(site, out)) == [
        "content/story-4.md:14: broken link /2026/11/11/story-1/#background: nothing is built at "
        "2026/11/11/story-1/index.html"]
    target.write_text(saved.replace("## Background", "## Context"))
    assert link_warnings(rebuild(site, out)) == [
        "content/story-4.md:14: broken anchor /2026/11/11/story-1/#background: 2026/11/11/story-1/index.html "
        "has no element with id \"background\""]
    target.write_text(saved)
    assert link_warnings(rebuild(site, out)) == []


def test_dev_server_keeps_the_record_for_a_body_edit_and_matches_a_clean_build(tmp_path):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    state = BuildState()
    rebuild(site, out, state)
    assert state.record is not None
    path = site / "content" / "story-3.md"
    path.write_text(path.read_text() + "\nA late paragraph.\n")
    report = rebuild(site, out, state)
    # The article page, the site feeds and the tag, section and author feeds that carry it in full.
    assert report.parsed == 1 and report.rendered == 1 + 3 + 2 + 1 + 1
    assert report.route == "bodies"  # the same comparison as the command line's
    assert tree(out) == clean_build(site, tmp_path / "clean")
    path.write_text(path.read_text().replace("title: 'Story 3'", "title: 'Story three'"))
    rebuild(site, out, state)
    assert tree(out) == clean_build(site, tmp_path / "clean")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=6))
def test_command_line_builds_equal_clean_builds_after_any_edits(tmp_path_factory, edits):
    # Each build a new process would make: no state in memory, only the cache and the build record on disk.
    root = tmp_path_factory.mktemp("cli")
    site = make_site(root)
    out = root / "public"
    rebuild(site, out)
    for kind, n in edits + [("body", n + 1) for _, n in edits]:
        apply_edit(site, kind, n)
        report = rebuild(site, out)
        assert tree(out) == clean_build(site, root / "clean"), f"after {kind} {n} ({report.route} build)"


def test_command_line_body_edit_redoes_only_its_outputs_and_matches_a_clean_build(built):
    site, out, _ = built
    path = site / "content" / "story-3.md"
    path.write_text(path.read_text() + "\nA late paragraph.\n")
    report = rebuild(site, out)
    assert report.route == "bodies"
    # The article page, the site feeds and the tag, section and author feeds that carry it in full.
    assert report.parsed == 1 and report.rendered == report.written == 1 + 3 + 2 + 1 + 1
    assert tree(out) == clean_build(site, out.parent / "clean")
    again = rebuild(site, out)
    assert (again.route, again.written) == ("unchanged", 0)


def test_edits_that_listings_show_take_the_full_route(built):
    site, out, _ = built
    path = site / "content" / "story-1.md"
    path.write_text(path.read_text().replace("title: 'Story 1'", "title: 'Story one'"))
    assert rebuild(site, out).route == "full"
    path.write_text(path.read_text().replace("Body of story 1.", "A new first paragraph, which is the summary."))
    assert rebuild(site, out).route == "full"
    assert tree(out) == clean_build(site, out.parent / "clean")


def test_body_edit_warnings_match_a_clean_build(built):
    site, out, _ = built
    path = site / "content" / "story-2.md"
    path.write_text(path.read_text() + "\nSee [a missing page](/no-such-page/) and {{ site.title }}.\n")
    edited = rebuild(site, out)
    assert edited.route == "bodies"
    shutil.rmtree(out)
    clean = rebuild(site, out)
    assert clean.route == "full"
    assert [str(w) for w in edited.warnings] == [str(w) for w in clean.warnings]
    assert any("broken link /no-such-page/" in str(w) for w in edited.warnings)
    assert any("{{" in str(w) for w in edited.warnings)
    # Fixing the article removes its warnings, again without planning the site.
    path.write_text(path.read_text().replace("\nSee [a missing page](/no-such-page/) and {{ site.title }}.\n", ""))
    fixed = rebuild(site, out)
    assert fixed.route == "bodies"
    assert not any("no-such-page" in str(w) or "{{" in str(w) for w in fixed.warnings)


def test_a_damaged_build_record_means_a_full_build(built):
    site, out, _ = built
    # The record is rows of the one cache database (see store): damage them, not the file.
    db = sqlite3.connect(site / ".newsgen-cache" / "newsgen.sqlite3")
    with db:
        assert db.execute("SELECT count(DISTINCT output) FROM record_sources").fetchone() == (1,)
        db.execute("UPDATE records SET value = json_set(value, '$.context', 'not a context at all', "
                   "'$.steady', 'not warnings at all')")
        db.execute("UPDATE record_outputs SET value = 'not a spec at all'")
    db.close()
    path = site / "content" / "story-4.md"
    path.write_text(path.read_text() + "\nMore.\n")
    report = rebuild(site, out)
    assert report.route == "full"
    assert not any("cache" in str(w) or "memo" in str(w) for w in report.warnings)  # it is not the user's concern
    assert tree(out) == clean_build(site, out.parent / "clean")
    path.write_text(path.read_text() + "\nAnd more.\n")
    assert rebuild(site, out).route == "bodies"  # the full build wrote a new record


def test_a_dev_server_build_in_between_leaves_the_record_the_command_line_uses(built):
    site, out, _ = built
    state = BuildState()
    path = site / "content" / "story-0.md"
    path.write_text(path.read_text() + "\nFrom the dev server.\n")
    rebuild(site, out, state)
    path.write_text(path.read_text() + "\nFrom the command line.\n")
    # One record for both: the dev server's build left it, so the command line redoes only the edit's outputs.
    assert rebuild(site, out).route == "bodies"
    assert tree(out) == clean_build(site, out.parent / "clean")
    # And the dev server, whose record in memory is no longer the one on disk, reads it again.
    path.write_text(path.read_text() + "\nFrom the dev server again.\n")
    assert rebuild(site, out, state).route == "bodies"
    assert tree(out) == clean_build(site, out.parent / "clean")


@pytest.mark.parametrize("links", ["policies:\n  contact: about\n", "menus:\n  footer:\n    - {page: about}\n"])
@pytest.mark.parametrize("server", [False, True])
def test_a_body_edit_on_a_site_linking_its_pages_redoes_only_its_outputs(tmp_path, links, server):
    # Footers, menus and JSON-LD link the pages: the record keeps those links, so a body edit needs no plan.
    site = make_site(tmp_path)
    (site / "site.yaml").write_text(CONFIG + links)
    out = tmp_path / "public"
    state = BuildState() if server else None
    rebuild(site, out, state)
    path = site / "content" / "story-2.md"
    path.write_text(path.read_text() + "\nA late paragraph.\n")
    report = rebuild(site, out, state)
    assert (report.route, report.parsed) == ("bodies", 1)
    assert "About us" in (out / "2026" / "11" / "12" / "story-2" / "index.html").read_text()
    assert tree(out) == clean_build(site, tmp_path / "clean")
    apply_page_edit(site, "page_title", 1)  # a page's new title is in every footer: that is a full build
    assert rebuild(site, out, state).route == "full"
    assert tree(out) == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("kind", ["page_body", "page_title", "page_slug", "page_add", "policies"])
def test_an_edited_added_or_moved_page_rebuilds_and_matches_a_clean_build(tmp_path, kind):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    state = BuildState()
    rebuild(site, out, state)
    rebuild(site, out)  # leaves the build record on disk
    before = tree(out)
    apply_page_edit(site, kind, 1)
    report = rebuild(site, out)
    assert report.route != "unchanged" and tree(out) != before
    assert tree(out) == clean_build(site, tmp_path / "clean")
    apply_page_edit(site, "page_body", 2)
    rebuild(site, out, state)  # the dev server's state, after a command-line build in between
    assert tree(out) == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("kind", ["page_menu", "featured", "logo", "warnings"])
def test_menus_features_and_the_logo_rebuild_like_a_clean_build(tmp_path, kind):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    state = BuildState()
    rebuild(site, out, state)
    rebuild(site, out)  # leaves the edit memo on disk
    for n in (1, 2, 3):  # each kind three ways: joins, moves, leaves; on, off, on; one logo size, another
        apply_edit(site, kind, n)
        rebuild(site, out)
        assert tree(out) == clean_build(site, tmp_path / "clean"), (kind, n)
        apply_edit(site, "body", n)  # an article body edit after it: the edit memo's route, if it is taken
        rebuild(site, out, state if n == 2 else None)
        assert tree(out) == clean_build(site, tmp_path / "clean"), (kind, n, "body")


def test_a_deleted_page_is_removed_from_the_output_and_the_sitemap(tmp_path):
    site = make_site(tmp_path)
    out = tmp_path / "public"
    apply_page_edit(site, "page_add", 0)
    rebuild(site, out)
    assert (out / "extra-0" / "index.html").is_file()
    apply_page_edit(site, "page_delete", 0)
    rebuild(site, out)
    assert not (out / "extra-0").exists() and "extra-0" not in (out / "sitemap.xml").read_text()
    assert tree(out) == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("edits", [
    [("image_lead", 1), ("image_replace", 2), ("image_body", 3), ("image_settings", 4), ("image_delete", 1)],
    [("image_body", 0), ("body", 0), ("image_replace", 5), ("image_settings", 0), ("image_add", 7)],
])
def test_image_edits_rebuild_to_the_bytes_of_a_clean_build(tmp_path, edits):
    """The image operations the property tests draw from, in fixed orders a reviewer can read."""
    site = make_site(tmp_path)
    out = tmp_path / "public"
    state = BuildState()
    rebuild(site, out, state)
    variants = set()
    for kind, n in edits:
        apply_edit(site, kind, n)
        report = rebuild(site, out, state)
        assert tree(out) == clean_build(site, tmp_path / "clean"), f"after {kind} {n} (dev server)"
        rebuild(site, out)  # the command line, from the cache and the records on disk
        assert tree(out) == clean_build(site, tmp_path / "clean"), f"after {kind} {n} ({report.route})"
        variants |= {name for name in tree(out) if name.startswith("_img/")}
    assert len(variants) > 4  # the photos went through the pipeline, in several settings
