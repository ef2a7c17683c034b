"""The ``pcc`` Source: options, the packaged samples, and the two exports put together."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ssp_targets import FetchRequest, Indicator, Source, SourceError, kit, mark_sample

from .common import NAME, Stated, stated_period
from .rj import count_referrals, read_referrals
from .survey import read_survey, weighted_percentages

OWNER = "opcc"
DESCRIPTION = (
    "Office of the Police and Crime Commissioner for Cleveland: restorative justice referrals "
    "(referral log) and weighted public confidence survey results (feeling safe, drug use or "
    "dealing a problem) by local authority and quarter."
)

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
#: The period both samples cover (scripts/make_sample.py FIRST_DAY, LAST_DAY), stated so
#: that the sparse log's first and last quarters are not flagged for want of a referral
#: on 1 April 2016 or 31 March 2020.
SAMPLE_FROM, SAMPLE_TO = pd.Timestamp("2016-04-01"), pd.Timestamp("2020-03-31")

#: What the sample mark says, by which of (rj_path, survey_path) fell back to the sample.
SAMPLE_WHAT = {
    (True, True): "the packaged synthetic RJ referral log and confidence survey, "
    "as rj_path and survey_path are not set",
    (True, False): "the packaged synthetic RJ referral log, as rj_path is not set; "
    "the survey figures are from the configured export",
    (False, True): "the packaged synthetic confidence survey, as survey_path is not set; "
    "the referral figures are from the configured log",
}

OPTIONS = (
    "rj_path",
    "rj_from",
    "rj_to",
    "survey_path",
    "survey_from",
    "survey_to",
    "safety_question",
)


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
    path = kit.option_path(request, option, NAME)
    return path or Path(str(resources.files("ssp_targets_pcc").joinpath("data", sample)))


def _stated(request: FetchRequest, prefix: str, what: str) -> Stated:
    """The period the ``prefix`` export covers: the packaged sample's, or what
    ``<prefix>_from`` / ``<prefix>_to`` state for a configured one (either may be left
    out, and its end is then inferred from the export's dates)."""
    stated = stated_period(request.options, prefix, what)
    if f"{prefix}_path" in request.options:
        return stated
    return Stated(prefix, what, SAMPLE_FROM, SAMPLE_TO)


def _marked(frame: pd.DataFrame, request: FetchRequest) -> pd.DataFrame:
    """``frame``, marked as sample data if either export fell back to the packaged
    sample: the host then heads every output using it "SYNTHETIC SAMPLE DATA"."""
    fell_back = ("rj_path" not in request.options, "survey_path" not in request.options)
    return mark_sample(frame, SAMPLE_WHAT[fell_back]) if any(fell_back) else frame


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read both exports and return the three indicators for the asked-for quarters.

    Options (``[sources.pcc]``): ``rj_path`` (the referral log CSV), ``survey_path``
    (the survey CSV), both relative to ``request.base`` and defaulting to the packaged
    synthetic samples; ``rj_from`` / ``rj_to`` and ``survey_from`` / ``survey_to`` (ISO
    dates), the first and last day each configured export covers, inferred from its
    first and last dates when left out; and ``safety_question`` (``"night"``, ``"day"``
    or ``"both"``, for a survey with separate day and after-dark questions). Every local
    authority in the exports is returned, Stockton's among them. A frame that includes
    either sample (even with no rows for the quarters asked) is returned through
    ``mark_sample``.
    """
    _check_options(request.options)
    safety = request.options.get("safety_question")
    rj_period = _stated(request, "rj", "referral log")
    survey_period = _stated(request, "survey", "survey export")
    referrals = read_referrals(_export(request, "rj_path", SAMPLE_RJ), rj_period)
    respondents = read_survey(
        _export(request, "survey_path", SAMPLE_SURVEY),
        survey_period,
        safety=None if safety is None else str(safety),
    )
    parts = [
        count_referrals(referrals, request.quarters, rj_period),
        weighted_percentages(respondents, request.quarters, survey_period),
    ]
    filled = [part for part in parts if not part.empty]
    if not filled:
        return _marked(pd.DataFrame(columns=kit.OBSERVATION_COLUMNS), request)
    return _marked(
        pd.concat(filled, ignore_index=True).reindex(columns=kit.OBSERVATION_COLUMNS), request
    )


SOURCE = Source(NAME, OWNER, INDICATORS, fetch, DESCRIPTION)
