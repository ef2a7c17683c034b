"""Weighted survey percentages, on a tiny hand-worked survey."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import TINY_RJ
from ssp_targets_pcc import SOURCE

from ssp_targets.testing import check_source

SAFE = "pcc:feeling_safe"
DRUGS = "pcc:drug_dealing_problem"
Q1, Q2 = "2018/19 Q1", "2018/19 Q2"

# Stockton 2018/19 Q1: respondents 1-4 and 7 (7 answered nothing); Q2: respondent 5;
# Hartlepool Q1: respondent 6.
SURVEY = """Respondent ID,Interview Date,Local Authority,Weight,Q_SAFE_DAY,Q_SAFE_NIGHT,Q_DRUGS
1,15/04/2018,Stockton-on-Tees,1.5,Very safe,Very safe,Very big problem
2,2018-05-02,E06000004,0.7,A bit unsafe,Fairly safe,Not a problem at all
3,20/06/2018,Stockton-on-Tees,2.0,Fairly safe,A bit unsafe,Don't know
4,30/06/2018,Stockton-on-Tees,1.25,Very safe,Don't know,Fairly big problem
5,01/07/2018,Stockton-on-Tees,0.8,Fairly safe,Very unsafe,Not a very big problem
6,10/04/2018,Hartlepool,1.2,Very safe,Very safe,Not a problem at all
7,11/04/2018,Stockton-on-Tees,3.0,,,
"""


def test_feeling_safe_after_dark_is_the_weighted_share_of_valid_answers(
    fetch_files, row_of
) -> None:
    # very or fairly safe: 1.5 + 0.7 = 2.2; valid answers: 1.5 + 0.7 + 2.0 = 4.2
    # (respondent 4 said Don't know, respondent 7 nothing: both left out)
    row = row_of(fetch_files(survey=SURVEY, quarters=[Q1, Q2]), SAFE, "E06000004", Q1)
    assert row["numerator"] == pytest.approx(2.2, abs=1e-12)
    assert row["denominator"] == pytest.approx(4.2, abs=1e-12)
    assert row["value"] == pytest.approx(100 * 2.2 / 4.2, abs=1e-9)  # 52.380952...
    # the export starts on 10/04/2018 (respondent 6), so 2018/19 Q1 is cut: see below
    assert row["note"] == (
        "interviews from 10 April 2018 only: the export starts there; weighted; unweighted base 3"
    )


def test_drug_problem_is_the_weighted_share_saying_very_or_fairly_big(fetch_files, row_of) -> None:
    # very or fairly big problem: 1.5 + 1.25 = 2.75; valid: 1.5 + 0.7 + 1.25 = 3.45
    row = row_of(fetch_files(survey=SURVEY, quarters=[Q1, Q2]), DRUGS, "E06000004", Q1)
    assert row["numerator"] == pytest.approx(2.75, abs=1e-12)
    assert row["denominator"] == pytest.approx(3.45, abs=1e-12)
    assert row["value"] == pytest.approx(100 * 2.75 / 3.45, abs=1e-9)  # 79.710144...


def test_quarters_and_authorities_are_kept_apart(fetch_files, row_of) -> None:
    frame = fetch_files(survey=SURVEY, quarters=[Q1, Q2])
    q2 = row_of(frame, SAFE, "E06000004", Q2)
    assert (q2["value"], q2["numerator"], q2["denominator"]) == (0.0, 0.0, pytest.approx(0.8))
    hartlepool = row_of(frame, SAFE, "E06000001", Q1)
    assert (hartlepool["value"], hartlepool["denominator"]) == (100.0, pytest.approx(1.2))
    assert row_of(frame, DRUGS, "E06000001", Q1)["value"] == 0.0


def test_day_question_when_asked_for(fetch_files, row_of) -> None:
    # safe by day: 1.5 + 2.0 + 1.25 = 4.75 of 1.5 + 0.7 + 2.0 + 1.25 = 5.45
    frame = fetch_files(survey=SURVEY, quarters=[Q1], safety_question="day")
    row = row_of(frame, SAFE, "E06000004", Q1)
    assert row["numerator"] == pytest.approx(4.75, abs=1e-12)
    assert row["denominator"] == pytest.approx(5.45, abs=1e-12)


def test_both_questions_count_only_those_safe_by_day_and_after_dark(fetch_files, row_of) -> None:
    # safe both: respondent 1 (1.5); answered both: 1, 2, 3 (1.5 + 0.7 + 2.0 = 4.2)
    frame = fetch_files(survey=SURVEY, quarters=[Q1], safety_question="both")
    row = row_of(frame, SAFE, "E06000004", Q1)
    assert row["numerator"] == pytest.approx(1.5, abs=1e-12)
    assert row["denominator"] == pytest.approx(4.2, abs=1e-12)


def test_single_question_with_the_question_as_header(fetch_files, row_of) -> None:
    survey = (
        "Respondent ID,Interview Date,Local Authority,Weight,"
        "How safe do you feel in your local area?,"
        "How much of a problem are people using or dealing drugs in your area?\n"
        "1,01/04/2018,Stockton-on-Tees,0.5,very safe,Fairly big problem\n"
        "2,02/04/2018,Stockton-on-Tees,1.5,Very unsafe,Don\u2019t know\n"
        "3,03/04/2018,Stockton-on-Tees,1.0,Don\u2019t know,not a problem at all\n"
    )
    frame = fetch_files(survey=survey, quarters=[Q1])
    safe = row_of(frame, SAFE, "E06000004", Q1)
    assert (safe["numerator"], safe["denominator"]) == (0.5, 2.0)
    assert safe["value"] == 25.0
    drugs = row_of(frame, DRUGS, "E06000004", Q1)
    assert (drugs["numerator"], drugs["denominator"], drugs["value"]) == (0.5, 1.5, 100 / 3)


def test_a_quarter_where_nobody_answered_gives_no_row(fetch_files) -> None:
    survey = (
        "Interview Date,Local Authority,Weight,Q_SAFE_NIGHT,Q_DRUGS\n"
        "01/04/2018,Stockton-on-Tees,1.0,Don't know,Refused\n"
    )
    frame = fetch_files(survey=survey, quarters=[Q1])
    assert frame[frame["indicator"] != "pcc:rj_referrals"].empty


# -- quarters the export covers only in part ----------------------------------------------


def notes_of(frame) -> dict[tuple[str, str, str], tuple[object, str]]:
    """(indicator, area, period) -> (flag, note) of the survey rows."""
    survey = frame[frame["indicator"] != "pcc:rj_referrals"]
    return {
        (i, a, p): (f, n)
        for i, a, p, f, n in zip(
            survey["indicator"],
            survey["area"],
            survey["period"],
            survey["flag"],
            survey["note"],
            strict=True,
        )
    }


def test_quarters_the_export_s_dates_cut_are_provisional(fetch_files) -> None:
    # SURVEY runs from 10/04/2018 (respondent 6) to 01/07/2018 (respondent 5): 2018/19 Q1
    # lacks 1-9 April and Q2 everything after 1 July, for every authority and indicator.
    # Unweighted bases: Stockton Q1 safe 1, 2, 3 and drugs 1, 2, 4; Q2 respondent 5;
    # Hartlepool Q1 respondent 6.
    start = "interviews from 10 April 2018 only: the export starts there; weighted; "
    end = "interviews to 1 July 2018 only: the export ends there; weighted; "
    assert notes_of(fetch_files(survey=SURVEY, quarters=[Q1, Q2])) == {
        (SAFE, "E06000004", Q1): ("provisional", start + "unweighted base 3"),
        (DRUGS, "E06000004", Q1): ("provisional", start + "unweighted base 3"),
        (SAFE, "E06000001", Q1): ("provisional", start + "unweighted base 1"),
        (DRUGS, "E06000001", Q1): ("provisional", start + "unweighted base 1"),
        (SAFE, "E06000004", Q2): ("provisional", end + "unweighted base 1"),
        (DRUGS, "E06000004", Q2): ("provisional", end + "unweighted base 1"),
    }


def test_an_export_of_whole_quarters_flags_nothing(fetch_files, row_of) -> None:
    survey = (
        "Interview Date,Local Authority,Weight,Q_SAFE_NIGHT,Q_DRUGS\n"
        "01/04/2018,Stockton-on-Tees,1.0,Very safe,Very big problem\n"
        "30/06/2018,Stockton-on-Tees,1.0,Very unsafe,Don't know\n"
    )
    frame = fetch_files(survey=survey, quarters=[Q1])
    safe = row_of(frame, SAFE, "E06000004", Q1)
    assert pd.isna(safe["flag"])
    assert safe["note"] == "weighted; unweighted base 2"
    assert row_of(frame, DRUGS, "E06000004", Q1)["note"] == "weighted; unweighted base 1"


def test_a_stated_period_replaces_the_first_and_last_interview_dates(fetch_files) -> None:
    # SURVEY's interviews run 10/04/2018 to 01/07/2018 (both quarters flagged above); it
    # is stated to cover 2018/19 Q1 and Q2 whole, so neither is flagged.
    frame = fetch_files(
        survey=SURVEY, quarters=[Q1, Q2], survey_from="2018-04-01", survey_to="2018-09-30"
    )
    got = notes_of(frame)
    assert len(got) == 6
    assert all(pd.isna(flag) for flag, _ in got.values())
    assert got[(SAFE, "E06000004", Q1)][1] == "weighted; unweighted base 3"
    assert got[(DRUGS, "E06000004", Q2)][1] == "weighted; unweighted base 1"


def test_a_stated_end_cuts_its_quarter_at_that_day(fetch_files) -> None:
    # stated to end 15/07/2018 (its last interview is 01/07/2018); the start is inferred
    frame = fetch_files(survey=SURVEY, quarters=[Q1, Q2], survey_to="2018-07-15")
    got = notes_of(frame)
    assert got[(SAFE, "E06000004", Q2)] == (
        "provisional",
        "interviews to 15 July 2018 only: the export ends there; weighted; unweighted base 1",
    )
    assert got[(SAFE, "E06000001", Q1)] == (
        "provisional",
        "interviews from 10 April 2018 only: the export starts there; weighted; unweighted base 1",
    )


def test_an_excel_csv_in_windows_1252_is_read(tmp_path, row_of) -> None:
    # Excel's "CSV" on a UK PC: the curly apostrophe of Don't know is byte 0x92
    (tmp_path / "survey.csv").write_bytes(
        (
            "Interview Date,Local Authority,Weight,Q_SAFE_NIGHT,Q_DRUGS\n"
            "01/04/2018,Redcar & Cleveland,1.0,Very safe,Don\u2019t know\n"
            "02/04/2018,Redcar & Cleveland,3.0,Don\u2019t know,Very big problem\n"
        ).encode("cp1252")
    )
    (tmp_path / "rj.csv").write_text(TINY_RJ, encoding="utf-8")
    options = {"rj_path": "rj.csv", "survey_path": "survey.csv"}
    frame = check_source(SOURCE, quarters=[Q1], options=options, base=str(tmp_path))
    assert row_of(frame, SAFE, "E06000003", Q1)["denominator"] == 1.0
    assert row_of(frame, DRUGS, "E06000003", Q1)["denominator"] == 3.0
