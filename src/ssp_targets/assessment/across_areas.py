"""Statistics across areas: intervals, the group's pooled figure, ranks, comparisons and
the status of a measure scored against a benchmark."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ssp_targets.assessment.columns import AMBER, GREEN, MONITOR, NO_DATA, RED, categorical
from ssp_targets.plan.definition import UNIT_SCALE, BenchmarkTarget, Measure, Plan
from ssp_targets.stats._compare import COMPARISONS, compare_codes

#: The confidence level of the lower_ci/upper_ci columns and of ``comparison``.
CI_LEVEL = 0.95


class Rows:
    """The statistics across areas for the output rows of quantitative measures.

    What pools across areas, and what an interval is computed from, is ``top`` over
    ``bottom`` times ``scale``: the count over the population per 1,000 for counts
    compared per 1,000 residents, the count itself (over 1) for other counts, and the
    numerator over the denominator in the unit's scale otherwise. Only measures that are
    compared (``compare`` other than ``none``) are ranked, pooled and compared.
    """

    def __init__(
        self,
        plan: Plan,
        slot_measure: Sequence[Measure],
        areas: np.ndarray,
        s_idx: np.ndarray,
        a_idx: np.ndarray,
        w_idx: np.ndarray,
        n_wanted: int,
        data: dict[str, Any],
        population: np.ndarray,
        slot_sign: np.ndarray,
    ) -> None:
        self.plan, self.slot_measure, self.areas = plan, slot_measure, areas
        self.s_idx, self.a_idx, self.w_idx = s_idx, a_idx, w_idx
        self.n_wanted = n_wanted
        self.n_keys = len(slot_measure) * n_wanted
        self.key = s_idx.astype(np.int64) * n_wanted + w_idx  # one per (slot, quarter)
        slot_units = np.array([m.unit for m in slot_measure], dtype=object)
        slot_compare = np.array([m.compare for m in slot_measure], dtype=object)
        slot_per_1000 = slot_compare == "per_1000"
        slot_whole = np.isin(slot_units, ("count", "number"))  # not a ratio
        slot_scale = np.where(
            slot_per_1000,
            1000.0,
            np.where(slot_whole, 1.0, [UNIT_SCALE[u] for u in slot_units]),
        )
        self.slot_sign = slot_sign
        # Per-slot facts as small arrays indexed by slot: no per-row object arrays.
        self.is_count = (slot_units == "count")[s_idx]
        self.is_percent = (slot_units == "percent")[s_idx]
        self.is_number = (slot_units == "number")[s_idx]
        self.per_1000 = slot_per_1000[s_idx]
        self.compared = (slot_compare != "none")[s_idx]
        self.sign = self.slot_sign[s_idx]
        self.scale = slot_scale[s_idx]
        self.key_scale = np.repeat(slot_scale, n_wanted)
        self.value, self.population = data["value"], population
        whole = slot_whole[s_idx]
        self.top = np.where(whole, data["value"], data["numerator"])
        self.bottom = np.where(self.per_1000, population, np.where(whole, 1.0, data["denominator"]))
        with np.errstate(invalid="ignore", divide="ignore"):
            # The figure areas are compared on: a rate for counts per 1,000, else the value.
            self.comparable = np.where(self.per_1000, self.value / population * 1000, self.value)
            # A count's interval is worked out only when it is compared with other areas.
            self.usable = (
                np.isfinite(self.top)
                & np.isfinite(self.bottom)
                & (self.bottom > 0)
                & (self.top >= 0)
                & ~self.is_number
                & (self.compared | ~self.is_count)
            )
        self.low = self.high = np.full(len(s_idx), np.nan)

    def interval(self, level: float) -> tuple[np.ndarray, np.ndarray]:
        """Limits of the comparable figure at ``level``: Wilson for percentages, exact
        Poisson or Byar's for rates and counts (see :mod:`ssp_targets.stats`)."""
        lower = np.full(len(self.top), np.nan)
        upper = np.full(len(self.top), np.nan)
        if not self.usable.any():
            return lower, upper
        from ssp_targets.stats._intervals import proportion_ci, rate_ci  # not the SPC half of stats

        proportion = self.usable & self.is_percent & (self.top <= self.bottom)
        rate = self.usable & ~self.is_percent
        for mask, method in ((proportion, proportion_ci), (rate, rate_ci)):
            if mask.any():
                lo, hi = method(self.top[mask], self.bottom[mask], level, self.scale[mask])
                lower[mask], upper[mask] = lo, hi
        return lower, upper

    def pooled(self, members: np.ndarray) -> np.ndarray:
        """The pooled figure of the compared rows in ``members``, per (slot, quarter) key:
        Σtop / Σbottom in the comparison's scale (for counts compared as they are, their
        mean); missing unless at least two areas contribute (one is no group)."""
        use = members & self.usable & self.compared
        areas = np.bincount(self.key[use], minlength=self.n_keys)
        top = np.bincount(self.key[use], weights=self.top[use], minlength=self.n_keys)
        bottom = np.bincount(self.key[use], weights=self.bottom[use], minlength=self.n_keys)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where((areas >= 2) & (bottom > 0), top / bottom * self.key_scale, np.nan)

    def statistics(self, published: tuple[np.ndarray, np.ndarray] | None) -> dict[str, Any]:
        """The interval, population, rate, rank and comparison columns."""
        low, high = self.interval(CI_LEVEL)
        to_value = np.where(self.per_1000, self.population / 1000, 1.0)
        lower_ci, upper_ci = low * to_value, high * to_value
        if published is not None:  # kept in place of ours, as the source gave them
            given = np.isfinite(published[0])
            lower_ci = np.where(given, published[0], lower_ci)
            upper_ci = np.where(given, published[1], upper_ci)
            with np.errstate(invalid="ignore", divide="ignore"):
                low = np.where(given, published[0] / to_value, low)
                high = np.where(given, published[1] / to_value, high)
        self.low, self.high = low, high
        rank, size = np.full(len(low), np.nan), np.full(len(low), np.nan)
        group_value = np.full(len(low), np.nan)
        comparison = categorical(np.full(len(low), -1, dtype=np.int8), COMPARISONS)
        if self.plan.groups:
            members = np.isin(self.areas, self.plan.groups[0].areas)[self.a_idx]
            rank, size = self._ranks(members)
            group_value = np.where(self.compared, self.pooled(members)[self.key], np.nan)
            codes = compare_codes(low, high, group_value, self.sign)
            codes[~self.compared] = -1
            comparison = categorical(codes, COMPARISONS)
        return {
            "lower_ci": lower_ci,
            "upper_ci": upper_ci,
            "population": self.population,
            "rate_per_1000": np.where(self.per_1000, self.comparable, np.nan),
            "rank": rank,
            "group_size": size,
            "group_value": group_value,
            "comparison": comparison,
        }

    def _ranks(self, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each compared row's rank among the group's areas with a comparable figure (1 is
        best by polarity; ties share the better rank) and how many there were."""
        rank = np.full(len(self.value), np.nan)
        size = np.full(len(self.value), np.nan)
        ranked = members & self.compared & np.isfinite(self.comparable) & (self.sign != 0)
        if ranked.any():
            better_first = pd.Series(-(self.sign[ranked] * self.comparable[ranked]))
            grouped = better_first.groupby(self.key[ranked])
            rank[ranked] = grouped.rank(method="min").to_numpy()
            size[ranked] = grouped.transform("size").to_numpy()
        alone = size < 2  # one area is no ranking
        rank[alone], size[alone] = np.nan, np.nan
        return rank, size

    def benchmark_status(
        self, status: np.ndarray, target: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, pd.Categorical | None]:
        """Status, target and reason (missing where unchanged) for the rows of measures
        with a benchmark target; the other rows keep theirs."""
        benchmarks = {
            n: m.target
            for n, m in enumerate(self.slot_measure)
            if isinstance(m.target, BenchmarkTarget) and m.polarity != "none"
        }
        if not benchmarks:
            return status, target, None
        status, target = status.copy(), target.copy()
        reason = np.full(len(status), None, dtype=object)
        group_ids = {g.id: g for g in self.plan.groups}
        for (against, level), slots in _by_benchmark(benchmarks).items():
            rows = np.isin(self.s_idx, slots)
            if against in group_ids:
                name = group_ids[against].name
                members = np.isin(self.areas, group_ids[against].areas)[self.a_idx]
                bench = self.pooled(members)[self.key]
            else:
                name = against
                bench_by_key = np.full(self.n_keys, np.nan)
                there = self.areas[self.a_idx] == against
                bench_by_key[self.key[there]] = self.comparable[there]
                bench = bench_by_key[self.key]
            low, high = (self.low, self.high) if level == CI_LEVEL else self.interval(level)
            codes = compare_codes(low, high, bench, self.sign)
            new = np.array([GREEN, AMBER, RED, MONITOR], dtype=np.int8)[codes]
            has_value = np.isfinite(self.value)
            no_bench = has_value & np.isnan(bench)
            no_interval = has_value & ~no_bench & (np.isnan(low) | np.isnan(high))
            new[no_bench] = NO_DATA
            new[~has_value] = NO_DATA
            status[rows] = new[rows]
            expected = np.where(self.per_1000, bench * self.population / 1000, bench)
            target[rows] = expected[rows]
            reason[rows & no_bench] = f"no figure for the benchmark ({name}) this quarter"
            reason[rows & no_interval] = (
                "not compared with the benchmark: no confidence interval (it needs a "
                "numerator and denominator, a population for a count, or a published interval)"
            )
        codes, categories = pd.factorize(pd.Series(reason, dtype=object))
        return status, target, categorical(codes, categories)


def _by_benchmark(benchmarks: dict[int, BenchmarkTarget]) -> dict[tuple[str, float], list[int]]:
    """Slots grouped by what they are compared with, and at which level."""
    grouped: dict[tuple[str, float], list[int]] = {}
    for slot, t in benchmarks.items():
        grouped.setdefault((t.against, t.level), []).append(slot)
    return grouped
