"""Problems for plugins: every bad cell of a file collected, then raised as one
:class:`~ssp_targets.SourceError` that lists them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.kit.exports import header_of
from ssp_targets.sources.hookspecs import SourceError

#: Most problems listed in one error; the rest are counted.
MAX_LISTED = 20


class Problems:
    """Every bad cell of one file, raised together as one :class:`~ssp_targets.SourceError`.

    ``origin`` names the file; ``what`` says what it is, as :func:`read_export` takes it
    ("fire incident export").
    Record with :meth:`flag` (a mask over a frame read by :func:`read_export`) or
    :meth:`add`; :meth:`raise_if_any` lists the first :data:`MAX_LISTED` in line order
    and counts the rest.
    """

    def __init__(self, origin: str | Path, what: str) -> None:
        self.origin = str(origin)
        self.what = what
        self._found: list[tuple[int, str]] = []
        self._count = 0
        self._fixes: dict[str, None] = {}  # an ordered set

    def flag(
        self,
        frame: pd.DataFrame,
        mask: pd.Series | np.ndarray,
        column: str,
        message: str | pd.Series,
        fix: str = "",
    ) -> None:
        """Record each row of ``frame`` where ``mask`` holds: its ``line``, ``column`` (named
        as the file heads it, :func:`header_of`), the cell's text and ``message`` ("is not
        a date"), one for all rows or a series aligned with ``frame``, one per row; ``fix``
        is said once at the end."""
        hits = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not hits.size:
            return
        self._count += len(hits)
        if fix:
            self._fixes[fix] = None
        keep = hits[:MAX_LISTED]  # the rows are in line order: later ones are only counted
        lines = frame["line"].to_numpy()[keep]
        values = frame[column].to_numpy()[keep] if column in frame else [""] * len(keep)
        messages = (
            [message] * len(keep)
            if isinstance(message, str)
            else message.to_numpy(dtype=object)[keep]
        )
        header = header_of(frame, column)
        for line, value, said in zip(lines, values, messages, strict=True):
            self._found.append((int(line), f"column {header!r}: {_shown(value)!r} {said}"))

    def flag_repeats(
        self,
        frame: pd.DataFrame,
        column: str,
        keys: Sequence[str] = (),
        fix: str = "",
    ) -> None:
        """Record each row that repeats an earlier row's ``keys`` (by default ``column``
        alone), naming ``column`` and the line it is already on: a repeated incident
        number, or a second row for one area and quarter. Rows with a blank key are not
        repeats."""
        by = list(keys) or [column]
        filled = (frame[by].fillna("") != "").all(axis=1)
        repeated = frame.duplicated(by) & filled
        if not repeated.any():
            return
        first = frame.groupby(by, sort=False, dropna=False)["line"].transform("first")
        said = "is already on line " + first.astype("int64").astype(str)
        if keys:
            said = said + " for the same " + ", ".join(header_of(frame, k) for k in keys)
        self.flag(frame, repeated, column, said, fix or "Remove the repeated rows.")

    def add(self, line: int, column: str, value: object, message: str, fix: str = "") -> None:
        """Record one bad cell."""
        self._count += 1
        if fix:
            self._fixes[fix] = None
        self._found.append((line, f"column {column!r}: {_shown(value)!r} {message}"))

    @property
    def count(self) -> int:
        """How many problems have been recorded."""
        return self._count

    def raise_if_any(self, fix: str = "") -> None:
        """Raise one SourceError listing the problems in line order, then the fixes."""
        if not self._count:
            return
        listed = [f"line {line}, {text}" for line, text in sorted(self._found)[:MAX_LISTED]]
        more = f"; and {self._count - len(listed):,} more" if self._count > len(listed) else ""
        fixes = " ".join([*self._fixes, fix]).strip()
        noun = "problem" if self._count == 1 else "problems"
        raise SourceError(
            f"{self.origin}: {self._count:,} {noun} in the {self.what}, so nothing was read: "
            f"{'; '.join(listed)}{more}. {fixes}".rstrip()
        )


def _shown(value: object, limit: int = 60) -> str:
    """A cell's text for a message, cut when long."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}… ({len(text):,} characters)"
