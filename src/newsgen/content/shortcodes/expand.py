"""Shortcodes out of a Markdown text: each tag paired, run through its template, and put back.

`{{< >}}` output is HTML: it goes into the Markdown as a placeholder word (a word both engines leave as it
is) that `finish` swaps for the HTML, so Python-Markdown and CommonMark give the same result. `{{% %}}` output
is Markdown, as in Hugo, and goes into the text itself.
"""

from __future__ import annotations

import hashlib
import html
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
import jinja2.meta
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ...core.errors import BuildFailed, Problem, did_you_mean
from ...core.models import ContentLink
from . import highlight, lexer, liquid
from .builtins import BUILTINS, LINKS, NOT_YET, Spec, argument_problem, arguments, builtin_source


@dataclass(frozen=True, slots=True, kw_only=True)
class Setup:
    """What expanding needs besides the text: the site's shortcode templates (name, Jinja source), the
    `embeds: load:` choice, and a Markdown renderer for inner text."""

    site: tuple[tuple[str, str], ...] = ()
    embeds_load: str = "click"
    base_url: str = "https://example.org/"  # for Jekyll's and Eleventy's link forms (see liquid)
    render: Callable[[str], str] = field(default=lambda text: text, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Expanded:
    """A text with its shortcodes replaced: the Markdown, the placeholders' HTML (see finish), the links by
    file it holds (see ContentLink) and the shortcodes it used, by name."""

    text: str
    pieces: dict[str, str] = field(default_factory=dict)
    links: tuple[ContentLink, ...] = ()
    used: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Run:
    text: str
    rel: str
    setup: Setup
    tags: list[lexer.Tag]
    closers: dict[int, int]
    salt: str
    pieces: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    links: list[ContentLink] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def fail(self, tag: lexer.Tag, message: str) -> None:
        self.problems.append(Problem(path=self.rel, line=tag.line, message=message))

    def piece(self, value: str) -> str:
        key = f"NGSC{self.salt}{len(self.pieces)}Z"
        self.pieces[key] = value
        return key


def names(setup: Setup) -> frozenset[str]:
    """The shortcodes this site runs (its own and the built-in ones)."""
    return frozenset(BUILTINS) | {name for name, _ in setup.site}


def expand(text: str, setup: Setup, rel: str, first_line: int) -> Expanded:
    """The text with every shortcode replaced (see Expanded); raise BuildFailed with every shortcode
    problem of the text."""
    if "{{" not in text and "{%" not in text:
        return Expanded(text=text)
    salt = hashlib.sha256(text.encode()).hexdigest()[:6]
    text, links, problems = liquid.resolve(text, setup.base_url, rel, first_line, salt)
    tags = lexer.tags(text, first_line)
    if not tags:
        if problems:
            raise BuildFailed(problems)
        return Expanded(text=text, links=links)
    run = _Run(text=text, rel=rel, setup=setup, tags=tags, closers={}, salt=salt, problems=problems)
    run.closers = _pair(run)
    out = _range(run, 0, len(text), 0, len(tags))
    if run.problems:
        raise BuildFailed(run.problems)
    return Expanded(text=out, pieces=run.pieces, links=links + tuple(run.links), used=frozenset(run.used))


def used_digests(used: frozenset[str], site: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """(name, digest of the template it runs) for each shortcode a text used: what its parse depends on
    besides the text, so that editing one template re-parses only the articles that use it."""
    return tuple((name, _template_digest(name, site)) for name in sorted(used))


def digests_hold(recorded: tuple[tuple[str, str], ...], site: tuple[tuple[str, str], ...]) -> bool:
    """Whether the templates a parse ran (see used_digests) are all as they were: else it is parsed again."""
    return not recorded or used_digests(frozenset(name for name, _ in recorded), site) == recorded


@lru_cache(maxsize=256)
def _template_digest(name: str, site: tuple[tuple[str, str], ...]) -> str:
    source = dict(site).get(name)
    if source is not None:
        return "site:" + hashlib.sha256(source.encode()).hexdigest()[:16]
    if name in BUILTINS and name not in LINKS:  # the embeds share the _embed macro
        text = builtin_source(name) + (builtin_source("_embed") if "_embed" in builtin_source(name) else "")
        return "builtin:" + hashlib.sha256(text.encode()).hexdigest()[:16]
    return "none"  # a link by file or a shortcode newsgen leaves in the text: no template (yet)


def finish(body: str, pieces: dict[str, str]) -> str:
    """The HTML with every placeholder replaced by its shortcode's HTML (a placeholder alone in a paragraph
    takes the paragraph's place)."""
    for key in sorted(pieces, key=len, reverse=True):
        if key in body:
            body = body.replace(f"<p>{key}</p>", pieces[key]).replace(key, pieces[key])
    return body


def _spec(name: str, setup: Setup) -> Spec | None:
    for site_name, source in setup.site:
        if site_name == name:
            return Spec(paired="inner" in _variables(source) or "inner_html" in _variables(source))
    return BUILTINS.get(name)


def _pair(run: _Run) -> dict[int, int]:
    """Opening tag index -> its closing tag's; a closing tag without an opening one is a problem, and so
    is a shortcode that needs inner text left open."""
    closers: dict[int, int] = {}
    stack: list[int] = []
    for index, tag in enumerate(run.tags):
        if tag.in_code or tag.literal or tag.self_closing:
            continue
        if not tag.closing:
            stack.append(index)
            continue
        opener = next((i for i in reversed(stack) if run.tags[i].name == tag.name), None)
        if opener is None:
            run.fail(tag, f"{{{{< /{tag.name} >}}}} closes a shortcode that was not opened: add "
                     f"{{{{< {tag.name} >}}}} before it, or remove it")
            continue
        for left in stack[stack.index(opener) + 1:]:
            _unpaired(run, run.tags[left])
        del stack[stack.index(opener):]
        closers[opener] = index
    for left in stack:
        _unpaired(run, run.tags[left])
    return closers


def _unpaired(run: _Run, tag: lexer.Tag) -> None:
    spec = _spec(tag.name, run.setup)
    if spec is not None and spec.paired:
        run.fail(tag, f"shortcode {{{{< {tag.name} >}}}} is not closed: it wraps text, so end that text with "
                 f"{{{{< /{tag.name} >}}}}")


def _range(run: _Run, start: int, end: int, lo: int, hi: int) -> str:
    """The text from `start` to `end` (holding tags lo..hi) with its shortcodes replaced."""
    out: list[str] = []
    pos, index = start, lo
    while index < hi:
        tag = run.tags[index]
        out.append(run.text[pos:tag.start])
        pos, index = tag.end, index + 1
        if tag.literal:
            shown = lexer.unwrap_literal(run.text[tag.start:tag.end])
            out.append(shown if tag.in_code else run.piece(html.escape(shown, quote=False)))
        elif tag.in_code or tag.closing:
            out.append(run.text[tag.start:tag.end])
        elif index - 1 in run.closers:
            close = run.tags[run.closers[index - 1]]
            inner = _range(run, tag.end, close.start, index, run.closers[index - 1])
            out.append(_call(run, tag, run.text[tag.end:close.start], inner, run.text[tag.start:close.end]))
            pos, index = close.end, run.closers[index - 1] + 1
        else:
            out.append(_call(run, tag, None, None, run.text[tag.start:tag.end]))
    out.append(run.text[pos:end])
    return "".join(out)


def _call(run: _Run, tag: lexer.Tag, inner: str | None, inner_md: str | None, written: str) -> str:
    """One shortcode's output, as Markdown text (a placeholder for HTML)."""
    spec = _spec(tag.name, run.setup)
    run.used.add(tag.name)
    if spec is None:
        if tag.name in NOT_YET:
            return written  # reported with the other tags newsgen leaves in the text
        known = sorted(names(run.setup))
        run.fail(tag, f"unknown shortcode {{{{< {tag.name} >}}}}{did_you_mean(tag.name, known)}: known ones are "
                 f"{', '.join(known)}; to make your own, add templates/shortcodes/{tag.name}.html")
        return ""
    params = _params(run, tag, spec)
    if params is None:
        return ""
    if tag.name in LINKS and tag.name not in dict(run.setup.site):
        return _link(run, tag, params["path"])
    inner_html = Markup("")
    # The inner text's own placeholders are resolved here, as the template needs HTML.
    if inner_md is not None and spec.inner_markdown:
        inner_html = Markup(finish(run.setup.render(inner_md), run.pieces).strip())
    output = _render(run, tag, params, inner, inner_html)
    if output is None:
        return ""
    return output if tag.markdown else run.piece(output.strip())


def _link(run: _Run, tag: lexer.Tag, target: str) -> str:
    """A word standing for the URL of the file `target` names, filled in once every address is known."""
    token = f"NGLINK{run.salt}{len(run.links)}Z"
    run.links.append(ContentLink(token=token, kind=tag.name, target=target, line=tag.line))
    return token


def _params(run: _Run, tag: lexer.Tag, spec: Spec) -> dict[str, str] | None:
    if tag.name in dict(run.setup.site) or tag.name not in BUILTINS:
        params = dict(tag.params)
    else:
        params = arguments(tag.name, tag.args, dict(tag.params))
    missing = [name for name in spec.required if not params.get(name, "").strip()]
    if missing:
        example = " ".join(f'{name}="..."' for name in missing)
        run.fail(tag, f"shortcode {{{{< {tag.name} >}}}} needs {', '.join(f'`{m}`' for m in missing)}: write "
                 f"{{{{< {tag.name} {example} >}}}}")
        return None
    problem = argument_problem(tag.name, params) if tag.name not in dict(run.setup.site) else None
    if problem:
        run.fail(tag, f"shortcode {{{{< {tag.name} >}}}}: {problem}")
        return None
    return params


def _render(run: _Run, tag: lexer.Tag, params: dict[str, str], inner: str | None, inner_html: Markup) -> str | None:
    site = dict(run.setup.site)
    env = _environment(run.setup.site)
    context: dict[str, Any] = {
        "name": tag.name, "args": tag.args, "params": params, "inner": inner or "", "inner_html": inner_html,
        "embeds_load": run.setup.embeds_load,
        "get": lambda key, default="": _get(tag.args, params, key, default)}
    if tag.name not in site:
        if tag.name == "highlight":
            try:
                context |= highlight.context(params, inner or "")
            except highlight.OptionError as exc:
                run.fail(tag, f"shortcode {{{{< highlight >}}}}: {exc}")
                return None
        return env.get_template(f"builtin/{tag.name}").render(context)
    filename = f"templates/shortcodes/{tag.name}.html"
    try:
        return env.get_template(f"site/{tag.name}").render(context)
    except jinja2.TemplateSyntaxError as exc:
        run.fail(tag, f"shortcode {{{{< {tag.name} >}}}}: {filename}:{exc.lineno}: {exc.message}; fix the template")
    except Exception as exc:  # noqa: BLE001 - the site's own template code: its error is the user's to fix
        line = _template_line(exc, filename)
        where = f"{filename}:{line}" if line else filename
        run.fail(tag, f"shortcode {{{{< {tag.name} >}}}}: {where}: the template failed: {exc}; fix the template")
    return None


def _get(args: tuple[str, ...], params: dict[str, str], key: int | str, default: str) -> str:
    """Hugo's `.Get`: a position or a name."""
    if isinstance(key, int):
        return args[key] if 0 <= key < len(args) else default
    return params.get(key, default)


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The line of the template where `exc` was raised (Jinja rewrites its frames to the template's)."""
    found = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == filename:
            found = line
    return found


@lru_cache(maxsize=8)
def _environment(site: tuple[tuple[str, str], ...]) -> SandboxedEnvironment:
    sources = dict(site)

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        kind, _, short = name.partition("/")
        if kind == "site" and short in sources:
            return sources[short], f"templates/shortcodes/{short}.html", lambda: True
        if kind == "builtin" and (short in BUILTINS or short == "_embed") and short not in LINKS:
            return builtin_source(short), f"(newsgen shortcode) {short}.html", lambda: True
        return None

    # Sandboxed: a shortcode template is text from the site folder, run for every article that uses it.
    return SandboxedEnvironment(loader=jinja2.FunctionLoader(load), autoescape=True, trim_blocks=True,
                                lstrip_blocks=True)


@lru_cache(maxsize=64)
def _variables(source: str) -> frozenset[str]:
    try:
        return frozenset(jinja2.meta.find_undeclared_variables(SandboxedEnvironment().parse(source)))
    except jinja2.TemplateSyntaxError:
        return frozenset()
