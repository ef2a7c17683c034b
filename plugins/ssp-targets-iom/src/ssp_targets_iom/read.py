"""Reading the IOM tracker export: the cohort file and the offences/arrests file.

Both are CSV files read by :func:`ssp_targets.kit.read_export` (text, UTF-8 or
Windows-1252, each row's line in the file). Column names are matched loosely by
:func:`ssp_targets.kit.match_columns` against the alternatives in :data:`COHORT_COLUMNS`
and :data:`EVENT_COLUMNS`, because the layout is a local tracker's and not a published
standard. Every bad cell in a file is collected by :class:`ssp_targets.kit.Problems` and
reported in one :class:`~ssp_targets.SourceError`.

What is this tracker's own: its columns, its Y/N and event-type spellings, and spells on
the cohort that must not overlap. A local authority may be written as its ONS code or a
Tees Valley name (:func:`ssp_targets.kit.area_codes`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

import pandas as pd

from ssp_targets import kit

#: The source's name, as its options are written (``[sources.iom]``).
NAME = "iom"

#: Canonical field -> the headers it may have (the first is the one messages suggest).
COHORT_COLUMNS: dict[str, list[str]] = {
    "nominal": [
        "Nominal ID",
        "Nominal",
        "Nominal Ref",
        "Nominal Reference",
        "IOM ID",
        "Pseudonymous ID",
    ],
    "adopted": ["Adopted", "Adoption Date", "Date Adopted", "Adopted Date", "Date of Adoption"],
    "deselected": [
        "Deselected",
        "Deselection Date",
        "Date Deselected",
        "Deselected Date",
        "Date of Deselection",
    ],
    "da": ["DA Perpetrator", "DA Perp", "DA", "DA Flag", "Domestic Abuse Perpetrator"],
    "area": ["Local Authority Code", "LA Code", "LAD Code", "Local Authority", "LA"],
}
EVENT_COLUMNS: dict[str, list[str]] = {
    "nominal": COHORT_COLUMNS["nominal"],
    "date": ["Event Date", "Offence Date", "Date", "Date of Offence", "Arrest Date"],
    "kind": ["Event Type", "Type", "Event"],
    "category": ["Offence Category", "Category"],
}
OPTIONAL_EVENT_COLUMNS = ("category",)

#: Event Type values (lower case) and what they count as.
EVENT_KINDS = {
    "offence": "offence",
    "offense": "offence",
    "proven offence": "offence",
    "conviction": "offence",
    "arrest": "arrest",
}
DA_VALUES = {"y": True, "yes": True, "true": True, "1": True}
DA_VALUES |= {"n": False, "no": False, "false": False, "0": False, "": False}

DATE_FIX = "Write dates as dd/mm/yyyy (e.g. 05/04/2018) or yyyy-mm-dd."
FIX = "Correct these rows in the tracker and export it again."

Flag = Callable[..., None]


def _read(
    path: Path, what: str, columns: Mapping[str, Sequence[str]], optional: Sequence[str] = ()
) -> tuple[pd.DataFrame, Flag, kit.Problems]:
    """The file with its columns under their canonical names, a ``flag(mask, field,
    message, fix="")`` recording bad cells (named as the file heads them), and the
    problems it records into."""
    raw = kit.read_export(path, what, NAME)
    frame = kit.match_columns(raw, columns, str(path), optional=optional)
    problems = kit.Problems(path, what)
    return frame, partial(problems.flag, frame), problems


def read_cohort(path: Path) -> pd.DataFrame:
    """Read the cohort file: one row per nominal (or per spell on the cohort).

    Returns columns ``nominal``, ``adopted``, ``deselected`` (NaT while still on the
    cohort), ``da`` (bool), ``area`` (ONS code) and ``line``. Raises
    :class:`~ssp_targets.SourceError` listing every bad row.
    """
    frame, flag, problems = _read(path, "IOM cohort export", COHORT_COLUMNS)
    nominal = frame["nominal"]
    flag(nominal == "", "nominal", "is blank; every row needs the nominal's pseudonymous id")
    adopted = kit.parse_dates(frame["adopted"])
    flag(adopted.isna(), "adopted", "is not a date", fix=DATE_FIX)
    deselected = kit.parse_dates(frame["deselected"])
    flag(
        deselected.isna() & (frame["deselected"] != ""),
        "deselected",
        "is not a date (leave it blank while the nominal is on the cohort)",
        fix=DATE_FIX,
    )
    flag(deselected < adopted, "deselected", "is before the adoption date (check both dates)")
    da = frame["da"].str.lower().map(DA_VALUES)
    flag(da.isna(), "da", "is not Y or N")
    area = kit.area_codes(frame["area"])
    flag(
        area.isna(),
        "area",
        "is not a known local authority code",
        fix="Write the local authority's ONS code, e.g. E06000004 for Stockton-on-Tees.",
    )
    cohort = pd.DataFrame(
        {
            "nominal": nominal,
            "adopted": adopted,
            "deselected": deselected,
            "da": da.fillna(False).astype(bool),
            "area": area,
            "line": frame["line"],
        }
    )
    # A nominal may come back onto the cohort, as a new row; spells must not overlap.
    ordered = cohort[nominal != ""].sort_values(["nominal", "adopted", "line"])
    before_end = ordered.groupby("nominal")["deselected"].shift()
    has_earlier = ordered.groupby("nominal").cumcount() > 0
    overlap = has_earlier & (before_end.isna() | (before_end > ordered["adopted"]))
    flag(
        overlap.reindex(cohort.index, fill_value=False),  # back in file order for flag
        "nominal",
        "is already on the cohort on this adoption date (an earlier row for the same "
        "nominal has no de-selection date or a later one)",
        fix="Give each spell on the cohort its own row, without overlaps.",
    )
    problems.raise_if_any(FIX)
    return cohort


def read_events(path: Path, nominals: pd.Series) -> pd.DataFrame:
    """Read the offences/arrests file: one row per proven offence or arrest.

    ``nominals`` are the ids in the cohort file; an event for any other id is an error.
    Returns columns ``nominal``, ``date``, ``kind`` (``offence`` or ``arrest``),
    ``category`` and ``line``. Raises :class:`~ssp_targets.SourceError` listing every
    bad row.
    """
    frame, flag, problems = _read(
        path, "IOM offences export", EVENT_COLUMNS, OPTIONAL_EVENT_COLUMNS
    )
    flag(
        ~frame["nominal"].isin(set(nominals)),
        "nominal",
        "is not a nominal in the cohort file",
        fix="Export both files together, or correct the id.",
    )
    date = kit.parse_dates(frame["date"])
    flag(date.isna(), "date", "is not a date", fix=DATE_FIX)
    kind = frame["kind"].str.lower().map(EVENT_KINDS)
    fix = "Write the event type as Offence or Arrest."
    flag(kind.isna(), "kind", "is not a known event type", fix=fix)
    problems.raise_if_any(FIX)
    return pd.DataFrame(
        {
            "nominal": frame["nominal"],
            "date": date,
            "kind": kind,
            "category": frame.get("category", pd.Series("", index=frame.index)),
            "line": frame["line"],
        }
    )
