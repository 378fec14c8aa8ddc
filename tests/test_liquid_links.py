"""Jekyll's and Eleventy's link forms in Markdown: `{% post_url %}`, `{% link %}`, `{{ "/x/" | url }}` and
`{{ site.baseurl }}` give the right URLs under a subpath; an unknown target is an error at its line."""

from __future__ import annotations

from pathlib import Path

from conftest import article, run_main

CONFIG = {"title": "T", "base_url": "https://example.org/news/", "timezone": "UTC"}
HOME = "content/2026-03-01-storm-night.md"
PAGE = "public/2026/03/01/storm-night/index.html"


LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"></svg>\n'


def build(make_site, body: str, files: dict[str, str] | None = None):
    site = make_site({HOME: article({"title": "Storm night", "date": "2026-03-01T10:00:00Z"}, body),
                      "content/2014-01-02-new-year.md": article({"title": "New year", "date": "2014-01-02"}),
                      "content/pages/about.md": article({"title": "About"}, "Us.\n"), **(files or {})}, CONFIG)
    return site, run_main("build", "--site", site)


def story(site: Path) -> str:
    return (site / PAGE).read_text(encoding="utf-8").split('<div class="story-body">', 1)[1]


def test_jekyll_and_eleventy_link_forms_resolve_under_the_subpath(make_site) -> None:
    body = ("[One]({% post_url 2014-01-02-new-year %}), [two]({% link 2014-01-02-new-year.md %}), "
            "[three]({% link content/pages/about.md %}),\n[four]({{ '/tags/x/' | url }}), "
            "[five]({{ site.baseurl }}/about/), [six]({{ \"/feed.xml\" | absolute_url }}), "
            "![logo]({{site.baseurl}}/images/logo.svg)\n")
    site, result = build(make_site, body, {"static/images/logo.svg": LOGO_SVG})
    assert result.code == 0, result.err
    html = story(site)
    assert '<a href="/news/2014/01/02/new-year/">One</a>' in html
    assert '<a href="/news/2014/01/02/new-year/">two</a>' in html
    assert '<a href="/news/about/">three</a>' in html
    assert '<a href="/news/tags/x/">four</a>' in html
    assert '<a href="/news/about/">five</a>' in html
    assert '<a href="https://example.org/news/feed.xml">six</a>' in html
    assert 'src="/news/images/logo.svg"' in html
    assert "template tag" not in result.err


def test_link_forms_in_code_and_raw_stay_as_written_and_other_liquid_is_still_reported(make_site) -> None:
    body = ("`{% post_url nowhere %}` and {% raw %}{{ site.baseurl }}{% endraw %}\n\n"
            "```\n{% link nowhere.md %}\n```\n\n{% include note.html %}\n")
    site, result = build(make_site, body)
    assert result.code == 0, result.err
    html = story(site)
    assert "<code>{% post_url nowhere %}</code>" in html and "{{ site.baseurl }}" in html
    assert "{% link nowhere.md %}" in html
    assert f"{HOME}:11: template tag {{% include %}} from another generator" in result.err
    assert "{% post_url %}" not in result.err and "{% link %}" not in result.err


def test_an_unknown_post_or_file_is_an_error_at_its_line(make_site) -> None:
    _, result = build(make_site, "Text.\n\n[a]({% post_url 2014-01-03-missing %})\n\n{% link pages/nope.md %}\n")
    assert result.code == 1
    assert f"{HOME}:7: {{% post_url 2014-01-03-missing %}}: no article or page '2014-01-03-missing'" in result.err
    assert f"{HOME}:9: {{% link pages/nope.md %}}: no article or page" in result.err
    assert "Traceback" not in result.err


def test_a_link_tag_without_its_target_is_an_error(make_site) -> None:
    _, result = build(make_site, "Text {% post_url %} here.\n")
    assert result.code == 1
    assert f"{HOME}:5: {{% post_url %}} needs the file it links to" in result.err
