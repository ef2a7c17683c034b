"""Flags and notes: what the export says about each figure, passed through.

Expected flags are worked out by hand from each row: a Count or Denominator that is not a
whole number is a modelled count (flag estimated); a blank Value is suppressed; otherwise
a flag word in the Value note; otherwise none.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from ssp_targets_public_health import SOURCE

from ssp_targets import SourceError
from ssp_targets.testing import check_source


def fetch(path) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return check_source(SOURCE, quarters=["2019/20 Q1"], options={"path": str(path)})


def by_area(path) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return fetch(path).set_index("area")


def test_whole_counts_that_agree_with_the_value_get_no_flag(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {},  # 40 = 100 x 100 / 250 exactly
            # 100 x 1 / 3 = 33.33...: "33.3" is it, rounded to one decimal place.
            {"Area Code": "E06000001", "Value": "33.3", "Count": "1", "Denominator": "3"},
        ]
    )
    frame = by_area(path)
    assert frame["flag"].isna().all()
    assert frame["note"].isna().all()


@pytest.mark.parametrize(
    ("count", "denominator"),
    [
        ("4018.333333", "5029.333333"),  # both modelled (Warwickshire 2018/19, real file)
        ("487877.3333", "592757"),  # the Count only (England 2019/20, real file)
        ("1000", "1338.666667"),  # the Denominator only
    ],
)
def test_a_count_or_denominator_not_a_whole_number_is_estimated(  # type: ignore[no-untyped-def]
    export, count, denominator
) -> None:
    value = f"{100 * float(count) / float(denominator):.8f}"
    row = fetch(export([{"Value": value, "Count": count, "Denominator": denominator}])).iloc[0]
    assert row["flag"] == "estimated"
    assert "modelled" in row["note"]
    assert "Count and Denominator" in row["note"]
    # Kept as published, not rounded to whole numbers.
    assert (row["numerator"], row["denominator"]) == (float(count), float(denominator))


def test_modelled_counts_load_even_when_the_value_disagrees(export) -> None:  # type: ignore[no-untyped-def]
    """Hartlepool 2019/20 in the real file: 100 x 1027.666666 / 1339 = 76.7488, published
    76.76792828 (0.019 points apart). Modelled, so flagged and kept, not refused."""
    path = export([{"Value": "76.76792828", "Count": "1027.666666", "Denominator": "1339"}])
    row = fetch(path).iloc[0]
    assert row["value"] == 76.76792828
    assert row["flag"] == "estimated"


def test_value_note_is_kept_before_the_modelled_note(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {"Value": "79.89793213", "Count": "4018.333333", "Denominator": "5029.333333",
             "Value note": "Aggregated from all known lower geography values"},
        ]
    )  # fmt: skip
    row = fetch(path).iloc[0]
    assert row["flag"] == "estimated"
    first, second = row["note"].split("; ")
    assert first == "Aggregated from all known lower geography values"
    assert "modelled" in second


@pytest.mark.parametrize(
    ("note", "flag"),
    [
        # Value notes Fingertips writes (seen in its code and in real downloads): no flag.
        ("Aggregated from all known lower geography values", None),
        ("There is a data quality issue with this value", None),
        ("Value for Cornwall and Isles of Scilly combined", None),
        # A note naming a flag word gives that flag (whole words, any case).
        ("Value estimated", "estimated"),
        ("Estimates", "estimated"),
        ("provisional", "provisional"),
        ("PROVISIONAL figure", "provisional"),
        ("revised", "revised"),
        ("unrevised", None),  # not the whole word
        # Two flag words: estimated before provisional before revised.
        ("revised estimate", "estimated"),
        ("provisional, revised", "provisional"),
    ],
)
def test_value_note_words_set_the_flag(export, note, flag) -> None:  # type: ignore[no-untyped-def]
    row = fetch(export([{"Value note": note}])).iloc[0]  # whole counts: 40 = 100 x 100 / 250
    assert row["note"] == note
    assert (None if pd.isna(row["flag"]) else row["flag"]) == flag


def test_modelled_counts_outrank_a_note_word(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [{"Value": "80", "Count": "1872.5", "Denominator": "2340.625", "Value note": "provisional"}]
    )
    row = fetch(path).iloc[0]
    assert row["flag"] == "estimated"
    assert row["note"].startswith("provisional; ")


def test_blank_value_is_suppressed_whatever_else_the_row_says(export) -> None:  # type: ignore[no-untyped-def]
    path = export(
        [
            {"Value": "", "Count": "", "Denominator": "",
             "Value note": "Value missing in source data"},
            {"Area Code": "E06000001", "Value": "", "Count": "4018.333333",
             "Denominator": "5029.333333"},
            {"Area Code": "E06000002", "Value": "", "Value note": "provisional"},
        ]
    )  # fmt: skip
    frame = by_area(path)
    assert (frame["flag"] == "suppressed").all()
    assert frame["value"].isna().all()
    assert frame["note"].to_dict() == {
        "E06000001": None,  # no modelled note: there is no figure to qualify
        "E06000002": "provisional",
        "E06000004": "Value missing in source data",
    }


def test_an_estimated_note_exempts_whole_counts_from_the_ratio(export) -> None:  # type: ignore[no-untyped-def]
    """41 is not 100 x 100 / 250, but the file says the figure is estimated, as the core
    also allows."""
    row = fetch(export([{"Value": "41", "Value note": "Value estimated"}])).iloc[0]
    assert (row["value"], row["flag"]) == (41.0, "estimated")


@pytest.mark.parametrize(
    ("value", "count", "denominator"),
    [
        ("40", "100", "250"),  # exact
        ("40.0", "100", "250"),
        # 40.4: a whole-number Value may be rounded to whole units (the core reads it so).
        ("40", "101", "250"),
        ("40.50", "1012", "2500"),  # 40.48: trailing zeros do not count (0.05, not 0.005)
        ("33.3", "1", "3"),  # 33.333 is within 0.05 of 33.3
        ("33.33", "1", "3"),  # within 0.005 of 33.33
        ("40.04", "1001", "2500"),  # exact
        ("80.49132948", "1114", "1384"),  # Darlington 2019/20, real file (80.491329479...)
    ],
)
def test_whole_counts_agreeing_within_the_rounding_load(export, value, count, denominator) -> None:  # type: ignore[no-untyped-def]
    row = fetch(export([{"Value": value, "Count": count, "Denominator": denominator}])).iloc[0]
    assert row["value"] == float(value)
    assert pd.isna(row["flag"])


@pytest.mark.parametrize(
    ("value", "count", "denominator"),
    [
        ("41", "100", "250"),  # 40 wanted
        ("41", "101", "250"),  # 40.4: beyond 0.5 of 41
        ("40.1", "100", "250"),  # 0.1 off, beyond 0.05
        ("33.34", "1", "3"),  # 33.333: 0.0067 off, beyond 0.005
        ("40.00001", "100", "250"),  # 0.00001 off, beyond 0.000005
    ],
)
def test_whole_counts_disagreeing_with_the_value_are_refused(  # type: ignore[no-untyped-def]
    export, value, count, denominator
) -> None:
    path = export([{}, {"Value": value, "Count": count, "Denominator": denominator}])
    with pytest.raises(SourceError) as info:
        fetch(path)
    message = str(info.value)
    assert str(path) in message
    assert "1 problem in the Fingertips export" in message
    assert f"line 3, column 'Value': '{value}' is not 100 x Count / Denominator" in message


@pytest.mark.parametrize(("count", "denominator"), [("100", ""), ("", "250"), ("4018.333333", "")])
def test_a_count_without_its_denominator_is_dropped_with_it(  # type: ignore[no-untyped-def]
    export, count, denominator
) -> None:
    """The core takes a numerator only with its denominator: both go, the Value stays."""
    row = fetch(export([{"Count": count, "Denominator": denominator}])).iloc[0]
    assert row["value"] == 40.0
    assert math.isnan(row["numerator"])
    assert math.isnan(row["denominator"])


def test_an_unpaired_modelled_count_still_flags_the_figure(export) -> None:  # type: ignore[no-untyped-def]
    row = fetch(export([{"Count": "4018.333333", "Denominator": ""}])).iloc[0]
    assert row["flag"] == "estimated"
