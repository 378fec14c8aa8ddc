"""newsgen's values as plain data for the cache: JSON text that decodes back to equal values, and never runs code.

The cache folder may be restored from a CI cache that others can write, so nothing read from it may be able
to run code (as pickle can). Every value is written as JSON: strings, numbers, booleans and null as they
are; everything else as a list whose first item says what it is, so the round trip is exact (a tuple stays a
tuple, a datetime keeps its time zone, a dataclass comes back as the same class):

    ["T", ...] tuple   ["L", ...] list   ["D", key, value, ...] dict   ["S", ...] frozenset
    ["t", iso, zone name] datetime (fixed offset or naive)   ["z", iso, key] datetime in a ZoneInfo zone
    ["d", iso] date    ["C", class name, field, ...] one of KNOWN's dataclasses, fields in declaration order
    ["E", class name, value] a member of one of KNOWN's enums
    ["A", source] an article written as a reference (see encode's `article_refs`)

Only the classes in KNOWN can come out of `decode`; anything else it meets is a DecodeError. Plain values
are matched by exact type: a str or int subclass (an enum not in KNOWN, Markup) is refused, not flattened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from .authors import Link, Profile
from .errors import Problem
from .models import Article, Correction, Term
from .parse import Parsed
from .plan import ArchiveLink, Feed, OutputSpec, Pagination, SitemapEntry, TermCount

# Every dataclass (and enum) the cache holds: the parse cache's and the edit memo's.
KNOWN: tuple[type, ...] = (Parsed, Article, Term, Correction, Problem, OutputSpec, Pagination, Feed, SitemapEntry,
                           TermCount, ArchiveLink, Profile, Link)
_CLASSES: dict[str, tuple[type, tuple[str, ...]]] = {
    cls.__name__: (cls, tuple(f.name for f in fields(cls))) for cls in KNOWN if is_dataclass(cls)}
_ENUMS: dict[str, type[Enum]] = {cls.__name__: cls for cls in KNOWN if issubclass(cls, Enum)}
_PLAIN = frozenset((str, int, float, bool, type(None)))


class DecodeError(ValueError):
    """Cached text that is not what encode writes (damaged, or written by another shape of the code)."""


def shapes() -> str:
    """A digest of every cached class's fields: part of the cache's stamp, so a checkout that changes a model
    never reads rows of the old shape."""
    text = ";".join([f"{name}:{','.join(names)}" for name, (_, names) in _CLASSES.items()]
                    + [f"{name}={','.join(str(m.value) for m in cls)}" for name, cls in _ENUMS.items()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode(value: Any, *, article_refs: bool = False) -> str:
    """The value as JSON text; `article_refs`: every Article as its source path (see decode's `article`).
    Raises TypeError for a value of a type it cannot write back exactly."""
    return json.dumps(_plain(value, article_refs), ensure_ascii=False, separators=(",", ":"))


def decode(text: str | bytes, *, article: Callable[[str], Article] | None = None) -> Any:
    """The value `encode` wrote; `article(source)` resolves article references. Raises DecodeError for
    anything else (garbage, truncated text, an unknown class, a field list of another shape)."""
    try:
        return _value(json.loads(text), article)
    except DecodeError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise DecodeError(f"not a cached value: {exc}") from None


def _plain(value: Any, refs: bool) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, tuple):
        return ["T", *(_plain(v, refs) for v in value)]
    if isinstance(value, list):
        return ["L", *(_plain(v, refs) for v in value)]
    if isinstance(value, dict):
        items: list[Any] = ["D"]
        for key, item in value.items():
            items.append(_plain(key, refs))
            items.append(_plain(item, refs))
        return items
    if isinstance(value, dt.datetime):
        return _moment(value)
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, frozenset):
        return ["S", *(_plain(v, refs) for v in value)]
    if isinstance(value, Enum) and _ENUMS.get(type(value).__name__) is type(value):
        return ["E", type(value).__name__, value.value]
    if refs and isinstance(value, Article):
        return ["A", value.source]
    known = _CLASSES.get(type(value).__name__)
    if known is not None and known[0] is type(value):
        return ["C", type(value).__name__, *(_plain(getattr(value, name), refs) for name in known[1])]
    raise TypeError(f"the cache cannot hold a {type(value).__name__}")


def _moment(value: dt.datetime) -> list[Any]:
    """A datetime with what its ISO text loses: the zone's key (which names it, for %Z), or a fixed zone's name."""
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key:
        return ["z", value.isoformat(), zone.key]
    return ["t", value.isoformat(), value.tzname()]


def _value(data: Any, article: Callable[[str], Article] | None) -> Any:
    if not isinstance(data, list):
        if isinstance(data, dict):
            raise DecodeError("not a cached value: an object")
        return data
    tag = data[0]
    if tag == "T":
        return tuple(_value(v, article) for v in data[1:])
    if tag == "C":
        return _instance(data, article)
    if tag == "D":
        return {_value(data[i], article): _value(data[i + 1], article) for i in range(1, len(data), 2)}
    if tag == "L":
        return [_value(v, article) for v in data[1:]]
    if tag in ("t", "z"):
        return _datetime(data)
    if tag == "d":
        return dt.date.fromisoformat(data[1])
    if tag == "S":
        return frozenset(_value(v, article) for v in data[1:])
    if tag == "E":
        return _ENUMS[data[1]](data[2])
    if tag == "A" and article is not None and isinstance(data[1], str):
        return article(data[1])
    raise DecodeError(f"not a cached value: tag {tag!r}")


def _instance(data: list[Any], article: Callable[[str], Article] | None) -> Any:
    cls, names = _CLASSES[data[1]]
    if len(data) != len(names) + 2:
        raise DecodeError(f"not a cached {data[1]}: {len(data) - 2} fields, not {len(names)}")
    return cls(**{name: _value(v, article) for name, v in zip(names, data[2:])})


def _datetime(data: list[Any]) -> dt.datetime:
    _, text, zone = data
    value = dt.datetime.fromisoformat(text)
    if data[0] == "z":
        return value.astimezone(ZoneInfo(zone))
    if value.tzinfo is not None and value.tzname() != zone:  # a fixed offset with its own name
        return value.replace(tzinfo=dt.timezone(value.utcoffset(), zone))  # type: ignore[arg-type]
    return value
