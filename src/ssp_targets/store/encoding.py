"""How values are kept in the store's tables: quarters as ``year * 10 + quarter``, load
times as UTC text, missing values as NULL, and (indicator, area, quarter) packed into one
integer for fast matching."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from ssp_targets.errors import SspError
from ssp_targets.plan.quarters import FREQ, labels_to_ordinals, ordinal_labels

#: A figure's columns after its key, in the table's order; the numbers come first.
FIGURE_COLUMNS = ("value", "numerator", "denominator", "flag", "note", "lower_ci", "upper_ci")
NUMBER_COLUMNS = ("value", "numerator", "denominator", "lower_ci", "upper_ci")
TEXT_COLUMNS = ("flag", "note")
BASE_ORDINAL = pd.Period(year=2001, quarter=1, freq=FREQ).ordinal  # 2000/01 Q1


def period_codes(labels: pd.Series) -> np.ndarray:
    """Quarter labels as the store's integers (``2018/19 Q2`` -> 20182)."""
    offset = labels_to_ordinals(labels) - BASE_ORDINAL
    return (2000 + offset // 4) * 10 + offset % 4 + 1


def period_labels(codes: np.ndarray) -> np.ndarray:
    """The store's quarter integers as labels."""
    codes = np.asarray(codes, dtype=np.int64)
    return ordinal_labels(BASE_ORDINAL + (codes // 10 - 2000) * 4 + codes % 10 - 1)


def period_categorical(codes: np.ndarray) -> pd.Categorical:
    """The store's quarter integers as a categorical of labels, in time order."""
    if codes.size == 0:
        return pd.Categorical.from_codes([], categories=pd.Index([], dtype=object))
    low = int(codes.min())
    present = np.flatnonzero(np.bincount(codes - low))  # distinct codes, sorted
    position = np.zeros(int(present[-1]) + 1, dtype=np.int32)
    position[present] = np.arange(len(present))
    labels = pd.Index(list(period_labels(present + low)), dtype=object)
    return pd.Categorical.from_codes(position[codes - low], categories=labels)


def parse_as_of(value: str | datetime) -> datetime:
    """An ISO 8601 date or date-time; without a UTC offset it is local time. A date alone
    means the start of that day."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise SspError(
                f"as-of {value!r} is not an ISO 8601 date or date-time; write e.g. "
                '"2018-10-01", "2018-10-01T09:30" or "2018-10-01T09:30:00+01:00".'
            ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive means local time
    return moment.astimezone(UTC)


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def key(indicator: np.ndarray, area: np.ndarray, period: np.ndarray) -> np.ndarray:
    """One integer per (indicator, area, period) for fast matching."""
    return (indicator.astype(np.int64) << 42) | (area.astype(np.int64) << 20) | period


def same(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """Element-wise equality where two missing values count as equal."""
    new_missing = pd.isna(new)
    old_missing = pd.isna(old)
    with np.errstate(invalid="ignore"):
        equal = np.asarray(new == old, dtype=bool)
    return (new_missing & old_missing) | (~new_missing & ~old_missing & equal)


def nullable_text(column: pd.Series) -> pd.Series:
    """A text column as objects, with None (not NaN) where missing."""
    values = pd.Series(column.to_numpy(dtype=object), dtype=object)
    return values.where(values.notna(), None)


def nullable(column: pd.Series) -> list[Any]:
    """Column values for SQLite, with missing values as None."""
    values = column.astype(object)
    return values.where(values.notna(), None).tolist()
