"""Malformed exports and options: one SourceError naming the file, line and column."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from ssp_targets_pcc import SOURCE

from ssp_targets import SourceError
from ssp_targets.testing import check_source

SURVEY_HEAD = "Respondent ID,Interview Date,Local Authority,Weight,Q_SAFE_NIGHT,Q_DRUGS\n"
GOOD_SURVEY_ROW = "1,01/05/2018,Stockton-on-Tees,1,Very safe,Very big problem\n"


def error_of(fetch_files, **exports: str) -> str:
    with pytest.raises(SourceError) as caught:
        fetch_files(**exports)
    return str(caught.value)


@pytest.mark.parametrize(
    ("export", "text", "expected"),
    [
        (
            "rj",
            "Referral ID,Date Received\nR1,01/05/2018\n",
            "rj.csv: the header (line 1) has no column 'Local Authority' (or 'Local Authority "
            "Code', 'Local Authority Name', 'LA'); it has 'Referral ID', 'Date Received'.",
        ),
        (
            "survey",
            "Interview Date,Local Authority,Q_SAFE_NIGHT,Q_DRUGS\n01/05/2018,Hartlepool,,\n",
            "survey.csv: the header (line 1) has no column 'Weight' (or 'Wt', 'Survey Weight', "
            "'Weighting'); it has 'Interview Date', 'Local Authority', 'Q_SAFE_NIGHT', 'Q_DRUGS'.",
        ),
        (
            # no safety question at all: after dark is wanted, or else the single question
            "survey",
            "Interview Date,Local Authority,Weight,Q_DRUGS\n01/05/2018,Hartlepool,1,\n",
            "survey.csv: the header (line 1) has no column 'Q_SAFE_NIGHT' (or 'Q_SAFE_DARK', "
            "'Safe Night', 'Safe After Dark', 'Q_SAFE', 'Feeling Safe', 'Feelings of Safety', "
            "'...how safe do you feel...'); it has",
        ),
    ],
)
def test_a_missing_column_is_named_with_its_other_names_and_the_header_found(
    fetch_files, export: str, text: str, expected: str
) -> None:
    assert expected in error_of(fetch_files, **{export: text})


def test_bad_dates_are_all_reported_with_line_and_column(fetch_files) -> None:
    log = (
        "Referral ID,Date Received,Local Authority\n"
        "R1,01/05/2018,Stockton-on-Tees\n"
        "R2,31/02/2018,Stockton-on-Tees\n"
        "R3,05/13/2018,Hartlepool\n"
    )
    message = error_of(fetch_files, rj=log)
    assert "line 3, column 'Date Received': '31/02/2018'" in message
    assert "line 4, column 'Date Received': '05/13/2018'" in message
    assert "rj.csv: 2 problems in the restorative justice referral log" in message


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
    assert "line 3, column 'Referral ID': 'R1' is already on line 2" in message


def test_a_repeated_respondent_id_names_both_lines(fetch_files) -> None:
    survey = SURVEY_HEAD + GOOD_SURVEY_ROW + GOOD_SURVEY_ROW
    message = error_of(fetch_files, survey=survey)
    assert "survey.csv: 1 problem in the public confidence survey export" in message
    assert "line 3, column 'Respondent ID': '1' is already on line 2" in message


def test_problems_name_the_column_as_the_export_heads_it(fetch_files) -> None:
    # headers matched by an alias, in another case: the message names them as written
    log = "referral date,LA\n01/05/2018,Stockton\n1 May 2018,Durham\n"
    message = error_of(fetch_files, rj=log)
    assert "line 3, column 'referral date': '1 May 2018' is not a date" in message
    assert "line 3, column 'LA': 'Durham' is not one of" in message


def test_a_missing_drug_question_offers_the_names_and_the_phrase(fetch_files) -> None:
    survey = "Interview Date,Local Authority,Weight,Q_SAFE\n01/05/2018,Hartlepool,1,\n"
    message = error_of(fetch_files, survey=survey)
    assert "survey.csv: the header (line 1) has no column 'Q_DRUGS'" in message
    assert "'...using or dealing drugs...'" in message
    assert "'Q_SAFE'" not in message.split("; it has")[0]  # the single question was found


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


# -- rj_from / rj_to and survey_from / survey_to ------------------------------------------


@pytest.mark.parametrize("option", ["rj_from", "rj_to", "survey_from", "survey_to"])
@pytest.mark.parametrize(
    "value",
    ["31/03/2020", "2020-02-30", "2020-3-31", "", 20200331, datetime.datetime(2020, 3, 31, 9, 0)],
)
def test_a_stated_day_that_is_not_an_iso_date_is_refused(
    fetch_files, option: str, value: object
) -> None:
    message = error_of(fetch_files, **{option: value})
    assert f"[sources.pcc] {option} = {value!r} is not a date written yyyy-mm-dd" in message
    assert f'e.g. {option} = "20' in message  # the fix, with an example


@pytest.mark.parametrize("prefix", ["rj", "survey"])
def test_a_stated_start_after_the_end_is_refused(fetch_files, prefix: str) -> None:
    message = error_of(
        fetch_files, **{f"{prefix}_from": "2018-07-01", f"{prefix}_to": "2018-06-30"}
    )
    assert f"{prefix}_from = 2018-07-01 is after {prefix}_to = 2018-06-30" in message
    assert "correct one of them" in message


@pytest.mark.parametrize("prefix", ["rj", "survey"])
def test_a_stated_period_without_its_export_is_refused(prefix: str) -> None:
    with pytest.raises(SourceError) as caught:
        check_source(SOURCE, options={f"{prefix}_to": "2020-03-31"})
    message = str(caught.value)
    assert f"{prefix}_to is set but {prefix}_path is not" in message
    assert f"Set {prefix}_path to the export they describe" in message


def test_referrals_outside_the_stated_period_are_refused(fetch_files) -> None:
    log = (
        "Referral ID,Date Received,Local Authority\n"
        "R1,31/03/2018,Stockton-on-Tees\n"
        "R2,01/05/2018,Stockton-on-Tees\n"
        "R3,2018-07-01,Hartlepool\n"
    )
    message = error_of(fetch_files, rj=log, rj_from="2018-04-01", rj_to="2018-06-30")
    assert "rj.csv" in message
    assert "2 problems in the restorative justice referral log" in message
    assert "line 2, column 'Date Received': '31/03/2018' is before rj_from = 2018-04-01" in message
    assert "line 4, column 'Date Received': '2018-07-01' is after rj_to = 2018-06-30" in message
    assert "set them in [sources.pcc] to the period the export really covers" in message


def test_interviews_outside_the_stated_period_are_refused(fetch_files) -> None:
    survey = SURVEY_HEAD + GOOD_SURVEY_ROW + "2,02/05/2018,Hartlepool,1,Very safe,Don't know\n"
    message = error_of(fetch_files, survey=survey, survey_to="2018-05-01")
    assert "survey.csv" in message
    assert "line 3, column 'Interview Date': '02/05/2018' is after survey_to = 2018-05-01" in (
        message
    )
    assert "outside survey_from to survey_to" in message


def test_the_unknown_option_message_lists_the_period_options() -> None:
    with pytest.raises(SourceError, match="rj_from, rj_to, survey_path, survey_from, survey_to"):
        check_source(SOURCE, options={"rj_until": "2020-03-31"})
