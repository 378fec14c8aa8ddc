"""Markdown engines and the HTML post-processing that works the same whichever engine made the HTML."""

from __future__ import annotations

import os
import re

import pytest

from newsgen.content import commonmark, markup

NEWS = """\
The council **approved** the plan on *Tuesday*, with [details online](https://example.com/plan).

## What changes

- Buses every ten minutes
- Later ferries on Fridays

1. First step
2. Second step

> "We listened," the mayor said.

![The new terminal](/images/terminal.png)

| Line | Before | After |
|------|--------|-------|
| 7    | 20 min | 10 min |

```
code sample
```

Inline `code` and a line
break.
"""


def normalise(html: str) -> str:
    """Compare structure, not whitespace, quoting or attribute order, which differ between engines."""
    html = html.replace("&quot;", '"')
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r">\s+<", "><", html)
    html = html.replace(" />", ">").replace("/>", ">")
    html = re.sub(r"<(\w+)[^>]*>", r"<\1>", html)
    return html.strip()


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_each_engine_renders_ordinary_news_markdown(engine: str) -> None:
    html = markup.render_markdown(NEWS, engine)
    assert 'href="https://example.com/plan"' in html and 'src="/images/terminal.png"' in html
    text = normalise(html)
    for fragment in ("<strong>approved</strong>", "<em>Tuesday</em>", "<h2>What changes</h2>",
                     "<li>Buses every ten minutes</li>", "<ol>", "<blockquote>", "<table>", "<th>Line</th>",
                     "<pre><code>code sample", "<code>code</code>"):
        assert fragment in text, (engine, fragment)


def test_both_engines_give_equivalent_html_for_news_markdown() -> None:
    assert normalise(markup.render_markdown(NEWS, "python-markdown")) == \
        normalise(markup.render_markdown(NEWS, "commonmark"))


def test_heading_ids_are_added_and_unique_whatever_the_engine() -> None:
    for engine in ("python-markdown", "commonmark"):
        html = markup.add_heading_ids(markup.render_markdown("## Budget gap\n\ntext\n\n## Budget gap\n", engine))
        assert re.findall(r'id="([^"]+)"', html) == ["budget-gap", "budget-gap-2"], engine


def test_root_relative_urls_get_the_base_path_and_feeds_get_absolute_urls() -> None:
    body = '<p><a href="/tags/x/">x</a> <img src="/images/a.png" alt=""> <a href="#part">p</a></p>'
    rebased = markup.rebase_urls(body, "/news/")
    assert 'href="/news/tags/x/"' in rebased and 'src="/news/images/a.png"' in rebased
    absolute = markup.absolutize_urls(rebased, "https://example.org", "https://example.org/news/2026/a/")
    assert 'href="https://example.org/news/tags/x/"' in absolute
    assert 'href="https://example.org/news/2026/a/#part"' in absolute


def test_summary_is_the_first_paragraph_as_plain_text() -> None:
    html = markup.render_markdown("First *paragraph* &amp; more.\n\nSecond.", "python-markdown")
    assert markup.first_paragraph(html) == "First paragraph & more."


GFM_SAMPLE = ("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com <script>x</script>\n\n"
              "- [ ] a task\n\n```py\ncode\n```\n\n<div>raw</div>\n\nA *paragraph* with a [link](/x/).\n")


def test_commonmark_engine_gives_the_html_of_cmarkgfms_own_helper():
    import cmarkgfm
    from cmarkgfm.cmark import Options

    for text in (GFM_SAMPLE, NEWS, "", "plain"):
        assert commonmark.to_html(text) == cmarkgfm.github_flavored_markdown_to_html(
            text, options=Options.CMARK_OPT_UNSAFE)


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads the process size from /proc")
def test_commonmark_engine_frees_what_it_allocates():
    # cmarkgfm's helper leaks the document tree and the HTML (about 40 KB for a news article): at 100,000
    # articles that is gigabytes.
    def resident_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    text = NEWS * 20
    commonmark.to_html(text)
    before = resident_mb()
    for _ in range(2000):
        commonmark.to_html(text)
    assert resident_mb() - before < 20
