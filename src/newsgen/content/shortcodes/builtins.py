"""The built-in shortcodes: their template (in templates/ beside this module) and the arguments they need."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True, kw_only=True)
class Spec:
    """What a shortcode takes: `positional` names its positional arguments in order (`{{< youtube ID >}}` is
    `id`), `required` the arguments it cannot do without, `paired` whether it wraps inner text."""

    positional: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    paired: bool = False


BUILTINS: dict[str, Spec] = {
    "pullquote": Spec(positional=("cite",), paired=True),
    "note": Spec(positional=("title",), paired=True),
    "correction": Spec(positional=("title",), paired=True),
    "factbox": Spec(positional=("title",), paired=True),
    "figure": Spec(positional=("src",), required=("src",)),
    "audio": Spec(positional=("src",), required=("src",)),
    "video": Spec(positional=("src",), required=("src",)),
    "youtube": Spec(positional=("id",), required=("id",)),
    "update": Spec(required=("time",), paired=True),  # a live blog's update: see content/liveblog.py
}

# Hugo shortcodes newsgen does not run yet: left in the text and reported, as before, rather than refused.
NOT_YET = frozenset({"ref", "relref", "tweet", "x", "instagram", "vimeo", "gist", "highlight", "param"})


def builtin_source(name: str) -> str:
    """The Jinja source of a built-in shortcode."""
    return resources.files(__package__).joinpath("templates", f"{name}.html").read_text(encoding="utf-8")
