"""FrozenMap: the read-only mapping the models hold (an article's `extra` and `lines`), so they hash."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A mapping that cannot change after it is made. Keys keep the order they were given in (templates
    iterate `article.extra` in front-matter order); hashable when its values are."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(items) if items else {}
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:  # the dict's own: called for every message's line
        return self._data.get(key, default)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        return self._data == other if isinstance(other, Mapping) else NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        # The dict's: an article's listing digest is taken over the repr of its fields, and must not change
        # with the type that holds them (caches written before keep matching).
        return repr(self._data)

    def __reduce__(self) -> tuple[Any, ...]:  # the process pool sends articles to its workers
        return (FrozenMap, (self._data,))

    def to_dict(self) -> dict[K, V]:
        """A plain dict copy, for JSON and for code that wants to build on it."""
        return dict(self._data)
