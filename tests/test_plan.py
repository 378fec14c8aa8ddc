"""plan: every output path of the site, pagination, feeds, and two outputs on one path as an error."""

from __future__ import annotations

import datetime as dt

from newsgen.core.config import parse_config
from newsgen.core.models import Article, Term
from newsgen.core.slugs import slugify
from newsgen.site.assemble import Rules, assemble_site
from newsgen.site.plan import OutputSpec, plan_outputs

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def make(slug: str, day: int, *, tags: tuple[str, ...] = (), section: str = "", authors: tuple[str, ...] = (),
         path: str | None = None) -> Article:
    date = dt.datetime(2026, 11, day, 9, 0, tzinfo=UTC)
    return Article(source=f"content/{slug}.md", digest="0", title=slug.title(), slug=slug,
                   path=path or f"2026/11/{day:02d}/{slug}/", date=date,
                   section=Term(name=section, slug=slugify(section)) if section else None,
                   tags=tuple(Term(name=t, slug=slugify(t)) for t in tags),
                   authors=tuple(Term(name=a, slug=slugify(a)) for a in authors), body_html="<p>x</p>")


def plan(articles: list[Article], **settings: object) -> tuple[dict[str, OutputSpec], list[str]]:
    config = parse_config({"title": "T", "base_url": "https://example.org/news/", **settings}, {})
    site, problems = assemble_site(articles, Rules(now=NOW))
    assert problems == []
    specs, plan_problems = plan_outputs(site, config, NOW)
    return {s.file: s for s in specs}, [str(p) for p in plan_problems]


FIVE = [make(f"a{n}", n, tags=("harbour",) if n % 2 else ("harbour", "ferry"), section="City",
             authors=("Mara Quist",)) for n in range(1, 6)]


def test_plan_has_one_page_per_article_at_its_permalink() -> None:
    files, problems = plan(FIVE)
    assert problems == []
    for article in FIVE:
        spec = files[article.path + "index.html"]
        assert spec.kind == "article"
        assert spec.article is article


def test_plan_links_each_article_to_its_newer_and_older_neighbour() -> None:
    files, _ = plan(FIVE)
    middle = files["2026/11/03/a3/index.html"]
    assert (middle.newer.slug, middle.older.slug) == ("a4", "a2")  # type: ignore[union-attr]
    assert files["2026/11/05/a5/index.html"].newer is None
    assert files["2026/11/01/a1/index.html"].older is None


def test_plan_paginates_the_home_page_newest_first() -> None:
    files, _ = plan(FIVE, per_page=2)
    pages = [files["index.html"], files["page/2/index.html"], files["page/3/index.html"]]
    assert "page/4/index.html" not in files
    assert [[a.slug for a in p.articles] for p in pages] == [["a5", "a4"], ["a3", "a2"], ["a1"]]
    first, second, last = (p.pagination for p in pages)
    assert (first.newer_path, first.older_path) == (None, "page/2/")  # type: ignore[union-attr]
    assert (second.newer_path, second.older_path) == ("", "page/3/")  # type: ignore[union-attr]
    assert (last.newer_path, last.older_path, last.total) == ("page/2/", None, 3)  # type: ignore[union-attr]


def test_plan_paginates_tag_section_and_author_pages_the_same_way() -> None:
    files, _ = plan(FIVE, per_page=2)
    for first in ("tags/harbour/", "city/", "authors/mara-quist/"):
        assert [a.slug for a in files[first + "index.html"].articles] == ["a5", "a4"]
        assert [a.slug for a in files[first + "page/3/index.html"].articles] == ["a1"]
    assert [a.slug for a in files["tags/ferry/index.html"].articles] == ["a4", "a2"]
    assert "tags/ferry/page/2/index.html" not in files


def test_plan_gives_an_empty_site_a_home_page_and_feeds() -> None:
    files, problems = plan([])
    assert problems == []
    assert files["index.html"].articles == ()
    assert {"feed.xml", "atom.xml", "404.html", "tags/index.html"} <= files.keys()


def test_plan_has_site_feeds_a_feed_per_tag_and_a_tags_overview() -> None:
    files, _ = plan(FIVE)
    assert files["feed.xml"].kind == "rss"
    assert files["atom.xml"].kind == "atom"
    assert files["tags/harbour/feed.xml"].kind == "rss"
    assert files["tags/harbour/feed.xml"].term == Term(name="harbour", slug="harbour")
    assert [t.term.slug for t in files["tags/index.html"].terms] == ["ferry", "harbour"]
    assert files["404.html"].kind == "not_found"


def test_plan_limits_feeds_to_the_newest_feed_items() -> None:
    files, _ = plan(FIVE, feed_items=3)
    assert [a.slug for a in files["feed.xml"].articles] == ["a5", "a4", "a3"]
    assert [a.slug for a in files["atom.xml"].articles] == ["a5", "a4", "a3"]
    assert [a.slug for a in files["tags/harbour/feed.xml"].articles] == ["a5", "a4", "a3"]


def test_plan_pages_advertise_the_site_feeds_and_tag_pages_their_own() -> None:
    files, _ = plan(FIVE)
    assert {"feed.xml", "atom.xml"} <= {f.path for f in files["2026/11/01/a1/index.html"].feeds}
    assert "tags/harbour/feed.xml" in {f.path for f in files["tags/harbour/index.html"].feeds}


def test_plan_is_sorted_by_output_file() -> None:
    config = parse_config({"title": "T", "base_url": "https://example.org/"}, {})
    site, _ = assemble_site(FIVE, Rules(now=NOW))
    specs, _ = plan_outputs(site, config, NOW)
    assert [s.file for s in specs] == sorted(s.file for s in specs)
    assert len({s.file for s in specs}) == len(specs)


def test_plan_rejects_a_section_that_lands_on_the_tags_overview() -> None:
    _, problems = plan([make("a1", 1, section="Tags")])
    assert problems == [
        ("content/a1.md: the tags overview and section 'Tags' (first used in content/a1.md) would both be written to "
         "/tags/: rename one (a different slug, tag or section name)")]


def test_plan_rejects_an_article_that_lands_on_a_section_page_naming_both_files() -> None:
    _, problems = plan([make("city", 1, path="city/"), make("a2", 2, section="City")])
    assert len(problems) == 1
    assert problems[0].startswith("content/city.md: ")
    assert "section 'City' (first used in content/a2.md)" in problems[0]
    assert "would both be written to /city/" in problems[0]
