"""Incremental builds of a site with `search: true`: after any edits the search index (like every page) has
exactly the bytes a clean build gives, from the dev server's state, from the command line's records."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import EDITS, apply_edit, clean_build, make_site, rebuild, tree

from newsgen.build import BuildState

SEARCH = "search: true\n"


def with_search(site) -> None:  # type: ignore[no-untyped-def]
    """The edits rewrite site.yaml for `config` and `policies`: keep search on through them."""
    config = site / "site.yaml"
    text = config.read_text()
    if SEARCH not in text:
        config.write_text(text + SEARCH)


def records_of(files: dict[str, bytes]) -> set[str]:
    return {rel for rel in files if rel.startswith("pagefind/fragment/")}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=4))
def test_search_index_after_any_edits_equals_a_clean_builds(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("inc-search")
    site = make_site(root)
    with_search(site)
    out = root / "public"
    state = BuildState()
    rebuild(site, out, state)
    for kind, n in edits:
        apply_edit(site, kind, n)
        with_search(site)
        rebuild(site, out, state)  # the dev server's state (the library call indexes in the build)
        incremental = tree(out)
        clean = clean_build(site, root / "clean")
        assert incremental == clean, f"after {kind} {n}"
        assert records_of(clean)  # the index is there and has records
        rebuild(site, out)  # a new process, from the records on disk
        assert tree(out) == incremental


def test_command_line_body_edit_reindexes_and_matches_a_clean_build(tmp_path):
    site = make_site(tmp_path)
    with_search(site)
    out = tmp_path / "public"
    rebuild(site, out)
    path = site / "content" / "story-3.md"
    path.write_text(path.read_text() + "\nA late paragraph about lighthouses.\n")
    report = rebuild(site, out)
    assert report.route == "bodies"
    assert "search" in dict(report.timings)
    assert tree(out) == clean_build(site, tmp_path / "clean")
    again = rebuild(site, out)
    assert (again.route, again.written) == ("unchanged", 0)
