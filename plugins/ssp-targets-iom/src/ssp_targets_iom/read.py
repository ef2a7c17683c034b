"""Reading the IOM tracker export: the cohort file and the offences/arrests file.

Both are CSV files with a header row. Column names are matched loosely (case, spaces and
punctuation are ignored, and a few common alternative names are accepted, see
:data:`COHORT_COLUMNS` and :data:`EVENT_COLUMNS`), because the layout is a local
tracker's and not a published standard. Dates may be ``dd/mm/yyyy`` (UK) or
``yyyy-mm-dd`` (ISO), with or without a time part.

Every problem in a file is collected and reported in one :class:`SourceError` naming the
file, the line (header = line 1), the column, the bad value and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ssp_targets.hookspecs import SourceError

#: Most problems listed in one error message; the rest are counted.
MAX_LISTED = 20

#: Canonical field -> (the name written in messages, accepted header spellings, normalised).
COHORT_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nominal": (
        "Nominal ID",
        ("nominalid", "nominal", "nominalref", "nominalreference", "iomid", "pseudonymousid"),
    ),
    "adopted": (
        "Adopted",
        ("adopted", "adoptiondate", "dateadopted", "adopteddate", "dateofadoption"),
    ),
    "deselected": (
        "Deselected",
        (
            "deselected",
            "deselectiondate",
            "datedeselected",
            "deselecteddate",
            "dateofdeselection",
        ),
    ),
    "da": (
        "DA Perpetrator",
        ("daperpetrator", "daperp", "da", "daflag", "domesticabuseperpetrator"),
    ),
    "area": (
        "Local Authority Code",
        ("localauthoritycode", "lacode", "ladcode", "localauthority", "la"),
    ),
}
EVENT_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nominal": COHORT_COLUMNS["nominal"],
    "date": ("Event Date", ("eventdate", "offencedate", "date", "dateofoffence", "arrestdate")),
    "kind": ("Event Type", ("eventtype", "type", "event")),
    "category": ("Offence Category", ("offencecategory", "category")),
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

#: Local authority names a tracker might write instead of the ONS code.
AREA_NAMES = {
    "stockton-on-tees": "E06000004",
    "stockton on tees": "E06000004",
    "stockton": "E06000004",
    "hartlepool": "E06000001",
    "middlesbrough": "E06000002",
    "redcar and cleveland": "E06000003",
    "darlington": "E06000005",
}
ONS_CODE = re.compile(r"^[EWSN]\d{8}$")
DATE_FORMS = "dd/mm/yyyy (e.g. 05/04/2018) or yyyy-mm-dd"


@dataclass
class Problems:
    """Problems found in one file, reported together."""

    path: str
    found: list[tuple[int, str]] = field(default_factory=list)  # (line, text)

    def flag(self, mask: pd.Series, lines: pd.Series, values: pd.Series, what: str) -> None:
        """Record ``what`` (e.g. "column 'Adopted': ... is not a date") for rows in ``mask``.

        ``what`` may hold ``{value}``, filled with each bad row's value.
        """
        hits = pd.DataFrame({"line": lines[mask], "value": values[mask]})
        self.found.extend(
            (int(line), what.format(value=repr(value)))
            for line, value in zip(hits["line"], hits["value"], strict=True)
        )

    def raise_if_any(self) -> None:
        """Raise one :class:`SourceError` listing every problem (up to :data:`MAX_LISTED`)."""
        if not self.found:
            return
        found = sorted(self.found)
        listed = "; ".join(f"line {line}, {text}" for line, text in found[:MAX_LISTED])
        more = f"; and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
        count = "1 problem" if len(found) == 1 else f"{len(found)} problems"
        raise SourceError(
            f"{self.path}: {count} in the IOM export (header = line 1): {listed}{more}. "
            "Correct these rows in the tracker and export it again."
        )


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def read_table(path: Path, what: str) -> pd.DataFrame:
    """Read a CSV file as text, dropping blank lines; add ``_line`` (header = line 1)."""
    last_error: Exception | None = None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            frame = pd.read_csv(
                path,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                encoding=encoding,
                skip_blank_lines=False,
            )
            break
        except FileNotFoundError:
            raise SourceError(
                f"{path}: no such file (the IOM {what} export). Check the [sources.iom] "
                "path options in ssp-targets.toml; relative paths are relative to the "
                "folder of ssp-targets.toml."
            ) from None
        except pd.errors.EmptyDataError:
            raise SourceError(
                f"{path}: the IOM {what} file is empty (line 1 should be the header row). "
                "Export it again from the tracker."
            ) from None
        except UnicodeDecodeError as exc:
            last_error = exc
        except (pd.errors.ParserError, OSError) as exc:
            raise SourceError(
                f"{path}: cannot read the IOM {what} file as CSV ({exc}). Save it from the "
                "tracker as CSV with a header row."
            ) from None
    else:
        raise SourceError(
            f"{path}: the IOM {what} file is neither UTF-8 nor Windows-1252 text "
            f"({last_error}). Save it as CSV UTF-8."
        )
    frame = frame.astype(str).apply(lambda column: column.str.strip())
    frame["_line"] = frame.index + 2
    blank = (frame.drop(columns="_line") == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


def _match_columns(
    frame: pd.DataFrame,
    path: Path,
    what: str,
    wanted: dict[str, tuple[str, tuple[str, ...]]],
    optional: tuple[str, ...] = (),
) -> dict[str, str]:
    """Map each canonical field to the file's header, or raise naming what is missing."""
    by_normal = {_normal(c): c for c in frame.columns if c != "_line"}
    found: dict[str, str] = {}
    missing = []
    for key, (label, aliases) in wanted.items():
        header = next((by_normal[a] for a in aliases if a in by_normal), None)
        if header is not None:
            found[key] = header
        elif key not in optional:
            missing.append(f"'{label}' (also accepted: {', '.join(aliases[1:]) or 'none'})")
    if missing:
        header_text = ", ".join(repr(c) for c in frame.columns if c != "_line")
        raise SourceError(
            f"{path}: line 1 (the header) of the IOM {what} file has no column "
            f"{' and no column '.join(missing)}; the header has {header_text}. Rename the "
            "column or export it from the tracker (names are matched ignoring case, "
            "spaces and punctuation)."
        )
    return found


