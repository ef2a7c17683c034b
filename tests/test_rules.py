"""The rules module read against DESIGN.md's "Status rules", sentence by sentence.

Each test quotes the sentence it checks. Codes are turned into words through the
published vocabularies (``STATUSES``, ``TRENDS``), so a test reads as the contract does.
The hypothesis properties compare with a plain restatement written here, one ``if`` per
clause, that shares no code with the module.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssp_targets import STATUSES, TRENDS
from ssp_targets.assessment import rules

NAN = float("nan")


def words(codes, vocabulary=STATUSES):
    return [vocabulary[c] for c in np.atleast_1d(codes)]


def word(codes, vocabulary=STATUSES):
    (only,) = words(codes, vocabulary)
    return only


# "For a quantitative measure with polarity `higher`, target T and amber band b >= 0:
#  green when value >= T; amber when T - b <= value < T; red when value < T - b"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (80.0, "green"),  # value = T: green (the band is inclusive at T)
        (95.0, "green"),
        (79.99, "amber"),  # just under T
        (75.0, "amber"),  # value = T - b: still amber
        (74.99, "red"),  # just under T - b
        (0.0, "red"),
    ],
)
def test_higher_is_better(value, expected):
    assert word(rules.status_higher(value, 80.0, 5.0)) == expected


def test_higher_with_no_band_has_no_amber():
    assert words(rules.status_higher([80.0, 79.999], 80.0, 0.0)) == ["green", "red"]


# "Polarity `lower` mirrors it (green when value <= T; amber when T < value <= T + b;
#  red otherwise)."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (40.0, "green"),  # value = T
        (12.0, "green"),
        (40.01, "amber"),
        (45.0, "amber"),  # value = T + b: still amber
        (45.01, "red"),
    ],
)
def test_lower_is_better(value, expected):
    assert word(rules.status_lower(value, 40.0, 5.0)) == expected


# "b = amber_within, or p% of |T| when written "p%""


def test_band_in_the_unit_is_taken_as_written():
    assert rules.band_width(3.0, False, -200.0) == 3.0


def test_band_as_a_share_is_of_the_size_of_the_target():
    # 5% of |-200| is 10, never -10: a negative target keeps a band of the right sign.
    assert rules.band_width(0.05, True, -200.0) == pytest.approx(10.0)
    assert rules.band_width(0.05, True, 200.0) == pytest.approx(10.0)


# "A target written as a change (e.g. -5% against the same quarter last year ...)
#  resolves to a number first, then the same rule applies"


def test_change_targets_resolve_to_a_number():
    assert rules.change_target(200.0, -0.05, True) == pytest.approx(190.0)
    assert rules.change_target(200.0, 3.0, False) == pytest.approx(203.0)
    assert math.isnan(rules.change_target(NAN, -0.05, True))


# "if the reference is missing the status is `no_data`"
# "No target, or polarity `none`: status `monitor`. No observation for the quarter:
#  `no_data`."


def test_what_is_missing_decides_before_the_bands():
    higher, none = 1, 0
    cases = [
        # value, target, sign, kind of target: expected
        ((50.0, NAN, higher, rules.CHANGE), "no_data"),  # reference missing
        ((50.0, NAN, higher, rules.NO_TARGET), "monitor"),  # no target
        ((50.0, 40.0, none, rules.FIXED), "monitor"),  # polarity none
        ((NAN, 40.0, higher, rules.FIXED), "no_data"),  # no observation
        ((NAN, NAN, none, rules.NO_TARGET), "no_data"),  # no observation beats monitor
        ((50.0, NAN, higher, rules.BY_YEAR), "monitor"),  # a year the plan sets no target
        ((50.0, 40.0, higher, rules.CHANGE), "green"),  # a resolved change target
        ((30.0, 40.0, -1, rules.FIXED), "green"),  # lower polarity through the sign
        ((41.0, 40.0, -1, rules.FIXED), "red"),
    ]
    for (value, target, sign, kind), expected in cases:
        got = word(rules.status(value, target, 0.0, sign, kind))
        assert got == expected, (value, target, sign, kind)


# "Values are compared unrounded (74.999 misses 75 ...), except that a value within 1e-9
#  (relative) of its target counts as equal ... (33 meets a +10% change on 30)"


def test_values_are_compared_unrounded():
    assert word(rules.status_higher(74.999, 75.0, 0.0)) == "red"


def test_float_noise_never_flips_a_status():
    above = np.nextafter(33.0, 34.0)  # 33.000000000000007: a target computed with noise
    below = np.nextafter(33.0, 32.0)
    assert word(rules.status_higher(33.0, above, 0.0)) == "green"
    assert word(rules.status_lower(33.0, below, 0.0)) == "green"


def test_the_tolerance_is_relative_and_tight():
    assert rules.at_least(1e6 - 1e-4, 1e6)  # one part in 1e10 below
    assert not rules.at_least(1e6 - 1e-2, 1e6)  # one part in 1e8 below
    assert not rules.at_least(-1e-12, 0.0)  # relative to 0 means exact


# "Trend ...: `improving` / `worsening` / `no_change` when the polarity says which way is
#  good, `up` / `down` / `no_change` when it does not, `no_data` when either value is
#  missing."


@pytest.mark.parametrize(
    ("value", "before", "sign", "expected"),
    [
        (12.0, 10.0, 1, "improving"),
        (8.0, 10.0, 1, "worsening"),
        (8.0, 10.0, -1, "improving"),
        (12.0, 10.0, -1, "worsening"),
        (12.0, 10.0, 0, "up"),
        (8.0, 10.0, 0, "down"),
        (10.0, 10.0, 1, "no_change"),
        (10.0, 10.0, 0, "no_change"),
        (33.0, float(np.nextafter(33.0, 34.0)), 1, "no_change"),  # float noise is no change
        (NAN, 10.0, 1, "no_data"),
        (10.0, NAN, 0, "no_data"),
    ],
)
def test_trend(value, before, sign, expected):
    assert word(rules.trend(value, before, sign), TRENDS) == expected


# "Year to date: `sum` adds the quarters of the financial year so far; `ratio` is
#  Σnumerator / Σdenominator; `mean` and `latest` as named." (Quarters run Q1..Q4 along
#  the last axis, a whole number of years.)

TWO_YEARS = np.array([1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0])


def test_ytd_sum_adds_the_year_so_far_and_starts_again_at_q1():
    assert rules.ytd_sum(TWO_YEARS).tolist() == [1, 3, 6, 10, 10, 30, 60, 100]


def test_ytd_mean_averages_the_year_so_far():
    assert rules.ytd_mean(TWO_YEARS).tolist() == [1, 1.5, 2, 2.5, 10, 15, 20, 25]


def test_ytd_latest_is_the_quarter():
    assert rules.ytd_latest(TWO_YEARS).tolist() == TWO_YEARS.tolist()


def test_ytd_ratio_pools_numerators_and_denominators():
    numerators = np.array([1.0, 9.0, 0.0, 0.0])
    denominators = np.array([10.0, 10.0, 1.0, 1.0])
    got = rules.ytd_ratio(numerators, denominators, 100.0)
    # Q2: (1 + 9) / (10 + 10) = 50%, where the mean of the quarters' ratios is also 50%;
    # Q3: 10 / 21, not the mean of 10%, 90% and 0%.
    assert got[1] == pytest.approx(50.0)
    assert got[2] == pytest.approx(100 * 10 / 21)
    assert got[3] == pytest.approx(100 * 10 / 22)


def test_year_to_date_rules_are_named_by_the_plan_word():
    assert set(rules.YEAR_TO_DATE) == {"sum", "mean", "latest"}
    assert rules.YEAR_TO_DATE["mean"] is rules.ytd_mean


# -- properties against a plain restatement ---------------------------------------------


def plain_status(value: float, target: float, band: float, polarity: str) -> str:
    def meets(v: float, threshold: float) -> bool:
        return v >= threshold or abs(v - threshold) <= 1e-9 * abs(threshold)

    if polarity == "higher":
        if meets(value, target):
            return "green"
        if meets(value, target - band):
            return "amber"
        return "red"
    if meets(-value, -target):
        return "green"
    if meets(-value, -(target + band)):
        return "amber"
    return "red"


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
bands = st.floats(min_value=0, max_value=1e4, allow_nan=False)


@given(value=finite, target=finite, band=bands, polarity=st.sampled_from(["higher", "lower"]))
def test_status_matches_the_wording(value, target, band, polarity):
    function = rules.status_higher if polarity == "higher" else rules.status_lower
    assert word(function(value, target, band)) == plain_status(value, target, band, polarity)
    sign = 1 if polarity == "higher" else -1
    assert word(rules.status(value, target, band, sign, rules.FIXED)) == plain_status(
        value, target, band, polarity
    )


@given(values=st.lists(finite, min_size=4, max_size=4))
def test_a_year_to_date_sum_ends_the_year_at_the_years_total(values):
    assert rules.ytd_sum(values)[-1] == pytest.approx(math.fsum(values), abs=1e-6)
