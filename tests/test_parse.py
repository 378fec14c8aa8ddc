"""parse: one article file -> one Article, every front-matter mistake reported with its line and field."""

from __future__ import annotations

import pytest

from newsgen.content.parse import Parsed, parse_article
from newsgen.core.config import parse_config
from newsgen.core.errors import BuildFailed, UserError
from newsgen.core.models import Article, SourceFile

CONFIG = parse_config({"title": "T", "base_url": "https://example.org/", "timezone": "Europe/Amsterdam"}, {})
SUBPATH = parse_config({"title": "T", "base_url": "https://example.org/news/", "timezone": "UTC"}, {})


def parse(text: str | bytes, rel: str = "content/2026-11-20-ferry.md", config=CONFIG) -> Parsed:  # type: ignore[no-untyped-def]
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return parse_article(SourceFile(rel=rel, data=data, digest="0" * 64), config)


def art(text: str | bytes, rel: str = "content/2026-11-20-ferry.md", config=CONFIG) -> Article:  # type: ignore[no-untyped-def]
    return parse(text, rel, config).article


def errors(text: str | bytes, rel: str = "content/2026-11-20-ferry.md") -> list[str]:
    """Every problem the file raises, as the CLI prints them."""
    with pytest.raises((UserError, BuildFailed)) as info:
        parse(text, rel)
    exc = info.value
    return [str(exc.problem)] if isinstance(exc, UserError) else [str(p) for p in exc.problems]


def test_parse_reads_a_minimal_article() -> None:
    article = art("---\ntitle: Ferry times change\ndate: 2026-11-20 08:30\n---\nThe first sailing moves.\n")
    assert article.title == "Ferry times change"
    assert article.date.isoformat() == "2026-11-20T08:30:00+01:00"
    assert article.slug == "ferry"
    assert article.path == "2026/11/20/ferry/"
    assert article.body_html == "<p>The first sailing moves.</p>"
    assert article.summary == "The first sailing moves."
    assert article.draft is False
    assert (article.tags, article.authors, article.section, article.photo) == ((), (), None, None)


def test_parse_shows_an_offset_date_in_the_site_zone_at_the_same_instant() -> None:
    article = art("---\ntitle: T\ndate: 2026-11-20T08:30:00-05:00\n---\n")
    assert article.date.isoformat() == "2026-11-20T14:30:00+01:00"


def test_parse_puts_a_bare_date_at_midnight_in_the_site_zone() -> None:
    assert art("---\ntitle: T\ndate: 2026-07-01\n---\n").date.isoformat() == "2026-07-01T00:00:00+02:00"


def test_parse_takes_the_date_from_a_dated_file_name_when_front_matter_has_none() -> None:
    article = art("---\ntitle: T\n---\nBody\n", rel="content/2026-03-04-bridge.md")
    assert article.date.isoformat() == "2026-03-04T00:00:00+01:00"
    assert article.slug == "bridge"


def test_parse_treats_an_empty_date_like_a_missing_one() -> None:
    assert art("---\ntitle: T\ndate:\n---\n", rel="content/2026-03-04-bridge.md").date.isoformat() == (
        "2026-03-04T00:00:00+01:00")
    assert errors("---\ntitle: T\ndate:\n---\n", rel="content/bridge.md") == [
        ("content/bridge.md:3: date: required field is missing: add `date: 2026-05-01` "
         "(or `date: 2026-05-01T09:30:00+02:00`)")]


def test_parse_requires_a_date_when_the_file_name_has_none() -> None:
    assert errors("---\ntitle: T\n---\n", rel="content/bridge.md") == [
        ("content/bridge.md:1: date: required field is missing: add `date: 2026-05-01` "
         "(or `date: 2026-05-01T09:30:00+02:00`)")]


def test_parse_rejects_date_without_digits() -> None:
    assert errors("---\ntitle: T\ndate: next monday\n---\n") == [
        ("content/2026-11-20-ferry.md:3: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, "
         "found 'next monday'")]


def test_parse_rejects_a_date_that_is_not_on_the_calendar() -> None:
    assert errors("---\ntitle: T\ndate: 2026-02-30\n---\n") == [
        "content/2026-11-20-ferry.md:3: date: '2026-02-30' is not a real date or time (day is out of range for month)"]


