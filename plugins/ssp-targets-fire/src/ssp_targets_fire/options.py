"""The ``[sources.fire]`` options: where the export is and what its columns are called."""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ssp_targets import SourceError

from .codes import INCIDENT_KINDS, MOTIVES, norm

#: The source's name, and so its ``[sources.fire]`` table.
NAME = "fire"

#: Export fields the parser knows, with the header names it looks for by default (in
#: order). :func:`ssp_targets.kit.match_columns` matches them ignoring case, spaces and
#: punctuation, so ``Incident Type`` finds ``INCIDENT_TYPE``.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "incident_number": ("INCIDENT_NUMBER", "INCIDENT_NO", "INCIDENT_ID"),
    "date": (
        "CALL_DATE_TIME",
        "DATE_TIME_OF_CALL",
        "DATE_OF_CALL",
        "CALL_DATE",
        "INCIDENT_DATE",
        "DATE",
    ),
    "incident_type": ("INCIDENT_TYPE",),
    "motive": ("ACCIDENTAL_OR_DELIBERATE", "MOTIVE", "CAUSE_MOTIVE"),
    "la": ("LA_CODE", "LOCAL_AUTHORITY_CODE", "LAD_CODE", "DISTRICT_CODE"),
    "ward": ("WARD_CODE",),
    "late_call": ("LATE_CALL",),
}

#: Fields an export must have; the others are used when present.
REQUIRED_FIELDS = ("date", "incident_type", "motive", "la")

#: What each field holds, for messages.
FIELD_MEANING: dict[str, str] = {
    "incident_number": "the incident number",
    "date": "the date (and time) of call",
    "incident_type": "the incident type: Primary Fire, Secondary Fire, Chimney Fire, ...",
    "motive": "the motive: Accidental, Deliberate, Doubtful or Not known",
    "la": "the local authority (district) code, e.g. E06000004",
    "ward": "the ward code, e.g. E05001549",
    "late_call": "whether the fire was a late call: Yes or No",
}

#: What the ``encoding`` option may name: ``ssp_targets.kit.read_export`` tries UTF-8, then
#: Windows-1252, which read ASCII and Latin-1's printable characters too (codec names).
READ_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "iso8859-1", "ascii")

_SIMPLE = {"path", "date_format", "encoding", "wards", "incident_types", "motives"}
KNOWN_OPTIONS = tuple(sorted(_SIMPLE | {f"{field}_column" for field in DEFAULT_COLUMNS}))


@attrs.frozen
class FireOptions:
    """The parsed ``[sources.fire]`` table.

    ``columns`` maps a field to the header set in the options (``None``: look for the
    defaults; ``""``: the export has no such column, for optional fields). ``date_format``
    is the date part of the option (the kit drops a time after the date before parsing).
    ``path`` is resolved by :func:`ssp_targets.kit.option_path` and ``encoding`` is only
    checked: the kit's reader detects UTF-8 and Windows-1252 itself.
    """

    columns: dict[str, str | None] = attrs.field(factory=dict)
    date_format: str | None = None
    wards: bool = True
    incident_types: dict[str, str] = attrs.field(factory=dict)
    motives: dict[str, str] = attrs.field(factory=dict)


def _problem(text: str) -> SourceError:
    return SourceError(f"[sources.fire] in ssp-targets.toml: {text}")


def _text_option(options: Mapping[str, Any], key: str) -> str | None:
    value = options.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _problem(f"{key} must be text (a quoted string), not {value!r}.")
    return value


def _mapping_option(
    options: Mapping[str, Any], key: str, allowed: tuple[str, ...]
) -> dict[str, str]:
    value = options.get(key, {})
    if not isinstance(value, Mapping):
        raise _problem(
            f"{key} must be a table of export value = category, e.g. "
            f'{key} = {{ "Fire - refuse" = "{allowed[0]}" }}; got {value!r}.'
        )
    result: dict[str, str] = {}
    for raw, category in value.items():
        target = norm(str(category)).replace(" ", "_")
        if target not in allowed:
            raise _problem(f"{key}: {raw!r} = {category!r} is not one of {', '.join(allowed)}.")
        result[norm(str(raw))] = target
    return result


def _date_format(options: Mapping[str, Any]) -> str | None:
    value = _text_option(options, "date_format")
    if value is None:
        return None
    date = re.sub(r"\s*T?%[HI].*$", "", value)  # configs may give the time too: it is dropped
    if "%" not in date:
        raise _problem(
            f"date_format = {value!r} must give the layout of the date, e.g. "
            '"%d/%m/%Y" (a time after the date is ignored).'
        )
    return date


def _check_encoding(options: Mapping[str, Any]) -> None:
    value = _text_option(options, "encoding")
    if value is None:
        return
    try:
        known = codecs.lookup(value).name in READ_ENCODINGS
    except LookupError:
        known = False
    if not known:
        raise _problem(
            f"encoding = {value!r}: exports are read as UTF-8 or Windows-1252 only (which is "
            'found without the option); save the export as "CSV UTF-8 (Comma delimited)" '
            "and remove the option."
        )


def parse_options(options: Mapping[str, Any]) -> FireOptions:
    """Check and parse the options table; raise :class:`SourceError` on a bad option."""
    unknown = sorted(set(options) - set(KNOWN_OPTIONS))
    if unknown:
        raise _problem(
            f"unknown option(s) {', '.join(unknown)}. Known options: {', '.join(KNOWN_OPTIONS)}."
        )
    columns = {field: _text_option(options, f"{field}_column") for field in DEFAULT_COLUMNS}
    for field in REQUIRED_FIELDS:
        if columns[field] == "":
            raise _problem(
                f"{field}_column is empty, but the export must have a column with "
                f"{FIELD_MEANING[field]}; name its header."
            )
    wards = options.get("wards", True)
    if not isinstance(wards, bool):
        raise _problem(f"wards must be true or false, not {wards!r}.")
    _check_encoding(options)
    return FireOptions(
        columns=columns,
        date_format=_date_format(options),
        wards=wards,
        incident_types=_mapping_option(options, "incident_types", INCIDENT_KINDS),
        motives=_mapping_option(options, "motives", MOTIVES),
    )
