"""The restorative justice referral log: one row per referral received.

Columns used: ``Date Received`` (dd/mm/yyyy or yyyy-mm-dd) and ``Local Authority``
(a Cleveland district's name or ONS code); ``Referral ID``, if present, must not repeat.
``Referring Agency``, ``Offence Type``, ``Outcome`` and any other columns are kept out
of the count: every referral received counts, whatever became of it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.periods import ordinal_labels

from .common import (
    AREA_HELP,
    Problems,
    Stated,
    area_codes,
    coverage,
    financial_quarters,
    find_column,
    flag_outside,
    flag_repeats,
    missing_column,
    parse_dates,
    partial_quarters,
    read_export,
)

WHAT = "restorative justice referral log"
INDICATOR = "pcc:rj_referrals"

DATE_COLUMNS = ["Date Received", "Referral Date", "Date of Referral", "Date Referred"]
AREA_COLUMNS = ["Local Authority", "Local Authority Code", "Local Authority Name", "LA"]
ID_COLUMNS = ["Referral ID", "Referral Ref", "Referral Reference", "Reference"]


def read_referrals(path: Path, stated: Stated) -> pd.DataFrame:
    """Read the referral log; return one row per referral with ``area`` (ONS code),
    ``date`` (received) and ``quarter`` (financial-quarter ordinal).

    Raises :class:`SourceError` for a missing file or column, and once for every bad
    cell (a date that is not a date or lies outside the ``stated`` period, an authority
    that is not a Cleveland district, a repeated referral ID), naming the line and
    column of each.
    """
    frame, lines = read_export(path, WHAT)
    date_col = find_column(frame, DATE_COLUMNS)
    if date_col is None:
        raise missing_column(path, WHAT, frame, DATE_COLUMNS)
    area_col = find_column(frame, AREA_COLUMNS)
    if area_col is None:
        raise missing_column(path, WHAT, frame, AREA_COLUMNS)
    id_col = find_column(frame, ID_COLUMNS)

    problems = Problems(path, WHAT)
    date_text = frame[date_col].str.strip()
    dates = parse_dates(date_text)
    problems.flag(
        lines,
        date_text,
        dates.isna(),
        date_col,
        "{value} is not a date written dd/mm/yyyy (or yyyy-mm-dd)",
    )
    outside = flag_outside(problems, lines, date_text, dates, stated, date_col)
    area_text = frame[area_col].str.strip()
    areas = area_codes(area_text)
    problems.flag(lines, area_text, areas.isna(), area_col, f"{{value}} is not one of {AREA_HELP}")
    if id_col is not None:
        flag_repeats(problems, lines, frame[id_col].str.strip(), id_col, "referral")
    fix = "Correct these cells in the export (or export the log again) and fetch again."
    problems.raise_if_any(f"{fix} {outside}".strip())
    return pd.DataFrame({"area": areas, "date": dates, "quarter": financial_quarters(dates)})


def count_referrals(referrals: pd.DataFrame, quarters: np.ndarray, stated: Stated) -> pd.DataFrame:
    """Referrals received per local authority and financial quarter, for the asked-for
    ``quarters`` (ordinals).

    The span the log covers is the ``stated`` period, an end not stated falling back to
    the log's first or last referral (any authority). A quarter within that span in which
    an authority named somewhere in the log had no referral gives a zero row; quarters
    outside it give no row (the log says nothing of them). A quarter the span cuts (it
    starts after the quarter's first day or ends before its last) is flagged provisional,
    with a note saying to or from which date it holds referrals: its count is short by
    whatever was received outside the log.
    """
    columns = ["indicator", "area", "period", "value", "flag", "note"]
    covers = coverage(referrals["date"], stated)
    if referrals.empty or covers is None:
        return pd.DataFrame(columns=columns)
    first, last = financial_quarters(pd.Series(covers))
    wanted = np.sort(quarters[(quarters >= first) & (quarters <= last)])
    areas = np.sort(referrals["area"].unique())
    grid = pd.MultiIndex.from_product([areas, wanted], names=["area", "quarter"])
    counts = referrals.groupby(["area", "quarter"]).size().reindex(grid, fill_value=0)
    out = counts.rename("value").reset_index()
    note = out["quarter"].map(partial_quarters(covers, "referrals", "log"))
    return pd.DataFrame(
        {
            "indicator": INDICATOR,
            "area": out["area"].astype(str),
            "period": ordinal_labels(out["quarter"].to_numpy()),
            "value": out["value"].astype(float),
            "flag": note.mask(note.notna(), "provisional"),
            "note": note,
        },
        columns=columns,
    )