def test_parse_rejects_a_date_written_as_a_list() -> None:
    assert errors("---\ntitle: T\ndate: [2026-11-20]\n---\n") == [
        ("content/2026-11-20-ferry.md:3: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, "
         "found ['2026-11-20']")]


def test_parse_requires_a_title_and_points_at_the_front_matter_start() -> None:
    assert errors("---\ndate: 2026-11-20\n---\n") == [
        "content/2026-11-20-ferry.md:1: title: required field is missing: add `title: ...` to the front matter"]


def test_parse_rejects_an_empty_title() -> None:
    assert errors('---\ntitle: ""\ndate: 2026-11-20\n---\n') == ["content/2026-11-20-ferry.md:2: title: must not be empty"]


def test_parse_reports_every_problem_of_one_file_together() -> None:
    problems = errors("---\ndate: soon\nsection: {a: 1}\ntags: 5\ndraft: maybe\n---\n")
    assert problems == [
        "content/2026-11-20-ferry.md:1: title: required field is missing: add `title: ...` to the front matter",
        ("content/2026-11-20-ferry.md:2: date: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, "
         "found 'soon'"),
        "content/2026-11-20-ferry.md:3: section: expected text, found a mapping",
        "content/2026-11-20-ferry.md:4: tags: expected a list such as [a, b] or text such as 'a, b', found 5",
        "content/2026-11-20-ferry.md:5: draft: expected true or false, found 'maybe'",
    ]


def test_parse_gives_yaml_syntax_errors_the_line_in_the_file() -> None:
    # Two blank lines before the front matter: the line must count from the top of the file.
    assert errors("\n\n---\ntitle: T\ndate: 2026-11-20\ntags: [a\n---\n") == [
        "content/2026-11-20-ferry.md:7: invalid front matter: did not find expected ',' or ']' (the list opened with [ on line 6)"]


def test_parse_rejects_a_file_without_front_matter() -> None:
    assert errors("title: T\n\nJust text.\n") == [
        ("content/2026-11-20-ferry.md:1: no front matter: an article starts with a `---` line, then `title:` and "
         "`date:`, then `---`")]


def test_parse_rejects_unclosed_front_matter() -> None:
    assert errors("---\ntitle: T\ndate: 2026-11-20\n\nBody.\n") == [
        "content/2026-11-20-ferry.md:1: front matter is not closed: add a line with `---` after the last field"]


def test_parse_rejects_front_matter_that_is_a_list() -> None:
    assert errors("---\n- title\n- date\n---\n") == [
        "content/2026-11-20-ferry.md:2: front matter must be a mapping of `key: value` lines, found a list"]


def test_parse_rejects_non_utf8_bytes_with_the_line_they_are_on() -> None:
    assert errors(b"---\ntitle: T\ndate: 2026-11-20\n---\nCaf\xe9 society\n") == [
        "content/2026-11-20-ferry.md:5: not UTF-8 text (invalid byte 0xe9); save the file as UTF-8"]


def test_parse_accepts_a_byte_order_mark_and_windows_line_endings() -> None:
    article = art("\ufeff---\r\ntitle: T\r\ndate: 2026-11-20\r\n---\r\nBody\r\n")
    assert (article.title, article.body_html) == ("T", "<p>Body</p>")


def test_parse_accepts_dots_as_the_end_of_front_matter() -> None:
    assert art("---\ntitle: T\ndate: 2026-11-20\n...\nBody\n").body_html == "<p>Body</p>"


def test_parse_decodes_html_entities_in_the_title_exactly_once() -> None:
    assert art("---\ntitle: Fish &amp; chips &#8217;\ndate: 2026-11-20\n---\n").title == "Fish & chips \u2019"
    assert art("---\ntitle: Fish &amp;amp; chips\ndate: 2026-11-20\n---\n").title == "Fish &amp; chips"


def test_parse_keeps_markup_in_the_title_as_text() -> None:
    assert art("---\ntitle: 'Best <award>'\ndate: 2026-11-20\n---\n").title == "Best <award>"


def test_parse_reads_a_numeric_title_as_text() -> None:
    assert art("---\ntitle: 2026\ndate: 2026-11-20\n---\n").title == "2026"


