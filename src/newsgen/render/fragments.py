"""`reused(macro)`: a template macro whose markup is made once per build and reused on every page.

A story card appears on the home page, its section's, each of its tags', its author's pages: rendered
each time, cards were half the time of listing pages. The theme's `_card.html` wraps its card macro with
`reused`, so each card is rendered once per worker and language and copied after that.

A reused macro's markup must depend only on its arguments and the page's language (`t()`, `localdate`),
never on the page it is shown on: the first page's markup is what every later page gets. An article, as
an argument, stands for its source file (Article's equality), which is one value within a build; the
store lives on the build's Jinja environment, so a build never sees another's markup.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.runtime import Macro

from .translate import context_language

# Past this many fragments the store starts again: 100,000 articles' cards would otherwise all stay
# in every worker's memory; the cards of the pages next in a worker's queue are mostly the newest anyway.
MAX_FRAGMENTS = 20_000


@jinja2.pass_context
def reused(context: jinja2.runtime.Context, macro: Macro) -> Any:
    """`{% set card = reused(card_markup) %}`: `card(...)` gives card_markup(...)'s markup, made once per
    arguments and language."""
    if not isinstance(macro, Macro):
        raise TypeError(f"reused() takes a macro, not {type(macro).__name__}")
    store: dict[tuple[Any, ...], Any] = context.environment.__dict__.setdefault("fragments", {})
    origin = (context.name, macro.name, context_language(context))

    def call(*args: Any, **kwargs: Any) -> Any:
        key = (origin, args, tuple(sorted(kwargs.items())))
        try:
            return store[key]
        except KeyError:
            pass
        except (TypeError, jinja2.UndefinedError):
            # An argument that cannot be a key (a list, a dict; an undefined value, which refuses to be
            # hashed): made every time, as the macro alone would be.
            return macro(*args, **kwargs)
        if len(store) >= MAX_FRAGMENTS:
            store.clear()
        markup = store[key] = macro(*args, **kwargs)
        return markup

    return call
