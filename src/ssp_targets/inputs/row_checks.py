"""Row-by-row checks of tabular input, reported together, and reading CSV as text.

A file with a million bad rows must still be refused in seconds and in little memory, so
problems are kept as arrays of row positions per check and only the first
:data:`MAX_LISTED` (in row order) are ever written out as text; the rest are counted.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.plan.quarters import (
    ACCEPTED_QUARTER_FORMS,
    FREQ,
    labels_to_ordinals,
    ordinal_labels,
)

#: Most problems listed in one error; the rest are counted.
MAX_LISTED = 25

#: Longest cell text quoted in a message; longer text is cut and its length given.
MAX_SHOWN = 60

#: The encodings a CSV is read in, in order: UTF-8 (with or without a byte order mark),
#: then Windows-1252, which is what Excel on Windows saves "CSV (Comma delimited)" in.
ENCODINGS = ("utf-8-sig", "cp1252")


def decode_csv(data: bytes, path: Path | str, what: str) -> str:
    """The text of a CSV file's bytes, read as UTF-8 or else as Windows-1252.

    Raises :class:`ObservationError` for a file in neither (UTF-16 "Unicode text", a
    spreadsheet or other binary file saved with a .csv name, another code page).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise ObservationError(
            f"{path}: the {what} file is not text in UTF-8 or Windows-1252 (it holds NUL "
            'bytes, as UTF-16 "Unicode text" and binary files such as .xlsx do). Save it '
            'as "CSV UTF-8 (Comma delimited)".'
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ObservationError(
        f"{path}: the {what} file is in neither UTF-8 nor Windows-1252 (cp1252), the two "
        'encodings read; save it as "CSV UTF-8 (Comma delimited)".'
    )


def read_csv_text(path: str | Path, what: str) -> pd.DataFrame:
    """Read a CSV file as text columns (no type guessing), with a clear error on failure.

    The file may be UTF-8 or, as Excel on Windows saves it, Windows-1252; headers are
    stripped and lower-cased.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ObservationError(f"{path}: no such {what} file. Check the path.") from None
    except IsADirectoryError:
        raise ObservationError(f"{path}: is a folder; give the {what} file's path.") from None
    except OSError as exc:
        raise ObservationError(f"{path}: cannot read the {what} file ({exc.strerror}).") from None
    text = decode_csv(data, path, what)
    del data
    header = [c.strip().lower() for c in next(csv.reader(io.StringIO(text)), [])]
    _check_header(header, path, what)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                index_col=False,
            )  # fmt: skip
        if caught:  # some rows are longer than the header: fine if the extra is empty
            frame = _without_extra_fields(text, header, path, what)
    except pd.errors.EmptyDataError:
        raise ObservationError(
            f"{path}: the {what} file is empty; it needs a header row and data rows."
        ) from None
    except pd.errors.ParserError as exc:
        try:
            frame = _without_extra_fields(text, header, path, what)
        except pd.errors.ParserError:
            raise ObservationError(
                f"{path}: cannot read the {what} file as CSV ({shorten(str(exc), 200)}). Save "
                "it as CSV with a header row and the same number of columns on every line."
            ) from None
    unnamed = [i for i, name in enumerate(header) if not name]
    if unnamed:
        frame = _drop_empty_unnamed(frame, unnamed, path, what)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame


def _check_header(header: list[str], path: Path, what: str) -> None:
    if len(header) == 1 and ";" in header[0]:
        raise ObservationError(
            f"{path}: the {what} file separates its fields with semicolons (as Excel saves "
            "CSV in some countries); save it as CSV with commas between fields."
        )
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name and name in seen:
            raise ObservationError(
                f"{path}: the {what} file's header names {name!r} twice (columns "
                f"{seen[name]} and {number}); keep one of them."
            )
        seen.setdefault(name, number)


def _without_extra_fields(text: str, header: list[str], path: Path, what: str) -> pd.DataFrame:
    """The file read when some rows have more fields than the header (as Excel writes a
    trailing comma): refused if an extra field holds anything, else read without them."""
    width = len(header)
    longest = width
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        extra = [c for c in row[width:] if c.strip()]
        if extra:
            raise ObservationError(
                f"{path}: line {line} has {len(row)} fields but the header names {width} "
                f"columns (the extra holds {shorten(extra[0])!r}); give each value a column "
                "in the header, or remove it. A comma inside a value needs the value in double "
                'quotes ("a note, with a comma").'
            )
        longest = max(longest, len(row))
    names = [
        *(h or f"_unnamed_{i}" for i, h in enumerate(header)),
        *(f"_extra_{k}" for k in range(longest - width)),
    ]
    frame = pd.read_csv(
        io.StringIO(text), header=None, skiprows=1, names=names, dtype=str,
        keep_default_na=False, na_filter=False, index_col=False,
    )  # fmt: skip
    frame = frame.iloc[:, :width]
    frame.columns = header
    return frame


def _drop_empty_unnamed(
    frame: pd.DataFrame, unnamed: list[int], path: Path, what: str
) -> pd.DataFrame:
    """Columns with no name in the header (a trailing comma) are dropped if empty."""
    for i in unnamed:
        values = frame.iloc[:, i]
        filled = values.str.strip() != ""
        if filled.any():
            line = int(filled.to_numpy().nonzero()[0][0]) + 2
            raise ObservationError(
                f"{path}: column {i + 1} of the {what} file has no name in the header, but line "
                f"{line} holds {shorten(values[filled].iloc[0])!r} in it; name the column or "
                "remove it."
            )
    return frame.drop(columns=frame.columns[unnamed])


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to about ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}… ({len(text):,} characters)"


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