def parse_dates(text: pd.Series) -> pd.Series:
    """Dates written ``dd/mm/yyyy`` or ``yyyy-mm-dd`` (a time part is ignored); NaT if
    blank or neither."""
    day = text.str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "", regex=True)
    uk = pd.to_datetime(day, format="%d/%m/%Y", errors="coerce")
    iso = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce")
    return uk.fillna(iso)


def read_cohort(path: Path) -> pd.DataFrame:
    """Read the cohort file: one row per nominal (or per spell on the cohort).

    Returns columns ``nominal``, ``adopted``, ``deselected`` (NaT while still on the
    cohort), ``da`` (bool), ``area`` (ONS code) and ``line``. Raises :class:`SourceError`
    listing every bad row.
    """
    raw = read_table(path, "cohort")
    columns = _match_columns(raw, path, "cohort", COHORT_COLUMNS)
    problems = Problems(str(path))
    lines = raw["_line"]
    col = {key: raw[header] for key, header in columns.items()}
    name = {key: COHORT_COLUMNS[key][0] for key in COHORT_COLUMNS}

    nominal = col["nominal"]
    problems.flag(
        nominal == "",
        lines,
        nominal,
        f"column '{columns['nominal']}': the {name['nominal']} is blank; every row needs "
        "the nominal's pseudonymous id",
    )
    adopted = parse_dates(col["adopted"])
    problems.flag(
        adopted.isna(),
        lines,
        col["adopted"],
        f"column '{columns['adopted']}': {{value}} is not a date (write {DATE_FORMS})",
    )
    deselected = parse_dates(col["deselected"])
    problems.flag(
        deselected.isna() & (col["deselected"] != ""),
        lines,
        col["deselected"],
        f"column '{columns['deselected']}': {{value}} is not a date (write {DATE_FORMS}, "
        "or leave it blank while the nominal is on the cohort)",
    )
    problems.flag(
        deselected < adopted,
        lines,
        col["deselected"],
        f"column '{columns['deselected']}': {{value}} is before the adoption date "
        "(check both dates)",
    )
    da = col["da"].str.lower().map(DA_VALUES)
    problems.flag(
        da.isna(),
        lines,
        col["da"],
        f"column '{columns['da']}': {{value}} is not Y or N",
    )
    area_text = col["area"]
    area = area_text.str.upper().where(
        area_text.str.upper().str.match(ONS_CODE.pattern),
        area_text.str.lower().map(AREA_NAMES),
    )
    problems.flag(
        area.isna(),
        lines,
        area_text,
        f"column '{columns['area']}': {{value}} is not a known local authority code "
        "(write the ONS code, e.g. E06000004 for Stockton-on-Tees)",
    )
    cohort = pd.DataFrame(
        {
            "nominal": nominal,
            "adopted": adopted,
            "deselected": deselected,
            "da": da.fillna(False).astype(bool),
            "area": area,
            "line": lines,
        }
    )
    # A nominal may come back onto the cohort, as a new row; spells must not overlap.
    ordered = cohort[nominal != ""].sort_values(["nominal", "adopted", "line"])
    before_end = ordered.groupby("nominal")["deselected"].shift()
    has_earlier = ordered.groupby("nominal").cumcount() > 0
    overlap = has_earlier & (before_end.isna() | (before_end > ordered["adopted"]))
    problems.flag(
        overlap,
        ordered["line"],
        ordered["nominal"],
        f"column '{columns['nominal']}': {{value}} is already on the cohort on this "
        "adoption date (an earlier row for the same nominal has no de-selection date or "
        "a later one); give each spell on the cohort its own row, without overlaps",
    )
    problems.raise_if_any()
    return cohort.reset_index(drop=True)


