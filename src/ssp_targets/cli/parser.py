"""The command line's arguments: every command, its flags and its help."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from ssp_targets.renderers.formats import FORMATS

PRINTED = [f.name for f in FORMATS.values() if f.printed]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssp-targets",
        description="Run a Community Safety Partnership's performance plan: load the plan, "
        "score each measure Red/Amber/Green against its target and print the quarter's "
        "summary.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
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

    config = argparse.ArgumentParser(add_help=False)
    config.add_argument(
        "--config",
        metavar="FILE",
        help="project config file (default: ssp-targets.toml in the current folder)",
    )

    summary = commands.add_parser(
        "summary",
        parents=[config],
        help="print the quarter's status table",
        description="Score every measure for one quarter and print the summary: status "
        "(word and symbol), trends against the previous quarter and the same quarter last "
        "year, and the year to date, grouped by priority. Figures come from the store named "
        "by the config file, or from --observations and --commentary files.",
    )
    summary.add_argument(
        "--plan", metavar="PLAN", help="plan definition (TOML; default: the config's plan)"
    )
    summary.add_argument(
        "--observations", metavar="CSV", help="read figures from this CSV, not the store"
    )
    summary.add_argument("--commentary", metavar="CSV", help="owners' commentary CSV")
    summary.add_argument(
        "--quarter", required=True, metavar="Q", help='financial-year quarter, e.g. "2018/19 Q2"'
    )
    summary.add_argument(
        "--as-of",
        metavar="TIMESTAMP",
        help="the figures as they stood then: ISO 8601 date or date-time, local time "
        'unless it has a UTC offset (e.g. "2018-10-01T09:00"); a date means its start',
    )
    summary.add_argument(
        "--area", metavar="CODE", help="ONS code of the area to report (default: the plan's)"
    )
    summary.add_argument(
        "--format",
        default="table",
        metavar="FORMAT",
        help=f"output format: {', '.join(PRINTED)} or a plugin's renderer (default: table)",
    )

    load = commands.add_parser(
        "load",
        parents=[config],
        help="load an observation CSV into the store",
        description="Check an observation CSV and store its figures in one transaction: "
        "new figures are added, changed ones stored as revisions, unchanged ones skipped. "
        "Nothing is stored if any row is bad.",
    )
    load.add_argument(
        "file",
        metavar="FILE",
        help="observations in the canonical CSV form, or a completed data return "
        "(.csv or .xlsx, as ssp-targets template writes it)",
    )
    load.add_argument(
        "--source",
        help="name recorded as the figures' source (default: csv, or returns for a return)",
    )
    load.add_argument(
        "--sample",
        action="store_true",
        help="the file is synthetic sample data, not real figures: every output that "
        "includes them says so",
    )

    template = commands.add_parser(
        "template",
        parents=[config],
        help="write the data-return form for an owner's measures",
        description="Write the quarter's data-return form for one owner: a row per "
        "indicator of each of their measures, with last quarter's figure from the store, "
        "and columns for value, numerator, denominator, commentary and self-assessed RAG. "
        "Load it back, completed, with ssp-targets load.",
    )
    template.add_argument("--quarter", required=True, metavar="Q", help='e.g. "2018/19 Q2"')
    template.add_argument("--owner", required=True, metavar="ID", help="owner id in the plan")
    template.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")

    load_commentary = commands.add_parser(
        "load-commentary",
        parents=[config],
        help="load owners' commentary into the store",
        description="Check a commentary CSV (measure, period, rag, text, author) and store it.",
    )
    load_commentary.add_argument("file", metavar="FILE.csv", help="commentary CSV")

    history = commands.add_parser(
        "history",
        parents=[config],
        help="show a measure's figures with every revision",
        description="Print every figure ever loaded for a measure's indicators: the value, "
        "the value it replaced, when it was loaded and from which source.",
    )
    history.add_argument("measure", metavar="MEASURE", help='measure id, e.g. "1.3"')
    history.add_argument(
        "--area", metavar="CODE", help="ONS code of the area (default: the plan's)"
    )

    commands.add_parser(
        "loads",
        parents=[config],
        help="show the audit log of loads",
        description="Print every load: when, what kind, from which source and file, and "
        "how many figures it added, revised or left unchanged.",
    )
    commands.add_parser(
        "plugins",
        help="list installed plugins",
        description="List every installed plugin with its version, sources and renderers, "
        "and any plugin that failed to load.",
    )
    sources = commands.add_parser(
        "sources",
        parents=[config],
        help="list sources, their indicators, and the plan's measures no source supplies",
        description="List every installed source and its indicators, then the plan's "
        "quantitative measures by owner, showing which source supplies each indicator.",
    )
    sources.add_argument("--plan", metavar="PLAN", help="plan (default: the config's)")

    fetch = commands.add_parser(
        "fetch",
        parents=[config],
        help="fetch figures from the installed sources into the store",
        description="Ask each source for the quarters wanted, check what it returns as any "
        "input is checked, and store each valid source's figures in its own transaction. "
        "A failing source is reported and the others still load; the exit status is 1 if "
        "any failed.",
    )
    fetch.add_argument(
        "--quarter",
        action="append",
        metavar="Q",
        help="a quarter to fetch (repeatable; default: every quarter of the plan that has ended)",
    )
    fetch.add_argument(
        "--source", action="append", metavar="NAME", help="only this source (repeatable)"
    )
    fetch.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for a source (300)"
    )
    fetch.add_argument("--verbose", action="store_true", help="show tracebacks of failing plugins")
    dashboard = commands.add_parser(
        "dashboard",
        parents=[config],
        help="write the quarter's dashboard (HTML) or its workbook, Markdown, CSV or JSON",
        description="Write the meeting pack's dashboard for a quarter from the store: "
        "headline counts, a table per priority, a chart per measure, the exceptions with the "
        "owners' commentary, drafts, the handling marking and where the figures came from. "
        "--audience public leaves out anything marked above OFFICIAL and suppresses small "
        "counts.",
    )
    dashboard.add_argument("--quarter", required=True, metavar="Q", help='e.g. "2018/19 Q2"')
    dashboard.add_argument("--out", required=True, metavar="FILE", help="e.g. dashboard.html")
    dashboard.add_argument(
        "--format",
        metavar="FORMAT",
        help="html, xlsx, md, csv, json or a plugin's renderer (default: from the suffix)",
    )
    dashboard.add_argument(
        "--audience",
        choices=("partnership", "public"),
        default="partnership",
        help="partnership (everything) or public (OFFICIAL only, small counts suppressed)",
    )
    dashboard.add_argument(
        "--suppress-below",
        type=_at_least_one,
        default=5,
        metavar="N",
        help="for the public: counts below N are shown as <N (default 5)",
    )
    dashboard.add_argument("--as-of", metavar="TIMESTAMP", help="figures as they stood then")
    dashboard.add_argument("--area", metavar="CODE", help="area (default: the plan's)")
    dashboard.add_argument("--plan", metavar="PLAN", help="plan (default: the config's)")
    commands.add_parser(
        "schema",
        help="print the JSON Schema of the JSON output",
        description="Print the JSON Schema that summary --format json and dashboard "
        "--format json follow, for tools that embed the output.",
    )

    new_plugin = commands.add_parser(
        "new-plugin",
        help="start a source plugin package from a template",
        description="Write a working plugin package ssp-targets-NAME (pyproject with the "
        "entry point, a Source reading a CSV export, a sample and tests using the contract "
        "kit). Install it with pip install -e, and it appears in ssp-targets sources.",
    )
    new_plugin.add_argument("name", metavar="NAME", help="e.g. youth-justice")
    new_plugin.add_argument("--out", default=".", metavar="DIR", help="folder to write into")
    return parser


def _at_least_one(text: str) -> int:
    """A whole number of 1 or more (argparse reports the flag and the value otherwise)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is not 1 or more")
    return number


class _Version(argparse.Action):
    """``--version``, looked up only when asked for (importlib.metadata is slow to load)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ssp-targets")
    except PackageNotFoundError:
        return "unknown"
