"""Every kind of warning a build prints, by its stable code, and the `warnings:` setting that silences kinds.

The codes are part of the interface: they are printed with each warning (`warning [no-photo]: ...`), named in
`warnings: ignore:` and listed in the README (generated from WARNING_KINDS), so a code is never renamed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .errors import Problem, did_you_mean

WARNING_KINDS: dict[str, str] = {
    "no-logo": "The site has no `logo:`; search engines want a publisher logo for news articles.",
    "no-photo": "A published article has no `photo`; search engines show it less prominently.",
    "no-author": "A published article has no `author`; search engines show it less prominently.",
    "unknown-field": "A front-matter key that looks like a misspelling of a known field (`tittle`).",
    "merged-spellings": "Two spellings of a tag, section or author share one URL and are shown as one.",
    "updated-before-date": "An article's `updated` is earlier than its `date`.",
    "unsafe-link": "A link address that would run code (`javascript:`) was removed from an article.",
    "slow-parse": "An article's Markdown took seconds to render.",
    "foreign-template-tag": "A template tag of another generator (`{% raw %}`, `{{ .Site }}`) is left in the "
                            "text.",
    "skipped-file": "A file under content/ or static/ was not published (not Markdown, a link outside the "
                    "site folder, a name that is not UTF-8).",
    "broken-link": "A link, anchor or asset in the built site points at nothing (an error with `--strict`).",
    "gone-address": "A page the last build published moved, and no `aliases:` keeps its old address.",
    "kept-output-file": "A file in the output folder that newsgen did not write (or that someone changed) "
                        "was left as it is.",
    "not-atomic": "The output folder is a mount point, so the new site replaced the old one file by file.",
    "cache": "The build cache or its bookkeeping could not be read or written; the next build does more "
             "work.",
    # Printed outside a build, so `warnings: ignore:` does not reach them (accepted there all the same).
    "open-server": "`newsgen serve` listens on every network interface (`--host 0.0.0.0`), not only this "
                   "computer. Not silenced by `warnings:`.",
    "local-install": "`newsgen init`: newsgen is installed from a local folder the deploy workflow cannot "
                     "install from. Not silenced by `warnings:`.",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class WarningSettings:
    ignore: frozenset[str] = frozenset()  # kind codes not printed


def parse_warnings(data: dict[str, Any]) -> tuple[WarningSettings, list[str]]:
    """The `warnings:` mapping (`ignore: [no-photo, ...]`) and every problem in it."""
    problems: list[str] = []
    for key in data:
        if key != "ignore":
            problems.append(f"unknown key {key!r}; known: ignore")
    codes = data.get("ignore", [])
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        return WarningSettings(), [*problems, f"ignore: expected a list of warning kinds such as [no-photo], "
                                               f"found {codes!r}"]
    for code in codes:
        if code not in WARNING_KINDS:
            hint = did_you_mean(code, tuple(WARNING_KINDS))
            problems.append(f"ignore: unknown warning kind {code!r}{hint}; known: {', '.join(WARNING_KINDS)}")
    return WarningSettings(ignore=frozenset(c for c in codes if c in WARNING_KINDS)), problems


def shown(warnings: Iterable[Problem], settings: WarningSettings) -> tuple[Problem, ...]:
    """The warnings whose kind is not ignored. A warning of several kinds (`no-photo,no-author`) is dropped
    only when all of them are."""
    if not settings.ignore:
        return tuple(warnings)
    return tuple(w for w in warnings if not w.kind or not set(w.kind.split(",")) <= settings.ignore)
