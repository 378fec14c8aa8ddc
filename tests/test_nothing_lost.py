"""Nothing lost: a killed, failed or concurrent build leaves the old site or the new one, never a mix; newsgen
never writes outside its output folder, never replaces or deletes a file it did not write, and keeps its own
bookkeeping out of what is deployed."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import clean_env, read_tree, run_main

from newsgen.core.errors import UserError
from newsgen.output.generations import bookkeeping_dir
from newsgen.output.writer import check_output_path, stage

NOW = "2026-11-28T12:00"
CONFIG = "title: Fault Times\nbase_url: https://example.org/\ntimezone: UTC\nper_page: 5\n"


def write_articles(site: Path, count: int, version: str) -> None:
    """`count` articles whose bodies, titles and tags depend on `version`, so two versions differ everywhere."""
    content = site / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    for n in range(count):
        tags = ", ".join(f"{version}-tag-{(n + k) % 7}" for k in range(2))
        (content / f"story-{n:03d}.md").write_text(
            f"---\ntitle: Story {n} ({version})\ndate: 2026-11-{1 + n % 27:02d}T{n % 24:02d}:00:00Z\n"
            f"section: Section {n % 3}\ntags: [{tags}]\nauthor: Ada Lane\n---\n"
            + f"Paragraph {n} of version {version}. " * 40 + "\n", encoding="utf-8")


def make_site(root: Path, count: int = 40, version: str = "one") -> Path:
    site = root / "site"
    site.mkdir(parents=True)
    (site / "site.yaml").write_text(CONFIG, encoding="utf-8")
    write_articles(site, count, version)
    return site


def build_command(site: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "newsgen.cli", "build", "--site", str(site), "--output", str(out), "--now", NOW,
            "--quiet", *extra]


def build_process(site: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(build_command(site, out, *extra), capture_output=True, text=True, env=clean_env(),
                          timeout=300, check=False)


def expected_tree(root: Path, count: int, version: str, name: str) -> dict[str, bytes]:
    """What a clean build of `version` gives (built elsewhere, so nothing is shared with the site under test)."""
    site = make_site(root / f"expected-{name}", count, version)
    out = root / f"expected-{name}" / "public"
    result = run_main("build", "--site", site, "--output", out, "--now", NOW, "--no-cache", "--quiet")
    assert result.code == 0, result.err
    return read_tree(out)


def test_the_build_bookkeeping_is_kept_beside_the_output_folder_never_in_it(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # nothing of newsgen's own is deployed
    assert (bookkeeping_dir(out) / "state.json").is_file()


def test_an_output_folder_of_newsgen_0_1_with_its_manifest_inside_is_taken_over_and_the_manifest_dropped(
        tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    files = {rel: [hashlib_sha(out / rel), ""] for rel in read_tree(out)}
    shutil.rmtree(bookkeeping_dir(out))
    (out / ".newsgen-manifest.json").write_text(json.dumps({"generator": "newsgen", "format": 2, "files": files}))
    (out / "CNAME").write_text("news.example.org")  # the user's
    write_articles(site, 3, "two")
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 0, result.err
    assert not (out / ".newsgen-manifest.json").exists()
    assert (out / "CNAME").read_text() == "news.example.org"
    assert "Story 0 (two)" in (out / "index.html").read_text()
    assert "Story 0 (one)" not in (out / "index.html").read_text()


def hashlib_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one_and_the_next_build_recovers(
        tmp_path: Path) -> None:
    count = 150
    trees = {"one": expected_tree(tmp_path, count, "one", "one"), "two": expected_tree(tmp_path, count, "two", "two")}
    site = make_site(tmp_path, count, "one")
    out = tmp_path / "public"
    assert build_process(site, out, "--jobs", "1").returncode == 0
    assert read_tree(out) == trees["one"]
    # How long a build of the other version takes, to spread the kills over all of it (commit included).
    write_articles(site, count, "two")
    started = time.monotonic()
    assert build_process(site, out, "--jobs", "1").returncode == 0
    duration = time.monotonic() - started
    rng = random.Random(11)
    current = "two"
    for _ in range(8):
        wanted = "one" if current == "two" else "two"
        write_articles(site, count, wanted)
        proc = subprocess.Popen(build_command(site, out, "--jobs", "1"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=clean_env())
        time.sleep(rng.uniform(0.05, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        found = read_tree(out)
        assert found in (trees[current], trees[wanted]), "a killed build left a mix of two sites"
        result = build_process(site, out, "--jobs", "1")
        assert result.returncode == 0, result.stderr
        assert read_tree(out) == trees[wanted]
        current = wanted


def test_two_builds_of_one_output_folder_at_once_run_one_after_the_other(tmp_path: Path) -> None:
    count = 120
    wanted = expected_tree(tmp_path, count, "one", "one")
    site = make_site(tmp_path, count, "one")
    out = tmp_path / "public"
    procs = [subprocess.Popen(build_command(site, out, "--jobs", "1"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=clean_env()) for _ in range(2)]
    results = [(proc.wait(timeout=300), proc.stderr.read() if proc.stderr else "") for proc in procs]
    for code, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    assert any("waiting for another newsgen build of" in err for _, err in results)
    assert read_tree(out) == wanted


def test_the_lock_of_a_killed_build_does_not_hold_up_the_next_one(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=150)
    out = tmp_path / "public"
    proc = subprocess.Popen(build_command(site, out, "--jobs", "1"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=clean_env())
    deadline = time.monotonic() + 60
    while not (bookkeeping_dir(out) / "lock").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    result = build_process(site, out)
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stderr


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 1 MiB file system (tmpfs), where the machine allows mounting one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True,
                              check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("cannot mount a small tmpfs here")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False, timeout=30)


def test_a_full_disk_is_one_clear_error_and_the_old_site_stays(tmp_path: Path, small_disk: Path) -> None:
    site = make_site(tmp_path, count=5)
    out = small_disk / "public"
    first = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert first.code == 0, first.err
    before = read_tree(out)
    (site / "content" / "story-000.md").write_text(
        "---\ntitle: A very long story\ndate: 2026-11-02T09:00:00Z\n---\n" + "Words and more words. " * 90_000,
        encoding="utf-8")
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 1
    assert "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.err
    assert "cannot write: No space left on device" in errors[0]
    assert f"The site in {out} was left as it was" in errors[0]
    assert read_tree(out) == before
    (site / "content" / "story-000.md").write_text(
        "---\ntitle: A short story again\ndate: 2026-11-02T09:00:00Z\n---\nShort.\n", encoding="utf-8")
    again = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert again.code == 0, again.err
    assert "A short story again" in (out / "index.html").read_text()


def test_a_write_error_while_rendering_in_the_pool_is_one_clear_error(tmp_path: Path, monkeypatch) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    before = read_tree(out)
    write_articles(site, 3, "two")
    staging = bookkeeping_dir(out) / "staging"
    staging.parent.mkdir(parents=True, exist_ok=True)
    staging.write_text("a file where the staging folder goes")  # every write into it fails
    import newsgen.output.writer as writer

    monkeypatch.setattr(writer.shutil, "rmtree", lambda *a, **k: None)  # keep the obstacle in place
    result = run_main("build", "--site", site, "--output", out, "--now", NOW, "--jobs", "1")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert len([line for line in result.err.splitlines() if line.startswith("error:")]) == 1, result.err
    assert "cannot write" in result.err
    assert read_tree(out) == before


@pytest.fixture
def immutable():  # type: ignore[no-untyped-def]
    """chattr +i, undone after the test; skipped where the file system or the user cannot."""
    marked: list[Path] = []

    def mark(path: Path) -> None:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is not installed here")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"chattr +i is not possible here: {done.stderr.decode(errors='replace').strip()}")
        marked.append(path)

    yield mark
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)


def test_an_immutable_file_in_the_output_never_leaves_a_mix_and_its_error_is_clear(tmp_path: Path, immutable) -> None:
    site = make_site(tmp_path, count=4)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    immutable(out / "index.html")
    trees = []
    for version in ("two", "three", "four"):
        before = read_tree(out)
        write_articles(site, 4, version)
        result = run_main("build", "--site", site, "--output", out, "--now", NOW)
        assert "Traceback" not in result.err
        if result.code == 0:
            trees.append("new")
            assert f"Story 0 ({version})" in (out / "index.html").read_text()
        else:
            trees.append("old")
            errors = [line for line in result.err.splitlines() if line.startswith("error:")]
            assert len(errors) == 1, result.err
            assert "cannot write: Operation not permitted" in errors[0]
            assert "index.html" in errors[0]
            assert read_tree(out) == before
    assert "old" in trees  # the immutable copy is in the way sooner or later
    subprocess.run(["chattr", "-i", str(out / "index.html")], check=False)
    for path in bookkeeping_dir(out).rglob("index.html"):
        subprocess.run(["chattr", "-i", str(path)], check=False)
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 0, result.err
    assert "Story 0 (four)" in (out / "index.html").read_text()


def test_a_file_the_user_puts_where_a_page_of_newsgen_goes_is_kept_with_a_warning(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    story = site / "content" / "story-001.md"
    text = story.read_text()
    story.unlink()
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    page = out / "2026" / "11" / "02" / "story-001" / "index.html"
    assert not page.exists()
    page.parent.mkdir(parents=True)
    page.write_text("the user's own page")
    story.write_text(text)
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 0, result.err
    assert page.read_text() == "the user's own page"
    assert (f"warning [kept-output-file]: {out}/2026/11/02/story-001/index.html: newsgen did not write this "
            "file") in result.err
    strict = run_main("build", "--site", site, "--output", out, "--now", NOW, "--strict")
    assert strict.code == 1
    assert "newsgen did not write this file" in strict.err
    assert page.read_text() == "the user's own page"


def test_a_page_the_user_edited_is_not_deleted_when_its_article_goes(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    page = out / "2026" / "11" / "02" / "story-001" / "index.html"
    page.write_text(page.read_text().replace("Paragraph 1", "Hand-corrected paragraph 1"))
    (site / "content" / "story-001.md").unlink()
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 0, result.err
    assert "Hand-corrected paragraph 1" in page.read_text()
    assert (f"warning [kept-output-file]: {out}/2026/11/02/story-001/index.html: is no longer produced, but "
            "it was changed by someone other than newsgen") in result.err


def _edit_a_page_by_hand_and_rebuild(site: Path, out: Path, version: str):  # type: ignore[no-untyped-def]
    """Story 1's page edited by hand, then every article changed to `version` and built: the page is kept."""
    page = out / "2026" / "11" / "02" / "story-001" / "index.html"
    page.write_text("edited by hand")
    write_articles(site, 3, version)
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 0, result.err
    assert page.read_text() == "edited by hand"
    return page, result


