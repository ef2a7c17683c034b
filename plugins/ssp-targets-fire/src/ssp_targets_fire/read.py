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
``period``
    the financial-year quarter of ``date`` (``"2018/19 Q1"``; ``""`` where no date);
``la``, ``ward``
    the local authority and ward codes (``ward`` ``""`` where blank or not in the export).

Only primary and secondary fires are checked beyond their incident type: every problem
in them (bad date, unknown motive, bad area code, duplicate incident number) is listed in
one :class:`SourceError` by :class:`ssp_targets.kit.Problems`. The file is read and its
columns found by :func:`ssp_targets.kit.read_export` and :func:`~ssp_targets.kit.match_columns`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ssp_targets import SourceError, kit

from . import codes
from .options import DEFAULT_COLUMNS, FIELD_MEANING, NAME, REQUIRED_FIELDS, FireOptions

#: The file, as the kit's messages name it ("no such file (the fire incident export)").
WHAT = "fire incident export"
FIRE_KINDS = ("primary", "secondary")
#: The fixes for a motive, late-call flag or ward code a fire row's cell does not give.
MOTIVE_FIX = (
    "Known motives are Accidental, Deliberate (also Doubtful, counted as deliberate) and "
    'Not known; map another value with [sources.fire] motives = { "<value>" = "deliberate" } '
    "(or accidental, not_known)."
)
LATE_CALL_FIX = "A late-call column must say Yes or No (blank counts as No)."
WARD_FIX = "The ward column needs ward codes such as E05001549 (or blank when unknown)."


def find_columns(
    raw: pd.DataFrame, options: FireOptions, origin: str, require_motive: bool = True
) -> pd.DataFrame:
    """The export's columns for the fields it has, named by field, and ``line``.

    A header set in the options (``<field>_column``) must exist; otherwise the defaults of
    :data:`~ssp_targets_fire.options.DEFAULT_COLUMNS` are tried. A missing column is the
    kit's :class:`SourceError`, with the option that names it added. Messages still name
    the file's headers (:data:`ssp_targets.kit.HEADERS`).
    """
    wanted: dict[str, list[str]] = {}
    for field, defaults in DEFAULT_COLUMNS.items():
        configured = options.columns.get(field)
        if configured != "":  # "": the export has no such column
            wanted[field] = [configured] if configured else list(defaults)
    required = [f for f in REQUIRED_FIELDS if require_motive or f != "motive"]
    optional = [f for f in wanted if f not in required and not options.columns.get(f)]
    try:
        renamed = kit.match_columns(raw, wanted, origin, optional=optional)
    except SourceError as exc:
        present = {kit.normalise_header(h) for h in raw.columns}
        missing = [
            f
            for f in wanted
            if f not in optional and not present & {kit.normalise_header(a) for a in wanted[f]}
        ]
        hints = [
            f'set [sources.fire] {f}_column = "<header>" to the column with {FIELD_MEANING[f]}'
            + (', or to "" if the export has none' if f not in REQUIRED_FIELDS else "")
            for f in missing
        ]
        why = (
            " Without a motive column deliberate fires cannot be told from accidental ones, "
            "so nothing is counted rather than everything."
            if "motive" in missing
            else ""
        )
        raise SourceError(f"{exc} Or {'; and '.join(hints)}.{why}") from None
    # Only the fields found: a header that is just a field's name ("ward" of ward names,
    # with no WARD_CODE; "incident_number" with incident_number_column = "") is not one.
    return renamed[[*renamed.attrs[kit.HEADERS], "line"]]


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
    raw = find_columns(kit.read_export(path, WHAT, NAME), options, origin, require_motive)
    problems = kit.Problems(origin, WHAT)

    kind = codes.classify(
        raw["incident_type"], lambda t: codes.incident_kind(t, options.incident_types)
    )
    blank_type = raw["incident_type"] == ""  # the kit strips every cell
    problems.flag(
        raw,
        kind.isna() & blank_type,
        "incident_type",
        "is blank: every incident needs an incident type",
        "Fill in the incident type of every row.",
    )
    problems.flag(
        raw,
        kind.isna() & ~blank_type,
        "incident_type",
        "is not a known incident type",
        "Known incident types are Primary Fire, Secondary Fire, Chimney Fire, Late Call, "
        "False Alarm ... (or AFA) and Special Service, in any case; map another value "
        'with [sources.fire] incident_types = { "<value>" = "primary" } (or secondary, '
        "chimney, late_call, false_alarm, special_service, other).",
    )
    fire = kind.isin(FIRE_KINDS).to_numpy()
    fires = raw.loc[fire]

    out = pd.DataFrame(
        {
            "line": raw["line"].astype("int64"),
            "kind": kind.fillna("other"),
            "motive": "",
            "late_call": "",
            "la": "",
            "ward": "",
        }
    )
    out.loc[fire, "motive"] = "not_known"  # unless the export has a motive column
    coded: list[tuple[str, Callable[[str], str | None], str, str]] = [
        ("motive", lambda t: codes.motive(t, options.motives), "is not a known motive", MOTIVE_FIX),
        ("late_call", codes.late_call, "is not a late-call flag", LATE_CALL_FIX),
        ("ward", codes.ward_code, "is not a ward code", WARD_FIX),
    ]
    for field, rule, said, fix in coded:
        if field in raw:
            found = codes.classify(fires[field], rule)
            problems.flag(fires, found.isna(), field, said, fix)
            out.loc[fire, field] = found.to_numpy()
    out["late_call"] = out["late_call"] == "yes"

    formats = (options.date_format,) if options.date_format else codes.DATE_FORMATS
    dates = kit.parse_dates(raw["date"], formats)
    problems.flag(
        raw,
        fire & dates.isna(),
        "date",
        "is not a date",
        (
            f"Dates must match [sources.fire] date_format = {options.date_format!r} (a time "
            "after the date is ignored)."
            if options.date_format
            else "Write dates day first (01/04/2018 14:05, 2018-04-01 14:05:00 or "
            '01 Apr 2018), or set [sources.fire] date_format = "..." (strftime codes, e.g. '
            '"%m/%d/%Y") to the export\'s layout.'
        ),
    )
    out["date"] = dates
    out["period"] = kit.quarter_of(dates)

    # A district's code (not a region's or a ward's), or a Tees Valley district's name.
    la = kit.area_codes(fires["la"])
    la = la.where(la.fillna("").str.match(codes.LA_CODE_RE.pattern), None)
    problems.flag(
        fires,
        la.isna(),
        "la",
        "is not a local authority code",
        "The local authority column needs a district code such as E06000004 "
        "(Stockton-on-Tees) or a Tees Valley district name (Hartlepool, Middlesbrough, "
        "Redcar and Cleveland, Stockton-on-Tees, Darlington).",
    )
    out.loc[fire, "la"] = la.fillna("").to_numpy()

    if "incident_number" in raw:
        problems.flag_repeats(
            fires,
            "incident_number",
            fix="Each incident must appear once: remove the repeated rows (or set "
            '[sources.fire] incident_number_column = "" if numbers are not unique).',
        )

    problems.raise_if_any()
    return out
