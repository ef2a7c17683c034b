"""The ``public-health`` Source: options, the packaged sample and ``fetch``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

import pandas as pd

from ssp_targets import FetchRequest, Indicator, Source, SourceError, kit, mark_sample

from .read import Selection, read_fingertips

NAME = "public-health"
OWNER = "public-health"
DESCRIPTION = (
    "OHID Fingertips data CSV: successful completions of drug (opiate, non-opiate) and "
    "alcohol treatment, for the area, its comparators and England"
)

OPIATE = f"{NAME}:opiate_successful_completions"
NON_OPIATE = f"{NAME}:non_opiate_successful_completions"
ALCOHOL = f"{NAME}:alcohol_successful_completions"

INDICATORS: dict[str, Indicator] = {
    OPIATE: Indicator("Successful completion of drug treatment: opiate users", unit="percent"),
    NON_OPIATE: Indicator(
        "Successful completion of drug treatment: non-opiate users", unit="percent"
    ),
    ALCOHOL: Indicator("Successful completion of alcohol treatment", unit="percent"),
}

#: Fingertips indicator IDs. 90245 is verified; 90244 and 92447 are from memory and
#: unverified (override them with the ``indicator_ids`` option).
DEFAULT_INDICATOR_IDS: dict[str, int] = {OPIATE: 90244, NON_OPIATE: 90245, ALCOHOL: 92447}
UNVERIFIED_IDS = frozenset({90244, 92447})

#: Stockton-on-Tees' Tees Valley neighbours: Hartlepool, Middlesbrough, Redcar and
#: Cleveland, Darlington.
DEFAULT_COMPARATORS = ("E06000001", "E06000002", "E06000003", "E06000005")
ENGLAND = "E92000001"

#: The packaged synthetic export, read when no ``path`` is given.
SAMPLE = "fingertips-treatment-completions.csv"
#: What the frame served from it is marked as (see ``ssp_targets.mark_sample``).
SAMPLE_WHAT = f"the public-health plugin's packaged synthetic Fingertips export, {SAMPLE}"

OPTIONS = ("path", "indicator_ids", "comparators", "age")
_AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")
_WHERE = f"[sources.{NAME}] in ssp-targets.toml"


def _indicator_ids(value: Any) -> dict[str, int]:
    """The defaults, overridden key by key by the ``indicator_ids`` option."""
    if not isinstance(value, Mapping):
        raise SourceError(
            f"{_WHERE}: indicator_ids must be a table such as "
            f'indicator_ids = {{ "{OPIATE}" = 90244 }}, not {value!r}.'
        )
    ids = dict(DEFAULT_INDICATOR_IDS)
    for key, fid in value.items():
        if key not in INDICATORS:
            raise SourceError(
                f"{_WHERE}: indicator_ids names {key!r}, which is not an indicator of this "
                f"source; use one of {', '.join(INDICATORS)}."
            )
        if isinstance(fid, str) and fid.strip().isdigit():
            fid = int(fid)
        if isinstance(fid, bool) or not isinstance(fid, int) or fid <= 0:
            raise SourceError(
                f"{_WHERE}: indicator_ids gives {key!r} the ID {fid!r}; a Fingertips "
                "indicator ID is a positive whole number (e.g. 90245)."
            )
        ids[key] = fid
    shared = sorted({fid for fid in ids.values() if list(ids.values()).count(fid) > 1})
    if shared:
        raise SourceError(
            f"{_WHERE}: indicator_ids maps more than one indicator to the Fingertips ID(s) "
            f"{', '.join(map(str, shared))} (with the defaults "
            f"{', '.join(f'{k} = {v}' for k, v in DEFAULT_INDICATOR_IDS.items())}); give "
            "each indicator its own ID."
        )
    return ids


def _areas(area: str, value: Any) -> frozenset[str]:
    """The request's area, the comparators and England: all ONS codes, so no row the
    plugin keeps has an area the core would refuse."""
    if not isinstance(area, str) or not _AREA_CODE.match(area):
        raise SourceError(
            f"the plan's area {area!r} is not an ONS area code (a letter and eight digits, "
            "e.g. E06000004 for Stockton-on-Tees), so no Fingertips row can be matched to it; "
            "correct the area code in the plan file."
        )
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SourceError(
            f'{_WHERE}: comparators must be a list of area codes, e.g. ["E06000001"], '
            f"not {value!r}."
        )
    bad = [code for code in value if not isinstance(code, str) or not _AREA_CODE.match(code)]
    if bad:
        raise SourceError(
            f"{_WHERE}: comparators has {', '.join(map(repr, bad))}, which is not an ONS "
            "area code (a letter and eight digits, e.g. E06000001 for Hartlepool)."
        )
    return frozenset({area, ENGLAND, *value})


def selection(request: FetchRequest) -> Selection:
    """Turn the request's options into the rows to keep; refuse unknown options."""
    unknown = sorted(set(request.options) - set(OPTIONS))
    if unknown:
        raise SourceError(
            f"{_WHERE}: unknown option(s) {', '.join(unknown)}; the options are "
            f"{', '.join(OPTIONS)}."
        )
    age = request.options.get("age")
    if age is not None and not isinstance(age, str):
        raise SourceError(f'{_WHERE}: age must be text such as age = "18+ yrs", not {age!r}.')
    return Selection(
        indicator_ids=_indicator_ids(request.options.get("indicator_ids", {})),
        areas=_areas(request.area, request.options.get("comparators", list(DEFAULT_COMPARATORS))),
        age=age,
    )


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the Fingertips export (``path`` option, else the packaged sample) and return
    the observations for the request's quarters: the area, its comparators and England.

    The packaged sample's frame is marked with ``mark_sample``, so every output says it is
    synthetic; a configured export's never is (whatever the file holds).
    """
    rows = selection(request)
    path = kit.option_path(request, "path", NAME)
    if path is None:
        with resources.as_file(resources.files(__package__) / "data" / SAMPLE) as sample:
            frame = read_fingertips(sample, rows)
    else:
        frame = read_fingertips(path, rows)
    frame = frame.loc[frame["period"].isin(request.quarters)]
    frame = frame.sort_values(["indicator", "area", "period"]).reset_index(drop=True)
    return mark_sample(frame, SAMPLE_WHAT) if path is None else frame


SOURCE = Source(NAME, OWNER, INDICATORS, fetch, DESCRIPTION)
