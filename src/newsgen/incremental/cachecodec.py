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

from ..core.errors import Problem
from ..core.frozen import FrozenMap
from ..core.models import Article, ContentLink, Correction, Listing, Page, Parsed, Term
from ..core.stories import Claim, LiveUpdate
from ..site.authors import Link, Profile
from ..site.plan import ArchiveLink, Feed, OutputKind, OutputSpec, Pagination, SitemapEntry, TermCount
from ..site.languages import Translation
from ..site.redirects import Redirect

# Every dataclass (and enum) the cache holds: the parse cache's and the build record's.
KNOWN: tuple[type, ...] = (Parsed, Article, Term, Correction, Problem, OutputSpec, Pagination, Feed, SitemapEntry,
                           TermCount, ArchiveLink, Profile, Link, OutputKind, Page, Redirect, Listing, ContentLink,
                           Translation, Claim, LiveUpdate)
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
    # ASCII escapes (json's default): a file name that is not UTF-8 (a lone surrogate) still fits SQLite text.
    return json.dumps(_plain(value, article_refs), separators=(",", ":"))


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
    kind = type(value)  # exact types: a subclass would come back as its base
    if kind in _PLAIN:
        return value
    encoder = _ENCODERS.get(kind)
    return encoder(value, refs) if encoder is not None else _object(value, refs)


def _items(tag: str) -> Callable[[Any, bool], list[Any]]:
    return lambda value, refs: [tag, *(_plain(v, refs) for v in value)]


def _mapping(value: dict[Any, Any], refs: bool) -> list[Any]:
    items: list[Any] = ["D"]
    for key, item in value.items():
        items.append(_plain(key, refs))
        items.append(_plain(item, refs))
    return items


def _moment(value: dt.datetime, refs: bool = False) -> list[Any]:
    """A datetime with what its ISO text loses: the zone's key (which names it, for %Z), or a fixed zone's name."""
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key:
        return ["z", value.isoformat(), zone.key]
    return ["t", value.isoformat(), value.tzname()]


_ENCODERS: dict[type, Callable[[Any, bool], list[Any]]] = {
    tuple: _items("T"), list: _items("L"), frozenset: _items("S"), dict: _mapping, FrozenMap: _mapping, dt.datetime: _moment,
    dt.date: lambda value, refs: ["d", value.isoformat()]}


def _object(value: Any, refs: bool) -> list[Any]:
    """An enum member, an article reference or a dataclass instance, of the classes the cache knows."""
    name = type(value).__name__
    if isinstance(value, Enum) and _ENUMS.get(name) is type(value):
        return ["E", name, value.value]
    if refs and isinstance(value, Article):
        return ["A", value.source]
    known = _CLASSES.get(name)
    if known is not None and known[0] is type(value):
        return ["C", name, *(_plain(getattr(value, field), refs) for field in known[1])]
    raise TypeError(f"the cache cannot hold a {name}")


Resolve = Callable[[str], Article] | None


def _value(data: Any, article: Resolve) -> Any:
    if not isinstance(data, list):
        if isinstance(data, dict):
            raise DecodeError("not a cached value: an object")
        return data
    decoder = _DECODERS.get(data[0])
    if decoder is None:
        raise DecodeError(f"not a cached value: tag {data[0]!r}")
    return decoder(data, article)


def _reference(data: list[Any], article: Resolve) -> Article:
    if article is None or not isinstance(data[1], str):
        raise DecodeError("an article reference where none can be resolved")
    return article(data[1])


def _instance(data: list[Any], article: Resolve) -> Any:
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


_DECODERS: dict[str, Callable[[list[Any], Resolve], Any]] = {
    "T": lambda data, article: tuple(_value(v, article) for v in data[1:]),
    "L": lambda data, article: [_value(v, article) for v in data[1:]],
    "S": lambda data, article: frozenset(_value(v, article) for v in data[1:]),
    "D": lambda data, article: {_value(data[i], article): _value(data[i + 1], article)
                                for i in range(1, len(data), 2)},
    "C": _instance, "t": lambda data, article: _datetime(data), "z": lambda data, article: _datetime(data),
    "d": lambda data, article: dt.date.fromisoformat(data[1]), "E": lambda data, article: _ENUMS[data[1]](data[2]),
    "A": _reference}
