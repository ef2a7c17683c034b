"""The ``ssp-targets`` command.

Only the standard library is imported at module level, so ``ssp-targets --help`` stays
quick; each command imports what it needs when it runs. Exit status: 0 on success, 2 for
bad input or usage (with a one-paragraph message and no traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .errors import SspError  # standard library only

if TYPE_CHECKING:
    from .config import Config
    from .plugins import PluginHost
    from .report import Report
    from .store import Store

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
        help=f"output format: {', '.join(FORMATS)} or a plugin's renderer (default: table)",
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
        type=int,
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
    from .assessment import assess
    from .commentary import read_commentary
    from .definitions import load_plan
    from .observations import read_observations
    from .periods import parse_quarter
    from .report import build_report

    quarter = parse_quarter(args.quarter)  # a bad label fails before any file is read
    if args.observations:
        if args.as_of:
            raise SspError("--as-of reads the store; leave out --observations to use it.")
        plan = load_plan(args.plan or _config(args).plan or _no_plan(args))
        observations = read_observations(args.observations, plan=plan)
        notes = read_commentary(args.commentary, plan=plan) if args.commentary else None
    else:
        config = _config(args)
        plan = load_plan(args.plan or config.plan or _no_plan(args))
        with _open_store(config.store) as store:
            observations = store.observations(as_of=args.as_of, indicators=sorted(plan.indicators))
            notes = store.commentary(as_of=args.as_of)
        if args.commentary:
            notes = read_commentary(args.commentary, plan=plan)
    assessed = assess(plan, observations, quarter=quarter, commentary=notes)
    report = build_report(plan, assessed, args.quarter, area=args.area, as_of=args.as_of)
    if report.rows.empty and report.drafts.empty:
        raise SspError(
            f"no measures to report for area {args.area!r} in {args.quarter}; "
            f"the plan's area is {plan.area.code} ({plan.area.name})."
        )
    text = _renderer(args.format)(report, sys.stdout.encoding)
    if isinstance(text, bytes):
        raise SspError(
            f"format {args.format!r} is a file, not text: use ssp-targets dashboard "
            f"--quarter {args.quarter!r} --out FILE --format {args.format}."
        )
    sys.stdout.write(text)
    return EXIT_OK


def _renderer(name: str) -> Callable[[Report, str | None], str | bytes]:
    """A built-in renderer, or one a plugin registers (the host loads only if needed)."""
    from .renderers import RENDERERS

    if name in RENDERERS and name != "html-fragment":
        return RENDERERS[name]
    from .plugins import PluginHost

    host = PluginHost()
    found = host.renderers().get(name)
    if found is None:
        raise SspError(
            f"unknown format {name!r}; choose one of {', '.join(sorted(host.renderers()))}."
        )
    render: Callable[[Report, str | None], str | bytes] = found.item.render
    return render


_SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".md": "md",
    ".csv": "csv",
    ".json": "json",
    ".txt": "table",
}


def _dashboard(args: argparse.Namespace) -> int:
    import os
    import tempfile

    from .assessment import assess
    from .definitions import load_plan
    from .periods import parse_quarter, quarter_label
    from .report import build_report
    from .store import parse_as_of

    out = Path(args.out)
    name = args.format or _SUFFIX_FORMATS.get(out.suffix.lower())
    if name is None:
        raise SspError(
            f"{out}: cannot tell the format from the suffix {out.suffix!r}; give --format "
            f"({', '.join(sorted(set(_SUFFIX_FORMATS.values())))} or a plugin's)."
        )
    renderer = _renderer(name)
    label = quarter_label(parse_quarter(args.quarter))
    config = _config(args)
    plan = load_plan(args.plan or config.plan or _no_plan(args))
    with _open_store(config.store) as store:
        observations = store.observations(as_of=args.as_of, indicators=sorted(plan.indicators))
        notes = store.commentary(as_of=args.as_of)
        loads = store.loads()
    if args.as_of:
        loads = loads[loads["loaded_at"] <= parse_as_of(args.as_of)]
    history = assess(plan, observations, commentary=notes)
    current = assess(plan, observations, quarter=label, commentary=notes)
    earlier = history[history["period"].astype(object) < label]
    import pandas as pd

    assessed = pd.concat([earlier, current], ignore_index=True)
    report = build_report(
        plan,
        assessed,
        label,
        area=args.area,
        as_of=args.as_of,
        provenance=loads,
        audience=args.audience,
        suppress_below=args.suppress_below,
    )
    content = renderer(report, None)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    # Write beside the target and rename: a failure never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        umask = os.umask(0)  # mkstemp makes the file private; give it the usual mode
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    print(f"{out}: {name} for {label}, {report.audience} version, marked {report.marking}.")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from .schema_text import report_schema

    print(json.dumps(report_schema(), indent=2))
    return EXIT_OK


def _config(args: argparse.Namespace) -> Config:
    from .config import load_config

    return load_config(args.config)


def _no_plan(args: argparse.Namespace) -> NoReturn:
    raise SspError('no plan given: pass --plan PLAN, or set plan = "..." in the config file.')


def _open_store(path: Path, create: bool = False) -> Store:
    from .store import Store

    if not create and not path.exists():
        raise SspError(f"{path}: no store yet. Load figures first: ssp-targets load FILE.csv")
    return Store(path)


def _progress(stage: str, done: int, total: int) -> None:
    """Progress on standard error: rewritten in place on a terminal, a line otherwise."""
    end = "\r" if sys.stderr.isatty() and done < total else "\n"
    print(f"{stage} {done:,} of {total:,} rows", end=end, file=sys.stderr, flush=True)


def _load(args: argparse.Namespace) -> int:
    from .checks import read_csv_text
    from .definitions import load_plan
    from .returns import is_return, read_return_file, split_return
    from .store import timed

    config = _config(args)
    plan = load_plan(config.plan) if config.plan else None
    progress = timed(_progress)
    if Path(args.file).suffix.lower() in (".xlsx", ".xlsm"):
        frame = read_return_file(args.file)
    else:
        frame = read_csv_text(args.file, "observations")
    notes = None
    if is_return(frame):  # a data-return form: figures and commentary, both checked first
        frame, notes = split_return(frame, plan, args.file)
    source = args.source or ("returns" if notes is not None else "csv")
    with _open_store(config.store, create=True) as store:
        result = store.load(frame, source=source, plan=plan, origin=args.file, progress=progress)
        print(f"{args.file}: {result.describe()} (into {config.store.name}).")
        if notes is not None and len(notes):
            said = store.load_commentary(notes, source=source, plan=plan, origin=args.file)
            print(f"{args.file}: {said.describe('comments')}.")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from .definitions import load_plan
    from .returns import return_form, write_return

    config = _config(args)
    plan = load_plan(config.plan or _no_plan(args))
    observations = None
    if config.store.exists():
        with _open_store(config.store) as store:
            observations = store.observations(indicators=sorted(plan.indicators))
    form = return_form(plan, args.quarter, args.owner, observations)
    handling = {plan.handling_of(plan.measure(m)) for m in form["measure"]}
    marking = "OFFICIAL-SENSITIVE" if "OFFICIAL-SENSITIVE" in handling else "OFFICIAL"
    write_return(form, args.out, marking, plan.owner_name(args.owner))
    print(f"{args.out}: data return for {args.owner}, {form['period'].iloc[0]}: {len(form)} rows.")
    return EXIT_OK


def _load_commentary(args: argparse.Namespace) -> int:
    from .checks import read_csv_text
    from .definitions import load_plan

    config = _config(args)
    plan = load_plan(config.plan) if config.plan else None
    frame = read_csv_text(args.file, "commentary")
    with _open_store(config.store, create=True) as store:
        result = store.load_commentary(frame, plan=plan, origin=args.file)
    print(f"{args.file}: {result.describe('comments')} (into {config.store.name}).")
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    from .definitions import load_plan
    from .renderers.history import render_history

    config = _config(args)
    plan = load_plan(config.plan or _no_plan(args))
    try:
        measure = plan.measure(args.measure)
    except KeyError:
        raise SspError(
            f"plan {plan.id!r} has no measure {args.measure!r}; its measures are "
            f"{', '.join(m.id for m in plan.measures)}."
        ) from None
    area = args.area or plan.area.code
    with _open_store(config.store) as store:
        revisions = [store.revisions(i, area=area) for i in measure.indicators]
    sys.stdout.write(render_history(plan, measure, area, revisions, encoding=sys.stdout.encoding))
    return EXIT_OK


def _loads(args: argparse.Namespace) -> int:
    from .renderers.history import render_loads

    config = _config(args)
    with _open_store(config.store) as store:
        sys.stdout.write(render_loads(store.loads()))
    return EXIT_OK


def _report_load_failures(host: PluginHost, verbose: bool = False) -> None:
    for failure in host.failures:
        print(f"ssp-targets: plugin {failure.line()}", file=sys.stderr)
        if verbose and failure.detail:
            print(failure.detail, file=sys.stderr)


def _plugins(args: argparse.Namespace) -> int:
    from .plugins import PluginHost

    host = PluginHost()
    for info in host.plugins():
        print(f"{info.name} {info.version}".strip())
        print(f"  sources: {', '.join(info.sources) or '-'}")
        print(f"  renderers: {', '.join(info.renderers) or '-'}")
    _report_load_failures(host)
    return EXIT_FAILED if host.failures else EXIT_OK


def _sources(args: argparse.Namespace) -> int:
    from .definitions import load_plan
    from .plugins import PluginHost

    host = PluginHost()
    registered = host.sources()
    supplied: dict[str, str] = {}
    for name, entry in registered.items():
        source = entry.item
        print(f"{name}  (owner {source.owner}; {entry.plugin} {entry.version})".strip())
        if source.open_indicators:
            print("  any indicator the plan names (the input says which)")
        for key, info in sorted(source.indicators.items()):
            supplied.setdefault(key, name)
            print(f"  {key}  {info.label} [{info.unit}]")
    plan_path = args.plan or _config(args).plan
    if plan_path:
        plan = load_plan(plan_path)
        print()
        print(f"Coverage of plan {plan.id!r}, by owner:")
        for owner in plan.owners:
            measures = [
                m
                for m in plan.measures
                if owner.id in m.owners and m.kind == "quantitative" and m.scored
            ]
            if not measures:
                continue
            print(f"  {owner.name} ({owner.id})")
            for m in measures:
                for indicator in m.indicators:
                    by = supplied.get(indicator)
                    where = f"from {by}" if by else "NO SOURCE: data return or CSV load"
                    print(f"    {m.id} {indicator}: {where}")
    _report_load_failures(host)
    return EXIT_OK


def _fetch(args: argparse.Namespace) -> int:
    from .definitions import load_plan
    from .plugins import PluginHost
    from .sources import default_quarters, fetch_into_store

    config = _config(args)
    plan = load_plan(config.plan or _no_plan(args))
    quarters = args.quarter or default_quarters(plan)
    host = PluginHost()
    _report_load_failures(host, args.verbose)
    names = args.source or sorted(host.sources())
    print(
        f"fetching {len(names)} source(s) for {len(quarters)} quarter(s), "
        f"{quarters[0]} to {quarters[-1]}",
        file=sys.stderr,
    )
    with _open_store(config.store, create=True) as store:
        runs = fetch_into_store(
            host,
            plan,
            store,
            quarters,
            names=args.source,
            options=config.sources,
            base=str(config.path.resolve().parent),
            timeout=args.timeout,
            started=lambda name: print(f"  {name} ...", file=sys.stderr, flush=True),
        )
    for run in runs:
        print(run.line())
        if args.verbose and run.detail:
            print(run.detail, file=sys.stderr)
    failed = [r for r in runs if r.failure is not None]
    return EXIT_FAILED if failed or host.failures else EXIT_OK


def _new_plugin(args: argparse.Namespace) -> int:
    from .scaffold import new_plugin

    path = new_plugin(args.name, args.out)
    print(f"{path}: a new source plugin. Next: pip install -e '{path}[test]' && pytest {path}")
    return EXIT_OK


COMMANDS = {
    "validate": _validate,
    "summary": _summary,
    "load": _load,
    "load-commentary": _load_commentary,
    "history": _history,
    "loads": _loads,
    "plugins": _plugins,
    "sources": _sources,
    "fetch": _fetch,
    "template": _template,
    "new-plugin": _new_plugin,
    "dashboard": _dashboard,
    "schema": _schema,
}


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
