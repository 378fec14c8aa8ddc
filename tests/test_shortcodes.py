"""Hugo-style shortcodes in article bodies: syntax, site templates, built-ins, privacy-by-default embeds, errors."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import article, run_main

FRONT = {"title": "Storm night", "date": "2026-03-01T10:00:00Z", "author": "Ann Lee"}
PAGE = "public/2026/03/01/storm-night/index.html"


def build(make_site, body: str, *, files: dict[str, str | bytes] | None = None, config: dict | None = None,
          name: str = "site") -> tuple[Path, object]:
    site = make_site({"content/2026-03-01-storm-night.md": article(FRONT, body), **(files or {})},
                     config, name=name)
    return site, run_main("build", "--site", site)


def photo(fmt: str) -> bytes:
    """A small real image file (a missing image is an error, and images go through the photo pipeline)."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 150)).save(out, fmt)
    return out.getvalue()


def story(site: Path) -> str:
    page = (site / PAGE).read_text(encoding="utf-8")
    return page.split('<div class="story-body">', 1)[1].split("</article>", 1)[0]


def squeezed(fragment: str) -> str:
    return re.sub(r">\s+<", "><", fragment).strip()


def test_a_site_shortcode_gets_positional_and_named_arguments_escaped(make_site) -> None:
    template = '<span class="badge">{{ get(0) }} / {{ params.tone }}</span>'
    site, result = build(make_site, 'Now {{< badge "<b>hot</b>" tone="red & blue" >}} here.\n',
                         files={"templates/shortcodes/badge.html": template})
    assert result.code == 0, result.err
    assert '<p>Now <span class="badge">&lt;b&gt;hot&lt;/b&gt; / red &amp; blue</span> here.</p>' in story(site)


def test_a_paired_shortcode_gets_its_inner_text_raw_and_as_markdown(make_site) -> None:
    template = '<div class="box" data-raw="{{ inner }}">{{ inner_html }}</div>'
    site, result = build(make_site, "{{< box >}}Some *bold* claim{{< /box >}}\n",
                         files={"templates/shortcodes/box.html": template})
    assert result.code == 0, result.err
    assert '<div class="box" data-raw="Some *bold* claim"><p>Some <em>bold</em> claim</p></div>' in story(site)


def test_percent_shortcodes_nest_and_their_output_is_markdown(make_site) -> None:
    body = '{{% note title="Heads up" %}}\nThe **road** is closed {{< badge x />}}.\n{{% /note %}}\n'
    site, result = build(make_site, body, files={"templates/shortcodes/badge.html": "<i>{{ get(0) }}</i>"})
    assert result.code == 0, result.err
    assert squeezed(story(site)).startswith(
        '<div class="sc-callout sc-note" role="note"><p class="sc-callout-title"><strong>Heads up</strong></p>'
        "<p>The <strong>road</strong> is closed <i>x</i>.</p></div>")


def test_nothing_is_expanded_in_code_and_the_comment_form_shows_a_shortcode(make_site) -> None:
    body = ("Inline `{{< nosuch >}}` code.\n\n```\n{{< nosuch2 >}}\n{{</* youtube abc */>}}\n```\n\n"
            "Write {{</* youtube ID */>}} to embed.\n")
    site, result = build(make_site, body)
    assert result.code == 0, result.err
    html = story(site)
    assert "<code>{{&lt; nosuch &gt;}}</code>" in html
    assert "{{&lt; nosuch2 &gt;}}\n{{&lt; youtube abc &gt;}}" in html
    assert "<p>Write {{&lt; youtube ID &gt;}} to embed.</p>" in html


def test_a_site_shortcode_overrides_the_built_in_of_that_name(make_site) -> None:
    site, result = build(make_site, "{{< pullquote >}}Words{{< /pullquote >}}\n",
                         files={"templates/shortcodes/pullquote.html": "<q>{{ inner }}</q>"})
    assert result.code == 0, result.err
    assert "<q>Words</q>" in story(site) and "sc-pullquote" not in story(site)


