"""Statistics for indicator series: XmR charts, confidence intervals and comparison.

``xmr`` / ``xmr_frame`` follow NHSRplotthedots 0.2.x (NHS England "Making Data Count");
``proportion_ci`` / ``rate_ci`` follow OHID's PHEindicatormethods;
``compare_with_benchmark`` follows Fingertips' comparison of an area with England. Not imported by
``import ssp_targets``; scipy is imported only when an interval is computed.

Where this departs from the reference package, and why:

* classes are ``common_cause``, ``special_cause_improvement``, ``special_cause_concern``
  and ``special_cause_neutral`` (the reference splits neutral into ``_high``/``_low``);
* assurance words are ``consistently_met`` / ``consistently_missed`` / ``hit_and_miss``
  (the reference's ``consistent_pass`` / ``consistent_fail`` / ``inconsistent``), with the
  same strict comparisons: for "increase", a target below the lower limit is met and one
  above the upper limit is missed;
* when every moving range in a group is zero, screening keeps them (mean moving range 0,
  limits on the mean); the reference screens them all away and its limits become NaN;
* a point in a 7-point trend takes the trend's direction; the reference reads the sign of
  the neighbouring step, which is 0 ("decreasing") where two rising trends meet on a
  repeated value;
* missing values are skipped by the mean and moving ranges (as the reference), break every
  run rule, get no class, and do not count towards the 13 points; the variation icon is the
  last non-missing point's class;
* ``trial_limits`` on a result is true when any rebase group has fewer than 13 points.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ssp_targets.stats._compare import COMPARISONS, compare_with_benchmark
    from ssp_targets.stats._intervals import proportion_ci, rate_ci
    from ssp_targets.stats._spc import XmrResult, describe_special_cause, xmr, xmr_frame

# Loaded on first use, so that computing intervals (as assess does) never loads SPC.
_LAZY = {
    "COMPARISONS": "_compare",
    "compare_with_benchmark": "_compare",
    "proportion_ci": "_intervals",
    "rate_ci": "_intervals",
    "XmrResult": "_spc",
    "xmr": "_spc",
    "describe_special_cause": "_spc",
    "xmr_frame": "_spc",
}

__all__ = [
    "COMPARISONS",
    "XmrResult",
    "compare_with_benchmark",
    "describe_special_cause",
    "proportion_ci",
    "rate_ci",
    "xmr",
    "xmr_frame",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ssp_targets.stats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
