"""Symbolic links in static/ and content/: followed inside the site folder, never out of it (issue 11, item 15)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_main

from newsgen.output.static_files import scan_static

NOW = "2026-05-02T00:00"
SECRET = "password=hunter2\n"
ARTICLE = {"title": "Harbour opens", "date": "2026-05-01"}

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symlinks")


def build(site: Path):  # type: ignore[no-untyped-def]
    result = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert "Traceback" not in result.err
    return result


def published(site: Path) -> dict[str, str]:
    """Every output file whose text contains the secret, and every output path: what a reader could fetch."""
    return {p.relative_to(site / "public").as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in (site / "public").rglob("*") if p.is_file()}


def skipped(site: Path) -> dict[str, str]:
    return {problem.path: problem.message for problem in scan_static(site).skipped}


def test_static_file_link_that_leaves_the_site_is_not_published(make_site, tmp_path: Path) -> None:
    site = make_site({"content/a.md": ARTICLE})
    (tmp_path / "outside-secret.txt").write_text(SECRET, encoding="utf-8")
    (site / "static").mkdir()
    os.symlink("../../outside-secret.txt", site / "static" / "link.txt")
    result = build(site)
    assert result.code == 0, result.err
    files = published(site)
    assert "link.txt" not in files
    assert not any(SECRET in text for text in files.values())
    assert "outside the site folder" in skipped(site)["static/link.txt"]


def test_static_folder_link_that_leaves_the_site_is_not_published(make_site, tmp_path: Path) -> None:
    site = make_site({"content/a.md": ARTICLE})
    (tmp_path / "home" / ".ssh").mkdir(parents=True)
    (tmp_path / "home" / "notes.txt").write_text(SECRET, encoding="utf-8")
    (site / "static").mkdir()
    os.symlink(tmp_path / "home", site / "static" / "home")
    assert build(site).code == 0
    assert not any(rel.startswith("home") for rel in published(site))
    assert "outside the site folder" in skipped(site)["static/home"]


def test_static_folder_that_is_itself_a_link_out_of_the_site_is_not_published(make_site, tmp_path: Path) -> None:
    site = make_site({"content/a.md": ARTICLE})
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(tmp_path / "shared", site / "static")
    assert build(site).code == 0
    assert "secret.txt" not in published(site)
    assert "outside the site folder" in skipped(site)["static"]


def test_static_links_to_files_and_folders_inside_the_site_are_published(make_site) -> None:
    site = make_site({"content/a.md": ARTICLE, "assets/logo.svg": "<svg/>", "assets/img/ferry.svg": "<svg/>"})
    (site / "static").mkdir()
    os.symlink("../assets/logo.svg", site / "static" / "logo.svg")
    os.symlink("../assets/img", site / "static" / "images")
    result = build(site)
    assert result.code == 0, result.err
    files = published(site)
    assert files["logo.svg"] == "<svg/>"
    assert files["images/ferry.svg"] == "<svg/>"
    assert skipped(site) == {}


def test_editing_the_target_of_a_static_link_is_published_by_the_next_build(make_site) -> None:
    site = make_site({"content/a.md": ARTICLE, "assets/site.txt": "first"})
    (site / "static").mkdir()
    os.symlink("../assets/site.txt", site / "static" / "site.txt")
    assert build(site).code == 0
    (site / "assets" / "site.txt").write_text("second, longer", encoding="utf-8")
    assert build(site).code == 0
    assert published(site)["site.txt"] == "second, longer"


def test_dangling_static_link_is_a_warning_not_a_traceback(make_site) -> None:
    site = make_site({"content/a.md": ARTICLE})
    (site / "static").mkdir()
    os.symlink("gone.css", site / "static" / "old.css")
    result = build(site)
    assert result.code == 0, result.err
    assert "old.css" not in published(site)
    assert skipped(site)["static/old.css"] == "a link to gone.css, which does not exist; skipped: fix or delete the link"


def test_static_link_loops_are_skipped_without_hanging(make_site) -> None:
    site = make_site({"content/a.md": ARTICLE})
    (site / "static" / "css").mkdir(parents=True)
    (site / "static" / "css" / "x.css").write_text("a{}", encoding="utf-8")
    os.symlink(".", site / "static" / "css" / "again")  # a folder containing itself
    os.symlink("..", site / "static" / "css" / "site")  # static/ again, from below
    os.symlink("loop.txt", site / "static" / "loop.txt")  # a link to itself
    os.symlink("../..", site / "static" / "whole-site")  # the site folder, static/ included
    result = build(site)
    assert result.code == 0, result.err
    files = published(site)
    assert files["css/x.css"] == "a{}"
    assert not any(rel.startswith(("css/again", "css/site", "whole-site", "loop")) for rel in files)
    warnings = skipped(site)
    assert set(warnings) == {"static/css/again", "static/css/site", "static/loop.txt", "static/whole-site"}
    assert "a loop" in warnings["static/css/again"] and "a loop" in warnings["static/loop.txt"]


def test_article_link_that_leaves_the_site_is_skipped_with_a_warning(make_site, tmp_path: Path) -> None:
    site = make_site({"content/a.md": ARTICLE})
    (tmp_path / "private.md").write_text(f"---\ntitle: Private\ndate: 2026-05-01\n---\n{SECRET}", encoding="utf-8")
    os.symlink(tmp_path / "private.md", site / "content" / "private.md")
    result = build(site)
    assert result.code == 0, result.err
    assert ("warning [skipped-file]: content/private.md: skipped: a link to a file outside the site folder"
            in result.err)
    assert "1 articles published" in result.out
    assert not any(SECRET in text for text in published(site).values())


def test_content_folder_that_is_a_link_out_of_the_site_is_not_read(make_site, tmp_path: Path) -> None:
    site = make_site({})
    (site / "content").rmdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.md").write_text(f"---\ntitle: Private\ndate: 2026-05-01\n---\n{SECRET}",
                                                 encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", site / "content")
    result = build(site)
    assert result.code == 0, result.err
    assert ("warning [skipped-file]: content: skipped: content/ is a link to a folder outside the site folder"
            in result.err)
    assert "0 articles published" in result.out


def test_article_link_to_a_file_inside_the_site_is_published(make_site) -> None:
    site = make_site({"content/a.md": ARTICLE, "drafts/b.md": {"title": "Linked in", "date": "2026-05-01"}})
    os.symlink("../drafts/b.md", site / "content" / "b.md")
    result = build(site)
    assert result.code == 0, result.err
    assert "2 articles published" in result.out
