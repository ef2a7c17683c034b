"""Row-by-row checks of tabular input, reported together, and reading CSV as text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ObservationError
from .periods import ACCEPTED_QUARTER_FORMS, FREQ, labels_to_ordinals, ordinal_labels

#: Most problems listed in one error; the rest are counted.
MAX_LISTED = 100


def read_csv_text(path: str | Path, what: str) -> pd.DataFrame:
    """Read a CSV file as text columns (no type guessing), with a clear error on failure."""
    path = Path(path)
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
        )
    except FileNotFoundError:
        raise ObservationError(f"{path}: no such {what} file. Check the path.") from None
    except pd.errors.EmptyDataError:
        raise ObservationError(
            f"{path}: the {what} file is empty; it needs a header row and data rows."
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        raise ObservationError(
            f"{path}: cannot read the {what} file as CSV ({exc}). Save it as UTF-8 CSV "
            "with a header row."
        ) from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame


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
    """Collects (row, column, message) problems from boolean masks, then raises once."""

    def __init__(self, frame: pd.DataFrame, origin: str, row_offset: int) -> None:
        self.frame = frame
        self.origin = origin
        self.row_offset = row_offset
        self.found: list[tuple[int, int, str]] = []  # (position, order, message)
        self._order = 0
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

    def number(self, column: str, allow_blank: pd.Series) -> pd.Series:
        if pd.api.types.is_numeric_dtype(self.frame[column].dtype):  # a typed frame
            values = self.frame[column].reset_index(drop=True).astype(float)
            blank = values.isna()
        else:
            raw = self.text(column)
            values = pd.to_numeric(raw, errors="coerce").astype(float)
            blank = raw == ""
        bad = (values.isna() & ~blank) | np.isinf(values)
        self.flag_rows(bad, column, "is not a number")
        self.flag_rows(blank & ~allow_blank, column, "is empty (only a suppressed row may be)")
        return values

    def flag_rows(
        self,
        mask: pd.Series,
        column: str,
        message: str,
        show: str = "value",
    ) -> None:
        positions = np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool))
        for pos in positions:
            if show == "key":
                row = self.frame.iloc[pos]
                shown = ", ".join(
                    str(row.get(c, "")).strip() for c in ("indicator", "area", "period")
                )
                text = f"column {column}: ({shown}) {message}"
            else:
                cell = self.frame[column].iloc[pos] if column in self.frame else None
                raw = "" if cell is None or pd.isna(cell) else str(cell).strip()
                text = f"column {column}: {raw!r} {message}"
            self.found.append((int(pos), self._order, text))
            self._order += 1

    def lines(self) -> Iterator[str]:
        for pos, _, text in sorted(self.found):
            yield f"{self.row_word} {pos + self.row_offset}, {text}"

    def raise_if_any(self) -> None:
        if not self.found:
            return
        problems = list(self.lines())
        count = len(problems)
        listed = problems[:MAX_LISTED]
        if count > MAX_LISTED:
            listed.append(f"... and {count - MAX_LISTED} more")
        rows = len({pos for pos, _, _ in self.found})
        raise ObservationError(
            f"{self.origin}: {count} problem{'s' if count != 1 else ''} in {rows} "
            f"row{'s' if rows != 1 else ''}; nothing was read. Correct these rows and "
            "try again:",
            listed,
        )
