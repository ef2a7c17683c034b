"""Reading the CRC's quarterly service-level performance extract.

One row per service level, local authority and quarter, e.g.::

    CRC,Service Level Code,Service Level Description,Local Authority Code,Local Authority,
    Period,Numerator,Denominator,Performance,Target
    Durham Tees Valley,CRC SCH9 SL013,Positive completions of ...,E06000004,Stockton-on-Tees,
    Jul-Sep 2018,105,145,72.4,75.0

:func:`read_extract` reads the file with :func:`ssp_targets.kit.read_export` (text
columns under the headers of :data:`COLUMNS`, plus each row's ``line`` in the file),
allowing title lines above the header. :func:`parse_periods` reads the quarter column.
Nothing here knows about indicators.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pandas as pd

from ssp_targets import PeriodError, kit

from .indicators import NAME

WHAT = "CRC service-level extract"

#: The columns read, by the header the extract usually has (the name the plugin uses),
#: with the other headers accepted for each (matched ignoring case, spaces and
#: punctuation, so "Performance (%)" is "Performance"). Other columns are ignored.
COLUMNS: dict[str, list[str]] = {
    "Service Level Code": ["Service Level Code", "Service Level", "SL Code", "Measure Code"],
    "Local Authority Code": ["Local Authority Code", "LA Code", "Area Code", "ONS Code"],
    "Local Authority": ["Local Authority", "Local Authority Name", "LA Name", "Area"],
    "Period": ["Period", "Quarter", "Reporting Period"],
    "Numerator": ["Numerator"],
    "Denominator": ["Denominator"],
    "Performance": ["Performance", "Actual", "Performance Actual"],
}

#: Columns the extract may lack (one of the two local authority columns is needed).
OPTIONAL = ("Local Authority Code", "Local Authority", "Performance")

#: How many lines above the header (a title, a run date) are tolerated.
MAX_PREAMBLE = 20

PERIOD_FORMS = '"Jul-Sep 2018" (also "Jul-Sep 18", "July - September 2018" or "2018/19 Q2")'

_FIRST_MONTHS = {"jan": "1", "apr": "4", "jul": "7", "oct": "10"}
_LAST_MONTHS = {"jan": "mar", "apr": "jun", "jul": "sep", "oct": "dec"}
_MONTH_RANGE_RE = (
    r"^(?P<first>[a-z]{3})[a-z]*\.?\s*(?:-|–|—|to)\s*(?P<last>[a-z]{3})[a-z]*\.?\s+"
    r"(?P<year>\d{4}|\d{2})$"
)


def _title_lines(path: Path) -> int:
    """How many lines stand above the header: the header is the first of the top
    :data:`MAX_PREAMBLE` + 1 lines naming both the code and the period column. 0 when
    it is line 1 or is not found (the kit then reports what is wrong with the file)."""
    code, period = (
        {kit.normalise_header(a) for a in COLUMNS[c]} for c in ("Service Level Code", "Period")
    )
    try:
        with path.open("rb") as file:
            top = list(itertools.islice(file, MAX_PREAMBLE + 1))
        for index, line in enumerate(top):
            # The headers are ASCII: Latin-1 finds them whether the file is UTF-8 or cp1252.
            names = {
                kit.normalise_header(c) for c in next(csv.reader([line.decode("latin-1")]), [])
            }
            if names & code and names & period:
                return index
    except (OSError, csv.Error):
        pass
    return 0


def _matched(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    """``frame`` with the columns of :data:`COLUMNS` (missing optional ones blank)."""
    found = kit.match_columns(frame, COLUMNS, origin, optional=OPTIONAL)
    if "Local Authority Code" not in found and "Local Authority" not in found:
        # Either local authority column will do: ask for them as one, for the message.
        areas = COLUMNS["Local Authority Code"] + COLUMNS["Local Authority"]
        kit.match_columns(frame, {"Local Authority Code": areas}, origin)
    return found.reindex(columns=[*COLUMNS, "line"], fill_value="")


def read_extract(path: Path) -> pd.DataFrame:
    """The extract's rows as text columns named as in :data:`COLUMNS`, plus ``line``.

    Up to :data:`MAX_PREAMBLE` title lines above the header are skipped; note lines (no
    code, numerator or denominator) are dropped. Raises :class:`SourceError` for a file
    that cannot be read as CSV or lacks a needed column.
    """
    raw = kit.read_export(path, WHAT, NAME, title_lines=_title_lines(path))
    frame = _matched(raw, str(path))
    counted = frame[["Service Level Code", "Numerator", "Denominator"]]
    return frame.loc[(counted != "").any(axis=1)].reset_index(drop=True)


def parse_periods(texts: pd.Series) -> pd.Series:
    """The financial-year quarter label of each period text (``"Jul-Sep 2018"`` is
    ``"2018/19 Q2"``); ``""`` where the text is not a quarter in a form of
    :data:`PERIOD_FORMS` (a range such as ``"Sep-Dec 2018"`` is not a quarter)."""
    stripped = texts.astype(str).str.strip()
    cleaned = stripped.str.lower().str.replace(r"\s+", " ", regex=True)
    parts = cleaned.str.extract(_MONTH_RANGE_RE)
    whole = parts["first"].map(_LAST_MONTHS) == parts["last"]
    year = parts["year"].where(parts["year"].str.len() == 4, "20" + parts["year"])
    first_day = kit.parse_dates(("1/" + parts["first"].map(_FIRST_MONTHS) + "/" + year)[whole])
    labels = kit.quarter_of(first_day).reindex(texts.index, fill_value="")
    # Otherwise a financial-year quarter ("2018/19 Q2"), each distinct text parsed once.
    rest = stripped[~whole]
    quarters = {text: _quarter(text) for text in rest.unique()}
    return labels.mask(~whole, rest.map(quarters))


def _quarter(text: str) -> str:
    try:
        return kit.quarter_label(kit.parse_quarter(text))
    except PeriodError:
        return ""
