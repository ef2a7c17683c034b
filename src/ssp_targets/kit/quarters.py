"""Quarters for plugins: the financial-year quarter of dates, and which quarters an
export covers only in part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from ssp_targets.plan.quarters import (
    FREQ,
    ordinal_labels,
    parse_quarter,
    quarter_label,
)

# -- quarters ---------------------------------------------------------------------------


def quarter_of(dates: pd.Series) -> pd.Series:
    """The financial-year quarter label of each date (``""`` where the date is missing):
    2019-02-10 is ``"2018/19 Q4"``."""
    ordinals = quarter_ordinals(dates)
    out = np.full(len(ordinals), "", dtype=object)
    found = ordinals >= 0
    out[found] = ordinal_labels(ordinals[found])
    return pd.Series(out, index=dates.index, dtype=object)


def quarter_ordinals(dates: pd.Series) -> np.ndarray:
    """The financial-year quarter of each date as an integer ordinal (consecutive quarters
    differ by one; -1 where the date is missing), for arithmetic on many quarters at once:
    :func:`ordinal_labels` turns them back into labels."""
    stamps = pd.to_datetime(dates)
    out = np.full(len(stamps), -1, dtype=np.int64)
    found = stamps.notna().to_numpy()
    if found.any():
        out[found] = pd.PeriodIndex(stamps[found], freq=FREQ).asi8
    return out


def long_date(day: dt.date) -> str:
    """A date as notes write it: ``10 February 2019``."""
    return f"{day.day} {day:%B %Y}"  # without a platform's %-d


def parse_dates(text: pd.Series, formats: Sequence[str] = ("%d/%m/%Y", "%Y-%m-%d")) -> pd.Series:
    """Dates written in any of ``formats`` (by default ``dd/mm/yyyy`` or ``yyyy-mm-dd``),
    a time after the date ignored; NaT where a cell is blank or matches none."""
    day = (
        text.astype(str)
        .str.strip()
        .str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "", regex=True)
    )
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for form in formats:
        parsed = parsed.fillna(pd.to_datetime(day, format=form, errors="coerce"))
    return parsed


def partial_quarters(first: dt.date, last: dt.date, what: str = "records") -> dict[str, str]:
    """Notes for the quarters a period from ``first`` to ``last`` (both days included)
    covers only in part, by quarter label: the first quarter unless ``first`` is its first
    day, the last unless ``last`` is its last day. ``what`` names what the export holds:
    ``"incidents to 10 February 2019 only: the export ends there"``."""
    start, end = pd.Period(first, freq=FREQ), pd.Period(last, freq=FREQ)
    late = pd.Timestamp(first).normalize() > start.start_time
    early = pd.Timestamp(last).normalize() < end.end_time.normalize()
    notes: dict[str, str] = {}
    if late:
        notes[quarter_label(start)] = (
            f"{what} from {long_date(first)} only: the export starts there"
        )
    if early:
        notes[quarter_label(end)] = f"{what} to {long_date(last)} only: the export ends there"
    if late and early and start == end:
        notes[quarter_label(start)] = (
            f"{what} from {long_date(first)} to {long_date(last)} only: the export covers no "
            "more of the quarter"
        )
    return notes


def by_quarter(
    frame: pd.DataFrame,
    month: str,
    value: str,
    keys: Sequence[str] = (),
    months: Collection[pd.Period] | None = None,
) -> pd.DataFrame:
    """Monthly figures summed to financial-year quarters, flagging a quarter some of
    whose months are missing.

    ``frame`` has a ``month`` column (dates or ``pandas.Period`` months), a ``value`` and
    optional ``keys`` (e.g. indicator and area). ``months`` are the months the export
    covers (default: the months present in ``frame``). Returns ``keys``, ``period``,
    ``value``, ``flag`` and ``note``: a quarter with one or two of its months covered is
    ``provisional``, with a note naming the months it holds.
    """
    month_index = pd.PeriodIndex(pd.to_datetime(frame[month]), freq="M")
    covered = set(month_index) if months is None else {pd.Period(m, freq="M") for m in months}
    quarter = quarter_of(pd.Series(month_index.to_timestamp(), index=frame.index))
    grouped = (
        frame.assign(period=quarter)
        .groupby([*keys, "period"], as_index=False, sort=True)[value]
        .sum()
        .rename(columns={value: "value"})
    )
    notes: dict[str, str] = {}
    for label in sorted(set(grouped["period"])):
        q = parse_quarter(label)
        in_quarter = [m for m in pd.period_range(q.start_time, q.end_time, freq="M")]
        held = [m for m in in_quarter if m in covered]
        if 0 < len(held) < len(in_quarter):
            names = " and ".join(f"{m:%B}" for m in held)
            notes[label] = f"{names} {held[-1].year} only: the quarter's other months are missing"
    note = grouped["period"].map(notes).astype(object)
    grouped["note"] = note.where(note.notna(), None)
    grouped["flag"] = pd.Series(
        ["provisional" if n is not None else None for n in grouped["note"]],
        index=grouped.index,
        dtype=object,
    )
    return grouped[[*keys, "period", "value", "flag", "note"]]
