"""Reading the OPCC's CSV exports: files, headers, dates, local authorities, problems.

Both exports are read the same way: every cell as text, the header matched loosely
(case, spaces and underscores do not matter), rows numbered as lines of the file (the
header is line 1) and every bad cell collected before one :class:`SourceError` is raised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ssp_targets.hookspecs import SourceError
from ssp_targets.periods import FREQ

#: The four Cleveland districts: ONS code by normalised name (and by code).
AREA_CODES: dict[str, str] = {
    "hartlepool": "E06000001",
    "middlesbrough": "E06000002",
    "redcar and cleveland": "E06000003",
    "redcar": "E06000003",
    "stockton on tees": "E06000004",
    "stockton": "E06000004",
    "e06000001": "E06000001",
    "e06000002": "E06000002",
    "e06000003": "E06000003",
    "e06000004": "E06000004",
}

AREA_HELP = (
    "Hartlepool (E06000001), Middlesbrough (E06000002), Redcar and Cleveland (E06000003) "
    "or Stockton-on-Tees (E06000004)"
)

#: Most bad cells listed in one error; the rest are counted.
MAX_LISTED = 20


def normalise(text: str) -> str:
    """Lower-case ``text``, ``&`` as "and", curly apostrophes straight, every other run of
    punctuation or space as one space: ``"Stockton-on-Tees"`` -> ``"stockton on tees"``."""
    text = text.lower().replace("&", " and ").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[^a-z0-9']+", " ", text).strip()


def normalise_series(values: pd.Series) -> pd.Series:
    """:func:`normalise` for a whole column at once."""
    text = values.str.lower()
    text = text.str.replace("&", " and ", regex=False)
    text = text.str.replace("[\u2018\u2019]", "'", regex=True)
    return text.str.replace(r"[^a-z0-9']+", " ", regex=True).str.strip()


class Problems:
    """Collects bad cells (line, column, message) and raises them as one SourceError."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self.found: list[tuple[int, str]] = []

    def flag(
        self, lines: pd.Series, values: pd.Series, mask: pd.Series, column: str, message: str
    ) -> None:
        """Record every row where ``mask`` is true: its line, ``column`` and ``message``
        (which may quote the cell's text as ``{value}``)."""
        if not mask.any():
            return
        for line, value in zip(lines[mask], values[mask], strict=True):
            self.add(int(line), column, message.format(value=repr(value)))

    def add(self, line: int, column: str, message: str) -> None:
        """Record one bad cell."""
        self.found.append((line, f"line {line}, column {column!r}: {message}"))

    def raise_if_any(self, fix: str) -> None:
        """Raise one SourceError listing the bad cells in line order, then ``fix``."""
        if not self.found:
            return
        ordered = [text for _, text in sorted(self.found, key=lambda item: item[0])]
        shown = "; ".join(ordered[:MAX_LISTED])
        more = len(ordered) - MAX_LISTED
        extra = f"; and {more} more" if more > 0 else ""
        raise SourceError(
            f"{self.path}: the {self.what} has {len(ordered)} bad value(s): {shown}{extra}. {fix}"
        )


def resolve(path_option: object, base: str, option: str) -> Path:
    """The export path an option names, relative to ``base`` unless absolute."""
    if not isinstance(path_option, str | Path) or not str(path_option).strip():
        raise SourceError(
            f"[sources.pcc] {option} = {path_option!r} is not a file path; write the path "
            f'of the CSV export as a string, e.g. {option} = "exports/file.csv".'
        )
    path = Path(str(path_option)).expanduser()
    return path if path.is_absolute() else Path(base) / path


