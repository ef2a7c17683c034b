"""Malformed exports and options: one SourceError naming the file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from ssp_targets_pcc import SOURCE

from ssp_targets.hookspecs import SourceError
from ssp_targets.testing import check_source

SURVEY_HEAD = "Respondent ID,Interview Date,Local Authority,Weight,Q_SAFE_NIGHT,Q_DRUGS\n"
GOOD_SURVEY_ROW = "1,01/05/2018,Stockton-on-Tees,1,Very safe,Very big problem\n"


def error_of(fetch_files, **exports: str) -> str:
    with pytest.raises(SourceError) as caught:
        fetch_files(**exports)
    return str(caught.value)


def test_missing_rj_column_names_file_header_line_and_column(fetch_files) -> None:
    message = error_of(fetch_files, rj="Referral ID,Date Received\nR1,01/05/2018\n")
    assert "rj.csv" in message
    assert "line 1" in message
    assert "'Local Authority'" in message


def test_missing_survey_weight_column(fetch_files) -> None:
    survey = "Interview Date,Local Authority,Q_SAFE_NIGHT,Q_DRUGS\n01/05/2018,Hartlepool,,\n"
    message = error_of(fetch_files, survey=survey)
    assert "survey.csv" in message
    assert "line 1" in message
    assert "'Weight'" in message


def test_missing_safety_question(fetch_files) -> None:
    survey = "Interview Date,Local Authority,Weight,Q_DRUGS\n01/05/2018,Hartlepool,1,\n"
    message = error_of(fetch_files, survey=survey)
    assert "'Q_SAFE_NIGHT'" in message
    assert "'Q_SAFE'" in message


def test_bad_dates_are_all_reported_with_line_and_column(fetch_files) -> None:
    log = (
        "Referral ID,Date Received,Local Authority\n"
        "R1,01/05/2018,Stockton-on-Tees\n"
        "R2,31/02/2018,Stockton-on-Tees\n"
        "R3,05/13/2018,Hartlepool\n"
    )
    message = error_of(fetch_files, rj=log)
    assert "rj.csv" in message
    assert "line 3, column 'Date Received': '31/02/2018'" in message
    assert "line 4, column 'Date Received': '05/13/2018'" in message
    assert "2 bad value(s)" in message


def test_unknown_authority_names_the_row(fetch_files) -> None:
    log = "Referral ID,Date Received,Local Authority\nR1,01/05/2018,Darlington\n"
    message = error_of(fetch_files, rj=log)
    assert "rj.csv" in message
    assert "line 2, column 'Local Authority': 'Darlington'" in message
    assert "Stockton-on-Tees (E06000004)" in message


def test_unknown_authority_code_in_the_survey(fetch_files) -> None:
    survey = SURVEY_HEAD + GOOD_SURVEY_ROW + "2,01/05/2018,E06000005,1,Very safe,Don't know\n"
    message = error_of(fetch_files, survey=survey)
    assert "survey.csv" in message
    assert "line 3, column 'Local Authority': 'E06000005'" in message


def test_bad_survey_date(fetch_files) -> None:
    survey = SURVEY_HEAD + "1,May 2018,Stockton-on-Tees,1,Very safe,Very big problem\n"
    message = error_of(fetch_files, survey=survey)
    assert "line 2, column 'Interview Date': 'May 2018'" in message


def test_bad_weight_and_answer_are_reported_together(fetch_files) -> None:
    survey = (
        SURVEY_HEAD
        + "1,01/05/2018,Stockton-on-Tees,-1,Very safe,Very big problem\n"
        + "2,01/05/2018,Stockton-on-Tees,1,Quite safe,Very big problem\n"
    )
    message = error_of(fetch_files, survey=survey)
    assert "line 2, column 'Weight': '-1'" in message
    assert "line 3, column 'Q_SAFE_NIGHT': 'Quite safe'" in message


def test_duplicate_referral_id_names_both_lines(fetch_files) -> None:
    log = (
        "Referral ID,Date Received,Local Authority\n"
        "R1,01/05/2018,Stockton-on-Tees\n"
        "R1,01/05/2018,Stockton-on-Tees\n"
    )
    message = error_of(fetch_files, rj=log)
    assert "line 3, column 'Referral ID'" in message
    assert "already on line 2" in message


@pytest.mark.parametrize("option", ["rj_path", "survey_path"])
def test_missing_file_is_named(fetch_files, option: str) -> None:
    with pytest.raises(SourceError, match=r"absent\.csv: no such file"):
        fetch_files(**{option: "absent.csv"})


def test_line_numbers_count_blank_lines(fetch_files) -> None:
    log = "Date Received,Local Authority\n01/05/2018,Hartlepool\n\n,Hartlepool\n"
    message = error_of(fetch_files, rj=log)
    assert "line 4, column 'Date Received': ''" in message


def test_unknown_option_is_refused_with_a_hint_for_path() -> None:
    with pytest.raises(SourceError, match="rj_path and survey_path, not path"):
        check_source(SOURCE, options={"path": "x.csv"})


def test_bad_safety_question_option(fetch_files) -> None:
    with pytest.raises(SourceError, match="safety_question = 'evening'"):
        fetch_files(safety_question="evening")


def test_spreadsheet_is_refused(tmp_path: Path) -> None:
    (tmp_path / "log.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(SourceError, match=r"log\.xlsx: the restorative justice .* save it as CSV"):
        check_source(SOURCE, options={"rj_path": "log.xlsx"}, base=str(tmp_path))
