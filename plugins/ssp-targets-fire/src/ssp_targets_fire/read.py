"""Reading an incident-level fire export (one row per incident) into a tidy frame.

The result of :func:`read_incidents` has one row per incident, in file order, with:

``line``
    the row's line in the file (the header is line 1);
``kind``
    one of :data:`~ssp_targets_fire.codes.INCIDENT_KINDS`;
``motive``
    ``deliberate`` / ``accidental`` / ``not_known`` for fires (primary and secondary
    rows); ``""`` for other incidents (their motive is never read);
``late_call``
    True where a late-call column says so;
``date``
    the date of call (NaT for rows that are not primary or secondary fires and whose
    date does not parse: their dates are not needed);
``quarter``
    the financial-year quarter of ``date`` as a ``Q-MAR`` ordinal (-1 where no date);
``la``, ``ward``
    the local authority and ward codes (``ward`` ``""`` where blank or not in the export).

Only primary and secondary fires are checked beyond their incident type: every problem
in them (bad date, unknown motive, bad area code, duplicate incident number) is listed in
one :class:`SourceError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs
import numpy as np
import pandas as pd

from ssp_targets.hookspecs import SourceError

from . import codes
from .options import DEFAULT_COLUMNS, FIELD_LABEL, FIELD_MEANING, REQUIRED_FIELDS, FireOptions

#: Most problems listed in one message; the rest are counted.
MAX_LISTED = 20

FIRE_KINDS = ("primary", "secondary")


@attrs.define
class _Problems:
    """Bad cells found so far: (line, header, value, what is wrong), plus the fixes."""

    origin: str
    found: list[tuple[int, str, str, str]] = attrs.field(factory=list)
    fixes: dict[str, None] = attrs.field(factory=dict)  # ordered set

    def flag(
        self, frame: pd.DataFrame, mask: pd.Series, header: str, message: str, fix: str
    ) -> None:
        """Record every row of ``frame`` where ``mask`` holds."""
        rows = frame.loc[mask.to_numpy(dtype=bool)]
        if rows.empty:
            return
        self.fixes[fix] = None
        for line, value in zip(rows["_line"].tolist(), rows[header].tolist(), strict=True):
            self.found.append((int(line), header, str(value), message))

    def raise_if_any(self) -> None:
        if not self.found:
            return
        found = sorted(self.found, key=lambda item: item[0])
        listed = [
            f"line {line}, column {header!r}: {value!r} {message}"
            for line, header, value, message in found[:MAX_LISTED]
        ]
        more = f"; and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        count = len(found)
        raise SourceError(
            f"{self.origin}: {count} problem{'s' if count != 1 else ''} in the fire incident "
            f"export, so nothing was read: {'; '.join(listed)}{more}. "
            f"{' '.join(self.fixes)}"
        )


def read_csv(path: Path, origin: str, encoding: str | None = None) -> pd.DataFrame:
    """Read the export as text, every column a string, with ``_line`` the file line.

    Tries UTF-8 (with or without a byte-order mark), then Windows-1252 (Excel's "CSV"
    on a UK PC), unless ``encoding`` is given. Wholly blank lines are dropped.
    """
    encodings: Iterable[str] = (encoding,) if encoding else ("utf-8-sig", "cp1252")
    frame: pd.DataFrame | None = None
    for enc in encodings:
        try:
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                encoding=enc,
            )
            break
        except FileNotFoundError:
            raise SourceError(
                f"{origin}: no such fire incident export. Check [sources.fire] path in "
                "ssp-targets.toml (a relative path is relative to the folder of "
                "ssp-targets.toml), or remove it to use the packaged synthetic sample."
            ) from None
        except IsADirectoryError:
            raise SourceError(
                f"{origin}: is a folder; [sources.fire] path must name the CSV file itself."
            ) from None
        except pd.errors.EmptyDataError:
            raise SourceError(
                f"{origin}: the fire incident export is empty; it needs a header row "
                "(line 1) and one row per incident."
            ) from None
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, LookupError, OSError) as exc:
            raise SourceError(
                f"{origin}: cannot read the fire incident export as CSV ({exc}). Save it "
                "as CSV with a header row; set [sources.fire] encoding if it is not UTF-8."
            ) from None
    if frame is None:
        raise SourceError(
            f"{origin}: the fire incident export is not in {' or '.join(encodings)} text. "
            'Set [sources.fire] encoding = "..." to the encoding it was saved in.'
        )
    frame["_line"] = np.arange(2, len(frame) + 2)
    data = frame.drop(columns="_line")
    blank = (data.apply(lambda col: col.str.strip()) == "").all(axis=1)
    return frame.loc[~blank.to_numpy()].reset_index(drop=True)


def find_columns(
    headers: Iterable[str], options: FireOptions, origin: str, require_motive: bool = True
) -> dict[str, str | None]:
    """Match each field to a header of the export (``None`` for an absent optional one).

    A header set in the options must exist; otherwise the defaults of
    :data:`~ssp_targets_fire.options.DEFAULT_COLUMNS` are tried. Matching ignores case,
    spaces, underscores and hyphens. Raises :class:`SourceError` naming every required
    field that has no column, what was looked for and the option that sets it.
    """
    by_key: dict[str, str] = {}
    for header in headers:
        if header != "_line":
            by_key.setdefault(codes.header_key(header), header)
    found: dict[str, str | None] = {}
    missing: list[str] = []
    required = [f for f in REQUIRED_FIELDS if require_motive or f != "motive"]
    for field, defaults in DEFAULT_COLUMNS.items():
        configured = options.columns.get(field)
        if configured == "":
            found[field] = None
            continue
        wanted = (configured,) if configured else defaults
        match = next(
            (by_key[codes.header_key(w)] for w in wanted if codes.header_key(w) in by_key),
            None,
        )
        found[field] = match
        if match is None and (configured or field in required):
            looked = " or ".join(repr(w) for w in wanted)
            missing.append(
                f"no {FIELD_LABEL[field]} column, for {FIELD_MEANING[field]} (looked for "
                f'{looked}); set [sources.fire] {field}_column = "<header>" to the column '
                "that holds it"
                + (', or to "" if the export has none' if field not in REQUIRED_FIELDS else "")
            )
    if missing:
        shown = ", ".join(repr(h) for h in headers if h != "_line")
        raise SourceError(
            f"{origin}: line 1 (the header): {'; '.join(missing)}. The header has: {shown}."
            + (
                " Without a motive column deliberate fires cannot be told from accidental "
                "ones, so nothing is counted rather than everything."
                if found.get("motive") is None and require_motive
                else ""
            )
        )
    return found


def read_incidents(
    path: Path, options: FireOptions, origin: str | None = None, require_motive: bool = True
) -> pd.DataFrame:
    """Read and check a fire incident export; return the tidy incident frame.

    ``origin`` names the file in messages (default: the path). ``require_motive=False``
    reads an export without a motive column (every fire's motive is then ``not_known``),
    to inspect a layout such as the London Fire Brigade's; counting deliberate fires
    always requires one.
    """
    origin = origin or str(path)
    raw = read_csv(path, origin, options.encoding)
    cols = find_columns(list(raw.columns), options, origin, require_motive)
    problems = _Problems(origin)

    type_col = str(cols["incident_type"])
    kind = codes.classify(raw[type_col], lambda t: codes.incident_kind(t, options.incident_types))
    blank_type = raw[type_col].str.strip() == ""
    problems.flag(
        raw,
        kind.isna() & blank_type,
        type_col,
        "is blank: every incident needs an incident type",
        "Fill in the incident type of every row.",
    )
    problems.flag(
        raw,
        kind.isna() & ~blank_type,
        type_col,
        "is not a known incident type",
        "Known incident types are Primary Fire, Secondary Fire, Chimney Fire, Late Call, "
        "False Alarm ... (or AFA) and Special Service, in any case; map another value "
        'with [sources.fire] incident_types = { "<value>" = "primary" } (or secondary, '
        "chimney, late_call, false_alarm, special_service, other).",
    )
    fire = kind.isin(FIRE_KINDS)
    fires = raw.loc[fire.to_numpy()]

    out = pd.DataFrame(
        {
            "line": raw["_line"].astype("int64"),
            "kind": kind.fillna("other"),
            "motive": "",
            "late_call": False,
            "la": "",
            "ward": "",
        }
    )

    motive_col = cols["motive"]
    if motive_col is not None:
        motive = codes.classify(fires[motive_col], lambda t: codes.motive(t, options.motives))
        problems.flag(
            fires,
            motive.isna(),
            motive_col,
            "is not a known motive",
            "Known motives are Accidental, Deliberate (also Doubtful, counted as deliberate) "
            'and Not known; map another value with [sources.fire] motives = { "<value>" = '
            '"deliberate" } (or accidental, not_known).',
        )
        out.loc[fire.to_numpy(), "motive"] = motive.fillna("not_known").to_numpy()
    else:
        out.loc[fire.to_numpy(), "motive"] = "not_known"

    late_col = cols["late_call"]
    if late_col is not None:
        late = codes.classify(fires[late_col], codes.late_call)
        problems.flag(
            fires,
            late.isna(),
            late_col,
            "is not a late-call flag",
            "A late-call column must say Yes or No (blank counts as No).",
        )
        out.loc[fire.to_numpy(), "late_call"] = (late == "yes").to_numpy()

    date_col = str(cols["date"])
    dates = codes.parse_dates(raw[date_col], options.date_format)
    problems.flag(
        raw,
        fire & dates.isna(),
        date_col,
        "is not a date",
        (
            f"Dates must match [sources.fire] date_format = {options.date_format!r}."
            if options.date_format
            else "Write dates day first (01/04/2018 14:05, 2018-04-01 14:05:00 or "
            '01 Apr 2018), or set [sources.fire] date_format = "..." (strftime codes, e.g. '
            '"%m/%d/%Y %H:%M") to the export\'s layout.'
        ),
    )
    out["date"] = dates
    quarter = np.full(len(out), -1, dtype=np.int64)
    dated = dates.notna().to_numpy()
    quarter[dated] = pd.PeriodIndex(dates[dated], freq="Q-MAR").asi8
    out["quarter"] = quarter

    la_col = str(cols["la"])
    la = codes.classify(fires[la_col], codes.la_code)
    problems.flag(
        fires,
        la.isna(),
        la_col,
        "is not a local authority code",
        "The local authority column needs a district code such as E06000004 "
        "(Stockton-on-Tees) or a Cleveland district name (Hartlepool, Middlesbrough, "
        "Redcar and Cleveland, Stockton-on-Tees).",
    )
    out.loc[fire.to_numpy(), "la"] = la.fillna("").to_numpy()

    ward_col = cols["ward"]
    if ward_col is not None:
        ward = codes.classify(fires[ward_col], codes.ward_code)
        problems.flag(
            fires,
            ward.isna(),
            ward_col,
            "is not a ward code",
            "The ward column needs ward codes such as E05001549 (or blank when unknown).",
        )
        out.loc[fire.to_numpy(), "ward"] = ward.fillna("").to_numpy()

    number_col = cols["incident_number"]
    if number_col is not None:
        numbers = fires[number_col].str.strip()
        duplicate = numbers.duplicated(keep=False) & (numbers != "")
        problems.flag(
            fires,
            duplicate,
            number_col,
            "is an incident number on more than one fire row",
            "Each incident must appear once: remove the repeated rows (or set "
            '[sources.fire] incident_number_column = "" if numbers are not unique).',
        )

    problems.raise_if_any()
    return out
