"""Mistakes that used to slip through are refused: each names the file, row, column,
value and the fix, and nothing is stored."""

from __future__ import annotations

import io
import re
import tracemalloc
from fractions import Fraction

import openpyxl
import pandas as pd
import pytest
from conftest import PLAN_FILE, make_plan
from hypothesis import given, settings
from hypothesis import strategies as st

from ssp_targets import ObservationError, read_observations, validate_observations
from ssp_targets.cli import main
from ssp_targets.inputs.return_forms import return_form, write_return
from ssp_targets.inputs.returns import read_return_file, split_return

PLAN = make_plan(
    {"id": "1.3", "unit": "percent", "polarity": "higher", "indicator": "crc:pc"},
    {"id": "4.1", "unit": "rate_per_1000", "polarity": "lower", "indicator": "police:rate"},
    {"id": "1.2", "unit": "count", "polarity": "lower", "indicator": "iom:n"},
)
HEADER = "indicator,area,period,value,numerator,denominator,flag,note\n"


def refused(tmp_path, text, plan=PLAN, name="obs.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ObservationError) as info:
        read_observations(path, plan=plan)
    message = str(info.value)
    assert name in message
    return message


# -- areas -----------------------------------------------------------------------------


@pytest.mark.parametrize("area", ["Stockton", "e06000004", "E0600004", "E060000044", "X06000004"])
def test_an_area_that_is_not_an_ons_code_is_refused(tmp_path, area):
    message = refused(tmp_path, HEADER + f"iom:n,{area},2018/19 Q1,4,,,,\n", plan=None)
    assert f"line 2, column area: '{area}' is not an ONS area code" in message
    assert "E06000004" in message  # the form it should take


def test_an_area_the_plan_does_not_know_is_refused_listing_the_known_codes(tmp_path, ssp_plan):
    message = refused(
        tmp_path, HEADER + "iom:cohort_offences,E06000047,2018/19 Q1,4,,,,\n", plan=ssp_plan
    )
    assert "line 2, column area: 'E06000047' is not an area of plan 'ssp-2017-20'" in message
    known = re.search(r"are ((?:[EKNSW]\d{8}(?:, )?)+)", message)[1].split(", ")
    assert {"E06000004", "E06000001", "E92000001"} <= set(known)  # own, group, populations
    assert "E06000047" not in known


# -- numerators and denominators -------------------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "column", "other"),
    [
        (("75", "150", ""), "denominator", "numerator"),
        (("75", "", "200"), "numerator", "denominator"),
    ],
)
def test_a_numerator_without_its_denominator_or_the_reverse_is_refused(
    tmp_path, numbers, column, other
):
    value, numerator, denominator = numbers
    text = HEADER + f"crc:pc,E06000004,2018/19 Q1,{value},{numerator},{denominator},,\n"
    message = refused(tmp_path, text, plan=None)
    assert f"line 2, column {column}: '' is blank but {other} is given" in message


@pytest.mark.parametrize(
    ("indicator", "value", "numerator", "denominator"),
    [
        ("crc:pc", "72.4", "105", "146"),  # 100 × 105 / 146 = 71.92
        ("crc:pc", "7.5", "4", "40"),  # 10.0
        ("police:rate", "19.9", "3900", "197030"),  # 1,000 × 3,900 / 197,030 = 19.79
    ],
)
def test_a_value_that_disagrees_with_its_counts_is_refused(
    tmp_path, indicator, value, numerator, denominator
):
    text = HEADER + f"{indicator},E06000004,2018/19 Q1,{value},{numerator},{denominator},,\n"
    message = refused(tmp_path, text)
    assert (
        f"line 2, column value: '{value}' disagrees with its numerator and denominator" in message
    )
    assert "correct the value or the counts" in message


@pytest.mark.parametrize(
    ("indicator", "value", "numerator", "denominator"),
    [
        ("crc:pc", "72.4", "105", "145"),  # 72.41..., written to one place
        ("crc:pc", "72", "105", "145"),  # written whole: within 0.5
        ("police:rate", "19.79", "3900", "197030"),  # 19.7939...
        ("police:rate", "19.8", "3900", "197030"),
    ],
)
def test_a_value_that_agrees_to_its_rounding_is_accepted(
    tmp_path, indicator, value, numerator, denominator
):
    path = tmp_path / "obs.csv"
    path.write_text(
        HEADER + f"{indicator},E06000004,2018/19 Q1,{value},{numerator},{denominator},,\n",
        encoding="utf-8",
    )
    assert len(read_observations(path, plan=PLAN)) == 1


