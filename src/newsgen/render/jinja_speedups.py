"""A quicker `{{ ... }}` for Jinja: the one place newsgen relies on Jinja's and MarkupSafe's private internals.

With autoescape on, Jinja wraps every printed value in a `Markup` object only for the page to join it into
one string; at a hundred values or more per page that was a fifth of the time Jinja took (0.212 -> 0.180
ms per article page). Here printed values are escaped to plain `str` instead, with byte-identical output.

Private API used (pinned in pyproject.toml; tests/test_private_api.py fails when any of it changes):

- `jinja2.compiler.CodeGenerator._output_child_pre(node, frame, finalize)`: the code written before each
  printed expression, and what it reads there: `frame.eval_ctx.volatile`, `frame.eval_ctx.autoescape`,
  `finalize.src`;
- `markupsafe._escape_inner(str) -> str`: MarkupSafe 3's escaping without the `Markup` wrapper;
- `jinja2.Template._get_default_module(ctx)`, which `{% from ... import %}` calls on every page, and what it
  reads: `ctx.globals_keys` (a set) and `Template.globals` (a ChainMap of the template's own globals over
  the environment's). Jinja subtracts the ChainMap's keys from the set at every import, key by key
  through the ChainMap: nine imports a page made it a tenth of rendering. Here the keys are a frozenset,
  made once per template and remade when a map's size changes.

Without these, newsgen would be just as correct with Jinja's own code generator (set `code_generator_class`
back to `CodeGenerator`) and template class (`template_class` back to `Template`), only slower.
"""

from __future__ import annotations

from collections import ChainMap
from typing import Any

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame

try:  # MarkupSafe 3: the escaping itself, without wrapping the result in Markup
    from markupsafe import _escape_inner as escaped_text
except ImportError:  # pragma: no cover - MarkupSafe 2; tests/test_private_api.py fails on this path
    def escaped_text(text: str) -> str:
        return str(markupsafe.escape(text))


def escape_output(value: object) -> str:
    """What `{{ value }}` writes with autoescape on: markupsafe.escape's text, but plain text in, plain text
    out; never a Markup object for a plain string."""
    if value.__class__ is str:
        return escaped_text(value)  # type: ignore[arg-type]
    return markupsafe.escape(value)  # Markup, numbers, undefined values: exactly as Jinja does


class PlainEscapeCodeGenerator(CodeGenerator):
    """Jinja's code generator, with `{{ ... }}` escaped by escape_output.

    Only what a template prints goes through it, and printed text is only ever joined: into the page, or
    into a macro's or a block's output, which Jinja then marks safe as a whole. Templates whose
    autoescaping changes as they run (`{% autoescape %}` blocks) keep Jinja's own code."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)


class QuickImportTemplate(jinja2.Template):
    """A template whose imports do not recount the environment's globals on every page."""

    def _get_default_module(self, ctx: jinja2.runtime.Context | None = None) -> Any:
        if ctx is not None:
            globals_map = self.globals
            sizes = tuple(map(len, globals_map.maps)) if isinstance(globals_map, ChainMap) else None
            known = self.__dict__.get("_known_globals")
            if sizes is None or known is None or known[0] != sizes:
                known = self.__dict__["_known_globals"] = (sizes, frozenset(globals_map))
            if ctx.globals_keys - known[1]:  # globals this template lacks: Jinja's own way (a fresh module)
                return super()._get_default_module(ctx)
        return super()._get_default_module(None)


class PlainEscapeEnvironment(jinja2.Environment):
    """A Jinja environment whose compiled templates print through escape_output."""

    code_generator_class = PlainEscapeCodeGenerator
    template_class = QuickImportTemplate
    escape_output = staticmethod(escape_output)
