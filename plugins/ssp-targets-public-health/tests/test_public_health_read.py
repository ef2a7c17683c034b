"""Small hand-written exports: which rows are kept and what each becomes."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from ssp_targets_public_health import SOURCE

from ssp_targets.testing import check_source, make_request

NON_OPIATE = "public-health:non_opiate_successful_completions"
OPIATE = "public-health:opiate_successful_completions"
ALCOHOL = "public-health:alcohol_successful_completions"


def fetch(path, quarters, **options) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return check_source(SOURCE, quarters=quarters, options={"path": str(path), **options})


def test_one_row_each_indicator_kept_as_published(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {"Indicator ID": "90244", "Value": "7.5", "Count": "45", "Denominator": "600"},
            {"Indicator ID": "90245", "Value": "40", "Count": "100", "Denominator": "250"},
            # Published 33.3 for 1/3: kept as published, not recomputed (33.333...).
            {"Indicator ID": "92447", "Value": "33.3", "Count": "1", "Denominator": "3"},
        ]
    )
    frame = fetch(path, ["2019/20 Q1"])
    by_key = frame.set_index("indicator")
    assert list(frame.columns[:4]) == ["indicator", "area", "period", "value"]
    assert by_key.loc[OPIATE, "value"] == 7.5
    assert (by_key.loc[OPIATE, "numerator"], by_key.loc[OPIATE, "denominator"]) == (45, 600)
    assert by_key.loc[NON_OPIATE, "value"] == 40.0
    assert by_key.loc[ALCOHOL, "value"] == 33.3
    assert set(frame["period"]) == {"2019/20 Q1"}
    assert set(frame["area"]) == {"E06000004"}


def test_rows_filtered_by_area_sex_category_and_indicator(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {},  # Stockton, Persons: kept
            {"Area Code": "E06000001", "Value": "30", "Count": "30", "Denominator": "100"},
            {
                "Area Code": "E92000001",
                "Parent Code": "",
                "Parent Name": "",
                "Value": "36",
                "Count": "90",  # 36 = 100 x 90 / 250
            },
            {"Area Code": "E06000006", "Value": "50"},  # Halton: not a comparator
            {"Area Code": "E12000001", "Value": "50"},  # North East region: not asked for
            {"Sex": "Male", "Value": "20", "Count": "50"},
            {"Sex": "Female", "Value": "60", "Count": "150"},
            {"Category Type": "Deprivation decile", "Category": "Most deprived", "Value": "1"},
            {"Indicator ID": "93532", "Value": "99"},  # not mapped
        ]
    )
    frame = fetch(path, ["2019/20 Q1"])
    assert dict(zip(frame["area"], frame["value"], strict=True)) == {
        "E06000001": 30.0,
        "E06000004": 40.0,
        "E92000001": 36.0,
    }


def test_periods_mapped_and_filtered(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {"Time period": "2018/19 Q2 - 2019/20 Q1", "Value": "40"},
            {"Time period": "2018/19 Q3 - 2019/20 Q2", "Value": "41", "Count": "41",
             "Denominator": "100"},
            {"Time period": "2017/18", "Value": "42", "Count": "42", "Denominator": "100"},
            {"Time period": "2021", "Value": "43", "Count": "43", "Denominator": "100"},
            {"Time period": "2017 - 19", "Value": "44", "Count": "44", "Denominator": "100"},
        ]
    )  # fmt: skip
    frame = fetch(
        path, ["2017/18 Q4", "2019/20 Q1", "2019/20 Q3", "2021/22 Q3"]
    )  # 2019/20 Q2 not asked for
    assert dict(zip(frame["period"], frame["value"], strict=True)) == {
        "2017/18 Q4": 42.0,
        "2019/20 Q1": 40.0,
        "2019/20 Q3": 44.0,  # a calendar range ends in December 2019
        "2021/22 Q3": 43.0,
    }


def test_non_integer_counts_blank_counts_and_suppressed_values(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {"Value": "79.89793213", "Count": "4018.333333", "Denominator": "5029.333333"},
            {"Area Code": "E06000001", "Value": "", "Count": "", "Denominator": ""},
            {"Area Code": "E06000002", "Value": "12.5", "Count": "", "Denominator": ""},
        ]
    )
    frame = fetch(path, ["2019/20 Q1"]).set_index("area")
    assert frame.loc["E06000004", "numerator"] == 4018.333333
    assert frame.loc["E06000004", "denominator"] == 5029.333333
    assert math.isnan(frame.loc["E06000001", "value"])
    assert frame.loc["E06000001", "flag"] == "suppressed"
    assert frame.loc["E06000002", "value"] == 12.5
    assert math.isnan(frame.loc["E06000002", "numerator"])
    assert pd.isna(frame.loc["E06000002", "flag"])


def test_published_95_limits_go_to_lower_and_upper_ci(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {"Lower CI 95.0 limit": "33.99", "Upper CI 95.0 limit": "46.234",
             "Lower CI 99.8 limit": "30.1", "Upper CI 99.8 limit": "50.2",
             "Value note": "Aggregated from all known lower geography values"},
            {"Area Code": "E06000001", "Value note": "Value estimated"},
            {"Area Code": "E06000002"},
        ]
    )  # fmt: skip
    frame = fetch(path, ["2019/20 Q1"]).set_index("area")
    # As published (not rounded), and the 95% limits, never the 99.8% ones.
    assert frame.loc["E06000004", "lower_ci"] == 33.99
    assert frame.loc["E06000004", "upper_ci"] == 46.234
    # The Value note stays in note; the limits are no longer written there.
    assert frame["note"].to_dict() == {
        "E06000001": "Value estimated",
        "E06000002": None,
        "E06000004": "Aggregated from all known lower geography values",
    }
    for area in ("E06000001", "E06000002"):  # no limits published
        assert math.isnan(frame.loc[area, "lower_ci"])
        assert math.isnan(frame.loc[area, "upper_ci"])


def test_one_limit_alone_gives_neither(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {"Lower CI 95.0 limit": "33.99"},
            {"Area Code": "E06000001", "Upper CI 95.0 limit": "46.23"},
            {"Area Code": "E06000002", "Lower CI 95.0 limit": "33.99",
             "Upper CI 95.0 limit": "46.23"},
        ]
    )  # fmt: skip
    frame = fetch(path, ["2019/20 Q1"]).set_index("area")
    assert frame["lower_ci"].isna().to_dict() == {
        "E06000001": True,
        "E06000002": False,
        "E06000004": True,
    }
    assert frame["upper_ci"].isna().to_dict() == frame["lower_ci"].isna().to_dict()


def test_suppressed_value_gives_no_limits(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [{"Value": "", "Count": "", "Denominator": "", "Lower CI 95.0 limit": "33.99",
          "Upper CI 95.0 limit": "46.23"}]
    )  # fmt: skip
    row = fetch(path, ["2019/20 Q1"]).iloc[0]
    assert row["flag"] == "suppressed"
    assert math.isnan(row["lower_ci"])
    assert math.isnan(row["upper_ci"])


@pytest.mark.parametrize(
    "dropped",
    [
        # No CI columns at all.
        ["Lower CI 95.0 limit", "Upper CI 95.0 limit", "Lower CI 99.8 limit",
         "Upper CI 99.8 limit"],
        # Only the 99.8% limits: another level, so not lower_ci / upper_ci.
        ["Lower CI 95.0 limit", "Upper CI 95.0 limit"],
        # Only one of the 95% columns.
        ["Upper CI 95.0 limit"],
    ],
)  # fmt: skip
def test_without_both_95_columns_the_limits_are_nan(export, header, dropped) -> None:  # type: ignore[no-untyped-def]
    header = [column for column in header if column not in dropped]
    limits = {"Lower CI 95.0 limit": "33.99", "Upper CI 95.0 limit": "46.23",
              "Lower CI 99.8 limit": "30.1", "Upper CI 99.8 limit": "50.2"}  # fmt: skip
    path = export([limits, {**limits, "Area Code": "E06000001"}], header=header)
    frame = fetch(path, ["2019/20 Q1"])
    assert len(frame) == 2
    assert frame["lower_ci"].isna().all()
    assert frame["upper_ci"].isna().all()


def test_fetch_returns_the_core_columns_in_order(export) -> None:  # type: ignore[no-untyped-def]
    """The frame fetch returns (before the core's checks) has the core's columns, in the
    core's order (as the core's checks return them), with float limits."""
    path = export([{"Lower CI 95.0 limit": "33.99", "Upper CI 95.0 limit": "46.23"}])
    request = make_request(quarters=["2019/20 Q1"], options={"path": str(path)})
    raw = SOURCE.fetch(request)
    core_columns = tuple(check_source(SOURCE, request).columns)
    assert len(core_columns) == 10
    assert tuple(raw.columns) == core_columns
    assert (raw["lower_ci"].dtype, raw["upper_ci"].dtype) == (float, float)
    assert (raw.loc[0, "lower_ci"], raw.loc[0, "upper_ci"]) == (33.99, 46.23)
    empty = SOURCE.fetch(make_request(quarters=["2012/13 Q1"], options={"path": str(path)}))
    assert tuple(empty.columns) == core_columns


def test_exact_repeats_dropped(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Area Type": "UA (2019)"}])  # same figures, two area-type vintages
    frame = fetch(path, ["2019/20 Q1"])
    assert len(frame) == 1


def test_tolerates_renamed_extra_and_reordered_columns(export, header) -> None:  # type: ignore[no-untyped-def]
    header[22] = "Column not used"
    header[25] = "Target data"
    header = [*reversed(header), "Some new column"]
    path = export([{}], header=header)
    frame = fetch(path, ["2019/20 Q1"])
    assert frame["value"].tolist() == [40.0]


def test_tolerates_utf8_bom_and_blank_lines(tmp_path, export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}])
    text = path.read_text(encoding="utf-8")
    path.write_bytes(("\ufeff" + text + "\n\n").encode("utf-8"))
    assert fetch(path, ["2019/20 Q1"])["value"].tolist() == [40.0]


def test_headers_matched_ignoring_case_and_spaces(export, header) -> None:  # type: ignore[no-untyped-def]
    """fingertipsR writes AreaCode, TimePeriod ...; a hand edit may change the case."""
    renamed = {"Area Code": "AreaCode", "Time period": "TimePeriod", "Value": "VALUE"}
    path = export([{}])
    rows = path.read_text(encoding="utf-8").split("\n", 1)[1]
    path.write_text(",".join(renamed.get(c, c) for c in header) + "\n" + rows, encoding="utf-8")
    assert fetch(path, ["2019/20 Q1"])["value"].tolist() == [40.0]


def test_windows_1252_as_excel_saves_it(export) -> None:  # type: ignore[no-untyped-def]
    """Opened and saved in Excel: Windows-1252, and an en dash in the Time period."""
    path = export(
        [{"Time period": "2016/17 \u2013 18/19", "Area Name": "Stockton\u2013on\u2013Tees"}]
    )
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    assert fetch(path, ["2018/19 Q4"])["value"].tolist() == [40.0]


def test_indicator_ids_option_overrides_one_id(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{"Indicator ID": "12345"}, {"Indicator ID": "90244"}])
    frame = fetch(path, ["2019/20 Q1"], indicator_ids={OPIATE: 12345})
    assert frame["indicator"].tolist() == [OPIATE]  # 90244 is no longer read
    frame = fetch(path, ["2019/20 Q1"], indicator_ids={OPIATE: "12345"})
    assert frame["indicator"].tolist() == [OPIATE]


def test_age_option(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Age": "18-24 yrs", "Value": "50", "Count": "50", "Denominator": "100"}])
    frame = fetch(path, ["2019/20 Q1"], age="18-24 yrs")
    assert frame["value"].tolist() == [50.0]


def test_relative_path_is_relative_to_base(export, tmp_path) -> None:  # type: ignore[no-untyped-def]
    export([{}], name="ft.csv")
    frame = check_source(
        SOURCE, quarters=["2019/20 Q1"], options={"path": "ft.csv"}, base=str(tmp_path)
    )
    assert len(frame) == 1


def test_other_plan_area(export) -> None:  # type: ignore[no-untyped-def]
    path = export([{}, {"Area Code": "E06000001"}])
    frame = check_source(
        SOURCE,
        quarters=["2019/20 Q1"],
        area="E06000001",
        options={"path": str(path), "comparators": []},
    )
    assert frame["area"].tolist() == ["E06000001"]


@pytest.mark.parametrize("quarters", [["2019/20 Q1"], ["2019/20 Q1", "2019/20 Q2"]])
def test_empty_when_no_rows_for_the_areas(export, quarters) -> None:  # type: ignore[no-untyped-def]
    path = export([{"Area Code": "E06000006"}])
    assert fetch(path, quarters).empty