def read_export(path: Path, what: str) -> tuple[pd.DataFrame, pd.Series]:
    """Read a CSV export as text; return the frame and each row's line number.

    Blank lines and rows with every cell empty (as spreadsheets leave at the end) are
    dropped after numbering, so line numbers stay those of the file. A UTF-8 byte-order
    mark is skipped; a file that is not UTF-8 is read as Windows-1252 (Excel's "CSV").
    """
    if path.suffix.lower() in {".xlsx", ".xls", ".ods"}:
        raise SourceError(
            f"{path}: the {what} is a spreadsheet; save it as CSV (comma-separated, with "
            "the header on the first line) and point the option at the .csv file."
        )
    frame = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                encoding=encoding,
            )
            break
        except UnicodeDecodeError:
            continue
        except FileNotFoundError:
            raise SourceError(
                f"{path}: no such file (the {what}). Check the path in ssp-targets.toml "
                "([sources.pcc]); a relative path is relative to the folder of that file."
            ) from None
        except IsADirectoryError:
            raise SourceError(f"{path}: is a folder, not the {what} CSV file.") from None
        except pd.errors.EmptyDataError:
            raise SourceError(
                f"{path}: the {what} is empty; it needs a header line and data rows."
            ) from None
        except (pd.errors.ParserError, OSError) as exc:
            raise SourceError(
                f"{path}: cannot read the {what} as CSV ({exc}). Save it as CSV with one "
                "header line and the same number of cells on every line."
            ) from None
    if frame is None:
        raise SourceError(f"{path}: cannot decode the {what}; save it as UTF-8 CSV.")
    frame.columns = [str(c).strip() for c in frame.columns]
    lines = pd.Series(np.arange(len(frame)) + 2, index=frame.index)
    filled = (frame.apply(lambda col: col.str.strip()) != "").any(axis=1)
    frame, lines = frame[filled].reset_index(drop=True), lines[filled].reset_index(drop=True)
    return frame, lines


def find_column(
    frame: pd.DataFrame, aliases: Iterable[str], contains: str | None = None
) -> str | None:
    """The header (as written) whose normalised text is one of ``aliases`` (normalised),
    or failing that contains ``contains``; None if there is none."""
    wanted = [normalise(a.replace("_", " ")) for a in aliases]
    by_norm = {normalise(str(c).replace("_", " ")): str(c) for c in frame.columns}
    for alias in wanted:
        if alias in by_norm:
            return by_norm[alias]
    if contains is not None:
        for norm, column in by_norm.items():
            if contains in norm:
                return column
    return None


def missing_column(path: Path, what: str, frame: pd.DataFrame, names: list[str]) -> SourceError:
    """A SourceError for a missing column: the names accepted and the header found."""
    accepted = " or ".join(repr(n) for n in names)
    found = ", ".join(repr(str(c)) for c in frame.columns)
    return SourceError(
        f"{path}: line 1 (the header) of the {what} has no column {accepted}; the header "
        f"found was {found}. Add the column (or rename the one that holds it) and fetch again."
    )


def parse_dates(text: pd.Series) -> pd.Series:
    """Dates written dd/mm/yyyy (or yyyy-mm-dd), with any time after them ignored; NaT
    where the text is not such a date."""
    day = text.str.strip().str.split(r"[ T]", n=1, regex=True).str[0]
    british = pd.to_datetime(day, format="%d/%m/%Y", errors="coerce")
    iso = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce")
    return british.fillna(iso)


def financial_quarters(dates: pd.Series) -> np.ndarray:
    """The ordinal of each date's UK financial quarter (Q-MAR), as ``int64``."""
    return np.asarray(pd.DatetimeIndex(dates).to_period(FREQ).asi8, dtype=np.int64)


def _day(date: pd.Timestamp) -> str:
    return f"{date.day} {date:%B %Y}"  # "10 February 2019", with no zero-padded day


@dataclass(frozen=True)
class Stated:
    """The period an export is stated to cover: options ``<prefix>_from`` and
    ``<prefix>_to`` (first and last day, inclusive). An end left as None is not stated,
    and is inferred from the export's own first or last date."""

    prefix: str  # "rj" or "survey"
    what: str  # "referral log", for messages
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None


