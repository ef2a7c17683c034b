"""The observation frame: one figure per (indicator, area, quarter), checked on the way in.

Columns: ``indicator`` (``source:key``), ``area`` (ONS code), ``period`` (canonical
quarter label), ``value``, and the optional ``numerator``, ``denominator`` (for ratios),
``lower_ci``, ``upper_ci`` (a 95% confidence interval the source publishes, such as
Fingertips', kept in place of the one :func:`~ssp_targets.assess` would compute),
``flag`` (provisional / revised / estimated / suppressed) and ``note``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.inputs.csv_files import read_csv_text
from ssp_targets.inputs.populations import plan_areas
from ssp_targets.inputs.row_checks import RowChecks, per_distinct
from ssp_targets.plan.definition import AREA_CODE, INDICATOR_RE

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan

COLUMNS = (
    "indicator",
    "area",
    "period",
    "value",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "flag",
    "note",
)
REQUIRED = ("indicator", "period", "value")
FLAGS = ("provisional", "revised", "estimated", "suppressed")
KEY = ["indicator", "area", "period"]


def read_observations(
    path: str | Path, plan: Plan | None = None, area: str | None = None
) -> pd.DataFrame:
    """Read the canonical observation CSV into the observation frame.

    ``area`` may be omitted from the file: rows without one take ``area`` if given,
    else the plan's area (else they stay empty and :func:`assess` gives them the plan's
    area). With a ``plan``, the plan's checks run too (see :func:`validate_observations`).
    Raises :class:`ObservationError` listing every bad row; nothing is returned partially.
    """
    frame = read_csv_text(path, "observations")
    return validate_observations(frame, plan=plan, area=area, origin=str(path), row_offset=2)


def validate_observations(
    frame: pd.DataFrame,
    plan: Plan | None = None,
    area: str | None = None,
    origin: str = "<frame>",
    row_offset: int = 2,
    require_known: bool = True,
    require_area: bool = False,
) -> pd.DataFrame:
    """Check and normalise a frame of observations; return the observation frame.

    Refused, with every problem listed: missing columns, unknown columns, a bad
    indicator name, a bad period, a value that is not a number, an unknown flag,
    numerator or denominator that are not numbers, a zero or negative denominator, a
    confidence interval with one limit, limits the wrong way round or a value outside
    them, and a duplicate (indicator, area, period). With a plan, also: an indicator no measure
    names (unless ``require_known`` is false, as for the store, which keeps every
    indicator), a percentage outside 0-100, a negative count and a numerator above its
    denominator. With ``require_area`` (as the store has it), a row that has no area and
    no default for one is refused. Row numbers in messages are positions plus
    ``row_offset`` (2 for a CSV file, whose header is line 1).
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(map(str, unknown))}")
        raise ObservationError(
            f"{origin}: {' and '.join(parts)}. The header must name indicator, period and "
            f"value, and may add {', '.join(c for c in COLUMNS if c not in REQUIRED)}."
        )
    checks = RowChecks(frame, origin, row_offset)
    default_area = area or (plan.area.code if plan is not None else None)
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))

    indicator = checks.text("indicator")
    checks.flag_rows(
        ~per_distinct(indicator, lambda u: u.str.match(INDICATOR_RE.pattern)).astype(bool),
        "indicator",
        "is not 'source:key' (e.g. crc:co_sso_positive_completions)",
    )
    out["indicator"] = indicator

    area_col = checks.text("area") if "area" in frame.columns else pd.Series("", index=out.index)
    if default_area is not None:
        area_col = area_col.mask(area_col == "", default_area)
    out["area"] = area_col.mask(area_col == "", None)
    if require_area:
        checks.flag_rows(
            area_col == "",
            "area",
            "is empty; give the area's ONS code (e.g. E06000004), or load with a plan, whose "
            "area a row without one then takes",
        )
    checks.flag_rows(
        (area_col != "")
        & ~per_distinct(area_col, lambda u: u.str.fullmatch(AREA_CODE.pattern)).astype(bool),
        "area",
        "is not an ONS area code (a letter and eight digits, e.g. E06000004 for Stockton-on-Tees)",
    )

    out["period"] = checks.period("period")

    flag = checks.text("flag") if "flag" in frame.columns else pd.Series("", index=out.index)
    flag = flag.str.lower()
    checks.flag_rows(~flag.isin(("", *FLAGS)), "flag", f"is not one of {', '.join(FLAGS)}")
    suppressed = flag == "suppressed"
    out["value"] = checks.number("value", allow_blank=suppressed)
    for column in ("numerator", "denominator", "lower_ci", "upper_ci"):
        if column in frame.columns:
            out[column] = checks.number(column, allow_blank=pd.Series(True, index=out.index))
        else:
            out[column] = np.nan
    checks.flag_rows(out["denominator"] <= 0, "denominator", "must be above zero")
    for blank, given in (("numerator", "denominator"), ("denominator", "numerator")):
        checks.flag_rows(
            out[blank].isna() & out[given].notna(),
            blank,
            f"is blank but {given} is given; give both the numerator and the denominator, "
            "or neither",
        )
    _check_intervals(out, checks)
    out["flag"] = flag.mask(flag == "", None)
    note = checks.text("note") if "note" in frame.columns else pd.Series("", index=out.index)
    out["note"] = note.mask(note == "", None)

    dupes = out.duplicated(KEY, keep=False) & (out["period"] != "")
    checks.flag_rows(
        dupes, "indicator", "duplicates another row's (indicator, area, period)", show="key"
    )
    if plan is not None:
        _check_against_plan(out, plan, checks, require_known, frame.reset_index(drop=True))
    checks.raise_if_any()
    return out


