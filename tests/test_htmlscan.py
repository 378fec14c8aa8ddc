"""The link checker's page reader: every URL and anchor of a page, and nothing that only looks like one."""

from __future__ import annotations

from newsgen.check.page_scan import scan_html


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


def test_scan_reads_ids_on_any_tag_in_any_case_and_skips_tags_without_urls_or_ids():
    page = scan_html('<section class="x" data-id="no"><h2 ID="Budget">B</h2><abbr title="a">A</abbr>'
                     '<article><div idx="1" hidden>t</div><p id=bare>p</p></article>'
                     '<meta name="description" content="/not/a/link/"><meta id="m" name="x" content="y">'
                     '<meta name="twitter:image" content="/card.png"><A  HREF="/spaced/">s</A>')
    assert page.ids == {"Budget", "bare", "m"}
    assert page.urls == ("/card.png", "/spaced/")


def test_scan_offsets_point_at_the_tag_that_holds_the_url():
    text = '<p>intro</p>\n<a href="/one/">1</a> <a class="c" href="/two/">2</a>'
    page = scan_html(text)
    assert [text[offset:offset + 2] for offset in page.offsets] == ["<a", "<a"]
    assert page.offsets[0] == text.index('<a href="/one/"')


def test_scan_reads_on_after_malformed_markup():
    page = scan_html('a < b <!-- never closed <a href="/after-open-comment/">x</a>'
                     '<div class="unclosed><a href="/after-bad-attr/">y</a><3 <a href="/last/">z</a>')
    assert page.urls == ("/after-open-comment/", "/after-bad-attr/", "/last/")


def test_scan_reads_plainly_written_tags_the_same_as_any_other():
    # Plain tags take a short way through the scanner; ids, names, a second URL or an entity take the long one.
    text = ('<meta property="og:site_name" content="/not/a/link/"><meta property="og:image:alt" content="/nor/this/">'
            '<meta property="og:url" content="/u/"><meta content="/t.png" name="twitter:image">'
            '<link rel="alternate" type="application/rss+xml" title="RSS" href=" /feed.xml ">'
            '<a class="card" href="/one/" tabindex="-1"><img src="/one.png" alt="" loading="lazy" width="1">'
            '<a class="c" href="/two/" id="two"><a href="/three/" name="old"><a rel="next" href="/x?a=1&amp;b=2">'
            '<img src="/a.png" srcset="/a.png 1x, /b.png 2x"><img alt="" src=""><a href="  " class="e">'
            '<LINK REL="icon" HREF="/i.svg"/><metadata id="md">')
    page = scan_html(text)
    assert page.urls == ("/u/", "/t.png", "/feed.xml", "/one/", "/one.png", "/two/", "/three/", "/x?a=1&b=2",
                         "/a.png", "/a.png", "/b.png", "/i.svg")
    assert page.ids == {"two", "old", "md"}
    assert [text[offset:offset + 3].lower() for offset in page.offsets] == [
        "<me", "<me", "<li", "<a ", "<im", "<a ", "<a ", "<a ", "<im", "<im", "<im", "<li"]
