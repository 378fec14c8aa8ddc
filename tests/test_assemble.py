"""assemble: the publishing rules (drafts, future), newest-first order, groupings and URL collisions."""

from __future__ import annotations

import datetime as dt

from newsgen.core.models import Article, Term
from newsgen.core.slugs import slugify
from newsgen.site.assemble import Rules, assemble_site

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def make(slug: str, when: str, *, tags: tuple[str, ...] = (), section: str = "", authors: tuple[str, ...] = (),
         draft: bool = False, source: str | None = None, path: str | None = None) -> Article:
    date = dt.datetime.fromisoformat(when)
    return Article(
        source=source or f"content/{slug}.md", digest="0", title=slug.title(), slug=slug,
        path=path or f"{date:%Y/%m/%d}/{slug}/", date=date, draft=draft,
        section=Term(name=section, slug=slugify(section)) if section else None,
        tags=tuple(Term(name=t, slug=slugify(t)) for t in tags),
        authors=tuple(Term(name=a, slug=slugify(a)) for a in authors),
        lines={"title": 2, "tags": 4, "section": 5, "author": 6},
    )


def slugs(articles: tuple[Article, ...]) -> list[str]:
    return [a.slug for a in articles]


def test_assemble_leaves_out_drafts_and_counts_them() -> None:
    site, problems = assemble_site([make("a", "2026-11-01T09:00+00:00"),
                                    make("b", "2026-11-02T09:00+00:00", draft=True)], Rules(now=NOW))
    assert problems == []
    assert slugs(site.articles) == ["a"]
    assert (site.skipped_drafts, site.skipped_future) == (1, 0)


def test_assemble_includes_drafts_when_asked() -> None:
    site, _ = assemble_site([make("b", "2026-11-02T09:00+00:00", draft=True)], Rules(now=NOW, drafts=True))
    assert slugs(site.articles) == ["b"]
    assert site.skipped_drafts == 0


def test_assemble_leaves_out_articles_dated_after_now() -> None:
    site, _ = assemble_site([make("past", "2026-11-28T11:59+00:00"), make("now", "2026-11-28T12:00+00:00"),
                             make("later", "2026-11-28T12:01+00:00")], Rules(now=NOW))
    assert slugs(site.articles) == ["now", "past"]
    assert site.skipped_future == 1
    assert site.next_due == dt.datetime(2026, 11, 28, 12, 1, tzinfo=UTC)


def test_assemble_compares_instants_not_wall_clock_times() -> None:
    # 12:30 in Amsterdam (+01:00) is 11:30 UTC: already published at 12:00 UTC.
    site, _ = assemble_site([make("a", "2026-11-28T12:30+01:00")], Rules(now=NOW))
    assert slugs(site.articles) == ["a"]


def test_assemble_includes_future_articles_when_asked() -> None:
    site, _ = assemble_site([make("later", "2031-03-02T09:00+00:00")], Rules(now=NOW, future=True))
    assert slugs(site.articles) == ["later"]
    assert site.next_due is None


def test_assemble_counts_a_future_draft_as_a_draft_and_never_as_due() -> None:
    site, _ = assemble_site([make("x", "2031-03-02T09:00+00:00", draft=True)], Rules(now=NOW))
    assert (site.skipped_drafts, site.skipped_future, site.next_due) == (1, 0, None)


def test_assemble_reports_the_earliest_held_back_article_as_next_due() -> None:
    site, _ = assemble_site([make("b", "2031-01-01T00:00+00:00"), make("a", "2030-01-01T00:00+00:00")],
                            Rules(now=NOW))
    assert site.next_due == dt.datetime(2030, 1, 1, tzinfo=UTC)


def test_assemble_sorts_newest_first_with_slug_then_path_as_tie_break() -> None:
    articles = [make("old", "2026-01-01T00:00+00:00"), make("zeta", "2026-06-01T00:00+00:00"),
                make("alpha", "2026-06-01T02:00+02:00"), make("new", "2026-09-01T00:00+00:00")]
    for order in (articles, list(reversed(articles))):
        site, _ = assemble_site(order, Rules(now=NOW))
        assert slugs(site.articles) == ["new", "alpha", "zeta", "old"]


def test_assemble_neighbours_are_the_newer_and_older_articles() -> None:
    site, _ = assemble_site([make("a", "2026-01-01T00:00+00:00"), make("b", "2026-02-01T00:00+00:00"),
                             make("c", "2026-03-01T00:00+00:00")], Rules(now=NOW))
    newer, older = site.neighbours(1)
    assert (newer.slug, older.slug) == ("c", "a")  # type: ignore[union-attr]
    assert site.neighbours(0)[0] is None
    assert site.neighbours(2)[1] is None


