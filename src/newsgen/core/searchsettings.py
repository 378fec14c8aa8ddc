"""The `search:` and `check:` settings of site.yaml: the search page, and the paths the link check leaves alone.

`check: ignore:` exists because a site is often finished by tools that run after newsgen (a second search
indexer, a host's own `/_vercel/` or `/cdn-cgi/` files, an uploaded `/media/` folder): links to those paths
are fine on the deployed site although the build never made them, so the check must not call them broken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import did_you_mean

SEARCH_DOC = ("`true`: a search page at `/search/`, linked from the header, over every published article and "
              "page (headline, dek, body, tags, section, author), with filters for section and type. The index "
              "(Pagefind, installed with newsgen) is made inside the build, in `/pagefind/`; no CDN, works on any "
              "static host and under a subpath.")
CHECK_DOC = ("The link check (every build, and `newsgen check`): `ignore: [/media/, /cdn-cgi/]` lists site "
             "paths (under the base path) that other tools add after the build; links into them are not "
             "reported as broken. Each entry starts with `/`.")
CHECK_KEYS = ("ignore",)
MAX_IGNORED = 100
# A site path as a menu item writes one: no scheme or host, no query, fragment, '..' or backslash.
_PREFIX = re.compile(r"/(?:[^\s?#\\]*)")


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckSettings:
    """Left out: every internal link must reach a file the build made."""

    ignore: tuple[str, ...] = ()  # output-relative prefixes, e.g. 'media/' for `/media/`

    def ignores(self, rel: str) -> bool:
        """True when the output file `rel` ('media/a.mp4') is under a path declared as made by other tools."""
        return any(rel.startswith(prefix) or rel + "/" == prefix for prefix in self.ignore)


NOTHING_IGNORED = CheckSettings()


def parse_check(value: dict[str, Any]) -> tuple[CheckSettings, list[str]]:
    """The settings a `check:` mapping describes and every problem in it (each starting with its key)."""
    problems = [f"unknown key {key!r}{did_you_mean(str(key), CHECK_KEYS)}; known: {', '.join(CHECK_KEYS)}"
                for key in value if key not in CHECK_KEYS]
    given = value.get("ignore", [])
    if not isinstance(given, list):
        problems.append(f"ignore: expected a list of site paths such as [/media/], found {given!r}")
        return CheckSettings(), problems
    if len(given) > MAX_IGNORED:
        problems.append(f"ignore: at most {MAX_IGNORED} paths, found {len(given)}: use a common prefix")
        return CheckSettings(), problems
    prefixes = []
    for entry in given:
        message = _prefix_problem(entry)
        if message:
            problems.append(f"ignore: {message}")
        else:
            prefixes.append(entry[1:])
    return CheckSettings(ignore=tuple(dict.fromkeys(prefixes))), problems


def _prefix_problem(entry: Any) -> str | None:
    if not isinstance(entry, str):
        return f"expected a site path such as /media/, found {entry!r}"
    if entry in ("", "/"):
        return f"{entry!r} would ignore every link of the site; name the folder other tools add, e.g. /media/"
    if "://" in entry or entry.startswith("//"):
        return f"{entry!r} is a full URL; give the path on this site, e.g. /media/ (external links are never fetched)"
    if not _PREFIX.fullmatch(entry) or "/../" in entry + "/" or "/./" in entry + "/":
        return (f"expected a site path starting with / (no spaces, ?, #, \\ or '..' parts), found {entry!r}; "
                "e.g. /media/")
    return None
