"""The XmR engine on flat arrays: one pass over every series and rebase group at once.

Points arrive sorted by series then position, with a segment id per point that changes
wherever a new series or a new rebase group starts. Segment statistics use ``np.bincount``;
the run rules look back over at most seven points with shifted copies of flat arrays, so
there is no Python loop per series (only one over the window length).

Rules follow NHSRplotthedots (``ptd_spc_standard`` and ``ptd_calculate_point_type``, 0.2.x):

* mean and moving ranges over the first ``fix_after_n_points`` rows of each group (all rows
  when ``None``); a moving range next to a missing value is missing;
* screening drops moving ranges not strictly below 3.267 x their mean, once, then the mean
  moving range is recomputed;
* limits mean +/- 2.66 x mean moving range; near limits at two thirds of that;
* special-cause types, first that applies: outside a limit, part of a 7-point trend (six
  strict steps), part of two-in-three near the limit (the near points only, all three on
  one side of the mean), part of a run of 7 or more on one side of the mean.

Deliberate departures (see the package docstring): a series whose moving ranges are all
zero keeps a zero mean moving range when screened (the reference screens every range away
and its limits become NaN); a trend's direction is the trend's own (the reference takes the
sign of the neighbouring step, which is 0, read as "decreasing", when two rising trends
abut on a repeated value); missing values break every run and get no class.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

LIMIT = 2.66
NEAR_LIMIT = 2 * LIMIT / 3
SCREEN = 3.267
RUN = 7
TRIAL_BELOW = 13

# Point class codes; CLASSES[code] is the word (MISSING has none).
COMMON, IMPROVEMENT, CONCERN, NEUTRAL, MISSING = 0, 1, 2, 3, 4
CLASSES: tuple[str, ...] = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
)
DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}


def direction(improvement: str) -> int:
    """+1, -1 or 0 for "increase", "decrease" or "neutral" (ValueError otherwise)."""
    try:
        return DIRECTIONS[improvement]
    except KeyError:
        raise ValueError(
            f"improvement must be 'increase', 'decrease' or 'neutral', not {improvement!r}"
        ) from None


FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@attrs.frozen(eq=False)
class FlatXmr:
    """Per-point results of :func:`xmr_flat` (all arrays as long as the input)."""

    mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    near_lower: FloatArray
    near_upper: FloatArray
    code: NDArray[np.int8]
    trial: BoolArray
    rules: dict[str, BoolArray] = attrs.field(factory=dict)


def _back(a: NDArray[Any], k: int, fill: object) -> NDArray[Any]:
    """``out[i] = a[i - k]`` (``k > 0`` looks back, ``k < 0`` ahead), ``fill`` off the ends."""
    out = np.full_like(a, fill)
    if k == 0:
        return a.copy()
    if abs(k) >= len(a):
        return out
    if k > 0:
        out[k:] = a[:-k]
    else:
        out[:k] = a[-k:]
    return out


def xmr_flat(
    values: FloatArray,
    segment: IntArray,
    position: IntArray,
    direction: IntArray,
    *,
    screen_outliers: bool = True,
    fix_after_n_points: int | None = None,
) -> FlatXmr:
    """XmR limits and point classes for many segments laid end to end.

    ``segment`` is non-decreasing, numbering each (series, rebase group) from 0;
    ``position`` is the 0-based row within the segment; ``direction`` is +1, -1 or 0 per
    point (improvement up, down, neutral).
    """
    v = np.asarray(values, dtype=np.float64)
    n_seg = int(segment[-1]) + 1 if len(segment) else 0
    valid = ~np.isnan(v)
    fixed = valid if fix_after_n_points is None else valid & (position < fix_after_n_points)
    vz = np.where(valid, v, 0.0)

    count = np.bincount(segment, weights=fixed, minlength=n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        seg_mean = np.bincount(segment, weights=np.where(fixed, vz, 0.0), minlength=n_seg) / count
        # Second pass, as R's mean(): exact for constant groups, so no false shifts.
        resid = np.where(fixed, vz - seg_mean[segment], 0.0)
        seg_mean = seg_mean + np.bincount(segment, weights=resid, minlength=n_seg) / count

    same_prev = _back(segment, 1, -1) == segment
    mr_ok = fixed & _back(fixed, 1, False) & same_prev
    mr = np.where(mr_ok, np.abs(vz - _back(vz, 1, 0.0)), 0.0)
    mr_n = np.bincount(segment, weights=mr_ok, minlength=n_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        amr = np.bincount(segment, weights=mr, minlength=n_seg) / mr_n
        if screen_outliers:
            cut = (SCREEN * amr)[segment]
            # All-zero ranges: nothing is large, keep amr = 0 (the reference gets NaN).
            keep = mr_ok & ((mr < cut) | (amr[segment] == 0))
            amr = np.bincount(segment, weights=np.where(keep, mr, 0.0), minlength=n_seg) / (
                np.bincount(segment, weights=keep, minlength=n_seg)
            )

    mean = seg_mean[segment]
    spread = amr[segment]
    lower, upper = mean - LIMIT * spread, mean + LIMIT * spread
    near_lower, near_upper = mean - NEAR_LIMIT * spread, mean + NEAR_LIMIT * spread
    size = np.bincount(segment, minlength=n_seg)
    trial = (size < TRIAL_BELOW)[segment]

    rules = point_rules(v, segment, mean, lower, upper, near_lower, near_upper)
    code = classify(v, segment, mean, rules, direction)
    return FlatXmr(mean, lower, upper, near_lower, near_upper, code, trial, rules)


#: The special-cause rules a point can be part of (several at once), by name: outside a
#: limit, a trend of :data:`RUN` rising or falling, two of three near a limit (on one side
#: of the mean), a run of :data:`RUN` or more on one side of the mean.
RULES = (
    "above_upper",
    "below_lower",
    "rising",
    "falling",
    "near_upper",
    "near_lower",
    "above_mean",
    "below_mean",
)


def point_rules(
    v: FloatArray,
    segment: IntArray,
    mean: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    near_lower: FloatArray,
    near_upper: FloatArray,
) -> dict[str, BoolArray]:
    """Each rule of :data:`RULES`: which points are part of it (all arrays per point)."""
    valid = ~np.isnan(v)
    above, below = v > upper, v < lower
    outside = above | below
    side = np.where(valid, np.sign(v - mean), 0.0)
    side = np.nan_to_num(side).astype(np.int8)
    close = valid & ~outside & ((v < near_lower) | (v > near_upper))

    # Trend: six strict steps in one direction, within one segment, no missing values.
    step = _steps(v, segment)
    rise_end = np.ones(len(v), dtype=bool)
    fall_end = np.ones(len(v), dtype=bool)
    for k in range(RUN - 1):
        s = _back(step, k, 0)
        rise_end &= s == 1
        fall_end &= s == -1
    # Shift: seven points on one side of the mean, within one segment.
    shift_end = (side != 0) & (_back(segment, RUN - 1, -1) == segment)
    for k in range(1, RUN):
        shift_end &= _back(side, k, 0) == side
    rising = np.zeros(len(v), dtype=bool)
    falling = np.zeros(len(v), dtype=bool)
    shift = np.zeros(len(v), dtype=bool)
    for k in range(RUN):
        rising |= _back(rise_end, -k, False)
        falling |= _back(fall_end, -k, False)
        shift |= _back(shift_end, -k, False)
    # Two in three: windows of three in one segment, >= 2 near a limit, all on one side.
    c = close.astype(np.int8)
    window = (
        (_back(segment, -2, -1) == segment)
        & (c + _back(c, -1, 0) + _back(c, -2, 0) >= 2)
        & (np.abs(side + _back(side, -1, 0) + _back(side, -2, 0)) == 3)
    )
    two_in_three = close & (window | _back(window, 1, False) | _back(window, 2, False))
    return {
        "above_upper": above,
        "below_lower": below,
        "rising": rising,
        "falling": falling,
        "near_upper": two_in_three & (side > 0),
        "near_lower": two_in_three & (side < 0),
        "above_mean": shift & (side > 0),
        "below_mean": shift & (side < 0),
    }


def _steps(v: FloatArray, segment: IntArray) -> NDArray[np.int8]:
    """+1, -1 or 0: each point's step from the one before, 0 across a segment or a gap."""
    step = np.sign(v - _back(v, 1, np.nan))
    return np.where((_back(segment, 1, -1) == segment) & ~np.isnan(step), step, 0).astype(np.int8)