def _stated_day(
    options: Mapping[str, Any], option: str, which: str, what: str
) -> pd.Timestamp | None:
    """The day option ``option`` states, or None if it is not given."""
    if option not in options:
        return None
    value = options[option]
    # tomllib reads an unquoted 2020-03-31 as a datetime.date, so take that as well
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return pd.Timestamp(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        day = pd.to_datetime(value.strip(), format="%Y-%m-%d", errors="coerce")
        if not pd.isna(day):
            return day
    example = "2016-04-01" if which == "first" else "2020-03-31"
    raise SourceError(
        f"[sources.pcc] {option} = {value!r} is not a date written yyyy-mm-dd; set it to "
        f'the {which} day the {what} covers, e.g. {option} = "{example}", or leave it out '
        "to take that from the export's own dates."
    )


def stated_period(options: Mapping[str, Any], prefix: str, what: str) -> Stated:
    """The period options ``<prefix>_from`` / ``<prefix>_to`` state for the export at
    ``<prefix>_path``; raises :class:`SourceError` for a value that is not an ISO date, a
    start after the end, or either given without the path (the sample states its own)."""
    start = _stated_day(options, f"{prefix}_from", "first", what)
    end = _stated_day(options, f"{prefix}_to", "last", what)
    given = [o for o in (f"{prefix}_from", f"{prefix}_to") if o in options]
    if given and f"{prefix}_path" not in options:
        raise SourceError(
            f"[sources.pcc] {' and '.join(given)} {'is' if len(given) == 1 else 'are'} set "
            f"but {prefix}_path is not: "
            f"{prefix}_from and {prefix}_to state the period of the configured {what}, and "
            f"the packaged sample states its own. Set {prefix}_path to the export they "
            "describe, or leave them out."
        )
    if start is not None and end is not None and start > end:
        raise SourceError(
            f"[sources.pcc] {prefix}_from = {start:%Y-%m-%d} is after {prefix}_to = "
            f"{end:%Y-%m-%d}; {prefix}_from is the first day the {what} covers and "
            f"{prefix}_to the last: correct one of them (or swap them)."
        )
    return Stated(prefix, what, start, end)


def flag_outside(
    problems: Problems,
    lines: pd.Series,
    text: pd.Series,
    dates: pd.Series,
    stated: Stated,
    column: str,
) -> str:
    """Flag every row dated outside the stated period, and return the fix to add to the
    error ("" if none is): such a row means the options understate what the export
    holds, and counting it would put figures in quarters said to be short or empty."""
    found = False
    for option, day, outside, side, which in (
        (f"{stated.prefix}_from", stated.start, dates.lt, "before", "first"),
        (f"{stated.prefix}_to", stated.end, dates.gt, "after", "last"),
    ):
        if day is None:
            continue
        mask = outside(day)  # NaT (a bad date, flagged already) compares False
        found = found or bool(mask.any())
        problems.flag(
            lines,
            text,
            mask,
            column,
            f"{{value}} is {side} {option} = {day:%Y-%m-%d}, the {which} day the "
            f"{stated.what} is stated to cover",
        )
    if not found:
        return ""
    return (
        f"A date outside {stated.prefix}_from to {stated.prefix}_to means the export holds "
        "more than those options say: correct the date, or set them in [sources.pcc] to the "
        "period the export really covers."
    )


def coverage(dates: pd.Series, stated: Stated) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day an export covers: as stated, else (the fallback) its first
    and last dates over every row. None if an end is neither stated nor has a row."""
    first = dates.min() if stated.start is None else stated.start
    last = dates.max() if stated.end is None else stated.end
    if pd.isna(first) or pd.isna(last):
        return None
    return first, last


def partial_quarters(
    covers: tuple[pd.Timestamp, pd.Timestamp] | None, noun: str, export: str
) -> pd.Series:
    """Notes for the quarters an export covers only in part, by quarter ordinal.

    ``covers`` is its first and last day (:func:`coverage`). It holds nothing before the
    first or after the last, so the first day's quarter is partial unless that day is the
    quarter's first, and the last day's quarter unless it is the quarter's last:
    ``"referrals to 10 February 2019 only: the log ends there"`` (``noun`` "referrals",
    ``export`` "log"). Empty when it starts and ends on quarter boundaries (or is None).
    """
    if covers is None:
        return pd.Series(dtype=object)
    first, last = covers
    start, end = pd.Period(first, freq=FREQ), pd.Period(last, freq=FREQ)
    late = first > start.start_time
    early = last < end.end_time.normalize()
    notes: dict[int, str] = {}
    if late:
        notes[start.ordinal] = f"{noun} from {_day(first)} only: the {export} starts there"
    if early:
        notes[end.ordinal] = f"{noun} to {_day(last)} only: the {export} ends there"
    if late and early and start == end:  # a single quarter, cut at both ends
        notes[start.ordinal] = (
            f"{noun} from {_day(first)} to {_day(last)} only: the {export} starts and ends there"
        )
    return pd.Series(notes, dtype=object)


def area_codes(text: pd.Series) -> pd.Series:
    """ONS codes for local-authority names or codes; NaN where not a Cleveland district."""
    return normalise_series(text).map(AREA_CODES)


def flag_repeats(
    problems: Problems, lines: pd.Series, ids: pd.Series, column: str, noun: str
) -> None:
    """Flag each repeat of a non-blank ID after its first row, naming that row's line."""
    first_line = lines.groupby(ids).transform("min")
    later = ids.duplicated(keep="first") & (ids != "")
    for line, value, first in zip(lines[later], ids[later], first_line[later], strict=True):
        problems.add(
            int(line),
            column,
            f"{noun} {value!r} is already on line {first}; remove the duplicate row",
        )
