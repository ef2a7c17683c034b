"""Reading observations and commentary: the canonical CSV, and every bad row refused."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLE, make_plan
from hypothesis import given, settings
from hypothesis import strategies as st

from ssp_targets import ObservationError, read_commentary, read_observations
from ssp_targets.inputs.observations import validate_observations

HEADER = "indicator,area,period,value,numerator,denominator,flag,note\n"
PLAN = make_plan(
    {"id": "1.3", "unit": "percent", "polarity": "higher", "indicator": "crc:pc"},
    {"id": "1.2", "unit": "count", "polarity": "lower", "indicator": "iom:n"},
)


def write(tmp_path, text, name="obs.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path, text, plan=None):
    with pytest.raises(ObservationError) as info:
        read_observations(write(tmp_path, text), plan=plan)
    return str(info.value)


def test_the_sample_reads_and_satisfies_the_plan(ssp_plan):
    frame = read_observations(SAMPLE / "observations.csv", plan=ssp_plan)
    assert set(frame["indicator"]) == set(ssp_plan.indicators)
    assert not frame.duplicated(["indicator", "area", "period"]).any()


def test_reads_the_canonical_columns(tmp_path):
    frame = read_observations(
        write(tmp_path, HEADER + "crc:pc,E06000004,2018-19 Q2,74.5,149,200,provisional,first cut\n")
    )
    row = frame.iloc[0]
    assert (row["period"], row["value"], row["numerator"], row["flag"], row["note"]) == (
        "2018/19 Q2",
        74.5,
        149,
        "provisional",
        "first cut",
    )


def test_area_may_be_omitted_and_means_the_plans_area(tmp_path):
    frame = read_observations(
        write(tmp_path, "indicator,period,value\niom:n,2018/19 Q2,4\n"), plan=PLAN
    )
    assert frame.iloc[0]["area"] == "E06000004"


def test_byte_order_mark_and_spaces_are_tolerated(tmp_path):
    text = "\ufeffindicator, period ,value\n iom:n , 2018/19 Q2 , 4 \n"
    assert read_observations(write(tmp_path, text)).iloc[0]["value"] == 4


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "crc:pc,E06000004,2018/19 Q5,1,,,,",
            "line 2, column period: '2018/19 Q5' is not a financial",
        ),
        ("crc:pc,E06000004,2018/19 Q1,lots,,,,", "line 2, column value: 'lots' is not a number"),
        ("crc:pc,E06000004,2018/19 Q1,,,,,", "line 2, column value: '' is empty"),
        ("crc:pc,E06000004,2018/19 Q1,inf,,,,", "'inf' is not a number"),
        ("crc:pc,E06000004,2018/19 Q1,1,x,,,", "column numerator: 'x' is not a number"),
        ("crc:pc,E06000004,2018/19 Q1,1,0,0,,", "column denominator: '0' must be above zero"),
        ("crc:pc,E06000004,2018/19 Q1,1,,,maybe,", "column flag: 'maybe' is not one of"),
        ("crcpc,E06000004,2018/19 Q1,1,,,,", "column indicator: 'crcpc' is not 'source:key'"),
    ],
)
def test_bad_rows_are_named_by_line_column_and_value(tmp_path, line, expected):
    message = refused(tmp_path, HEADER + line + "\n")
    assert "obs.csv" in message
    assert expected in message


def test_a_suppressed_row_may_have_no_value(tmp_path):
    frame = read_observations(
        write(tmp_path, HEADER + "iom:n,E06000004,2018/19 Q1,,,,suppressed,\n")
    )
    assert frame["value"].isna().all()


def test_duplicates_name_both_lines(tmp_path):
    message = refused(
        tmp_path, HEADER + "iom:n,E06000004,2018/19 Q1,1,,,,\niom:n,E06000004,2018-19 Q1,2,,,,\n"
    )
    assert "line 2" in message
    assert "line 3" in message
    assert "duplicates" in message


def test_every_bad_row_is_listed_in_one_error(tmp_path):
    lines = "".join(f"iom:n,E06000004,2018/19 Q{q},x,,,,\n" for q in range(1, 5))
    message = refused(tmp_path, HEADER + lines)
    assert "4 problems in 4 rows" in message
    assert all(f"line {n}" in message for n in range(2, 6))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("crc:pc,E06000004,2018/19 Q1,101,,,,", "'101' is a percentage outside 0-100"),
        ("crc:pc,E06000004,2018/19 Q1,-1,,,,", "'-1' is a percentage outside 0-100"),
        ("iom:n,E06000004,2018/19 Q1,-3,,,,", "'-3' is a negative count"),
        ("crc:pc,E06000004,2018/19 Q1,50,6,5,,", "column numerator: '6' is above its denominator"),
        ("fire:f9,E06000004,2018/19 Q1,5,,,,", "'fire:f9' is not named by any measure"),
    ],
)
def test_plan_checks(tmp_path, line, expected):
    assert expected in refused(tmp_path, HEADER + line + "\n", plan=PLAN)


def test_plan_checks_need_the_plan(tmp_path):
    frame = read_observations(write(tmp_path, HEADER + "crc:pc,E06000004,2018/19 Q1,101,,,,\n"))
    assert frame.iloc[0]["value"] == 101


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty"),
        ("indicator,value\nx:y,1\n", "missing column(s) period"),
        ("indicator,period,value,colour\n", "unknown column(s) colour"),
    ],
)
def test_file_level_problems(tmp_path, text, expected):
    assert expected in refused(tmp_path, text)


def test_a_missing_file(tmp_path):
    with pytest.raises(ObservationError, match="no such observations file"):
        read_observations(tmp_path / "nope.csv")


def test_a_csv_saved_by_excel_on_windows_is_read_as_cp1252(tmp_path):
    path = tmp_path / "excel.csv"
    note = "caf\xe9 \u2013 \u201cfigures\u201d \u00a3"  # é – “ ” £: cp1252, not Latin-1
    path.write_bytes(f"indicator,period,value,note\niom:n,2018/19 Q1,1,{note}\n".encode("cp1252"))
    assert read_observations(path).iloc[0]["note"] == note


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"indicator,period,value\niom:n,2018/19 Q1,1\x81\n", "neither UTF-8 nor Windows-1252"),
        ("indicator,period,value\n".encode("utf-16"), "NUL bytes"),
        ("indicator,period,value\n".encode("utf-16-le"), "NUL bytes"),
    ],
)
def test_a_file_in_neither_utf8_nor_cp1252_is_refused_saying_so(tmp_path, data, message):
    path = tmp_path / "odd.csv"
    path.write_bytes(data)
    with pytest.raises(ObservationError, match=message) as info:
        read_observations(path)
    assert "odd.csv" in str(info.value)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["iom:n", "crc:pc", "bad", ""]),
            st.sampled_from(["2018/19 Q1", "2018/19 Q2", "2018/19 Q9", "x"]),
            st.sampled_from(["1", "50", "-2", "abc", "", "150"]),
        ),
        max_size=12,
    )
)
def test_parsing_names_exactly_the_bad_rows(rows):
    frame = pd.DataFrame(rows, columns=["indicator", "period", "value"], dtype=object)

    def bad(indicator, period, value):
        try:
            number = float(value)
        except ValueError:
            return True
        return (
            indicator not in ("iom:n", "crc:pc")
            or period not in ("2018/19 Q1", "2018/19 Q2")
            or (indicator == "crc:pc" and not 0 <= number <= 100)
            or (indicator == "iom:n" and number < 0)
        )

    keys = [(i, p) for i, p, _ in rows]
    expected = {
        n + 2
        for n, row in enumerate(rows)
        if bad(*row) or (keys.count(keys[n]) > 1 and row[1] in ("2018/19 Q1", "2018/19 Q2"))
    }
    try:
        out = validate_observations(frame, plan=PLAN)
    except ObservationError as exc:
        listed = [p for p in exc.problems if not p.startswith("... and")]
        named = {int(p.split(",")[0].split()[1]) for p in listed}
        rows = re.search(r"problems? in ([\d,]+) rows?", exc.heading)
        assert rows is not None
        assert int(rows[1].replace(",", "")) == len(expected)
        if len(listed) == len(exc.problems):  # nothing cut: every bad row is named
            assert named == expected
        else:
            assert named <= expected
        return
    assert expected == set()
    assert len(out) == len(rows)


# -- commentary -----------------------------------------------------------------------

COMMENT_HEADER = "measure,period,rag,text,author\n"


def test_the_sample_commentary_reads(ssp_plan):
    notes = read_commentary(SAMPLE / "commentary.csv", plan=ssp_plan)
    assert set(notes["rag"].dropna()) <= {"green", "amber", "red"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1.3,2018/19 Q2,purple,text,me", "column rag: 'purple' is not green, amber, red"),
        ("1.3,Q2,,text,me", "column period: 'Q2' is not a financial-year quarter"),
        ("9.9,2018/19 Q2,,text,me", "column measure: '9.9' is not a measure of plan"),
        (",2018/19 Q2,,text,me", "column measure: '' is empty"),
    ],
)
def test_bad_commentary_rows(tmp_path, line, expected):
    with pytest.raises(ObservationError) as info:
        read_commentary(write(tmp_path, COMMENT_HEADER + line + "\n", "c.csv"), plan=PLAN)
    assert "c.csv" in str(info.value)
    assert expected in str(info.value)


def test_two_comments_for_one_quarter_are_refused(tmp_path):
    text = COMMENT_HEADER + "1.3,2018/19 Q2,,a,x\n1.3,2018/19 Q2,,b,y\n"
    with pytest.raises(ObservationError, match="second comment"):
        read_commentary(write(tmp_path, text, "c.csv"))


def test_commentary_header_must_be_right(tmp_path):
    with pytest.raises(ObservationError, match="commentary header"):
        read_commentary(write(tmp_path, "measure,when,words\n", "c.csv"))


def test_a_typed_frame_validates_like_the_csv():
    frame = pd.DataFrame(
        {
            "indicator": ["crc:pc", "iom:n"],
            "area": [None, "E06000002"],
            "period": pd.PeriodIndex(["2019Q1", "2019Q2"], freq="Q-MAR"),
            "value": [74.5, 3.0],
            "numerator": [149.0, np.nan],
            "denominator": [200.0, np.nan],
        }
    )
    out = validate_observations(frame, plan=PLAN, require_known=False)  # keeps E06000002
    assert list(out["period"]) == ["2018/19 Q1", "2018/19 Q2"]
    assert list(out["area"]) == ["E06000004", "E06000002"]
    assert np.isnan(out.loc[1, "numerator"])


def test_a_typed_frame_with_a_missing_value_is_refused():
    frame = pd.DataFrame({"indicator": ["iom:n"], "period": ["2018/19 Q1"], "value": [np.nan]})
    with pytest.raises(ObservationError, match="row 0, column value: '' is empty"):
        validate_observations(frame, row_offset=0)


def test_empty_trailing_fields_as_excel_writes_them_are_read(tmp_path):
    text = "indicator,period,value,\niom:n,2018/19 Q1,4,\niom:n,2018/19 Q2,5,,\n"
    frame = read_observations(write(tmp_path, text))
    assert frame["value"].tolist() == [4, 5]
    assert list(frame.columns)[:4] == ["indicator", "area", "period", "value"]