def classify(
    v: FloatArray,
    segment: IntArray,
    mean: FloatArray,
    rules: dict[str, BoolArray],
    direction: IntArray,
) -> NDArray[np.int8]:
    """Point class codes from values and the rules they are part of: the first rule that
    applies, in the order outside a limit, trend, two of three, run, gives the direction."""
    valid = ~np.isnan(v)
    side = np.nan_to_num(np.where(valid, np.sign(v - mean), 0.0)).astype(np.int8)
    above, below = rules["above_upper"], rules["below_lower"]
    outside = above | below
    rising, falling = rules["rising"], rules["falling"]
    two_in_three = rules["near_upper"] | rules["near_lower"]
    shift = rules["above_mean"] | rules["below_mean"]
    next_step = _back(_steps(v, segment), -1, 0)
    trend_dir = np.where(rising & falling, next_step, np.where(rising, 1, -1))
    way = np.select(
        [outside, rising | falling, two_in_three, shift],
        [np.where(above, 1, -1), trend_dir, side, side],
        default=0,
    )
    signed = way * direction
    code = np.select(
        [~valid, way == 0, direction == 0, signed > 0],
        [MISSING, COMMON, NEUTRAL, IMPROVEMENT],
        default=CONCERN,
    )
    return code.astype(np.int8)


def assurance_code(
    target: FloatArray, lower: FloatArray, upper: FloatArray, direction: IntArray
) -> NDArray[np.int8]:
    """0 none, 1 consistently met, 2 consistently missed, 3 hit and miss (per series)."""
    has = ~np.isnan(target) & (direction != 0)
    met = np.where(direction > 0, target < lower, target > upper)
    missed = np.where(direction > 0, target > upper, target < lower)
    return np.select([~has, met, missed], [0, 1, 2], default=3).astype(np.int8)


ASSURANCE: tuple[str | None, ...] = (
    None,
    "consistently_met",
    "consistently_missed",
    "hit_and_miss",
)
