"""Articles with no body (link posts, photo posts, list stubs) are valid articles: every build path builds them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_main

from newsgen.build import BuildOptions, BuildState, build, pool

NOW = "2026-11-28T12:00"
# Enough articles, each with its own tag (a page and a feed), that both the parse and the render pool run.
MANY = max(pool.MIN_PARSE_ITEMS, pool.MIN_RENDER_ITEMS // 3 + 1)


def empty_article(n: int, body: str = "") -> str:
    return (f"---\ntitle: Photo of the day {n}\ndate: 2026-11-{1 + n % 27:02d}T09:{n % 60:02d}:00\n"
            f"tags: [photo-{n}]\nphoto: https://photos.example.org/p{n}.jpg\n---\n{body}")


def write(root: Path, count: int, body: str = "") -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\ntimezone: UTC\n")
    for n in range(count):
        (site / "content" / f"p{n}.md").write_text(empty_article(n, body))
    return site


@pytest.mark.parametrize("body", ["", "   \n\n\t\n"], ids=["empty", "whitespace"])
@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_an_article_with_an_empty_body_builds_serially(tmp_path: Path, body: str, cache: bool) -> None:
    site = write(tmp_path, 3, body)
    args = ["build", "--site", site, "--now", NOW, "--jobs", "1", *([] if cache else ["--no-cache"])]
    first = run_main(*args)
    assert first.code == 0, first.err
    assert "Traceback" not in first.err
    page = (site / "public/2026/11/02/p1/index.html").read_text()
    assert "Photo of the day 1" in page
    again = run_main(*args)  # the rebuild reads the cache the first build left
    assert again.code == 0, again.err
    (site / "content/p1.md").write_text(empty_article(1, "Now with a caption.\n"))
    edited = run_main(*args)
    assert edited.code == 0, edited.err
    assert "Now with a caption." in (site / "public/2026/11/02/p1/index.html").read_text()


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_empty_bodies_build_in_the_process_pool(tmp_path: Path, cache: bool) -> None:
    site = write(tmp_path, MANY)
    args = ["build", "--site", site, "--now", NOW, "--jobs", "2", "--quiet", *([] if cache else ["--no-cache"])]
    first = run_main(*args)
    assert first.code == 0, first.err
    assert (site / f"public/tags/photo-{MANY - 1}/index.html").is_file()
    assert "<item>" in (site / "public/feed.xml").read_text()
    again = run_main(*args)
    assert again.code == 0, again.err


def test_an_empty_body_builds_in_the_dev_server_and_after_an_edit(tmp_path: Path) -> None:
    site = write(tmp_path, 2)
    state = BuildState()
    options = BuildOptions(site_dir=site, now=dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC),
                           output=tmp_path / "preview", jobs=1, progress=False)
    build(options, state)
    (site / "content/p0.md").write_text(empty_article(0, "\n"))  # still empty: a new digest, the same body
    build(options, state)
    (site / "content/p2.md").write_text(empty_article(2))
    report = build(options, state)
    assert report.published == 3
    assert (tmp_path / "preview/2026/11/03/p2/index.html").is_file()


def test_an_article_of_only_title_and_date_has_an_empty_summary(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\ntimezone: UTC\ndescription: D\n")
    (site / "content/stub.md").write_text("---\ntitle: Stub\ndate: 2026-11-20\n---\n")
    result = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert result.code == 0, result.err
    page = (site / "public/2026/11/20/stub/index.html").read_text()
    # The summary is "" (no first paragraph), so the description falls back to the site's.
    assert '<meta name="description" content="D">' in page