def test_an_estimated_figure_need_not_agree_with_its_modelled_counts(tmp_path):
    path = tmp_path / "obs.csv"
    text = "crc:pc,E06000004,2018/19 Q1,82.30641882,487877.3333,592757,estimated,modelled\n"
    path.write_text(HEADER + text, encoding="utf-8")
    assert read_observations(path, plan=PLAN)["flag"].tolist() == ["estimated"]


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


@settings(max_examples=300, deadline=None)
@given(
    denominator=st.integers(1, 5_000),
    data=st.data(),
    places=st.integers(0, 4),
    nudge=st.integers(-30, 30),
)
def test_the_rounding_rule_against_exact_arithmetic(denominator, data, places, nudge):
    """Reference: exact fractions. The value as written may differ from 100·n/d by at
    most half a unit in its last written place."""
    numerator = data.draw(st.integers(0, denominator))
    exact = Fraction(100 * numerator, denominator)
    step = Fraction(1, 10**places)
    written = round(exact / step) * step + nudge * step / 4  # near the exact value, or not
    if written < 0 or written > 100:
        return
    text = f"{float(written):.{places + 2}f}".rstrip("0").rstrip(".") or "0"
    allowed = Fraction(1, 2 * 10 ** _decimals(text))
    agrees = abs(Fraction(text) - exact) <= allowed
    frame = pd.DataFrame(
        {
            "indicator": ["crc:pc"],
            "period": ["2018/19 Q1"],
            "value": [text],
            "numerator": [str(numerator)],
            "denominator": [str(denominator)],
        }
    )
    if agrees:
        validate_observations(frame, plan=PLAN)
    else:
        with pytest.raises(ObservationError, match="disagrees with its numerator and denominator"):
            validate_observations(frame, plan=PLAN)


# -- indicators the plan does not name ---------------------------------------------------


def project(tmp_path, plan=PLAN_FILE):
    (tmp_path / "ssp-targets.toml").write_text(
        f'plan = "{plan.as_posix()}"\nstore = "s.db"\n', encoding="utf-8"
    )
    return tmp_path


def test_load_refuses_an_indicator_no_measure_names_as_validate_does(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(project(tmp_path))
    (tmp_path / "obs.csv").write_text(
        "indicator,period,value\n"
        "police:asb_incidents,2018/19 Q1,4\npolice:asb_incident,2018/19 Q1,5\n",
        encoding="utf-8",
    )
    assert main(["validate", str(PLAN_FILE), "--observations", "obs.csv"]) == 2
    validated = capsys.readouterr().err
    assert main(["load", "obs.csv"]) == 2
    loaded = capsys.readouterr().err
    for message in (validated, loaded):
        assert (
            "line 3, column indicator: 'police:asb_incident' is not named by any measure" in message
        )
    assert not (tmp_path / "s.db").exists() or main(["loads"]) == 0
    assert "obs.csv" not in capsys.readouterr().out  # nothing was loaded


# -- data returns ----------------------------------------------------------------------


@pytest.fixture
def crc_form(ssp_plan):
    return return_form(ssp_plan, "2019/20 Q1", "crc").astype(object).fillna("")


def test_a_return_row_for_another_quarter_is_refused(ssp_plan, crc_form):
    form = crc_form.assign(value=["75", "70", "8", "86"])
    form.loc[2, "period"] = "2018/19 Q4"  # a revision of last quarter, sent on this form
    with pytest.raises(ObservationError) as info:
        split_return(form.astype(str), ssp_plan, "crc.csv")
    message = str(info.value)
    assert "line 4, column period: '2018/19 Q4' is not the form's quarter (2019/20 Q1)" in message
    assert "send another quarter's (or a revision of it) on that quarter's form" in message


@pytest.mark.parametrize(
    ("column", "edited", "expected"),
    [
        (
            "indicator",
            "crc:recall",
            "column indicator: 'crc:recall' is not an indicator of measure 1.5",
        ),
        ("unit", "count", "column unit: 'count' is not measure 1.5's unit (percent)"),
        ("measure", "1.9", "column measure: '1.9' is not a measure of plan 'ssp-2017-20'"),
    ],
)
def test_a_return_edited_away_from_its_template_is_refused(
    ssp_plan, crc_form, column, edited, expected
):
    form = crc_form.assign(value=["75", "70", "8", "86"])
    form.loc[2, column] = edited
    with pytest.raises(ObservationError) as info:
        split_return(form.astype(str), ssp_plan, "crc.csv")
    assert f"line 4, {expected}" in str(info.value)


def excel_form(ssp_plan, tmp_path, edit):
    path = tmp_path / "crc.xlsx"
    write_return(return_form(ssp_plan, "2019/20 Q1", "crc"), path, "OFFICIAL", "CRC")
    book = openpyxl.load_workbook(path)
    sheet = book["Return"]
    header = [c.value for c in sheet[1]]
    edit(sheet, {name: i + 1 for i, name in enumerate(header)})
    book.save(path)
    return path


def test_a_percentage_in_excels_percent_format_is_read_as_the_percentage_shown(ssp_plan, tmp_path):
    def edit(sheet, col):
        for row, shown in ((2, 0.7), (3, 0.705), (4, 0.08), (5, 0.86)):
            sheet.cell(row=row, column=col["value"], value=shown).number_format = "0.0%"

    form = read_return_file(excel_form(ssp_plan, tmp_path, edit))
    figures, _ = split_return(form, ssp_plan, "crc.xlsx")
    assert figures["value"].tolist() == [70.0, 70.5, 8.0, 86.0]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s, c: s.cell(row=3, column=c["value"], value="=B2*2"),
            "line 3, column value: the formula '=B2*2' has no saved result",
        ),
        (
            lambda s, c: s.cell(row=4, column=c["value"], value=" 8.5"),
            "line 4, column value: '8.5' is a number stored as text",
        ),
        (
            lambda s, c: s.merge_cells(
                start_row=2, start_column=c["value"], end_row=3, end_column=c["value"]
            ),
            "are merged over the figures; unmerge them",
        ),
    ],
)
def test_what_excel_does_to_figures_is_refused_naming_the_cell(ssp_plan, tmp_path, edit, expected):
    path = excel_form(ssp_plan, tmp_path, edit)
    with pytest.raises(ObservationError) as info:
        read_return_file(path)
    assert expected in str(info.value)
    assert "crc.xlsx" in str(info.value)


