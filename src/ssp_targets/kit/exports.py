"""Exports for plugins: reading an agency's CSV as it saves it, finding its columns by
name or alias, naming its areas, and resolving a path option."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.inputs.csv_files import read_csv_text
from ssp_targets.inputs.observations import COLUMNS
from ssp_targets.plan.definition import AREA_CODE
from ssp_targets.sources.hookspecs import FetchRequest, SourceError

#: The observation frame's columns in order, as a source returns them (indicator, area,
#: period, value, then the optional ones).
OBSERVATION_COLUMNS: tuple[str, ...] = COLUMNS

#: The key of ``DataFrame.attrs`` where :func:`match_columns` keeps the file's headers.
HEADERS = "ssp_targets.kit.headers"

#: Key in a read frame's ``attrs``: the line of the file its header is on.
HEADER_LINE = "ssp_targets.kit.header_line"

_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


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


def _normal_name(text: pd.Series) -> pd.Series:
    name = text.astype(str).str.lower().str.replace("&", " and ", regex=False)
    return name.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip()


def area_codes(text: pd.Series, names: Mapping[str, str] = TEES_VALLEY) -> pd.Series:
    """The ONS code of each area an export names, by its code (any case: ``e06000004``)
    or by its name in ``names`` (normalised: case, ``&`` and punctuation do not matter,
    so "Stockton-on-Tees" is "stockton on tees"); None where it is neither."""
    code = text.astype(str).str.strip().str.upper()
    is_code = code.str.match(AREA_CODE.pattern)
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
