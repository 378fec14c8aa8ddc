"""YAML loading that keeps key line numbers and leaves timestamps as text.

Dates are parsed by `dates.parse_when`, never by YAML: YAML would turn the same date into a `date`,
a naive or an aware `datetime`, or a `str` depending on how it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .errors import UserError

try:  # libyaml is ~10x faster; the pure-Python loader behaves the same.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _TextDatesLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without the timestamp resolver."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Mapping:
    """A YAML mapping with the (1-based) line of each top-level key."""

    data: dict[str, Any]
    lines: dict[str, int]


def load_list(text: str, path: str, *, what: str = "YAML") -> list[tuple[int, Any]]:
    """Parse `text` as a top-level list; return (line, item) pairs. Raises UserError like load_mapping."""
    data, node = _load(text, path, 1, what)
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise UserError(path, f"{what} must be a list of `- ...` entries, found {_kind(data)}", line=1)
    return [(item.start_mark.line + 1, value) for item, value in zip(node.value, data)]


def _load(text: str, path: str, first_line: int, what: str) -> tuple[Any, yaml.Node | None]:
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        loader._last_root = node  # for _first_explicit_tag, if constructing fails
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        message = f"invalid {what}: {exc.problem or exc.context}"
        start = exc.context_mark
        if exc.problem and exc.context and start is not None and first_line + start.line != line:
            # YAML notices an unclosed [ or { only where the next thing starts; say where it opened.
            opened = {"while parsing a flow sequence": "the list opened with [",
                      "while parsing a flow mapping": "the mapping opened with {",
                      "while scanning a quoted scalar": "the quoted text"}.get(exc.context, "what")
            message += f" ({opened} on line {first_line + start.line})"
        raise UserError(path, message, line=line) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error is marked in practice
        raise UserError(path, f"invalid {what}: {exc}", line=first_line) from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # A value with an explicit tag that does not fit it (`!!int twelve`, `!!timestamp 'soon'`): YAML's
        # constructors fail without a position, so point at the first explicitly tagged value.
        line, tag = _first_explicit_tag(loader, first_line)
        raise UserError(path, f"invalid {what}: the value tagged {tag} cannot be read as one ({exc}); remove "
                        "the tag or fix the value", line=line) from None
    finally:
        loader.dispose()
    return data, node


def _first_explicit_tag(loader: yaml.BaseLoader, first_line: int) -> tuple[int, str]:
    """(line, tag) of the first scalar whose tag was written out rather than resolved from its text."""
    root = getattr(loader, "_last_root", None)
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop(0)
        if isinstance(node, yaml.ScalarNode):
            if node.tag != loader.resolve(yaml.ScalarNode, node.value, (True, False)):
                return first_line + node.start_mark.line, node.tag.replace("tag:yaml.org,2002:", "!!")
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(part for pair in node.value for part in pair)
    return first_line, "explicitly"


def load_mapping(text: str, path: str, *, first_line: int = 1, what: str = "YAML",
                 deep: tuple[str, ...] = ()) -> Mapping:
    """Parse `text` as a top-level mapping; raise UserError with a line for bad syntax or shape. For the
    keys in `deep`, `lines` also holds their nested entries' lines, as 'menus.main' and 'menus.main.0'."""
    data, node = _load(text, path, first_line, what)
    if data is None:
        return Mapping(data={}, lines={})
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise UserError(path, f"{what} must be a mapping of `key: value` lines, found {_kind(data)}", line=first_line)
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in lines:  # YAML would silently keep the last one; the first was probably meant
            raise UserError(path, f"`{key}` is given twice (first on line {lines[key]}); keep one", line=line,
                            field=key)
        lines[key] = line
    for key_node, value_node in node.value:
        if str(key_node.value) in deep:
            _nested_lines(value_node, str(key_node.value), first_line, lines)
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        raise UserError(path, f"keys must be text, found {bad[0]!r}", line=first_line)
    return Mapping(data=data, lines=lines)


def _nested_lines(node: yaml.Node, prefix: str, first_line: int, lines: dict[str, int]) -> None:
    """Record the line of every entry under `node`, keyed by its dotted path (list items by index)."""
    if isinstance(node, yaml.MappingNode):
        children = [(str(k.value), v, k) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = [(str(i), v, v) for i, v in enumerate(node.value)]
    else:
        return
    for name, child, marker in children:
        lines.setdefault(f"{prefix}.{name}", first_line + marker.start_mark.line)
        _nested_lines(child, f"{prefix}.{name}", first_line, lines)


def _kind(value: object) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
