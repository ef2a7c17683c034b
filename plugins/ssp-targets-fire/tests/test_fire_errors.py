"""Malformed exports and options: a SourceError naming the file, the line and the column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ssp_targets_fire import make_source

from ssp_targets import SourceError
from ssp_targets.testing import check_source

GOOD = (
    "1",
    "01/05/2018 10:00",
    "Secondary Fire",
    "Deliberate",
    "Outdoor",
    "E05001549",
    "E06000004",
)


def _fetch(path: Path, **options: object) -> None:
    check_source(make_source(), quarters=["2018/19 Q1"], options={"path": str(path), **options})


def _row(**changes: str) -> tuple[str, ...]:
    names = ("number", "date", "type", "motive", "property", "ward", "la")
    row = dict(zip(names, GOOD, strict=True))
    row.update(changes)
    return tuple(row[n] for n in names)


def test_missing_motive_column(write_export: Callable[..., Path]) -> None:
    header = ("INCIDENT_NUMBER", "CALL_DATE_TIME", "INCIDENT_TYPE", "PROPERTY_CATEGORY", "LA_CODE")
    path = write_export([("1", "01/05/2018", "Primary Fire", "Dwelling", "E06000004")], header)
    with pytest.raises(SourceError) as caught:
        _fetch(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 1" in message
    assert "'ACCIDENTAL_OR_DELIBERATE'" in message
    assert "motive_column" in message


def test_configured_column_missing(write_export: Callable[..., Path]) -> None:
    path = write_export([GOOD])
    with pytest.raises(SourceError, match=r"line 1.*'Ward Ref'.*ward_column") as caught:
        _fetch(path, ward_column="Ward Ref")
    assert str(path) in str(caught.value)


def test_bad_dates_listed_together(write_export: Callable[..., Path]) -> None:
    rows = [
        GOOD,
        _row(number="2", date="31/02/2018 10:00"),
        _row(number="3", type="Special Service", date="whenever"),  # not a fire: ignored
        _row(number="4", date=""),
    ]
    path = write_export(rows)
    with pytest.raises(SourceError) as caught:
        _fetch(path)
    message = str(caught.value)
    assert str(path) in message
    assert "2 problems" in message
    assert "line 3, column 'CALL_DATE_TIME': '31/02/2018 10:00' is not a date" in message
    assert "line 5, column 'CALL_DATE_TIME': '' is not a date" in message
    assert "whenever" not in message
    assert "date_format" in message


def test_unknown_incident_type(write_export: Callable[..., Path]) -> None:
    path = write_export([GOOD, _row(number="2", type="Bin Fire"), _row(number="3", type=" ")])
    with pytest.raises(SourceError) as caught:
        _fetch(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 3, column 'INCIDENT_TYPE': 'Bin Fire' is not a known incident type" in message
    assert "line 4, column 'INCIDENT_TYPE': ' ' is blank" in message
    assert "incident_types" in message


def test_unknown_motive(write_export: Callable[..., Path]) -> None:
    rows = [_row(motive="Arson?"), _row(number="2", type="Special Service", motive="n/a")]
    path = write_export(rows)
    with pytest.raises(SourceError) as caught:
        _fetch(path)
    message = str(caught.value)
    assert "line 2, column 'ACCIDENTAL_OR_DELIBERATE': 'Arson?' is not a known motive" in message
    assert "n/a" not in message  # a special service's motive is never read
    assert "motives" in message


def test_unknown_area_codes(write_export: Callable[..., Path]) -> None:
    rows = [
        _row(la="E12000001"),
        _row(number="2", la="Stockton Borough"),
        _row(number="3", ward="Ward 12"),
        _row(number="4", la=""),
    ]
    path = write_export(rows)
    with pytest.raises(SourceError) as caught:
        _fetch(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 2, column 'LA_CODE': 'E12000001' is not a local authority code" in message
    assert "line 3, column 'LA_CODE': 'Stockton Borough'" in message
    assert "line 4, column 'WARD_CODE': 'Ward 12' is not a ward code" in message
    assert "line 5, column 'LA_CODE': ''" in message


def test_duplicate_incident_numbers(write_export: Callable[..., Path]) -> None:
    path = write_export([GOOD, _row(number="2"), GOOD])
    with pytest.raises(SourceError, match=r"line 2, column 'INCIDENT_NUMBER'.*line 4"):
        _fetch(path)
    _fetch(path, incident_number_column="")  # the check can be switched off


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(
        "CALL_DATE_TIME,INCIDENT_TYPE,ACCIDENTAL_OR_DELIBERATE,LA_CODE\n"
        "01/05/2018,Primary Fire,Deliberate,E06000004\n"
        "\n"
        "01/13/2018,Primary Fire,Deliberate,E06000004\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match="line 4, column 'CALL_DATE_TIME': '01/13/2018'"):
        _fetch(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        check_source(
            make_source(),
            quarters=["2018/19 Q1"],
            options={"path": "exports/nope.csv"},
            base=str(tmp_path),
        )
    message = str(caught.value)
    assert str(tmp_path / "exports" / "nope.csv") in message
    assert "'exports/nope.csv'" in message
    assert "no such fire incident export" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(SourceError, match="empty"):
        _fetch(path)


def test_unknown_option() -> None:
    with pytest.raises(SourceError, match=r"unknown option\(s\) motive_colum\b.*motive_column"):
        check_source(make_source(), quarters=["2018/19 Q1"], options={"motive_colum": "X"})


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"motive_column": ""}, "motive_column is empty"),
        ({"motive_column": 3}, "motive_column must be text"),
        ({"wards": "no"}, "wards must be true or false"),
        ({"incident_types": {"Bin": "tertiary"}}, "'Bin' = 'tertiary' is not one of primary"),
        ({"motives": "deliberate"}, "motives must be a table"),
        ({"path": " "}, "path .* is empty"),
    ],
)
def test_bad_options(options: dict[str, object], pattern: str) -> None:
    with pytest.raises(SourceError, match=pattern):
        check_source(make_source(), quarters=["2018/19 Q1"], options=options)
