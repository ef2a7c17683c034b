"""XmR charts in the NHS "Making Data Count" style: one series, or every series of a frame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
import pandas as pd

from ssp_targets.stats._spc_core import (
    ASSURANCE,
    CLASSES,
    MISSING,
    RULES,
    assurance_code,
    direction,
    xmr_flat,
)

Improvement = Literal["increase", "decrease", "neutral"]


@attrs.frozen
class XmrResult:
    """One series' XmR chart.

    ``mean``, ``lower_limit`` and ``upper_limit`` are the latest rebase group's; ``points``
    holds one class per value (``None`` for a missing value); ``variation`` is the last
    non-missing point's class; ``assurance`` is ``consistently_met``,
    ``consistently_missed``, ``hit_and_miss`` or ``None`` (no target, or neutral);
    ``trial_limits`` is true when any rebase group has fewer than 13 points.
    """

    mean: float
    lower_limit: float
    upper_limit: float
    points: tuple[str | None, ...]
    variation: str | None
    assurance: str | None
    trial_limits: bool
    near_lower: float = attrs.field(default=float("nan"), repr=False)
    near_upper: float = attrs.field(default=float("nan"), repr=False)
    #: For each value, the special-cause rules it is part of (names from ``RULES``:
    #: ``above_upper``, ``rising``, ``near_lower``, ``above_mean`` ...).
    rules: tuple[tuple[str, ...], ...] = attrs.field(default=(), repr=False)


def _check_fix(fix_after_n_points: int | None) -> None:
    if fix_after_n_points is not None and fix_after_n_points < 12:
        raise ValueError("fix_after_n_points must be at least 12")


def xmr(
    values: Iterable[float | None],
    improvement: Improvement = "increase",
    target: float | None = None,
    screen_outliers: bool = True,
    rebase_at: Iterable[int] = (),
    fix_after_n_points: int | None = None,
) -> XmrResult:
    """XmR limits, point classes and the variation and assurance icons for one series.

    ``rebase_at`` holds 0-based positions that start a new group (0 is ignored);
    ``fix_after_n_points`` (at least 12) bases each group's limits on its first n rows.
    Missing values (``None`` or NaN) are left out of the mean and moving ranges, break
    every run rule and get the class ``None``.
    """
    sign = direction(improvement)
    _check_fix(fix_after_n_points)
    v = np.array([np.nan if x is None else x for x in values], dtype=np.float64)
    n = len(v)
    if n == 0:
        raise ValueError("xmr needs at least one value")
    starts = np.zeros(n, dtype=bool)
    for p in rebase_at:
        if not 0 <= p < n:
            raise ValueError(f"rebase position {p} is outside 0..{n - 1}")
        starts[p] = True
    starts[0] = False
    segment = np.cumsum(starts).astype(np.int64)
    first = np.flatnonzero(np.r_[True, starts[1:]])
    position = np.arange(n, dtype=np.int64) - first[segment]
    flat = xmr_flat(
        v,
        segment,
        position,
        np.full(n, sign, dtype=np.int64),
        screen_outliers=screen_outliers,
        fix_after_n_points=fix_after_n_points,
    )
    points = tuple(None if c == MISSING else CLASSES[c] for c in flat.code.tolist())
    shown = [p for p in points if p is not None]
    t = np.array([np.nan if target is None else target])
    a = assurance_code(t, flat.lower[-1:], flat.upper[-1:], np.array([sign]))
    return XmrResult(
        mean=float(flat.mean[-1]),
        lower_limit=float(flat.lower[-1]),
        upper_limit=float(flat.upper[-1]),
        points=points,
        variation=shown[-1] if shown else None,
        assurance=ASSURANCE[int(a[0])],
        trial_limits=bool(flat.trial.any()),
        near_lower=float(flat.near_lower[-1]),
        near_upper=float(flat.near_upper[-1]),
        rules=tuple(tuple(name for name in RULES if flat.rules[name][i]) for i in range(n)),
    )


def describe_special_cause(result: XmrResult) -> str:
    """What makes a series' variation special, in plain English, from the rules its points
    are part of: ``special cause: 2 points above the upper limit; 7 quarters below the
    mean``, or ``common cause variation only``."""
    special = {i for i, p in enumerate(result.points) if p not in (None, "common_cause")}
    if not special:
        return "common cause variation only"
    parts = []
    explained: set[int] = set()
    for rule, side in (("above_upper", "above the upper"), ("below_lower", "below the lower")):
        hits = {i for i, rules in enumerate(result.rules) if rule in rules}
        if hits:
            n = len(hits)
            parts.append(f"{'a point' if n == 1 else f'{n} points'} {side} limit")
            explained |= hits
    runs = (("rising", "rising"), ("falling", "falling"),
            ("above_mean", "above the mean"), ("below_mean", "below the mean"))  # fmt: skip
    for rule, words in runs:
        for first, n in _runs([rule in rules for rules in result.rules]):
            parts.append(f"{n} quarters {words}")
            explained |= set(range(first, first + n))
    near = {
        side
        for i in special - explained
        for side, rule in (("upper", "near_upper"), ("lower", "near_lower"))
        if rule in result.rules[i]
    }
    if near:
        parts.append(
            f"two of three quarters near the {' and '.join(sorted(near, reverse=True))} limit"
        )
    return "special cause: " + "; ".join(parts)


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """Each run of true flags as (first position, length)."""
    out: list[tuple[int, int]] = []
    for i, flag in enumerate(flags):
        if flag and out and out[-1][0] + out[-1][1] == i:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        elif flag:
            out.append((i, 1))
    return out


def _per_series(
    spec: object, indicators: pd.Series, areas: pd.Series, default: object
) -> list[object]:
    """Look a per-series setting up by (indicator, area), then indicator; else use it as is."""
    if not isinstance(spec, Mapping):
        return [default if spec is None else spec] * len(indicators)
    return [
        spec.get((i, a), spec.get(i, default))
        for i, a in zip(indicators.tolist(), areas.tolist(), strict=True)
    ]


def xmr_frame(
    observations: pd.DataFrame,
    improvement: Improvement | Mapping[str, str] = "increase",
    target: float | Mapping[object, float] | None = None,
    screen_outliers: bool = True,
    rebase_at: Sequence[str] | Mapping[object, Sequence[str]] = (),
    fix_after_n_points: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`xmr` for every indicator x area series of an observation frame at once.

    ``observations`` has columns indicator, area, period (labels such as "2018/19 Q1",
    sorted as text) and value. ``improvement`` is one word or a mapping indicator -> word;
    ``target`` a number or a mapping keyed by (indicator, area) or indicator; ``rebase_at``
    period labels that start a new group, for every series or keyed like ``target``.

    Returns ``(points, series)``: one row per observation, sorted by indicator, area and
    period, with columns indicator, area, period, value, mean, lower_limit, upper_limit,
    near_lower, near_upper, point, trial_limits; and one row per series with indicator,
    area, mean, lower_limit, upper_limit (latest group), variation, assurance, trial_limits.
    """
    _check_fix(fix_after_n_points)
    obs = observations[["indicator", "area", "period", "value"]]
    obs = obs.sort_values(["indicator", "area", "period"], kind="stable", ignore_index=True)
    n = len(obs)
    keys = obs[["indicator", "area"]]
    new_series = np.ones(n, dtype=bool)
    if n:
        new_series[1:] = (keys.iloc[1:].to_numpy() != keys.iloc[:-1].to_numpy()).any(axis=1)
    series_id = np.cumsum(new_series) - 1
    heads = np.flatnonzero(new_series)
    head_keys = keys.iloc[heads].reset_index(drop=True)

    if isinstance(improvement, str):
        s_dir = np.full(len(heads), direction(improvement), dtype=np.int64)
    else:
        words = _per_series(improvement, head_keys["indicator"], head_keys["area"], "increase")
        s_dir = np.array([direction(str(w)) for w in words], dtype=np.int64)
    targets = _per_series(target, head_keys["indicator"], head_keys["area"], None)
    s_target = np.array([np.nan if t is None else float(t) for t in targets])  # type: ignore[arg-type]

    starts = new_series.copy()
    if isinstance(rebase_at, Mapping):
        labels = _per_series(rebase_at, head_keys["indicator"], head_keys["area"], ())
        wanted = pd.DataFrame(
            [(s, p) for s, ps in enumerate(labels) for p in ps],  # type: ignore[attr-defined]
            columns=["s", "period"],
        )
        if len(wanted):
            hit = pd.MultiIndex.from_arrays([series_id, obs["period"]]).isin(
                pd.MultiIndex.from_frame(wanted)
            )
            starts |= np.asarray(hit)
    elif len(rebase_at):
        starts |= obs["period"].isin(list(rebase_at)).to_numpy()
    segment = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    position = np.arange(n) - first[segment]

    value = pd.to_numeric(obs["value"], errors="coerce").to_numpy(dtype=np.float64)
    flat = xmr_flat(
        value,
        segment.astype(np.int64),
        position.astype(np.int64),
        s_dir[series_id],
        screen_outliers=screen_outliers,
        fix_after_n_points=fix_after_n_points,
    )
    point = pd.Categorical.from_codes(
        np.where(flat.code == MISSING, -1, flat.code), categories=list(CLASSES)
    )
    points = obs.assign(
        value=value,
        mean=flat.mean,
        lower_limit=flat.lower,
        upper_limit=flat.upper,
        near_lower=flat.near_lower,
        near_upper=flat.near_upper,
        point=point,
        trial_limits=flat.trial,
    )

    last = np.r_[heads[1:] - 1, n - 1].astype(np.int64)
    shown_idx = np.where(flat.code != MISSING, np.arange(n), -1)
    last_shown = np.maximum.reduceat(shown_idx, heads) if n else shown_idx
    var_codes = np.where(last_shown >= 0, flat.code[np.maximum(last_shown, 0)], -1)
    trial_any = np.logical_or.reduceat(flat.trial, heads) if n else flat.trial
    a = assurance_code(s_target, flat.lower[last], flat.upper[last], s_dir)
    series = head_keys.assign(
        mean=flat.mean[last],
        lower_limit=flat.lower[last],
        upper_limit=flat.upper[last],
        variation=pd.Categorical.from_codes(var_codes, categories=list(CLASSES)),
        assurance=pd.Categorical.from_codes(
            np.asarray(a, dtype=np.int64) - 1, categories=[str(x) for x in ASSURANCE[1:]]
        ),
        trial_limits=trial_any,
    )
    return points, series
