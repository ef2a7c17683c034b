"""The status engine: each measure's Red/Amber/Green status, trends and year to date.

:func:`assess` is pure (same plan, observations, commentary and quarter give the same
frame) and vectorised: the figures are laid out as a dense array indexed by
(indicator, area, quarter), so looking up the previous quarter or the same quarter last
year is a shift along the quarter axis, and the year to date is a cumulative sum within
blocks of four quarters. The rules are DESIGN.md's, stated again in README.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.inputs.commentary import empty_commentary
from ssp_targets.plan.definition import (
    UNIT_SCALE,
    BenchmarkTarget,
    ChangeTarget,
    FixedTarget,
    Measure,
    Plan,
    YearTargets,
)
from ssp_targets.plan.quarters import (
    FREQ,
    financial_year,
    from_ordinal,
    labels_to_ordinals,
    ordinal_labels,
    parse_quarter,
)
from ssp_targets.stats._compare import COMPARISONS, compare_codes

if TYPE_CHECKING:
    from collections.abc import Sequence

STATUSES = ("green", "amber", "red", "monitor", "no_data", "draft")
TRENDS = ("improving", "worsening", "up", "down", "no_change", "no_data")
GREEN, AMBER, RED, MONITOR, NO_DATA, DRAFT = range(6)
IMPROVING, WORSENING, UP, DOWN, NO_CHANGE, TREND_NO_DATA = range(6)

#: Values within this relative distance of a threshold count as on it.
RELATIVE_TOLERANCE = 1e-9

COLUMNS = (
    "measure",
    "priority",
    "title",
    "owners",
    "kind",
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
    "compare",
    "population",
    "rate_per_1000",
    "rank",
    "group_size",
    "group_value",
    "comparison",
    "target",
    "amber_within",
    "target_basis",
    "status",
    "reason",
    "trend_quarter",
    "trend_year",
    "ytd",
    "value_previous_quarter",
    "value_same_quarter_last_year",
    "unit",
    "polarity",
    "aggregate",
    "handling",
    "commentary",
    "author",
    "commentary_public",
)

#: Columns of text, returned as pandas categoricals (compact, and quick to build).
TEXT_COLUMNS = (
    "note",
    "measure",
    "priority",
    "title",
    "owners",
    "kind",
    "indicator",
    "area",
    "period",
    "flag",
    "compare",
    "target_basis",
    "status",
    "reason",
    "comparison",
    "trend_quarter",
    "trend_year",
    "unit",
    "polarity",
    "aggregate",
    "handling",
)
#: Columns of free text (objects, None where missing), and the one of booleans.
FREE_TEXT_COLUMNS = ("commentary", "author")
BOOLEAN_COLUMNS = ("commentary_public",)
#: Columns of numbers (NaN where missing): everything else.
NUMERIC_COLUMNS = tuple(
    c for c in COLUMNS if c not in (*TEXT_COLUMNS, *FREE_TEXT_COLUMNS, *BOOLEAN_COLUMNS)
)
_TARGET_NONE, _TARGET_FIXED, _TARGET_YEAR, _TARGET_CHANGE, _TARGET_BENCHMARK = range(5)

_REF_PREVIOUS, _REF_LAST_YEAR, _REF_BASELINE = range(3)
_AGGREGATES = ("sum", "ratio", "mean", "latest")


def assess(
    plan: Plan,
    observations: pd.DataFrame,
    quarter: str | pd.Period | None = None,
    commentary: pd.DataFrame | None = None,
    populations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Score every measure of ``plan`` on ``observations``.

    Returns one row per (measure, indicator, area, quarter): for ``quarter`` alone when
    given (a label such as ``"2018/19 Q2"`` or a ``Q-MAR`` period), otherwise for every
    quarter present in the observations or commentary. Quantitative measures get a row
    per indicator for the plan's area and for every other area the indicator has figures
    for; qualitative and draft measures get one row per quarter for the plan's area.
    Columns are listed in :data:`COLUMNS`; ``status`` is one of :data:`STATUSES` and the
    trends one of :data:`TRENDS`. Rows come in plan order, then area (the plan's first),
    then quarter.

    Statistics: ``lower_ci``/``upper_ci`` are a 95% interval (published with the figure,
    else computed from the numerator and denominator, or for a count from the area's
    population). With ``populations`` (a frame with ``area`` and ``population`` columns,
    as :func:`~ssp_targets.load_populations` gives), counts get ``rate_per_1000``. Each
    area is ranked (``rank``, 1 best, of ``group_size``) within the plan's first comparator
    group, whose pooled figure is ``group_value`` (per 1,000 population for counts), and
    ``comparison`` says whether the area is significantly better than, similar to or
    worse than it (see :func:`ssp_targets.stats.compare_with_benchmark`). A
    :class:`~ssp_targets.BenchmarkTarget` turns that comparison into the status.
    """
    obs = _observation_arrays(plan, observations)
    notes, note_ordinals = _commentary_arrays(commentary)

    wanted: np.ndarray
    if quarter is not None:
        wanted = np.array([parse_quarter(quarter).ordinal], dtype=np.int64)
    else:
        wanted = _present_values(np.concatenate([obs["q"], note_ordinals]).astype(np.int64))
    if wanted.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})

    parts = []
    quantitative = [m for m in plan.measures if m.kind == "quantitative" and m.scored]
    if quantitative:
        parts.append(
            _assess_quantitative(
                plan, quantitative, obs, wanted, notes, note_ordinals, _population_map(populations)
            )
        )
    others = [m for m in plan.measures if not (m.kind == "quantitative" and m.scored)]
    if others:
        parts.append(_assess_others(plan, others, wanted, notes, note_ordinals))
    if len(parts) == 1:
        return parts[0]
    frame = pd.concat(parts, ignore_index=True)
    order = {m.id: n for n, m in enumerate(plan.measures)}
    position = frame["measure"].astype(object).map(order).to_numpy()
    frame = frame.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)
    # Concatenating categoricals with different categories gives plain objects: restore.
    return frame.astype({c: "category" for c in TEXT_COLUMNS})


