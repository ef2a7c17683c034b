"""Service-level codes ("CRC SCH9 SL013") and the table mapping them to indicators.

The CRC contract's Schedule 9 numbers its service levels; the extract writes them as
``CRC SCH9 <code>``. Codes ``SL001R``, ``SL002R``, ``SL006R``, ``AE`` and ``AK`` are
verified from the Ministry of Justice's published CRC performance pages; the codes behind
completions, recalls and accommodation are **not**: :data:`DEFAULT_SERVICE_LEVELS` is a
placeholder that ``[sources.crc] service_levels`` replaces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ssp_targets import SourceError

from .indicators import INDICATORS

#: Placeholder mapping, code -> indicator. UNVERIFIED: no published source shows which
#: Schedule 9 codes carry these measures; override with ``[sources.crc] service_levels``.
DEFAULT_SERVICE_LEVELS: dict[str, str] = {
    "SL013": "crc:co_sso_positive_completions",
    "SL014": "crc:licence_positive_completions",
    "SL015": "crc:recalls",
    "SL016": "crc:settled_accommodation_on_release",
}

#: A service-level cell: an optional "CRC SCH9" (or "SCH9") prefix, then the code: one to
#: four letters, up to four digits and an optional letter suffix (SL001R, SL013, AE, AK).
CODE_RE = re.compile(r"^\s*(?:(?:CRC\s+)?SCH\s*9\s+)?(?P<code>[A-Z]{1,4}\d{0,4}[A-Z]?)\s*$", re.I)

CODE_FORMS = '"CRC SCH9 SL013" (also "SCH9 SL013" or "SL013"; codes like SL001R, AE)'


def normalise_codes(cells: pd.Series) -> pd.Series:
    """The bare upper-case code of each cell (``"CRC SCH9 sl013"`` -> ``"SL013"``);
    empty text where the cell is not a well-formed code."""
    extracted = cells.astype(str).str.extract(CODE_RE, expand=False)
    return extracted.fillna("").str.upper()


def service_level_table(options: Mapping[str, Any], origin: str) -> dict[str, str]:
    """The code -> indicator mapping for a request: ``options["service_levels"]`` if
    given (it replaces the default in full), else :data:`DEFAULT_SERVICE_LEVELS`.

    Keys may be written with or without the ``CRC SCH9`` prefix; values with or without
    the ``crc:`` prefix. Several codes may map to one indicator (their numerators and
    denominators are added). Raises :class:`SourceError` for a malformed table.
    """
    given = options.get("service_levels")
    if given is None:
        return dict(DEFAULT_SERVICE_LEVELS)
    if not isinstance(given, Mapping) or not given:
        raise SourceError(
            f"{origin}: [sources.crc] service_levels must be a non-empty table of "
            "service-level code = indicator, e.g. service_levels = { SL013 = "
            '"crc:co_sso_positive_completions" }; got '
            f"{given!r}."
        )
    table: dict[str, str] = {}
    problems = []
    for key, value in given.items():
        code = normalise_codes(pd.Series([str(key)])).iloc[0]
        indicator = str(value).strip()
        if indicator and ":" not in indicator:
            indicator = f"crc:{indicator}"
        if not code:
            problems.append(f"key {key!r} is not a service-level code ({CODE_FORMS})")
        elif indicator not in INDICATORS:
            problems.append(
                f"{key} = {value!r} names no indicator of this source (use one of "
                f"{', '.join(INDICATORS)})"
            )
        elif code in table:
            problems.append(f"code {code} is given twice")
        else:
            table[code] = indicator
    if problems:
        raise SourceError(
            f"{origin}: [sources.crc] service_levels in ssp-targets.toml: "
            f"{'; '.join(problems)}. Fix the table and run fetch again."
        )
    return table


def indicator_of(codes: pd.Series, table: Mapping[str, str]) -> pd.Series:
    """The indicator each code maps to, or empty text where it is not mapped."""
    mapped = codes.map(dict(table))
    return pd.Series(np.where(mapped.isna(), "", mapped), index=codes.index, dtype=object)
