"""The ``pcc`` Source: options, the packaged samples, and the two exports put together."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ssp_targets.hookspecs import FetchRequest, Indicator, Source, SourceError
from ssp_targets.periods import parse_quarter

from .common import resolve
from .rj import count_referrals, read_referrals
from .survey import read_survey, weighted_percentages

NAME = "pcc"
OWNER = "opcc"

INDICATORS = {
    "pcc:rj_referrals": Indicator("Restorative justice referrals received", "count"),
    "pcc:feeling_safe": Indicator("Residents feeling safe (weighted %)", "percent"),
    "pcc:drug_dealing_problem": Indicator(
        "Residents who think drug use or dealing is a problem (weighted %)", "percent"
    ),
}

#: The packaged synthetic samples, used when an option is not given.
SAMPLE_RJ = "rj_referrals.csv"
SAMPLE_SURVEY = "confidence_survey.csv"

OPTIONS = ("rj_path", "survey_path", "safety_question")

COLUMNS = ["indicator", "area", "period", "value", "numerator", "denominator", "note"]


def _check_options(options: Mapping[str, Any]) -> None:
    unknown = sorted(str(k) for k in options if k not in OPTIONS)
    if unknown:
        hint = (
            " The PCC source reads two exports, so it takes rj_path and survey_path, not path."
            if "path" in unknown
            else ""
        )
        raise SourceError(
            f"[sources.pcc] has unknown option(s) {', '.join(unknown)}; the options are "
            f"{', '.join(OPTIONS)}.{hint}"
        )


def _export(request: FetchRequest, option: str, sample: str) -> Path:
    """The path an option names, or the packaged sample when it is not given."""
    if option in request.options:
        return resolve(request.options[option], request.base, option)
    return Path(str(resources.files("ssp_targets_pcc").joinpath("data", sample)))


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read both exports and return the three indicators for the asked-for quarters.

    Options (``[sources.pcc]``): ``rj_path`` (the referral log CSV), ``survey_path``
    (the survey CSV), both relative to ``request.base`` and defaulting to the packaged
    synthetic samples, and ``safety_question`` (``"night"``, ``"day"`` or ``"both"``,
    for a survey with separate day and after-dark questions). Every local authority in
    the exports is returned, Stockton's among them.
    """
    _check_options(request.options)
    quarters = pd.Index([parse_quarter(q).ordinal for q in request.quarters], dtype="int64")
    safety = request.options.get("safety_question")
    referrals = read_referrals(_export(request, "rj_path", SAMPLE_RJ))
    respondents = read_survey(
        _export(request, "survey_path", SAMPLE_SURVEY),
        safety=None if safety is None else str(safety),
    )
    parts = [
        count_referrals(referrals, quarters.to_numpy()),
        weighted_percentages(respondents, quarters.to_numpy()),
    ]
    filled = [part for part in parts if not part.empty]
    if not filled:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(filled, ignore_index=True).reindex(columns=COLUMNS)


SOURCE = Source(
    name=NAME,
    owner=OWNER,
    indicators=INDICATORS,
    fetch=fetch,
    description=(
        "Office of the Police and Crime Commissioner for Cleveland: restorative justice "
        "referrals (referral log) and weighted public confidence survey results "
        "(feeling safe, drug use or dealing a problem) by local authority and quarter."
    ),
)
