"""Row-by-row checks of tabular input, reported together.

A file with a million bad rows must still be refused in seconds and in little memory, so
problems are kept as arrays of row positions per check and only the first
:data:`MAX_LISTED` (in row order) are ever written out as text; the rest are counted.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.inputs.csv_files import shorten
from ssp_targets.plan.quarters import (
    ACCEPTED_QUARTER_FORMS,
    FREQ,
    labels_to_ordinals,
    ordinal_labels,
)

#: Most problems listed in one error; the rest are counted.
MAX_LISTED = 25


def per_distinct(values: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``function`` applied to each distinct value once, spread back over the column.

    Columns of codes and labels repeat a few values a million times, so string work on
    the distinct values is what keeps checking a large file quick.
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = np.concatenate([uniques.astype(object), np.array([None], dtype=object)])
    done = function(pd.Series(distinct, dtype=object))  # the last is for missing (-1)
    return pd.Series(done.to_numpy(dtype=object)[codes], index=values.index, dtype=object)


class RowChecks:
    """Collects (row, column, message) problems from boolean masks, then raises once.

    Each check keeps only the positions of its bad rows; text is made for the first
    :data:`MAX_LISTED` problems in row order when the error is raised.
    """

    def __init__(self, frame: pd.DataFrame, origin: str, row_offset: int) -> None:
        self.frame = frame
        self.origin = origin
        self.row_offset = row_offset
        self._checks: list[tuple[np.ndarray, str, str, str]] = []  # positions, column, ...
        self.row_word = "line" if row_offset == 2 else "row"

    def text(self, column: str) -> pd.Series:
        """The column as stripped text; missing values become empty strings."""
        return per_distinct(
            self.frame[column].reset_index(drop=True),
            lambda u: u.where(u.notna(), "").astype(str).str.strip(),
        )

    def period(self, column: str) -> pd.Series:
        """The column as canonical quarter labels, flagging rows that are not quarters."""
        values = self.frame[column].reset_index(drop=True)
        if values.dtype == pd.PeriodDtype(FREQ):
            ordinals = np.where(values.isna(), -1, values.array.asi8)
        else:
            ordinals = labels_to_ordinals(self.text(column))
        good = ordinals >= 0
        self.flag_rows(
            pd.Series(~good),
            column,
            f"is not a financial-year quarter (accepted: {ACCEPTED_QUARTER_FORMS})",
        )
        labels = np.full(len(ordinals), "", dtype=object)
        labels[good] = ordinal_labels(ordinals[good])
        return pd.Series(labels, dtype=object)

    def number(
        self,
        column: str,
        allow_blank: pd.Series,
        blank: str = "is empty (only a suppressed row may be)",
    ) -> pd.Series:
        """The column as floats (NaN where blank or bad), flagging text that is not a
        finite number and blanks where ``allow_blank`` is false (saying ``blank``)."""
        if pd.api.types.is_numeric_dtype(self.frame[column].dtype):  # a typed frame
            values = self.frame[column].reset_index(drop=True).astype(float)
            empty = values.isna()
            percent = pd.Series(False, index=values.index)
        else:
            raw = self.text(column)
            values = per_distinct(raw, lambda u: pd.to_numeric(u, errors="coerce")).astype(float)
            empty = raw == ""
            percent = values.isna() & per_distinct(raw, lambda u: u.str.endswith("%")).astype(bool)
        bad = (values.isna() & ~empty) | np.isinf(values)
        self.flag_rows(bad & ~percent, column, "is not a number")
        self.flag_rows(percent, column, "is not a number; write the figure without the % sign")
        self.flag_rows(empty & ~allow_blank, column, blank)
        return values.mask(bad)  # a bad cell is reported once, not again by later checks

    def flag_rows(
        self,
        mask: pd.Series | np.ndarray,
        column: str,
        message: str,
        show: str = "value",
    ) -> None:
        """Record every row where ``mask`` is true as a problem in ``column``; ``show``
        is ``value`` (quote the cell) or ``key`` (quote the row's indicator, area and
        period)."""
        flags = mask.fillna(False) if isinstance(mask, pd.Series) else pd.Series(mask)
        positions = np.flatnonzero(flags.to_numpy(dtype=bool))
        if positions.size:
            self._checks.append((positions, column, message, show))

    @property
    def count(self) -> int:
        """How many problems have been found."""
        return sum(len(p) for p, *_ in self._checks)

    def _text(self, position: int, column: str, message: str, show: str) -> str:
        row = self.frame.iloc[position]
        if show == "key":
            shown = ", ".join(
                shorten(str(row.get(c, "")).strip()) for c in ("indicator", "area", "period")
            )
            text = f"column {column}: ({shown}) {message}"
        else:
            cell = row.get(column) if column in self.frame else None
            raw = "" if cell is None or pd.isna(cell) else str(cell).strip()
            text = f"column {column}: {shorten(raw)!r} {message}"
        return f"{self.row_word} {position + self.row_offset}, {text}"

    def lines(self, limit: int | None = None) -> list[str]:
        """The problems as text, in row order (then in the order they were found)."""
        if not self._checks:
            return []
        positions = np.concatenate([p for p, *_ in self._checks])
        which = np.concatenate([np.full(len(p), n) for n, (p, *_) in enumerate(self._checks)])
        order = np.lexsort((which, positions))
        if limit is not None:
            order = order[:limit]
        return [self._text(int(positions[i]), *self._checks[int(which[i])][1:]) for i in order]

    def raise_if_any(self) -> None:
        """Raise :class:`ObservationError` listing the first problems and counting all."""
        count = self.count
        if not count:
            return
        listed = self.lines(MAX_LISTED)
        if count > MAX_LISTED:
            listed.append(f"... and {count - MAX_LISTED:,} more")
        bad = np.zeros(len(self.frame), dtype=bool)
        for positions, *_ in self._checks:
            bad[positions] = True
        rows = int(bad.sum())
        raise ObservationError(
            f"{self.origin}: {count:,} problem{'s' if count != 1 else ''} in {rows:,} "
            f"row{'s' if rows != 1 else ''}; nothing was read. Correct these rows and "
            "try again:",
            listed,
            count=count,
        )
