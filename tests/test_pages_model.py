"""Pages (content/pages/*.md) and redirects (`aliases:`): the parse and the redirect outputs, as specs."""

from __future__ import annotations

import pytest

from newsgen.content.pages import is_page_file, parse_page
from newsgen.core.config import SiteConfig
from newsgen.core.errors import BuildFailed
from newsgen.core.models import SourceFile
from newsgen.site.redirects import Redirect, collisions, gone_warnings, redirect_html, redirects_file, redirects_of


def page(rel: str, text: str):  # type: ignore[no-untyped-def]
    return parse_page(SourceFile(rel=rel, data=text.encode(), digest="x"), SiteConfig(title="Gazette", base_url="https://example.org/"))


def problems(rel: str, text: str) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        page(rel, text)
    return [str(p) for p in failed.value.problems]


def test_a_file_under_content_pages_is_a_page_and_an_article_file_is_not() -> None:
    assert is_page_file("content/pages/about.md")
    assert not is_page_file("content/2026/ferry.md")


def test_a_page_needs_no_date_and_takes_its_url_from_its_place_in_the_folder() -> None:
    about = page("content/pages/about.md", "---\ntitle: About us\n---\nWe are a small paper.\n")
    ethics = page("content/pages/policies/ethics.md", "---\ntitle: Ethics\n---\nWe check facts.\n")
    assert (about.path, about.name, about.schema) == ("about/", "about", "AboutPage")
    assert (ethics.path, ethics.name, ethics.schema) == ("policies/ethics/", "policies/ethics", "WebPage")
    assert "<p>We are a small paper.</p>" in about.body_html
    assert about.summary == "We are a small paper."


def test_slug_and_url_override_the_file_name() -> None:
    assert page("content/pages/policies/ethics.md", "---\ntitle: E\nslug: code\n---\n").path == "policies/code/"
    assert page("content/pages/reach-us.md", "---\ntitle: Write\nurl: /contact/\n---\n").path == "contact/"


def test_every_front_matter_field_of_a_page_is_kept() -> None:
    p = page("content/pages/team.md", "---\ntitle: Team\nsummary: Who we are\nphoto: images/team.jpg\n"
             "photo_caption: The newsroom\nphoto_credit: Ann Lee\nupdated: 2026-11-02\ndraft: true\n"
             "template: wide\nmenu: footer\nweight: 10\nschema: ContactPage\naliases: [/old/team/]\n"
             "colour: blue\n---\nHello.\n")
    assert (p.summary, p.photo, p.photo_caption, p.photo_alt, p.photo_credit) == (
        "Who we are", "/images/team.jpg", "The newsroom", "The newsroom", "Ann Lee")
    assert (p.updated.date().isoformat(), p.draft, p.template) == ("2026-11-02", True, "wide.html")
    assert (p.menu, p.weight, p.schema, p.aliases, dict(p.extra)) == (
        "footer", 10, "ContactPage", ("old/team/",), {"colour": "blue"})


def test_page_errors_name_the_file_and_line_all_at_once() -> None:
    found = problems("content/pages/about.md", "---\nsummary: x\nweight: heavy\nschema: Blog\n"
                     "aliases: [https://other.example/]\nurl: ../up\n---\n")
    assert found == [
        "content/pages/about.md:1: title: required field is missing: add `title: ...` to the front matter",
        "content/pages/about.md:3: weight: expected a whole number such as 10 (lower comes first in the menu), "
        "found 'heavy'",
        "content/pages/about.md:4: schema: expected one of WebPage, AboutPage, ContactPage, found 'Blog'",
        "content/pages/about.md:5: aliases: expected old site paths such as /2025/01/02/old-slug/, found "
        "'https://other.example/'",
        "content/pages/about.md:6: url: expected a site path such as /contact/, found '../up'",
    ]


def test_a_redirect_page_refreshes_to_the_new_address_is_noindex_and_escapes_the_title() -> None:
    text = redirect_html("/news/about/", "About <us>", "en")
    assert '<meta http-equiv="refresh" content="0; url=/news/about/">' in text
    assert '<link rel="canonical" href="/news/about/">' in text
    assert '<meta name="robots" content="noindex">' in text
    assert '<a href="/news/about/">About &lt;us&gt;</a>' in text


def test_the_redirects_file_maps_each_alias_with_a_301_under_the_base_path() -> None:
    found = redirects_of([("content/pages/about.md", "about/", ("old/about/", "us/"), 4)])
    assert redirects_file(found, "/news/") == "/news/old/about/ /news/about/ 301\n/news/us/ /news/about/ 301\n"


def test_an_alias_on_a_real_output_or_claimed_twice_is_an_error() -> None:
    found = (Redirect(path="tags/", target="about/", source="content/pages/about.md", line=3),
             Redirect(path="old/", target="about/", source="content/pages/about.md", line=3),
             Redirect(path="old/", target="x/", source="content/pages/x.md", line=2))
    assert [str(p) for p in collisions(found, {"tags/": "the tags overview"})] == [
        "content/pages/about.md:3: aliases: /tags/ is not an old address: the tags overview is published there; "
        "remove it from `aliases:`",
        "content/pages/x.md:2: aliases: /old/ is an alias of content/pages/about.md too: keep it in one file's "
        "`aliases:`",
    ]


def test_a_moved_page_warns_with_the_exact_aliases_line_and_a_deleted_or_covered_one_does_not() -> None:
    warned = gone_warnings(
        previous=["2026/11/20/ferry/", "2026/11/21/gone/", "old/about/"],
        current={"content/ferry.md": ("2026/11/20/ferry-cancelled/", 2), "content/pages/about.md": ("about/", 2)},
        moved={"2026/11/20/ferry/": "content/ferry.md", "2026/11/21/gone/": "content/gone.md",
               "old/about/": "content/pages/about.md"},
        covered={"old/about/"})
    assert [str(p) for p in warned] == [
        "content/ferry.md:2: aliases: /2026/11/20/ferry/ was published by the last build and is gone now (the page "
        "moved to /2026/11/20/ferry-cancelled/): add `aliases: [/2026/11/20/ferry/]` to keep old links working"]
