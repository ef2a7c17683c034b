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
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.inputs.csv_files import read_csv_text
from ssp_targets.inputs.observations import COLUMNS
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
    "HEADERS",
    "HEADER_LINE",
    "MAX_LISTED",
    "OBSERVATION_COLUMNS",
    "TEES_VALLEY",
    "Problems",
    "area_codes",
    "by_quarter",
    "header_of",
    "labels_to_ordinals",
    "long_date",
    "match_columns",
    "normalise_header",
    "option_path",
    "ordinal_labels",
    "parse_dates",
    "parse_quarter",
    "partial_quarters",
    "quarter_label",
    "quarter_of",
    "quarter_ordinals",
    "quarters_between",
    "read_export",
]

#: The observation frame's columns in order, as a source returns them (indicator, area,
#: period, value, then the optional ones).
OBSERVATION_COLUMNS: tuple[str, ...] = COLUMNS

#: Most problems listed in one error; the rest are counted.
MAX_LISTED = 20

#: The key of ``DataFrame.attrs`` where :func:`match_columns` keeps the file's headers.
HEADERS = "ssp_targets.kit.headers"

#: Key in a read frame's ``attrs``: the line of the file its header is on.
HEADER_LINE = "ssp_targets.kit.header_line"

_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


# -- quarters ---------------------------------------------------------------------------


def quarter_of(dates: pd.Series) -> pd.Series:
    """The financial-year quarter label of each date (``""`` where the date is missing):
    2019-02-10 is ``"2018/19 Q4"``."""
    ordinals = quarter_ordinals(dates)
    out = np.full(len(ordinals), "", dtype=object)
    found = ordinals >= 0
    out[found] = ordinal_labels(ordinals[found])
    return pd.Series(out, index=dates.index, dtype=object)


def quarter_ordinals(dates: pd.Series) -> np.ndarray:
    """The financial-year quarter of each date as an integer ordinal (consecutive quarters
    differ by one; -1 where the date is missing), for arithmetic on many quarters at once:
    :func:`ordinal_labels` turns them back into labels."""
    stamps = pd.to_datetime(dates)
    out = np.full(len(stamps), -1, dtype=np.int64)
    found = stamps.notna().to_numpy()
    if found.any():
        out[found] = pd.PeriodIndex(stamps[found], freq=FREQ).asi8
    return out


def long_date(day: dt.date) -> str:
    """A date as notes write it: ``10 February 2019``."""
    return f"{day.day} {day:%B %Y}"  # without a platform's %-d


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
        notes[quarter_label(start)] = (
            f"{what} from {long_date(first)} only: the export starts there"
        )
    if early:
        notes[quarter_label(end)] = f"{what} to {long_date(last)} only: the export ends there"
    if late and early and start == end:
        notes[quarter_label(start)] = (
            f"{what} from {long_date(first)} to {long_date(last)} only: the export covers no "
            "more of the quarter"
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


# -- areas ------------------------------------------------------------------------------

#: The Tees Valley local authorities (the Cleveland force area and Darlington) by name as
#: exports write them, normalised as :func:`area_codes` does.
TEES_VALLEY: dict[str, str] = {
    "hartlepool": "E06000001",
    "middlesbrough": "E06000002",
    "redcar and cleveland": "E06000003",
    "redcar": "E06000003",
    "stockton on tees": "E06000004",
    "stockton": "E06000004",
    "darlington": "E06000005",
}
_AREA_CODE = re.compile(r"^[EKNSW]\d{8}$")


def _normal_name(text: pd.Series) -> pd.Series:
    name = text.astype(str).str.lower().str.replace("&", " and ", regex=False)
    return name.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def area_codes(text: pd.Series, names: Mapping[str, str] = TEES_VALLEY) -> pd.Series:
    """The ONS code of each area an export names, by its code (any case: ``e06000004``)
    or by its name in ``names`` (normalised: case, ``&`` and punctuation do not matter,
    so "Stockton-on-Tees" is "stockton on tees"); None where it is neither."""
    code = text.astype(str).str.strip().str.upper()
    is_code = code.str.match(_AREA_CODE.pattern)
    by_name = _normal_name(text).map(dict(names))
    found = code.where(is_code, by_name)
    return found.astype(object).where(found.notna(), None)


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


def read_export(path: Path, what: str, source: str, title_lines: int = 0) -> pd.DataFrame:
    """An agency's CSV export as text columns (headers stripped), with ``line``, each
    row's line in the file; wholly blank rows are dropped. The header is line 1, or
    ``title_lines + 1`` for an export with title lines above it (lines stay the file's).

    ``what`` names the export in messages without the word "file" ("fire incident
    export": messages say "the fire incident export file is empty"), as
    :class:`Problems` takes it. Read as the core reads every CSV: UTF-8 (with or without
    a byte-order mark) or else Windows-1252, as Excel on a UK PC saves "CSV"; a row with
    more fields than the header is refused unless the extra fields are empty (a trailing
    comma). Every failure is a :class:`~ssp_targets.SourceError` naming the file and the
    fix: no such file, a folder, a spreadsheet rather than CSV, an empty file, text in
    neither encoding, or text that is not CSV.
    """
    if path.suffix.lower() in _SPREADSHEETS:
        raise SourceError(
            f"{path}: the {what} is a spreadsheet; save it as CSV (comma-separated, header "
            f"on line 1) and point [sources.{source}] at the .csv file."
        )
    if not path.exists():
        raise SourceError(
            f"{path}: no such file (the {what}). Check the path in [sources.{source}] of "
            "ssp-targets.toml; a relative path is relative to the folder of that file."
        )
    try:
        frame = read_csv_text(
            path, what, lower=False, keep_blank_lines=True, title_lines=title_lines
        )
    except ObservationError as exc:
        raise SourceError(str(exc)) from None
    frame = frame.apply(lambda column: column.str.strip())
    frame["line"] = np.arange(2, len(frame) + 2) + title_lines
    frame.attrs[HEADER_LINE] = title_lines + 1
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
    are kept as they are, except one headed with a canonical name that none of that
    name's aliases matches: it is dropped (it is not the column wanted).
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
        line = frame.attrs.get(HEADER_LINE, 1)
        raise SourceError(
            f"{origin}: the header (line {line}) has no column {' and no column '.join(missing)}; "
            f"it has {headers}. Rename the column in the export (names are matched "
            "ignoring case, spaces and punctuation)."
        )
    # A column the export happens to head with a canonical name, but that no alias of it
    # matched, is not the one wanted: drop it, so that the result never has two columns
    # of one name and a missing optional column is missing, not a stray one.
    clashing = [c for c in frame.columns if c in wanted and c not in renames]
    renamed = frame.drop(columns=clashing).rename(columns=renames)
    # Messages name a column as the file heads it, whatever the code calls it.
    renamed.attrs[HEADERS] = {**frame.attrs.get(HEADERS, {}), **{v: k for k, v in renames.items()}}
    return renamed


def header_of(frame: pd.DataFrame, column: str) -> str:
    """``column`` named as the file heads it (``"Referral Date"`` for ``"date"``), when
    :func:`match_columns` renamed it; otherwise ``column`` itself."""
    return str(frame.attrs.get(HEADERS, {}).get(column, column))


# -- problems ---------------------------------------------------------------------------


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
