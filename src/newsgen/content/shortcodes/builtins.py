"""The built-in shortcodes: their template (in templates/ beside this module), the arguments they take and
the checks those arguments pass before a template sees them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True, kw_only=True)
class Spec:
    """What a shortcode takes: `positional` names its positional arguments in order (`{{< youtube ID >}}` is
    `id`), `required` the arguments it cannot do without, `paired` whether it wraps inner text, and
    `inner_markdown` whether that text is Markdown (a highlighted code block's is not)."""

    positional: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    paired: bool = False
    inner_markdown: bool = True


_POST = Spec(positional=("user", "id"), required=("id",))
_LINK = Spec(positional=("path",), required=("path",))

BUILTINS: dict[str, Spec] = {
    "pullquote": Spec(positional=("cite",), paired=True),
    "note": Spec(positional=("title",), paired=True),
    "correction": Spec(positional=("title",), paired=True),
    "factbox": Spec(positional=("title",), paired=True),
    "figure": Spec(positional=("src",), required=("src",)),
    "audio": Spec(positional=("src",), required=("src",)),
    "video": Spec(positional=("src",), required=("src",)),
    "youtube": Spec(positional=("id",), required=("id",)),
    "vimeo": Spec(positional=("id",), required=("id",)),
    "x": _POST,
    "tweet": _POST,
    "instagram": Spec(positional=("id",), required=("id",)),
    "gist": Spec(positional=("user", "id", "file"), required=("user", "id")),
    "highlight": Spec(positional=("lang", "options"), paired=True, inner_markdown=False),
    "ref": _LINK,  # not templates: the URL of another file, known once the site is (see site/content_links)
    "relref": _LINK,
    "update": Spec(required=("time",), paired=True),  # a live blog's update: see content/liveblog.py
}
# Another name for the same template: Hugo's `tweet` is its `x`.
ALIASES = {"tweet": "x"}
LINKS = frozenset({"ref", "relref"})

# Hugo shortcodes newsgen does not run: left in the text and reported, as before, rather than refused.
NOT_YET = frozenset({"param"})

# What an id must look like before it goes into a provider's address: (argument, pattern, what, example).
_CHECKS: dict[str, tuple[tuple[str, re.Pattern[str], str, str], ...]] = {
    "youtube": (("id", re.compile(r"[A-Za-z0-9_-]{1,64}"), "a YouTube video id", "dQw4w9WgXcQ"),),
    "vimeo": (("id", re.compile(r"[0-9]{1,20}"), "a Vimeo video number", "55073825"),),
    "x": (("id", re.compile(r"[0-9]{1,25}"), "the number of a post on X", "1453110110599868418"),
          ("user", re.compile(r"[A-Za-z0-9_]{1,30}"), "an X user name without @", "SanDiegoZoo")),
    "instagram": (("id", re.compile(r"[A-Za-z0-9_-]{1,64}"), "an Instagram post id", "CxOWiQNP2MO"),),
    "gist": (("id", re.compile(r"[A-Za-z0-9]{1,64}"), "a gist id", "7896402"),
             ("user", re.compile(r"[A-Za-z0-9-]{1,39}"), "a GitHub user name", "spf13"),
             ("file", re.compile(r"[^/\\\s\"'<>]{1,200}"), "a file name of the gist", "list.html")),
}


def builtin_source(name: str) -> str:
    """The Jinja source of a built-in shortcode (or of `_embed`, the macro the embeds share)."""
    name = ALIASES.get(name, name)
    return resources.files(__package__).joinpath("templates", f"{name}.html").read_text(encoding="utf-8")


def arguments(name: str, args: tuple[str, ...], params: dict[str, str]) -> dict[str, str]:
    """The arguments by name: positional ones named by the spec (Hugo's old `{{< tweet 123 >}}` is an id)."""
    spec = BUILTINS[name]
    found = dict(params)
    if name in ("x", "tweet") and len(args) == 1 and args[0].isdigit():
        found.setdefault("id", args[0])
        return found
    for key, value in zip(spec.positional, args):
        found.setdefault(key, value)
    return found


def argument_problem(name: str, params: dict[str, str]) -> str | None:
    """What is wrong with an argument that goes into a provider's address, or None."""
    for key, pattern, what, example in _CHECKS.get(ALIASES.get(name, name), ()):
        value = params.get(key)
        if value is not None and not pattern.fullmatch(value):
            return f"expected {what} such as {example} for `{key}`, found {value!r}"
    return None
