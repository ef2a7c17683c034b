"""The status rules, as DESIGN.md states them: one function per rule, on arrays.

Every function takes numpy arrays (or numbers) and broadcasts as numpy does; none knows
about frames, columns or files. :func:`~ssp_targets.assess` lays the figures out as
arrays and applies these. Statuses and trends come back as codes into
:data:`~ssp_targets.assessment.columns.STATUSES` and
:data:`~ssp_targets.assessment.columns.TRENDS`.

The rules, in DESIGN.md's words:

- For polarity ``higher``, target T and amber band b ≥ 0: green when value ≥ T; amber when
  T − b ≤ value < T; red when value < T − b (:func:`status_higher`). Polarity ``lower``
  mirrors it (:func:`status_lower`).
- b is ``amber_within``, or p% of |T| when written "p%" (:func:`band_width`).
- A target written as a change resolves to a number first (:func:`change_target`); if
  the reference is missing the status is ``no_data``. No target, or polarity ``none``:
  ``monitor``. No observation: ``no_data`` (:func:`status`).
- Values are compared unrounded, except that a value within 1e-9 (relative) of its
  threshold counts as equal (:func:`at_least`).
- Trend: ``improving`` / ``worsening`` / ``no_change`` where the polarity says which way
  is good, ``up`` / ``down`` / ``no_change`` where it does not, ``no_data`` when either
  value is missing (:func:`trend`).
- Year to date: ``sum`` adds the quarters of the financial year so far, ``ratio`` is
  Σnumerator / Σdenominator in the measure's unit, ``mean`` and ``latest`` as named
  (:data:`YEAR_TO_DATE`, :func:`ytd_ratio`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ssp_targets.assessment.columns import (
    AMBER,
    DOWN,
    GREEN,
    IMPROVING,
    MONITOR,
    NO_CHANGE,
    NO_DATA,
    RED,
    TREND_NO_DATA,
    UP,
    WORSENING,
)

Floats = NDArray[np.float64]
Codes = NDArray[np.int8]

#: Values within this relative distance of a threshold count as on it.
RELATIVE_TOLERANCE = 1e-9

#: Kinds of target, as :func:`status` needs to tell them apart.
NO_TARGET, FIXED, BY_YEAR, CHANGE, BENCHMARK = range(5)


def at_least(value: ArrayLike, threshold: ArrayLike) -> NDArray[np.bool_]:
    """``value >= threshold``, a value within one part in a billion of the threshold
    counting as on it (so 33 meets a 10% rise on 30, 33.000000000000004 in floats)."""
    v, t = np.asarray(value, dtype=float), np.asarray(threshold, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.asarray(v - t >= -RELATIVE_TOLERANCE * np.abs(t))


def band_width(amber_within: ArrayLike, relative: ArrayLike, target: ArrayLike) -> Floats:
    """The amber band b: ``amber_within`` in the measure's unit, or, written "p%", that
    share of |T| (``amber_within`` is then the fraction, 0.05 for "5%")."""
    band = np.asarray(amber_within, dtype=float)
    return np.asarray(np.where(relative, band * np.abs(np.asarray(target, dtype=float)), band))


def status_higher(value: ArrayLike, target: ArrayLike, band: ArrayLike) -> Codes:
    """Higher is better: green when value ≥ T; amber when T − b ≤ value < T; red when
    value < T − b. (A missing value or target gives red here: :func:`status` sorts out
    what is missing.)"""
    t = np.asarray(target, dtype=float)
    green = at_least(value, t)
    amber = at_least(value, t - np.asarray(band, dtype=float))
    return np.where(green, GREEN, np.where(amber, AMBER, RED)).astype(np.int8)


def status_lower(value: ArrayLike, target: ArrayLike, band: ArrayLike) -> Codes:
    """Lower is better, the mirror of :func:`status_higher`: green when value ≤ T; amber
    when T < value ≤ T + b; red when value > T + b."""
    return status_higher(-np.asarray(value, dtype=float), -np.asarray(target, dtype=float), band)


def status(
    value: ArrayLike, target: ArrayLike, band: ArrayLike, sign: ArrayLike, kind: ArrayLike
) -> Codes:
    """The status of each figure: by polarity (``sign`` +1 higher, -1 lower, 0 none)
    against its target and band, given the ``kind`` of target (:data:`NO_TARGET`,
    :data:`FIXED`, :data:`BY_YEAR`, :data:`CHANGE`, :data:`BENCHMARK`).

    ``monitor`` with no target or no polarity, or in a year the per-year target leaves
    out; ``no_data`` when a change target's reference figure is missing, and always when
    the figure is. (A benchmark target is scored across areas, not here.)
    """
    v = np.asarray(value, dtype=float)
    t = np.asarray(target, dtype=float)
    s = np.asarray(sign, dtype=float)
    k = np.asarray(kind)
    codes = status_higher(s * v, s * t, band)  # lower mirrors higher: turn it round
    codes, _ = np.broadcast_arrays(codes, v)
    codes = codes.copy()
    codes[np.broadcast_to((k == NO_TARGET) | (s == 0), codes.shape)] = MONITOR
    target_missing = np.broadcast_to(np.isnan(t), codes.shape)
    codes[target_missing & np.broadcast_to(k == BY_YEAR, codes.shape)] = MONITOR
    codes[target_missing & np.broadcast_to(k == CHANGE, codes.shape)] = NO_DATA
    codes[np.broadcast_to(np.isnan(v), codes.shape)] = NO_DATA
    return codes


def change_target(reference: ArrayLike, change: ArrayLike, relative: ArrayLike) -> Floats:
    """A target written as a change against a reference figure, worked out as a number:
    reference × (1 + change) for a relative change (-0.05 for "-5%"), reference + change
    for an amount in the measure's unit. Missing where the reference is."""
    ref = np.asarray(reference, dtype=float)
    c = np.asarray(change, dtype=float)
    return np.asarray(np.where(relative, ref * (1 + c), ref + c))