# -- observations as arrays ---------------------------------------------------------


def _observation_arrays(plan: Plan, observations: pd.DataFrame) -> dict[str, Any]:
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
    ind_codes, ind_names = _factorize(observations["indicator"])
    if "area" in observations.columns:
        area_codes, area_names = _factorize(observations["area"])
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


def _population_map(populations: pd.DataFrame | None) -> dict[str, float]:
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


def _factorize(column: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Integer codes (-1 for missing) and the distinct values of a text column.

    A categorical column already is that; anything else is hashed as plain Python
    objects, which pandas does several times faster than through its string dtype.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), list(column.cat.categories)
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    return codes, list(uniques)


def _commentary_arrays(commentary: pd.DataFrame | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The commentary (as read_commentary gives it) and the ordinal of each row's quarter."""
    if commentary is None:
        commentary = empty_commentary()
    missing = [c for c in ("measure", "period", "text") if c not in commentary.columns]
    if missing:
        raise ObservationError(
            f"commentary: missing column(s) {', '.join(missing)}; expected the frame "
            "read_commentary returns (measure, period, rag, text, author)."
        )
    notes = commentary.reset_index(drop=True)
    for column in ("rag", "author"):
        if column not in notes.columns:
            notes = notes.assign(**{column: None})
    ordinals = labels_to_ordinals(notes["period"]) if len(notes) else np.zeros(0, np.int64)
    if (ordinals < 0).any():
        bad = notes["period"][ordinals < 0].iloc[0]
        raise ObservationError(f"commentary: period {bad!r} is not a financial-year quarter.")
    if notes.duplicated(["measure", "period"]).any():
        raise ObservationError(
            "commentary: a measure has two comments for one quarter; read the file with "
            "read_commentary to see which rows."
        )
    return notes, ordinals


def _present_values(values: np.ndarray) -> np.ndarray:
    """The distinct values of an array of small-range integers, sorted (faster than unique)."""
    if values.size == 0:
        return values
    low = int(values.min())
    return np.flatnonzero(np.bincount(values - low)) + low


def _shift(grid: np.ndarray, by: int) -> np.ndarray:
    """Values ``by`` quarters earlier along the last axis (NaN before the start)."""
    out = np.full_like(grid, np.nan)
    if by < grid.shape[-1]:
        out[..., by:] = grid[..., :-by]
    return out


# -- quantitative measures ----------------------------------------------------------


def _assess_quantitative(
    plan: Plan,
    measures: Sequence[Measure],
    obs: dict[str, Any],
    wanted: np.ndarray,
    notes: pd.DataFrame,
    note_ordinals: np.ndarray,
    population_of: dict[str, float],
) -> pd.DataFrame:
    # One "slot" per (measure, indicator) pair; measures without indicators get none.
    slot_measure = [m for m in measures for _ in m.indicators]
    slot_indicator = [i for m in measures for i in m.indicators]
    indicators = list(dict.fromkeys(slot_indicator))
    n_ind = len(indicators)

    # Indicator codes in the plan's numbering (-1: not used by the plan).
    to_plan = pd.Index(indicators).get_indexer(obs["indicator_names"])
    ind_code = np.append(to_plan, -1)[obs["indicator_codes"]]  # code -1 (missing) -> -1
    used = ind_code >= 0
    # Areas: the plan's first, then the others in code order.
    names = obs["area_names"]
    areas = np.array(
        [plan.area.code, *sorted(a for a in names if a != plan.area.code)], dtype=object
    )
    area_code = pd.Index(areas).get_indexer(names)[obs["area_codes"][used]]
    q_obs = obs["q"][used]

    baselines = [
        parse_quarter(m.target.against).ordinal
        for m in measures
        if isinstance(m.target, ChangeTarget) and m.target.against[0].isdigit()
    ]
    span = np.concatenate([q_obs, wanted, np.array(baselines, dtype=np.int64)])
    first = from_ordinal(int(span.min()))
    q0 = int(first.ordinal) - (first.quarter - 1)  # start at Q1 so years align in fours
    nq = int(span.max()) - q0 + 1
    nq += -nq % 4
    n_area = len(areas)

    cells = (ind_code[used] * n_area + area_code) * nq + (q_obs - q0)
    if cells.size and np.bincount(cells).max() > 1:
        raise ObservationError(
            "observations: an (indicator, area, period) appears more than once; "
            "read the file with read_observations to see which rows."
        )
    shape = (n_ind + 1, n_area, nq)  # the extra indicator row stays empty

    def grid(values: np.ndarray) -> np.ndarray:
        g = np.full(shape, np.nan)
        g.reshape(-1)[cells] = values[used]
        return g

    present = np.zeros((n_ind + 1, n_area), dtype=bool)
    present[ind_code[used], area_code] = True
    present[:, 0] = True  # the plan's own area is always reported

    slot_ind = pd.Index(indicators).get_indexer(slot_indicator)
    series = grid(obs["value"])[slot_ind]  # (slot, area, quarter), every quarter
    rules = _SlotRules(plan, slot_measure, q0, nq)
    needs_ratio = bool((rules.aggregate == 1).any())
    if needs_ratio or np.isfinite(obs["numerator"]).any():
        numerators = grid(obs["numerator"])[slot_ind]
        denominators = grid(obs["denominator"])[slot_ind]
    else:
        numerators = denominators = None

    # Rows: wanted quarters, not retired, area reported for that indicator.
    k = wanted - q0
    n_wanted = len(wanted)
    keep = present[slot_ind][:, :, None] & (wanted[None, None, :] < rules.retired[:, None, None])
    s_idx, a_idx, w_idx = np.nonzero(keep)
    s_small = s_idx.astype(_code_dtype(len(slot_measure)))
    ends = np.cumsum(keep.sum(axis=(1, 2)))  # each slot's rows end here

    # The rules, a block of slots at a time: arrays of a few million cells are reused
    # by the allocator, where one pass over ten million would ask the kernel for fresh
    # (zeroed) memory for every temporary. Each block is fully vectorised.
    out = {name: np.empty(len(s_idx), dtype=dtype) for name, dtype in _CELL_OUTPUTS.items()}
    step = max(1, _BLOCK_CELLS // max(1, n_area * n_wanted))
    for first_slot in range(0, len(slot_measure), step):
        block = slice(first_slot, first_slot + step)
        computed = _cells(
            series[block],
            None if numerators is None else numerators[block],
            None if denominators is None else denominators[block],
            _SlotRules(plan, slot_measure[block], q0, nq),
            k,
        )
        mask = keep[block]
        rows = slice(int(ends[first_slot - 1]) if first_slot else 0, int(ends[block][-1]))
        for name, values in computed.items():
            values = np.broadcast_to(values, mask.shape)
            out[name][rows] = values.reshape(-1) if mask.all() else values[mask]

    def per_slot(values: Sequence[str | None]) -> pd.Categorical:
        codes, categories = pd.factorize(pd.Series(values, dtype=object))
        return _categorical(codes.astype(_code_dtype(len(categories)))[s_small], categories)

    ref_codes, ref_reasons = pd.factorize(pd.Series(rules.reference_reason, dtype=object))
    # Reason codes: 0 none (missing), 1 no figure, 2 the slot's missing-reference text.
    reason = out["reason"].astype(np.int16)
    reason_rows = np.where(reason == 2, 1 + ref_codes[s_idx], reason - 1)
    comment, author, released = _comments_for(
        [m.id for m in slot_measure], notes, note_ordinals, s_idx, wanted[w_idx]
    )
    flag, note = _flags_and_notes(
        obs,
        len(s_idx),
        lambda: _lookup(cells, used, shape)[
            (slot_ind[s_idx] * n_area + a_idx) * nq + wanted[w_idx] - q0
        ],
    )
    band_rows = out["band"]
    band_rows[np.isin(rules.target_kind[s_idx], (_TARGET_NONE, _TARGET_BENCHMARK))] = np.nan
    data = {
        "measure": per_slot([m.id for m in slot_measure]),
        "priority": per_slot([m.priority for m in slot_measure]),
        "title": per_slot([m.title for m in slot_measure]),
        "owners": per_slot([", ".join(m.owners) for m in slot_measure]),
        "kind": per_slot([m.kind for m in slot_measure]),
        "indicator": per_slot(slot_indicator),
        "area": _categorical(a_idx.astype(_code_dtype(n_area)), areas),
        "period": _categorical(w_idx.astype(_code_dtype(n_wanted)), ordinal_labels(wanted)),
        "value": out["value"],
        "numerator": out["numerator"],
        "denominator": out["denominator"],
        "flag": flag,
        "note": note,
        "compare": per_slot([m.compare for m in slot_measure]),
        "target": out["target"],
        "amber_within": band_rows,
        "target_basis": per_slot(
            [plan.target_basis_of(m) if m.target is not None else None for m in slot_measure]
        ),
        "status": _categorical(out["status"], STATUSES),
        "reason": _categorical(reason_rows, ["no figure for this quarter", *ref_reasons]),
        "trend_quarter": _categorical(out["trend_quarter"], TRENDS),
        "trend_year": _categorical(out["trend_year"], TRENDS),
        "ytd": out["ytd"],
        "value_previous_quarter": out["previous"],
        "value_same_quarter_last_year": out["last_year"],
        "unit": per_slot([m.unit for m in slot_measure]),
        "polarity": per_slot([m.polarity for m in slot_measure]),
        "aggregate": per_slot([m.aggregate for m in slot_measure]),
        "handling": per_slot([plan.handling_of(m) for m in slot_measure]),
        "commentary": comment,
        "author": author,
        "commentary_public": released,
    }
    published = None
    if np.isfinite(obs["lower_ci"]).any():
        at = (s_idx, a_idx, wanted[w_idx] - q0)
        published = (grid(obs["lower_ci"])[slot_ind][at], grid(obs["upper_ci"])[slot_ind][at])
    population = np.array([population_of.get(a, np.nan) for a in areas])
    if not (
        plan.groups
        or published is not None
        or np.isfinite(population).any()
        or np.isfinite(data["denominator"]).any()
    ):
        # Nothing to compute an interval from or compare with: skip the full-length work.
        missing = np.full(len(s_idx), np.nan)
        data.update({c: missing for c in ("lower_ci", "upper_ci", "population")})
        data.update({c: missing for c in ("rate_per_1000", "rank", "group_size", "group_value")})
        data["comparison"] = _categorical(np.full(len(s_idx), -1, np.int8), COMPARISONS)
        return pd.DataFrame(data, columns=list(COLUMNS), copy=False)
    across = _Rows(
        plan,
        slot_measure,
        areas,
        s_idx,
        a_idx,
        w_idx,
        n_wanted,
        data,
        population[a_idx],
        rules.sign,
    )
    data.update(across.statistics(published))
    status, target, reasons = across.benchmark_status(out["status"], data["target"])
    data["status"], data["target"] = _categorical(status, STATUSES), target
    if reasons is not None:
        extra = list(reasons.categories)
        codes = np.where(reasons.codes >= 0, reasons.codes + len(data["reason"].categories), -1)
        data["reason"] = _categorical(
            np.where(codes >= 0, codes, data["reason"].codes),
            [*data["reason"].categories, *extra],
        )
    return pd.DataFrame(data, columns=list(COLUMNS), copy=False)


#: The confidence level of the lower_ci/upper_ci columns and of ``comparison``.
CI_LEVEL = 0.95


class _Rows:
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
        comparison = _categorical(np.full(len(low), -1, dtype=np.int8), COMPARISONS)
        if self.plan.groups:
            members = np.isin(self.areas, self.plan.groups[0].areas)[self.a_idx]
            rank, size = self._ranks(members)
            group_value = np.where(self.compared, self.pooled(members)[self.key], np.nan)
            codes = compare_codes(low, high, group_value, self.sign)
            codes[~self.compared] = -1
            comparison = _categorical(codes, COMPARISONS)
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
        return status, target, _categorical(codes, categories)


def _by_benchmark(benchmarks: dict[int, BenchmarkTarget]) -> dict[tuple[str, float], list[int]]:
    """Slots grouped by what they are compared with, and at which level."""
    grouped: dict[tuple[str, float], list[int]] = {}
    for slot, t in benchmarks.items():
        grouped.setdefault((t.against, t.level), []).append(slot)
    return grouped


#: Cells per block of slots that the rules are applied to at once.
_BLOCK_CELLS = 2_000_000

#: What :func:`_cells` gives for each cell, and its type.
_CELL_OUTPUTS = {
    "value": np.float64,
    "numerator": np.float64,
    "denominator": np.float64,
    "previous": np.float64,
    "last_year": np.float64,
    "target": np.float64,
    "band": np.float64,
    "status": np.int8,
    "reason": np.int8,
    "trend_quarter": np.int8,
    "trend_year": np.int8,
    "ytd": np.float64,
}


def _cells(
    series: np.ndarray,
    numerators: np.ndarray | None,
    denominators: np.ndarray | None,
    rules: _SlotRules,
    k: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every rule for a block of slots at the wanted quarters ``k``: arrays shaped
    (slot, area, wanted quarter), or broadcastable to it."""
    value = np.take(series, k, axis=2)
    previous = _at(series, k - 1)
    last_year = _at(series, k - 4)
    target = rules.targets(series, k, previous, last_year)
    band = rules.band[:, None, None]
    if rules.band_relative.any():
        band = np.where(rules.band_relative[:, None, None], band * np.abs(target), band)
    sign = rules.sign[:, None, None]
    status = _status(value, target, band, sign, rules.target_kind[:, None, None])
    reason = np.zeros(value.shape, dtype=np.int8)
    reason[status == NO_DATA] = 2  # the target's reference is missing ...
    reason[np.isnan(value)] = 1  # ... unless the figure itself is
    ytd = np.take(_year_to_date(series, numerators, denominators, rules), k, axis=2)
    missing = np.array(np.nan)
    return {
        "value": value,
        "numerator": missing if numerators is None else np.take(numerators, k, axis=2),
        "denominator": missing if denominators is None else np.take(denominators, k, axis=2),
        "previous": previous,
        "last_year": last_year,
        "target": target,
        "band": band,
        "status": status,
        "reason": reason,
        "trend_quarter": _trend(value, previous, sign),
        "trend_year": _trend(value, last_year, sign),
        "ytd": ytd,
    }


def _at(series: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The series at quarter positions ``k`` (NaN where ``k`` falls before the start)."""
    out = np.take(series, np.maximum(k, 0), axis=2)
    out[..., k < 0] = np.nan
    return out


def _code_dtype(n: int) -> type[np.signedinteger[Any]]:
    """The smallest integer type pandas uses for codes of ``n`` categories."""
    return np.int8 if n < 127 else np.int16 if n < 32_000 else np.int32


def _categorical(codes: np.ndarray, categories: Sequence[object] | np.ndarray) -> pd.Categorical:
    """Text column from integer codes (-1: missing): as fast to build as the codes."""
    dtype = pd.CategoricalDtype(pd.Index(list(categories), dtype=object))
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


class _SlotRules:
    """Per-slot (measure, indicator) rule parameters as arrays, plus the target grid."""

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
        self.aggregate = np.array([_AGGREGATES.index(m.aggregate) for m in measures])
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
                _TARGET_FIXED
                if isinstance(t, FixedTarget)
                else _TARGET_YEAR
                if isinstance(t, YearTargets)
                else _TARGET_BENCHMARK  # scored across areas, by _Rows.benchmark_status
                if isinstance(t, BenchmarkTarget)
                else _TARGET_CHANGE
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
            if self.target_kind[i] == _TARGET_FIXED and isinstance(t, FixedTarget):
                fixed[i] = t.value
            elif self.target_kind[i] == _TARGET_YEAR and isinstance(t, YearTargets):
                for year, amount in t.values:
                    by_year[i, years == year] = amount
            elif self.target_kind[i] == _TARGET_CHANGE and isinstance(t, ChangeTarget):
                change[i], relative[i] = t.change, t.relative
                if t.against == "previous_quarter":
                    reference[i] = _REF_PREVIOUS
                elif t.against == "same_quarter_last_year":
                    reference[i] = _REF_LAST_YEAR
                else:
                    reference[i] = _REF_BASELINE
                    baseline[i] = parse_quarter(t.against).ordinal - self.q0
        # Fill each kind of target only into the slots that have it (slots are few; cells
        # are many, so no full-size temporaries for kinds the plan does not use).
        target = np.full(previous.shape, np.nan)
        fixed_slots = np.flatnonzero(self.target_kind == _TARGET_FIXED)
        target[fixed_slots] = fixed[fixed_slots, None, None]
        year_slots = np.flatnonzero(self.target_kind == _TARGET_YEAR)
        target[year_slots] = by_year[year_slots][:, None, k]
        cs = np.flatnonzero(self.target_kind == _TARGET_CHANGE)
        if cs.size:
            base = np.take_along_axis(series[cs], baseline[cs, None, None], axis=2)
            ref_kind = reference[cs, None, None]
            ref = np.where(
                ref_kind == _REF_PREVIOUS,
                previous[cs],
                np.where(ref_kind == _REF_LAST_YEAR, last_year[cs], base),
            )
            c = change[cs, None, None]
            target[cs] = np.where(relative[cs, None, None], ref * (1 + c), ref + c)
        return target


def _status(
    value: np.ndarray, target: np.ndarray, band: np.ndarray, sign: np.ndarray, kind: np.ndarray
) -> np.ndarray:
    """Status codes. "At or beyond the threshold, or within the relative tolerance of it"
    is written as ``sign * (value - threshold) >= -tolerance * |threshold|``: the same test
    (|sign| is 1), with fewer temporaries."""
    with np.errstate(invalid="ignore"):
        meets = sign * (value - target) >= -RELATIVE_TOLERANCE * np.abs(target)
        edge = target - sign * band
        within = sign * (value - edge) >= -RELATIVE_TOLERANCE * np.abs(edge)
    status = np.where(meets, GREEN, np.where(within, AMBER, RED)).astype(np.int8)
    unscored = ((kind == _TARGET_NONE) | (sign == 0)).reshape(-1)  # per slot
    status[unscored] = MONITOR
    missing = np.isnan(target)
    status[missing & (kind == _TARGET_YEAR)] = MONITOR  # no target for that year
    status[missing & (kind == _TARGET_CHANGE)] = NO_DATA  # the reference figure is missing
    status[np.isnan(value)] = NO_DATA
    return status


def _trend(value: np.ndarray, before: np.ndarray, sign: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        change = value - before
        same = np.abs(change) <= RELATIVE_TOLERANCE * np.maximum(np.abs(value), np.abs(before))
        trend = np.where(sign * change > 0, IMPROVING, WORSENING).astype(np.int8)
        undirected = (sign == 0).reshape(-1)  # per slot
        trend[undirected] = np.where(change[undirected] > 0, UP, DOWN)
    trend[same] = NO_CHANGE
    trend[np.isnan(change)] = TREND_NO_DATA
    return trend


def _year_to_date(
    value: np.ndarray,
    numerator: np.ndarray | None,
    denominator: np.ndarray | None,
    rules: _SlotRules,
) -> np.ndarray:
    """Year to date per cell; NaN when any quarter of the year so far lacks a figure
    (a running sum carries NaN forward, which is that rule)."""
    shape = value.shape
    blocks = (*shape[:2], shape[2] // 4, 4)  # the quarter axis starts at a Q1

    def running(g: np.ndarray) -> np.ndarray:
        return np.cumsum(g.reshape(blocks), axis=3).reshape(shape)

    agg = rules.aggregate[:, None, None]
    ytd = np.where(agg == 3, value, np.nan)
    if (agg == 0).any() or (agg == 2).any():
        total = running(value)
        ytd = np.where(agg == 0, total, ytd)
        if (agg == 2).any():
            position = np.tile(np.arange(1, 5, dtype=float), shape[2] // 4)
            ytd = np.where(agg == 2, total / position, ytd)
    if (agg == 1).any() and numerator is not None and denominator is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = running(numerator) / running(denominator) * rules.scale[:, None, None]
        ytd = np.where(agg == 1, ratio, ytd)
    return ytd


def _lookup(cells: np.ndarray, used: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The observation row of every cell of the (indicator, area, quarter) grid, -1 where
    there is none."""
    table = np.full(int(np.prod(shape)), -1, dtype=np.int64)
    table[cells] = np.flatnonzero(used)
    return table


def _flags_and_notes(
    obs: dict[str, Any], n_rows: int, rows_of: Callable[[], np.ndarray]
) -> tuple[pd.Categorical, pd.Categorical]:
    """Each of ``n_rows`` output rows' figure's flag and note (missing where none was
    given), as categoricals: ``rows_of()`` gives the output rows' observation rows (-1 for
    none), and is only called when some figure has a flag or a note."""
    rows: list[np.ndarray] = []

    def column(values: np.ndarray | None) -> pd.Categorical:
        if values is None:
            return _categorical(np.full(n_rows, -1, dtype=np.int8), ())
        if not rows:
            rows.append(rows_of())
        codes, uniques = pd.factorize(pd.Series(values, dtype=object))
        picked = np.append(codes, -1)[rows[0]]  # row -1 (no figure) picks the final -1
        return _categorical(picked.astype(_code_dtype(len(uniques))), uniques)

    return column(obs["flag"]), column(obs["note"])


def _comments_for(
    slot_ids: Sequence[str],
    notes: pd.DataFrame,
    note_ordinals: np.ndarray,
    slot_rows: np.ndarray,
    quarter_rows: np.ndarray,
) -> tuple[pd.Categorical, pd.Categorical, np.ndarray]:
    """The commentary text, author and release for public outputs for each output row
    (missing, and not released, where there is none)."""
    found = np.full(len(slot_rows), -1, dtype=np.intp)
    if len(notes):
        ids = pd.Index(list(dict.fromkeys(slot_ids)))
        slot_pos = ids.get_indexer(list(slot_ids)).astype(np.int64)
        note_pos = ids.get_indexer(notes["measure"]).astype(np.int64)
        mine = np.flatnonzero(note_pos >= 0)  # comments on these measures
        note_keys = (note_pos[mine] << 32) + note_ordinals[mine]
        row_keys = (slot_pos[slot_rows] << 32) + quarter_rows
        hits = pd.Index(note_keys).get_indexer(row_keys)
        found = np.where(hits >= 0, np.append(mine, -1)[hits], -1)

    def column(name: str) -> pd.Categorical:
        values = notes[name].astype(object).where(notes[name].astype(bool), None)
        codes, categories = pd.factorize(pd.Series(values, dtype=object))
        return _categorical(np.append(codes, -1)[found], categories)

    public = (
        notes["public"].astype(bool).to_numpy()
        if "public" in notes.columns and len(notes)
        else np.zeros(len(notes), dtype=bool)
    )
    return column("text"), column("author"), np.append(public, False)[found]


# -- qualitative and draft measures -------------------------------------------------


def _assess_others(
    plan: Plan,
    measures: Sequence[Measure],
    wanted: np.ndarray,
    notes: pd.DataFrame,
    note_ordinals: np.ndarray,
) -> pd.DataFrame:
    """Qualitative and draft measures: a row per (measure, indicator or none, quarter),
    built as a cross join of the measures' table with the quarters, then merged with
    the commentary."""
    table = pd.DataFrame(
        [
            {
                "measure": m.id,
                "priority": m.priority,
                "title": m.title,
                "owners": ", ".join(m.owners),
                "kind": m.kind,
                "indicator": indicator,
                "unit": m.unit if m.kind == "quantitative" else None,
                "polarity": m.polarity if m.kind == "quantitative" else None,
                "aggregate": m.aggregate if m.kind == "quantitative" else None,
                "handling": plan.handling_of(m),
                "compare": m.compare if m.kind == "quantitative" else None,
                "target_basis": plan.target_basis_of(m) if m.target is not None else None,
                "draft": not m.scored,
                "retired": parse_quarter(m.retired).ordinal
                if m.retired
                else np.iinfo(np.int64).max,
            }
            for m in measures
            for indicator in (m.indicators or (None,))
        ]
    )
    rows = table.merge(pd.DataFrame({"q": wanted}), how="cross")
    rows = rows[rows["q"] < rows["retired"]]
    said = pd.DataFrame(
        {
            "measure": notes["measure"].astype(object),
            "q": note_ordinals,
            "rag": notes["rag"].astype(object),
            "commentary": notes["text"].astype(object),
            "author": notes["author"].astype(object),
            "commentary_public": (
                notes["public"].astype(bool)
                if "public" in notes.columns
                else pd.Series(False, index=notes.index)
            ),
        }
    )
    rows = rows.merge(said, on=["measure", "q"], how="left")
    assessed = rows["rag"].isin(["green", "amber", "red"])
    rows["status"] = np.where(rows["draft"], "draft", np.where(assessed, rows["rag"], "no_data"))
    reason = pd.Series("no self-assessment in the commentary", index=rows.index, dtype=object)
    reason = reason.mask(assessed, None)
    rows["reason"] = reason.mask(rows["draft"], "draft measure: listed, not scored")
    rows["trend_quarter"] = rows["trend_year"] = "no_data"
    rows["area"] = plan.area.code
    rows["period"] = ordinal_labels(rows["q"].to_numpy())
    for column in ("commentary", "author"):
        rows[column] = rows[column].where(rows[column].notna() & (rows[column] != ""), None)
    rows["commentary_public"] = rows["commentary_public"].fillna(False).astype(bool)
    frame = rows.reindex(columns=list(COLUMNS)).reset_index(drop=True)
    frame = frame.astype(
        {
            c: float if c in NUMERIC_COLUMNS else bool if c in BOOLEAN_COLUMNS else object
            for c in COLUMNS
        }
    )
    return frame.astype({c: "category" for c in TEXT_COLUMNS})
