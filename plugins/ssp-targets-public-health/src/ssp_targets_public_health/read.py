"""Reading the OHID Fingertips data CSV into the observation frame.

The file is the one the Fingertips API serves from ``all_data/csv/by_indicator_id``,
``by_profile_id``, ``by_group_id`` or ``for_one_indicator`` (27 columns, see the
README). It is read with the kit (``read_export``: text cells, UTF-8 or Windows-1252,
each row's file line kept) and its columns are found by name, never by position
(``match_columns``), so an added, dropped or renamed column the plugin does not use
(column 23's name varies by endpoint; older files call column 26 "Target data"; new
releases add columns) does no harm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets import SourceError, kit

from .periods import ACCEPTED_FORMS, period_ends

#: Columns the plugin cannot work without.
REQUIRED_COLUMNS = (
    "Indicator ID",
    "Area Code",
    "Sex",
    "Time period",
    "Value",
    "Count",
    "Denominator",
)
#: Used when present: the published 95% limits go into ``lower_ci`` / ``upper_ci``,
#: the value note into ``note``; Age and Category Type narrow the rows.
OPTIONAL_COLUMNS = (
    "Age",
    "Category Type",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Value note",
)
#: The published 95% confidence limits. Only these: the 99.8% limits (and any other
#: level) are never put into ``lower_ci`` / ``upper_ci``, which the core takes as 95%.
CI_COLUMNS = ("Lower CI 95.0 limit", "Upper CI 95.0 limit")
#: What the file is, in messages (the kit's messages put "the" before it).
WHAT = "Fingertips export"

#: Flags read from the words of a Value note, the first that matches winning. Only the
#: flag words themselves are matched (whole words, any case): Fingertips' exact wording for
#: such notes is not known here, and no other phrase is guessed at.
NOTE_FLAGS = (
    ("estimated", r"\bestimate[ds]?\b"),
    ("provisional", r"\bprovisional\b"),
    ("revised", r"\brevised\b"),
)
#: The note given to a figure flagged "estimated" because its counts are modelled.
MODELLED_NOTE = (
    "Count and Denominator are modelled (not whole numbers), so the Value need not equal "
    "100 x Count / Denominator"
)
#: The core's floor on the slack between a Value and 100 x Count / Denominator, relative
#: to the latter (for Values written to more digits than a float holds).
RATIO_SLACK = 1e-9
#: How far outside its own 95% limits a Value may lie before it is refused: the core's
#: slack (published limits are rounded independently of the value).
CI_SLACK = 1e-6
#: Said once after the listed problems.
FIX = "Correct those rows, or download the file again from Fingertips, and run fetch again."


@dataclass(frozen=True)
class Selection:
    """Which rows of an export to keep.

    ``indicator_ids`` maps each indicator key (``public-health:...``) to its Fingertips
    indicator ID; ``areas`` are the area codes to keep; ``age``, if set, keeps only rows
    with that Age (e.g. ``"18+ yrs"``). Only ``Persons`` rows without an inequality
    breakdown (blank Category Type) are kept.
    """

    indicator_ids: Mapping[str, int]
    areas: frozenset[str]
    age: str | None = None
    sex: str = field(default="Persons")


def _number(text: pd.Series) -> pd.Series:
    return pd.to_numeric(text.where(text != ""), errors="coerce")


def load_csv(path: Path) -> pd.DataFrame:
    """The export as text with each row's file line in ``line``, its columns named as
    Fingertips names them (matched ignoring case, spaces and punctuation)."""
    return kit.match_columns(
        kit.read_export(path, WHAT, "public-health"),
        {name: [name] for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)},
        str(path),
        optional=OPTIONAL_COLUMNS,
    )


def read_fingertips(path: Path, selection: Selection) -> pd.DataFrame:
    """Read a Fingertips data CSV and return the observation frame (all quarters).

    One row per (indicator, area, quarter) for the selected indicators and areas, Persons
    only: ``value`` is the published Value (never recomputed), ``numerator`` the Count
    and ``denominator`` the Denominator (both kept as published, non-integer included),
    ``lower_ci`` / ``upper_ci`` the published 95% limits (NaN unless the row gives both
    and a Value), ``period`` the quarter the time period ends in, ``flag`` and ``note``
    as :func:`_flags_and_notes` makes them. A Count without a Denominator, or the reverse,
    is dropped (the Value stays). Raises :class:`SourceError` listing every bad row.
    """
    frame = load_csv(path)
    problems = kit.Problems(path, WHAT)

    ids = _number(frame["Indicator ID"])
    problems.flag(
        frame,
        ids.isna() | (ids != ids.round()),
        "Indicator ID",
        "is not a whole number; every row of a Fingertips data CSV names its indicator ID",
    )
    problems.raise_if_any(FIX)
    ids = ids.astype("int64")

    by_id = {fid: key for key, fid in selection.indicator_ids.items()}
    known = ids.isin(list(by_id))
    if not known.any():
        seen = ", ".join(map(str, sorted(ids.unique())[:10])) or "none"
        wanted = ", ".join(f"{key} = {fid}" for key, fid in selection.indicator_ids.items())
        lines = f"lines 2-{frame['line'].iloc[-1]}, " if len(frame) else ""
        raise SourceError(
            f"{path}: {lines}column 'Indicator ID': no row has an indicator ID the plugin "
            f"reads (the file has {seen}; the plugin maps {wanted}). "
            "Download the export for those IDs, or map the file's IDs to indicators with "
            'indicator_ids = { "public-health:..." = ID } in [sources.public-health] of '
            "ssp-targets.toml."
        )

    keep = known & frame["Area Code"].isin(selection.areas)
    keep &= frame["Sex"].str.lower() == selection.sex.lower()
    if "Category Type" in frame.columns:
        keep &= frame["Category Type"] == ""
    if selection.age is not None and "Age" in frame.columns:
        keep &= frame["Age"] == selection.age
    rows = frame.loc[keep].copy()
    rows_ids = ids[keep]

    ends = period_ends(rows["Time period"])
    problems.flag(
        rows,
        ends < 0,
        "Time period",
        f"is not a Fingertips time period the plugin can place in a quarter; accepted forms: "
        f"{ACCEPTED_FORMS}",
    )

    value = _number(rows["Value"])
    suppressed = rows["Value"] == ""
    problems.flag(rows, value.isna() & ~suppressed, "Value", "is not a number")
    problems.flag(rows, (value < 0) | (value > 100), "Value", "is a percentage outside 0-100")
    count, denominator = _number(rows["Count"]), _number(rows["Denominator"])
    for column, numbers in (("Count", count), ("Denominator", denominator)):
        problems.flag(
            rows, numbers.isna() & (rows[column] != ""), column, "is not a number (or blank)"
        )
    problems.flag(rows, count < 0, "Count", "is negative")
    problems.flag(rows, denominator <= 0, "Denominator", "must be above zero")
    problems.flag(
        rows,
        count > denominator,
        "Count",
        "is above the row's Denominator (a proportion cannot exceed its whole)",
    )
    lower, upper = _limits(rows, value, problems)
    flag, note = _flags_and_notes(rows, suppressed, _modelled(count, denominator))
    _check_ratio(rows, value, count, denominator, flag == "estimated", problems)
    problems.raise_if_any(FIX)
    # The core takes a numerator only with its denominator: keep both, or neither.
    paired = count.notna() & denominator.notna()
    count, denominator = count.where(paired), denominator.where(paired)

    out = pd.DataFrame(
        {
            "indicator": rows_ids.map(by_id).to_numpy(dtype=object),
            "area": rows["Area Code"].to_numpy(dtype=object),
            "period": kit.ordinal_labels(ends),
            "value": value.to_numpy(dtype=float),
            "numerator": count.to_numpy(dtype=float),
            "denominator": denominator.to_numpy(dtype=float),
            "lower_ci": lower.to_numpy(dtype=float),
            "upper_ci": upper.to_numpy(dtype=float),
            "flag": flag.to_numpy(dtype=object),
            "note": note.to_numpy(dtype=object),
            "line": rows["line"].to_numpy(),
            "Time period": rows["Time period"].to_numpy(dtype=object),
        }
    )
    out.attrs = rows.attrs  # to name "Time period" as the file heads it
    return _dedupe(out, problems)[list(kit.OBSERVATION_COLUMNS)].reset_index(drop=True)


def _limits(
    rows: pd.DataFrame, value: pd.Series, problems: kit.Problems
) -> tuple[pd.Series, pd.Series]:
    """The published 95% limits, as numbers: NaN in both unless the row gives both and a
    Value (one limit alone, or limits beside a suppressed Value, give neither).

    Flags a limit that is not a number (or blank), a lower limit above the upper, and a
    Value outside its own limits (beyond the core's slack), so the core never refuses
    what the plugin returns.
    """
    if not set(CI_COLUMNS) <= set(rows.columns):
        nothing = pd.Series(np.nan, index=rows.index, dtype=float)
        return nothing, nothing.copy()
    lower, upper = (_number(rows[column]) for column in CI_COLUMNS)
    for column, numbers in zip(CI_COLUMNS, (lower, upper), strict=True):
        problems.flag(
            rows, numbers.isna() & (rows[column] != ""), column, "is not a number (or blank)"
        )
    both = lower.notna() & upper.notna() & value.notna()
    lower, upper = lower.where(both), upper.where(both)
    reversed_ = lower > upper
    problems.flag(rows, reversed_, CI_COLUMNS[0], "is above the row's Upper CI 95.0 limit")
    slack = CI_SLACK * np.maximum(value.abs(), 1.0)
    problems.flag(
        rows,
        ~reversed_ & ((value < lower - slack) | (value > upper + slack)),
        "Value",
        "lies outside the row's own 95% confidence limits (Lower/Upper CI 95.0 limit)",
    )
    return lower, upper


def _notes(rows: pd.DataFrame) -> pd.Series:
    """The Value note, where present (the 95% limits have their own columns)."""
    if "Value note" not in rows.columns:
        return pd.Series(None, index=rows.index, dtype=object)
    note = rows["Value note"]
    return note.mask(note == "", None)


def _modelled(count: pd.Series, denominator: pd.Series) -> pd.Series:
    """Rows whose Count or Denominator is not a whole number: Fingertips' modelled counts
    (e.g. 4018.333333). People are counted in whole numbers, so these are estimates, and
    Fingertips' Value need not be their ratio (it is off by up to 0.02 points in real files)."""
    return (count.notna() & (count % 1 != 0)) | (denominator.notna() & (denominator % 1 != 0))


def _flags_and_notes(
    rows: pd.DataFrame, suppressed: pd.Series, modelled: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Each row's flag and note, from what the export says of the figure.

    ``suppressed`` where the Value is blank; else ``estimated`` where the counts are
    modelled (the note then says so, after any Value note); else the first flag word of
    :data:`NOTE_FLAGS` in the Value note; else none. Otherwise the note is the Value note.
    """
    note = _notes(rows)
    text = note.fillna("")
    flag = pd.Series(None, index=rows.index, dtype=object)
    for name, pattern in reversed(NOTE_FLAGS):  # reversed: the first match is applied last
        flag = flag.mask(text.str.contains(pattern, case=False, regex=True), name)
    estimated = modelled & ~suppressed
    flag = flag.mask(estimated, "estimated").mask(suppressed, "suppressed")
    joined = text.where(text == "", text + "; ") + MODELLED_NOTE
    return flag, note.mask(estimated, joined)


def _half_unit(text: pd.Series) -> pd.Series:
    """Half a unit in the last decimal place of each Value, as the core reads the float the
    plugin returns: its shortest form, so trailing zeros do not count ("40.50" gives 0.05)
    and a whole number gives 0.5 ("80" and "80.0" alike). Text that is not a plain decimal
    gives 0 (no slack)."""
    places = text.str.extract(r"^[+-]?\d*\.?(\d*?)0*$", expand=False).str.len()
    return (0.5 * 10.0**-places).fillna(0.0)


def _check_ratio(
    rows: pd.DataFrame,
    value: pd.Series,
    count: pd.Series,
    denominator: pd.Series,
    estimated: pd.Series,
    problems: kit.Problems,
) -> None:
    """Flag a Value that is not 100 x Count / Denominator beyond its rounding, where the
    figure is not estimated. The core refuses such a row; here it is named by its line."""
    expected = 100 * count / denominator
    slack = np.maximum(_half_unit(rows["Value"]), RATIO_SLACK * expected.abs())
    comparable = ~estimated & (count >= 0) & (count <= denominator) & (denominator > 0)
    problems.flag(
        rows,
        comparable & ((value - expected).abs() > slack),
        "Value",
        "is not 100 x Count / Denominator (beyond the rounding of the Value), and Count and "
        "Denominator are whole numbers, so not modelled estimates; one of the three is wrong",
    )


def _dedupe(out: pd.DataFrame, problems: kit.Problems) -> pd.DataFrame:
    """Drop repeated rows (a ``for_one_indicator`` file can list an area once per area
    type vintage); refuse two rows that give different figures for one quarter."""
    figures = ["indicator", "area", "period", "value", "numerator", "denominator"]
    out = out.loc[~out[[*figures, "lower_ci", "upper_ci"]].fillna(-1.0).duplicated()]
    problems.flag_repeats(
        out.rename(columns={"period": "quarter"}),
        "Time period",
        keys=["indicator", "area", "quarter"],
        fix="Rows for one indicator, area and quarter give a different Value, Count, "
        "Denominator or 95% CI: two periods ending in the same quarter, or two age bands; "
        'keep one, or set age = "..." in [sources.public-health].',
    )
    problems.raise_if_any(FIX)
    return out
