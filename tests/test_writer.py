"""writer: atomic writes, identical files skipped, pruning only what newsgen wrote, foreign folders refused;
the bookkeeping lives beside the output folder, never in it (so it is never deployed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgen.core.errors import UserError
from newsgen.output.generations import LEGACY_MANIFEST, STATE, bookkeeping_dir, load_state
from newsgen.output.writer import load_manifest, write_file, write_outputs

MANIFEST = LEGACY_MANIFEST  # newsgen 0.1 kept its manifest inside the output folder


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build(out: Path, outputs: dict[str, bytes]):  # type: ignore[no-untyped-def]
    return write_outputs(out, outputs, load_manifest(out))


def test_write_outputs_writes_every_file_and_a_manifest_beside_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "public"
    report = build(out, {"index.html": b"home", "tags/harbour/index.html": b"tag"})
    assert (report.written, report.unchanged, report.removed) == (2, 0, 0)
    assert files_under(out) == {"index.html": b"home", "tags/harbour/index.html": b"tag"}
    assert (tmp_path / ".public.newsgen" / STATE).is_file()


def test_write_outputs_manifest_records_what_newsgen_wrote(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home"})
    manifest = json.loads((bookkeeping_dir(out) / STATE).read_text(encoding="utf-8"))
    assert manifest["generator"] == "newsgen"
    assert set(load_manifest(out)) == {"index.html"}
    assert load_state(out).files() == ["index.html"]


def test_the_state_keeps_names_with_line_breaks_and_spaces_and_no_files_at_all(tmp_path: Path) -> None:
    out = tmp_path / "public"
    odd = {"a b/index.html": b"1", "line\nbreak.txt": b"2", "index.html": b"3"}
    build(out, odd)
    assert set(load_manifest(out)) == set(odd)
    assert build(out, odd).unchanged == 3
    build(out, {})
    assert load_state(out).files() == [] and files_under(out) == {}


def _state_of_newsgen_0_2(out: Path, files: dict[str, bytes]) -> None:
    """Rewrite the state as newsgen before format 4 wrote it: {rel: [sha, fingerprint]}."""
    path = bookkeeping_dir(out) / STATE
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = {rel: [entry.sha, entry.fingerprint] for rel, entry in load_manifest(out).items()}
    assert set(rows) == set(files)
    path.write_text(json.dumps({"generator": "newsgen", "format": 3, "live_inode": data["live_inode"],
                                "files": rows}), encoding="utf-8")


def test_a_state_an_earlier_newsgen_wrote_is_read_and_the_next_commit_writes_the_new_one(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home", "a.html": b"a"})
    _state_of_newsgen_0_2(out, {"index.html": b"home", "a.html": b"a"})
    report = build(out, {"index.html": b"home", "a.html": b"a changed"})
    assert (report.written, report.unchanged, report.removed) == (1, 1, 0)
    assert json.loads((bookkeeping_dir(out) / STATE).read_text(encoding="utf-8"))["format"] == 4
    assert files_under(out) == {"index.html": b"home", "a.html": b"a changed"}


def test_a_state_a_newer_newsgen_wrote_is_refused_as_such_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home"})
    path = bookkeeping_dir(out) / STATE
    path.write_text(json.dumps(dict(json.loads(path.read_text(encoding="utf-8")), format=99)), encoding="utf-8")
    with pytest.raises(UserError) as info:
        build(out, {"index.html": b"changed"})
    assert str(info.value) == (f"{path}: the build bookkeeping was written by a newer newsgen (state format 99; "
                               f"this one reads up to 4): build with that version, or delete this file and the "
                               f"output folder {out}, then build again")
    assert files_under(out) == {"index.html": b"home"}


@pytest.mark.parametrize("change", [
    lambda d: d.update(rows=d["rows"] + "\x00x y"),   # a row more than names
    lambda d: d.update(names=d["names"] + "\x00b"),    # a name more than rows
    lambda d: d.update(rows=d["rows"].replace(" ", "")),  # a row without its fingerprint part
    lambda d: d.update(names=["index.html"]),          # not the joined string
    lambda d: d.pop("rows"),
    lambda d: d.update(live_inode=float("inf")),         # 1e999 in the file: int() of it overflows
    lambda d: d.update(names=d["names"] + "\udd00"),     # no file can have this name
])
def test_a_state_whose_rows_do_not_match_its_names_is_reported_damaged(tmp_path: Path, change) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home", "a.html": b"a"})
    path = bookkeeping_dir(out) / STATE
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError, match="the build bookkeeping is damaged; delete this file"):
        load_manifest(out)
    assert files_under(out) == {"index.html": b"home", "a.html": b"a"}


def test_write_outputs_skips_files_whose_bytes_did_not_change(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home", "a.html": b"a"})
    report = build(out, {"index.html": b"home", "a.html": b"a changed"})
    assert (report.written, report.unchanged, report.removed) == (1, 1, 0)
    assert (out / "a.html").read_bytes() == b"a changed"


def test_write_outputs_restores_an_output_file_the_user_deleted(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home"})
    (out / "index.html").unlink()
    report = build(out, {"index.html": b"home"})
    assert report.written == 1
    assert (out / "index.html").read_bytes() == b"home"


def test_write_outputs_prunes_files_no_longer_produced_and_their_empty_folders(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home", "tags/old/index.html": b"old", "tags/old/feed.xml": b"feed"})
    report = build(out, {"index.html": b"home"})
    assert report.removed == 2
    assert not (out / "tags").exists()
    assert set(files_under(out)) == {"index.html"}


def test_write_outputs_never_prunes_a_file_the_user_put_in_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home", "tags/old/index.html": b"old"})
    (out / "tags" / "old" / "notes.txt").write_bytes(b"mine")
    (out / "CNAME").write_bytes(b"news.example.org")
    build(out, {"index.html": b"home"})
    assert (out / "tags" / "old" / "notes.txt").read_bytes() == b"mine"
    assert (out / "CNAME").read_bytes() == b"news.example.org"
    assert not (out / "tags" / "old" / "index.html").exists()


def test_load_manifest_accepts_a_new_or_empty_folder(tmp_path: Path) -> None:
    assert load_manifest(tmp_path / "missing") == {}
    (tmp_path / "empty").mkdir()
    assert load_manifest(tmp_path / "empty") == {}


def test_load_manifest_refuses_a_non_empty_folder_newsgen_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "www"
    out.mkdir()
    (out / "index.html").write_bytes(b"someone else's site")
    with pytest.raises(UserError) as info:
        load_manifest(out)
    assert str(info.value) == (
        f"{out}: output folder is not empty and was not made by newsgen (no .www.newsgen/ beside it); newsgen will "
        "not write "
        "among files it did not make. Choose another folder with --output, or empty this one")


def test_load_manifest_refuses_an_output_path_that_is_a_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.write_bytes(b"not a folder")
    with pytest.raises(UserError, match="output folder is not empty and was not made by newsgen"):
        load_manifest(out)


@pytest.mark.parametrize("text", ["{not json", '{"generator": "other", "files": {}}', '{"generator": "newsgen"}',
                                  '{"generator": "newsgen", "files": []}'])
def test_load_manifest_reports_a_damaged_manifest(tmp_path: Path, text: str) -> None:
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        load_manifest(tmp_path)
    assert str(info.value) == (
        f"{tmp_path / MANIFEST}: the build manifest is damaged; delete the output folder and build again")


def test_write_file_creates_folders_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "index.html"
    write_file(target, b"one")
    write_file(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]


def test_a_state_nested_too_deep_to_read_is_reported_damaged(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home"})
    (bookkeeping_dir(out) / STATE).write_text("[" * 200_000, encoding="utf-8")
    with pytest.raises(UserError, match="the build bookkeeping is damaged"):
        load_manifest(out)


@pytest.mark.parametrize("name, text", [
    ("details.json", '{"live_inode": 1e999, "stats": ""}'),
    ("details.json", "[" * 200_000),
    ("state.next.json", '{"live_inode": 1e999}'),
    ("state.next.json", "[" * 200_000),
    ("details.json", None),  # a folder no file system can name
])
def test_damaged_details_or_a_damaged_pending_state_only_cost_a_closer_look(tmp_path: Path, name, text) -> None:
    out = tmp_path / "public"
    build(out, {"index.html": b"home", "a.html": b"a"})
    build(out, {"index.html": b"home", "a.html": b"a2"})
    path = bookkeeping_dir(out) / name
    if text is None:
        details = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(dict(details, dirs=[*details["dirs"], "x\udd00"], switched_ns=0, changed_after_ns=0))
    path.write_text(text, encoding="utf-8")
    report = build(out, {"index.html": b"home", "a.html": b"a3"})
    assert (report.written, report.unchanged) == (1, 1)
    assert files_under(out) == {"index.html": b"home", "a.html": b"a3"}
