"""The real Fingertips download (indicator 93532), read as it is."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_public_health import make_source
from ssp_targets_public_health.read import Selection, read_fingertips

from ssp_targets.testing import check_source

REAL = Path(__file__).resolve().parent / "data" / "unmet_alcohol.csv"
KEY = "public-health:alcohol_successful_completions"  # stands in for 93532 here
OPTIONS = {
    "path": str(REAL),
    "indicator_ids": {KEY: 93532},
    # Warwickshire has the file's 2018/19 rows; Hartlepool and Darlington are neighbours.
    "comparators": ["E06000001", "E06000005", "E10000031"],
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return check_source(
        make_source(), quarters=["2018/19 Q4", "2019/20 Q4", "2020/21 Q4"], options=OPTIONS
    )


def _row(frame: pd.DataFrame, area: str, period: str) -> pd.Series:
    rows = frame[(frame["area"] == area) & (frame["period"] == period)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_real_file_years_map_to_q4(frame: pd.DataFrame) -> None:
    assert sorted(set(frame["period"])) == ["2018/19 Q4", "2019/20 Q4", "2020/21 Q4"]
    assert set(frame[frame["period"] == "2018/19 Q4"]["area"]) == {"E10000031"}
    assert set(frame["indicator"]) == {KEY}


def test_real_file_stockton_2020_21(frame: pd.DataFrame) -> None:
    row = _row(frame, "E06000004", "2020/21 Q4")
    assert row["value"] == 81.58119658  # the published value, as published
    assert (row["numerator"], row["denominator"]) == (1909, 2340)
    # The published 95% limits, as published (not rounded, not recomputed).
    assert (row["lower_ci"], row["upper_ci"]) == (76.90246517, 85.73792191)
    assert pd.isna(row["note"])  # no Value note; the limits have their own columns
    assert pd.isna(row["flag"])


def test_real_file_published_95_limits_on_every_row() -> None:
    """lower_ci / upper_ci are the file's Lower / Upper CI 95.0 limit, row for row."""
    with REAL.open(newline="", encoding="utf-8-sig") as handle:
        published = {
            (row["Area Code"], row["Time period"]): (
                float(row["Lower CI 95.0 limit"]),
                float(row["Upper CI 95.0 limit"]),
            )
            for row in csv.DictReader(handle)
            if row["Lower CI 95.0 limit"] and row["Upper CI 95.0 limit"]
        }
    assert len(published) == 17  # every row of this download has both limits
    areas = sorted({area for area, _ in published})
    frame = check_source(
        make_source(),
        quarters=["2018/19 Q4", "2019/20 Q4", "2020/21 Q4"],
        options={**OPTIONS, "comparators": areas},
    )
    assert len(frame) == 17
    got = {
        # Financial years end in Q4: "2019/20 Q4" is the file's "2019/20".
        (area, period.removesuffix(" Q4")): (lower, upper)
        for area, period, lower, upper in zip(
            frame["area"], frame["period"], frame["lower_ci"], frame["upper_ci"], strict=True
        )
    }
    assert got == published
    assert ((frame["lower_ci"] <= frame["value"]) & (frame["value"] <= frame["upper_ci"])).all()


def test_real_file_keeps_non_integer_counts(frame: pd.DataFrame) -> None:
    row = _row(frame, "E10000031", "2018/19 Q4")
    assert row["numerator"] == 4018.333333
    assert row["denominator"] == 5029.333333
    england = _row(frame, "E92000001", "2019/20 Q4")  # blank Parent on the England row
    assert england["numerator"] == 487877.3333


def test_real_file_areas_limited_to_area_comparators_england(frame: pd.DataFrame) -> None:
    # Middlesbrough, Redcar and Halton are in the file but not asked for; West Sussex too.
    assert set(frame["area"]) == {"E06000001", "E06000004", "E06000005", "E10000031", "E92000001"}
    assert len(frame) == 1 + 2 * 4


def test_real_file_default_comparators() -> None:
    options = {k: v for k, v in OPTIONS.items() if k != "comparators"}
    frame = check_source(make_source(), quarters=["2019/20 Q4", "2020/21 Q4"], options=options)
    assert set(frame["area"]) == {f"E0600000{i}" for i in range(1, 6)} | {"E92000001"}
    assert len(frame) == 12


def test_real_file_through_the_reader() -> None:
    out = read_fingertips(
        REAL, Selection(indicator_ids={KEY: 93532}, areas=frozenset({"E06000004"}))
    )
    assert list(out["period"]) == ["2019/20 Q4", "2020/21 Q4"]
    assert list(out["value"]) == [80.0, 81.58119658]
