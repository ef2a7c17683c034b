"""Deprecated: moved to :mod:`ssp_targets.plan.quarters`. Plugins import from ``ssp_targets``,
``ssp_targets.kit`` and ``ssp_targets.testing`` only; this path works, with a
``DeprecationWarning``, for one release."""

import warnings

import pandas as pd

from ssp_targets.plan.quarters import *  # noqa: F403 (the old module's names, as they were)
from ssp_targets.plan.quarters import FREQ

warnings.warn(
    "ssp_targets.periods is deprecated and goes in the next release: import from "
    "ssp_targets or ssp_targets.kit instead",
    DeprecationWarning,
    stacklevel=2,
)


# The old module's helpers the core no longer uses, kept here for this one release.


def previous_quarter(quarter: pd.Period) -> pd.Period:
    """The quarter before (2018/19 Q1 -> 2017/18 Q4)."""
    return quarter - 1


def same_quarter_last_year(quarter: pd.Period) -> pd.Period:
    """The same quarter of the previous financial year."""
    return quarter - 4


def year_to_date(quarter: pd.Period) -> list[pd.Period]:
    """The quarters of the quarter's financial year up to and including it."""
    return [quarter - k for k in range(quarter.quarter - 1, -1, -1)]


def quarters_of_year(start_year: int) -> list[pd.Period]:
    """The four quarters of the financial year starting in April of ``start_year``."""
    first = pd.Period(year=start_year + 1, quarter=1, freq=FREQ)
    return [first + k for k in range(4)]
