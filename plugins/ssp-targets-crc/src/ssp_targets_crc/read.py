"""Reading the CRC's quarterly service-level performance extract.

One row per service level, local authority and quarter, e.g.::

    CRC,Service Level Code,Service Level Description,Local Authority Code,Local Authority,
    Period,Numerator,Denominator,Performance,Target
    Durham Tees Valley,CRC SCH9 SL013,Positive completions of ...,E06000004,Stockton-on-Tees,
    Jul-Sep 2018,105,145,72.4,75.0

:func:`read_extract` turns the file into a frame of text columns under canonical names,
keeping each row's line number in the file (header = line 1) for error messages.
:func:`parse_periods` reads the quarter column. Nothing here knows about indicators.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.hookspecs import SourceError
from ssp_targets.periods import FREQ, parse_quarter

#: Canonical column -> the header texts accepted for it (compared lower-case, with runs
#: of spaces collapsed and a trailing "%" or "(%)" dropped). The first is the usual one.
COLUMNS: dict[str, tuple[str, ...]] = {
    "crc": ("crc", "crc name", "provider"),
    "code": ("service level code", "service level", "sl code", "measure code"),
    "description": ("service level description", "service level name", "description"),
    "area_code": ("local authority code", "la code", "area code", "ons code"),
    "area_name": ("local authority", "local authority name", "la name", "area"),
    "period": ("period", "quarter", "reporting period"),
    "numerator": ("numerator",),
    "denominator": ("denominator",),
    "performance": ("performance", "actual", "performance actual"),
    "target": ("target",),
}

#: The header text shown to users for each canonical column.
HEADERS: dict[str, str] = {
    "crc": "CRC",
    "code": "Service Level Code",
    "description": "Service Level Description",
    "area_code": "Local Authority Code",
    "area_name": "Local Authority",
    "period": "Period",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "performance": "Performance",
    "target": "Target",
}

REQUIRED = ("code", "period", "numerator", "denominator")

#: How many lines above the header (a title, a run date) are tolerated.
MAX_PREAMBLE = 20

PERIOD_FORMS = '"Jul-Sep 2018" (also "Jul-Sep 18", "July - September 2018" or "2018/19 Q2")'

_MONTHS = {"jan": 1, "apr": 4, "jul": 7, "oct": 10}
_ENDS = {1: "mar", 4: "jun", 7: "sep", 10: "dec"}
_MONTH_RANGE_RE = re.compile(
    r"^(?P<m1>[a-z]{3})[a-z]*\.?\s*(?:-|–|—|to)\s*(?P<m2>[a-z]{3})[a-z]*\.?\s+(?P<y>\d{4}|\d{2})$"
)


def _header_key(text: str) -> str:
    text = re.sub(r"\s+", " ", str(text).replace("\ufeff", "")).strip().lower()
    return re.sub(r"\s*\(?%\)?$", "", text)


_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(
            f"{path}: no such file. Export the CRC's quarterly service-level performance "
            'extract as CSV and set its location with [sources.crc] path = "..." in '
            "ssp-targets.toml (relative paths are relative to that file's folder)."
        ) from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the CRC extract ({exc}). Check the path.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # saved by Excel as "CSV" in the Windows code page
        return data.decode("cp1252", errors="replace")


def _find_header(text: str, path: Path) -> tuple[int, list[str]]:
    """The 0-based line index of the header row and its canonical column names."""
    reader = csv.reader(io.StringIO(text))
    for index, cells in enumerate(reader):
        if index > MAX_PREAMBLE:
            break
        names = [_ALIASES.get(_header_key(cell), "") for cell in cells]
        if "code" in names and "period" in names:
            return index, names
    raise SourceError(
        f"{path}: no header row naming both 'Service Level Code' and 'Period' in the first "
        f"{MAX_PREAMBLE + 1} lines, so this does not look like the CRC service-level "
        "performance extract. Export it as CSV with the columns CRC, Service Level Code, "
        "Service Level Description, Local Authority Code, Local Authority, Period, "
        "Numerator, Denominator, Performance, Target."
    )


def read_extract(path: Path) -> pd.DataFrame:
    """Read the extract as text columns named as in :data:`COLUMNS` plus ``line``.

    Blank lines and note lines (no code, numerator or denominator) are dropped; columns
    the source does not use are dropped. Raises :class:`SourceError` for a missing file,
    a file that is not CSV, or a missing required column.
    """
    text = _decode(path)
    header_index, names = _find_header(text, path)
    header_line = header_index + 1
    missing = [HEADERS[c] for c in REQUIRED if c not in names]
    if "area_code" not in names and "area_name" not in names:
        missing.append(HEADERS["area_code"])
    if missing:
        raise SourceError(
            f"{path}: line {header_line} (the header) has no column "
            f"{' or '.join(repr(m) for m in missing)}. The CRC service-level extract needs "
            "Service Level Code, Local Authority Code (or Local Authority), Period, Numerator "
            "and Denominator; re-export it with those columns."
        )
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        raise SourceError(
            f"{path}: line {header_line} (the header) has more than one column for "
            f"{', '.join(repr(HEADERS[d]) for d in duplicated)}. Keep one of each."
        )
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            skiprows=header_index,
            header=0,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise SourceError(
            f"{path}: cannot read the CRC extract as CSV ({exc}). Save it as CSV "
            "(comma-separated, one header row) and try again."
        ) from None
    frame = pd.DataFrame(
        {name: raw.iloc[:, i].astype(str).str.strip() for i, name in enumerate(names) if name}
    )
    frame["line"] = np.arange(len(frame)) + header_line + 1
    for name in COLUMNS:
        if name not in frame.columns:
            frame[name] = ""
    is_note = (frame["code"] == "") & (frame["numerator"] == "") & (frame["denominator"] == "")
    return frame.loc[~is_note].reset_index(drop=True)


def _parse_period(text: str) -> int:
    """The Q-MAR ordinal of one period text, or -1."""
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    match = _MONTH_RANGE_RE.match(cleaned)
    if match is not None:
        first = _MONTHS.get(match["m1"])
        if first is None or _ENDS[first] != match["m2"]:
            return -1
        year = int(match["y"])
        year = year + 2000 if year < 100 else year
        return int(pd.Period(year=year, month=first, freq="M").asfreq(FREQ).ordinal)
    try:
        return int(parse_quarter(text).ordinal)
    except Exception:  # PeriodError: not a quarter in any accepted form
        return -1


def parse_periods(texts: pd.Series) -> np.ndarray:
    """Q-MAR ordinals for a column of period texts (each distinct text parsed once);
    -1 where the text is not a quarter in an accepted form (:data:`PERIOD_FORMS`)."""
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object))
    parsed = np.array([_parse_period(str(u)) for u in uniques] + [-1], dtype=np.int64)
    return np.asarray(parsed[codes], dtype=np.int64)
