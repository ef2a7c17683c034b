"""Commands on plans and figures: validate, summary, load, history, loads, template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ssp_targets.errors import SspError  # standard library only

if TYPE_CHECKING:
    from ssp_targets.report.quarter_report import Report

from ssp_targets.cli.common import (
    EXIT_OK,
    config_of,
    in_plan,
    no_plan,
    open_store,
    populations_of,
    progress,
    renderer_for,
    report_from_store,
)


def validate_command(args: argparse.Namespace) -> int:
    from ssp_targets.inputs.commentary import read_commentary
    from ssp_targets.inputs.observations import read_observations
    from ssp_targets.plan.toml_reader import load_plan

    plan = load_plan(args.plan)
    populations_of(plan)  # a population table the plan names must be there and sound
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


def summary_command(args: argparse.Namespace) -> int:
    from ssp_targets.plan.quarters import parse_quarter, quarter_label

    label = quarter_label(parse_quarter(args.quarter))  # a bad label fails before any file
    if args.observations:
        if args.as_of:
            raise SspError("--as-of reads the store; leave out --observations to use it.")
        report = _report_from_files(args, label)
    else:
        report = report_from_store(args, label, every_quarter=False)
    if report.rows.empty and report.drafts.empty:
        raise SspError(
            f"no measures to report for area {args.area!r} in {label}; "
            f"the plan's area is {report.plan.area.code} ({report.plan.area.name})."
        )
    text = renderer_for(args.format)(report, sys.stdout.encoding)
    if isinstance(text, bytes):
        raise SspError(
            f"format {args.format!r} is a file, not text: use ssp-targets dashboard "
            f"--quarter {args.quarter!r} --out FILE --format {args.format}."
        )
    sys.stdout.write(text)
    return EXIT_OK


def _report_from_files(args: argparse.Namespace, label: str) -> Report:
    from ssp_targets.assessment.assessed_frame import assess
    from ssp_targets.inputs.commentary import read_commentary
    from ssp_targets.inputs.observations import read_observations
    from ssp_targets.plan.toml_reader import load_plan
    from ssp_targets.report.building import build_report

    plan = load_plan(args.plan or config_of(args).plan or no_plan(args))
    in_plan(plan, label)
    observations = read_observations(args.observations, plan=plan)
    notes = read_commentary(args.commentary, plan=plan) if args.commentary else None
    populations = populations_of(plan)
    assessed = assess(plan, observations, quarter=label, commentary=notes, populations=populations)
    return build_report(plan, assessed, label, area=args.area, populations=populations)


def load_command(args: argparse.Namespace) -> int:
    from ssp_targets.inputs.csv_files import read_csv_text
    from ssp_targets.inputs.returns import is_return, read_return_file, split_return
    from ssp_targets.plan.toml_reader import load_plan
    from ssp_targets.store.transactions import timed

    config = config_of(args)
    plan = load_plan(config.plan) if config.plan else None
    report_progress = timed(progress)
    excel = Path(args.file).suffix.lower() in (".xlsx", ".xlsm")
    frame = read_return_file(args.file) if excel else read_csv_text(args.file, "observations")
    notes = None
    if {"measure", "text"} <= set(frame.columns) and "indicator" not in frame.columns:
        raise SspError(
            f"{args.file}: this is a commentary file (measure, period, rag, text, author), not "
            f"figures; load it with: ssp-targets load-commentary {args.file}"
        )
    if excel or is_return(frame):  # a data-return form: figures and commentary, checked first
        frame, notes = split_return(frame, plan, args.file)
        if len(notes) and plan is None:
            raise SspError(
                f"{args.file}: the return carries commentary, which is kept under the plan it "
                f'belongs to, but {config.path} names no plan; add plan = "..." to it. '
                "Nothing was loaded."
            )
    source = args.source or ("returns" if notes is not None else "csv")
    sample = f"marked synthetic by load --sample ({Path(args.file).name})" if args.sample else None
    with open_store(config.store, create=True, plan=plan) as store:
        # One transaction each, but the commentary is checked with the figures, above, so
        # a bad form stores nothing.
        result = store.load(
            frame,
            source=source,
            plan=plan,
            origin=args.file,
            progress=report_progress,
            sample=sample,
            require_known=plan is not None,
        )
        print(f"{args.file}: {result.describe()} (into {config.store.name}).")
        if notes is not None and len(notes):
            said = store.load_commentary(
                notes, source=source, plan=plan, origin=args.file, sample=sample
            )
            print(f"{args.file}: {said.describe('comments')}.")
    return EXIT_OK


def load_commentary_command(args: argparse.Namespace) -> int:
    from ssp_targets.inputs.csv_files import read_csv_text
    from ssp_targets.plan.toml_reader import load_plan

    config = config_of(args)
    plan = load_plan(config.plan or no_plan(args))
    frame = read_csv_text(args.file, "commentary")
    with open_store(config.store, create=True, plan=plan) as store:
        result = store.load_commentary(frame, plan=plan, origin=args.file)
    print(f"{args.file}: {result.describe('comments')} (into {config.store.name}).")
    return EXIT_OK


def history_command(args: argparse.Namespace) -> int:
    from ssp_targets.plan.toml_reader import load_plan
    from ssp_targets.renderers.revisions import render_history

    config = config_of(args)
    plan = load_plan(config.plan or no_plan(args))
    try:
        measure = plan.measure(args.measure)
    except KeyError:
        raise SspError(
            f"plan {plan.id!r} has no measure {args.measure!r}; its measures are "
            f"{', '.join(m.id for m in plan.measures)}."
        ) from None
    area = args.area or plan.area.code
    with open_store(config.store, plan=plan) as store:
        revisions = [store.revisions(i, area=area) for i in measure.indicators]
        loads = store.loads()
    samples = frozenset(int(x) for x in loads.loc[loads["sample"].notna(), "load_id"])
    sys.stdout.write(
        render_history(
            plan, measure, area, revisions, encoding=sys.stdout.encoding, sample_loads=samples
        )
    )
    return EXIT_OK


def loads_command(args: argparse.Namespace) -> int:
    from ssp_targets.plan.toml_reader import load_plan
    from ssp_targets.renderers.revisions import render_loads

    config = config_of(args)
    plan = load_plan(config.plan) if config.plan else None
    with open_store(config.store, plan=plan) as store:
        sys.stdout.write(render_loads(store.loads()))
    return EXIT_OK


def template_command(args: argparse.Namespace) -> int:
    from ssp_targets.inputs.return_forms import return_form, write_return
    from ssp_targets.output_files import writable_output
    from ssp_targets.plan.quarters import parse_quarter, quarter_label
    from ssp_targets.plan.toml_reader import load_plan

    out = writable_output(args.out)
    config = config_of(args)
    plan = load_plan(config.plan or no_plan(args))
    observations = None
    if config.store.exists():
        with open_store(config.store, plan=plan) as store:
            observations = store.observations(indicators=sorted(plan.indicators))
    in_plan(plan, quarter_label(parse_quarter(args.quarter)))
    form = return_form(plan, args.quarter, args.owner, observations)
    marking = plan.marking(plan.handling_of(plan.measure(m)) for m in form["measure"])
    write_return(form, out, marking, plan.owner_name(args.owner))
    print(f"{out}: data return for {args.owner}, {form['period'].iloc[0]}: {len(form)} rows.")
    return EXIT_OK
