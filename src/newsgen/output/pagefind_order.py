"""Pagefind's index made byte-for-byte reproducible: the same pages give the same files.

Pagefind writes the values of each filter (and the list of filters) in the order of a Rust hash map, which
is seeded at random on every run: two runs over the same pages give filter files whose entries are in
another order, so other file names, another `pf_meta` file and another `pagefind-entry.json`. newsgen's
output must not depend on chance (and an incremental build must give a clean build's bytes), so after each
run the filter entries are sorted, each filter file is named after its sorted contents, and the meta file
and the entry file are rewritten to match. Pagefind's script finds every file by the names these list; it
does not check a name against the contents.

The files are gzip-compressed CBOR after an ASCII signature. Only definite-length CBOR of the kinds these
files use is read; a file that does not read back to its own bytes is left exactly as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # the pf_meta array: version, pages, index chunks, filters, sorts, meta fields


@dataclass(frozen=True, slots=True)
class Simple:
    """A CBOR value kept as its bytes (floats, true, false, null): never reordered, written back as read."""

    raw: bytes


def decode(data: bytes, at: int = 0) -> tuple[object, int]:
    """The CBOR value at `at` and the offset after it; ValueError on what these files never hold."""
    head = data[at]
    major, info = head >> 5, head & 31
    if major == 7:
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
        return Simple(data[at: at + 1 + size]), at + 1 + size
    number, at = _argument(data, at + 1, info)
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at: at + number]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + number
    items = []
    for _ in range(number * (2 if major == 5 else 1)):
        item, at = decode(data, at)
        items.append(item)
    if major == 5:
        return dict(zip(items[::2], items[1::2])), at  # keys of these files are text: hashable
    if major == 4:
        return items, at
    raise ValueError(f"CBOR major type {major}")


def _argument(data: bytes, at: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, at
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError("indefinite-length CBOR")
    return int.from_bytes(data[at: at + size], "big"), at + size


def encode(value: object) -> bytes:
    """The shortest CBOR for `value`, as Pagefind writes it."""
    if isinstance(value, Simple):
        return value.raw
    if isinstance(value, bool):
        raise ValueError("booleans are read as Simple")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise ValueError(f"cannot write {type(value).__name__} as CBOR")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError("number too large for CBOR")


def read_file(path: Path) -> object | None:
    """The CBOR value of one index file, or None when it does not read back to exactly its own bytes."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError):
        return None
    if not data.startswith(SIGNATURE):
        return None
    try:
        value, end = decode(data, len(SIGNATURE))
        same = end == len(data) and encode(value) == data[len(SIGNATURE):]
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    return value if same else None


def _write(path: Path, value: object) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + encode(value), mtime=0))


def put_in_order(index: Path) -> bool:
    """Sort the filters of the Pagefind index in `index` (the folder holding pagefind-entry.json) and name
    their files after what they hold. True when done; False (files untouched) when a file is not as expected."""
    entry_path = index / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    plans = []
    for language in languages.values():
        plan = _plan_language(index, language["hash"])
        if plan is None:
            return False
        plans.append((language, plan))
    for language, (meta_path, meta, renames) in plans:
        for old, (new, value) in renames.items():
            (index / "filter" / f"{old}.pf_filter").unlink()
            _write(index / "filter" / f"{new}.pf_filter", value)
        meta_path.unlink()
        data = SIGNATURE + encode(meta)
        prefix, _, old_hash = language["hash"].rpartition("_")
        language["hash"] = f"{prefix}_{hashlib.sha256(data).hexdigest()[:len(old_hash)]}"
        _write(index / f"pagefind.{language['hash']}.pf_meta", meta)
    entry["languages"] = dict(sorted(languages.items()))  # a hash map's order too
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


def _plan_language(index: Path, meta_hash: str) -> tuple[Path, list, dict[str, tuple[str, object]]] | None:
    """(the meta file, its value in order, old filter name -> (new name, sorted value)) for one language."""
    meta_path = index / f"pagefind.{meta_hash}.pf_meta"
    meta = read_file(meta_path)
    if not isinstance(meta, list) or len(meta) <= META_FILTERS or not isinstance(meta[META_FILTERS], list):
        return None
    renames: dict[str, tuple[str, object]] = {}
    for pair in meta[META_FILTERS]:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)):
            return None
        value = read_file(index / "filter" / f"{pair[1]}.pf_filter")
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)
                and all(isinstance(v, list) and v and isinstance(v[0], str) for v in value[1])):
            return None
        value = [value[0], sorted(value[1], key=lambda v: v[0])]
        prefix = pair[1].rsplit("_", 1)[0]
        new = f"{prefix}_{hashlib.sha256(SIGNATURE + encode(value)).hexdigest()[:len(pair[1]) - len(prefix) - 1]}"
        renames[pair[1]] = (new, value)
        pair[1] = new
    meta[META_FILTERS] = sorted(meta[META_FILTERS], key=lambda pair: pair[0])
    return meta_path, meta, renames
