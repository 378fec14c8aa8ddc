"""Hostile inputs, whole builds: any article file, any `site.yaml`, any `authors.yaml` builds or fails with user
errors (`path[:line]: message`, exit 1), never a traceback.

tests/test_properties.py feeds the parser; these tests run the real command line (in this process) on a fresh
site folder per example, so discovery, assembly, planning, rendering, the feeds and the link check all see the
input too. The budget is small for CI; `NEWSGEN_FUZZ_EXAMPLES=2000` runs a long session locally.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_main, write_site
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsgen.site.authors import PROFILE_KEYS
from newsgen.core.config import SETTINGS
from newsgen.core.fields import FIELDS
from newsgen.check.page_scan import scan_html

NOW = "2026-11-28T12:00"
GOOD = {"title": "A good article", "date": "2026-11-20 08:30", "tags": ["harbour"], "author": "Mara Quist"}


def budget(default: int) -> settings:
    """Hypothesis settings: `default` examples in CI, NEWSGEN_FUZZ_EXAMPLES locally; always the same examples."""
    examples = int(os.environ.get("NEWSGEN_FUZZ_EXAMPLES") or default)
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])


# ------------------------------------------------------------------------------------------ the check

# Where an error may point: a file of the site folder (content/..., site.yaml, authors.yaml, templates/...).
_ERROR_LINE = re.compile(r"error: (content|site\.yaml|authors\.yaml|templates|static)\b.*: \S")


def assert_user_errors_only(files: dict[str, str | bytes], config: str | None = None,
                            keep_going: bool = False) -> str:
    """Build a fresh site of `files` with the CLI; fail on a crash or an error without a location. Returns stderr.

    Any exception other than the CLI's own handling of user errors propagates out of run_main and fails the
    example with its traceback."""
    with tempfile.TemporaryDirectory(prefix="newsgen-hostile-") as tmp:
        site = write_site(Path(tmp) / "site" / "site", files, config)  # two levels: `output: ..` stays inside tmp
        args = ["build", "--site", site, "--now", NOW, "--jobs", "1", "--quiet"]
        result = run_main(*args, *(["--keep-going"] if keep_going else []))
    assert "Traceback" not in result.err, result.err
    assert result.code in (0, 1), (result.code, result.err)
    # split("\n"), not splitlines(): a file name may hold U+0085 or U+2028, which splitlines() breaks at
    errors = [line for line in result.err.split("\n") if line.startswith("error: ")]
    if result.code == 1:
        assert errors, result.err
    for line in errors:
        assert _ERROR_LINE.match(line), line
    return result.err


# ------------------------------------------------------------------------------------------ values

WORDS = ["harbour", "Harbour", "café", "cafe", "artificial intelligence", "artificial-intelligence", "AI", "",
         " ", "-", "_", "ß", "İstanbul", "中文", "😀", "&amp;", "&#8217;", "<b>x</b>", "{{< ref \"x.md\" >}}",
         "{% post_url 2014-01-02-x %}", "[[[[", "a:b", "a, b", "'q'", '"q"', "\\", "/", "../..", "#", "?x=1",
         "\u200b", "\u202e", "\x00", "\x1b[31m", "\t", "\r\n", "x" * 3000, "🐟" * 300]
DATE_TEXTS = ["2026-11-20", "2026-11-20 08:30", "2026-11-20T08:30:00+02:00", "2014-01-02 13:39:35 -0400",
              "2015-01-13 10:00:00 -5", "2016-07-04T09:05Z", "2026-02-30", "2026-13-01", "0001-01-01",
              "9999-12-31T23:59:59-12:00", "2026-11-20 25:00", "2026-11-20 08:30 +25:00", "20 Nov 2026",
              "Friday, November 20, 2026", "11/20/2026", "1605859200", "2026", "2026-11", "yesterday",
              "2026-11-20T08:30:00.123456789+01:00", "2030-01-01"]
SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS), st.sampled_from(DATE_TEXTS),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1)),
    # Offsets in whole minutes: PyYAML writes a datetime with an offset in seconds as an explicit `!!timestamp`
    # that its own loader cannot read, a known crash (test_explicit_yaml_tag_with_a_wrong_value_is_a_user_error)
    # that would hide every other one.
    st.datetimes(min_value=dt.datetime(1, 1, 1), timezones=st.none() | st.integers(-1439, 1439).map(
        lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)))),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(["name", "date", "text", "url", "title", "x", ""])
                                        | st.text(max_size=8), inner, max_size=4), max_leaves=12)
# Known fields (several times, so most examples use them), the names archives use, misspellings, junk.
KEYS = st.sampled_from([*FIELDS, *FIELDS, "categories", "description", "image", "images", "lastmod", "aliases",
                        "layout", "permalink", "excerpt", "excerpt_separator", "params", "tittle",
                        "photo_captions", "", "1", "draft "]) | st.text(max_size=10)


def yaml_text(data: dict[Any, Any]) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, OverflowError):
        return "title: unrepresentable\n"


def toml_value(value: Any) -> str:
    """A TOML literal for `value` (TOML has no null: it becomes a string); never raises."""
    if value is None:
        return '"null"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def toml_key(key: Any) -> str:
    return '"' + str(key).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def toml_text(data: dict[Any, Any]) -> str:
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    """Front matter of any shape: valid YAML or TOML of random fields, broken text, odd fences, or none."""
    data = draw(st.dictionaries(KEYS, VALUES, max_size=8))
    if draw(st.booleans()):
        data = {**GOOD, **data}  # often a publishable base, so the random fields reach the later stages
    shape = draw(st.sampled_from(["yaml", "yaml", "toml", "broken", "raw", "none"]))
    if shape == "yaml":
        return "---\n" + yaml_text(data) + draw(st.sampled_from(["---\n", "...\n", "--- \n"]))
    if shape == "toml":
        return "+++\n" + toml_text(data) + "+++\n"
    if shape == "broken":
        opening = draw(st.sampled_from(["---", "+++"]))
        junk = draw(st.sampled_from(["title: [unclosed", "title = ", ": :", "- a\n- b", "title: a\n  b: c",
                                     "!!python/object:os.system x", "&a [*a, *a]", "title: \"x\n", "[params",
                                     "title = 'x'\ntitle = 'y'", "\t title: tab", "%YAML 9.9", "? [a]\n: b"]))
        return f"{opening}\n{junk}\n" + draw(st.sampled_from([opening, "", "...", "+++" if opening == "---" else "---"]))
    if shape == "raw":
        return "---\n" + draw(st.text(max_size=200)) + "\n---\n"
    return ""


BODY_TOKENS = st.sampled_from(["{{< ref \"post/x.md\" >}}", "{{< youtube abc >}}", "{{% note %}}x{{% /note %}}",
                               "{% post_url 2014-01-02-x %}", "{% highlight ruby %}\nx\n{% endhighlight %}",
                               "{{ site.baseurl }}", "{{", "}}", "{%", "[[[[", "]]]]", "[a](", "[a]: <", "![](",
                               "<script>alert(1)</script>", "<div>", "</p>", "<!--", "&#0;", "&#xD800;",
                               "<a href=\"../../../x\">", "<img src=\"javascript:x\">", "```", "~~~", "    code",
                               "# ", "#", "---", "***", "> ", "* ", "1. ", "|a|b|\n|-|-|", "[^1]", "*[HTML]: x",
                               "{#id .c}", "\\", "\x00", "\x0c", "\x1b", "\u2028", "\ufeff", "\r", "\n", "\n\n",
                               "word ", "é", "<!-- more -->", "[x](/2026/11/20/gone/)", "[x](#nowhere)"])
BODIES = st.one_of(
    st.lists(BODY_TOKENS | st.text(max_size=20), max_size=30).map(lambda parts: "".join(parts).encode()),
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.just(b""),
)
# File and folder names: anything a file system takes (no `/`, no NUL, at most 255 bytes), except line breaks,
# which no one-line `path:line: message` can show.
NAME_CHARS = st.characters(blacklist_categories=["Cs"], blacklist_characters="/\x00\n\r")
NAMES = st.one_of(
    st.text(NAME_CHARS, min_size=1, max_size=40),
    st.sampled_from(["index", "_index", ".hidden", "_draft", "2014-01-02-jekyll", "2014-1-5-short", "9999-99-99-x",
                     "a b", "café", "CAFE", "x" * 200, "-", "..", "con", "#x#", "x~", "4913"]),
    # Bytes that are not UTF-8 (a Latin-1 name from an old archive): os.walk gives them as lone surrogates.
    st.binary(min_size=1, max_size=12).filter(lambda raw: b"/" not in raw and b"\0" not in raw and b"\n" not in raw
                                              and b"\r" not in raw).map(os.fsdecode),
).filter(lambda name: name not in (".", "..") and len(os.fsencode(name)) <= 200)
SUFFIXES = st.sampled_from([".md", ".md", ".markdown", ".MD", ".txt", ".md.swp", ""])


@st.composite
def article_files(draw: st.DrawFn) -> tuple[str, bytes]:
    folders = draw(st.lists(NAMES, max_size=3))
    name = draw(NAMES) + draw(SUFFIXES)
    rel = "/".join(["content", *folders, name])
    text = draw(front_matters()).encode() + draw(BODIES)
    if draw(st.booleans()):
        text = text.replace(b"\n", b"\r\n")
    if draw(st.booleans()):
        text = b"\xef\xbb\xbf" + text
    return rel, text


# Until issue11-content is merged an empty body crashes the build (KeyError in store.py, see
# test_article_with_an_empty_body_is_published); any other failure still fails this test.
@budget(50)
@given(article_files(), st.booleans())
def test_any_article_file_builds_or_fails_with_located_user_errors(file: tuple[str, bytes], keep_going: bool) -> None:
    rel, data = file
    assume(not rel.startswith("content/2026/good.md/"))  # that path is a file already
    assert_user_errors_only({"content/2026/good.md": GOOD, rel: data}, keep_going=keep_going)


# Settings that change what an article's fields turn into: URLs from sections, archive field names, the other
# Markdown engine, one article per page, the blocks that list other articles.
ARTICLE_CONFIGS = st.sampled_from([
    {"base_url": "https://example.org/news/", "permalink": "/{section}/{year}/{slug}/"},
    {"permalink": "/{slug}/", "per_page": 1, "more_from": 3, "feed_items": 1},
    {"markdown_engine": "commonmark", "timezone": "Pacific/Chatham"},
    {"fields": {"tags": ["tags", "categories", "keywords"], "summary": ["summary", "description", "excerpt"],
                "photo": ["photo", "image", "images"], "author": ["author", "authors", "by"],
                "updated": ["updated", "lastmod"], "date": ["date", "published"], "section": ["section", "layout"]}},
    {"newsletter": {"heading": "Join", "action": "https://example.org/join"}, "logo": "/images/logo.png",
     "description": "<b>&amp;</b>", "language": "zh-Hant-TW"},
])


@budget(30)
@given(st.lists(article_files(), min_size=1, max_size=4), ARTICLE_CONFIGS)
def test_any_articles_under_any_settings_build_or_fail_with_located_user_errors(
        files: list[tuple[str, bytes]], config: dict[str, Any]) -> None:
    site_yaml = yaml_text({"title": "Test Times", "base_url": "https://example.org/", **config})
    chosen: dict[str, str | bytes] = {"content/2026/good.md": GOOD}  # type: ignore[dict-item]
    for rel, data in files:
        # A path cannot be a file and a folder at once (`content/0` and `content/0/a.md`): keep the first.
        if not any(rel.startswith(other + "/") or other.startswith(rel + "/") for other in chosen):
            chosen[rel] = data
    assert_user_errors_only(chosen, config=site_yaml, keep_going=True)


# ------------------------------------------------------------------------------------------ site.yaml

SAFE_FOLDERS = ["public", "out/site", "", ".", "..", "content", "static", "site.yaml", "public/", "a b", "ü"]
SETTING_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "title": st.sampled_from(["Test Times"]) | VALUES,
    "base_url": st.sampled_from(["https://example.org/", "https://example.org/news/", "http://x", "example.org",
                                 "https://example.org/a b/", "https://exa mple.org/", "https://例え.jp/ü/",
                                 "ftp://x/", "https://example.org/?q=1#f", "https://user:pw@x.org:99/"]) | VALUES,
    "timezone": st.sampled_from(["UTC", "Europe/Amsterdam", "Mars/Olympus", "../../etc/passwd", "", "utc"]) | VALUES,
    # ("/../{slug}/" is test_permalink_that_climbs_out_is_an_error_at_its_line, until it passes.)
    "permalink": st.sampled_from(["/{year}/{slug}/", "/{slug}", "{slug}/", "/{section}/{slug}/",
                                  "/{nope}/{slug}/", "/{slug}/{slug}/", "/{{slug}}/", "/{slug}/index.html/",
                                  "/{year}-{month}-{day}-{slug}/", "//{slug}/", "/ {slug} /"]) | VALUES,
    "output": st.sampled_from(SAFE_FOLDERS) | st.integers() | st.lists(st.none()),
    "cache_dir": st.sampled_from(SAFE_FOLDERS) | st.integers() | st.lists(st.none()),
    "markdown_engine": st.sampled_from(["python-markdown", "commonmark", "markdown", ""]) | VALUES,
    "fields": st.dictionaries(st.sampled_from([*FIELDS, "nope"]) | st.text(max_size=5),
                              st.sampled_from(["categories", "image", "title", "tags", ""]) | VALUES,
                              max_size=4) | VALUES,
    "newsletter": st.dictionaries(st.sampled_from(["heading", "text", "action", "button", "field", "x"]),
                                  st.sampled_from(["https://example.org/join", "javascript:x", "Join"]) | VALUES,
                                  max_size=5) | VALUES,
}


@st.composite
def site_configs(draw: st.DrawFn) -> str:
    config: dict[Any, Any] = {"title": "Test Times", "base_url": "https://example.org/"}
    for key in draw(st.lists(st.sampled_from(list(SETTINGS)), max_size=5, unique=True)):
        config[key] = draw(SETTING_VALUES.get(key, VALUES))
    if draw(st.integers(0, 4)) == 0:
        config[draw(st.text(max_size=8) | st.sampled_from(["tittle", "theme", "baseurl"]))] = draw(VALUES)
    shape = draw(st.sampled_from(["yaml", "yaml", "yaml", "junk", "list"]))
    if shape == "junk":
        return draw(st.sampled_from(["", "~", "[a, b]", "title", "title: [", "- title: x", "!!binary aGk=",
                                     "\ufefftitle: T\nbase_url: https://example.org/\n", "title: T\ttab"]))
    if shape == "list":
        return yaml_text({"x": [config]})[4:]  # a list at the top
    return yaml_text(config)


@budget(80)
@given(site_configs())
def test_any_site_yaml_builds_or_fails_with_located_user_errors(config: str) -> None:
    assert_user_errors_only({"content/2026/good.md": GOOD}, config=config)


# ------------------------------------------------------------------------------------------ authors.yaml

PROFILES = st.fixed_dictionaries({"name": st.sampled_from(["Mara Quist", "mara quist", "Ines"]) | VALUES},
                                 optional={key: st.sampled_from(["", "/images/x.jpg", "https://x.org/p.jpg",
                                                                 "mara-quist", "Mara Quist"]) | VALUES
                                           for key in PROFILE_KEYS if key != "name"})


@st.composite
def authors_files(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(["profiles", "profiles", "values", "junk"]))
    if shape == "profiles":
        profiles: list[Any] = draw(st.lists(PROFILES | VALUES, max_size=4))
        return yaml_text({"x": profiles})[4:] if profiles else "[]\n"
    if shape == "values":
        return yaml_text({"x": draw(VALUES)})[4:]
    return draw(st.sampled_from(["", "~", "- [", "{a: 1}", "- name: Mara Quist\n  links: [{title: x}]",
                                 "- name: Mara Quist\n- name: Mara Quist", "- name: Mara Quist\n  slug: ../x",
                                 "- name: x\n  links: [{title: a, url: 'javascript:alert(1)'}]"]))


@budget(80)
@given(authors_files(), st.sampled_from(["Mara Quist", "Ines", "Nobody", "mara-quist"]))
def test_any_authors_yaml_builds_or_fails_with_located_user_errors(authors: str, byline: str) -> None:
    assert_user_errors_only({"content/2026/good.md": {**GOOD, "author": byline}, "authors.yaml": authors})


# ------------------------------------------------------------------------------------------ newsgen check

HTML_BITS = st.sampled_from(['<a href="{u}">x</a>', '<img src="{u}" alt="">', '[x]({u})', '![x]({u})',
                             '<a name="{u}">', '<a href="{u}#frag">', '<link href="{u}">', '<script src="{u}">',
                             '<iframe src="{u}"></iframe>', '<video poster="{u}">', '<img srcset="{u} 2x, {u} 1x">',
                             '<a href=\'{u}\'>', "<a href={u}>", '<a id="{u}">', "<div id=x><a href=#x>",
                             "<base href='{u}'>", "<meta http-equiv=refresh content='0;url={u}'>"])
URL_BITS = st.sampled_from(["/", "", "#", "#top", "/2026/11/20/good/", "/2026/11/20/a-good-article/", "../x",
                            "//evil.example/", "https://example.org/", "https://example.org/news/x", "mailto:a@b",
                            "javascript:alert(1)", "data:text/html,x", "/tags/harbour/", "/feed.xml", "%zz",
                            "/a b/", "/ü/", "http://[::1", "?q=1", "/static/../../etc", "\\x", "/\x00",
                            "tel:+1", "/news/", "https://例え.jp/"])


@st.composite
def linked_bodies(draw: st.DrawFn) -> str:
    bits = draw(st.lists(st.tuples(HTML_BITS, URL_BITS), min_size=1, max_size=6))
    return "\n\n".join(html.format(u=url) for html, url in bits) + "\n"


@budget(20)
@given(linked_bodies(), st.sampled_from(["https://example.org/", "https://example.org/news/"]),
       st.sampled_from([{}, {"draft": True}, {"date": "2030-01-01"}, {"expires": "2026-11-21"}]))
def test_check_on_any_links_reports_problems_never_a_traceback(body: str, base_url: str,
                                                              held: dict[str, Any]) -> None:
    """`newsgen check` reads every page back (links, anchors, feeds, leaks): hostile HTML must not break it."""
    files: dict[str, str | bytes] = {
        "content/2026/good.md": f"---\ntitle: A good article\ndate: 2026-11-20 08:30\ntags: [harbour]\n---\n{body}",
        "content/2026/other.md": yaml_text({**GOOD, "title": "Other <b>&amp;</b>", **held}).join(["---\n", "---\n"])
                                 + body}
    with tempfile.TemporaryDirectory(prefix="newsgen-hostile-") as tmp:
        site = write_site(Path(tmp) / "site", files, {"title": "T", "base_url": base_url})
        result = run_main("check", "--site", site, "--now", NOW)
    assert "Traceback" not in result.err, result.err
    assert result.code in (0, 1), (result.code, result.err)


# ------------------------------------------------------------------------------------------ regressions
# Each crash the properties above found, as a literal case.


def literal_site(tmp_path: Path, files: dict[str, str | bytes | dict[str, Any]], config: str | None = None) -> Path:
    return write_site(tmp_path / "site", files, config)


def build_errors(site: Path) -> str:
    """stderr of a build that must fail with user errors only."""
    result = run_main("build", "--site", site, "--now", NOW, "--quiet")
    assert "Traceback" not in result.err
    assert result.code == 1, result.err
    return result.err


EXPLICIT_TAGS = ["!!timestamp 'not a time'", "!!int twelve", "!!float x", "!!bool maybe"]


@pytest.mark.parametrize("value", EXPLICIT_TAGS)
def test_explicit_yaml_tag_with_a_wrong_value_in_front_matter_is_a_user_error(tmp_path: Path, value: str) -> None:
    site = literal_site(tmp_path, {"content/x.md": f"---\ntitle: T\ndate: 2026-11-20\nkicker: {value}\n---\nBody\n"})
    assert "error: content/x.md:4:" in build_errors(site)


@pytest.mark.parametrize("value", EXPLICIT_TAGS)
def test_explicit_yaml_tag_with_a_wrong_value_in_site_yaml_is_a_user_error(tmp_path: Path, value: str) -> None:
    site = literal_site(tmp_path, {"content/x.md": GOOD},
                        f"title: T\nbase_url: https://example.org/\ndescription: {value}\n")
    assert "error: site.yaml:3:" in build_errors(site)


@pytest.mark.parametrize("value", EXPLICIT_TAGS)
def test_explicit_yaml_tag_with_a_wrong_value_in_authors_yaml_is_a_user_error(tmp_path: Path, value: str) -> None:
    site = literal_site(tmp_path, {"content/x.md": GOOD, "authors.yaml": f"- name: Mara Quist\n  role: {value}\n"})
    assert "error: authors.yaml:2:" in build_errors(site)


def test_permalink_that_climbs_out_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = literal_site(tmp_path, {"content/good.md": GOOD},
                        "title: T\nbase_url: https://example.org/\npermalink: /../{slug}/\n")
    assert "error: site.yaml:3: permalink: " in build_errors(site)


def test_article_with_an_empty_body_is_published(tmp_path: Path) -> None:
    site = literal_site(tmp_path, {"content/empty.md": "---\ntitle: Link post\ndate: 2026-11-20\n---\n"})
    result = run_main("build", "--site", site, "--now", NOW)
    assert "Traceback" not in result.err
    assert result.code == 0, result.err
    assert result.out.startswith("1 articles published")


def test_byline_given_as_a_list_of_name_mappings_is_read_as_names(tmp_path: Path) -> None:
    site = literal_site(tmp_path, {"content/x.md": "---\ntitle: T\ndate: 2026-11-20\nauthor:\n  - name: Mara Quist\n"
                                                  "    email: mara@example.org\n  - {name: Ines Okafor}\n---\nBody\n"})
    result = run_main("build", "--site", site, "--now", NOW)
    assert result.code == 0, result.err
    assert (site / "public" / "authors" / "mara-quist" / "index.html").is_file()
    assert (site / "public" / "authors" / "ines-okafor" / "index.html").is_file()


def test_check_reports_a_link_with_an_unclosed_ipv6_host_as_invalid_in_pages_and_feeds(tmp_path: Path) -> None:
    # urlsplit raises ValueError for `http://[::1`; the feed check called it unguarded on every link of a feed.
    site = literal_site(tmp_path, {"content/x.md": "---\ntitle: T\ndate: 2026-11-20\n---\n<a href=\"http://[::1\">x</a>\n"})
    result = run_main("check", "--site", site, "--now", NOW)
    assert "Traceback" not in result.err
    assert result.code == 1
    assert "content/x.md:5: http://[::1 is not a valid URL" in result.out + result.err


def test_feed_image_with_an_unclosed_ipv6_host_is_reported_at_the_article(tmp_path: Path) -> None:
    site = literal_site(tmp_path, {"content/x.md": "---\ntitle: T\ndate: 2026-11-20\nphoto: 'http://[::1/x.jpg'\n---\nB\n"})
    result = run_main("check", "--site", site, "--now", NOW)
    assert "Traceback" not in result.err
    assert result.code == 1
    assert 'content/x.md:4: item 1 "image" http://[::1/x.jpg is not a valid URL' in result.out + result.err


def test_base_href_with_an_unclosed_ipv6_host_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    # The link check resolved every link against urljoin(page, base href), which raised ValueError.
    site = literal_site(tmp_path, {"content/x.md": "---\ntitle: T\ndate: 2026-11-20\n---\nText\n\n"
                                                  "<base href=\"http://[::1\">\n\n[home](/)\n"})
    result = run_main("build", "--site", site, "--now", NOW)
    assert "Traceback" not in result.err
    assert result.code == 0, result.err
    assert "warning [broken-link]: content/x.md:7: http://[::1 is not a valid URL" in result.err
    assert run_main("check", "--site", site, "--now", NOW).code == 1


def test_article_file_name_that_is_not_utf8_is_an_error_naming_it(tmp_path: Path) -> None:
    # os.walk gives the byte as a lone surrogate, which no digest or message could encode: a traceback.
    site = literal_site(tmp_path, {"content/good.md": GOOD, os.fsdecode(b"content/caf\xe9.md"): GOOD})
    result = run_main("build", "--site", site, "--now", NOW, "--keep-going")
    assert "Traceback" not in result.err
    assert result.code == 1
    assert ("error: content/caf\ufffd.md: the file name is not UTF-8 text (byte 0xe9, shown as \ufffd): rename the "
            "file") in result.err
    assert result.out.startswith("1 articles published")


def test_folder_name_that_is_not_utf8_is_one_error_for_the_folder(tmp_path: Path) -> None:
    site = literal_site(tmp_path, {"content/good.md": GOOD, os.fsdecode(b"content/d\xe9j\xe0/a.md"): GOOD,
                                   os.fsdecode(b"content/d\xe9j\xe0/b.md"): GOOD})
    err = build_errors(site)
    assert err.count("error: ") == 1
    assert "error: content/d\ufffdj\ufffd: the folder name is not UTF-8 text (byte 0xe9" in err


def test_other_content_file_with_a_name_that_is_not_utf8_is_skipped_with_a_note(tmp_path: Path) -> None:
    site = literal_site(tmp_path, {"content/good.md": GOOD, os.fsdecode(b"content/photo\xe9.jpg"): b"GIF89a"})
    result = run_main("build", "--site", site, "--now", NOW)
    assert result.code == 0, result.err
    assert ("warning [skipped-file]: content/photo\ufffd.jpg: not an article (only *.md files are); skipped"
            in result.err)


def test_static_file_with_a_name_that_is_not_utf8_is_not_a_traceback(tmp_path: Path) -> None:
    site = literal_site(tmp_path, {"content/good.md": GOOD, os.fsdecode(b"static/logo\xe9.png"): b"\x89PNG"})
    result = run_main("build", "--site", site, "--now", NOW)
    assert "Traceback" not in result.err
    assert result.code in (0, 1)


def test_toml_writer_of_these_tests_writes_toml() -> None:
    """The TOML strategy must produce valid TOML for plain values, or the TOML examples test only errors."""
    text = toml_text({"title": "a \"b\"", "date": dt.datetime(2026, 1, 2, 3, 4), "tags": ["x", 1, True],
                      "params": {"k": None}})
    assert tomllib.loads(text)["params"] == {"k": "null"}



def test_link_scan_reads_past_thousands_of_unclosed_comments_and_tags() -> None:
    # A broken paste: before, each `<!--` or `<div id=...` without an end was read to the end of the page in
    # search of its `-->` or `>`, so one such page held a build for minutes (quadratic); now it takes
    # milliseconds. The scan still reads on after them, as after any stray '<'.
    tail = '<p>after</p><a href="/after/">x</a>'
    assert scan_html("<!--" * 20_000 + tail).urls == ("/after/",)
    assert scan_html('<div id="a" ' * 20_000).urls == ()
    assert scan_html("<!-- closed --><a href=\"/before/\">" + "<a " * 20_000).urls == ("/before/",)