def test_parse_reads_tags_as_a_list_or_a_comma_separated_string() -> None:
    as_list = art("---\ntitle: T\ndate: 2026-11-20\ntags: [transport, old town]\n---\n")
    as_text = art("---\ntitle: T\ndate: 2026-11-20\ntags: 'transport,  old   town'\n---\n")
    assert as_list.tags == as_text.tags
    assert [(t.name, t.slug) for t in as_list.tags] == [("transport", "transport"), ("old town", "old-town")]


def test_parse_drops_empty_and_repeated_tags_of_one_article() -> None:
    article = art("---\ntitle: T\ndate: 2026-11-20\ntags: 'harbour, , Harbour, ferry'\n---\n")
    assert [t.name for t in article.tags] == ["harbour", "ferry"]


def test_parse_rejects_a_tag_without_letters_or_digits() -> None:
    assert errors("---\ntitle: T\ndate: 2026-11-20\ntags: [ok, '!!']\n---\n") == [
        "content/2026-11-20-ferry.md:4: tags: '!!' has no letters or digits to make a URL from"]


def test_parse_accepts_author_or_authors_as_a_name_or_a_list() -> None:
    one = art("---\ntitle: T\ndate: 2026-11-20\nauthor: Mara Quist\n---\n")
    many = art("---\ntitle: T\ndate: 2026-11-20\nauthors: [Yuki Sørensen, Mara Quist]\n---\n")
    assert [(a.name, a.slug) for a in one.authors] == [("Mara Quist", "mara-quist")]
    assert [(a.name, a.slug) for a in many.authors] == [("Yuki Sørensen", "yuki-sorensen"), ("Mara Quist", "mara-quist")]


def test_parse_rejects_author_and_authors_together() -> None:
    assert errors("---\ntitle: T\ndate: 2026-11-20\nauthor: A\nauthors: B\n---\n") == [
        "content/2026-11-20-ferry.md:5: authors: use either `author` or `authors`, not both"]


def test_parse_reads_a_section_as_one_term() -> None:
    section = art("---\ntitle: T\ndate: 2026-11-20\nsection: Old Town\n---\n").section
    assert section is not None and (section.name, section.slug) == ("Old Town", "old-town")


def test_parse_makes_the_slug_from_the_file_name_without_its_date() -> None:
    assert art("---\ntitle: T\ndate: 2026-11-20\n---\n", rel="content/2026/2026-11-20-Café Émile.md").slug == "cafe-emile"
    assert art("---\ntitle: T\ndate: 2026-11-20\n---\n", rel="content/plain-name.md").slug == "plain-name"


def test_parse_slugifies_an_explicit_slug() -> None:
    assert art("---\ntitle: T\ndate: 2026-11-20\nslug: Ferry Times!\n---\n").slug == "ferry-times"


def test_parse_rejects_a_slug_without_letters_or_digits() -> None:
    assert errors("---\ntitle: T\ndate: 2026-11-20\nslug: '!!!'\n---\n") == [
        "content/2026-11-20-ferry.md:4: slug: '!!!' has no letters or digits to make a URL from"]


def test_parse_rejects_a_file_name_that_cannot_make_a_slug() -> None:
    assert errors("---\ntitle: T\ndate: 2026-11-20\n---\n", rel="content/!!.md") == [
        "content/!!.md:1: slug: cannot make a URL from the file name '!!': add `slug: some-name`"]


def test_parse_fills_the_permalink_pattern() -> None:
    config = parse_config({"title": "T", "base_url": "https://example.org/", "permalink": "/{section}/{year}/{slug}/"},
                          {})
    with_section = art("---\ntitle: T\ndate: 2026-11-20\nsection: Sport\n---\n", config=config)
    without = art("---\ntitle: T\ndate: 2026-11-20\n---\n", config=config)
    assert with_section.path == "sport/2026/ferry/"
    assert without.path == "news/2026/ferry/"


def test_parse_uses_the_first_paragraph_as_the_default_summary() -> None:
    article = art("---\ntitle: T\ndate: 2026-11-20\n---\n## Heading\n\nFirst *para* &amp; more.\n\nSecond.\n")
    assert article.summary == "First para & more."
    given = art("---\ntitle: T\ndate: 2026-11-20\nsummary: Given summary.\n---\nFirst.\n")
    assert given.summary == "Given summary."


