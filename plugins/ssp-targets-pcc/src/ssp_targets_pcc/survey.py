"""The PCC's public confidence survey: one row per respondent, with a survey weight.

Columns used: ``Interview Date`` (dd/mm/yyyy or yyyy-mm-dd), ``Local Authority`` (a
Cleveland district's name or ONS code), ``Weight`` (a number, 0 or more), the
feelings-of-safety question (``Q_SAFE_DAY`` and ``Q_SAFE_NIGHT``, or one question such as
``Q_SAFE``) and the drug question (``Q_DRUGS``, or a header holding "using or dealing
drugs"). ``Respondent ID``, if present, must not repeat.

Each indicator is a weighted percentage: numerator = the sum of the weights of
respondents giving a "yes" answer (very or fairly safe; a very or fairly big problem),
denominator = the sum of the weights of respondents giving any valid answer ("Don't
know", "Refused" and blank are left out of both), value = 100 x numerator / denominator.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets import SourceError, kit

from .common import (
    AREA_COLUMNS,
    NAME,
    Stated,
    dated_rows,
    matched_columns,
    partial_notes,
    with_phrase,
)

WHAT = "public confidence survey export"
SAFE = "pcc:feeling_safe"
DRUGS = "pcc:drug_dealing_problem"

COLUMNS = {
    "date": ["Interview Date", "Date of Interview", "Interview Dt"],
    "area": AREA_COLUMNS,
    "weight": ["Weight", "Wt", "Survey Weight", "Weighting"],
    "id": ["Respondent ID", "Respondent", "Serial", "Respondent Serial"],
}
SAFE_ONE_COLUMNS = ["Q_SAFE", "Feeling Safe", "Feelings of Safety"]
SAFE_ONE_TEXT = "how safe do you feel"
SAFE_DAY_COLUMNS = ["Q_SAFE_DAY", "Safe Day", "Safe During the Day"]
SAFE_NIGHT_COLUMNS = ["Q_SAFE_NIGHT", "Q_SAFE_DARK", "Safe Night", "Safe After Dark"]
DRUG_COLUMNS = ["Q_DRUGS", "Q_DRUG_DEALING", "Q_DRUGS_PROBLEM", "Drug Dealing"]
DRUG_TEXT = "using or dealing drugs"

#: Normalised answer -> True (counts in the numerator) or False (base only).
SAFE_ANSWERS = {
    "very safe": True,
    "fairly safe": True,
    "a bit unsafe": False,
    "very unsafe": False,
}
DRUG_ANSWERS = {
    "very big problem": True,
    "fairly big problem": True,
    "not a very big problem": False,
    "not a problem at all": False,
}
#: Answers left out of numerator and denominator (a blank cell too).
NO_ANSWER = ("don't know", "dont know", "refused", "not asked", "")

#: The safety question(s) each ``safety_question`` reads.
SAFETY_CHOICES = {
    "night": ("safe_night",),
    "day": ("safe_day",),
    "both": ("safe_day", "safe_night"),
}

LABELS = {
    SAFE: '"Very safe / Fairly safe / A bit unsafe / Very unsafe / Don\'t know"',
    DRUGS: (
        '"Very big problem / Fairly big problem / Not a very big problem / '
        "Not a problem at all / Don't know\""
    ),
}


def _normalise(values: pd.Series) -> pd.Series:
    """A survey answer as matched: lower case, ``&`` as "and", curly apostrophes
    straight, every other run of punctuation or space as one space (``"Don’t  know"``
    is ``"don't know"``)."""
    text = values.str.lower()
    text = text.str.replace("&", " and ", regex=False)
    text = text.str.replace("[\u2018\u2019]", "'", regex=True)
    return text.str.replace(r"[^a-z0-9']+", " ", regex=True).str.strip()


def _answers(
    frame: pd.DataFrame,
    column: str,
    scale: dict[str, bool],
    labels: str,
    problems: kit.Problems,
) -> tuple[pd.Series, pd.Series]:
    """(yes, valid) masks for one question's column, flagging answers off the scale."""
    norm = _normalise(frame[column])
    valid = norm.isin(list(scale))
    problems.flag(
        frame, ~(valid | norm.isin(NO_ANSWER)), column, f"is not one of the answers {labels}"
    )
    return norm.map(scale).eq(True), valid


def _questions(frame: pd.DataFrame, origin: str, safety: str | None) -> dict[str, list[str]]:
    """The question columns to find: the drug question, and the safety question(s):
    the single one if the export has it and ``safety`` is not set, else the day and/or
    after-dark ones ``safety`` names (after dark by default)."""
    questions = {"drugs": with_phrase(frame, DRUG_COLUMNS, DRUG_TEXT)}
    one = with_phrase(frame, SAFE_ONE_COLUMNS, SAFE_ONE_TEXT)
    aliases = {"safe_day": SAFE_DAY_COLUMNS, "safe_night": SAFE_NIGHT_COLUMNS}
    if safety is not None:
        return questions | {key: aliases[key] for key in SAFETY_CHOICES[safety]}
    if "safe" in matched_columns(frame, {"safe": one}, origin, optional={"safe"}):
        return questions | {"safe": one}
    # neither: after dark, and a message for its absence offers the single question too
    return questions | {"safe_night": [*SAFE_NIGHT_COLUMNS, *one]}


