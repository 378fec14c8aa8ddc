"""`newsgen theme list` and `newsgen theme copy NAME...`: the built-in templates, and copies to customise.

A copy goes to the site's templates/ folder, which the build searches before the built-in theme; an
existing file is never overwritten, so a site's own edits are never lost.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .render.themefiles import TEMPLATES_DIR

THEME_TEMPLATES = Path(__file__).parent / "render" / "theme" / "templates"


def builtin_templates() -> list[str]:
    """Names of the built-in theme's templates, sorted."""
    return sorted(p.name for p in THEME_TEMPLATES.iterdir() if p.suffix == ".html")


def run_list(args: argparse.Namespace) -> int:
    own = args.site / TEMPLATES_DIR
    for name in builtin_templates():
        mark = "  (copied: the site's own is used)" if (own / name).exists() else ""
        print(f"{name}{mark}")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    """Copy each named template; report every unknown or existing one, and exit 1 if there was any."""
    known = builtin_templates()
    target = args.site / TEMPLATES_DIR
    failed = False
    for name in args.names:
        if name not in known:
            print(f"error: {name}: no such built-in template; known: {', '.join(known)}", file=sys.stderr)
            failed = True
        elif (target / name).exists():
            print(f"error: {target / name}: already exists, not overwritten: delete or rename it to copy the "
                  "built-in one again", file=sys.stderr)
            failed = True
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(THEME_TEMPLATES / name, target / name)
            print(target / name)
    return 1 if failed else 0


def add_theme_command(commands) -> None:  # type: ignore[no-untyped-def]
    t = commands.add_parser("theme", help="list the built-in templates, or copy some into templates/ to edit",
                            description="`theme list` names the built-in templates; `theme copy NAME...` "
                                        "copies them into the site's templates/ folder, never overwriting.")
    actions = t.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="name the built-in templates")
    copy = actions.add_parser("copy", help="copy built-in templates into templates/ (never overwrites)")
    copy.add_argument("names", nargs="+", metavar="NAME", help="template file name, e.g. base.html")
    for sub in (listing, copy):
        sub.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                         help="site folder holding site.yaml (default: the current folder)")
    listing.set_defaults(run=run_list)
    copy.set_defaults(run=run_copy)
