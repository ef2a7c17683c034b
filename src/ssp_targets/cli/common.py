"""What the commands share: exit codes, the config, the store, progress, renderers."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ssp_targets.errors import SspError  # standard library only

if TYPE_CHECKING:
    import pandas as pd

    from ssp_targets.cli.project_config import Config
    from ssp_targets.plan.definition import Plan
    from ssp_targets.report.quarter_report import Report
    from ssp_targets.sources.host import PluginHost
    from ssp_targets.store.sqlite import Store


EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def config_of(args: argparse.Namespace) -> Config:
    from ssp_targets.cli.project_config import load_config

    return load_config(args.config)


def no_plan(args: argparse.Namespace) -> NoReturn:
    raise SspError('no plan given: pass --plan PLAN, or set plan = "..." in the config file.')


def in_plan(plan: Plan, label: str) -> str:
    """``label``, refused unless the quarter falls within the plan's years."""
    from ssp_targets.plan.quarters import parse_quarter, year_label

    first, last = f"{year_label(plan.start)} Q1", f"{year_label(plan.end)} Q4"
    if not parse_quarter(first) <= parse_quarter(label) <= parse_quarter(last):
        raise SspError(
            f"{label} is outside plan {plan.id!r}, which runs from {first} to {last}; give "
            "a quarter of the plan, or name another plan with --plan or in the config."
        )
    return label


def populations_of(plan: Plan) -> pd.DataFrame | None:
    """The plan's population table, or None when it names none (no rates per 1,000)."""
    from ssp_targets.inputs.populations import load_populations

    return load_populations(plan) if plan.populations is not None else None


@contextlib.contextmanager
def open_store(path: Path, create: bool = False, plan: Plan | None = None) -> Iterator[Store]:
    """The store at ``path``, opened for ``plan`` (whose commentary it reads and writes).
    A store this command created is removed again if the command fails, so a refused
    first load leaves nothing behind."""
    from ssp_targets.store.sqlite import Store

    existed = path.exists()
    if not create and not existed:
        raise SspError(f"{path}: no store yet. Load figures first: ssp-targets load FILE.csv")
    store = Store(path, plan=plan)
    try:
        with store:
            yield store
    except BaseException:
        if not existed:
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise


def progress(stage: str, done: int, total: int) -> None:
    """Progress on standard error: rewritten in place on a terminal, a line otherwise."""
    end = "\r" if sys.stderr.isatty() and done < total else "\n"
    print(f"{stage} {done:,} of {total:,} rows", end=end, file=sys.stderr, flush=True)


def renderer_for(name: str) -> Callable[[Report, str | None], str | bytes]:
    """A built-in renderer, or one a plugin registers (the host loads only if needed)."""
    from ssp_targets.renderers.formats import FORMATS

    if name in FORMATS:
        return FORMATS[name].render
    from ssp_targets.sources.host import PluginHost

    host = PluginHost()
    found = host.renderers().get(name)
    if found is None:
        raise SspError(
            f"unknown format {name!r}; choose one of {', '.join(sorted(host.renderers()))}."
        )
    render: Callable[[Report, str | None], str | bytes] = found.item.render
    return render


def report_load_failures(host: PluginHost, verbose: bool = False) -> None:
    for failure in host.failures:
        print(f"ssp-targets: plugin {failure.line()}", file=sys.stderr)
        if verbose and failure.detail:
            print(failure.detail, file=sys.stderr)


def report_from_store(
    args: argparse.Namespace,
    label: str,
    every_quarter: bool,
    audience: str = "partnership",
    suppress_below: int = 5,
) -> Report:
    """The report for quarter ``label`` from the config's store (as it stood at
    ``args.as_of``, if given), with its provenance; ``every_quarter`` assesses the quarters
    before it too (for charts, and for a complete public version)."""
    from ssp_targets.plan.toml_reader import load_plan
    from ssp_targets.report.from_store import report_from_store as build

    config = config_of(args)
    plan = load_plan(args.plan or config.plan or no_plan(args))
    in_plan(plan, label)
    notes = None
    if getattr(args, "commentary", None):
        from ssp_targets.inputs.commentary import read_commentary

        notes = read_commentary(args.commentary, plan=plan)
    with open_store(config.store, plan=plan) as store:
        return build(
            store,
            plan,
            label,
            as_of=args.as_of,
            area=args.area,
            audience=audience,
            suppress_below=suppress_below,
            populations=populations_of(plan),
            commentary=notes,
            history=every_quarter,
        )
