"""Disclosure control for the public audience: the one place where figures are withheld.

A public report must not give back, by any arithmetic, a count it holds back. So a row is
*suppressed* when a count of people or events in it is below the threshold (zero
included: "none" is as telling as "one"): a count measure's value, or any numerator or
denominator. Then every figure computed from a suppressed count is blank too:

- on the row itself: the value and the numerator (the denominator alone may stay, if it
  is not small itself), the interval, the rate per 1,000, the rank and comparison word,
  the trends, the year to date and the status (a status against a known
  target narrows a small count down to one or two values);
- on the rows that refer to it: a trend against it, the previous-quarter and last-year
  values, a change target worked out from it (and its amber band), and every year to
  date of its financial year from it on;
- across areas: the group's pooled figure, the ranks and the comparison words of every
  area compared on that indicator in that quarter (the pooled figure less the areas shown
  would give the count back).

(A year to date below the threshold needs no rule of its own: counts are not negative,
so one of its quarters is below the threshold too, and it is withheld with that quarter.)

Where a referred-to quarter is not in the assessed frame its suppression cannot be
known, so what is computed from it is withheld as well; give :func:`withhold` every quarter
(``assess`` without ``quarter=``) for a complete public report. Free text is released by
:func:`release_text`: only commentary its author marked public, and no source notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ssp_targets.plan.definition import BenchmarkTarget, ChangeTarget
from ssp_targets.plan.quarters import labels_to_ordinals, ordinal_quarter_number

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan

#: Why a withheld row has no status, for the reader.
WITHHELD_REASON = "withheld from the public version: counts below {n} are not shown"

_KEY = ["measure", "indicator", "area"]


def withhold(plan: Plan, assessed: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """``assessed`` (as :func:`~ssp_targets.assess` gives it for ``plan``) with every
    figure that a count below ``threshold`` could be recovered from blanked, and a boolean
    column ``suppressed`` marking the rows whose own counts are withheld (see the module
    notes)."""
    frame = assessed.copy()
    n = len(frame)
    frame["suppressed"] = np.zeros(n, dtype=bool)
    if n == 0:
        return frame
    quantitative = (frame["kind"].astype(object) == "quantitative").to_numpy()
    unit = frame["unit"].astype(object).to_numpy()
    is_count = unit == "count"

    def numbers(column: str) -> np.ndarray:
        return frame[column].to_numpy(dtype=float)

    with np.errstate(invalid="ignore"):
        small_value = is_count & (numbers("value") < threshold)
        small_numerator = numbers("numerator") < threshold
        small_denominator = numbers("denominator") < threshold
    own = quantitative & (small_value | small_numerator | small_denominator)
    frame["suppressed"] = own

    # Where each row's reference quarters stand: suppressed, shown, or not in the frame.
    ordinal = labels_to_ordinals(frame["period"].astype(object).astype(str))
    refer = _References(frame, ordinal, own)
    previous = refer.withheld(ordinal - 1)
    last_year = refer.withheld(ordinal - 4)
    target_from = _from_withheld_reference(plan, frame, refer, previous, last_year)
    ytd_withheld = refer.year_so_far_withheld(ordinal)

    blank = {
        "value": own,
        "numerator": own,
        "denominator": quantitative & small_denominator,
        "lower_ci": own,
        "upper_ci": own,
        "rate_per_1000": own,
        "value_previous_quarter": quantitative & (own | previous),
        "value_same_quarter_last_year": quantitative & (own | last_year),
        "target": quantitative & target_from,
        "amber_within": quantitative & target_from,
        "ytd": quantitative & (own | ytd_withheld),
    }
    for column, mask in blank.items():
        frame[column] = np.where(mask, np.nan, numbers(column))

    # Across areas: one suppressed area withholds the whole comparison on that key.
    pooled_key = [frame["measure"].astype(object), frame["indicator"].astype(object),
                  frame["period"].astype(object)]  # fmt: skip
    pooled_areas = {a for g in plan.groups for a in g.areas} | {
        m.target.against for m in plan.measures if isinstance(m.target, BenchmarkTarget)
    }
    in_pool = own & frame["area"].astype(object).isin(pooled_areas).to_numpy()
    shared = pd.Series(in_pool).groupby(pooled_key, dropna=False).transform("any")
    across = quantitative & shared.to_numpy(dtype=bool)
    for column in ("group_value", "rank"):
        frame[column] = np.where(across | own, np.nan, numbers(column))
    scored_by_comparison = [m.id for m in plan.measures if isinstance(m.target, BenchmarkTarget)]
    benchmark = across & frame["measure"].astype(object).isin(scored_by_comparison).to_numpy()
    frame["comparison"] = _blank_text(frame["comparison"], across | own)
    for column, mask in (
        ("trend_quarter", own | previous),
        ("trend_year", own | last_year),
    ):
        frame[column] = _replace(frame[column], quantitative & mask, "no_data")
    unscored = quantitative & (own | benchmark)
    frame["status"] = _replace(frame["status"], unscored, "no_data")
    reason = WITHHELD_REASON.format(n=threshold)
    frame["reason"] = _replace(frame["reason"], unscored, reason)
    if benchmark.any():
        frame["target"] = np.where(benchmark, np.nan, frame["target"].to_numpy(dtype=float))
    return frame


def release_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Free text for the public: commentary only where its author released it for public
    outputs (``commentary_public``), and no source notes (free text that no one vetted,
    which can state the very counts withheld); flags stay."""
    released = frame["commentary_public"].fillna(False).astype(bool).to_numpy()
    frame = frame.copy()
    for column in ("commentary", "author"):
        frame[column] = frame[column].astype(object).where(released, None)
    frame["note"] = None
    return frame


