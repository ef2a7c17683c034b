"""The figures as a dense (indicator, area, quarter) grid, which is what lets the rules
run on whole arrays: the previous quarter or the same quarter last year is a shift along
the quarter axis."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.plan.definition import Plan
from ssp_targets.plan.quarters import FREQ, labels_to_ordinals


def observation_arrays(plan: Plan, observations: pd.DataFrame) -> dict[str, Any]:
    """Integer codes for the observations' indicators, areas and quarters, and numbers."""
    missing = [c for c in ("indicator", "period", "value") if c not in observations.columns]
    if missing:
        raise ObservationError(
            f"observations: missing column(s) {', '.join(missing)}; expected the observation "
            "frame (indicator, area, period, value, ...) as read_observations returns it."
        )
    period = observations["period"]
    if isinstance(period.dtype, pd.PeriodDtype):
        if period.dtype != pd.PeriodDtype(FREQ):
            raise ObservationError(f'observations: period must have freq="{FREQ}".')
        q = period.array.asi8.astype(np.int64)
    else:
        q = labels_to_ordinals(period)
    if (q < 0).any():
        bad = period[q < 0].iloc[0]
        raise ObservationError(
            f"observations: period {bad!r} is not a financial-year quarter; "
            "read the file with read_observations to see every bad row."
        )
    ind_codes, ind_names = factorize(observations["indicator"])
    if "area" in observations.columns:
        area_codes, area_names = factorize(observations["area"])
    else:
        area_codes, area_names = np.full(len(observations), -1, dtype=np.intp), []
    if plan.area.code not in area_names:
        area_names.append(plan.area.code)
    area_codes = np.where(area_codes < 0, area_names.index(plan.area.code), area_codes)

    def column(name: str) -> np.ndarray:
        if name not in observations.columns:
            return np.full(len(observations), np.nan)
        return pd.to_numeric(observations[name], errors="coerce").to_numpy(dtype=float)

    def text(name: str) -> np.ndarray | None:
        if name not in observations.columns or not observations[name].notna().any():
            return None
        values = observations[name].astype(object)
        return values.where(values.notna(), None).to_numpy(dtype=object)

    return {
        "flag": text("flag"),
        "note": text("note"),
        "indicator_codes": ind_codes,
        "indicator_names": list(ind_names),
        "area_codes": area_codes,
        "area_names": area_names,
        "q": q,
        "value": column("value"),
        "numerator": column("numerator"),
        "denominator": column("denominator"),
        "lower_ci": column("lower_ci"),
        "upper_ci": column("upper_ci"),
    }


def population_map(populations: pd.DataFrame | None) -> dict[str, float]:
    """Population by area code, from a frame with ``area`` and ``population`` columns."""
    if populations is None:
        return {}
    missing = [c for c in ("area", "population") if c not in populations.columns]
    if missing:
        raise ObservationError(
            f"populations: missing column(s) {', '.join(missing)}; expected the frame "
            "load_populations returns (area, name, year, population, source)."
        )
    if populations["area"].duplicated().any():
        raise ObservationError("populations: an area appears twice; give one row per area.")
    numbers = pd.to_numeric(populations["population"], errors="coerce")
    if not (numbers > 0).all():
        raise ObservationError("populations: every population must be a number above zero.")
    return dict(zip(populations["area"].astype(str), numbers.astype(float), strict=True))


def factorize(column: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Integer codes (-1 for missing) and the distinct values of a text column.

    A categorical column already is that; anything else is hashed as plain Python
    objects, which pandas does several times faster than through its string dtype.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), list(column.cat.categories)
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    return codes, list(uniques)


def present_values(values: np.ndarray) -> np.ndarray:
    """The distinct values of an array of small-range integers, sorted (faster than unique)."""
    if values.size == 0:
        return values
    low = int(values.min())
    return np.flatnonzero(np.bincount(values - low)) + low


def at(series: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The series at quarter positions ``k`` (NaN where ``k`` falls before the start)."""
    out = np.take(series, np.maximum(k, 0), axis=2)
    out[..., k < 0] = np.nan
    return out


def lookup(cells: np.ndarray, used: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The observation row of every cell of the (indicator, area, quarter) grid, -1 where
    there is none."""
    table = np.full(int(np.prod(shape)), -1, dtype=np.int64)
    table[cells] = np.flatnonzero(used)
    return table
