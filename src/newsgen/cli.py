"""The `newsgen` command line. User errors print as `path:line: field: message` and exit 1, never a traceback."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from . import __version__
from .build import BuildOptions, build
from .core.clock import resolve_now
from .core.config import load_config
from .core.errors import BuildFailed, UserError, warning_line


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                        help="site folder holding site.yaml and content/ (default: the current folder)")
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--future", action="store_true", help="include articles dated in the future")
    parser.add_argument("--now", metavar="DATETIME",
                        help="build as if it were this moment, e.g. 2026-01-01T09:00 (default: SOURCE_DATE_EPOCH, "
                             "else the clock)")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, found {text!r}")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgen", description="Build a static news site from Markdown articles.")
    parser.add_argument("--version", action="version", version=f"newsgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    b = commands.add_parser("build", help="build the site into the output folder (default: public/)",
                            description="Build the whole site into the output folder.")
    _site_options(b)
    b.add_argument("--output", type=Path, metavar="DIR", help="output folder (default: `output` in site.yaml)")
    b.add_argument("--base-url", metavar="URL", help="override base_url, e.g. for a staging host")
    b.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                   help="worker processes for parsing and rendering (default: one per core; 1: no pool)")
    b.add_argument("--no-cache", action="store_true",
                   help="ignore the build cache and re-render every page (files with unchanged bytes are still "
                        "not rewritten)")
    b.add_argument("--strict", action="store_true",
                   help="treat broken links, anchors and assets as errors: exit 1 and write nothing (for CI)")
    b.add_argument("--keep-going", action="store_true",
                   help="leave out articles with errors, build everything else, list the errors at the end "
                        "(exit 1 if any article was left out)")
    loud = b.add_mutually_exclusive_group()
    loud.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    loud.add_argument("--verbose", "-v", action="store_true", help="also print where the site was written")
    b.set_defaults(run=run_build)

    s = commands.add_parser("serve", help="preview the site locally (--watch: rebuild and reload on save)",
                            description="Build a preview of the site (into .newsgen-preview/, never the output "
                                        "folder) and serve it on a local web server.")
    _site_options(s)
    s.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0 or :: listens on "
                        "every interface, which shows the preview, drafts too, to your network)")
    s.add_argument("--port", type=int, default=8000,
                   help="port to listen on (default: 8000; 0 picks a free port)")
    s.add_argument("--watch", action="store_true",
                   help="rebuild when a source file is saved and reload the open browser tabs")
    s.add_argument("--poll", action="store_true",
                   help="with --watch: poll for changes (network drives, containers) instead of "
                        "file-system events")
    s.add_argument("--open", action="store_true", help="open the site in the web browser")
    s.set_defaults(run=run_serve)

    _add_site_commands(commands)
    from .theme_command import add_theme_command

    add_theme_command(commands)
    return parser


def _add_site_commands(commands) -> None:  # type: ignore[no-untyped-def]
    """`init`, `new` and `check`: starting a site, starting an article, checking before deploying."""
    from .scaffold.starter import DEFAULT_BASE_URL, DEFAULT_TITLE

    i = commands.add_parser("init", help="start a new site in a folder (site.yaml, a first article, a deploy "
                            "workflow)", description="Create a new site that builds at once. Refuses a folder "
                            "that is not empty unless --force; never overwrites a file.")
    i.add_argument("dir", type=Path, metavar="DIR", help="folder for the new site (created if missing)")
    i.add_argument("--force", action="store_true",
                   help="also write into a folder that is not empty; files already there are kept, not overwritten")
    i.add_argument("--title", default=DEFAULT_TITLE, help=f"site name (default: {DEFAULT_TITLE!r})")
    i.add_argument("--base-url", default=DEFAULT_BASE_URL, metavar="URL",
                   help=f"address the site will be served from (default: {DEFAULT_BASE_URL})")
    i.add_argument("--timezone", default="UTC", metavar="ZONE", help="IANA time zone, e.g. Europe/Berlin "
                   "(default: UTC)")
    i.add_argument("--now", metavar="DATETIME", help="date the welcome article as if it were this moment")
    i.set_defaults(run=run_init)

    n = commands.add_parser("new", help="write a new article file, dated now, and print its path",
                            description="Write content/<year>/<slug>.md with its front matter filled in. "
                                        "Never overwrites an existing file.")
    n.add_argument("headline", help="the article's headline, in quotes")
    n.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                   help="site folder holding site.yaml (default: the current folder)")
    n.add_argument("--section", default="", help="section name, e.g. World")
    n.add_argument("--tags", default="", metavar="A,B", help="comma-separated tags, e.g. 'harbour, transport'")
    n.add_argument("--author", default="", metavar="NAME", help="byline")
    n.add_argument("--draft", action="store_true", help="mark it draft: true (published only with --drafts)")
    n.add_argument("--slug", default="", help="file and URL name (default: made from the headline)")
    n.add_argument("--date", metavar="DATETIME",
                   help="publication time, e.g. 2026-12-01T09:00 in the site time zone (default: now)")
    n.set_defaults(run=run_new, now=None)

    c = commands.add_parser("check", help="build into a temporary folder and check links, feeds and leaks",
                            description="Build the site into a temporary folder (the output folder is not "
                                        "touched) and check every link, anchor and asset of every page and "
                                        "feed, the feeds and sitemaps, and that no draft, future or expired "
                                        "article leaks. External links are listed, never fetched. Exit 1 on "
                                        "any problem.")
    _site_options(c)
    c.add_argument("--base-url", metavar="URL", help="check the site as served from this URL")
    c.add_argument("--verbose", "-v", action="store_true", help="list every external link and where it is")
    c.set_defaults(run=run_check)


# A build allocates millions of short-lived objects (Markdown trees, template output) beside tens of
# thousands of long-lived ones (articles, plans): collecting cycles every 700 allocations, Python's default,
# took about a tenth of a cold build. Workers inherit the setting.
_GC_THRESHOLD = 50_000


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    threshold = gc.get_threshold()
    gc.set_threshold(_GC_THRESHOLD, *threshold[1:])
    try:
        return args.run(args)
    except BuildFailed as exc:
        for warning in getattr(exc, "warnings", ()):  # every article's warnings too: all its problems at once
            print(warning_line(warning), file=sys.stderr)
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        count = len(exc.problems)
        print(f"build failed: {count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"error: {exc.problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        gc.set_threshold(*threshold)  # as it was: main() also runs inside other programs (and the tests)


def _now(args: argparse.Namespace) -> object:
    try:
        zone = load_config(args.site).zone
    except UserError:
        zone = ZoneInfo("UTC")  # the build reports the config problem itself
    return resolve_now(args.now, zone)


def run_build(args: argparse.Namespace) -> int:
    options = BuildOptions(site_dir=args.site.resolve(), now=_now(args), output=args.output,  # type: ignore[arg-type]
                           drafts=args.drafts, future=args.future, base_url=args.base_url, jobs=args.jobs,
                           use_cache=not args.no_cache, progress=not args.quiet, strict=args.strict,
                           keep_going=args.keep_going)
    report = build(options)
    if not args.quiet:
        for warning in report.warnings:
            print(warning_line(warning), file=sys.stderr)
        if args.verbose:
            print(f"site written to {report.output_dir}")
            print(f"{report.route} build: {report.parsed} articles parsed, {report.rendered} of {report.pages} "
                  "outputs rendered; "
                  + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.timings))
        print(report.summary())
    for problem in report.skipped:  # --keep-going: reported last, so they are not lost among warnings
        print(f"error: {problem}", file=sys.stderr)
    if report.skipped:
        count = len({p.path for p in report.skipped})
        print(f"{count} file{'s' if count != 1 else ''} left out because of errors (--keep-going); everything "
              "else was built", file=sys.stderr)
        return 1
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from .serve.session import ServeOptions, run  # the server's modules load only for `serve`

    options = ServeOptions(site_dir=args.site, now=lambda: _now(args),  # type: ignore[arg-type,return-value]
                           host=args.host, port=args.port, watch=args.watch, drafts=args.drafts,
                           future=args.future, poll=args.poll)
    return run(options, open_browser=args.open)


def run_init(args: argparse.Namespace) -> int:
    from .scaffold.starter import init_site

    try:
        zone = ZoneInfo(args.timezone)
    except (ValueError, KeyError, OSError):
        zone = ZoneInfo("UTC")  # init_site reports the bad --timezone with the settings it validates
    report = init_site(args.dir, now=resolve_now(args.now, zone), force=args.force, title=args.title,
                       base_url=args.base_url, timezone=args.timezone)
    for rel in report.created:
        print(f"created {args.dir / rel}")
    for rel in report.kept:
        print(f"kept {args.dir / rel} (already there; not overwritten)")
    for warning in report.warnings:  # not a build's: a site.yaml cannot silence it (there was none)
        print(f"warning [local-install]: {warning}", file=sys.stderr)
    print(f"next: cd {args.dir} && newsgen serve --watch   (newsgen new \"Headline\" starts an article)")
    return 0


def run_new(args: argparse.Namespace) -> int:
    from .scaffold.starter import new_article

    tags = tuple(dict.fromkeys(t.strip() for t in args.tags.split(",") if t.strip()))
    path = new_article(args.site, args.headline, now=_now(args), date=args.date, slug=args.slug,  # type: ignore[arg-type]
                       section=args.section, tags=tags, author=args.author, draft=args.draft)
    print(path)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from .check_command import CheckOptions, check_site

    report = check_site(CheckOptions(site_dir=args.site.resolve(), now=_now(args), drafts=args.drafts,  # type: ignore[arg-type]
                                     future=args.future, base_url=args.base_url))
    for warning in report.warnings:
        print(warning_line(warning), file=sys.stderr)
    for problem in report.problems:
        print(problem)
    if args.verbose:
        for url, where in report.external:
            print(f"external link (not fetched): {url} ({where})")
    print(report.summary())
    return 1 if report.problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
