"""Reading the OPCC's CSV exports: files, headers, dates, local authorities, problems.

Both exports are read the same way: every cell as text, the header matched loosely
(case, spaces and underscores do not matter), rows numbered as lines of the file (the
header is line 1) and every bad cell collected before one :class:`SourceError` is raised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

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