def read_events(path: Path, nominals: pd.Series) -> pd.DataFrame:
    """Read the offences/arrests file: one row per proven offence or arrest.

    ``nominals`` are the ids in the cohort file; an event for any other id is an error.
    Returns columns ``nominal``, ``date``, ``kind`` (``offence`` or ``arrest``),
    ``category`` and ``line``. Raises :class:`SourceError` listing every bad row.
    """
    raw = read_table(path, "offences")
    columns = _match_columns(raw, path, "offences", EVENT_COLUMNS, OPTIONAL_EVENT_COLUMNS)
    problems = Problems(str(path))
    lines = raw["_line"]
    col = {key: raw[header] for key, header in columns.items()}

    nominal = col["nominal"]
    problems.flag(
        ~nominal.isin(set(nominals)),
        lines,
        nominal,
        f"column '{columns['nominal']}': {{value}} is not a nominal in the cohort file "
        "(export both files together, or correct the id)",
    )
    date = parse_dates(col["date"])
    problems.flag(
        date.isna(),
        lines,
        col["date"],
        f"column '{columns['date']}': {{value}} is not a date (write {DATE_FORMS})",
    )
    kind = col["kind"].str.lower().map(EVENT_KINDS)
    problems.flag(
        kind.isna(),
        lines,
        col["kind"],
        f"column '{columns['kind']}': {{value}} is not a known event type (write Offence "
        "or Arrest)",
    )
    problems.raise_if_any()
    category = col.get("category", pd.Series("", index=raw.index))
    return pd.DataFrame(
        {"nominal": nominal, "date": date, "kind": kind, "category": category, "line": lines}
    )