def test_parse_cuts_a_long_first_paragraph_at_a_word() -> None:
    summary = art("---\ntitle: T\ndate: 2026-11-20\n---\n" + "word " * 100 + "\n").summary
    assert summary.endswith("…")
    assert len(summary) <= 301
    assert "wor…" not in summary


@pytest.mark.parametrize(("photo", "stored"), [
    ("/images/ferry.svg", "/images/ferry.svg"),
    ("images/ferry.svg", "/images/ferry.svg"),
    ("static/images/ferry.svg", "/images/ferry.svg"),
    ("https://cdn.example.com/ferry.jpg", "https://cdn.example.com/ferry.jpg"),
])
def test_parse_normalises_the_photo_path_under_static(photo: str, stored: str) -> None:
    assert art(f"---\ntitle: T\ndate: 2026-11-20\nphoto: {photo}\n---\n").photo == stored


def test_parse_uses_the_caption_as_alt_text_when_no_alt_is_given() -> None:
    article = art("---\ntitle: T\ndate: 2026-11-20\nphoto: /a.svg\nphoto_caption: The quay at dawn.\n---\n")
    assert article.photo_alt == "The quay at dawn."
    explicit = art("---\ntitle: T\ndate: 2026-11-20\nphoto: /a.svg\nphoto_caption: C\nphoto_alt: A\n---\n")
    assert explicit.photo_alt == "A"


def test_parse_keeps_unknown_keys_in_extra() -> None:
    parsed = parse("---\ntitle: T\ndate: 2026-11-20\nsponsor: {name: Harbour Co, url: /s/}\nrating: 5\n---\n")
    assert parsed.article.extra == {"sponsor": {"name": "Harbour Co", "url": "/s/"}, "rating": 5}
    assert parsed.warnings == ()


def test_parse_warns_about_a_misspelt_field_with_did_you_mean() -> None:
    parsed = parse("---\ntitle: T\ndate: 2026-11-20\nphoto_captions: The quay.\n---\n")
    assert parsed.article.extra == {"photo_captions": "The quay."}
    assert [str(w) for w in parsed.warnings] == [
        ('content/2026-11-20-ferry.md:4: photo_captions: unknown field kept in article.extra '
        '(did you mean "photo_caption"?)')]


def test_parse_warns_when_updated_is_before_the_publication_date() -> None:
    parsed = parse("---\ntitle: T\ndate: 2026-11-20\nupdated: 2026-11-19\n---\n")
    assert [str(w) for w in parsed.warnings] == [
        "content/2026-11-20-ferry.md:4: updated: is earlier than `date`; readers will see an update before publication"]


def test_parse_reads_updated_in_the_site_zone() -> None:
    article = art("---\ntitle: T\ndate: 2026-11-20\nupdated: 2026-11-21T10:00:00Z\n---\n")
    assert article.updated is not None
    assert article.updated.isoformat() == "2026-11-21T11:00:00+01:00"
    assert article.modified == article.updated


def test_parse_rejects_an_invalid_updated_date() -> None:
    assert errors("---\ntitle: T\ndate: 2026-11-20\nupdated: later\n---\n") == [
        ("content/2026-11-20-ferry.md:4: updated: expected a date such as 2026-05-01 or 2026-05-01T09:30:00+02:00, "
         "found 'later'")]


def test_parse_reads_draft_as_a_boolean() -> None:
    assert art("---\ntitle: T\ndate: 2026-11-20\ndraft: true\n---\n").draft is True
    assert errors("---\ntitle: T\ndate: 2026-11-20\ndraft: 'no way'\n---\n") == [
        "content/2026-11-20-ferry.md:4: draft: expected true or false, found 'no way'"]


def test_parse_gives_headings_unique_ids() -> None:
    body = art("---\ntitle: T\ndate: 2026-11-20\n---\n## The budget gap\n\n## The budget gap\n").body_html
    assert '<h2 id="the-budget-gap">' in body
    assert '<h2 id="the-budget-gap-2">' in body


