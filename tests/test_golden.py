"""Golden sites: each folder in tests/sites/ builds to exactly its expected/ tree, byte for byte.

Regenerate after an intended output change with `pytest tests/test_golden.py --regen-golden`, then read
the diff of expected/ before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from checkers.links import check_internal_links
from conftest import read_tree, run_main, tree_diff

SITES = Path(__file__).parent / "sites"
GOLDEN_NOW = "2026-05-10T12:00"
# The manifest holds fingerprints of newsgen's own internals; its determinism is tested in test_incremental.
NOT_GOLDEN = ".newsgen-manifest.json"
GOLDEN_SITES = sorted(p.name for p in SITES.iterdir() if (p / "site.yaml").is_file())
# Words that only unpublished articles of golden-basic contain (titles, slugs, tags, sections, authors).
UNPUBLISHED = (b"GOLDEN-DRAFT", b"secret-plan", b"golden-draft-tag", b"Hidden Desk", b"hidden-desk", b"Draft Writer",
               b"GOLDEN-FUTURE", b"future-event", b"golden-future-tag", b"Future Desk", b"future-desk",
               b"Future Writer")


def build_copy(name: str, tmp_path: Path) -> Path:
    """Build a copy of the golden site (so caches never land in the repository); return the output folder."""
    site = tmp_path / name
    shutil.copytree(SITES / name, site, ignore=shutil.ignore_patterns("expected"))
    out = tmp_path / "public"
    result = run_main("build", "--site", site, "--output", out, "--now", GOLDEN_NOW, "--quiet")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return out


@pytest.mark.parametrize("name", GOLDEN_SITES)
def test_golden_site_builds_to_its_expected_tree(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    out = build_copy(name, tmp_path)
    expected_dir = SITES / name / "expected"
    if request.config.getoption("--regen-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(out, expected_dir, ignore=shutil.ignore_patterns(NOT_GOLDEN))
        pytest.skip("regenerated")
    assert expected_dir.is_dir(), f"no {expected_dir}: run pytest --regen-golden once and review it"
    actual = {rel: data for rel, data in read_tree(out).items() if rel != NOT_GOLDEN}
    diff = tree_diff(read_tree(expected_dir), actual)
    assert not diff, (f"output of tests/sites/{name} differs from expected/ (after an intended change, run "
                      f"`pytest tests/test_golden.py --regen-golden` and review the diff):\n{diff}")


def test_golden_basic_never_leaks_drafts_or_future_articles(tmp_path: Path) -> None:
    out = build_copy("golden-basic", tmp_path)
    leaks = [f"{rel}: {word.decode()}" for rel, data in read_tree(out).items() for word in UNPUBLISHED if word in data]
    assert leaks == []


def test_golden_basic_links_all_stay_under_the_subpath(tmp_path: Path) -> None:
    out = build_copy("golden-basic", tmp_path)
    assert check_internal_links(out, base_url="https://example.org/news/") == []
    pages = {rel: data for rel, data in read_tree(out).items() if rel.endswith(".html")}
    bad = [rel for rel, data in pages.items() if b'href="/' in data.replace(b'href="/news/', b"")
           or b'src="/' in data.replace(b'src="/news/', b"")]
    assert bad == []


def test_golden_basic_expected_tree_has_every_page_kind() -> None:
    # Guards against regenerating expected/ from a broken build that lost whole kinds of pages.
    expected = set(read_tree(SITES / "golden-basic" / "expected"))
    assert {
        "index.html", "page/2/index.html", "404.html", "feed.xml", "atom.xml", "tags/index.html",
        "tags/harbour/index.html", "tags/harbour/page/2/index.html", "tags/harbour/feed.xml",
        "city/index.html", "culture-food/index.html", "authors/ana-ruiz/index.html", "authors/ben-okoro/index.html",
        "2026/05/01/harbour-opens/index.html", "2026/05/03/ferry-fares/index.html",
        "2026/05/05/market-day/index.html", "images/quay.svg",
    } <= expected


def test_golden_bilingual_keeps_its_draft_translation_out_and_its_links_under_the_subpath(tmp_path: Path) -> None:
    out = build_copy("golden-bilingual", tmp_path)
    tree = read_tree(out)
    assert [rel for rel, data in tree.items() if b"GOLDEN-DRAFT" in data or b"tarifas" in data] == []
    assert check_internal_links(out, base_url="https://example.org/news/") == []
    # The draft's English original has no translation to point at; the published pair point at each other.
    assert b"hreflang" not in tree["2026/05/03/ferry-fares/index.html"]
    assert b'hreflang="en-GB" href="https://example.org/news/2026/05/01/harbour-opens/"' in tree[
        "es/2026/05/01/abre-el-puerto/index.html"]
