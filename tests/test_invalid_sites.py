"""One small broken site per user mistake: the exact error text, exit code 1, no traceback, output untouched."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, article, read_tree, run_main

NOW = "2026-11-28T12:00"
GOOD = {
    "content/2026-11-20-ferry.md": article({"title": "Ferry times change", "date": "2026-11-20 08:30",
                                            "tags": ["transport"], "section": "City", "author": "Mara Quist"}),
    "content/2026-11-21-market.md": article({"title": "Market day", "date": "2026-11-21",
                                             "tags": ["food"], "author": "Dev Castellan"}),
}


class Broken:
    """A site that built once, then a mistake: `fail()` rebuilds and checks the old output survived."""

    def __init__(self, root: Path):
        self.site = root / "site"
        self.out = root / "public"

    def build(self, *extra: str) -> Run:
        return run_main("build", "--site", self.site, "--output", self.out, "--now", NOW, *extra)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def fail(self) -> list[str]:
        """Rebuild, expecting failure; return the error lines (without the `error: ` prefix)."""
        before = read_tree(self.out)
        beside = sorted(p.name for p in self.out.parent.iterdir())
        result = self.build()
        assert result.code == 1, result.out + result.err
        assert "Traceback" not in result.err
        assert read_tree(self.out) == before, "a failed build changed the output folder"
        assert sorted(p.name for p in self.out.parent.iterdir()) == beside, "a failed build left files behind"
        lines = result.err.splitlines()
        errors = [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]
        count = len(errors)
        assert lines[-1] == f"build failed: {count} error{'s' if count != 1 else ''}; nothing was written"
        assert result.out == ""
        return errors


@pytest.fixture
def broken(make_site: Callable[..., Path], tmp_path: Path) -> Broken:
    make_site(dict(GOOD), {"title": "Test Times", "base_url": "https://example.org/", "timezone": "Europe/Amsterdam"})
    site = Broken(tmp_path)
    first = site.build("--quiet")
    assert first.code == 0, first.err
    assert (site.out / "index.html").is_file()
    return site


def test_malformed_yaml_front_matter_names_file_and_line(broken: Broken) -> None:
    # YAML notices the unclosed list where the front matter ends: the closing `---` on line 5.
    broken.write("content/bad.md", "---\ntitle: Broken\ndate: 2026-11-22\ntags: [harbour, ferry\n---\nBody\n")
    assert broken.fail() == ["content/bad.md:5: invalid front matter: did not find expected ',' or ']' (the list opened with [ on line 4)"]


def test_yaml_mapping_error_points_at_the_offending_line(broken: Broken) -> None:
    broken.write("content/bad.md", "---\ntitle: Broken\ndate: 2026-11-22\nsummary: a: b\n---\nBody\n")
    [error] = broken.fail()
    # libyaml says "... not allowed in this context", pure-Python PyYAML "... not allowed here".
    assert error.startswith("content/bad.md:4: invalid front matter: mapping values are not allowed ")


def test_missing_title(broken: Broken) -> None:
    broken.write("content/2026-11-22-untitled.md", "---\ndate: 2026-11-22\n---\nBody\n")
    assert broken.fail() == [
        "content/2026-11-22-untitled.md:1: title: required field is missing: add `title: ...` to the front matter"]


def test_missing_date(broken: Broken) -> None:
    broken.write("content/undated.md", "---\ntitle: No date\n---\nBody\n")
    assert broken.fail() == [
        ("content/undated.md:1: date: required field is missing: add `date: 2026-05-01` "
         "(or `date: 2026-05-01T09:30:00+02:00`)")]


def test_invalid_date_in_words(broken: Broken) -> None:
    broken.write("content/when.md", "---\ntitle: When\ndate: next monday\n---\nBody\n")
    assert broken.fail() == [
        ("content/when.md:3: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, "
         "found 'next monday'")]


def test_invalid_calendar_date(broken: Broken) -> None:
    broken.write("content/when.md", "---\ntitle: When\ndate: 2026-02-30\n---\nBody\n")
    assert broken.fail() == [
        "content/when.md:3: date: '2026-02-30' is not a real date or time (day is out of range for month)"]


def test_non_utf8_file(broken: Broken) -> None:
    broken.write("content/latin1.md", "---\ntitle: Café\ndate: 2026-11-22\n---\nBody\n".encode("latin-1"))
    assert broken.fail() == ["content/latin1.md:2: not UTF-8 text (invalid byte 0xe9); save the file as UTF-8"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their permissions; see the dangling-link test")
def test_unreadable_file(broken: Broken) -> None:
    path = broken.write("content/secret.md", "---\ntitle: Secret\ndate: 2026-11-22\n---\nBody\n")
    path.chmod(0)
    try:
        assert broken.fail() == ["content/secret.md: cannot read: Permission denied"]
    finally:
        path.chmod(0o644)


def test_article_that_cannot_be_read_dangling_link(broken: Broken) -> None:
    # An OS error that happens even as root: the article is a symlink whose target was deleted.
    (broken.site / "content" / "moved.md").symlink_to(broken.site / "elsewhere" / "moved.md")
    assert broken.fail() == ["content/moved.md: cannot read: No such file or directory"]


def test_unclosed_front_matter(broken: Broken) -> None:
    broken.write("content/open.md", "---\ntitle: Open\ndate: 2026-11-22\n\nThe body starts here.\n")
    assert broken.fail() == [
        "content/open.md:1: front matter is not closed: add a line with `---` after the last field"]


def test_template_syntax_error_in_a_site_template(broken: Broken) -> None:
    broken.write("templates/article.html", '{% extends "base.html" %}\n{% block content %}\n'
                 "{% if page.article.title %}\n<h1>{{ page.article.title }</h1>\n{% endif %}\n{% endblock %}\n")
    assert broken.fail() == ["templates/article.html:4: template syntax error: unexpected '}'"]


def test_undefined_template_variable_in_a_site_template(broken: Broken) -> None:
    broken.write("templates/article.html", '{% extends "base.html" %}\n{% block content %}\n'
                 "<h1>{{ page.article.title }}</h1>\n<p>{{ sponsor_name }}</p>\n{% endblock %}\n")
    assert broken.fail() == [
        ("templates/article.html:4: undefined template variable: 'sponsor_name' is undefined "
         "(while rendering /2026/11/20/ferry/)")]


def test_missing_template_names_the_template_that_asked_for_it(broken: Broken) -> None:
    broken.write("templates/article.html", '{% extends "base.html" %}\n{% block content %}\n'
                 '{% include "sidebar.html" %}\n{% endblock %}\n')
    assert broken.fail() == [
        ("templates/article.html: template not found: sidebar.html (while rendering /2026/11/20/ferry/); add it to "
         "templates/ or remove the reference")]


def test_static_file_that_would_overwrite_a_generated_page(broken: Broken) -> None:
    broken.write("static/feed.xml", "<rss/>")
    broken.write("static/tags/index.html", "<p>my topics</p>")
    assert broken.fail() == [
        "static/feed.xml: would overwrite /feed.xml, which newsgen generates for the RSS feed; rename it",
        ("static/tags/index.html: would overwrite /tags/index.html, which newsgen generates for the tags overview; "
         "rename it"),
    ]


def test_duplicate_article_url_names_both_files(broken: Broken) -> None:
    broken.write("content/city/2026-11-20-ferry.md", "---\ntitle: Another ferry story\ndate: 2026-11-20\n---\nB\n")
    assert broken.fail() == [
        ("content/city/2026-11-20-ferry.md:2: slug: same URL /2026/11/20/ferry/ as content/2026-11-20-ferry.md: "
         "give one of them another `slug:`")]


def test_two_tags_folding_to_one_slug_name_both_files(broken: Broken) -> None:
    # Issue 11: spellings of one slug are merged (as Hugo does) with a warning, no longer an error.
    broken.write("content/2026-11-22-cafe.md", "---\ntitle: Café opens\ndate: 2026-11-22\ntags: [café]\n---\nB\n")
    broken.write("content/2026-11-23-cafe2.md", "---\ntitle: Cafe closes\ndate: 2026-11-23\ntags: [cafe]\n---\nB\n")
    result = broken.build()
    assert result.code == 0, result.err
    assert ("warning [merged-spellings]: content/2026-11-22-cafe.md:4: tags: 'cafe' (1 article), "
            "'café' (1 article) share the URL slug 'cafe' and are merged into one, shown as 'cafe'; spell them "
            "the same way to silence this"
            ) in result.err.splitlines()
    assert ">cafe</a>" in (broken.out / "tags/index.html").read_text()
    assert len(list((broken.out / "tags").glob("caf*"))) == 1


def test_several_errors_across_files_are_reported_together(broken: Broken) -> None:
    broken.write("content/a.md", "---\ndate: 2026-11-22\n---\nBody\n")
    broken.write("content/b.md", "---\ntitle: B\ndate: soon\ndraft: maybe\n---\nBody\n")
    broken.write("content/c.md", b"---\ntitle: C\ndate: 2026-11-22\n---\n\xff\n")
    assert broken.fail() == [
        "content/a.md:1: title: required field is missing: add `title: ...` to the front matter",
        "content/b.md:3: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, found 'soon'",
        "content/b.md:4: draft: expected true or false, found 'maybe'",
        "content/c.md:5: not UTF-8 text (invalid byte 0xff); save the file as UTF-8",
    ]


def test_site_yaml_unknown_key_suggests_the_right_one(broken: Broken) -> None:
    broken.write("site.yaml", "title: Test Times\nbase_url: https://example.org/\ntimezon: Europe/Amsterdam\n")
    [error] = broken.fail()
    assert error.startswith('site.yaml:3: timezon: unknown setting (did you mean "timezone"?); known settings: '
                            "title, base_url, description, language, timezone, ")


def test_site_yaml_missing_base_url(broken: Broken) -> None:
    broken.write("site.yaml", "title: Test Times\n")
    assert broken.fail() == ["site.yaml:1: base_url: required setting is missing: add `base_url: ...`"]


def test_site_yaml_bad_timezone(broken: Broken) -> None:
    broken.write("site.yaml", "title: Test Times\nbase_url: https://example.org/\ntimezone: Europe/Amstrdam\n")
    assert broken.fail() == [
        "site.yaml:3: timezone: unknown time zone 'Europe/Amstrdam': use an IANA name such as Europe/London or UTC"]


def test_site_yaml_base_url_not_absolute(broken: Broken) -> None:
    broken.write("site.yaml", "title: Test Times\nbase_url: /news/\n")
    assert broken.fail() == [
        "site.yaml:2: base_url: expected an absolute http(s) URL such as https://example.org/, found '/news/'"]


def test_site_yaml_bad_permalink(broken: Broken) -> None:
    broken.write("site.yaml", "title: Test Times\nbase_url: https://example.org/\npermalink: /{year}/{title}/\n")
    assert broken.fail() == [
        "site.yaml:3: permalink: unknown token {title}; use {year}, {month}, {day}, {slug}, {section}"]


def test_site_yaml_syntax_error(broken: Broken) -> None:
    broken.write("site.yaml", "title: Test Times\nbase_url: https://example.org/\nper_page: [6\n")
    [error] = broken.fail()
    assert error.startswith("site.yaml:4: invalid site.yaml: ")


def test_bad_base_url_option_is_reported_like_a_site_yaml_error(broken: Broken) -> None:
    before = read_tree(broken.out)
    result = broken.build("--base-url", "https://example.org/news")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "error: --base-url: must end with '/', e.g. 'https://example.org/news/'" in result.err.splitlines()
    assert read_tree(broken.out) == before


def test_non_empty_output_folder_not_made_by_newsgen_is_refused(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(dict(GOOD))
    out = tmp_path / "www"
    out.mkdir()
    (out / "index.html").write_text("my hand-made home page", encoding="utf-8")
    (out / "photos").mkdir()
    (out / "photos" / "cat.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    before = read_tree(out)
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.splitlines() == [
        (f"error: {out}: output folder is not empty and was not made by newsgen (no .www.newsgen/ beside it); newsgen "
        "will not write among files it did not make. Choose another folder with --output, or empty this one"),
        "build failed: 1 error; nothing was written",
    ]
    assert read_tree(out) == before


def test_an_output_setting_naming_a_folder_newsgen_did_not_make_is_an_error_at_its_line(
        make_site: Callable[..., Path], tmp_path: Path) -> None:
    out = tmp_path / "www"
    out.mkdir()
    (out / "index.html").write_text("my hand-made home page", encoding="utf-8")
    site = make_site(dict(GOOD), f"title: T\nbase_url: https://example.org/\noutput: {out}\n")
    result = run_main("build", "--site", site, "--now", NOW)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.splitlines()[0] == (
        f"error: site.yaml:3: output: {out}: output folder is not empty and was not made by newsgen (no "
        ".www.newsgen/ beside it); newsgen will not write among files it did not make. Choose another folder "
        "(`output:`, or --output), or empty this one")
    assert (out / "index.html").read_text(encoding="utf-8") == "my hand-made home page"


def test_article_changed_while_the_build_was_running(tmp_path: Path) -> None:
    # Discovery hashes every file and keeps only the digest; the worker that parses the file reads it
    # again. If it changed in between, the parse would not match the digest it is cached under.
    from newsgen.build.work_items import parse_one
    from newsgen.core.config import load_config
    from newsgen.core.models import SourceFile

    (tmp_path / "site.yaml").write_text("title: T\nbase_url: https://example.org/\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text(article({"title": "Now", "date": "2026-11-01"}))
    stale = SourceFile(rel="content/a.md", data=None, digest="0" * 64)
    result = parse_one(stale, load_config(tmp_path), tmp_path)
    assert result.parsed is None
    assert [str(p) for p in result.problems] == ["content/a.md: changed while the build was running; build again"]