def _check_intervals(out: pd.DataFrame, checks: RowChecks) -> None:
    lower, upper, value = out["lower_ci"], out["upper_ci"], out["value"]
    for blank, given in (("lower_ci", "upper_ci"), ("upper_ci", "lower_ci")):
        checks.flag_rows(
            out[blank].isna() & out[given].notna(),
            blank,
            f"is blank but {given} is given; give both limits of the interval, or neither",
            show="key",
        )
    checks.flag_rows(lower > upper, "lower_ci", "is above upper_ci")
    # A little slack: published limits are rounded independently of the value.
    slack = 1e-6 * np.maximum(value.abs(), 1.0)
    checks.flag_rows(
        (value < lower - slack) | (value > upper + slack),
        "value",
        "lies outside its own confidence interval (lower_ci to upper_ci)",
    )


def _check_against_plan(
    out: pd.DataFrame, plan: Plan, checks: RowChecks, require_known: bool, raw: pd.DataFrame
) -> None:
    units: dict[str, str] = {}
    for measure in plan.measures:
        for indicator in measure.indicators:
            units.setdefault(indicator, measure.unit)
    unit = out["indicator"].map(units)
    checks.flag_rows(
        unit.isna() & (out["indicator"] != "") & require_known,
        "indicator",
        f"is not named by any measure of plan {plan.id!r}; check the spelling or add it "
        "to the plan",
    )
    if require_known:
        known = plan_areas(plan)
        listed = ", ".join(sorted(known))
        checks.flag_rows(
            out["area"].notna() & ~out["area"].isin(known),
            "area",
            f"is not an area of plan {plan.id!r}; its areas (its own, its comparator groups' "
            f"and its population table's) are {listed}",
        )
    value = out["value"]
    checks.flag_rows(
        (unit == "percent") & ((value < 0) | (value > 100)),
        "value",
        "is a percentage outside 0-100",
    )
    checks.flag_rows((unit == "count") & (value < 0), "value", "is a negative count")
    checks.flag_rows(out["numerator"] > out["denominator"], "numerator", "is above its denominator")
    # A ratio's value must be its numerator over its denominator in the unit's scale, to
    # within the rounding of the value as written (half a unit in its last decimal place),
    # unless the figure is flagged estimated: modelled counts (as Fingertips publishes for
    # some indicators) need not agree with the published value.
    scale = unit.map(RATIO_SCALE).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = scale * out["numerator"].to_numpy() / out["denominator"].to_numpy()
    given = value.to_numpy()
    estimated = (out["flag"] == "estimated").to_numpy(dtype=bool)
    compared = np.flatnonzero(np.isfinite(expected) & np.isfinite(given) & ~estimated)
    if compared.size:
        slack = np.maximum(
            _rounding(raw["value"].iloc[compared]), 1e-9 * np.abs(expected[compared])
        )
        off = np.zeros(len(out), dtype=bool)
        off[compared] = np.abs(given[compared] - expected[compared]) > slack
        checks.flag_rows(
            off,
            "value",
            "disagrees with its numerator and denominator beyond rounding (a percentage is "
            "100 × numerator / denominator, a rate per 1,000 is 1,000 × numerator / "
            "denominator); correct the value or the counts",
        )


#: Units whose value is a ratio of numerator to denominator, and the ratio's scale.
RATIO_SCALE = {"percent": 100.0, "rate_per_1000": 1_000.0, "rate_per_100000": 100_000.0}


def _rounding(values: pd.Series) -> np.ndarray:
    """Half a unit in the last decimal place of each value as written (0.05 for "72.4",
    0.5 for "72" or an integer); for floats already typed, of their shortest decimal form
    in their own precision (a float32 72.4 is "72.4", not 72.4000015258789), and 0.5 for
    a whole float (84.0), which cannot say whether it was rounded."""
    if pd.api.types.is_integer_dtype(values.dtype):
        return np.full(len(values), 0.5)
    if pd.api.types.is_float_dtype(values.dtype):
        # Each float's shortest text in its own precision; a whole float (84.0) may be a
        # figure rounded to whole units, as the same figure written "84" would be.
        whole = np.isfinite(values) & (values == np.round(values))
        values = values.astype(str).mask(whole.to_numpy(), "0")

    def half_unit(distinct: pd.Series) -> pd.Series:
        out = []
        for item in distinct:
            try:
                exponent = Decimal(str(item).strip()).as_tuple().exponent
            except (InvalidOperation, TypeError, ValueError):
                out.append(0.0)
                continue
            out.append(0.5 * 10.0**exponent if isinstance(exponent, int) else 0.0)
        return pd.Series(out, dtype=float)

    return per_distinct(values.reset_index(drop=True), half_unit).to_numpy(dtype=float)
