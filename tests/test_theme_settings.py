"""`theme:` in site.yaml: the accent colour and the site's own head and body-end HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import BASIC_CONFIG, run_main

MakeSite = Callable[..., Path]


def _build(make_site: MakeSite, theme: object) -> tuple[int, str, Path]:
    site = make_site({"content/a.md": {"title": "Harbour opens", "date": "2024-03-01T10:00:00Z"}},
                     config={**BASIC_CONFIG, "theme": theme})
    run = run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1")
    return run.code, run.err, site / "public"


def test_accent_colours_links_on_every_page(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, {"accent": "#1d4ed8"})
    assert code == 0, err
    home = (out / "index.html").read_text()
    assert "--accent: #1d4ed8; --accent-ink: #1d4ed8;" in home


def test_without_theme_no_style_override_and_no_extra_html(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, {})
    assert code == 0, err
    assert "--accent:" not in (out / "index.html").read_text()


def test_head_and_body_end_html_are_inserted_as_written_not_escaped(make_site: MakeSite) -> None:
    code, err, out = _build(make_site, {"head_html": '<meta name="x-owner" content="desk">',
                                        "body_end_html": '<script src="/stats.js"></script>'})
    assert code == 0, err
    home = (out / "index.html").read_text()
    head, body = home.split("</head>")
    assert head.rstrip().endswith('<meta name="x-owner" content="desk">')
    assert body.split("</body>")[0].rstrip().endswith('<script src="/stats.js"></script>')


def test_pale_accent_is_refused_with_its_contrast(make_site: MakeSite) -> None:
    code, err, _ = _build(make_site, {"accent": "#ffff00"})
    assert code == 1
    assert ("site.yaml:4: theme: accent: #ffff00 on the page background #fdfcf9 has a contrast of 1.0:1, "
            "below the 4.5:1") in err
    assert "Traceback" not in err


def test_accent_not_a_hex_colour_and_unknown_key_are_reported_together(make_site: MakeSite) -> None:
    code, err, _ = _build(make_site, {"accent": "red", "accnt": "#000000"})
    assert code == 1
    assert "theme: accent: expected a colour written #rrggbb such as #1d4ed8, found 'red'" in err
    assert "theme: unknown key 'accnt'; known: accent, date_format, time_format, head_html, body_end_html" in err


def test_theme_html_that_is_not_text_is_refused(make_site: MakeSite) -> None:
    code, err, _ = _build(make_site, {"head_html": ["<b>"]})
    assert code == 1
    assert "theme: head_html: expected text, found ['<b>']" in err


def test_page_with_accent_and_head_html_passes_the_nu_checker(make_site: MakeSite) -> None:
    from checkers.html import run_vnu

    code, err, out = _build(make_site, {"accent": "#0b5394",
                                        "head_html": '<meta name="x-owner" content="desk">',
                                        "body_end_html": "<script>window.x = 1;</script>"})
    assert code == 0, err
    assert run_vnu([out / "index.html"]) == []


def test_theme_list_names_the_built_in_templates(make_site: MakeSite) -> None:
    site = make_site({})
    run = run_main("theme", "list", "--site", site)
    assert run.code == 0
    names = run.out.split("\n")
    assert "base.html" in names and "article.html" in names and "_card.html" in names


def test_theme_copy_copies_into_templates_and_the_build_uses_it(make_site: MakeSite) -> None:
    site = make_site({"content/a.md": {"title": "Harbour opens", "date": "2024-03-01T10:00:00Z"}})
    run = run_main("theme", "copy", "base.html", "--site", site)
    assert run.code == 0, run.err
    copied = site / "templates" / "base.html"
    copied.write_text(copied.read_text().replace("{{ t('skip_link') }}", "Skip to the news"))
    assert "base.html  (copied" in run_main("theme", "list", "--site", site).out
    assert run_main("build", "--site", site, "--now", "2026-11-28T12:00", "--jobs", "1").code == 0
    assert "Skip to the news" in (site / "public" / "index.html").read_text()


def test_theme_copy_never_overwrites_and_reports_unknown_names(make_site: MakeSite) -> None:
    site = make_site({"templates/base.html": "my own"})
    run = run_main("theme", "copy", "base.html", "bsae.html", "list.html", "--site", site)
    assert run.code == 1
    assert "base.html: already exists, not overwritten" in run.err
    assert "error: bsae.html: no such built-in template; known: " in run.err
    assert (site / "templates" / "base.html").read_text() == "my own"
    assert (site / "templates" / "list.html").is_file()
