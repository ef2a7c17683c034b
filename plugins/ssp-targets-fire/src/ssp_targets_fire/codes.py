"""The export's coded values: incident types, motives, late-call flags, area codes.

District names are read by :func:`ssp_targets.kit.area_codes` (the Tees Valley names).

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

#: Local authority district codes: English unitary / non-metropolitan / metropolitan /
#: London, Welsh, Scottish and Northern Irish districts.
LA_CODE_RE = re.compile(r"^(E06|E07|E08|E09|W06|S12|N09)\d{6}$")
#: Electoral ward codes (England, Wales, Scotland multi-member wards, Northern Ireland).
WARD_CODE_RE = re.compile(r"^(E05|W05|S13|N08)\d{6}$")

#: Date layouts tried in order, for :func:`ssp_targets.kit.parse_dates` (which drops a time
#: after the date): day first as UK exports write them, ISO, and the London Fire Brigade's
#: ``01 Jan 2009``.
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d/%m/%y")

_SPACE_RE = re.compile(r"[\s_]+")


def norm(text: str) -> str:
    """Compare form of a coded value: lower case, trimmed, runs of spaces/underscores as one
    space (so ``"Primary  Fire "`` and ``"PRIMARY_FIRE"`` are both ``"primary fire"``)."""
    return _SPACE_RE.sub(" ", str(text)).strip().casefold()


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


def ward_code(text: str) -> str | None:
    """The ward code of a value (``""`` for a blank), or None if it is not a ward code."""
    code = str(text).strip().upper()
    if code == "" or WARD_CODE_RE.match(code):
        return code
    return None
