"""The built-in embeds (vimeo, x/tweet, instagram, gist) as privacy previews, and highlight's code blocks."""

from __future__ import annotations

import pytest
from checkers.html import run_vnu
from conftest import article, run_main
from test_shortcodes import PAGE, build, photo, story

EMBEDS = [
    ('{{< vimeo 55073825 title="Harbour at dawn" >}}', "vimeo", "https://player.vimeo.com/video/55073825?dnt=1",
     "https://vimeo.com/55073825", "Load the video from Vimeo"),
    ('{{< x user="SanDiegoZoo" id="1453110110599868418" >}}', "x",
     "https://platform.twitter.com/embed/Tweet.html?dnt=true&amp;id=1453110110599868418",
     "https://x.com/SanDiegoZoo/status/1453110110599868418", "Load the post from X"),
    ("{{< tweet 1453110110599868418 >}}", "x",
     "https://platform.twitter.com/embed/Tweet.html?dnt=true&amp;id=1453110110599868418",
     "https://x.com/i/status/1453110110599868418", "Load the post from X"),
    ("{{< instagram CxOWiQNP2MO >}}", "instagram", "https://www.instagram.com/p/CxOWiQNP2MO/embed/captioned/",
     "https://www.instagram.com/p/CxOWiQNP2MO/", "Load the post from Instagram"),
    ("{{< gist spf13 7896402 list.html >}}", "gist", "https://gist.github.com/spf13/7896402.js?file=list.html",
     "https://gist.github.com/spf13/7896402", "Load the code snippet from GitHub"),
]


@pytest.mark.parametrize(("tag", "kind", "src", "original", "button"), EMBEDS)
def test_each_embed_is_a_preview_with_a_link_and_a_button_and_no_provider_address_to_load(
        make_site, tag: str, kind: str, src: str, original: str, button: str) -> None:
    site, result = build(make_site, tag + "\n")
    assert result.code == 0, result.err
    html = story(site)
    assert f'data-embed="{kind}" data-embed-src="{src}"' in html
    assert f'<figcaption><a href="{original}">' in html
    assert f'<button type="button" class="sc-embed-load" hidden>{button}</button>' in html
    # Nothing the browser fetches by itself: no frame, no script, no image from the provider.
    assert "<iframe" not in html and "<script src=\"https" not in html and "<img" not in html
    assert '<script src="/js/embeds.js" defer></script>' in (site / PAGE).read_text(encoding="utf-8")


def test_a_local_photo_is_shown_in_the_preview(make_site) -> None:
    site, result = build(make_site, '{{< instagram CxOWiQNP2MO photo="/images/post.jpg" alt="Boats" >}}\n',
                         files={"static/images/post.jpg": photo("JPEG")},
                         config={"title": "T", "base_url": "https://example.org/news/"})
    assert result.code == 0, result.err
    assert '<img src="/news/images/post.jpg" alt="Boats" loading="lazy">' in story(site)


def test_embeds_load_immediately_puts_every_provider_frame_in_the_page(make_site) -> None:
    config = {"title": "T", "base_url": "https://example.org/", "embeds": {"load": "immediately"}}
    body = "\n\n".join(tag for tag, *_ in EMBEDS) + "\n"
    site, result = build(make_site, body, config=config)
    assert result.code == 0, result.err
    html = story(site)
    assert '<iframe src="https://player.vimeo.com/video/55073825?dnt=1"' in html
    assert '<iframe src="https://www.instagram.com/p/CxOWiQNP2MO/embed/captioned/"' in html
    assert ('<iframe srcdoc="&lt;!doctype html&gt;&lt;base target=&#34;_blank&#34;&gt;&lt;script src=&#34;'
            'https://gist.github.com/spf13/7896402.js?file=list.html&#34;&gt;&lt;/script&gt;" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"') in html
    assert "embeds.js" not in (site / PAGE).read_text(encoding="utf-8")


@pytest.mark.parametrize(("tag", "message"), [
    ('{{< vimeo "55073825?autoplay=1" >}}', "shortcode {{< vimeo >}}: expected a Vimeo video number"),
    ('{{< x user="a b" id="1" >}}', "shortcode {{< x >}}: expected an X user name without @"),
    ("{{< x user=someone >}}", "shortcode {{< x >}} needs `id`"),
    ('{{< instagram "x/../y" >}}', "shortcode {{< instagram >}}: expected an Instagram post id"),
    ("{{< gist spf13 >}}", "shortcode {{< gist >}} needs `id`"),
    ('{{< gist spf13 abc "../x" >}}', "shortcode {{< gist >}}: expected a file name of the gist"),
])
def test_an_embed_argument_that_is_no_id_is_an_error_at_its_line(make_site, tag: str, message: str) -> None:
    _, result = build(make_site, "Text.\n\n" + tag + "\n")
    assert result.code == 1
    assert f"content/2026-03-01-storm-night.md:8: {message}" in result.err
    assert "Traceback" not in result.err


