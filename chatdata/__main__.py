"""Command line: ``python -m chatdata build [NOTEBOOK_DIR] [--out DIR] [--jobs N] [--timeout S]``.

NOTEBOOK_DIR is any folder of notebooks (default: the chapters in ``notebooks``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    """The ``chatdata`` command's arguments."""
    main_parser = argparse.ArgumentParser(prog="chatdata", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build", help="execute the notebooks and publish the offline static site"
    )
    build.add_argument("--out", type=Path, default=Path("site"), help="site folder (site)")
    build.add_argument(
        "notebook_dir",
        nargs="?",
        type=Path,
        metavar="NOTEBOOK_DIR",
        help="folder of notebooks to publish, plain Altair ones too (notebooks)",
    )
    build.add_argument("--notebooks", type=Path, help="the same as NOTEBOOK_DIR")
    build.add_argument(
        "--jobs", type=int, default=None, help="notebooks run at once (number of CPUs)"
    )
    build.add_argument("--timeout", type=float, default=120.0, help="seconds per cell (120)")
    build.add_argument(
        "--cache", type=Path, default=Path(".cache/site"), help="executed notebooks (.cache/site)"
    )
    build.add_argument(
        "--readme-image",
        type=Path,
        default=Path("docs/images/chart.png"),
        help="PNG of one chart for the README (docs/images/chart.png)",
    )
    build.add_argument("--no-readme-image", action="store_true", help="skip the README image")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    SIGINT and SIGTERM stop a build cleanly: one line on stderr, status 130 or 143.
    """
    from chatdata.site.interrupts import Interrupted, signals_raise

    with signals_raise():
        args = parser().parse_args(argv)
        try:
            return _run(args)
        except Interrupted as stop:
            outcome = "the new site was already in place" if stop.published else "left as it was"
            print(f"chatdata build: stopped by {stop.name}; {args.out} {outcome}", file=sys.stderr)
            return stop.status


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from chatdata.site.build import build_site
        from chatdata.site.output_dir import Refused

        if args.jobs is not None and args.jobs < 1:
            parser().error("--jobs must be at least 1")
        if args.notebook_dir and args.notebooks and args.notebook_dir != args.notebooks:
            parser().error("give NOTEBOOK_DIR or --notebooks, not both")
        try:
            report = build_site(
                out=args.out,
                notebooks=args.notebook_dir or args.notebooks or Path("notebooks"),
                cache_folder=args.cache,
                jobs=args.jobs,
                timeout=args.timeout,
                readme_image=None if args.no_readme_image else args.readme_image,
            )
        except Refused as refused:
            print(f"chatdata build: {refused}", file=sys.stderr)
            return 2
        return 0 if report.ok else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
