"""The year to date of every slot, by the aggregate its measure names (DESIGN.md's
``aggregate``: sum, mean, latest or ratio; the rules themselves are in
:mod:`ssp_targets.assessment.rules`)."""

from __future__ import annotations

import numpy as np

from ssp_targets.assessment import rules
from ssp_targets.assessment.slots import Slots


def year_to_date(
    value: np.ndarray,
    numerator: np.ndarray | None,
    denominator: np.ndarray | None,
    slots: Slots,
) -> np.ndarray:
    """Each slot's year to date by its aggregate's rule (a block of slots shares one
    rule at a time, so each is worked out only for the slots that use it)."""
    ytd = np.full(value.shape, np.nan)
    for word in np.unique(slots.aggregate):
        which = np.flatnonzero(slots.aggregate == word)
        if word == "ratio":
            if numerator is not None and denominator is not None:
                scale = slots.scale[which, None, None]
                ytd[which] = rules.ytd_ratio(numerator[which], denominator[which], scale)
        else:
            ytd[which] = rules.YEAR_TO_DATE[str(word)](value[which])
    return ytd
