"""An expired article keeps its page, but links only to the tag, section and author pages still built."""

from __future__ import annotations

from conftest import run_main

NOW = "2026-11-28T12:00"


def test_an_expired_article_never_links_to_term_pages_it_alone_had(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site({
        "content/old.md": {"title": "Old offer", "date": "2026-11-01", "expires": "2026-11-10", "tags": ["Sale", "Harbour"],
                           "section": "Offers", "author": "Solo Writer"},
        "content/new.md": {"title": "New story", "date": "2026-11-20", "tags": ["Harbour"], "author": "Ann Lee"}})
    result = run_main("build", "--site", site, "--now", NOW, "--jobs", "1")
    assert result.code == 0, result.err
    page = (site / "public/2026/11/01/old/index.html").read_text()
    assert not (site / "public/tags/sale").exists()
    assert "/tags/sale/" not in page and "/offers/" not in page and "/authors/solo-writer/" not in page
    assert "Sale" in page and "Offers" in page and "Solo Writer" in page  # shown, as text
    assert 'href="/tags/harbour/"' in page  # still built: a published article has it
    check = run_main("check", "--site", site, "--now", NOW)
    assert check.code == 0, check.out + check.err
