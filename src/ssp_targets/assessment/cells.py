"""Every rule applied to a block of slots at the wanted quarters: the figure, the
comparison figures, target, band, status, trends and year to date of each cell."""

from __future__ import annotations

import numpy as np

from ssp_targets.assessment import rules
from ssp_targets.assessment.columns import NO_DATA
from ssp_targets.assessment.grid import at
from ssp_targets.assessment.slots import Slots
from ssp_targets.assessment.year_to_date import year_to_date

#: Cells per block of slots that the rules are applied to at once.
BLOCK_CELLS = 2_000_000

#: What :func:`apply_rules` gives for each cell, and its type.
CELL_OUTPUTS = {
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


def apply_rules(
    series: np.ndarray,
    numerators: np.ndarray | None,
    denominators: np.ndarray | None,
    slots: Slots,
    k: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every rule for a block of slots at the wanted quarters ``k``: arrays shaped
    (slot, area, wanted quarter), or broadcastable to it."""
    value = np.take(series, k, axis=2)
    previous = at(series, k - 1)
    last_year = at(series, k - 4)
    target = slots.targets(series, k, previous, last_year)
    band = slots.band[:, None, None]
    if slots.band_relative.any():
        band = rules.band_width(band, slots.band_relative[:, None, None], target)
    sign = slots.sign[:, None, None]
    status = rules.status(value, target, band, sign, slots.target_kind[:, None, None])
    reason = np.zeros(value.shape, dtype=np.int8)
    reason[status == NO_DATA] = 2  # the target's reference is missing ...
    reason[np.isnan(value)] = 1  # ... unless the figure itself is
    ytd = np.take(year_to_date(series, numerators, denominators, slots), k, axis=2)
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
        "trend_quarter": rules.trend(value, previous, sign),
        "trend_year": rules.trend(value, last_year, sign),
        "ytd": ytd,
    }
