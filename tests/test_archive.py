"""Bringing an existing archive: Jekyll and Hugo posts build as they are, and every problem is a `path:line:`.

The fixture sites in tests/archives/ were written for these tests (outside tests/sites/, whose folders
are golden sites with expected output trees).
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_main

from newsgen.content.frontmatter import load_front_matter, split_front_matter
from newsgen.content.parse import parse_article
from newsgen.content.sources import discover
from newsgen.content.templatetags import tag_warnings, tags_in
from newsgen.core.config import load_config, parse_config
from newsgen.core.errors import UserError
from newsgen.core.fields import apply_field_map
from newsgen.core.models import SourceFile
from newsgen.core.yamltext import Mapping

ARCHIVES = Path(__file__).parent / "archives"
NOW = "2026-01-01T12:00"


def copy(name: str, tmp_path: Path) -> Path:
    site = tmp_path / name
    shutil.copytree(ARCHIVES / name, site)
    return site


def parsed(site: Path, rel: str):  # type: ignore[no-untyped-def]
    data = (site / rel).read_bytes()
    return parse_article(SourceFile(rel=rel, data=data, digest="x"), load_config(site)).article


def source(rel: str, text: str | bytes) -> SourceFile:
    return SourceFile(rel=rel, data=text if isinstance(text, bytes) else text.encode(), digest="x")


def warnings_of(err: str) -> list[str]:
    """The warnings printed, without the `warning [kind]: ` prefix."""
    return [re.sub(r"^warning \[[a-z,-]+\]: ", "", line) for line in err.splitlines()
            if line.startswith("warning [")]


# ------------------------------------------------------------------------------------------ Jekyll


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    site = copy("jekyll", tmp_path_factory.mktemp("archive"))
    result = run_main("build", "--site", site, "--now", NOW)
    return site, result


def test_jekyll_archive_builds_with_every_post(jekyll) -> None:  # type: ignore[no-untyped-def]
    site, result = jekyll
    assert result.code == 0, result.err
    assert result.out.startswith("8 articles published")
    assert "Traceback" not in result.err
    assert run_main("check", "--site", site, "--now", NOW).code == 0


@pytest.mark.parametrize(("rel", "date", "path"), [
    ("content/2014-01-02-new-year-ferry.md", "2014-01-02T00:00:00-05:00", "2014/01/02/new-year-ferry/"),
    ("content/2014-1-5-one-digit-month.md", "2014-01-05T00:00:00-05:00", "2014/01/05/one-digit-month/"),
    ("content/2014-01-02-with-offset.markdown", "2014-01-02T12:39:35-05:00", "2014/01/02/with-offset/"),
    ("content/2015-01-13-minus-five.md", "2015-01-13T10:00:00-05:00", "2015/01/13/minus-five/"),
    ("content/2016-07-04-zulu.md", "2016-07-04T05:05:00-04:00", "2016/07/04/zulu/"),
    ("content/2016-7-5-one-digit-hour.md", "2016-07-05T09:05:00-04:00", "2016/07/05/one-digit-hour/"),
    ("content/2016-07-06-iso.md", "2016-07-06T13:39:35-04:00", "2016/07/06/iso/"),
    ("content/2016-07-07-date-only.md", "2016-07-07T00:00:00-04:00", "2016/07/07/date-only/"),
])
def test_jekyll_dates_and_slugs_come_from_front_matter_or_file_name(jekyll, rel: str, date: str,  # type: ignore[no-untyped-def]
                                                                    path: str) -> None:
    site, _ = jekyll
    article = parsed(site, rel)
    assert (article.date.isoformat(), article.path) == (date, path)
    assert (site / "public" / path / "index.html").is_file()


def test_crlf_bom_and_blank_lines_before_the_front_matter_are_read(jekyll) -> None:  # type: ignore[no-untyped-def]
    site, _ = jekyll
    assert (site / "content/2014-1-5-one-digit-month.md").read_bytes().startswith(b"\xef\xbb\xbf---\r\n")
    article = parsed(site, "content/2014-1-5-one-digit-month.md")
    assert article.title == "One-digit month and day"
    assert article.summary.startswith("A file named with a one-digit month")
    assert "\r" not in article.summary + article.body_html
    assert parsed(site, "content/2014-01-02-with-offset.markdown").lines["title"] == 5


def test_fields_map_renames_an_archives_keys(jekyll) -> None:  # type: ignore[no-untyped-def]
    site, _ = jekyll
    offset = parsed(site, "content/2014-01-02-with-offset.markdown")
    assert [t.name for t in offset.tags] == ["harbour"]  # from `categories: harbour`
    assert offset.photo == "/images/pier.svg"  # from `image:`
    assert offset.summary == "Dues go up for the first time in a decade."  # from `description:`
    assert offset.lines["photo"] == 8
    ferry = parsed(site, "content/2014-01-02-new-year-ferry.md")
    assert [t.name for t in ferry.tags] == ["harbour", "ferry"]
    assert ferry.extra == {"layout": "post"}
    zulu = parsed(site, "content/2016-07-04-zulu.md")
    assert [a.name for a in zulu.authors] == ["Ann Reyes", "Bo Lind"]  # from `authors:`


def test_html_entities_in_titles_are_decoded_once_and_escaped_once(jekyll) -> None:  # type: ignore[no-untyped-def]
    site, _ = jekyll
    assert parsed(site, "content/2014-01-02-new-year-ferry.md").title == "Ferry’s new year & the \"late\" sailing"
    out = site / "public"
    page = (out / "2014/01/02/new-year-ferry/index.html").read_text(encoding="utf-8")
    assert "<h1>Ferry’s new year &amp; the &#34;late&#34; sailing</h1>" in page
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".xml"))
    assert "&amp;#8217;" not in everything and "&amp;amp;" not in everything and "&#8217;" not in everything
    items = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
    assert "Ferry’s new year & the \"late\" sailing" in [item["title"] for item in items]


def test_template_tags_are_left_in_the_text_and_reported_once_per_kind(jekyll) -> None:  # type: ignore[no-untyped-def]
    site, result = jekyll
    tags = [w for w in warnings_of(result.err) if "template tag" in w]
    assert tags == [
        "content/2015-01-13-minus-five.md:8: template tag {% highlight %} from another generator is left in the "
        "text as it is: 1 time in 1 file (the first is here); replace it with Markdown or HTML",
        "content/2015-01-13-minus-five.md:12: template tag {% include %} from another generator is left in the "
        "text as it is: 2 times in 2 files (the first is here); replace it with Markdown or HTML",
        "content/2015-01-13-minus-five.md:14: template tag {% raw %} from another generator is left in the text "
        "as it is: 1 time in 1 file (the first is here); replace it with Markdown or HTML",
    ]  # {{ site.baseurl }} is not among them: newsgen resolves it (see test_liquid_links)
    page = (site / "public/2015/01/13/minus-five/index.html").read_text(encoding="utf-8")
    assert "{% highlight ruby %}" in page and "The old address was /gazette/about/ and" in page
    assert "{% comment %}" in page  # the code block is kept too, and was not reported


def test_files_that_are_not_articles_are_skipped_with_a_note(jekyll) -> None:  # type: ignore[no-untyped-def]
    _, result = jekyll
    notes = [w for w in warnings_of(result.err) if "skipped" in w]
    assert notes == [
        "content/README.md: not an article (no front matter: it would start with a `---` or `+++` line); skipped",
        "content/_drafts/: folder skipped: names starting with '_' are ignored (move articles out of it to "
        "publish them)",
        "content/_index.md: skipped: a file starting with '_' (such as Hugo's _index.md) is not an article",
        "content/data/authors.json: not an article (only *.md files are); skipped",
        "content/feed.xml: not an article (only *.md files are); skipped",
    ]
    assert not [line for line in result.err.splitlines() if line.startswith("error")]


def test_many_skipped_files_are_counted_not_listed(tmp_path: Path) -> None:
    (tmp_path / "content" / "data").mkdir(parents=True)
    for n in range(8):
        (tmp_path / "content" / "data" / f"d{n}.json").write_text("{}", encoding="utf-8")
    notes = [str(n) for n in discover(tmp_path).notes]
    assert notes == ["content: 3 more files skipped for the same reason as content/data/d0.json"] + [
        f"content/data/d{n}.json: not an article (only *.md files are); skipped" for n in range(5)]


# ------------------------------------------------------------------------------------------ Hugo


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    site = copy("hugo", tmp_path_factory.mktemp("archive"))
    result = run_main("build", "--site", site, "--now", NOW)
    return site, result


def test_hugo_archive_with_toml_front_matter_builds(hugo) -> None:  # type: ignore[no-untyped-def]
    site, result = hugo
    assert result.code == 0, result.err
    assert result.out.startswith("5 articles published")
    for path in ("2015/first-post/", "2015/local-date-post/", "2015/local-time/", "2015/storm-bundle/",
                 "2015/yaml-too/"):
        assert (site / "public" / path / "index.html").is_file(), path
    assert run_main("check", "--site", site, "--now", NOW).code == 0


def test_toml_values_are_typed_like_yaml_ones(hugo) -> None:  # type: ignore[no-untyped-def]
    site, _ = hugo
    first = parsed(site, "content/posts/first-post.md")
    assert first.title == "First post — from Hugo"
    assert first.date.isoformat() == "2015-01-13T16:00:00+01:00"
    assert [t.name for t in first.tags] == ["harbour", "weather"]
    assert first.summary == "A TOML front matter with an offset date-time."
    assert first.extra["params"] == {"subtitle": "kept in extra"}
    assert first.extra["categories"] == ["news"]
    assert (first.lines["title"], first.lines["date"], first.lines["draft"]) == (2, 3, 7)
    assert parsed(site, "content/posts/local-date.md").date.isoformat() == "2015-02-01T00:00:00+01:00"
    local_time = parsed(site, "content/posts/local-time.md")  # CRLF and a blank line before +++
    assert local_time.date.isoformat() == "2015-02-02T08:30:00+01:00"


def test_hugo_section_pages_and_bundle_files_are_skipped_and_shortcodes_run(hugo) -> None:  # type: ignore[no-untyped-def]
    site, result = hugo
    warnings = warnings_of(result.err)
    assert "content/posts/_index.md: skipped: a file starting with '_' (such as Hugo's _index.md) is not an " \
           "article" in warnings
    assert "content/posts/storm-bundle/photo.jpg: not an article (only *.md files are); skipped" in warnings
    assert not [w for w in warnings if "template tag" in w]  # youtube, figure and note are built in
    page = (site / "public/2015/first-post/index.html").read_text(encoding="utf-8")
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc"' in page
    assert '<img src="/images/storm.svg" alt="" loading="lazy"><figcaption>Storm</figcaption>' in page
    assert "<p>Shortcodes stay in the text.</p>" in page


def test_toml_syntax_error_points_at_its_line() -> None:
    text = "+++\ntitle = \"Fine\"\ndate = 2015-01-13\ntags = [\"a\" \"b\"]\n+++\nBody.\n"
    front = split_front_matter(source("content/x.md", text))
    assert front is not None and front.format == "toml"
    with pytest.raises(UserError) as caught:
        load_front_matter(front, "content/x.md")
    assert str(caught.value).startswith("content/x.md:4: invalid TOML front matter:")


def test_toml_front_matter_must_be_closed() -> None:
    with pytest.raises(UserError) as caught:
        split_front_matter(source("content/x.md", "\n+++\ntitle = \"x\"\n"))
    assert str(caught.value) == "content/x.md:2: front matter is not closed: add a line with `+++` after the last field"


# ------------------------------------------------------------------------------------------ the fields map


def test_fields_map_takes_the_first_listed_key_an_article_has() -> None:
    field_map = {"summary": ("summary", "excerpt", "description"), "tags": ("topics",)}
    front = Mapping(data={"excerpt": "E", "description": "D", "tags": ["own"]},
                    lines={"excerpt": 3, "description": 4, "tags": 5})
    mapped = apply_field_map(front, field_map)
    assert mapped.data == {"summary": "E", "description": "D", "tags": ["own"]}
    assert mapped.lines == {"summary": 3, "description": 4, "tags": 5}
    both = apply_field_map(Mapping(data={"topics": ["t"], "tags": ["own"]}, lines={}), field_map)
    assert both.data == {"tags": ["t"]}


@pytest.mark.parametrize(("fields", "message"), [
    ({"tagz": ["categories"]}, "'tagz' is not a front-matter field (did you mean \"tags\"?)"),
    ({"tags": {"a": 1}}, "tags: expected a key or a list of keys"),
    ({"tags": []}, "tags: expected a key or a list of keys"),
    ({"tags": ["categories"], "section": ["categories"]}, "key 'categories' is listed for both tags and section"),
    (["tags"], "expected a mapping of `key: value` lines, found ['tags']"),
])
def test_fields_map_mistakes_are_site_yaml_errors(fields: object, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_config({"title": "T", "base_url": "https://example.org/", "fields": fields}, {"fields": 7})
    assert str(caught.value).startswith("site.yaml:7: fields: ")
    assert message in str(caught.value)


def test_fields_map_accepts_one_key_as_text() -> None:
    config = parse_config({"title": "T", "base_url": "https://example.org/", "fields": {"summary": "excerpt"}}, {})
    assert config.fields == {"summary": ("excerpt",)}


# ------------------------------------------------------------------------------------------ broken files

BROKEN_ERRORS = [
    "content/2020-01-01-good-one.md:2: slug: same URL /2020/01/01/good-one/ as content/2020-01-01-good-one-again.md: "
    "give one of them another `slug:`",
    "content/2020-01-03-yaml-error.md:4: invalid front matter: did not find expected ',' or ']' (the list opened with [ on line 3)",
    "content/2020-01-04-toml-error.md:2: invalid TOML front matter: Invalid value (at end of document)",
    "content/2020-01-05-bad-date.md:3: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, found "
    "'the fifth of January'",
    "content/2020-01-06-unclosed.md:1: front matter is not closed: add a line with `---` after the last field",
    "content/2020-01-07-not-utf8.md:2: not UTF-8 text (invalid byte 0xe9); save the file as UTF-8",
    "content/2020-01-08-toml-bad-date.md:3: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, "
    "found 'soon'",
    "content/no-date.md:1: date: required field is missing: add `date: 2026-05-01` (or `date: "
    "2026-05-01T09:30:00+02:00`)",
]


def test_broken_files_fail_the_build_with_every_error_and_nothing_written(tmp_path: Path) -> None:
    site = copy("broken", tmp_path)
    result = run_main("build", "--site", site, "--now", NOW)
    assert result.code == 1
    errors = [line.removeprefix("error: ") for line in result.err.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted(BROKEN_ERRORS)
    assert "Traceback" not in result.err
    assert not (site / "public").exists()


def test_keep_going_builds_everything_else_and_reports_the_rest_at_the_end(tmp_path: Path) -> None:
    site = copy("broken", tmp_path)
    result = run_main("build", "--site", site, "--now", NOW, "--keep-going")
    assert result.code == 1
    assert result.out.startswith("2 articles published")
    tail = result.err.splitlines()[-len(BROKEN_ERRORS) - 1:]
    assert sorted(line.removeprefix("error: ") for line in tail[:-1]) == sorted(BROKEN_ERRORS)
    assert tail[-1] == "8 files left out because of errors (--keep-going); everything else was built"
    assert (site / "public/2020/01/01/good-one/index.html").is_file()
    assert (site / "public/2020/01/02/good-two/index.html").is_file()
    assert "Same URL" in (site / "public/2020/01/01/good-one/index.html").read_text(encoding="utf-8")
    assert "Traceback" not in result.err


def test_keep_going_without_errors_exits_0(tmp_path: Path) -> None:
    site = copy("hugo", tmp_path)
    assert run_main("build", "--site", site, "--now", NOW, "--keep-going", "--quiet").code == 0


def test_keep_going_still_fails_on_a_site_wide_problem(tmp_path: Path) -> None:
    site = copy("broken", tmp_path)
    (site / "site.yaml").write_text("title: x\n", encoding="utf-8")
    result = run_main("build", "--site", site, "--now", NOW, "--keep-going")
    assert result.code == 1
    assert "site.yaml:1: base_url: required setting is missing" in result.err
    assert not (site / "public").exists()


# ------------------------------------------------------------------------------------------ a big, messy archive

DATE_FORMS = ("{y}-{m:02d}-{d:02d}", "{y}-{m:02d}-{d:02d} 13:39:35 -0400", "{y}-{m:02d}-{d:02d}T13:39:35-04:00",
              "{y}-{m:02d}-{d:02d} 10:00:00 -5", "'{y}-{m:02d}-{d:02d}T09:05:00Z'", "{y}-{m:02d}-{d:02d} 9:05")


def test_an_archive_of_hundreds_of_mixed_posts_builds_with_no_traceback(tmp_path: Path) -> None:
    rng = random.Random(6)
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Big Archive\nbase_url: https://example.org/archive/\n"
                                    "fields:\n  tags: [tags, categories]\n  summary: [summary, excerpt]\n",
                                    encoding="utf-8")
    broken = []
    for n in range(400):
        y, m, d = 2010 + n % 12, 1 + n % 12, 1 + n % 28
        name = f"{y}-{m}-{d}-post-{n}.md" if n % 3 else f"{y}-{m:02d}-{d:02d}-post-{n}.md"
        kind = n % 10
        if kind == 0:
            text = f'+++\ntitle = "Post {n} &#8217;s"\ndate = {y}-{m:02d}-{d:02d}T08:00:00Z\ntags = ["t{n % 7}"]\n+++\n'
        else:
            date = rng.choice(DATE_FORMS).format(y=y, m=m, d=d)
            text = f"---\ntitle: \"Post {n} &amp; more\"\ndate: {date}\ncategories: [c{n % 5}]\nexcerpt: E{n}\n---\n"
        text += f"Body {n} with {{% include x.html %}} and {{{{< param p{n} >}}}}.\n"
        if n % 50 == 7:
            text = text.replace("title:", "title: [", 1)
            broken.append(f"content/{name}")
        if n % 4 == 1:
            text = "\ufeff\n\n" + text.replace("\n", "\r\n")
        (site / "content" / name).write_text(text, encoding="utf-8", newline="")
    result = run_main("build", "--site", site, "--now", NOW, "--keep-going")
    assert "Traceback" not in result.err
    assert result.code == 1
    assert result.out.startswith(f"{400 - len(broken)} articles published")
    errors = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert sorted(e.split(":")[1].strip() for e in errors) == sorted(broken)
    assert all(e.split(":")[2].isdigit() for e in errors)
    tags = [w for w in warnings_of(result.err) if "template tag" in w]
    assert [t.split(" template tag ")[1].split(" from")[0] for t in tags] == ["{% include %}", "{{< param >}}"]
    assert "400 times in 400 files" in tags[0]  # broken files are scanned too: they need converting as well


def test_template_tags_ignore_code_and_closing_tags() -> None:
    text = "`{% inline %}`\n~~~\n{% fenced %}\n~~~\n{% endif %} {{< /note >}} {{% /x %}}\n{% if a %}\n"
    assert [str(p) for p in tag_warnings({"content/a.md": tags_in(source("content/a.md", text))})] == [
        "content/a.md:6: template tag {% if %} from another generator is left in the text as it is: 1 time in 1 "
        "file (the first is here); replace it with Markdown or HTML"]
