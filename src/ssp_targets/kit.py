"""The kit for source plugins: what every agency's source needs, written once.

A plugin imports from three places only: the package root (``Source``, ``SourceError``,
``hookimpl``, ``mark_sample`` ...), this module, and :mod:`ssp_targets.testing`. Here:

- quarters: :func:`quarter_of` (the financial-year quarter of dates), :func:`quarter_label`,
  :func:`parse_quarter` and ordinals for arithmetic on many quarters at once;
- reading an export: :func:`read_export` reads a CSV as agencies save it (UTF-8 with or
  without a byte-order mark, or Windows-1252 as Excel writes it) as text, with each row's
  line in the file; :func:`match_columns` finds the columns it needs by name or alias
  and reports the ones that are missing; :func:`parse_dates` reads the dates agencies
  write;
- options: :func:`option_path` resolves a path option relative to the project config;
- coverage: :func:`partial_quarters` and :func:`by_quarter` say which quarters an export
  covers only in part, so the source can return them ``provisional`` with a note;
- problems: :class:`Problems` collects every bad cell (file, line, column, value) and
  raises one :class:`~ssp_targets.SourceError` listing them.

The fetch lifecycle a source runs in is described in :mod:`ssp_targets.sources.hookspecs`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.plan.quarters import (
    FREQ,
    labels_to_ordinals,
    ordinal_labels,
    parse_quarter,
    quarter_label,
    quarters_between,
)
from ssp_targets.sources.hookspecs import FetchRequest, SourceError

__all__ = [
    "FREQ",
    "MAX_LISTED",
    "Problems",
    "by_quarter",
    "labels_to_ordinals",
    "match_columns",
    "normalise_header",
    "option_path",
    "ordinal_labels",
    "parse_dates",
    "parse_quarter",
    "partial_quarters",
    "quarter_label",
    "quarter_of",
    "quarters_between",
    "read_export",
]

#: Most problems listed in one error; the rest are counted.
MAX_LISTED = 20

_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


# -- quarters ---------------------------------------------------------------------------


def quarter_of(dates: pd.Series) -> pd.Series:
    """The financial-year quarter label of each date (``""`` where the date is missing):
    2019-02-10 is ``"2018/19 Q4"``."""
    stamps = pd.to_datetime(dates)
    found = stamps.notna().to_numpy()
    out = np.full(len(stamps), "", dtype=object)
    if found.any():
        periods = pd.PeriodIndex(stamps[found], freq=FREQ)
        out[found] = ordinal_labels(periods.asi8)
    return pd.Series(out, index=dates.index, dtype=object)


def parse_dates(text: pd.Series, formats: Sequence[str] = ("%d/%m/%Y", "%Y-%m-%d")) -> pd.Series:
    """Dates written in any of ``formats`` (by default ``dd/mm/yyyy`` or ``yyyy-mm-dd``),
    a time after the date ignored; NaT where a cell is blank or matches none."""
    day = (
        text.astype(str)
        .str.strip()
        .str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "", regex=True)
    )
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for form in formats:
        parsed = parsed.fillna(pd.to_datetime(day, format=form, errors="coerce"))
    return parsed


def _day(moment: dt.date) -> str:
    return f"{moment.day} {moment:%B %Y}"  # "1 January 2009", without a platform's %-d


def partial_quarters(first: dt.date, last: dt.date, what: str = "records") -> dict[str, str]:
    """Notes for the quarters a period from ``first`` to ``last`` (both days included)
    covers only in part, by quarter label: the first quarter unless ``first`` is its first
    day, the last unless ``last`` is its last day. ``what`` names what the export holds:
    ``"incidents to 10 February 2019 only: the export ends there"``."""
    start, end = pd.Period(first, freq=FREQ), pd.Period(last, freq=FREQ)
    late = pd.Timestamp(first).normalize() > start.start_time
    early = pd.Timestamp(last).normalize() < end.end_time.normalize()
    notes: dict[str, str] = {}
    if late:
        notes[quarter_label(start)] = f"{what} from {_day(first)} only: the export starts there"
    if early:
        notes[quarter_label(end)] = f"{what} to {_day(last)} only: the export ends there"
    if late and early and start == end:
        notes[quarter_label(start)] = (
            f"{what} from {_day(first)} to {_day(last)} only: the export covers no more of "
            "the quarter"
        )
    return notes


def by_quarter(
    frame: pd.DataFrame,
    month: str,
    value: str,
    keys: Sequence[str] = (),
    months: Collection[pd.Period] | None = None,
) -> pd.DataFrame:
    """Monthly figures summed to financial-year quarters, flagging a quarter some of
    whose months are missing.

    ``frame`` has a ``month`` column (dates or ``pandas.Period`` months), a ``value`` and
    optional ``keys`` (e.g. indicator and area). ``months`` are the months the export
    covers (default: the months present in ``frame``). Returns ``keys``, ``period``,
    ``value``, ``flag`` and ``note``: a quarter with one or two of its months covered is
    ``provisional``, with a note naming the months it holds.
    """
    month_index = pd.PeriodIndex(pd.to_datetime(frame[month]), freq="M")
    covered = set(month_index) if months is None else {pd.Period(m, freq="M") for m in months}
    quarter = quarter_of(pd.Series(month_index.to_timestamp(), index=frame.index))
    grouped = (
        frame.assign(period=quarter)
        .groupby([*keys, "period"], as_index=False, sort=True)[value]
        .sum()
        .rename(columns={value: "value"})
    )
    notes: dict[str, str] = {}
    for label in sorted(set(grouped["period"])):
        q = parse_quarter(label)
        in_quarter = [m for m in pd.period_range(q.start_time, q.end_time, freq="M")]
        held = [m for m in in_quarter if m in covered]
        if 0 < len(held) < len(in_quarter):
            names = " and ".join(f"{m:%B}" for m in held)
            notes[label] = f"{names} {held[-1].year} only: the quarter's other months are missing"
    note = grouped["period"].map(notes).astype(object)
    grouped["note"] = note.where(note.notna(), None)
    grouped["flag"] = pd.Series(
        ["provisional" if n is not None else None for n in grouped["note"]],
        index=grouped.index,
        dtype=object,
    )
    return grouped[[*keys, "period", "value", "flag", "note"]]


# -- options and files -------------------------------------------------------------------


def option_path(request: FetchRequest, option: str, source: str) -> Path | None:
    """The file a ``[sources.SOURCE]`` path option names, relative to the folder of the
    project config unless absolute; None when the option is not set. A value that is not
    a path is a :class:`~ssp_targets.SourceError` naming the option."""
    given = request.options.get(option)
    if given is None:
        return None
    if not isinstance(given, str | Path) or not str(given).strip():
        raise SourceError(
            f"[sources.{source}] {option} = {given!r} is not a file path; write the path of "
            f'the export as a string, e.g. {option} = "exports/file.csv", or remove it.'
        )
    path = Path(str(given)).expanduser()
    return path if path.is_absolute() else Path(request.base) / path


def read_export(path: Path, what: str, source: str) -> pd.DataFrame:
    """An agency's CSV export as text columns (headers stripped), with ``line``, each
    row's line in the file (the header is line 1); wholly blank rows are dropped.

    Read as UTF-8 (with or without a byte-order mark) or else Windows-1252, as Excel on a
    UK PC saves "CSV". Every failure is a :class:`~ssp_targets.SourceError` naming the
    file and the fix: no such file, a folder, a spreadsheet rather than CSV, an empty
    file, text in neither encoding, or text that is not CSV.
    """
    if path.suffix.lower() in _SPREADSHEETS:
        raise SourceError(
            f"{path}: the {what} is a spreadsheet; save it as CSV (comma-separated, header "
            f"on line 1) and point [sources.{source}] at the .csv file."
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(
            f"{path}: no such file (the {what}). Check the path in [sources.{source}] of "
            "ssp-targets.toml; a relative path is relative to the folder of that file."
        ) from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder; give the {what} CSV file itself.") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the {what} ({exc.strerror}).") from None
    if b"\x00" in data:
        raise SourceError(
            f'{path}: the {what} is not CSV text (it holds NUL bytes, as UTF-16 "Unicode '
            'text" and spreadsheets do); save it as "CSV UTF-8 (Comma delimited)".'
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SourceError(
            f"{path}: the {what} is in neither UTF-8 nor Windows-1252 text; save it as "
            '"CSV UTF-8 (Comma delimited)".'
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
        )
    except pd.errors.EmptyDataError:
        raise SourceError(
            f"{path}: the {what} is empty; it needs a header row (line 1) and data rows."
        ) from None
    except pd.errors.ParserError as exc:
        raise SourceError(
            f"{path}: cannot read the {what} as CSV ({str(exc).strip()}). Save it as CSV "
            "with a header row and the same number of columns on every line."
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda column: column.str.strip())
    frame["line"] = np.arange(2, len(frame) + 2)
    blank = (frame.drop(columns="line") == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


def normalise_header(name: object) -> str:
    """A header as matched: lower case, letters and digits only (``"Date of Call"`` and
    ``"date_of_call"`` are both ``"dateofcall"``)."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def match_columns(
    frame: pd.DataFrame,
    wanted: Mapping[str, Sequence[str]],
    origin: str,
    optional: Collection[str] = (),
) -> pd.DataFrame:
    """``frame`` with the columns it needs renamed to their canonical names.

    ``wanted`` maps each canonical name to the headers it may have in the export (the
    first is the one to suggest), matched with :func:`normalise_header`. A needed column
    that is missing (one not in ``optional``) is a :class:`~ssp_targets.SourceError`
    naming it, what else it may be called and the headers the file has. Other columns
    are kept as they are.
    """
    by_normal = {normalise_header(c): c for c in frame.columns if c != "line"}
    renames: dict[str, str] = {}
    missing = []
    for name, aliases in wanted.items():
        header = next(
            (by_normal[normalise_header(a)] for a in aliases if normalise_header(a) in by_normal),
            None,
        )
        if header is not None:
            renames[header] = name
        elif name not in optional:
            others = ", ".join(repr(a) for a in aliases[1:])
            missing.append(f"{aliases[0]!r}" + (f" (or {others})" if others else ""))
    if missing:
        headers = ", ".join(repr(c) for c in frame.columns if c != "line")
        raise SourceError(
            f"{origin}: the header (line 1) has no column {' and no column '.join(missing)}; "
            f"it has {headers}. Rename the column in the export (names are matched "
            "ignoring case, spaces and punctuation)."
        )
    return frame.rename(columns=renames)


# -- problems ---------------------------------------------------------------------------


class Problems:
    """Every bad cell of one file, raised together as one :class:`~ssp_targets.SourceError`.

    ``origin`` names the file; ``what`` says what it is ("the fire incident export").
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
        message: str,
        fix: str = "",
    ) -> None:
        """Record each row of ``frame`` where ``mask`` holds: its ``line``, ``column``, the
        cell's text and ``message`` ("is not a date"); ``fix`` is said once at the end."""
        hits = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not hits.size:
            return
        self._count += len(hits)
        if fix:
            self._fixes[fix] = None
        keep = hits[:MAX_LISTED]  # the rows are in line order: later ones are only counted
        lines = frame["line"].to_numpy()[keep]
        values = frame[column].to_numpy()[keep] if column in frame else [""] * len(keep)
        for line, value in zip(lines, values, strict=True):
            self._found.append((int(line), f"column {column!r}: {_shown(value)!r} {message}"))

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
            f"{self.origin}: {self._count:,} {noun} in {self.what}, so nothing was read: "
            f"{'; '.join(listed)}{more}. {fixes}".rstrip()
        )


def _shown(value: object, limit: int = 60) -> str:
    """A cell's text for a message, cut when long."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}… ({len(text):,} characters)"
