"""Pages (content/pages/**.md) built through the command line: their URLs, where they appear and where not."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import run_main

NOW = "2026-11-28T12:00"
STORY = {"title": "Ferry returns", "date": "2026-11-27T09:00", "section": "News", "author": "Ann Lee",
         "photo": "https://photos.example.org/ferry.jpg"}
ABOUT = ("---\ntitle: About the Gazette\n---\n"
         "We are a small local paper. Read [the ferry story](/2026/11/27/ferry/).\n")


def build(site: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_main("build", "--site", site, "--now", NOW, "--quiet", *extra)


def text(site: Path, rel: str) -> str:
    return (site / "public" / rel).read_text(encoding="utf-8")


def json_ld(html: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


def test_an_undated_about_page_builds_at_about_and_is_not_an_article(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": ABOUT, "content/ferry.md": STORY})
    result = build(site)
    assert result.code == 0, result.err
    html = text(site, "about/index.html")
    assert "<h1>About the Gazette</h1>" in html and "We are a small local paper." in html
    assert "1 articles published" not in result.err  # --quiet: nothing said
    assert not (site / "public" / "2026" / "01").exists()


def test_a_page_is_in_no_feed_listing_or_archive_and_not_in_the_news_sitemap(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About the Gazette\n---\nWho we are.\n",
                      "content/ferry.md": STORY})
    assert build(site).code == 0
    for rel in ("index.html", "feed.xml", "atom.xml", "feed.json", "2026/index.html", "2026/11/index.html",
                "news/index.html", "news-sitemap.xml"):
        assert "About the Gazette" not in text(site, rel), rel
        assert "/about/" not in text(site, rel), rel


def test_a_page_is_in_sitemap_xml_with_its_updated_date(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About\nupdated: 2026-10-01\n---\nWho we are.\n",
                      "content/ferry.md": STORY})
    assert build(site).code == 0
    sitemap = text(site, "sitemap.xml")
    assert re.search(r"<loc>https://example.org/about/</loc>\s*<lastmod>2026-10-01", sitemap), sitemap


def test_a_nested_page_keeps_its_folder_and_slug_and_url_override_the_address(make_site: Any) -> None:
    site = make_site({"content/pages/policies/ethics.md": "---\ntitle: Ethics policy\n---\nFacts first.\n",
                      "content/pages/policies/fixes.md":
                          "---\ntitle: Corrections policy\nslug: corrections\n---\nX.\n",
                      "content/pages/reach-us.md": "---\ntitle: Contact\nurl: /contact/\n---\nCall us.\n",
                      "content/ferry.md": STORY})
    result = build(site)
    assert result.code == 0, result.err
    assert "Ethics policy" in text(site, "policies/ethics/index.html")
    assert "Corrections policy" in text(site, "policies/corrections/index.html")
    assert "Call us." in text(site, "contact/index.html")
    assert not (site / "public" / "reach-us").exists()


def test_a_page_with_a_template_field_is_rendered_with_that_template(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About\ntemplate: wide\n---\nWho.\n",
                      "templates/wide.html": "<p>WIDE {{ page.page.title }}</p>\n",
                      "content/ferry.md": STORY})
    assert build(site).code == 0
    assert text(site, "about/index.html") == "<p>WIDE About</p>\n"


def test_about_and_contact_pages_carry_about_and_contact_json_ld_and_others_webpage(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About\nsummary: Who we are.\n---\nWho.\n",
                      "content/pages/contact.md": "---\ntitle: Contact\n---\nCall.\n",
                      "content/pages/policies/ethics.md": "---\ntitle: Ethics\n---\nFacts.\n",
                      "content/pages/team.md": "---\ntitle: Team\nschema: AboutPage\n---\nUs.\n",
                      "content/ferry.md": STORY})
    assert build(site).code == 0
    about = json_ld(text(site, "about/index.html"))[0]
    assert (about["@type"], about["url"], about["description"]) == ("AboutPage", "https://example.org/about/",
                                                                      "Who we are.")
    assert json_ld(text(site, "contact/index.html"))[0]["@type"] == "ContactPage"
    assert json_ld(text(site, "policies/ethics/index.html"))[0]["@type"] == "WebPage"
    assert json_ld(text(site, "team/index.html"))[0]["@type"] == "AboutPage"
    html = text(site, "about/index.html")
    assert '<link rel="canonical" href="https://example.org/about/">' in html
    assert '<meta property="og:url" content="https://example.org/about/">' in html


def test_a_page_and_an_article_claiming_one_url_is_an_error_naming_both_files(make_site: Any) -> None:
    site = make_site({"content/pages/news.md": "---\ntitle: About\nurl: /2026/11/27/ferry/\n---\nX.\n",
                      "content/ferry.md": STORY})
    result = build(site)
    assert result.code == 1
    assert "content/pages/news.md:3:" in result.err and "content/ferry.md" in result.err
    assert "Traceback" not in result.err


def test_two_pages_claiming_one_url_is_an_error_naming_both_files(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\nX.\n",
                      "content/pages/us.md": "---\ntitle: Us\nslug: about\n---\nY.\n",
                      "content/ferry.md": STORY})
    result = build(site)
    assert result.code == 1
    assert "content/pages/us.md:3:" in result.err and "content/pages/about.md" in result.err


def test_a_page_whose_url_is_a_file_the_site_writes_is_an_error_at_its_url_line(make_site: Any) -> None:
    site = make_site({"content/pages/feed.md": "---\ntitle: Feed\nurl: /feed.xml\n---\nX.\n",
                      "content/pages/tags.md": "---\ntitle: Topics\nslug: tags\n---\nY.\n",
                      "content/ferry.md": STORY})
    result = build(site)
    assert result.code == 1 and "Traceback" not in result.err
    assert ("error: content/pages/feed.md:3: the page content/pages/feed.md and the RSS feed would both be "
            "written to /feed.xml") in result.err
    assert "error: content/pages/tags.md:3: the page content/pages/tags.md and the tags overview" in result.err


def test_a_section_whose_pages_are_a_languages_is_an_error_at_the_section_line(make_site: Any) -> None:
    config = ("title: T\nbase_url: https://example.org/\nlanguages:\n  - code: en\n    title: T\n"
              "  - code: fr\n    title: TF\n    path: fr\n")
    site = make_site({"content/a.md": "---\ntitle: A\ndate: 2026-05-01\nsection: fr\n---\nBody.\n",
                      "content/b.md": "---\ntitle: B\ndate: 2026-05-01\nlang: fr\n---\nCorps.\n"}, config)
    result = build(site)
    assert result.code == 1 and "Traceback" not in result.err
    assert ("error: content/a.md:4: the home page and section 'fr' (first used in content/a.md) would both be "
            "written to /fr/") in result.err


def test_every_page_error_of_a_build_is_reported_at_once_with_its_line(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\nsummary: no title\n---\nX.\n",
                      "content/pages/contact.md": "---\ntitle: Contact\nweight: heavy\n---\nY.\n",
                      "content/ferry.md": STORY})
    result = build(site)
    assert result.code == 1
    assert "content/pages/about.md:" in result.err and "title" in result.err
    assert "content/pages/contact.md:3:" in result.err and "weight" in result.err
    assert "Traceback" not in result.err


def test_a_draft_page_is_built_nowhere_unless_drafts_are_asked_for(make_site: Any) -> None:
    site = make_site({"content/pages/secret.md": "---\ntitle: Secret plans\ndraft: true\n---\nHush.\n",
                      "content/ferry.md": STORY})
    assert build(site).code == 0
    assert not (site / "public" / "secret").exists()
    assert all("Secret plans" not in p.read_text(encoding="utf-8", errors="replace")
               for p in (site / "public").rglob("*") if p.is_file())
    assert build(site, "--drafts").code == 0
    assert "Secret plans" in text(site, "secret/index.html")


def test_pages_and_articles_link_to_each_other_under_a_subpath_base_url(make_site: Any) -> None:
    story = "---\ntitle: Ferry returns\ndate: 2026-11-27T09:00\n---\nSee [who we are](/about/).\n"
    site = make_site({"content/pages/about.md": ABOUT, "content/ferry.md": story})
    result = build(site, "--base-url", "https://example.org/news/", "--strict")
    assert result.code == 0, result.err
    about = text(site, "about/index.html")
    assert '<link rel="canonical" href="https://example.org/news/about/">' in about
    assert 'href="/news/2026/11/27/ferry/"' in about or 'href="../2026/11/27/ferry/"' in about
    assert "https://example.org/news/about/" in text(site, "sitemap.xml")


def test_a_link_from_a_page_to_a_missing_article_is_reported_by_the_link_check(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\nRead [this](/nowhere/).\n",
                      "content/ferry.md": STORY})
    result = build(site, "--strict")
    assert result.code == 1
    assert "content/pages/about.md" in result.err and "/nowhere/" in result.err


def test_keep_going_leaves_out_a_page_with_an_error_and_builds_the_rest(make_site: Any) -> None:
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\nX.\n",
                      "content/pages/us.md": "---\ntitle: Us\nslug: about\n---\nY.\n",
                      "content/pages/broken.md": "---\nsummary: no title\n---\nZ.\n", "content/ferry.md": STORY})
    result = build(site, "--keep-going")
    assert result.code == 1 and "content/pages/us.md:3:" in result.err and "content/pages/broken.md" in result.err
    assert "<h1>About</h1>" in text(site, "about/index.html")