def test_parse_prefixes_root_relative_body_links_with_the_base_path() -> None:
    body = art("---\ntitle: T\ndate: 2026-11-20\n---\n[map](/images/map.svg) [ext](https://example.com/x) "
               "[rel](other/)\n", config=SUBPATH).body_html
    assert 'href="/news/images/map.svg"' in body
    assert 'href="https://example.com/x"' in body
    assert 'href="other/"' in body


def test_parse_counts_words_for_the_reading_time() -> None:
    article = art("---\ntitle: T\ndate: 2026-11-20\n---\n" + "word " * 460 + "\n")
    assert article.word_count == 460
    assert article.reading_minutes == 2


def test_parse_merges_two_spellings_of_one_slug_in_one_file_with_a_warning() -> None:
    parsed = parse("---\ntitle: T\ndate: 2026-11-20\ntags: [café, Harbour, cafe, harbour]\n---\nB\n")
    assert [(t.name, t.slug) for t in parsed.article.tags] == [("café", "cafe"), ("Harbour", "harbour")]
    assert [str(w) for w in parsed.warnings] == [
        ("content/2026-11-20-ferry.md:4: tags: 'café' and 'cafe' share the URL slug 'cafe' and are merged into "
         "one, shown as 'café'; spell them the same way to silence this")]


@pytest.mark.parametrize("link", [
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](jav&#x09;ascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>', '<a href="  jav&#x09;ascript:alert(1)">x</a>',
    "<a href=JaVaScRiPt:alert(1)>x</a>", '<a href="&#106;avascript:alert(1)">x</a>',
    "<a href='vbscript:msgbox(1)'>x</a>", "[x](data:text/html,hi)", '<a href="java&#x0A;scr&Tab;ipt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
])
def test_parse_drops_a_body_link_that_runs_code_and_warns_at_its_line(link: str) -> None:
    parsed = parse(f"---\ntitle: T\ndate: 2026-11-20\n---\nFirst paragraph.\n\nSee {link} now.\n")
    assert parsed.article.body_html == "<p>First paragraph.</p>\n<p>See <a>x</a> now.</p>"
    [warning] = [str(w) for w in parsed.warnings]
    assert warning.startswith("content/2026-11-20-ferry.md:7: link address ")
    assert "would run code in the reader's browser" in warning


def test_parse_drops_a_code_running_link_with_either_engine() -> None:
    from newsgen.content import commonmark

    engines = ["python-markdown"] + (["commonmark"] if commonmark.available() else [])
    for engine in engines:
        config = parse_config({"title": "T", "base_url": "https://example.org/", "markdown_engine": engine}, {})
        parsed = parse("---\ntitle: T\ndate: 2026-11-20\n---\n[x](javascript:alert(1))\n", config=config)
        assert "javascript" not in parsed.article.body_html.lower(), engine
        assert len(parsed.warnings) == 1, engine


def test_parse_keeps_ordinary_links_and_inline_data_images() -> None:
    body = "[a](https://example.org/?a=1&b=2) [m](mailto:x@example.org) ![i](data:image/png;base64,AAAA) [j](/javascript/)\n"
    parsed = parse(f"---\ntitle: T\ndate: 2026-11-20\n---\n{body}")
    assert parsed.warnings == ()
    assert parsed.article.body_html.count("href=") == 3 and 'src="data:image/png;base64,AAAA"' in parsed.article.body_html


def test_parse_rejects_a_photo_that_runs_code() -> None:
    assert errors("---\ntitle: T\ndate: 2026-11-20\nphoto: ' JavaScript:alert(1)'\n---\n") == [
        ("content/2026-11-20-ferry.md:4: photo: a javascript: URL is not an image: give a path under static/ "
         "(/images/x.jpg) or an http(s) URL")]


@pytest.mark.parametrize("photo", ["../../../etc/passwd", "/images/../../site.yaml", "images/../../x.jpg"])
def test_a_photo_path_that_climbs_with_dot_dot_is_an_error_at_its_line(photo: str) -> None:
    with pytest.raises(BuildFailed) as failed:
        parse(f"---\ntitle: T\ndate: 2026-11-20\nphoto: {photo}\n---\nBody.\n")
    assert [(p.line, p.field) for p in failed.value.problems] == [(4, "photo")]
    assert "climbs out of the folder" in failed.value.problems[0].message