def test_assemble_groups_tags_sections_and_authors_by_slug() -> None:
    site, problems = assemble_site([
        make("a", "2026-01-01T00:00+00:00", tags=("harbour", "ferry"), section="City", authors=("Mara Quist",)),
        make("b", "2026-02-01T00:00+00:00", tags=("harbour",), section="Sport", authors=("Mara Quist", "Dev C")),
    ], Rules(now=NOW))
    assert problems == []
    assert [(l.term.slug, slugs(l.articles)) for l in site.tags] == [("ferry", ["a"]), ("harbour", ["b", "a"])]
    assert [(l.term.name, slugs(l.articles)) for l in site.sections] == [("City", ["a"]), ("Sport", ["b"])]
    assert [(l.term.slug, slugs(l.articles)) for l in site.authors] == [("dev-c", ["b"]), ("mara-quist", ["b", "a"])]


def test_assemble_never_lists_a_tag_only_used_by_a_draft_or_future_article() -> None:
    site, _ = assemble_site([make("a", "2026-01-01T00:00+00:00", tags=("harbour",)),
                             make("d", "2026-01-02T00:00+00:00", tags=("secret",), draft=True),
                             make("f", "2031-01-02T00:00+00:00", tags=("plans",), section="Later")],
                            Rules(now=NOW))
    assert [l.term.slug for l in site.tags] == ["harbour"]
    assert site.sections == ()


def test_assemble_merges_tag_spellings_that_differ_only_in_case_under_the_most_common() -> None:
    site, problems = assemble_site([make("a", "2026-01-01T00:00+00:00", tags=("Harbour",)),
                                    make("b", "2026-01-02T00:00+00:00", tags=("harbour",)),
                                    make("c", "2026-01-03T00:00+00:00", tags=("harbour",))], Rules(now=NOW))
    assert problems == []
    assert [(l.term.name, len(l.articles)) for l in site.tags] == [("harbour", 3)]


def test_assemble_merges_tag_names_folding_to_one_slug_under_the_most_used_with_one_warning() -> None:
    site, problems = assemble_site([make("a", "2026-01-01T00:00+00:00", tags=("café",)),
                                    make("b", "2026-01-02T00:00+00:00", tags=("cafe",)),
                                    make("c", "2026-01-03T00:00+00:00", tags=("Café",)),
                                    make("d", "2026-01-04T00:00+00:00", tags=("cafe",))], Rules(now=NOW))
    assert problems == []
    assert [(l.term.name, l.term.slug, len(l.articles)) for l in site.tags] == [("cafe", "cafe", 4)]
    assert [str(p) for p in site.warnings] == [
        ("content/a.md:4: tags: 'cafe' (2 articles), 'Café' (1 article), 'café' (1 article) share the URL slug "
         "'cafe' and are merged into one, shown as 'cafe'; spell them the same way to silence this")]


def test_assemble_breaks_a_tie_between_spellings_by_sort_order() -> None:
    site, _ = assemble_site([make("a", "2026-01-01T00:00+00:00", tags=("café",)),
                             make("b", "2026-01-02T00:00+00:00", tags=("cafe",))], Rules(now=NOW))
    assert [l.term.name for l in site.tags] == ["cafe"]
    assert len(site.warnings) == 1


def test_assemble_merges_two_section_names_folding_to_one_slug() -> None:
    site, problems = assemble_site([make("a", "2026-01-01T00:00+00:00", section="Old Town"),
                                    make("b", "2026-01-02T00:00+00:00", section="Old-Town"),
                                    make("c", "2026-01-03T00:00+00:00", section="Old Town")], Rules(now=NOW))
    assert problems == []
    assert [(l.term.name, len(l.articles)) for l in site.sections] == [("Old Town", 3)]
    assert [str(p) for p in site.warnings] == [
        ("content/b.md:5: section: 'Old Town' (2 articles), 'Old-Town' (1 article) share the URL slug 'old-town' "
         "and are merged into one, shown as 'Old Town'; spell them the same way to silence this")]


def test_assemble_merges_author_spellings_into_one_author() -> None:
    site, problems = assemble_site([make("a", "2026-01-01T00:00+00:00", authors=("Ann Lee",)),
                                    make("b", "2026-01-02T00:00+00:00", authors=("Ann-Lee",))], Rules(now=NOW))
    assert problems == []
    assert [l.term.slug for l in site.authors] == ["ann-lee"]


def test_assemble_rejects_two_articles_on_one_url_naming_both_files() -> None:
    _, problems = assemble_site([make("ferry", "2026-01-01T09:00+00:00", source="content/a/ferry.md"),
                                 make("ferry", "2026-01-01T18:00+00:00", source="content/b/ferry.md")],
                                Rules(now=NOW))
    assert [str(p) for p in problems] == [
        ("content/b/ferry.md:2: slug: same URL /2026/01/01/ferry/ as content/a/ferry.md: "
         "give one of them another `slug:`")]


def test_assemble_ignores_a_url_clash_with_an_unpublished_draft() -> None:
    _, problems = assemble_site([make("ferry", "2026-01-01T09:00+00:00", source="content/a.md"),
                                 make("ferry", "2026-01-01T18:00+00:00", source="content/b.md", draft=True)],
                                Rules(now=NOW))
    assert problems == []
