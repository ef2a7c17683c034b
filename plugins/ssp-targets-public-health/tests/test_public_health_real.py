"""The real Fingertips download (indicator 93532), read as it is."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_public_health import SOURCE
from ssp_targets_public_health.read import Selection, read_fingertips

from ssp_targets import ObservationError, Plan, validate_observations
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
        SOURCE, quarters=["2018/19 Q4", "2019/20 Q4", "2020/21 Q4"], options=OPTIONS
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
        SOURCE,
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
    frame = check_source(SOURCE, quarters=["2019/20 Q4", "2020/21 Q4"], options=options)
    assert set(frame["area"]) == {f"E0600000{i}" for i in range(1, 6)} | {"E92000001"}
    assert len(frame) == 12


def test_real_file_through_the_reader() -> None:
    out = read_fingertips(
        REAL, Selection(indicator_ids={KEY: 93532}, areas=frozenset({"E06000004"}))
    )
    assert list(out["period"]) == ["2019/20 Q4", "2020/21 Q4"]
    assert list(out["value"]) == [80.0, 81.58119658]


# Read by hand from the file: rows whose Count or Denominator is not a whole number.
MODELLED = {
    ("E10000031", "2018/19 Q4"),  # 4018.333333 / 5029.333333
    ("E10000032", "2018/19 Q4"),  # 5592.666667 / 7147.666667
    ("E10000034", "2018/19 Q4"),  # 4261.666667 / 5290.666667
    ("E92000001", "2019/20 Q4"),  # 487877.3333 / 592757
    ("E06000001", "2019/20 Q4"),  # 1027.666666 / 1339
    ("E06000002", "2019/20 Q4"),  # 2009.333333 / 2515
    ("E92000001", "2020/21 Q4"),  # 485329.3333 / 592757.3333
    ("E06000001", "2020/21 Q4"),  # 1018.666667 / 1338.666667
    ("E06000002", "2020/21 Q4"),  # 2133.333333 / 2515.333333
}
# Whole counts, each Value their ratio to within its rounding: Redcar and Cleveland,
# Stockton, Darlington and Halton, 2019/20 and 2020/21 (e.g. Stockton 1872 / 2340 = 80).
WHOLE = {
    (area, period)
    for area in ("E06000003", "E06000004", "E06000005", "E06000006")
    for period in ("2019/20 Q4", "2020/21 Q4")
}
ALL_AREAS = sorted({area for area, _ in MODELLED | WHOLE})


@pytest.fixture(scope="module")
def every_row() -> pd.DataFrame:
    return check_source(
        SOURCE,
        quarters=["2018/19 Q4", "2019/20 Q4", "2020/21 Q4"],
        options={**OPTIONS, "comparators": ALL_AREAS},
    )


def _keys(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["area"], frame["period"], strict=True))


def test_real_file_modelled_counts_are_estimated(every_row: pd.DataFrame) -> None:
    assert len(every_row) == 17
    estimated = every_row[every_row["flag"] == "estimated"]
    assert _keys(estimated) == MODELLED
    # The file has no Value notes, so the note is the plugin's word on the counts alone.
    assert estimated["note"].str.startswith("Count and Denominator are modelled").all()


def test_real_file_whole_counts_have_no_flag_or_note(every_row: pd.DataFrame) -> None:
    plain = every_row[every_row["flag"].isna()]
    assert _keys(plain) == WHOLE
    assert plain["note"].isna().all()


def test_real_file_passes_the_plan_checks(plan: Plan) -> None:
    """Every row loads against the plan, as fetch checks it: the core holds a percentage to
    100 x numerator / denominator unless it is estimated."""
    checked = check_source(
        SOURCE,
        quarters=["2018/19 Q4", "2019/20 Q4", "2020/21 Q4"],
        options={**OPTIONS, "comparators": ALL_AREAS},
        plan=plan,
    )
    assert len(checked) == 17
    assert (checked["flag"] == "estimated").sum() == len(MODELLED)


def test_real_file_without_the_flags_three_rows_would_be_refused(
    every_row: pd.DataFrame, plan: Plan
) -> None:
    """Why the flag is needed: three modelled rows' Values are not their counts' ratio.
    By hand: 100 x 487877.3333 / 592757 = 82.30646509 (England, published 82.30641882);
    100 x 1027.666666 / 1339 = 76.74881748 (Hartlepool, 76.76792828); 100 x 2009.333333 /
    2515 = 79.89396950 (Middlesbrough, 79.88338192), all 2019/20. The other six modelled
    rows agree (Warwickshire: 79.89793213 both ways) and are flagged all the same, since
    their counts are just as modelled."""
    unflagged = every_row.assign(flag=None, note=None)
    with pytest.raises(ObservationError) as info:
        validate_observations(unflagged, plan=plan, require_known=False)
    message = str(info.value)
    for value in ("82.30641882", "76.76792828", "79.88338192"):
        assert f"'{value}' disagrees" in message
    assert message.count("disagrees with its numerator and denominator") == 3
