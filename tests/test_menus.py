"""`menus:` in site.yaml: the main navigation and the footer links, each item checked against the build."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import run_main

from newsgen.core.config import parse_config
from newsgen.core.yamltext import load_mapping
from newsgen.site.menus import PageRef, menu_problems, resolve_menus

MakeSite = Callable[..., Path]

HEAD = "title: Test Times\nbase_url: https://example.org/\ntimezone: UTC\n"
FILES = {
    "content/ferry.md": {"title": "Ferry returns", "date": "2026-11-20T09:00:00Z", "section": "News",
                         "tags": ["harbour"]},
    "content/derby.md": {"title": "Derby won", "date": "2026-11-21T09:00:00Z", "section": "Sport"},
    "content/column.md": {"title": "A column", "date": "2026-11-19T09:00:00Z", "section": "Opinion"},
}


def _build(make_site: MakeSite, config: str, *, base_url: str = "https://example.org/") -> tuple[int, str, Path]:
    site = make_site(FILES, config=config.replace("https://example.org/", base_url))
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    return run.code, run.err, site / "public"


def _nav(html: str, label: str = "Main") -> list[tuple[str, str, bool]]:
    """(href, text, current) of each link of the navigation with this aria-label."""
    match = re.search(rf'<nav[^>]*aria-label="{label}"[^>]*>(.*?)</nav>', html, re.S)
    assert match, f"no {label} navigation"
    return [(href, text, bool(current)) for href, current, text in
            re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', match.group(1))]


MENUS = HEAD + """\
menus:
  main:
    - {title: Front, url: /}
    - {section: Sport}
    - {section: News, title: Local news}
    - {tag: harbour}
    - {title: Partner, url: "https://partner.example.com/"}
  footer:
    - {title: Topics, url: /tags/}
    - {title: Corrections, url: /corrections/}