@pytest.mark.parametrize("written", ["inf", "-Infinity", "nan"])
def test_an_infinite_number_in_an_excel_form_is_refused(ssp_plan, tmp_path, written):
    path = excel_form(
        ssp_plan, tmp_path, lambda s, c: s.cell(row=2, column=c["value"], value=written)
    )
    with pytest.raises(ObservationError) as info:
        read_return_file(path)
    assert f"line 2, column value: {written!r} is not a finite number; type the figure" in str(
        info.value
    )


def test_an_excel_file_holding_an_infinity_excel_cannot_is_refused_as_unreadable(
    ssp_plan, tmp_path
):
    import zipfile

    path = excel_form(ssp_plan, tmp_path, lambda s, c: s.cell(row=2, column=c["value"], value=1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(buffer, "w") as new:
        for item in old.infolist():
            content = old.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                content = content.replace(b"<v>1</v>", b"<v>inf</v>", 1)
            new.writestr(item, content)
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ObservationError, match=r"crc\.xlsx: not a readable Excel workbook"):
        read_return_file(path)


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_corrupt_excel_form_is_refused_without_a_traceback(
    ssp_plan, tmp_path, monkeypatch, capsys, damage
):
    path = excel_form(ssp_plan, tmp_path, lambda s, c: None)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"\x00\x01junk" * 50)
    monkeypatch.chdir(project(tmp_path))
    assert main(["load", "crc.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "crc.xlsx: not a readable Excel workbook" in err
    assert "Traceback" not in err
    assert not (tmp_path / "s.db").exists()


# -- very large bad files --------------------------------------------------------------


def test_a_file_of_many_bad_rows_is_reported_in_full_for_the_first_then_counted(tmp_path):
    rows = 200_000
    path = tmp_path / "many.csv"
    path.write_text("indicator,period,value\n" + "iom:n,2018/19 Q1,lots\n" * rows, encoding="utf-8")
    tracemalloc.start()
    with pytest.raises(ObservationError) as info:
        read_observations(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    message = str(info.value)
    assert message.startswith(f"{path}: 400,000 problems in 200,000 rows")  # not a number, dup
    assert "line 2, column value: 'lots' is not a number" in message
    assert "... and 399,975 more" in message
    assert len(message.splitlines()) == 27  # the heading, 25 problems and the count
    assert peak < 400 * 2**20  # the problems are positions, not 400,000 strings


def test_a_huge_field_is_never_echoed_whole(tmp_path):
    huge = "x" * 200_000
    message = refused(tmp_path, f"indicator,period,value,note\niom:n,2018/19 Q1,{huge},\n", None)
    assert "200,000 characters" in message
    assert len(message) < 2_000


def test_a_percent_sign_in_a_csv_is_refused_saying_to_leave_it_out(tmp_path):
    message = refused(tmp_path, "indicator,period,value\niom:n,2018/19 Q1,70%\n", plan=None)
    assert "line 2, column value: '70%' is not a number; write the figure without the % sign" in (
        message
    )
