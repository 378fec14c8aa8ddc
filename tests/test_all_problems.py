"""One build reports every error and every warning of every article, never one at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_main

from newsgen.build import BuildOptions, build
from newsgen.core.errors import BuildFailed

NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
THREE_MISTAKES = "---\ntitle: Fair\ndate: next saturday\nauthor: Ben Holis\nphoto_captions: oops\n---\nBody.\n"


def test_a_bad_date_an_unknown_author_and_a_misspelt_field_are_reported_in_one_build(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"authors.yaml": "- name: Ben Hollis\n", "content/fair.md": THREE_MISTAKES})
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(site_dir=site, now=NOW, jobs=1, progress=False))
    assert [str(p) for p in info.value.problems] == [
        ("content/fair.md:3: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, found "
         "'next saturday'"),
        ("content/fair.md:4: author: 'Ben Holis' is not in authors.yaml (did you mean \"Ben Hollis\"?); add them "
         "there or fix the spelling")]
    assert [str(w) for w in info.value.warnings] == [
        "content/fair.md:5: photo_captions: unknown field kept in article.extra (did you mean \"photo_caption\"?)"]


def test_warnings_of_other_articles_come_with_the_errors_of_a_failed_build(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"content/bad.md": "---\ntitle: Bad\ndate: soon\n---\nB\n",
                      "content/good.md": "---\ntitle: Good\ndate: 2026-11-20\ntittle: x\n---\nB\n"})
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(site_dir=site, now=NOW, jobs=1, progress=False))
    assert [w.path for w in info.value.warnings] == ["content/good.md"]


def test_keep_going_prints_the_warnings_of_the_file_it_leaves_out(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"authors.yaml": "- name: Ben Hollis\n", "content/fair.md": THREE_MISTAKES,
                      "content/ok.md": "---\ntitle: Fine\ndate: 2026-11-20\nauthor: Ben Hollis\n---\nB\n"})
    result = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1", "--keep-going")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "content/fair.md:5: photo_captions: unknown field" in result.err
    assert "content/fair.md:4: author: 'Ben Holis' is not in authors.yaml" in result.err
    assert "content/fair.md:3: date: expected a date" in result.err
    assert (site / "public/2026/11/20/ok/index.html").is_file()


def test_a_file_with_errors_keeps_its_warnings_in_the_pool(tmp_path: Path) -> None:
    from newsgen.build import pool

    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/\ntimezone: UTC\n")
    for n in range(pool.MIN_PARSE_ITEMS):
        (site / "content" / f"a{n}.md").write_text(f"---\ntitle: A{n}\ndate: 2026-11-20\n---\nB\n")
    (site / "content/fair.md").write_text(THREE_MISTAKES)
    with pytest.raises(BuildFailed) as info:
        build(BuildOptions(site_dir=site, now=NOW, jobs=2, progress=False))
    assert [w.field for w in info.value.warnings] == ["photo_captions"]


def test_the_command_line_prints_the_warnings_and_every_error_of_a_failed_build(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"authors.yaml": "- name: Ben Hollis\n", "content/fair.md": THREE_MISTAKES})
    result = run_main("build", "--site", site, "--now", "2026-11-28T12:00")
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert ("warning [unknown-field]: content/fair.md:5: photo_captions: unknown field kept in article.extra "
            '(did you mean "photo_caption"?)') in lines
    assert [line.split(":")[2] for line in lines if line.startswith("error:")] == ["3", "4"]
    assert lines[-1] == "build failed: 2 errors; nothing was written"
