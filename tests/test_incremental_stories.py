"""Incremental builds with story formats: after any edit of types, claims, series and live updates, and as
the clock passes an update or the end of a live blog, an incremental build gives a clean build's bytes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.build import BuildOptions, BuildState, build

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
CONFIG = ("title: Story Times\nbase_url: https://example.org/news/\ntimezone: Europe/Berlin\nper_page: 2\n"
          "news_sitemap: {exclude_types: [opinion]}\n")
TYPES = ["news", "opinion", "analysis", "review", "sponsored"]
CLAIM = ("claim: {text: Fares doubled., claimant: Ann Critic, date: 2026-11-20, rating: RATING, "
         "url: 'https://example.com/said'}\n")


def story(n: int, extra: str = "", body: str = "") -> str:
    return (f"---\ntitle: Story number {n}\ndate: 2026-12-01T0{n}:00:00+01:00\ntags: [alpha]\n{extra}---\n"
            f"Body of story {n} with [a link](https://other.example.com/{n}).\n{body}")


def update(hour: int, minute: int, text: str) -> str:
    return f'\n{{{{< update time="2026-12-01T{hour:02d}:{minute:02d}" title="At {hour}:{minute:02d}" >}}}}\n{text}\n{{{{< /update >}}}}\n'


def make_site(root: Path) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text(CONFIG)
    (site / "content" / "s1.md").write_text(story(1, "series: Harbour\nseries_part: 1\n"))
    (site / "content" / "s2.md").write_text(story(2, "series: Harbour\nseries_part: 2\ntype: opinion\n"))
    (site / "content" / "live.md").write_text(
        story(3, "live: true\nlive_until: 2026-12-01T18:00\n", update(8, 0, "First.") + update(14, 0, "Later.")))
    return site


EDITS = ["type", "claim", "series", "unseries", "update_past", "update_future", "live_until", "edit_update",
         "clock", "nothing"]


def apply_edit(site: Path, kind: str, n: int) -> int:
    """Apply one edit; return how many hours the clock moves (only `clock` moves it)."""
    content = site / "content"
    if kind == "type":
        (content / "s1.md").write_text(story(1, f"series: Harbour\nseries_part: 1\ntype: {TYPES[n % 5]}\n"))
    elif kind == "claim":
        (content / "fc.md").write_text(story(4, CLAIM.replace("RATING", str(1 + n % 6))))
    elif kind == "series":
        (content / "s3.md").write_text(story(5, f"series: Harbour\nseries_part: {3 + n % 2}\n"))
    elif kind == "unseries":
        (content / "s2.md").write_text(story(2, "type: opinion\n"))
    elif kind in ("update_past", "update_future"):
        hour = 9 + n % 3 if kind == "update_past" else 15 + n % 5
        live = content / "live.md"
        live.write_text(live.read_text() + update(hour, n % 60, f"Update {n}."))
    elif kind == "live_until":
        live = content / "live.md"
        lines = [f"live_until: 2026-12-01T{13 + n % 8}:30" if line.startswith("live_until:") else line
                 for line in live.read_text().splitlines()]
        live.write_text("\n".join(lines) + "\n")
    elif kind == "edit_update":
        live = content / "live.md"
        live.write_text(live.read_text().replace("First.", f"First, edited {n}.", 1))
    elif kind == "clock":
        return 1 + n % 4
    return 0


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(site: Path, out: Path, now: dt.datetime) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(site_dir=site, now=now, output=out, use_cache=False, jobs=1, progress=False))
    return tree(out)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=5))
def test_incremental_build_equals_clean_build_after_story_edits_and_clock_moves(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("stories")
    site = make_site(root)
    out = root / "public"
    now = START
    state = BuildState()
    build(BuildOptions(site_dir=site, now=now, output=out, jobs=1, progress=False), state)
    for kind, n in edits:
        now += dt.timedelta(hours=apply_edit(site, kind, n))
        build(BuildOptions(site_dir=site, now=now, output=out, jobs=1, progress=False), state)
        incremental = tree(out)
        assert incremental == clean_build(site, root / "clean", now), f"after {kind} {n}"
        # The command line's way (no state kept in memory, the edit memo and the record on disk) agrees too.
        build(BuildOptions(site_dir=site, now=now, output=out, jobs=1, progress=False))
        assert tree(out) == incremental, f"after {kind} {n} (command line)"
