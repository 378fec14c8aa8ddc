"""The link forms of Jekyll and Eleventy archives, resolved as Hugo's ref is: `{% post_url 2014-01-02-x %}`
and `{% link path.md %}` name another file (a ContentLink, filled once the site is known);
`{{ "/path/" | url }}` (also Jekyll's relative_url and absolute_url), `{{ site.baseurl }}` and
`{{ site.url }}` need only the base URL. Nothing in code or in `{% raw %}` counts; other Liquid is left for
templatetags to report."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...core.errors import Problem
from ...core.models import ContentLink
from . import lexer

_FORM = re.compile(
    r"""\{%-?\s*(?P<tag>post_url|link)\b(?P<target>[^%]*?)-?%\}
      | \{\{-?\s*(?:(?P<quote>["'])(?P<path>[^"'{}]*)(?P=quote)\s*\|\s*(?P<filter>url|relative_url|absolute_url)
                   | site\.(?P<site>baseurl|url))\s*-?\}\}""",
    re.VERBOSE,
)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?(?:\{%-?\s*endraw\s*-?%\}|\Z)", re.DOTALL)
RESOLVED_TAGS = frozenset({"post_url", "link"})  # Liquid tags this module runs (not reported as foreign)
RESOLVED_OUTPUTS = frozenset({"site.baseurl", "site.url"})


def resolve(text: str, base_url: str, rel: str, first_line: int, salt: str
            ) -> tuple[str, tuple[ContentLink, ...], list[Problem]]:
    """The text with every link form replaced: by its URL, or by the token of a link by file; the links;
    and a problem for a tag without its target."""
    if "{%" not in text and "{{" not in text:
        return text, (), []
    skip = lexer.code_ranges(text) + [(m.start(), m.end()) for m in _RAW.finditer(text)]
    parts = urlsplit(base_url)
    base_path, origin = parts.path or "/", f"{parts.scheme}://{parts.netloc}"
    links: list[ContentLink] = []
    problems: list[Problem] = []
    out: list[str] = []
    pos = 0
    for match in _FORM.finditer(text):
        if any(start <= match.start() < end for start, end in skip):
            continue
        out.append(text[pos:match.start()])
        pos = match.end()
        line = first_line + text.count("\n", 0, match.start())
        if match.group("site"):
            out.append(base_path.rstrip("/") if match.group("site") == "baseurl" else origin)
        elif match.group("filter"):
            path = match.group("path")
            external = re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", path)
            rooted = path if external else base_path + path.lstrip("/")
            out.append(origin + rooted if match.group("filter") == "absolute_url" and rooted.startswith("/")
                       else rooted)
        else:
            out.append(_link(match, line, rel, salt, links, problems))
    out.append(text[pos:])
    return "".join(out), tuple(links), problems


def _link(match: re.Match[str], line: int, rel: str, salt: str, links: list[ContentLink],
          problems: list[Problem]) -> str:
    tag, target = match.group("tag"), match.group("target").strip().strip("\"'")
    if not target or "{{" in target:
        example = "2014-01-02-slug" if tag == "post_url" else "posts/2014-01-02-slug.md"
        problems.append(Problem(path=rel, line=line, message=(
            f"{{% {tag} %}} needs the file it links to, written out: {{% {tag} {example} %}}")))
        return ""
    token = f"NGLIQ{salt}{len(links)}Z"
    links.append(ContentLink(token=token, kind=tag, target=target, line=line))
    return token
