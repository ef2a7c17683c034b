"""Each slot's rule parameters as arrays, and its targets quarter by quarter."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ssp_targets.assessment import rules
from ssp_targets.plan.definition import (
    UNIT_SCALE,
    BenchmarkTarget,
    ChangeTarget,
    FixedTarget,
    Measure,
    Plan,
    YearTargets,
)
from ssp_targets.plan.quarters import financial_year, from_ordinal, parse_quarter

# Which figure a change target is set against.
_PREVIOUS, _LAST_YEAR, _BASELINE = range(3)


class Slots:
    """The rule parameters of each slot (a measure's indicator) as arrays indexed by slot:
    polarity sign, kind of target, amber band, unit scale, year-to-date aggregate and the
    quarter it retires from; and its targets at any quarters (:meth:`targets`)."""

    def __init__(self, plan: Plan, measures: Sequence[Measure], q0: int, nq: int) -> None:
        n = len(measures)
        self.q0, self.nq, self.measures = q0, nq, measures
        self.sign = np.array(
            [{"higher": 1.0, "lower": -1.0}.get(m.polarity, 0.0) for m in measures]
        )
        self.target_kind = np.zeros(n, dtype=np.int8)
        self.band = np.array([plan.band(m).value for m in measures], dtype=float)
        self.band_relative = np.array([plan.band(m).relative for m in measures], dtype=bool)
        self.scale = np.array([UNIT_SCALE[m.unit] for m in measures])
        self.aggregate = np.array([m.aggregate for m in measures], dtype=object)
        self.retired = np.array(
            [
                parse_quarter(m.retired).ordinal if m.retired else np.iinfo(np.int64).max
                for m in measures
            ],
            dtype=np.int64,
        )
        self.reference_reason: list[str | None] = [None for _ in measures]
        for i, m in enumerate(measures):
            t = m.target
            if t is None or m.polarity == "none":
                continue
            self.target_kind[i] = (
                rules.FIXED
                if isinstance(t, FixedTarget)
                else rules.BY_YEAR
                if isinstance(t, YearTargets)
                else rules.BENCHMARK  # scored across areas, by across_areas.Rows.benchmark_status
                if isinstance(t, BenchmarkTarget)
                else rules.CHANGE
            )
            if isinstance(t, ChangeTarget):
                where = {
                    "same_quarter_last_year": "the same quarter last year",
                    "previous_quarter": "the previous quarter",
                }.get(t.against, t.against)
                self.reference_reason[i] = f"no figure for {where} to set the target against"

    def targets(
        self, series: np.ndarray, k: np.ndarray, previous: np.ndarray, last_year: np.ndarray
    ) -> np.ndarray:
        """The target at the quarters ``k`` of every slot and area (NaN where there is none
        or its reference figure is missing)."""
        n = len(self.measures)
        fixed = np.full(n, np.nan)
        by_year = np.full((n, self.nq), np.nan)
        change = np.zeros(n)
        relative = np.zeros(n, dtype=bool)
        reference = np.full(n, -1, dtype=np.int8)
        baseline = np.zeros(n, dtype=np.int64)
        years = np.array([financial_year(from_ordinal(self.q0 + k)) for k in range(self.nq)])
        for i, m in enumerate(self.measures):
            t = m.target
            if self.target_kind[i] == rules.FIXED and isinstance(t, FixedTarget):
                fixed[i] = t.value
            elif self.target_kind[i] == rules.BY_YEAR and isinstance(t, YearTargets):
                for year, amount in t.values:
                    by_year[i, years == year] = amount
            elif self.target_kind[i] == rules.CHANGE and isinstance(t, ChangeTarget):
                change[i], relative[i] = t.change, t.relative
                if t.against == "previous_quarter":
                    reference[i] = _PREVIOUS
                elif t.against == "same_quarter_last_year":
                    reference[i] = _LAST_YEAR
                else:
                    reference[i] = _BASELINE
                    baseline[i] = parse_quarter(t.against).ordinal - self.q0
        # Fill each kind of target only into the slots that have it (slots are few; cells
        # are many, so no full-size temporaries for kinds the plan does not use).
        target = np.full(previous.shape, np.nan)
        fixed_slots = np.flatnonzero(self.target_kind == rules.FIXED)
        target[fixed_slots] = fixed[fixed_slots, None, None]
        year_slots = np.flatnonzero(self.target_kind == rules.BY_YEAR)
        target[year_slots] = by_year[year_slots][:, None, k]
        cs = np.flatnonzero(self.target_kind == rules.CHANGE)
        if cs.size:
            base = np.take_along_axis(series[cs], baseline[cs, None, None], axis=2)
            ref_kind = reference[cs, None, None]
            ref = np.where(
                ref_kind == _PREVIOUS,
                previous[cs],
                np.where(ref_kind == _LAST_YEAR, last_year[cs], base),
            )
            target[cs] = rules.change_target(ref, change[cs, None, None], relative[cs, None, None])
        return target
