"""The plan's population table: ONS estimates per area, for rates per 1,000 and for
comparing areas; and every area a plan knows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ssp_targets.errors import ObservationError, PlanError
from ssp_targets.inputs.csv_files import read_csv_text
from ssp_targets.inputs.row_checks import RowChecks
from ssp_targets.plan.definition import AREA_CODE, Plan


def load_populations(plan: Plan) -> pd.DataFrame:
    """The plan's population table (``populations = "file.csv"`` under ``[plan]``, a path
    relative to the plan file): columns ``area, name, year, population, source``, one row
    per area, for rates per 1,000 and comparisons. Raises :class:`PlanError` naming every
    bad row, or when the plan names no table."""
    if plan.populations is None:
        raise PlanError(
            f"{plan.source}: the plan names no population table; add "
            'populations = "populations.csv" under [plan].'
        )
    path = Path(plan.source).parent / plan.populations
    try:
        frame = read_csv_text(path, "population")
    except ObservationError as exc:
        raise PlanError(str(exc)) from None
    missing = [c for c in ("area", "name", "year", "population", "source") if c not in frame]
    if missing:
        raise PlanError(f"{path}: missing column(s) {', '.join(missing)}.")
    checks = RowChecks(frame, str(path), 2)
    area = checks.text("area")
    checks.flag_rows(~area.str.match(AREA_CODE.pattern), "area", "is not an ONS area code")
    blank = pd.Series(False, index=area.index)
    population = checks.number("population", allow_blank=blank, blank="is empty; give it")
    year = checks.number("year", allow_blank=blank, blank="is empty; give the estimate's year")
    checks.flag_rows(population <= 0, "population", "must be above zero")
    checks.flag_rows(area.duplicated(keep=False), "area", "appears twice")
    try:
        checks.raise_if_any()
    except ObservationError as exc:
        raise PlanError(exc.heading, exc.problems) from None
    return pd.DataFrame(
        {
            "area": area,
            "name": checks.text("name"),
            "year": year.astype(int),
            "population": population,
            "source": checks.text("source"),
        }
    )


def plan_areas(plan: Plan) -> frozenset[str]:
    """Every area the plan knows: its own, its comparator groups' and those of its
    population table (read from the file the plan names)."""
    areas = {plan.area.code, *(a for g in plan.groups for a in g.areas)}
    if plan.populations is not None:
        areas |= set(load_populations(plan)["area"])
    return frozenset(areas)
