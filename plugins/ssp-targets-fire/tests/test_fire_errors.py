"""Malformed exports and options: a SourceError naming the file, the line and the column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ssp_targets_fire import SOURCE

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
    check_source(SOURCE, quarters=["2018/19 Q1"], options={"path": str(path), **options})


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
    assert message.startswith(f"{path}: the header (line 1) has no column ")
    assert "no column 'ACCIDENTAL_OR_DELIBERATE' (or 'MOTIVE', 'CAUSE_MOTIVE')" in message
    assert 'set [sources.fire] motive_column = "<header>"' in message
    assert "deliberate fires cannot be told from accidental ones" in message


def test_configured_column_missing(write_export: Callable[..., Path]) -> None:
    path = write_export([GOOD])
    with pytest.raises(SourceError) as caught:
        _fetch(path, ward_column="Ward Ref")
    message = str(caught.value)
    assert message.startswith(f"{path}: the header (line 1) has no column 'Ward Ref'; it has ")
    assert 'ward_column = "<header>"' in message
    assert 'or to "" if the export has none' in message  # the ward column is optional
    assert "motive" not in message


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
    assert "line 4, column 'INCIDENT_TYPE': '' is blank" in message  # cells are trimmed
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
    path = write_export([GOOD, _row(number="2"), GOOD, _row(number=""), _row(number="")])
    with pytest.raises(SourceError) as caught:
        _fetch(path)
    message = str(caught.value)
    assert str(path) in message
    assert "1 problem in the fire incident export" in message  # blank numbers are no repeats
    assert "line 4, column 'INCIDENT_NUMBER': '1' is already on line 2" in message
    assert "Each incident must appear once" in message
    _fetch(path, incident_number_column="")  # the check can be switched off


def test_a_header_that_is_only_a_fields_name_is_not_that_field(
    write_export: Callable[..., Path],
) -> None:
    # "incident_number" is the field's own name, not a header it is looked for by when the
    # option says the export has none; "ward" holds ward names, and WARD_CODE is absent.
    header = ("incident_number", "CALL_DATE_TIME", "INCIDENT_TYPE", "MOTIVE", "ward", "LA_CODE")
    row = ("1", "01/05/2018 10:00", "Primary Fire", "Deliberate", "Norton", "E06000004")
    path = write_export([row, row], header)
    frame = check_source(
        SOURCE, quarters=["2018/19 Q1"], options={"path": str(path), "incident_number_column": ""}
    )
    assert frame["area"].tolist() == ["E06000004", "E06000004"]  # no ward rows


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
            SOURCE,
            quarters=["2018/19 Q1"],
            options={"path": "exports/nope.csv"},
            base=str(tmp_path),
        )
    message = str(caught.value)
    path = tmp_path / "exports" / "nope.csv"  # relative to the config's folder
    assert message.startswith(f"{path}: no such file (the fire incident export).")
    assert "[sources.fire]" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(SourceError, match=r"empty\.csv: the fire incident export file is empty"):
        _fetch(path)


@pytest.mark.parametrize(
    ("options", "header", "row", "found"),
    [
        # A "ward" column of ward names beside the default WARD_CODE.
        ({}, ("LA_CODE", "ward", "WARD_CODE"), ("E06000004", "Norton", "Ward 12"), "WARD_CODE"),
        # "District" configured as the LA column, beside a column called "la".
        (
            {"la_column": "District"},
            ("District", "la", "WARD_CODE"),
            ("Gotham", "E06000004", "E05001549"),
            "District",
        ),
    ],
)
def test_a_header_that_is_a_fields_name_is_not_read_for_it(
    write_export: Callable[..., Path],
    options: dict[str, str],
    header: tuple[str, ...],
    row: tuple[str, ...],
    found: str,
) -> None:
    fields = ("CALL_DATE_TIME", "INCIDENT_TYPE", "ACCIDENTAL_OR_DELIBERATE")
    path = write_export([("01/05/2018", "Primary Fire", "Deliberate", *row)], (*fields, *header))
    with pytest.raises(SourceError) as caught:
        _fetch(path, **options)
    message = str(caught.value)
    assert "1 problem in the fire incident export" in message
    bad = row[header.index(found)]
    assert f"line 2, column {found!r}: {bad!r} is not a" in message


def test_encoding_option_other_than_utf8_or_windows_1252_is_refused(
    write_export: Callable[..., Path],
) -> None:
    path = write_export([GOOD])
    _fetch(path, encoding="Windows-1252")  # what the reader detects anyway
    _fetch(path, encoding="latin-1")
    with pytest.raises(SourceError, match=r"encoding = 'mac_roman': exports are read as UTF-8"):
        _fetch(path, encoding="mac_roman")
    with pytest.raises(SourceError, match=r"encoding = 'klingon': exports are read as UTF-8"):
        _fetch(path, encoding="klingon")


def test_unknown_option() -> None:
    with pytest.raises(SourceError, match=r"unknown option\(s\) motive_colum\b.*motive_column"):
        check_source(SOURCE, quarters=["2018/19 Q1"], options={"motive_colum": "X"})


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"motive_column": ""}, "motive_column is empty"),
        ({"motive_column": 3}, "motive_column must be text"),
        ({"wards": "no"}, "wards must be true or false"),
        ({"incident_types": {"Bin": "tertiary"}}, "'Bin' = 'tertiary' is not one of primary"),
        ({"motives": "deliberate"}, "motives must be a table"),
        ({"path": " "}, r"\[sources\.fire\] path = ' ' is not a file path"),
        ({"path": 3}, r"\[sources\.fire\] path = 3 is not a file path"),
        ({"date_format": "%H:%M"}, "date_format = '%H:%M' must give the layout of the date"),
    ],
)
def test_bad_options(options: dict[str, object], pattern: str) -> None:
    with pytest.raises(SourceError, match=pattern):
        check_source(SOURCE, quarters=["2018/19 Q1"], options=options)