class _References:
    """Looks up, for each row, whether the same series' figure at another quarter is
    withheld: True when that quarter's row is suppressed or is not in the frame."""

    def __init__(self, frame: pd.DataFrame, ordinal: np.ndarray, own: np.ndarray) -> None:
        keys = [frame[c].astype(object).to_numpy() for c in _KEY]
        self.series, _ = pd.factorize(pd.MultiIndex.from_arrays(keys))
        lookup = pd.Series(own, index=pd.MultiIndex.from_arrays([self.series, ordinal]))
        self.lookup = lookup[~lookup.index.duplicated()]

    def withheld(self, at: np.ndarray) -> np.ndarray:
        found = self.lookup.reindex(pd.MultiIndex.from_arrays([self.series, at]))
        return found.isna().to_numpy() | found.fillna(False).to_numpy(dtype=bool)

    def year_so_far_withheld(self, ordinal: np.ndarray) -> np.ndarray:
        """True where an earlier quarter of the row's financial year is withheld."""
        number = ordinal_quarter_number(ordinal)
        out = np.zeros(len(ordinal), dtype=bool)
        for back in (1, 2, 3):
            out |= (number > back) & self.withheld(ordinal - back)
        return out


def _from_withheld_reference(
    plan: Plan,
    frame: pd.DataFrame,
    refer: _References,
    previous: np.ndarray,
    last_year: np.ndarray,
) -> np.ndarray:
    """True for rows whose target is a change worked out from a withheld figure."""
    measure = frame["measure"].astype(object)
    out = np.zeros(len(frame), dtype=bool)
    for m in plan.measures:
        target = m.target
        if not isinstance(target, ChangeTarget):
            continue
        rows = (measure == m.id).to_numpy()
        if target.against == "previous_quarter":
            out |= rows & previous
        elif target.against == "same_quarter_last_year":
            out |= rows & last_year
        else:
            base = labels_to_ordinals(pd.Series([target.against]))[0]
            out |= rows & refer.withheld(np.full(len(frame), base, dtype=np.int64))
    return out


def _replace(column: pd.Series, mask: np.ndarray, word: str) -> pd.Series:
    values = column.astype(object).to_numpy(copy=True)
    values[mask] = word
    return pd.Series(values, index=column.index, dtype="category")


def _blank_text(column: pd.Series, mask: np.ndarray) -> pd.Series:
    values = column.astype(object).to_numpy(copy=True)
    values[mask] = None
    return pd.Series(values, index=column.index, dtype="category")
