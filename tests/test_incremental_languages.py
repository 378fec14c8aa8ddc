"""Incremental builds of a multilingual site give the bytes of a clean build after any language edit:
a translation added, edited, made a draft or deleted, an article moved to another language, `languages:`
changed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import NOW, article, clean_build, rebuild, tree

from newsgen.build import BuildOptions, BuildState, build
from newsgen.core.errors import BuildFailed

CONFIG = ("title: Incremental Times\nbase_url: https://example.org/news/\ntimezone: Europe/Berlin\nper_page: 2\n"
          "languages:\n  - {code: en, title: Incremental Times}\n  - {code: es, title: Tiempos, path: es}\n")


def make_site(root: Path) -> Path:
    site = root / "site"
    (site / "content" / "pages").mkdir(parents=True)
    (site / "site.yaml").write_text(CONFIG)
    for n in range(4):
        (site / "content" / f"story-{n}.md").write_text(
            article(f"Story {n}", f"2026-11-{10 + n}T09:00:00+01:00", "alpha", f"Body of story {n}."))
    (site / "content" / "story-1.es.md").write_text(
        article("Historia 1", "2026-11-11T09:00:00+01:00", "alfa", "Cuerpo.", section="Mundo"))
    (site / "content" / "pages" / "about.md").write_text("---\ntitle: About us\n---\nWe are a paper.\n")
    return site


EDITS = ["add_translation", "delete_translation", "translation_title", "translation_body", "translation_draft",
         "to_spanish", "language_title", "no_languages", "page_translation", "body"]


def apply_edit(site: Path, kind: str, n: int) -> None:
    content = site / "content"
    stories = sorted(content.glob("story-?.md"))
    translations = sorted(content.glob("*.es.md"))
    target = translations[n % len(translations)] if translations else None
    if kind == "add_translation" and stories:
        source = stories[n % len(stories)]
        source.with_name(source.stem + ".es.md").write_text(
            article(f"Traducción {n}", f"2026-11-{10 + n % 4}T09:00:00+01:00", "alfa", "Texto.", section="Mundo"))
    elif kind == "delete_translation" and target:
        target.unlink()
    elif kind == "translation_title" and target:
        target.write_text(target.read_text().replace("title: '", f"title: 'Nueva {n} ", 1))
    elif kind == "translation_body" and target:
        target.write_text(target.read_text() + f"\nOtra frase {n}.\n")
    elif kind == "translation_draft" and target:
        text = target.read_text()
        target.write_text(text.replace("draft: true\n", "") if "draft: true" in text
                          else text.replace("---\n", "---\ndraft: true\n", 1))
    elif kind == "to_spanish" and stories:
        source = stories[n % len(stories)]
        source.write_text(source.read_text().replace("---\n", "---\nlang: es\n", 1))
    elif kind == "language_title":
        (site / "site.yaml").write_text(CONFIG.replace("title: Tiempos", f"title: Tiempos {n % 3}"))
    elif kind == "no_languages":
        (site / "site.yaml").write_text(CONFIG.split("languages:")[0] if "languages:" in
                                        (site / "site.yaml").read_text() else CONFIG)
    elif kind == "page_translation":
        page = content / "pages" / "about.es.md"
        if page.exists():
            page.unlink()
        else:
            page.write_text(f"---\ntitle: Quiénes somos {n}\n---\nSomos un periódico.\n")
    elif kind == "body" and stories:
        source = stories[n % len(stories)]
        source.write_text(source.read_text() + f"\nAn added sentence {n}.\n")


def _site_builds(site: Path) -> bool:
    """Whether the site is buildable as edited: `to_spanish` may give two Spanish files one key."""
    try:
        build(BuildOptions(site_dir=site, now=NOW, output=site.parent / "probe", use_cache=False, jobs=1,
                           progress=False))
    except BuildFailed:
        return False
    return True


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=6))
def test_incremental_builds_of_a_multilingual_site_equal_clean_builds(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("langinc")
    site = make_site(root)
    out = root / "public"
    state = BuildState()
    rebuild(site, out, state)
    for kind, n in edits:
        apply_edit(site, kind, n)
        if not _site_builds(site):
            return  # an edit that made the site invalid: the error tests cover it
        rebuild(site, out, state)
        incremental = tree(out)
        assert incremental == clean_build(site, root / "clean"), f"after {kind} {n}"
        rebuild(site, out)  # a new process, from the cache and the edit memo on disk
        assert tree(out) == incremental, f"after {kind} {n} (command line)"
