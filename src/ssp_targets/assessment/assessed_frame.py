"""The assessed frame: :func:`assess` puts the plan, the figures and the commentary
together and gives one row per measure, indicator, area and quarter.

:func:`assess` is pure (same plan, observations, commentary and quarter give the same
frame) and vectorised: the figures are laid out as a dense grid
(:mod:`~ssp_targets.assessment.grid`), the rules (:mod:`~ssp_targets.assessment.rules`)
run on a block of slots at a time (:mod:`~ssp_targets.assessment.cells`), and the
comparisons across areas come from :mod:`~ssp_targets.assessment.across_areas`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ssp_targets.assessment import rules
from ssp_targets.assessment.across_areas import Rows
from ssp_targets.assessment.annotations import commentary_arrays, comments_for, flags_and_notes
from ssp_targets.assessment.cells import BLOCK_CELLS, CELL_OUTPUTS, apply_rules
from ssp_targets.assessment.columns import (
    COLUMNS,
    STATUSES,
    TEXT_COLUMNS,
    TRENDS,
    categorical,
    code_dtype,
)
from ssp_targets.assessment.grid import lookup, observation_arrays, population_map, present_values
from ssp_targets.assessment.qualitative import assess_others
from ssp_targets.assessment.slots import Slots
from ssp_targets.errors import ObservationError
from ssp_targets.plan.definition import ChangeTarget, Measure, Plan
from ssp_targets.plan.quarters import from_ordinal, ordinal_labels, parse_quarter
from ssp_targets.stats._compare import COMPARISONS

if TYPE_CHECKING:
    from collections.abc import Sequence


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
    wanted = None if quarter is None else [quarter]
    return assess_quarters(plan, observations, wanted, commentary, populations)


def assess_quarters(
    plan: Plan,
    observations: pd.DataFrame,
    quarters: Sequence[str | pd.Period] | None,
    commentary: pd.DataFrame | None = None,
    populations: pd.DataFrame | None = None,
    through: str | pd.Period | None = None,
) -> pd.DataFrame:
    """:func:`assess` for the given ``quarters`` (None: every quarter present in the
    observations or commentary), and with ``through`` only those up to that quarter,
    and that quarter even when nothing is present for it: the quarters a report and its
    history need, assessed in one pass."""
    obs = observation_arrays(plan, observations)
    notes, note_ordinals = commentary_arrays(commentary)
    wanted: np.ndarray
    if quarters is not None:
        wanted = np.unique(np.array([parse_quarter(q).ordinal for q in quarters], dtype=np.int64))
    else:
        wanted = present_values(np.concatenate([obs["q"], note_ordinals]).astype(np.int64))
    if through is not None:
        last = parse_quarter(through).ordinal
        wanted = np.union1d(wanted[wanted <= last], [last]).astype(np.int64)
    if wanted.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})

    parts = []
    quantitative = [m for m in plan.measures if m.kind == "quantitative" and m.scored]
    if quantitative:
        parts.append(
            _assess_quantitative(
                plan, quantitative, obs, wanted, notes, note_ordinals, population_map(populations)
            )
        )
    others = [m for m in plan.measures if not (m.kind == "quantitative" and m.scored)]
    if others:
        parts.append(assess_others(plan, others, wanted, notes, note_ordinals))
    if len(parts) == 1:
        return parts[0]
    frame = pd.concat(parts, ignore_index=True)
    order = {m.id: n for n, m in enumerate(plan.measures)}
    position = frame["measure"].astype(object).map(order).to_numpy()
    frame = frame.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)
    # Concatenating categoricals with different categories gives plain objects: restore.
    return frame.astype({c: "category" for c in TEXT_COLUMNS})


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
    slots = Slots(plan, slot_measure, q0, nq)
    needs_ratio = bool((slots.aggregate == "ratio").any())
    if needs_ratio or np.isfinite(obs["numerator"]).any():
        numerators = grid(obs["numerator"])[slot_ind]
        denominators = grid(obs["denominator"])[slot_ind]
    else:
        numerators = denominators = None

    # Rows: wanted quarters, not retired, area reported for that indicator.
    k = wanted - q0
    n_wanted = len(wanted)
    keep = present[slot_ind][:, :, None] & (wanted[None, None, :] < slots.retired[:, None, None])
    s_idx, a_idx, w_idx = np.nonzero(keep)
    s_small = s_idx.astype(code_dtype(len(slot_measure)))
    ends = np.cumsum(keep.sum(axis=(1, 2)))  # each slot's rows end here

    # The rules, a block of slots at a time: arrays of a few million cells are reused
    # by the allocator, where one pass over ten million would ask the kernel for fresh
    # (zeroed) memory for every temporary. Each block is fully vectorised.
    out = {name: np.empty(len(s_idx), dtype=dtype) for name, dtype in CELL_OUTPUTS.items()}
    step = max(1, BLOCK_CELLS // max(1, n_area * n_wanted))
    for first_slot in range(0, len(slot_measure), step):
        block = slice(first_slot, first_slot + step)
        computed = apply_rules(
            series[block],
            None if numerators is None else numerators[block],
            None if denominators is None else denominators[block],
            Slots(plan, slot_measure[block], q0, nq),
            k,
        )
        mask = keep[block]
        rows = slice(int(ends[first_slot - 1]) if first_slot else 0, int(ends[block][-1]))
        for name, values in computed.items():
            values = np.broadcast_to(values, mask.shape)
            out[name][rows] = values.reshape(-1) if mask.all() else values[mask]

    def per_slot(values: Sequence[str | None]) -> pd.Categorical:
        codes, categories = pd.factorize(pd.Series(values, dtype=object))
        return categorical(codes.astype(code_dtype(len(categories)))[s_small], categories)

    ref_codes, ref_reasons = pd.factorize(pd.Series(slots.reference_reason, dtype=object))
    # Reason codes: 0 none (missing), 1 no figure, 2 the slot's missing-reference text.
    reason = out["reason"].astype(np.int16)
    reason_rows = np.where(reason == 2, 1 + ref_codes[s_idx], reason - 1)
    comment, author, released = comments_for(
        [m.id for m in slot_measure], notes, note_ordinals, s_idx, wanted[w_idx]
    )
    flag, note = flags_and_notes(
        obs,
        len(s_idx),
        lambda: lookup(cells, used, shape)[
            (slot_ind[s_idx] * n_area + a_idx) * nq + wanted[w_idx] - q0
        ],
    )
    band_rows = out["band"]
    band_rows[np.isin(slots.target_kind[s_idx], (rules.NO_TARGET, rules.BENCHMARK))] = np.nan
    data = {
        "measure": per_slot([m.id for m in slot_measure]),
        "priority": per_slot([m.priority for m in slot_measure]),
        "title": per_slot([m.title for m in slot_measure]),
        "owners": per_slot([", ".join(m.owners) for m in slot_measure]),
        "kind": per_slot([m.kind for m in slot_measure]),
        "indicator": per_slot(slot_indicator),
        "area": categorical(a_idx.astype(code_dtype(n_area)), areas),
        "period": categorical(w_idx.astype(code_dtype(n_wanted)), ordinal_labels(wanted)),
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
        "status": categorical(out["status"], STATUSES),
        "reason": categorical(reason_rows, ["no figure for this quarter", *ref_reasons]),
        "trend_quarter": categorical(out["trend_quarter"], TRENDS),
        "trend_year": categorical(out["trend_year"], TRENDS),
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
        data["comparison"] = categorical(np.full(len(s_idx), -1, np.int8), COMPARISONS)
        return pd.DataFrame(data, columns=list(COLUMNS), copy=False)
    across = Rows(
        plan,
        slot_measure,
        areas,
        s_idx,
        a_idx,
        w_idx,
        n_wanted,
        data,
        population[a_idx],
        slots.sign,
    )
    data.update(across.statistics(published))
    status, target, reasons = across.benchmark_status(out["status"], data["target"])
    data["status"], data["target"] = categorical(status, STATUSES), target
    if reasons is not None:
        extra = list(reasons.categories)
        codes = np.where(reasons.codes >= 0, reasons.codes + len(data["reason"].categories), -1)
        data["reason"] = categorical(
            np.where(codes >= 0, codes, data["reason"].codes),
            [*data["reason"].categories, *extra],
        )
    return pd.DataFrame(data, columns=list(COLUMNS), copy=False)
