"""benchmarks/alternate.py: two installs timed in turn on one site (here the same install twice)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSGEN = str(Path(sys.executable).parent / "newsgen")


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Bench\nbase_url: https://example.org/\ntimezone: UTC\n")
    for n, day in enumerate((3, 1, 2)):
        (site / "content" / f"story-{n}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2026-11-0{day}T09:00:00+00:00\n---\nBody {n}.\n")
    return site


def test_alternate_times_both_installs_edits_the_newest_article_and_puts_it_back(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = {p.name: p.read_text() for p in (site / "content").iterdir()}
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "alternate.py"), str(site), NEWSGEN, NEWSGEN,
                             "--runs", "2"], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "body before: median" in result.stdout and "body after: median" in result.stdout
    assert {p.name: p.read_text() for p in (site / "content").iterdir()} == before
    page = next((tmp_path / "alternate-after").rglob("story-0/index.html"))  # story 0 is the newest
    assert "correction 1004" in page.read_text()  # the last of four edits, two per install


def test_alternate_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "alternate.py"), str(site), NEWSGEN, NEWSGEN,
                             "--scenario", "noop", "--runs", "1"], capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert "noop before: median" in result.stdout