def test_a_page_the_user_edited_is_not_overwritten_when_its_article_changes(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    page, result = _edit_a_page_by_hand_and_rebuild(site, out, "two")
    assert "was changed by someone other than newsgen since the last build, so newsgen did not overwrite it" \
        in result.err
    assert "Story 0 (two)" in (out / "index.html").read_text()  # everything else is the new site
    page.unlink()  # the user gives the page back to newsgen
    again = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert again.code == 0
    assert "Story 1 (two)" in page.read_text()


def test_files_the_user_adds_to_the_output_folder_survive_every_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    (out / "CNAME").write_text("news.example.org")
    (out / "downloads").mkdir()
    (out / "downloads" / "report.pdf").write_bytes(b"%PDF-1.4 report")
    for version in ("two", "three", "four"):
        write_articles(site, 3, version)
        assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
        assert (out / "CNAME").read_text() == "news.example.org"
        assert (out / "downloads" / "report.pdf").read_bytes() == b"%PDF-1.4 report"
    (out / "CNAME").unlink()  # and a file the user removes stays removed
    write_articles(site, 3, "five")
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    write_articles(site, 3, "six")
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    assert not (out / "CNAME").exists()


@pytest.mark.parametrize("rel", ["../outside.html", "a/../../outside.html", "/etc/passwd", "a//b.html", "./a.html",
                                 "a/./b.html", "a\\..\\b.html", "a\x00b.html", "", "a/"])
def test_the_writer_refuses_any_path_that_could_leave_the_output_folder(tmp_path: Path, rel: str) -> None:
    with pytest.raises(UserError, match="would leave the output folder"):
        check_output_path(rel)
    with pytest.raises(UserError):
        stage(tmp_path / "staging", rel, b"x", None, tmp_path / "public")
    assert not (tmp_path / "outside.html").exists()


def test_the_writer_accepts_ordinary_paths(tmp_path: Path) -> None:
    for rel in ("index.html", "2026/11/20/ferry/index.html", "tags/café/index.html", "a..b/c.d..e.html"):
        check_output_path(rel)
    sha, staged = stage(tmp_path / "staging", "a..b/index.html", b"x", None, tmp_path / "public")
    assert staged and (tmp_path / "staging" / "a..b" / "index.html").read_bytes() == b"x"
    assert os.listdir(tmp_path) == ["staging"]


def test_an_output_folder_that_is_a_mount_point_is_updated_in_place_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("mount is not installed here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(out)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        site = make_site(tmp_path, count=4)
        wanted = {"one": expected_tree(tmp_path, 4, "one", "one"), "two": expected_tree(tmp_path, 4, "two", "two")}
        first = run_main("build", "--site", site, "--output", out, "--now", NOW)
        assert first.code == 0, first.err
        assert "is a mount point" in first.err
        assert read_tree(out) == wanted["one"]
        write_articles(site, 4, "two")
        second = run_main("build", "--site", site, "--output", out, "--now", NOW)
        assert second.code == 0, second.err
        assert read_tree(out) == wanted["two"]
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def test_a_page_the_user_deleted_stays_restored_in_the_builds_after_it(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    for _ in range(2):  # the second build makes the spare copy the next ones switch with
        assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    wanted = read_tree(out)
    (out / "robots.txt").unlink()
    shutil.rmtree(out / "2026")
    for version in ("two", "three", "four"):
        write_articles(site, 3, version)
        assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
        assert (out / "robots.txt").read_bytes() == wanted["robots.txt"]
        assert (out / "2026" / "11" / "02" / "story-001" / "index.html").is_file()


def test_building_another_site_into_the_output_folder_is_not_taken_for_nothing_changed(tmp_path: Path) -> None:
    first = make_site(tmp_path / "a", count=3, version="first")
    second = make_site(tmp_path / "b", count=3, version="second")
    out = tmp_path / "public"
    for site in (first, second, first):
        assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    assert "Story 0 (first)" in (out / "index.html").read_text()
    assert read_tree(out) == expected_tree(tmp_path, 3, "first", "first")


def test_the_workers_of_a_killed_build_end_with_it_and_hold_no_lock(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=400)
    out = tmp_path / "public"
    proc = subprocess.Popen(build_command(site, out, "--jobs", "2", "--no-cache"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=clean_env())
    time.sleep(1.5)  # well into parsing, with the pool running
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    started = time.monotonic()
    result = build_process(site, out)
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stderr
    assert time.monotonic() - started < 60


def _as_earlier_newsgen_wrote_it(out: Path) -> None:
    """The bookkeeping rewritten in the form newsgen used before state format 4: files and stats as dicts."""
    folder = bookkeeping_dir(out)
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    details = json.loads((folder / "details.json").read_text(encoding="utf-8"))
    names = state["names"].split("\x00")
    rows = [row.split(" ") for row in state["rows"].split("\x00")]
    stats = [[int(part) for part in stat.split(" ")] for stat in details["stats"].split("\x00")]
    (folder / "state.json").write_text(json.dumps({"generator": "newsgen", "format": 3,
                                                   "live_inode": state["live_inode"],
                                                   "files": dict(zip(names, rows, strict=True))}))
    (folder / "details.json").write_text(json.dumps(dict(details, format=3, stats=dict(zip(names, stats,
                                                                                           strict=True)))))


def test_after_an_upgrade_of_newsgen_a_page_the_user_edited_is_still_not_overwritten(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    write_articles(site, 3, "two")
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0  # now with a spare tree
    _as_earlier_newsgen_wrote_it(out)
    page, result = _edit_a_page_by_hand_and_rebuild(site, out, "three")
    assert "was changed by someone other than newsgen since the last build" in result.err
    assert "Story 0 (three)" in (out / "index.html").read_text()
    assert json.loads((bookkeeping_dir(out) / "state.json").read_text())["format"] == 4
    write_articles(site, 3, "four")
    again = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert again.code == 0 and page.read_text() == "edited by hand"
    assert "Story 0 (four)" in (out / "index.html").read_text()


def test_bookkeeping_a_newer_newsgen_wrote_is_one_clear_error_and_nothing_changes(tmp_path: Path) -> None:
    site = make_site(tmp_path, count=3)
    out = tmp_path / "public"
    assert run_main("build", "--site", site, "--output", out, "--now", NOW).code == 0
    before = read_tree(out)
    path = bookkeeping_dir(out) / "state.json"
    path.write_text(json.dumps(dict(json.loads(path.read_text()), format=5)))
    write_articles(site, 3, "two")
    result = run_main("build", "--site", site, "--output", out, "--now", NOW)
    assert result.code == 1
    assert f"{path}: the build bookkeeping was written by a newer newsgen (state format 5" in result.err
    assert "Traceback" not in result.err
    assert read_tree(out) == before
