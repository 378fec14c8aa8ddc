"""Slugs: ASCII, lower-case, URL-safe names for any title, tag or section, in any script."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into an ASCII base letter.
_SPECIAL = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i",
    "ŋ": "ng", "ħ": "h", "ŧ": "t", "ĸ": "k", "’": "", "ʼ": "",
}
# Greek and Cyrillic: common romanisations (ELOT 743 and a simplified BGN/PCGN).
_GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω", [
    "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t",
    "y", "f", "ch", "ps", "o"]))
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
    "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g", "u"]))
_TABLE = {**_SPECIAL, **_GREEK, **_CYRILLIC}
_DASHES = re.compile(r"[^a-z0-9]+")
# Longest slug: a slug is one path segment (a folder name) and file systems allow 255 bytes; a cut one ends
# in '-' and a hash of the whole, so two long titles that share their first 70 characters stay distinct.
MAX_SLUG = 80
_HASH_LENGTH = 8


@lru_cache(maxsize=8192)  # tags, sections and authors recur on thousands of articles
def slugify(text: str) -> str:
    """Return an ASCII slug ('Café Émile' -> 'cafe-emile'); other scripts become code points ('u4e2d').

    Never returns an empty string for non-empty input with any letter or digit in it, and
    slugify(slugify(x)) == slugify(x).
    """
    if text.isascii():  # most titles and tags: NFKC and the table leave ASCII as it is
        return _shortened(_DASHES.sub("-", text.lower().replace("'", "")).strip("-"))
    out: list[str] = []
    # Apostrophes join words ("don't" -> "dont") rather than split them.
    for char in unicodedata.normalize("NFKC", text).lower().replace("'", ""):
        out.append(_ascii_for(char))
    return _shortened(_DASHES.sub("-", "".join(out)).strip("-"))


def _shortened(slug: str) -> str:
    """`slug` itself when it is at most MAX_SLUG long; else its start, cut at a '-' where there is one in
    the second half, plus '-' and a short hash of the whole slug. The result is a slug of at most MAX_SLUG
    characters, so slugify leaves it as it is (idempotent)."""
    if len(slug) <= MAX_SLUG:
        return slug
    room = MAX_SLUG - _HASH_LENGTH - 1
    head = slug[:room + 1]  # one more: a '-' just after the cut is a word boundary too
    cut = head.rfind("-")
    head = head[:cut] if cut >= room // 2 else head[:room]
    digest = hashlib.sha256(slug.encode()).hexdigest()[:_HASH_LENGTH]
    return f"{head.rstrip('-')}-{digest}"


def _ascii_for(char: str) -> str:
    if char.isascii():
        return char
    if char in _TABLE:
        return _TABLE[char]
    if unicodedata.combining(char):
        return ""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base.isascii():
        return base
    base = "".join(_TABLE.get(c, "") for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base:
        return base
    if unicodedata.category(char)[0] in "LN":
        # CJK, Arabic, Hebrew, ...: no reliable romanisation without a dictionary; keep them distinct and safe.
        return f"-u{ord(char):04x}-"
    return " "
