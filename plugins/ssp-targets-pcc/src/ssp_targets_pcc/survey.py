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

from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.hookspecs import SourceError
from ssp_targets.periods import ordinal_labels

from .common import (
    AREA_HELP,
    Problems,
    Stated,
    area_codes,
    coverage,
    financial_quarters,
    find_column,
    flag_outside,
    flag_repeats,
    missing_column,
    normalise_series,
    parse_dates,
    partial_quarters,
    read_export,
)

WHAT = "public confidence survey export"
SAFE = "pcc:feeling_safe"
DRUGS = "pcc:drug_dealing_problem"

DATE_COLUMNS = ["Interview Date", "Date of Interview", "Interview Dt"]
AREA_COLUMNS = ["Local Authority", "Local Authority Code", "Local Authority Name", "LA"]
WEIGHT_COLUMNS = ["Weight", "Wt", "Survey Weight", "Weighting"]
ID_COLUMNS = ["Respondent ID", "Respondent", "Serial", "Respondent Serial"]
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

SAFETY_CHOICES = ("night", "day", "both")

LABELS = {
    SAFE: '"Very safe / Fairly safe / A bit unsafe / Very unsafe / Don\'t know"',
    DRUGS: (
        '"Very big problem / Fairly big problem / Not a very big problem / '
        "Not a problem at all / Don't know\""
    ),
}


def _answers(
    frame: pd.DataFrame,
    lines: pd.Series,
    column: str,
    scale: dict[str, bool],
    labels: str,
    problems: Problems,
) -> tuple[pd.Series, pd.Series]:
    """(yes, valid) masks for one question's column, flagging answers off the scale."""
    text = frame[column].str.strip()
    norm = normalise_series(text)
    known = norm.isin(list(scale)) | norm.isin(NO_ANSWER)
    problems.flag(lines, text, ~known, column, f"{{value}} is not one of the answers {labels}")
    yes = norm.map(scale).eq(True)
    valid = norm.isin(list(scale))
    return yes, valid


def _safety_columns(path: Path, frame: pd.DataFrame, choice: str | None) -> list[str]:
    """The safety column(s) to read: the single question if there is one and no
    ``choice``, else the day and/or after-dark questions ``choice`` names (night by
    default)."""
    if choice is None:
        one = find_column(frame, SAFE_ONE_COLUMNS, contains=SAFE_ONE_TEXT)
        if one is not None:
            return [one]
        choice = "night"
        if find_column(frame, SAFE_NIGHT_COLUMNS) is None:
            raise missing_column(path, WHAT, frame, SAFE_ONE_COLUMNS + SAFE_NIGHT_COLUMNS)
    wanted = {"day": [SAFE_DAY_COLUMNS], "night": [SAFE_NIGHT_COLUMNS]}.get(
        choice, [SAFE_DAY_COLUMNS, SAFE_NIGHT_COLUMNS]
    )
    columns = []
    for aliases in wanted:
        column = find_column(frame, aliases)
        if column is None:
            raise missing_column(path, WHAT, frame, aliases)
        columns.append(column)
    return columns


