"""Malformed exports and options: SourceError naming the file, the row and the column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from ssp_targets_public_health import SOURCE

from ssp_targets import SourceError
from ssp_targets.testing import check_source

OPIATE = "public-health:opiate_successful_completions"


def fetch(path: Path, **options: Any) -> pd.DataFrame:
    return check_source(SOURCE, quarters=["2019/20 Q1"], options={"path": str(path), **options})


def error(path: Path, **options: Any) -> str:
    with pytest.raises(SourceError) as info:
        fetch(path, **options)
    return str(info.value)


def test_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    message = error(tmp_path / "nope.csv")
    assert str(tmp_path / "nope.csv") in message
    assert "no such file (the Fingertips export)" in message
    assert "[sources.public-health]" in message


def test_empty_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.csv"
    path.write_text("")
    message = error(path)
    assert message.startswith(f"{path}: the Fingertips export")
    assert "is empty" in message


def test_lines_counted_in_the_file_past_blank_lines(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Area Code": "E06000001", "Value": "n/a"}])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:2], "", "", lines[2]]) + "\n", encoding="utf-8")
    assert "line 5, column 'Value': 'n/a' is not a number" in error(path)


@pytest.mark.parametrize("column", ["Area Code", "Time period", "Value", "Count", "Denominator"])
def test_missing_column(export, header, column) -> None:  # type: ignore[no-untyped-def]
    header.remove(column)
    path = export([{}], header=header)
    message = error(path)
    assert str(path) in message
    assert f"the header (line 1) has no column {column!r}" in message


def test_bad_time_period_every_row_reported(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Time period": "Q1 2019", "Area Code": "E06000001"},
                   {"Time period": "2019/21", "Area Code": "E06000002"}])  # fmt: skip
    message = error(path)
    assert str(path) in message
    assert "2 problems in the Fingertips export, so nothing was read" in message
    assert "line 3, column 'Time period': 'Q1 2019' is not a Fingertips time period" in message
    assert "line 4, column 'Time period': '2019/21' is not a Fingertips time period" in message
    assert "accepted forms" in message
    assert message.endswith("download the file again from Fingertips, and run fetch again.")


def test_bad_period_in_rows_not_read_is_ignored(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Time period": "rubbish", "Area Code": "E06000006"}])
    assert len(fetch(path)) == 1


def test_count_above_denominator(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{"Value": "40", "Count": "300", "Denominator": "250"}])
    message = error(path)
    assert "line 2, column 'Count': '300' is above the row's Denominator" in message


@pytest.mark.parametrize("value", ["100.5", "-1"])
def test_value_outside_0_100(export, value) -> None:  # type: ignore[no-untyped-def]
    message = error(export([{"Value": value}]))
    assert f"line 2, column 'Value': '{value}' is a percentage outside 0-100" in message


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        ({"Value": "n/a"}, "Value", "is not a number"),
        ({"Count": "lots"}, "Count", "is not a number (or blank)"),
        ({"Denominator": "0"}, "Denominator", "must be above zero"),
        ({"Count": "-3"}, "Count", "is negative"),
    ],
)
def test_bad_numbers(export, row, column, text) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, row])
    message = error(path)
    assert str(path) in message
    assert f"line 3, column {column!r}: {row[column]!r} {text}" in message


def test_unknown_indicator_ids(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{"Indicator ID": "93532"}, {"Indicator ID": "93517"}])
    message = error(path)
    assert str(path) in message
    assert "lines 2-3, column 'Indicator ID'" in message
    assert "93517, 93532" in message
    assert "indicator_ids" in message


def test_indicator_id_not_a_number(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Indicator ID": "C19a"}])
    message = error(path)
    assert "line 3, column 'Indicator ID': 'C19a' is not a whole number" in message


def test_conflicting_duplicates(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Time period": "2019/20 Q1", "Value": "41", "Count": "41",
                        "Denominator": "100"}])  # fmt: skip
    message = error(path)
    assert str(path) in message
    assert "1 problem in the Fingertips export" in message
    assert (
        "line 3, column 'Time period': '2019/20 Q1' is already on line 2 for the same "
        "indicator, area, quarter" in message
    )
    assert "give a different Value, Count, Denominator or 95% CI" in message


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        ({"Lower CI 95.0 limit": "low", "Upper CI 95.0 limit": "46.23"},
         "Lower CI 95.0 limit", "is not a number"),
        ({"Lower CI 95.0 limit": "33.99", "Upper CI 95.0 limit": "n/a"},
         "Upper CI 95.0 limit", "is not a number"),
        ({"Lower CI 95.0 limit": "46.23", "Upper CI 95.0 limit": "33.99", "Value": "40"},
         "Lower CI 95.0 limit", "is above the row's Upper CI 95.0 limit"),
        ({"Lower CI 95.0 limit": "41", "Upper CI 95.0 limit": "46.23", "Value": "40"},
         "Value", "lies outside the row's own 95% confidence limits"),
        ({"Lower CI 95.0 limit": "33.99", "Upper CI 95.0 limit": "39.9", "Value": "40"},
         "Value", "lies outside the row's own 95% confidence limits"),
    ],
)  # fmt: skip
def test_bad_published_limits(export, row, column, text) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, row])
    message = error(path)
    assert str(path) in message
    assert "1 problem in the Fingertips export" in message
    assert f"line 3, column {column!r}: {row[column]!r} {text}" in message


def test_value_on_its_rounded_limit_is_accepted(export) -> None:  # type: ignore[no-untyped-def]
    """Limits are rounded apart from the value: the core's slack applies, no more. (No
    counts, so the Value is not held to 100 x Count / Denominator here.)"""
    path = export(
        [{"Value": "40.00001", "Count": "", "Denominator": "",
          "Lower CI 95.0 limit": "33.99", "Upper CI 95.0 limit": "40.00000"}]
    )  # fmt: skip
    assert fetch(path)["upper_ci"].tolist() == [40.0]


def test_a_clash_names_the_time_period_as_the_file_heads_it(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Time period": "2019/20 Q1", "Value": "41", "Count": "41",
                        "Denominator": "100"}])  # fmt: skip
    head, *rows = path.read_text(encoding="utf-8").splitlines()
    head = ",".join("TIME_PERIOD" if c == "Time period" else c for c in head.split(","))
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    assert "line 3, column 'TIME_PERIOD': '2019/20 Q1' is already on line 2" in error(path)


def test_duplicates_differing_only_in_their_limits(export) -> None:  # type: ignore[no-untyped-def]
    limits = {"Lower CI 95.0 limit": "33.99", "Upper CI 95.0 limit": "46.23"}
    path = export([limits, {**limits, "Upper CI 95.0 limit": "46.5", "Area Type": "UA (2019)"}])
    message = error(path)
    assert (
        "line 3, column 'Time period': '2018/19 Q2 - 2019/20 Q1' is already on line 2 for "
        "the same indicator, area, quarter" in message
    )


def test_not_a_csv(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xff\xfe\x00\x01binary\x00")
    message = error(path)
    assert str(path) in message
    assert message.startswith(f"{path}: the Fingertips export")
    assert "NUL bytes" in message


@pytest.mark.parametrize(
    ("options", "text"),
    [
        ({"paht": "x.csv"}, "unknown option(s) paht"),
        ({"comparators": "E06000001"}, "comparators must be a list"),
        ({"comparators": ["Hartlepool"]}, "'Hartlepool', which is not an ONS area code"),
        ({"indicator_ids": {"public-health:nope": 1}}, "'public-health:nope'"),
        ({"indicator_ids": {OPIATE: "ninety"}}, "positive whole number"),
        ({"indicator_ids": {OPIATE: 90245}}, "more than one indicator"),
        ({"indicator_ids": [90244]}, "indicator_ids must be a table"),
        ({"age": 18}, "age must be text"),
        ({"path": ""}, "path = '' is not a file path"),
    ],
)
def test_bad_options(options, text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SourceError) as info:
        check_source(SOURCE, quarters=["2019/20 Q1"], options=options)
    assert text in str(info.value)
    assert "[sources.public-health]" in str(info.value)


@pytest.mark.parametrize("area", ["Stockton-on-Tees", "E0600004", "e06000004"])
def test_plan_area_not_an_ons_code(area) -> None:  # type: ignore[no-untyped-def]
    """Every area the plugin returns is one it was asked for or given: so all must be ONS
    codes, or the core would refuse the rows."""
    with pytest.raises(SourceError) as info:
        check_source(SOURCE, quarters=["2019/20 Q1"], area=area)
    assert repr(area) in str(info.value)
    assert "not an ONS area code" in str(info.value)