def read_survey(path: Path, stated: Stated, safety: str | None = None) -> pd.DataFrame:
    """Read the survey export; return one row per respondent with ``area`` (ONS code),
    ``date`` (of interview), ``period`` (financial quarter), ``weight`` and, per
    indicator, ``<key>_yes`` and ``<key>_valid`` (booleans) for
    :func:`weighted_percentages`.

    ``safety`` chooses the feelings-of-safety question when the export has day and night
    questions: ``"night"`` (the default when there is no single safety question),
    ``"day"``, or ``"both"`` (safe only if very or fairly safe by day and after dark;
    answered only if both are answered). Raises :class:`~ssp_targets.SourceError` for a
    missing file or column, and once for every bad cell (an interview date outside the
    ``stated`` period among them), naming the line and column of each.
    """
    if safety is not None and safety not in SAFETY_CHOICES:
        raise SourceError(
            f"[sources.pcc] safety_question = {safety!r} is not one of "
            f"{', '.join(repr(c) for c in SAFETY_CHOICES)}; choose which feelings-of-safety "
            "question counts (leave it out to use the single question, else after dark)."
        )
    raw = kit.read_export(path, WHAT, NAME)
    origin = str(path)
    frame = matched_columns(raw, COLUMNS | _questions(raw, origin, safety), origin, {"id"})
    problems = kit.Problems(path, WHAT)
    respondents = dated_rows(frame, problems, stated)
    weights = pd.to_numeric(frame["weight"], errors="coerce")
    problems.flag(
        frame,
        weights.isna() | ~np.isfinite(weights) | (weights < 0),
        "weight",
        "is not a weight (a number, 0 or more)",
    )
    safe_yes = pd.Series(True, index=frame.index)
    safe_valid = pd.Series(True, index=frame.index)
    for key in ("safe", "safe_day", "safe_night"):
        if key in frame:
            yes, valid = _answers(frame, key, SAFE_ANSWERS, LABELS[SAFE], problems)
            safe_yes &= yes
            safe_valid &= valid
    drug_yes, drug_valid = _answers(frame, "drugs", DRUG_ANSWERS, LABELS[DRUGS], problems)
    problems.raise_if_any(
        "Correct these cells in the export (or export the survey again) and fetch again."
    )
    return respondents.assign(
        weight=weights.astype(float),
        **{
            f"{SAFE}_yes": safe_yes & safe_valid,
            f"{SAFE}_valid": safe_valid,
            f"{DRUGS}_yes": drug_yes,
            f"{DRUGS}_valid": drug_valid,
        },
    )


def weighted_percentages(
    respondents: pd.DataFrame, quarters: Sequence[str], stated: Stated
) -> pd.DataFrame:
    """Weighted percentages per indicator, local authority and asked-for quarter
    (``quarters``, labels), with the weighted numerator and denominator as they are
    (not rounded) and the unweighted base in the note. Quarters with no valid answer
    (or a weighted base of 0) give no row.

    A quarter the export's span cuts (it starts after the quarter's first day or ends
    before its last) is flagged provisional, its note saying to or from which date it
    holds interviews: the wave may still be in the field, so its base will grow and its
    weights may be revised. The span is the ``stated`` period, an end not stated falling
    back to the export's first or last interview date (any authority).
    """
    columns = kit.OBSERVATION_COLUMNS
    partial = partial_notes(respondents["date"], stated, "interviews")
    rows = respondents[respondents["period"].isin(quarters)]
    parts = []
    for key in (SAFE, DRUGS):
        yes, valid = rows[f"{key}_yes"], rows[f"{key}_valid"]
        sums = (
            pd.DataFrame(
                {
                    "area": rows["area"],
                    "period": rows["period"],
                    "numerator": rows["weight"].where(yes, 0.0),
                    "denominator": rows["weight"].where(valid, 0.0),
                    "base": valid.astype(int),
                }
            )
            .groupby(["area", "period"], sort=True)
            .sum()
            .reset_index()
        )
        sums = sums[sums["denominator"] > 0]
        cut = sums["period"].map(partial).astype(object)  # object: NaN + text stays NaN
        base = "weighted; unweighted base " + sums["base"].astype(str)
        parts.append(
            pd.DataFrame(
                {
                    "indicator": key,
                    "area": sums["area"].astype(str),
                    "period": sums["period"],
                    "value": 100.0 * sums["numerator"] / sums["denominator"],
                    "numerator": sums["numerator"].astype(float),
                    "denominator": sums["denominator"].astype(float),
                    "flag": cut.mask(cut.notna(), "provisional"),
                    "note": (cut + "; " + base).fillna(base),
                },
                columns=columns,
            )
        )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