"""


def test_main_menu_replaces_the_section_bar_in_the_order_given(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, MENUS)
    assert code == 0, err
    assert _nav((out / "index.html").read_text()) == [
        ("/", "Front", True), ("/sport/", "Sport", False), ("/news/", "Local news", False),
        ("/tags/harbour/", "harbour", False), ("https://partner.example.com/", "Partner", False)]
    assert 'aria-label="Sections"' not in (out / "index.html").read_text()


def test_the_current_page_is_marked_in_the_menu(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, MENUS)
    assert code == 0, err
    sport = _nav((out / "sport" / "index.html").read_text())
    assert [text for _, text, current in sport if current] == ["Sport"]
    footer = _nav((out / "tags" / "index.html").read_text(), "Footer")
    assert footer == [("/tags/", "Topics", True), ("/corrections/", "Corrections", False)]
    article = (out / "2026" / "11" / "21" / "derby" / "index.html").read_text()
    assert not any(current for _, _, current in _nav(article))


def test_footer_menu_links_on_every_page(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, MENUS)
    assert code == 0, err
    for page in ("index.html", "404.html", "2026/11/20/ferry/index.html"):
        assert [t for _, t, _ in _nav((out / page).read_text(), "Footer")] == ["Topics", "Corrections"], page


def test_menu_links_follow_a_base_url_with_a_path(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, MENUS, base_url="https://example.org/news/")
    assert code == 0, err
    hrefs = [href for href, _, _ in _nav((out / "index.html").read_text())]
    assert hrefs[:4] == ["/news/", "/news/sport/", "/news/news/", "/news/tags/harbour/"]
    assert hrefs[4] == "https://partner.example.com/"


def test_menu_titles_are_escaped(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, HEAD + 'menus:\n  main:\n    - {title: "<b>Sport</b>", section: Sport}\n')
    assert code == 0, err
    assert "&lt;b&gt;Sport&lt;/b&gt;" in (out / "index.html").read_text()


def test_without_menus_the_sections_are_the_navigation_alphabetically(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, HEAD)
    assert code == 0, err
    nav = _nav((out / "index.html").read_text(), "Sections")
    assert [text for _, text, _ in nav] == ["Latest", "News", "Opinion", "Sport"]


def test_a_section_item_nothing_is_published_in_is_an_error_at_its_line(make_site: MakeSite) -> None:
    code, err, _ = _build(make_site, HEAD + "menus:\n  main:\n    - {section: Sport}\n    - {section: Weather}\n")
    assert code == 1
    assert "site.yaml:7: menus: main: {section: Weather}: no published article has this section" in err
    assert "Traceback" not in err


def test_every_item_pointing_nowhere_is_reported_at_once(make_site: MakeSite) -> None:
    config = HEAD + ("menus:\n  main:\n    - {tag: elections}\n  footer:\n    - {title: Old, url: /old-page/}\n"
                     "    - {page: about}\n")
    code, err, _ = _build(make_site, config)
    assert code == 1
    assert "site.yaml:6: menus: main: {tag: elections}: no published article has this tag" in err
    assert "site.yaml:8: menus: footer: {url: /old-page/} is not a page this build makes" in err
    assert "site.yaml:9: menus: footer: {page: about} names no page" in err


def test_a_malformed_item_is_an_error_saying_what_an_item_is(make_site: MakeSite) -> None:
    config = HEAD + "menus:\n  main:\n    - {section: Sport, tag: x}\n    - Sport\n    - {url: /tags/}\n"
    code, err, _ = _build(make_site, config)
    assert code == 1
    assert "site.yaml:6: menus: main[0]: expected exactly one of url, page, section, tag" in err
    assert "site.yaml:7: menus: main[1]: expected {title: ..., url: ...}" in err
    assert "site.yaml:8: menus: main[2]: a url item needs a title" in err


def test_a_url_that_is_neither_a_site_path_nor_http_is_an_error(make_site: MakeSite) -> None:
    code, err, _ = _build(make_site, HEAD + "menus:\n  main:\n    - {title: X, url: 'javascript:alert(1)'}\n")
    assert code == 1
    assert "site.yaml:6: menus: main[0]: url: expected an absolute http(s) URL or a site path" in err


def test_a_menu_that_is_not_a_list_is_an_error(make_site: MakeSite) -> None:
    code, err, _ = _build(make_site, HEAD + "menus:\n  main: Sport\n")
    assert code == 1 and "site.yaml:5: menus: main: expected a list of items" in err


def _menus(text: str):  # type: ignore[no-untyped-def]
    mapping = load_mapping(HEAD + text, "site.yaml", deep=("menus",))
    return parse_config(mapping.data, mapping.lines).menus


def test_page_items_resolve_through_the_pages_mapping() -> None:
    menus = _menus("menus:\n  footer:\n    - {page: about}\n    - {page: contact, title: Write to us}\n")
    pages = {"about": PageRef(path="about/", title="About us"), "contact": PageRef(path="contact/", title="Contact")}
    footer = resolve_menus(menus, pages)["footer"]
    assert [(item.path, item.title) for item in footer] == [("about/", "About us"), ("contact/", "Write to us")]
    assert menu_problems(menus, {"about/", "contact/"}, pages) == []


def test_a_page_item_naming_no_page_lists_the_known_pages() -> None:
    menus = _menus("menus:\n  footer:\n    - {page: abuot}\n")
    [problem] = menu_problems(menus, {"about/"}, {"about": PageRef(path="about/", title="About")})
    assert problem.line == 6 and "known: about" in problem.message


def test_an_incremental_build_after_a_menu_change_equals_a_clean_one(make_site: MakeSite) -> None:
    from conftest import read_tree

    site = make_site(FILES, config=MENUS)
    assert run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1").code == 0
    changed = MENUS.replace("{section: Sport}", "{section: Opinion}")
    (site / "site.yaml").write_text(changed)
    assert run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1").code == 0
    clean = make_site(FILES, config=changed, name="clean")
    assert run_main("build", "--site", clean, "--now", "2026-11-28T12:00", "--jobs", "1").code == 0
    assert read_tree(site / "public") == read_tree(clean / "public")
    assert "Opinion" in [t for _, t, _ in _nav((site / "public" / "index.html").read_text())]


def test_sections_setting_orders_the_navigation_then_the_rest_alphabetically(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, HEAD + "sections: [Sport, News]\n")
    assert code == 0, err
    nav = _nav((out / "index.html").read_text(), "Sections")
    assert [text for _, text, _ in nav] == ["Latest", "Sport", "News", "Opinion"]


def test_sections_order_numbers_win_over_the_list_order(make_site: MakeSite) -> None:
    config = HEAD + "sections:\n  - {name: Sport, order: 3}\n  - {name: Opinion, order: 1}\n  - {name: news, order: 2}\n"
    code, err, out = _build(make_site, config)
    assert code == 0, err
    assert [t for _, t, _ in _nav((out / "index.html").read_text(), "Sections")] == [
        "Latest", "Opinion", "News", "Sport"]


def test_a_section_description_is_shown_on_its_page(make_site: MakeSite) -> None:
    config = HEAD + "sections:\n  - {name: Sport, description: Results & fixtures from the island}\n"
    code, err, out = _build(make_site, config)
    assert code == 0, err
    assert ('<p class="section-description">Results &amp; fixtures from the island</p>'
            in (out / "sport" / "index.html").read_text())
    assert "section-description" not in (out / "news" / "index.html").read_text()


def test_bad_sections_entries_are_all_reported(make_site: MakeSite) -> None:
    config = HEAD + "sections:\n  - {name: Sport, order: first}\n  - {title: News}\n  - {name: X, colour: red}\n"
    code, err, _ = _build(make_site, config)
    assert code == 1
    assert "site.yaml:4: sections: [0]: order: expected a whole number, found 'first'" in err
    assert "site.yaml:4: sections: [1]: expected a section name or {name: Sport" in err
    assert "site.yaml:4: sections: [2]: unknown key 'colour'" in err


def test_a_page_item_links_to_the_page_in_content_pages(make_site: MakeSite) -> None:
    pages = {**FILES, "content/pages/about.md": {"title": "About us"}}
    config = HEAD + "menus:\n  footer:\n    - {page: about}\n    - {page: about, title: Who we are}\n"
    site = make_site(pages, config=config)
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 0, run.err
    about = (site / "public" / "about" / "index.html").read_text()
    assert _nav(about, "Footer") == [("/about/", "About us", True), ("/about/", "Who we are", True)]
    assert _nav((site / "public" / "index.html").read_text(), "Footer")[0] == ("/about/", "About us", False)
    # A new title reaches every page's menu on the next build.
    (site / "content/pages/about.md").write_text("---\ntitle: About the paper\n---\nText.\n")
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 0, run.err
    assert _nav((site / "public" / "index.html").read_text(), "Footer")[0] == ("/about/", "About the paper", False)


def test_a_page_item_naming_a_missing_page_is_an_error_at_its_line(make_site: MakeSite) -> None:
    config = HEAD + "menus:\n  footer:\n    - {page: about}\n"
    site = make_site(FILES, config=config)
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run.code == 1
    assert "site.yaml:6" in run.err and "about" in run.err and "Traceback" not in run.err


# ------------------------------------------------------------------ pages joining menus from front matter

def _page(title: str, **front: object) -> dict[str, object]:
    return {"title": title, **front}


def _pages_site(make_site: MakeSite, config: str = HEAD, **pages: dict[str, object]) -> tuple[int, str, Path]:
    files = {**FILES, **{f"content/pages/{name}.md": front for name, front in pages.items()}}
    site = make_site(files, config=config)
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    return run.code, run.err, site / "public"


def test_a_page_joins_a_footer_menu_site_yaml_does_not_have(make_site: MakeSite) -> None:
    code, err, out = _pages_site(make_site, about=_page("About us", menu="footer"))
    assert code == 0, err
    for page in ("index.html", "sport/index.html", "about/index.html"):
        assert ("/about/", "About us", page.startswith("about")) in _nav((out / page).read_text(), "Footer")


def test_front_matter_items_follow_the_site_yaml_items_by_weight_then_title(make_site: MakeSite) -> None:
    config = HEAD + "menus:\n  footer:\n    - {title: Topics, url: /tags/}\n    - {page: masthead}\n"
    code, err, out = _pages_site(
        make_site, config, masthead=_page("Masthead", menu="footer", weight=-5),
        contact=_page("Contact", menu=["footer"], weight=20), about=_page("About", menu="footer", weight=10),
        jobs=_page("Jobs", menu="footer", weight=10), ethics=_page("Ethics", menu="footer"))
    assert code == 0, err
    titles = [text for _, text, _ in _nav((out / "index.html").read_text(), "Footer")]
    # site.yaml's items in their order (masthead once, where site.yaml put it), then weight 0, 10, 10, 20
    assert titles == ["Topics", "Masthead", "Ethics", "About", "Jobs", "Contact"]


def test_a_page_joining_main_adds_to_the_section_bar_without_replacing_it(make_site: MakeSite) -> None:
    code, err, out = _pages_site(make_site, about=_page("About", menu=["main", "footer"]))
    assert code == 0, err
    home = (out / "index.html").read_text()
    assert [text for _, text, _ in _nav(home, "Sections")] == ["Latest", "News", "Opinion", "Sport", "About"]
    assert [text for _, text, _ in _nav(home, "Footer")] == ["About"]


def test_a_page_joining_a_site_yaml_main_menu_comes_after_its_items(make_site: MakeSite) -> None:
    config = HEAD + "menus:\n  main:\n    - {section: Sport}\n"
    code, err, out = _pages_site(make_site, config, about=_page("About", menu="main"))
    assert code == 0, err
    assert _nav((out / "about" / "index.html").read_text()) == [("/sport/", "Sport", False),
                                                                  ("/about/", "About", True)]


def test_a_draft_page_joins_no_menu(make_site: MakeSite) -> None:
    code, err, out = _pages_site(make_site, about=_page("About", menu="footer"),
                                 secret=_page("Secret plans", menu="footer", draft=True))
    assert code == 0, err
    home = (out / "index.html").read_text()
    assert "Secret plans" not in home and _nav(home, "Footer") == [("/about/", "About", False)]


def test_a_bad_menu_name_in_front_matter_is_an_error_at_its_line(make_site: MakeSite) -> None:
    code, err, _ = _pages_site(make_site, about=_page("About", menu="Footer Links"),
                               contact=_page("Contact", menu=["footer", 3]))
    assert code == 1
    assert ("content/pages/about.md:3: menu: expected a menu name (lower-case letters, digits, '-' or '_') "
            "such as footer, or a list such as [main, footer], found 'Footer Links'") in err
    assert "content/pages/contact.md:3: menu: " in err and "Traceback" not in err


def test_an_edited_weight_or_menu_rebuilds_like_a_clean_build(make_site: MakeSite) -> None:
    from conftest import read_tree

    pages = {"content/pages/about.md": _page("About", menu="footer", weight=10),
             "content/pages/contact.md": _page("Contact", menu="footer", weight=20)}
    site = make_site({**FILES, **pages}, config=HEAD)
    build = ("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    assert run_main(*build).code == 0
    contact = "---\ntitle: Contact\nmenu: [footer, main]\nweight: 5\n---\nHi.\n"
    (site / "content/pages/contact.md").write_text(contact)
    ferry = (site / "content/ferry.md").read_text() + "\nA new paragraph.\n"
    (site / "content/ferry.md").write_text(ferry)
    assert run_main(*build).code == 0
    clean = make_site({**FILES, **pages, "content/pages/contact.md": contact, "content/ferry.md": ferry},
                      config=HEAD, name="clean")
    assert run_main("build", "--site", clean, "--now", "2026-11-28T12:00", "--jobs", "1").code == 0
    assert read_tree(site / "public") == read_tree(clean / "public")
    footer = _nav((site / "public" / "index.html").read_text(), "Footer")
    assert [title for _, title, _ in footer] == ["Contact", "About"]
    # an article body edit alone keeps the menus the pages made
    (site / "content/ferry.md").write_text((site / "content/ferry.md").read_text() + "\nOne more line.\n")
    assert run_main(*build).code == 0
    footer = _nav((site / "public" / "2026/11/20/ferry/index.html").read_text(), "Footer")
    assert [title for _, title, _ in footer] == ["Contact", "About"]
