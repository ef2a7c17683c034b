"""The export's coded values: incident types, motives, late-call flags, area codes, dates.

Each classifier works on one distinct text at a time (an export has a handful of distinct
incident types but many thousand rows); :func:`classify` applies one to a whole column by
factorising it, so nothing loops over rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

#: Incident kinds. Only ``primary`` and ``secondary`` are counted.
INCIDENT_KINDS = (
    "primary",
    "secondary",
    "chimney",
    "late_call",
    "false_alarm",
    "special_service",
    "other",
)
#: Motive categories. ``deliberate`` includes "doubtful" (suspected deliberate).
MOTIVES = ("deliberate", "accidental", "not_known")

#: District names the Cleveland Fire Brigade uses, for an export that names the
#: district instead of coding it (keys are :func:`norm` forms).
DISTRICT_CODES: dict[str, str] = {
    "hartlepool": "E06000001",
    "middlesbrough": "E06000002",
    "redcar and cleveland": "E06000003",
    "redcar & cleveland": "E06000003",
    "stockton-on-tees": "E06000004",
    "stockton on tees": "E06000004",
    "stockton": "E06000004",
    "darlington": "E06000005",
}

#: Local authority district codes: English unitary / non-metropolitan / metropolitan /
#: London, Welsh, Scottish and Northern Irish districts.
LA_CODE_RE = re.compile(r"^(E06|E07|E08|E09|W06|S12|N09)\d{6}$")
#: Electoral ward codes (England, Wales, Scotland multi-member wards, Northern Ireland).
WARD_CODE_RE = re.compile(r"^(E05|W05|S13|N08)\d{6}$")

#: Date layouts tried in order (day first, as UK exports are written).
DATE_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d %b %Y",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d-%b-%Y",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%y",
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
)

_SPACE_RE = re.compile(r"[\s_]+")


def norm(text: str) -> str:
    """Compare form of a coded value: lower case, trimmed, runs of spaces/underscores as one
    space (so ``"Primary  Fire "`` and ``"PRIMARY_FIRE"`` are both ``"primary fire"``)."""
    return _SPACE_RE.sub(" ", str(text)).strip().casefold()


def header_key(text: str) -> str:
    """Compare form of a column header: case, spaces, underscores and hyphens ignored."""
    return re.sub(r"[\s_\-]+", "", str(text)).casefold()


def classify(values: pd.Series, rule: Callable[[str], str | None]) -> pd.Series:
    """Apply ``rule`` to each distinct value of a text column; ``None`` where it fails."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    results = np.array([rule(str(u)) for u in uniques] + [None], dtype=object)
    return pd.Series(results[codes], index=values.index, dtype=object)


def incident_kind(text: str, overrides: Mapping[str, str]) -> str | None:
    """The kind of an incident type value, or None if it is not recognised.

    Recognised (any case, extra spaces ignored): ``Primary ...`` / ``F1``, ``Secondary ...``
    / ``F3``, ``Chimney ...``, ``Late Call``, ``False Alarm ...`` / ``AFA``,
    ``Special Service ...``; ``overrides`` (from the options) are looked up first.
    """
    t = norm(text)
    if t in overrides:
        return overrides[t]
    if t.startswith("primary") or t == "f1":
        return "primary"
    if t.startswith("secondary") or t == "f3":
        return "secondary"
    if t.startswith("chimney"):
        return "chimney"
    if t.startswith("late call") or t == "late":
        return "late_call"
    if t.startswith(("false alarm", "afa")):
        return "false_alarm"
    if t.startswith("special service"):
        return "special_service"
    return None


def motive(text: str, overrides: Mapping[str, str]) -> str | None:
    """The motive category of a value, or None if it is not recognised.

    ``Deliberate ...`` and ``Doubtful`` (suspected deliberate: FORMATS.md §2.1) are
    deliberate; ``Accidental ...`` accidental; blank, ``Not known``, ``Unknown`` and
    ``Not recorded`` not known.
    """
    t = norm(text)
    if t in overrides:
        return overrides[t]
    if t.startswith(("deliberate", "doubtful")):
        return "deliberate"
    if t.startswith("accidental"):
        return "accidental"
    if t in ("", "not known", "unknown", "not_known", "not recorded", "n/k", "nk"):
        return "not_known"
    return None


def late_call(text: str) -> str | None:
    """``"yes"`` / ``"no"`` for a late-call flag value, or None if not recognised."""
    t = norm(text)
    if t in ("yes", "y", "true", "1", "late call", "late"):
        return "yes"
    if t in ("", "no", "n", "false", "0", "not late call", "not late", "not a late call"):
        return "no"
    return None


def la_code(text: str) -> str | None:
    """The local authority code of a value (a code in any case, or a Cleveland district
    name), or None if it is neither."""
    code = str(text).strip().upper()
    if LA_CODE_RE.match(code):
        return code
    return DISTRICT_CODES.get(norm(text))


def ward_code(text: str) -> str | None:
    """The ward code of a value (``""`` for a blank), or None if it is not a ward code."""
    code = str(text).strip().upper()
    if code == "" or WARD_CODE_RE.match(code):
        return code
    return None


def parse_dates(values: pd.Series, date_format: str | None = None) -> pd.Series:
    """Parse a text column of dates (each distinct text once); NaT where none fits.

    With ``date_format`` only that layout is tried; otherwise :data:`DATE_FORMATS`, in
    order, the first that fits each value winning.
    """
    codes, uniques = pd.factorize(values.str.strip().to_numpy(dtype=object))
    texts = pd.Series(uniques, dtype=object).astype(str)
    parsed = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]")
    for fmt in (date_format,) if date_format else DATE_FORMATS:
        missing = parsed.isna()
        if not missing.any():
            break
        attempt = pd.to_datetime(texts[missing], format=fmt, errors="coerce")
        parsed[missing] = attempt
    table = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    return pd.Series(table[codes], index=values.index)
