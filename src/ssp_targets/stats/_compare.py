"""Comparison with a benchmark, the way Fingertips compares an area with England.

An area is "similar" to the benchmark when the benchmark's value lies inside the area's
confidence interval, the limits included; otherwise it is higher or lower, which the
indicator's polarity turns into "better" or "worse". With no polarity, or no interval
(or no benchmark value), it is "not_compared". (Fingertips' "Technical Guide: Confidence
Intervals", the "compared with benchmark" method for indicators with intervals.)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ssp_targets.stats._spc_core import direction  # numpy only: assess imports this module

#: The comparison words, in the order of their codes.
COMPARISONS = ("better", "similar", "worse", "not_compared")


def compare_with_benchmark(
    lower: ArrayLike,
    upper: ArrayLike,
    benchmark: ArrayLike,
    improvement: str = "increase",
) -> NDArray[np.str_]:
    """Each area's comparison with its benchmark: an array of :data:`COMPARISONS` words.

    ``lower`` and ``upper`` are the area's interval limits and ``benchmark`` the value
    compared with (arrays of one shape, or broadcastable); ``improvement`` says which
    way is better: ``"increase"``, ``"decrease"`` or ``"neutral"`` (never compared).
    """
    codes = compare_codes(lower, upper, benchmark, direction(improvement))
    return np.asarray(COMPARISONS, dtype=np.str_)[codes]


def compare_codes(
    lower: ArrayLike, upper: ArrayLike, benchmark: ArrayLike, sign: ArrayLike
) -> NDArray[np.int8]:
    """:func:`compare_with_benchmark` as codes into :data:`COMPARISONS`, with the
    direction given per element as ``sign`` (+1 higher is better, -1 lower, 0 none)."""
    lo = np.asarray(lower, dtype=float)
    hi = np.asarray(upper, dtype=float)
    bench = np.asarray(benchmark, dtype=float)
    direction = np.asarray(sign, dtype=float)
    with np.errstate(invalid="ignore"):
        above = bench < lo  # the area is significantly higher than the benchmark
        below = bench > hi
    better = (above & (direction > 0)) | (below & (direction < 0))
    worse = (above & (direction < 0)) | (below & (direction > 0))
    codes = np.where(better, 0, np.where(worse, 2, 1)).astype(np.int8)
    unknown = np.isnan(lo) | np.isnan(hi) | np.isnan(bench) | (direction == 0)
    codes[np.broadcast_to(unknown, codes.shape)] = 3
    return codes
