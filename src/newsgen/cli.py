"""The `newsgen` command line. User errors print as `path:line: field: message` and exit 1, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from . import __version__
from .build import BuildOptions, build
from .clock import resolve_now
from .config import load_config
from .errors import BuildFailed, UserError


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
    loud = b.add_mutually_exclusive_group()
    loud.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    loud.add_argument("--verbose", "-v", action="store_true", help="also print where the site was written")
    b.set_defaults(run=run_build)

    s = commands.add_parser("serve", help="preview the site on a local web server (--watch: rebuild and reload on save)",
                            description="Build a preview of the site (into .newsgen-preview/, never the output "
                                        "folder) and serve it on a local web server.")
    _site_options(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    s.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free port)")
    s.add_argument("--watch", action="store_true",
                   help="rebuild when a source file is saved and reload the open browser tabs")
    s.add_argument("--poll", action="store_true",
                   help="with --watch: poll for changes (network drives, containers) instead of file-system events")
    s.add_argument("--open", action="store_true", help="open the site in the web browser")
    s.set_defaults(run=run_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except BuildFailed as exc:
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


def _now(args: argparse.Namespace) -> object:
    try:
        zone = load_config(args.site).zone
    except UserError:
        zone = ZoneInfo("UTC")  # the build reports the config problem itself
    return resolve_now(args.now, zone)


def run_build(args: argparse.Namespace) -> int:
    options = BuildOptions(site_dir=args.site.resolve(), now=_now(args), output=args.output,  # type: ignore[arg-type]
                           drafts=args.drafts, future=args.future, base_url=args.base_url, jobs=args.jobs,
                           use_cache=not args.no_cache, progress=not args.quiet)
    report = build(options)
    if not args.quiet:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if args.verbose:
            print(f"site written to {report.output_dir}")
            print(f"{report.parsed} articles parsed, {report.rendered} of {report.pages} outputs rendered; "
                  + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.timings))
        print(report.summary())
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from .devserver import ServeOptions, run  # the server's modules load only for `serve`

    options = ServeOptions(site_dir=args.site, now=lambda: _now(args), host=args.host, port=args.port,  # type: ignore[arg-type,return-value]
                           watch=args.watch, drafts=args.drafts, future=args.future, poll=args.poll)
    return run(options, open_browser=args.open)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
