"""Helpers: write small Fingertips data CSVs in the real 27-column layout."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest

HEADER = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]

DEFAULTS = {
    "Indicator ID": "90245",
    "Indicator Name": "Successful completion of drug treatment: non-opiate users",
    "Parent Code": "E92000001",
    "Parent Name": "England",
    "Area Code": "E06000004",
    "Area Name": "Stockton-on-Tees",
    "Area Type": "UA",
    "Sex": "Persons",
    "Age": "18+ yrs",
    "Time period": "2018/19 Q2 - 2019/20 Q1",
    "Value": "40",
    "Count": "100",
    "Denominator": "250",
    "Compared to England value or percentiles": "Similar",
    "Compared to percentiles": "Not compared",
    "Time period Sortable": "20180200",
    "Time period range": "1y",
}

Writer = Callable[..., Path]


def write_export(
    path: Path, rows: Iterable[Mapping[str, str]], header: list[str] | None = None
) -> Path:
    """Write rows (each overriding DEFAULTS) under ``header`` (default: the 27 columns)."""
    header = header or HEADER
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            full = {**DEFAULTS, **row}
            writer.writerow([full.get(column, "") for column in header])
    return path


@pytest.fixture
def export(tmp_path: Path) -> Writer:
    """``export(rows, header=None, name="export.csv")`` writes a file and returns its path."""

    def write(
        rows: Iterable[Mapping[str, str]],
        header: list[str] | None = None,
        name: str = "export.csv",
    ) -> Path:
        return write_export(tmp_path / name, rows, header)

    return write


@pytest.fixture
def header() -> list[str]:
    """The 27 Fingertips columns, in order (a fresh copy for each test)."""
    return list(HEADER)