@pytest.mark.parametrize(("body", "message"), [
    ("Text.\n\n{{< nosuch a >}}\n", "content/2026-03-01-storm-night.md:8: unknown shortcode {{< nosuch >}}"),
    ("{{< youtube >}}\n", "content/2026-03-01-storm-night.md:6: shortcode {{< youtube >}} needs `id`"),
    ("{{< figure alt=x >}}\n", "content/2026-03-01-storm-night.md:6: shortcode {{< figure >}} needs `src`"),
    ("One.\n\n{{< note >}}\nopen\n", "content/2026-03-01-storm-night.md:8: shortcode {{< note >}} is not closed"),
    ("x {{< /note >}}\n", "content/2026-03-01-storm-night.md:6: {{< /note >}} closes a shortcode that was not"),
    ('{{< youtube "x\\" onload=\\"y" >}}\n', "expected a YouTube video id"),
])
def test_shortcode_mistakes_are_errors_at_their_line(make_site, body: str, message: str) -> None:
    _, result = build(make_site, body)
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_site_template_that_fails_names_the_article_line_and_the_template_line(make_site) -> None:
    template = "<p>\n{{ params.n | int }}\n{{ 1 // 0 }}</p>\n"
    _, result = build(make_site, "Text.\n{{< boom n=1 >}}\n", files={"templates/shortcodes/boom.html": template})
    assert result.code == 1
    assert ("content/2026-03-01-storm-night.md:7: shortcode {{< boom >}}: templates/shortcodes/boom.html:3: "
            "the template failed") in result.err
    assert "Traceback" not in result.err


def test_a_site_template_with_a_syntax_error_is_an_error(make_site) -> None:
    _, result = build(make_site, "{{< bad >}}\n", files={"templates/shortcodes/bad.html": "{% if %}"})
    assert result.code == 1
    assert "content/2026-03-01-storm-night.md:6: shortcode {{< bad >}}: templates/shortcodes/bad.html:1:" in result.err


def test_built_in_shortcodes_render_their_markup(make_site) -> None:
    body = ('{{< pullquote cite="The mayor" >}}We will *rebuild*.{{< /pullquote >}}\n\n'
            '{{< factbox title="Storm in numbers" >}}\n- 3 piers\n{{< /factbox >}}\n\n'
            '{{< correction >}}An earlier version misnamed the pier.{{< /correction >}}\n\n'
            '{{< figure src="/images/pier.jpg" alt="The pier" caption="Pier at dawn" credit="Ann Lee" >}}\n\n'
            '{{< audio src="/media/talk.mp3" caption="The interview" >}}\n\n'
            '{{< video src="/media/storm.mp4" poster="/media/storm.jpg" >}}\n')
    site, result = build(make_site, body, config={"title": "T", "base_url": "https://example.org/news/"},
                         files={"static/images/pier.jpg": photo("JPEG"), "static/media/storm.jpg": photo("JPEG")})
    assert result.code == 0, result.err
    html = squeezed(story(site))
    assert ('<figure class="sc-pullquote"><blockquote><p>We will <em>rebuild</em>.</p></blockquote>'
            "<figcaption>The mayor</figcaption></figure>") in html
    assert '<strong>Storm in numbers</strong></p><ul><li>3 piers</li></ul></div>' in html
    assert '<div class="sc-callout sc-correction" role="note"><p class="sc-callout-title"><strong>Correction' in html
    assert ('<img src="/news/images/pier.jpg" alt="The pier" loading="lazy"><figcaption>Pier at dawn '
            '<span class="credit">Ann Lee</span></figcaption>') in html
    assert '<audio controls preload="none" src="/news/media/talk.mp3">' in html
    assert 'src="/news/media/storm.mp4" poster="/news/media/storm.jpg">' in html


def test_youtube_is_a_preview_with_a_button_and_no_request_to_youtube(make_site) -> None:
    site, result = build(make_site, '{{< youtube dQw4w9WgXcQ title="Harbour storm" >}}\n')
    assert result.code == 0, result.err
    page = (site / PAGE).read_text(encoding="utf-8")
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert '<button type="button" class="sc-embed-load" hidden>Load the video from YouTube</button>' in page
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in page
    assert "<iframe" not in page
    assert '<script src="/js/embeds.js" defer></script>' in page
    assert (site / "public/js/embeds.js").is_file()


def test_embeds_load_immediately_puts_the_nocookie_player_in_the_page(make_site) -> None:
    config = {"title": "T", "base_url": "https://example.org/", "embeds": {"load": "immediately"}}
    site, result = build(make_site, "{{< youtube dQw4w9WgXcQ >}}\n", config=config)
    assert result.code == 0, result.err
    page = (site / PAGE).read_text(encoding="utf-8")
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert "embeds.js" not in page


def test_an_unknown_embeds_load_value_is_a_settings_error(make_site) -> None:
    config = {"title": "T", "base_url": "https://example.org/", "embeds": {"load": "never"}}
    _, result = build(make_site, "Text.\n", config=config)
    assert result.code == 1
    assert "site.yaml" in result.err and "embeds" in result.err and "expected `click`" in result.err


def test_a_page_without_embeds_loads_no_embed_script(make_site) -> None:
    site, result = build(make_site, "{{< pullquote >}}Plain{{< /pullquote >}}\n")
    assert result.code == 0, result.err
    assert "embeds.js" not in (site / PAGE).read_text(encoding="utf-8")
    assert "embeds.js" not in (site / "public/index.html").read_text(encoding="utf-8")


