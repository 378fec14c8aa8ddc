"""Redirects from old addresses (`aliases:`): the HTML stub at each, the `_redirects` map, and the warning
for an address the last build published that this one no longer has. Pure."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..core.errors import Problem

REDIRECTS_FILE = "_redirects"


@dataclass(frozen=True, slots=True, kw_only=True)
class Redirect:
    """An old site path ('old/about/') that now lives at `target` ('about/'), asked for by `source`."""

    path: str
    target: str
    source: str
    line: int | None = None


def redirects_of(owners: Iterable[tuple[str, str, tuple[str, ...], int | None]]) -> tuple[Redirect, ...]:
    """(source file, its path, its aliases, the line of `aliases:`) for each article/page -> redirects."""
    out = [Redirect(path=alias, target=path, source=source, line=line)
           for source, path, aliases, line in owners for alias in aliases if alias != path]
    return tuple(sorted(out, key=lambda r: (r.path, r.source)))


def collisions(redirects: tuple[Redirect, ...], outputs: Mapping[str, str]) -> list[Problem]:
    """An alias on a real output (`outputs`: path -> what writes it) or claimed twice is an error."""
    problems = []
    first: dict[str, Redirect] = {}
    for redirect in redirects:
        owner = outputs.get(redirect.path)
        other = first.setdefault(redirect.path, redirect)
        if owner is not None:
            problems.append(Problem(path=redirect.source, line=redirect.line, field="aliases", message=(
                f"/{redirect.path} is not an old address: {owner} is published there; "
                "remove it from `aliases:`")))
        elif other is not redirect:
            problems.append(Problem(path=redirect.source, line=redirect.line, field="aliases", message=(
                f"/{redirect.path} is an alias of {other.source} too: keep it in one file's `aliases:`")))
    return problems


def redirect_html(target_url: str, title: str, lang: str,
                  words: tuple[str, str] = ("Moved: {title}", "This page has moved")) -> str:
    """The page at an old address: sends browsers on at once, tells search engines where the page is now.
    `words`: its title and heading in the page's language, plain text."""
    url = html.escape(target_url, quote=True)
    name = html.escape(title)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang, quote=True)}">\n'
            '<head>\n<meta charset="utf-8">\n'
            f'<title>{html.escape(words[0].format(title=title))}</title>\n<meta name="robots" content="noindex">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="canonical" href="{url}">\n'
            f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n'
            f'<body>\n<main>\n<h1>{html.escape(words[1])}</h1>\n<p><a href="{url}">{name}</a></p>\n</main>\n'
            f'</body>\n</html>\n')


def redirects_file(redirects: tuple[Redirect, ...], url_path: str) -> str:
    """The Netlify / Cloudflare Pages `_redirects` map: `/old/ /new/ 301`, one line each. `url_path` is the
    base URL's path ('/' or '/news/'), so the map works under a subpath as well."""
    return "".join(f"{url_path}{r.path} {url_path}{r.target} 301\n" for r in redirects)


def gone_warnings(previous: Iterable[str], current: Mapping[str, tuple[str, int | None]],
                  moved: Mapping[str, str], covered: set[str]) -> list[Problem]:
    """Warn for each page the last build published (`previous`, site paths of HTML pages) that is gone now.

    `moved` maps an old path to the source file that published it then; `current` maps each source file to
    its path and the line of its title now. Only files that still exist (they moved) get the warning with the
    exact `aliases:` line to add; a deleted file's page is meant to go."""
    problems = []
    for old in sorted(set(previous) - covered):
        source = moved.get(old)
        if source is None or source not in current:
            continue
        new_path, line = current[source]
        if new_path == old:
            continue
        problems.append(Problem(path=source, line=line, field="aliases", message=(
            f"/{old} was published by the last build and is gone now (the page moved to /{new_path}): add "
            f"`aliases: [/{old}]` to keep old links working")))
    return problems
