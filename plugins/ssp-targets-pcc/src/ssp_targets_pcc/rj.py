"""The restorative justice referral log: one row per referral received.

Columns used: ``Date Received`` (dd/mm/yyyy or yyyy-mm-dd) and ``Local Authority``
(a Cleveland district's name or ONS code); ``Referral ID``, if present, must not repeat.
``Referring Agency``, ``Offence Type``, ``Outcome`` and any other columns are kept out
of the count: every referral received counts, whatever became of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ssp_targets import kit

from .common import AREA_COLUMNS, NAME, Stated, coverage, dated_rows, matched_columns, partial_notes

WHAT = "restorative justice referral log"
INDICATOR = "pcc:rj_referrals"

COLUMNS = {
    "date": ["Date Received", "Referral Date", "Date of Referral", "Date Referred"],
    "area": AREA_COLUMNS,
    "id": ["Referral ID", "Referral Ref", "Referral Reference", "Reference"],
}


def read_referrals(path: Path, stated: Stated) -> pd.DataFrame:
    """Read the referral log; return one row per referral with ``area`` (ONS code),
    ``date`` (received) and ``period`` (financial quarter).

    Raises :class:`~ssp_targets.SourceError` for a missing file or column, and once for
    every bad cell (a date that is not a date or lies outside the ``stated`` period, an
    authority that is not a Cleveland district, a repeated referral ID), naming the line
    and column of each.
    """
    frame = matched_columns(kit.read_export(path, WHAT, NAME), COLUMNS, str(path), {"id"})
    problems = kit.Problems(path, WHAT)
    referrals = dated_rows(frame, problems, stated)
    problems.raise_if_any(
        "Correct these cells in the export (or export the log again) and fetch again."
    )
    return referrals


def count_referrals(
    referrals: pd.DataFrame, quarters: Sequence[str], stated: Stated
) -> pd.DataFrame:
    """Referrals received per local authority and financial quarter, for the asked-for
    ``quarters`` (labels).

    The span the log covers is the ``stated`` period, an end not stated falling back to
    the log's first or last referral (any authority). A quarter within that span in which
    an authority named somewhere in the log had no referral gives a zero row; quarters
    outside it give no row (the log says nothing of them). A quarter the span cuts (it
    starts after the quarter's first day or ends before its last) is flagged provisional,
    with a note saying to or from which date it holds referrals: its count is short by
    whatever was received outside the log.
    """
    columns = kit.OBSERVATION_COLUMNS
    covers = coverage(referrals["date"], stated)
    if referrals.empty or covers is None:
        return pd.DataFrame(columns=columns)
    first, last = kit.quarter_of(pd.Series(covers)).tolist()
    # canonical labels ("2018/19 Q1") sort as the quarters do
    wanted = sorted(q for q in quarters if first <= q <= last)
    areas = sorted(referrals["area"].unique())
    grid = pd.MultiIndex.from_product([areas, wanted], names=["area", "period"])
    counts = referrals.groupby(["area", "period"]).size().reindex(grid, fill_value=0)
    out = counts.rename("value").reset_index()
    note = out["period"].map(partial_notes(referrals["date"], stated, "referrals"))
    return pd.DataFrame(
        {
            "indicator": INDICATOR,
            "area": out["area"].astype(str),
            "period": out["period"],
            "value": out["value"].astype(float),
            "flag": note.mask(note.notna(), "provisional"),
            "note": note,
        },
        columns=columns,
    )
