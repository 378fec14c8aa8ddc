"""The link checker's page reader: every URL and anchor of a page, and nothing that only looks like one."""

from __future__ import annotations

from newsgen.htmlscan import scan_html


def test_scan_finds_links_images_meta_images_and_ids():
    page = scan_html('<html><head><meta property="og:image" content="https://x.org/a.png">'
                     '<link rel="stylesheet" href="/css/s.css"></head><body id="top">'
                     '<a href="/one/" id="first">One</a><img src="/i.png" srcset="/i.png 1x, /i2.png 2x" alt="">'
                     '<a name="old-anchor"></a></body></html>')
    assert page.urls == ("https://x.org/a.png", "/css/s.css", "/one/", "/i.png", "/i.png", "/i2.png")
    assert page.ids == {"top", "first", "old-anchor"}


def test_scan_ignores_attribute_lookalikes_in_text_comments_and_scripts():
    page = scan_html('<p>Set href="/not-a-link/" and id=7 in the form.</p><!-- <a href="/hidden/">x</a> -->'
                     '<script>var s = \'<a href="/in-script/">\';</script><script src="/app.js"></script>'
                     '<style>a[href="/in-style/"]{}</style><a href="/real/">r</a>')
    assert page.urls == ("/app.js", "/real/")
    assert page.ids == frozenset()


def test_scan_decodes_entities_and_reads_unquoted_values_and_base_href():
    page = scan_html("<base href='/news/'><a href=\"/a?x=1&amp;y=2\">a</a><a HREF=b.html>b</a>")
    assert page.base_href == "/news/"
    assert page.urls == ("/news/", "/a?x=1&y=2", "b.html")
    assert page.offsets[1] == len("<base href='/news/'>")