def trend(value: ArrayLike, before: ArrayLike, sign: ArrayLike) -> Codes:
    """The trend from ``before`` to ``value``: ``no_change`` within one part in a billion;
    else ``improving`` or ``worsening`` where the polarity (``sign`` +1 higher, -1 lower)
    says which way is good, ``up`` or ``down`` where it does not (``sign`` 0); ``no_data``
    when either figure is missing."""
    v, b = np.asarray(value, dtype=float), np.asarray(before, dtype=float)
    s = np.asarray(sign, dtype=float)
    with np.errstate(invalid="ignore"):
        change = v - b
        same = np.abs(change) <= RELATIVE_TOLERANCE * np.maximum(np.abs(v), np.abs(b))
        directed = np.where(s * change > 0, IMPROVING, WORSENING)
        undirected = np.where(change > 0, UP, DOWN)
    codes = np.where(s == 0, undirected, directed).astype(np.int8)
    codes[same] = NO_CHANGE
    codes[np.isnan(change)] = TREND_NO_DATA
    return codes


# -- year to date: the quarter axis is the last, starting at a Q1, in whole years ------


def _within_years(values: Floats, step: Callable[[Floats], Floats]) -> Floats:
    shape = values.shape
    years = values.reshape((*shape[:-1], shape[-1] // 4, 4))
    return step(years).reshape(shape)


def ytd_sum(values: ArrayLike) -> Floats:
    """``sum``: the quarters of the financial year so far added up (missing once any
    quarter so far is: a running sum carries the gap forward)."""
    return _within_years(np.asarray(values, dtype=float), lambda y: np.cumsum(y, axis=-1))


def ytd_mean(values: ArrayLike) -> Floats:
    """``mean``: the quarters of the financial year so far averaged."""
    v = np.asarray(values, dtype=float)
    quarters_so_far = np.arange(1, 5, dtype=float)
    return _within_years(v, lambda y: np.cumsum(y, axis=-1) / quarters_so_far)


def ytd_latest(values: ArrayLike) -> Floats:
    """``latest``: the quarter's own figure."""
    return np.asarray(values, dtype=float)


def ytd_ratio(numerators: ArrayLike, denominators: ArrayLike, scale: ArrayLike) -> Floats:
    """``ratio``: Σnumerator / Σdenominator over the financial year so far, in the
    measure's unit (``scale`` 100 for a percentage, 1,000 for a rate per 1,000): not the
    mean of the quarters' ratios."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return ytd_sum(numerators) / ytd_sum(denominators) * np.asarray(scale, dtype=float)


#: The year-to-date rules that need only the figures, by the plan's ``aggregate`` word.
YEAR_TO_DATE: dict[str, Callable[[ArrayLike], Floats]] = {
    "sum": ytd_sum,
    "mean": ytd_mean,
    "latest": ytd_latest,
}
