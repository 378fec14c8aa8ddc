"""The private library internals newsgen's speed-ups rely on are there, and in use, in the installed versions.

newsgen falls back to the libraries' own code when an internal is missing, so a library change would only
make it quietly slower; these tests fail loudly instead. A failure here after a library upgrade means:
check jinja_speedups.py or markdown_inline.py against the new version, then raise the pin in pyproject.toml.
"""

from __future__ import annotations

import collections
import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import jinja2
import markdown
import markupsafe
import pytest
from conftest import REPO
from jinja2.compiler import CodeGenerator, EvalContext
from markdown.treeprocessors import InlineProcessor

from newsgen.content import markdown_inline
from newsgen.render import jinja_speedups

PINNED = ("jinja2", "markdown", "markupsafe")


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _pins() -> dict[str, tuple[str, str]]:
    """name -> (lowest, first excluded) from pyproject.toml's `name>=x,<y` dependencies."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {}
    for requirement in project["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([\d.]+),<([\d.]+)", requirement.replace(" ", ""))
        if match:
            found[match.group(1).lower()] = (match.group(2), match.group(3))
    return found


@pytest.mark.parametrize("name", PINNED)
def test_libraries_whose_internals_are_used_are_pinned_and_installed_inside_the_pins(name: str) -> None:
    low, high = _pins()[name]
    assert _release(low) <= _release(version(name)) < _release(high), (
        f"{name} {version(name)} is outside the tested range >={low},<{high}")


# Jinja: the code generator's hook before each printed expression.

def test_jinja_code_generator_has_the_hook_the_plain_escape_overrides() -> None:
    assert "_output_child_pre" in CodeGenerator.__dict__
    assert list(inspect.signature(CodeGenerator._output_child_pre).parameters) == [
        "self", "node", "frame", "finalize"]
    assert "src" in CodeGenerator._FinalizeInfo._fields
    context = EvalContext(jinja2.Environment(autoescape=True))
    assert context.autoescape is True and context.volatile is False


def test_compiled_templates_print_through_escape_output() -> None:
    env = jinja_speedups.PlainEscapeEnvironment(autoescape=True)
    code = env.compile("{{ a }} and {{ b | upper }}", raw=True)
    assert code.count("environment.escape_output(") == 2


def test_every_printed_value_goes_through_escape_output() -> None:
    env = jinja_speedups.PlainEscapeEnvironment(autoescape=True)
    printed = []

    def counting(value: object) -> str:
        printed.append(value)
        return jinja_speedups.escape_output(value)

    env.escape_output = counting  # type: ignore[method-assign]
    assert env.from_string("{{ a }}|{{ b }}").render(a="<x>", b=3) == "&lt;x&gt;|3"
    assert printed == ["<x>", 3]


TEMPLATE = """{% macro m(v) %}<i>{{ v }}</i>{% endmacro %}{% block b %}{{ text }}{% endblock %}
{{ text }} {{ markup }} {{ number }} {{ none }} {{ missing }} {{ text | safe }} {{ text | e }} {{ m(text) }}
{{ data | tojson }} {{ items | join(', ') }} {% autoescape false %}{{ text }}{% endautoescape %}
{% set caller_text %}{{ text }}{% endset %}{{ caller_text }}"""


@pytest.mark.parametrize("finalize", [None, lambda value: "" if value is None else value])
def test_plain_escape_prints_what_jinja_prints(finalize: object) -> None:
    values = {"text": "<b>Tom & \"Jerry's\"</b>", "markup": markupsafe.Markup("<em>ok</em>"), "number": 1.5,
              "none": None, "data": {"a": "</script>"}, "items": ["<a>", markupsafe.Markup("<b>")]}
    stock = jinja2.Environment(autoescape=True, finalize=finalize)
    plain = jinja_speedups.PlainEscapeEnvironment(autoescape=True, finalize=finalize)
    assert plain.from_string(TEMPLATE).render(values) == stock.from_string(TEMPLATE).render(values)


def test_markupsafe_gives_its_escaping_as_plain_text() -> None:
    assert jinja_speedups.escaped_text is markupsafe._escape_inner
    escaped = jinja_speedups.escape_output("<a href='x'>&</a>")
    assert type(escaped) is str and escaped == str(markupsafe.escape("<a href='x'>&</a>"))


# Jinja: the import of a template's default module.

def test_jinja_template_has_the_import_hook_the_quick_import_overrides() -> None:
    assert "_get_default_module" in jinja2.Template.__dict__
    assert list(inspect.signature(jinja2.Template._get_default_module).parameters) == ["self", "ctx"]
    env = jinja_speedups.PlainEscapeEnvironment()
    assert env.template_class is jinja_speedups.QuickImportTemplate
    template = env.from_string("x", globals={"own": 1})
    assert isinstance(template.globals, collections.ChainMap)
    context = template.new_context({})
    assert isinstance(context.globals_keys, set) and "own" in context.globals_keys


def _importing(env_class: type[jinja2.Environment]) -> list[str]:
    """What pages importing a macro print as globals come and go: the same with either template class."""
    loader = jinja2.DictLoader({
        "_m.html": "{% macro show() %}{{ site }}/{{ extra | default('-') }}{% endmacro %}",
        "page.html": '{% from "_m.html" import show %}{{ show() }}',
        "own.html": '{% from "_m.html" import show %}{{ show() }}|{{ extra }}'})
    env = env_class(loader=loader, autoescape=True)
    env.globals["site"] = "S"
    printed = [env.get_template("page.html").render()]
    env.globals["extra"] = "E"  # a global added after the first import
    printed.append(env.get_template("page.html").render())
    printed.append(env.get_template("own.html", globals={"extra": "own"}).render())  # the page's own globals
    del env.globals["extra"]
    printed.append(env.get_template("page.html").render())
    return printed


def test_quick_import_prints_what_jinja_prints() -> None:
    assert _importing(jinja_speedups.PlainEscapeEnvironment) == _importing(jinja2.Environment)


# Python-Markdown: the name-mangled methods of the inline pass.

def test_python_markdown_inline_pass_has_the_methods_the_quick_pass_replaces_and_calls() -> None:
    handle = InlineProcessor.__dict__[markdown_inline._HANDLE]
    apply = InlineProcessor.__dict__[markdown_inline._APPLY]
    assert list(inspect.signature(handle).parameters) == ["self", "data", "patternIndex"]
    assert list(inspect.signature(apply).parameters) == ["self", "pattern", "data", "patternIndex", "startIndex"]


def _newsgen_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def test_quick_pass_installs_where_python_markdown_registers_its_inline_pass() -> None:
    md = _newsgen_markdown()
    assert md.treeprocessors._priority[md.treeprocessors.get_index_for_name("inline")].priority == (
        markdown_inline._INLINE_PRIORITY)
    assert markdown_inline.install(md)
    assert type(md.treeprocessors["inline"]) is markdown_inline.QuickInlineProcessor


def test_quick_pass_knows_the_trigger_characters_of_every_stock_pattern() -> None:
    # A stock pattern whose expression changed would be tried on every text again: correct, but slow.
    md = _newsgen_markdown()
    unknown = [name for name, pattern in zip(md.inlinePatterns._priority, md.inlinePatterns, strict=True)
               if markdown_inline.triggers_of(pattern) is None]
    assert unknown == []


def test_quick_pass_skips_patterns_in_a_real_document(monkeypatch: pytest.MonkeyPatch) -> None:
    md = _newsgen_markdown()
    assert markdown_inline.install(md)
    tried = []
    apply = InlineProcessor.__dict__[markdown_inline._APPLY]

    def counting(self: InlineProcessor, pattern: object, *args: object) -> object:
        tried.append(pattern)
        return apply(self, pattern, *args)

    monkeypatch.setattr(InlineProcessor, markdown_inline._APPLY, counting)
    assert md.convert("Plain words only") == "<p>Plain words only</p>"
    assert tried == []  # not one of the stock patterns can match text without its characters


def test_the_module_docstrings_name_the_private_api_they_use() -> None:
    for module, names in ((jinja_speedups, ("_output_child_pre", "_escape_inner")),
                          (markdown_inline, (markdown_inline._HANDLE, markdown_inline._APPLY))):
        doc = module.__doc__ or ""
        assert "Private API used" in doc and all(name in doc for name in names), module.__name__
        assert Path(module.__file__ or "").name in (REPO / "pyproject.toml").read_text(encoding="utf-8")
