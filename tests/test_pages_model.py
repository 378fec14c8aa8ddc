"""Pages (content/pages/*.md) and redirects (`aliases:`): the parse and the redirect outputs, as specs."""

from __future__ import annotations

import pytest

from newsgen.content.pages import is_page_file, parse_page
from newsgen.core.config import SiteConfig
from newsgen.core.errors import BuildFailed
from newsgen.core.models import SourceFile
from newsgen.content.parse import parse_article
from newsgen.site.pages import (page_json_ld, published_pages, publisher_policies, resolve_policies,
                                url_clashes)
from newsgen.site.redirects import (Redirect, collisions, gone_warnings, redirect_html, redirects_file,
                                    redirects_of)

CONFIG = SiteConfig(title="Gazette", base_url="https://example.org/")


def page(rel: str, text: str):  # type: ignore[no-untyped-def]
    return parse_page(SourceFile(rel=rel, data=text.encode(), digest="x"), CONFIG)


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
        ("footer",), 10, "ContactPage", ("old/team/",), {"colour": "blue"})


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


def test_a_draft_page_is_left_out_unless_drafts_are_asked_for() -> None:
    shown = page("content/pages/about.md", "---\ntitle: About\n---\n")
    hidden = page("content/pages/soon.md", "---\ntitle: Soon\ndraft: true\n---\n")
    assert published_pages([hidden, shown]) == (shown,)
    assert published_pages([hidden, shown], drafts=True) == (shown, hidden)


def test_a_page_claiming_an_articles_or_another_pages_url_is_an_error_naming_both_files() -> None:
    first = page("content/pages/about.md", "---\ntitle: About\n---\n")
    second = page("content/pages/team.md", "---\ntitle: Team\nurl: /about/\n---\n")
    news = page("content/pages/news.md", "---\ntitle: News\nslug: ferry\nurl: /2026/11/20/ferry/\n---\n")
    article = parse_article(SourceFile(rel="content/ferry.md", data=b"---\ntitle: Ferry\ndate: 2026-11-20\n---\n",
                                       digest="x"), CONFIG).article
    assert [str(p) for p in url_clashes(published_pages([first, second, news]), [article])] == [
        "content/pages/news.md:4: url: same URL /2026/11/20/ferry/ as content/ferry.md: give one of them another "
        "`slug:` or `url:`",
        "content/pages/team.md:3: url: same URL /about/ as content/pages/about.md: give one of them another "
        "`slug:` or `url:`",
    ]


def test_policies_become_the_publishers_trust_properties_and_a_missing_page_is_an_error() -> None:
    ethics = page("content/pages/policies/ethics.md", "---\ntitle: Ethics\n---\n")
    contact = page("content/pages/contact.md", "---\ntitle: Contact\n---\n")
    found, errors = resolve_policies({"ethics": "policies/ethics", "contact": "contact", "masthead": "staff"},
                                     (ethics, contact), "site.yaml", {"masthead": 9})
    assert [str(p) for p in errors] == [
        "site.yaml:9: policies.masthead: no page 'staff': expected the name of a file under content/pages/ "
        "without .md (pages: contact, policies/ethics)"]
    assert publisher_policies(found, lambda path: "https://example.org/" + path) == {
        "contactPoint": {"@type": "ContactPoint", "url": "https://example.org/contact/"},
        "publishingPrinciples": "https://example.org/policies/ethics/"}


def test_a_contact_page_carries_contactpage_json_ld() -> None:
    contact = page("content/pages/contact.md", "---\ntitle: Contact\nsummary: Write to us\n---\n")
    data = page_json_ld(contact, lambda path: "https://example.org/news/" + path, {"@type": "Organization"})
    assert data == {"@context": "https://schema.org", "@type": "ContactPage", "name": "Contact",
                    "url": "https://example.org/news/contact/", "description": "Write to us",
                    "publisher": {"@type": "Organization"}}