def read_survey(path: Path, stated: Stated, safety: str | None = None) -> pd.DataFrame:
    """Read the survey export; return one row per respondent with ``area`` (ONS code),
    ``date`` (of interview), ``quarter`` (financial-quarter ordinal), ``weight`` and, per
    indicator, ``<key>_yes`` and ``<key>_valid`` (booleans) for
    :func:`weighted_percentages`.

    ``safety`` chooses the feelings-of-safety question when the export has day and night
    questions: ``"night"`` (the default when there is no single safety question),
    ``"day"``, or ``"both"`` (safe only if very or fairly safe by day and after dark;
    answered only if both are answered). Raises :class:`SourceError` for a missing file
    or column, and once for every bad cell (an interview date outside the ``stated``
    period among them), naming the line and column of each.
    """
    if safety is not None and safety not in SAFETY_CHOICES:
        raise SourceError(
            f"[sources.pcc] safety_question = {safety!r} is not one of "
            f"{', '.join(repr(c) for c in SAFETY_CHOICES)}; choose which feelings-of-safety "
            "question counts (leave it out to use the single question, else after dark)."
        )
    frame, lines = read_export(path, WHAT)
    needed = {}
    for name, aliases in (
        ("date", DATE_COLUMNS),
        ("area", AREA_COLUMNS),
        ("weight", WEIGHT_COLUMNS),
    ):
        column = find_column(frame, aliases)
        if column is None:
            raise missing_column(path, WHAT, frame, aliases)
        needed[name] = column
    safety_columns = _safety_columns(path, frame, safety)
    drug_col = find_column(frame, DRUG_COLUMNS, contains=DRUG_TEXT)
    if drug_col is None:
        raise missing_column(path, WHAT, frame, [*DRUG_COLUMNS, f"...{DRUG_TEXT}..."])
    id_col = find_column(frame, ID_COLUMNS)

    problems = Problems(path, WHAT)
    date_text = frame[needed["date"]].str.strip()
    dates = parse_dates(date_text)
    problems.flag(
        lines,
        date_text,
        dates.isna(),
        needed["date"],
        "{value} is not a date written dd/mm/yyyy (or yyyy-mm-dd)",
    )
    outside = flag_outside(problems, lines, date_text, dates, stated, needed["date"])
    area_text = frame[needed["area"]].str.strip()
    areas = area_codes(area_text)
    problems.flag(
        lines, area_text, areas.isna(), needed["area"], f"{{value}} is not one of {AREA_HELP}"
    )
    weight_text = frame[needed["weight"]].str.strip()
    weights = pd.to_numeric(weight_text, errors="coerce")
    problems.flag(
        lines,
        weight_text,
        weights.isna() | ~np.isfinite(weights) | (weights < 0),
        needed["weight"],
        "{value} is not a weight (a number, 0 or more)",
    )
    safe_yes = pd.Series(True, index=frame.index)
    safe_valid = pd.Series(True, index=frame.index)
    for column in safety_columns:
        yes, valid = _answers(frame, lines, column, SAFE_ANSWERS, LABELS[SAFE], problems)
        safe_yes &= yes
        safe_valid &= valid
    drug_yes, drug_valid = _answers(frame, lines, drug_col, DRUG_ANSWERS, LABELS[DRUGS], problems)
    if id_col is not None:
        flag_repeats(problems, lines, frame[id_col].str.strip(), id_col, "respondent")
    fix = "Correct these cells in the export (or export the survey again) and fetch again."
    problems.raise_if_any(f"{fix} {outside}".strip())
    return pd.DataFrame(
        {
            "area": areas,
            "date": dates,
            "quarter": financial_quarters(dates),
            "weight": weights.astype(float),
            f"{SAFE}_yes": safe_yes & safe_valid,
            f"{SAFE}_valid": safe_valid,
            f"{DRUGS}_yes": drug_yes,
            f"{DRUGS}_valid": drug_valid,
        }
    )


def weighted_percentages(
    respondents: pd.DataFrame, quarters: np.ndarray, stated: Stated
) -> pd.DataFrame:
    """Weighted percentages per indicator, local authority and asked-for quarter
    (``quarters``, ordinals), with the weighted numerator and denominator as they are
    (not rounded) and the unweighted base in the note. Quarters with no valid answer
    (or a weighted base of 0) give no row.

    A quarter the export's span cuts (it starts after the quarter's first day or ends
    before its last) is flagged provisional, its note saying to or from which date it
    holds interviews: the wave may still be in the field, so its base will grow and its
    weights may be revised. The span is the ``stated`` period, an end not stated falling
    back to the export's first or last interview date (any authority).
    """
    columns = ["indicator", "area", "period", "value", "numerator", "denominator", "flag", "note"]
    partial = partial_quarters(coverage(respondents["date"], stated), "interviews", "export")
    rows = respondents[np.isin(respondents["quarter"].to_numpy(), quarters)]
    parts = []
    for key in (SAFE, DRUGS):
        yes, valid = rows[f"{key}_yes"], rows[f"{key}_valid"]
        sums = (
            pd.DataFrame(
                {
                    "area": rows["area"],
                    "quarter": rows["quarter"],
                    "numerator": rows["weight"].where(yes, 0.0),
                    "denominator": rows["weight"].where(valid, 0.0),
                    "base": valid.astype(int),
                }
            )
            .groupby(["area", "quarter"], sort=True)
            .sum()
            .reset_index()
        )
        sums = sums[sums["denominator"] > 0]
        cut = sums["quarter"].map(partial).astype(object)  # object: NaN + text stays NaN
        base = "weighted; unweighted base " + sums["base"].astype(str)
        parts.append(
            pd.DataFrame(
                {
                    "indicator": key,
                    "area": sums["area"].astype(str),
                    "period": ordinal_labels(sums["quarter"].to_numpy()),
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