def test_both_markdown_engines_give_the_same_shortcode_html(make_site) -> None:
    pytest.importorskip("cmarkgfm")
    body = ('Lead {{< badge hot />}} text.\n\n{{< youtube dQw4w9WgXcQ >}}\n\n'
            '{{% note %}}\n*Careful*.\n{{% /note %}}\n\n{{< pullquote >}}Quote{{< /pullquote >}}\n')
    files = {"templates/shortcodes/badge.html": "<b>{{ get(0) }}</b>"}
    one, first = build(make_site, body, files=files, name="one")
    other, second = build(make_site, body, files=files, name="two",
                          config={"title": "Test Times", "base_url": "https://example.org/",
                                  "markdown_engine": "commonmark"})
    assert first.code == second.code == 0, first.err + second.err
    assert squeezed(story(one)) == squeezed(story(other))


def test_an_edited_shortcode_template_rebuilds_the_articles_that_use_it(make_site) -> None:
    site, result = build(make_site, "{{< badge x />}}\n", files={
        "templates/shortcodes/badge.html": "<b>old {{ get(0) }}</b>",
        "content/2026-03-02-other.md": article({"title": "Other", "date": "2026-03-02"}, "Plain.\n")})
    assert result.code == 0, result.err
    other = (site / "public/2026/03/02/other/index.html").read_bytes()
    (site / "templates/shortcodes/badge.html").write_text("<b>new {{ get(0) }}</b>", encoding="utf-8")
    again = run_main("build", "--site", site)
    assert again.code == 0, again.err
    assert "<b>new x</b>" in story(site)
    assert (site / "public/2026/03/02/other/index.html").read_bytes() == other


def test_hugo_shortcodes_newsgen_does_not_run_yet_stay_in_the_text_and_are_reported(make_site) -> None:
    site, result = build(make_site, 'See {{< param "description" >}} here.\n')
    assert result.code == 0, result.err
    assert "<p>See {{&lt; param \"description\" &gt;}} here.</p>" in story(site)
    assert "content/2026-03-01-storm-night.md:6: template tag {{< param >}} from another generator" in result.err


def test_a_site_shortcode_named_like_a_hugo_one_runs_and_is_not_reported(make_site) -> None:
    site, result = build(make_site, 'See {{< tweet id="1" >}} here.\n',
                         files={"templates/shortcodes/tweet.html": '<a href="/posts/{{ params.id }}/">post</a>'})
    assert result.code == 0, result.err
    assert '<p>See <a href="/posts/1/">post</a> here.</p>' in story(site)
    assert "template tag" not in result.err


def test_nothing_is_expanded_or_reported_in_indented_code_or_code_spans_over_two_lines(make_site) -> None:
    body = ("Text before.\n\n    {{< nosuch >}}\n    {% include x.html %}\n\nA span `{{< youtube\nabc >}}` here.\n\n"
            "- a list item\n\n    {{< pullquote >}}Kept{{< /pullquote >}}\n")
    site, result = build(make_site, body)
    assert result.code == 0, result.err
    html = story(site)
    assert "<pre><code>{{&lt; nosuch &gt;}}\n{% include x.html %}\n</code></pre>" in html
    assert "<code>{{&lt; youtube\nabc &gt;}}</code>" in html
    assert "sc-pullquote" in html  # indented under a list item: the item's text, not code
    assert "template tag" not in result.err


def test_quoted_arguments_keep_escaped_quotes_and_raw_ones_keep_backslashes(make_site) -> None:
    template = "<span>{{ args | join('|') }}/{{ params.k }}</span>"
    body = 'Say {{< echo "a \\"quoted\\" word" `C:\\raw\\path` bare k="x \\\\ y" >}} now.\n'
    site, result = build(make_site, body, files={"templates/shortcodes/echo.html": template})
    assert result.code == 0, result.err
    assert '<span>a &#34;quoted&#34; word|C:\\raw\\path|bare/x \\ y</span>' in story(site)


def test_shortcodes_nest_inside_a_paired_html_shortcode(make_site) -> None:
    body = '{{< factbox title="Outer" >}}\nA line.\n\n{{< pullquote >}}Inner *quote*{{< /pullquote >}}\n{{< /factbox >}}\n'
    site, result = build(make_site, body)
    assert result.code == 0, result.err
    html = squeezed(story(site))
    assert ('<strong>Outer</strong></p><p>A line.</p><figure class="sc-pullquote"><blockquote><p>Inner <em>quote</em>'
            "</p></blockquote></figure></div>") in html