def test_highlight_is_an_escaped_code_block_with_the_language_class(make_site) -> None:
    body = '{{< highlight go >}}\nif a < b && c {\n\treturn "x"\n}\n{{< /highlight >}}\n'
    site, result = build(make_site, body)
    assert result.code == 0, result.err
    assert ('<pre class="sc-highlight"><code class="language-go">if a &lt; b &amp;&amp; c {\n\treturn &#34;x&#34;\n}'
            "</code></pre>") in story(site)


def test_highlight_line_numbers_start_and_marked_lines(make_site) -> None:
    body = ('{{< highlight python "linenos=table,hl_lines=2 3-4,linenostart=10" >}}\na = 1\nb = 2\nc = 3\nd = 4\n'
            "{{< /highlight >}}\n")
    site, result = build(make_site, body)
    assert result.code == 0, result.err
    assert story(site).strip().startswith(
        '<pre class="sc-highlight sc-linenos" style="counter-reset: sc-line 9"><code class="language-python">'
        '<span class="sc-line">a = 1</span>\n<span class="sc-line sc-hl">b = 2</span>\n'
        '<span class="sc-line sc-hl">c = 3</span>\n<span class="sc-line sc-hl">d = 4</span></code></pre>')


def test_shortcodes_inside_highlight_are_shown_as_written(make_site) -> None:
    site, result = build(make_site, '{{< highlight text >}}\n{{< youtube abc >}} *not emphasis*\n{{< /highlight >}}\n')
    assert result.code == 0, result.err
    assert "{{&lt; youtube abc &gt;}} *not emphasis*</code></pre>" in story(site)


@pytest.mark.parametrize(("tag", "message"), [
    ('{{< highlight go "hl_lines=a" >}}x{{< /highlight >}}', "expected line numbers and ranges"),
    ('{{< highlight "go lang" >}}x{{< /highlight >}}', "expected a language name"),
    ('{{< highlight go "linenostart=-2" >}}x{{< /highlight >}}', "expected a whole number for `linenostart`"),
    ("{{< highlight go >}}\nx\n", "shortcode {{< highlight >}} is not closed"),
])
def test_highlight_mistakes_are_errors(make_site, tag: str, message: str) -> None:
    _, result = build(make_site, tag + "\n")
    assert result.code == 1
    assert message in result.err and "content/2026-03-01-storm-night.md:6:" in result.err


def test_the_embeds_build_again_to_the_same_bytes(make_site) -> None:
    site, result = build(make_site, "\n\n".join(tag for tag, *_ in EMBEDS) + "\n")
    assert result.code == 0, result.err
    first = (site / PAGE).read_bytes()
    assert run_main("build", "--site", site, "--no-cache").code == 0
    assert (site / PAGE).read_bytes() == first


# Every built-in on one page, each in a paragraph of its own, for the HTML checker, axe and the browser.
EVERY_BUILTIN = "\n\n".join([
    "Lead paragraph of the story.",
    '{{< pullquote cite="The mayor" >}}We will *rebuild*.{{< /pullquote >}}',
    '{{< note title="Heads up" >}}The road is closed.{{< /note >}}',
    '{{< correction date="2026-03-02" >}}An earlier version misnamed the pier.{{< /correction >}}',
    '{{< factbox title="In numbers" >}}\n- 3 piers\n- 2 ferries\n{{< /factbox >}}',
    '{{< figure src="/images/pier.svg" alt="The pier at dawn" caption="The pier" credit="Ann Lee" >}}',
    '{{< audio src="/media/talk.mp3" caption="The interview" >}}',
    '{{< video src="/media/storm.mp4" poster="/images/pier.svg" caption="The storm" >}}',
    '{{< youtube dQw4w9WgXcQ title="Waves over the promenade" poster="/images/pier.svg" >}}',
    *(tag for tag, *_ in EMBEDS),
    '{{< instagram CxOWiQNP2MO title="Lanterns" photo="/images/pier.svg" alt="Lanterns on the quay" >}}',
    '{{< highlight python "linenos=table,hl_lines=2" >}}\nfor pier in piers:\n    print(pier < 3)\n{{< /highlight >}}',
    'Earlier: [the ferry]({{< ref "ferry" >}}) and [again]({{< relref "2026-02-01-ferry.md" >}}).',
]) + "\n"
PIER_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9" viewBox="0 0 16 9">'
            '<rect width="16" height="9" fill="#357"/></svg>\n')


def build_every_builtin(make_site, config: dict | None = None):
    """A site whose storm-night article holds every built-in shortcode; (site, run)."""
    return build(make_site, EVERY_BUILTIN, config=config, files={
        "content/2026-02-01-ferry.md": article({"title": "Ferry", "date": "2026-02-01T10:00:00Z"}, "Ferry.\n"),
        "static/images/pier.svg": PIER_SVG, "static/media/talk.mp3": "", "static/media/storm.mp4": ""})


@pytest.mark.parametrize("load", ["click", "immediately"])
def test_a_page_with_every_built_in_passes_the_nu_html_checker(make_site, load: str) -> None:
    config = {"title": "T", "base_url": "https://example.org/news/", "embeds": {"load": load}}
    site, result = build_every_builtin(make_site, config)
    assert result.code == 0, result.err
    assert run_vnu([site / PAGE], root=site) == []
