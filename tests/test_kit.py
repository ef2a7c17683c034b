"""ssp_targets.kit: what every source plugin needs, each piece checked on its own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssp_targets import SourceError, kit
from ssp_targets.testing import make_request

# -- quarters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [
        ("2018-04-01", "2018/19 Q1"),
        ("2018-06-30", "2018/19 Q1"),
        ("2018-07-01", "2018/19 Q2"),
        ("2018-12-31", "2018/19 Q3"),
        ("2019-01-01", "2018/19 Q4"),
        ("2019-03-31", "2018/19 Q4"),
        ("2019-04-01", "2019/20 Q1"),
    ],
)
def test_the_quarter_of_a_date_is_its_financial_years(day, label):
    assert kit.quarter_of(pd.Series([pd.Timestamp(day)])).tolist() == [label]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_quarter_of_against_the_definition(day):
    # Reference: April-June is Q1 of the year that starts that April.
    start = day.year if day.month >= 4 else day.year - 1
    number = (day.month - 4) % 12 // 3 + 1
    expected = f"{start}/{(start + 1) % 100:02d} Q{number}"
    assert kit.quarter_of(pd.Series([pd.Timestamp(day)])).tolist() == [expected]


def test_a_missing_date_has_no_quarter():
    assert kit.quarter_of(pd.Series([pd.NaT, pd.Timestamp("2018-05-01")])).tolist() == [
        "",
        "2018/19 Q1",
    ]


def test_dates_as_agencies_write_them():
    parsed = kit.parse_dates(pd.Series(["10/02/2019", "2019-02-10", "10/02/2019 14:30", "", "x"]))
    assert parsed.iloc[:3].tolist() == [pd.Timestamp("2019-02-10")] * 3
    assert parsed.iloc[3:].isna().all()


# -- coverage ---------------------------------------------------------------------------


def test_a_period_cut_at_either_end_marks_those_quarters():
    notes = kit.partial_quarters(dt.date(2018, 5, 10), dt.date(2019, 2, 10), "incidents")
    assert notes == {
        "2018/19 Q1": "incidents from 10 May 2018 only: the export starts there",
        "2018/19 Q4": "incidents to 10 February 2019 only: the export ends there",
    }


def test_whole_quarters_are_not_marked():
    assert kit.partial_quarters(dt.date(2018, 4, 1), dt.date(2019, 3, 31)) == {}
    # the first and last day count, whatever the time of day
    assert kit.partial_quarters(dt.datetime(2018, 4, 1, 9), dt.datetime(2019, 3, 31, 23)) == {}


def test_a_period_inside_one_quarter_says_both_ends():
    notes = kit.partial_quarters(dt.date(2018, 4, 2), dt.date(2018, 6, 29), "referrals")
    assert notes == {
        "2018/19 Q1": (
            "referrals from 2 April 2018 to 29 June 2018 only: the export covers no more of "
            "the quarter"
        )
    }


def test_months_summed_to_quarters_flag_a_quarter_with_months_missing():
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(
                ["2018-04-01", "2018-05-01", "2018-06-01", "2018-07-01", "2018-08-01"]
            ),
            "area": "E06000004",
            "count": [10, 20, 30, 5, 6],
        }
    )
    out = kit.by_quarter(monthly, "month", "count", keys=["area"])
    assert out[["period", "value", "flag"]].values.tolist() == [
        ["2018/19 Q1", 60, None],
        ["2018/19 Q2", 11, "provisional"],
    ]
    assert (
        out["note"].iloc[1] == "July and August 2018 only: the quarter's other months are missing"
    )
    # A month the export covers but in which nothing happened is not missing.
    covered = pd.period_range("2018-04", "2018-09", freq="M")
    full = kit.by_quarter(monthly, "month", "count", keys=["area"], months=covered)
    assert full["flag"].isna().all()


# -- options and files ------------------------------------------------------------------


def test_a_path_option_is_relative_to_the_config(tmp_path):
    request = make_request(options={"path": "exports/a.csv"}, base=str(tmp_path))
    assert kit.option_path(request, "path", "widgets") == tmp_path / "exports" / "a.csv"
    absolute = make_request(options={"path": str(tmp_path / "b.csv")}, base="/elsewhere")
    assert kit.option_path(absolute, "path", "widgets") == tmp_path / "b.csv"
    assert kit.option_path(make_request(), "path", "widgets") is None


@pytest.mark.parametrize("value", ["", "  ", 3, ["a.csv"]])
def test_a_path_option_that_is_not_a_path_is_refused(value):
    with pytest.raises(SourceError, match=r"\[sources.widgets\] path = .* is not a file path"):
        kit.option_path(make_request(options={"path": value}), "path", "widgets")


def write(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        b"Date,Area\n01/04/2018,Stockton\n\n,\n02/04/2018,Hartlepool\n",
        "\ufeffDate,Area\n01/04/2018,Stockton\n\n,\n02/04/2018,Hartlepool\n".encode(),
        "Date,Area\n01/04/2018,Stockton\n\n,\n02/04/2018,Hartlepool\n".encode("cp1252"),
    ],
)
def test_an_export_is_read_as_text_with_its_file_lines(tmp_path, data):
    frame = kit.read_export(write(tmp_path, data), "log", "widgets")
    assert list(frame.columns) == ["Date", "Area", "line"]
    assert frame["line"].tolist() == [2, 5]  # blank rows dropped, lines kept
    assert frame["Area"].tolist() == ["Stockton", "Hartlepool"]


def test_windows_1252_characters_are_read(tmp_path):
    frame = kit.read_export(
        write(tmp_path, "Note\ncaf\xe9 \u2013 \u00a35\n".encode("cp1252")), "log", "w"
    )
    assert frame["Note"].tolist() == ["caf\xe9 \u2013 \u00a35"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.xlsx", b"PK\x03\x04", "is a spreadsheet; save it as CSV"),
        ("x.csv", "Date\n".encode("utf-16"), "holds NUL bytes"),
        ("x.csv", b"Date\n\x81\n", "neither UTF-8 nor Windows-1252"),
        ("x.csv", b"", "is empty"),
        ("x.csv", b'Date,Area\n"01/04/2018,Stockton\n', "cannot read the log file as CSV"),
    ],
)
def test_an_export_that_cannot_be_read_is_refused_saying_why(tmp_path, name, data, message):
    with pytest.raises(SourceError, match=message) as info:
        kit.read_export(write(tmp_path, data, name), "log", "widgets")
    assert name in str(info.value)


def test_a_missing_export_names_the_option_to_fix(tmp_path):
    with pytest.raises(
        SourceError, match=r"no such file \(the log\)\. Check the path in \[sources\.widgets\]"
    ):
        kit.read_export(tmp_path / "nope.csv", "log", "widgets")


def test_columns_are_found_by_name_or_alias_ignoring_case_and_punctuation():
    frame = pd.DataFrame({"Date of Call": ["x"], "LA_CODE": ["y"], "Other": ["z"], "line": [2]})
    out = kit.match_columns(
        frame,
        {"date": ["Date", "Date of call"], "area": ["Area", "LA code"], "ward": ["Ward"]},
        "export.csv",
        optional=["ward"],
    )
    assert list(out.columns) == ["date", "area", "Other", "line"]


def test_missing_columns_are_all_named_with_their_aliases_and_the_header_found():
    frame = pd.DataFrame({"When": ["x"], "line": [2]})
    with pytest.raises(SourceError) as info:
        kit.match_columns(frame, {"date": ["Date", "Date of call"], "area": ["Area"]}, "e.csv")
    message = str(info.value)
    assert "no column 'Date' (or 'Date of call') and no column 'Area'" in message
    assert "it has 'When'" in message


# -- problems ---------------------------------------------------------------------------


def test_problems_are_listed_in_line_order_with_column_and_value():
    frame = pd.DataFrame({"Date": ["31/02/2019", "ok", "soon"], "line": [2, 3, 4]})
    problems = kit.Problems("log.csv", "referral log")
    problems.add(3, "Area", "Stockton-upon-Tees", "is not a Cleveland district")
    problems.flag(frame, frame["Date"] != "ok", "Date", "is not a date", fix="Write dd/mm/yyyy.")
    assert problems.count == 3
    with pytest.raises(SourceError) as info:
        problems.raise_if_any("Correct the log.")
    message = str(info.value)
    assert message.startswith("log.csv: 3 problems in the referral log, so nothing was read: ")
    found = re.findall(r"line (\d+), column '(\w+)'", message)
    assert found == [("2", "Date"), ("3", "Area"), ("4", "Date")]
    assert "'31/02/2019' is not a date" in message
    assert message.endswith("Write dd/mm/yyyy. Correct the log.")


def test_no_problems_raise_nothing():
    kit.Problems("log.csv", "log").raise_if_any()


def test_many_problems_list_the_first_and_count_the_rest():
    frame = pd.DataFrame({"v": ["bad"] * 1000, "line": range(2, 1002)})
    problems = kit.Problems("big.csv", "export")
    problems.flag(frame, pd.Series(True, index=frame.index), "v", "is not a number")
    with pytest.raises(SourceError) as info:
        problems.raise_if_any()
    message = str(info.value)
    assert "1,000 problems" in message
    assert message.count("is not a number") == kit.MAX_LISTED
    assert f"and {1000 - kit.MAX_LISTED:,} more" in message
    assert "line 21," in message
    assert "line 22," not in message


def test_a_huge_cell_is_cut_in_the_message():
    problems = kit.Problems("big.csv", "export")
    problems.add(2, "Note", "x" * 100_000, "is too long")
    with pytest.raises(SourceError) as info:
        problems.raise_if_any()
    assert len(str(info.value)) < 300
    assert "100,000 characters" in str(info.value)


# -- what the plugins asked for next ----------------------------------------------------


def test_quarter_ordinals_step_by_one_quarter_and_read_back_as_labels():
    dates = pd.Series(pd.to_datetime(["2018-06-30", "2018-07-01", None, "2019-04-01"]))
    ordinals = kit.quarter_ordinals(dates)
    assert ordinals[1] - ordinals[0] == 1
    assert ordinals[3] - ordinals[1] == 3
    assert ordinals[2] == -1
    assert kit.ordinal_labels(ordinals[[0, 1, 3]]).tolist() == [
        "2018/19 Q1",
        "2018/19 Q2",
        "2019/20 Q1",
    ]


def test_a_long_date_as_notes_write_it():
    assert kit.long_date(dt.date(2019, 2, 1)) == "1 February 2019"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("E06000004", "E06000004"),
        ("e06000004", "E06000004"),
        ("Stockton-on-Tees", "E06000004"),
        ("STOCKTON ON TEES", "E06000004"),
        ("Redcar & Cleveland", "E06000003"),
        ("Darlington", "E06000005"),
        ("Stockton-upon-Tees", None),
        ("E0600004", None),
        ("", None),
    ],
)
def test_areas_by_code_or_tees_valley_name(text, code):
    assert kit.area_codes(pd.Series([text])).tolist() == [code]


def test_areas_by_a_plugins_own_names():
    found = kit.area_codes(pd.Series(["Westminster", "Stockton"]), {"westminster": "E09000033"})
    assert found.tolist() == ["E09000033", None]


def test_a_problem_names_the_column_as_the_file_heads_it():
    frame = pd.DataFrame({"Date of Call": ["31/02/2019"], "line": [2]})
    found = kit.match_columns(frame, {"date": ["Date", "Date of call"]}, "e.csv")
    problems = kit.Problems("e.csv", "export")
    problems.flag(found, found["date"] == "31/02/2019", "date", "is not a date")
    with pytest.raises(SourceError, match=r"line 2, column 'Date of Call': '31/02/2019' is not"):
        problems.raise_if_any()


def test_an_export_row_with_more_fields_than_its_header_is_refused(tmp_path):
    path = write(tmp_path, b"Date,Area\n01/04/2018,Stockton,extra\n")
    with pytest.raises(SourceError, match=r"line 2 has 3 fields but the header names 2 columns"):
        kit.read_export(path, "log", "widgets")
    trailing = write(tmp_path, b"Date,Area\n01/04/2018,Stockton,\n", "trailing.csv")
    assert kit.read_export(trailing, "log", "widgets")["Area"].tolist() == ["Stockton"]


def test_an_export_with_title_lines_keeps_its_file_lines(tmp_path):
    data = (
        b"Service report\nRun 3 May 2019\nDate,Area\n01/04/2018,Stockton\n\n02/04/2018,Hartlepool\n"
    )
    frame = kit.read_export(write(tmp_path, data), "log", "widgets", title_lines=2)
    assert list(frame.columns) == ["Date", "Area", "line"]
    assert frame["line"].tolist() == [4, 6]
    with pytest.raises(SourceError, match=r"the header \(line 3\) has no column 'Ward'"):
        kit.match_columns(frame, {"ward": ["Ward"]}, "log.csv")
    ragged = b"Title\nDate,Area\n01/04/2018,Stockton,extra\n"
    with pytest.raises(SourceError, match=r"line 3 has 3 fields but the header names 2"):
        kit.read_export(write(tmp_path, ragged, "ragged.csv"), "log", "widgets", title_lines=1)


def test_a_column_named_as_another_is_matched_to_does_not_make_two():
    frame = pd.DataFrame({"WARD_CODE": ["E05001"], "ward": ["Mandale"], "line": [2]})
    out = kit.match_columns(frame, {"ward": ["Ward code", "Ward"]}, "e.csv")
    assert list(out.columns) == ["ward", "line"]
    assert out["ward"].tolist() == ["E05001"]
    assert kit.header_of(out, "ward") == "WARD_CODE"
    assert kit.header_of(out, "line") == "line"


def test_repeats_name_the_line_they_repeat():
    frame = pd.DataFrame(
        {
            "Ref": ["A1", "B2", "A1", "", "", "B2", "A1"],
            "Area": ["x", "x", "y", "x", "x", "x", "x"],
            "line": [2, 3, 4, 5, 6, 8, 9],
        }
    )
    problems = kit.Problems("e.csv", "export")
    problems.flag_repeats(frame, "Ref")
    with pytest.raises(SourceError) as info:
        problems.raise_if_any()
    message = str(info.value)
    assert "3 problems" in message  # blanks are not repeats
    assert "line 4, column 'Ref': 'A1' is already on line 2" in message
    assert "line 8, column 'Ref': 'B2' is already on line 3" in message
    assert "line 9, column 'Ref': 'A1' is already on line 2" in message
    by_area = kit.Problems("e.csv", "export")
    by_area.flag_repeats(frame, "Ref", keys=["Ref", "Area"])
    with pytest.raises(SourceError) as info:
        by_area.raise_if_any()
    assert "2 problems" in str(info.value)  # line 4 is A1 in another area
    assert "line 9, column 'Ref': 'A1' is already on line 2 for the same Ref, Area" in str(
        info.value
    )


def test_a_message_per_row():
    frame = pd.DataFrame({"n": ["1", "2", "3"], "line": [2, 3, 4]})
    problems = kit.Problems("e.csv", "export")
    said = pd.Series(["is odd", "is even", "is odd"])
    problems.flag(frame, frame["n"] != "2", "n", said)
    with pytest.raises(
        SourceError, match=r"line 2, column 'n': '1' is odd; line 4, column 'n': '3' is odd\."
    ):
        problems.raise_if_any()


def test_the_observation_columns_are_the_cores():
    assert kit.OBSERVATION_COLUMNS[:4] == ("indicator", "area", "period", "value")
    assert {"numerator", "denominator", "flag", "note"} <= set(kit.OBSERVATION_COLUMNS)


def test_a_column_headed_with_a_canonical_name_but_no_alias_is_dropped():
    frame = pd.DataFrame({"ward": ["Mandale"], "line": [2]})
    out = kit.match_columns(frame, {"ward": ["Ward code"]}, "e.csv", optional=["ward"])
    assert list(out.columns) == ["line"]  # the optional column is missing, not a stray one


def test_repeats_with_blank_keys_are_not_flagged_and_do_not_break():
    frame = pd.DataFrame({"Ref": ["A1", "A1", "A1"], "Area": [None, None, "x"], "line": [2, 3, 4]})
    problems = kit.Problems("e.csv", "export")
    problems.flag_repeats(frame, "Ref", keys=["Ref", "Area"])
    assert problems.count == 0
