"""The ``ssp-targets`` command.

Only the standard library is imported at module level, so ``ssp-targets --help`` stays
quick; each command imports what it needs when it runs. Exit status: 0 on success, 2 for
bad input or usage (with a one-paragraph message and no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import SspError  # standard library only

FORMATS = ("table", "markdown", "csv", "json")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssp-targets",
        description="Run a Community Safety Partnership's performance plan: load the plan, "
        "score each measure Red/Amber/Green against its target and print the quarter's "
        "summary.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check a plan definition file (and optionally observations and commentary)",
        description="Check a plan definition file and report every problem in it. With "
        "--observations or --commentary, check those files against the plan too.",
    )
    validate.add_argument("plan", metavar="PLAN", help="plan definition (TOML)")
    validate.add_argument("--observations", metavar="CSV", help="observation CSV to check")
    validate.add_argument("--commentary", metavar="CSV", help="commentary CSV to check")

    summary = commands.add_parser(
        "summary",
        help="print the quarter's status table",
        description="Score every measure for one quarter and print the summary: status "
        "(word and symbol), trends against the previous quarter and the same quarter last "
        "year, and the year to date, grouped by priority.",
    )
    summary.add_argument("--plan", required=True, metavar="PLAN", help="plan definition (TOML)")
    summary.add_argument(
        "--observations", required=True, metavar="CSV", help="observation CSV (canonical form)"
    )
    summary.add_argument("--commentary", metavar="CSV", help="owners' commentary CSV")
    summary.add_argument(
        "--quarter", required=True, metavar="Q", help='financial-year quarter, e.g. "2018/19 Q2"'
    )
    summary.add_argument(
        "--area", metavar="CODE", help="ONS code of the area to report (default: the plan's)"
    )
    summary.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ssp-targets")
    except PackageNotFoundError:
        return "unknown"


def _validate(args: argparse.Namespace) -> int:
    from .commentary import read_commentary
    from .definitions import load_plan
    from .observations import read_observations

    plan = load_plan(args.plan)
    kinds = [m for m in plan.measures if m.scored]
    print(
        f"{args.plan}: plan {plan.id!r} is valid: {len(plan.priorities)} priorities, "
        f"{len(plan.measures)} measures ({len(kinds)} active, "
        f"{len(plan.measures) - len(kinds)} draft), {len(plan.owners)} owners, "
        f"{len(plan.indicators)} indicators."
    )
    if args.observations:
        frame = read_observations(args.observations, plan=plan)
        print(f"{args.observations}: {len(frame)} observations are valid.")
    if args.commentary:
        notes = read_commentary(args.commentary, plan=plan)
        print(f"{args.commentary}: {len(notes)} comments are valid.")
    return EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    from .assess import assess
    from .commentary import read_commentary
    from .definitions import load_plan
    from .observations import read_observations
    from .periods import parse_quarter
    from .render import render
    from .report import build_report

    quarter = parse_quarter(args.quarter)  # a bad label fails before any file is read
    plan = load_plan(args.plan)
    observations = read_observations(args.observations, plan=plan)
    notes = read_commentary(args.commentary, plan=plan) if args.commentary else None
    assessed = assess(plan, observations, quarter=quarter, commentary=notes)
    report = build_report(plan, assessed, args.quarter, area=args.area)
    if report.rows.empty and report.drafts.empty:
        raise SspError(
            f"no measures to report for area {args.area!r} in {args.quarter}; "
            f"the plan's area is {plan.area.code} ({plan.area.name})."
        )
    sys.stdout.write(render(report, args.format, encoding=sys.stdout.encoding))
    return EXIT_OK


COMMANDS = {"validate": _validate, "summary": _summary}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return EXIT_OK
    except SspError as exc:
        print(f"ssp-targets: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
