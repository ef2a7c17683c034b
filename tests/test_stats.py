"""Tests for ssp_targets.stats: XmR (NHSRplotthedots) and intervals (PHEindicatormethods).

Reference cases cite the file they come from; values are re-derived, never copied code.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssp_targets.stats import proportion_ci, rate_ci, xmr, xmr_frame

# set.seed(123); rnorm(20) in R: the data of NHSRplotthedots tests/testthat/test-ptd_spc.R
# and test-ptd_spc_standard.R, whose snapshots (tests/testthat/_snaps/ptd_spc.md,
# _snaps/ptd_spc_standard.md) print y to 3 s.f. and mean 0.142, lpl -3.01, upl 3.29.
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
    -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
    -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def test_snapshot_limits_match_reference():
    # _snaps/ptd_spc.md, "it outputs expected content": mean 0.142, lpl -3.01, upl 3.29,
    # 20 points all common cause.
    r = xmr(RNORM_123)
    assert round(r.mean, 3) == 0.142
    assert round(r.lower_limit, 2) == -3.01
    assert round(r.upper_limit, 2) == 3.29
    assert set(r.points) == {"common_cause"}
    assert r.variation == "common_cause"
    assert r.trial_limits is False


def test_snapshot_facets_match_reference():
    # _snaps/ptd_spc.md, faceted summary: first ten 0.0746 / -2.60 / 2.75, last ten
    # 0.209 / -3.28 / 3.70 (10 points each, so trial limits).
    a, b = xmr(RNORM_123[:10]), xmr(RNORM_123[10:])
    assert (round(a.mean, 4), round(a.lower_limit, 2), round(a.upper_limit, 2)) == (
        0.0746, -2.60, 2.75,
    )  # fmt: skip
    assert (round(b.mean, 3), round(b.lower_limit, 2), round(b.upper_limit, 2)) == (
        0.209, -3.28, 3.70,
    )  # fmt: skip
    assert a.trial_limits
    assert b.trial_limits
    # A rebase at position 10 gives the second facet's limits as the latest group's.
    r = xmr(RNORM_123, rebase_at=[10])
    assert (r.mean, r.lower_limit, r.upper_limit) == (b.mean, b.lower_limit, b.upper_limit)


def test_screen_outliers_changes_limits():
    # test-ptd_spc_standard.R "it returns expected values": y[15] <- 10 (R, 1-based); the
    # three sets of limits differ, and unscreened limits are wider than screened.
    y = list(RNORM_123)
    y[14] = 10
    r1, r2, r3 = xmr(RNORM_123), xmr(y), xmr(y, screen_outliers=False)
    assert len({r1.lower_limit, r2.lower_limit, r3.lower_limit}) == 3
    assert len({r1.upper_limit, r2.upper_limit, r3.upper_limit}) == 3
    assert r3.upper_limit - r3.lower_limit > r2.upper_limit - r2.lower_limit
    assert r2.points[14] == "special_cause_improvement"


def test_fix_after_n_points_changes_limits():
    # test-ptd_spc_standard.R "setting fix_after_n_points changes the calculations".
    r0, r1 = xmr(RNORM_123), xmr(RNORM_123, fix_after_n_points=12)
    assert r1.lower_limit != r0.lower_limit
    assert r1.upper_limit != r0.upper_limit
    assert r1.mean == pytest.approx(np.mean(RNORM_123[:12]))
    # R/ptd_spc_options.R: fix_after_n_points must be >= 12.
    with pytest.raises(ValueError, match="12"):
        xmr(RNORM_123, fix_after_n_points=11)


def test_two_close_points_on_opposite_sides_are_common_cause():
    # test-ptd_spc_standard.R "it only reports special cause for 2 of 3 points close to
    # limits when they are on the same side of the mean": 1,-1 x 8 with 5.5 and -5.5 last.
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    assert xmr(y).points[-2:] == ("common_cause", "common_cause")


def test_two_in_three_same_side_flags_the_close_points():
    # R/ptd_calculate_point_type.R ptd_two_in_three / ptd_part_of_two_in_three and
    # test-ptd_calculate_point_type.R: only the close points are flagged.
    y = [1.0, -1.0] * 8 + [1.0, 5.0, 1.0, 5.0]
    r = xmr(y)
    assert r.points[-4:] == (
        "common_cause", "special_cause_improvement", "common_cause",
        "special_cause_improvement",
    )  # fmt: skip
    assert xmr(y, improvement="decrease").points[-1] == "special_cause_concern"
    assert xmr(y, improvement="neutral").points[-1] == "special_cause_neutral"


def test_seven_point_trend_needs_six_strict_steps():
    # test-ptd_calculate_point_type.R ptd_seven_point_trend: 1:7 flags, 1:6 does not, a
    # repeat (c(1:3, 3:6)) breaks it. Padded with a flat, noisy baseline.
    base = [10.0, 11.0] * 8
    rise = [10.0, 10.2, 10.4, 10.6, 10.8, 11.0, 11.2]
    r = xmr(base + rise + [10.5, 10.5])
    assert r.points[16:23] == ("special_cause_improvement",) * 7
    assert set(xmr(base + rise[:6] + [10.5, 10.5]).points) == {"common_cause"}
    repeat = [10.0, 10.2, 10.4, 10.4, 10.6, 10.8, 11.0]
    assert set(xmr(base + repeat + [10.5, 10.5]).points) == {"common_cause"}
    fall = xmr(base + rise[::-1] + [10.5, 10.5], improvement="increase")
    assert fall.points[16:23] == ("special_cause_concern",) * 7


def test_shift_of_seven_and_a_point_on_the_mean_breaks_it():
    # test-ptd_calculate_point_type.R ptd_seven_point_one_side_mean: 6 on one side do not
    # flag, 7 or more do (every point of the run); 0 (on the mean) never counts.
    base = [2.0, 0.0] * 8
    six = xmr(base + [1.2] * 6 + [0.8, 1.0])
    assert set(six.points) == {"common_cause"}
    seven = xmr(base + [1.1] * 8, improvement="decrease")
    assert seven.points[15:] == ("common_cause",) + ("special_cause_concern",) * 8
    # Mean exactly 1.125: (18 + 9 + 1.125) / 25; the point on the mean splits the run.
    on_mean = xmr([2.0, 0.0] * 9 + [1.5] * 3 + [1.125] + [1.5] * 3)
    assert on_mean.mean == 1.125
    assert set(on_mean.points) == {"common_cause"}
    assert seven.variation == "special_cause_concern"


def test_assurance_follows_reference_cases():
    # test-ptd_calculate_assurance_type.R: limits (1,3), (5,7), (1,5) with target 4 give
    # fail / pass / inconsistent for "increase", pass / fail / inconsistent for "decrease".
    def series(lo: float, hi: float) -> list[float]:
        mid, half = (lo + hi) / 2, (hi - lo) / 4 / 2.66
        return [mid - half, mid + half] * 10  # mean moving range 2 * half: limits (lo, hi)

    cases = [(series(1, 3), "consistently_missed"), (series(5, 7), "consistently_met"),
             (series(1, 5), "hit_and_miss")]  # fmt: skip
    for ys, word in cases:
        r = xmr(ys, target=4)
        assert r.assurance == word
    flip = {"consistently_met": "consistently_missed", "consistently_missed": "consistently_met"}
    for ys, word in cases:
        assert xmr(ys, improvement="decrease", target=4).assurance == flip.get(word, word)
        assert xmr(ys, improvement="neutral", target=4).assurance is None
        assert xmr(ys).assurance is None


def test_target_exactly_on_a_limit_is_hit_and_miss():
    r = xmr([0.0, 1.0] * 10)
    assert xmr([0.0, 1.0] * 10, target=r.upper_limit).assurance == "hit_and_miss"
    assert xmr([0.0, 1.0] * 10, target=r.lower_limit).assurance == "hit_and_miss"


def test_missing_values_are_skipped():
    y = [*RNORM_123[:5], None, *RNORM_123[5:]]
    r = xmr(y)
    assert r.points[5] is None
    assert r.mean == pytest.approx(np.mean(RNORM_123))


# Properties -------------------------------------------------------------------------------

values = st.lists(
    st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: round(x, 2)), min_size=2, max_size=40
)


@given(values)
def test_limits_symmetric_about_mean(ys):
    r = xmr(ys)
    assert r.upper_limit - r.mean == pytest.approx(r.mean - r.lower_limit, abs=1e-6)


@given(values, st.floats(-1e3, 1e3).map(lambda x: round(x, 1)))
def test_shifting_a_series_shifts_its_limits(ys, c):
    a, b = xmr(ys), xmr([y + c for y in ys])
    assert b.mean == pytest.approx(a.mean + c, abs=1e-6)
    assert b.upper_limit == pytest.approx(a.upper_limit + c, abs=1e-6)
    assert b.lower_limit == pytest.approx(a.lower_limit + c, abs=1e-6)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(1, 50))
def test_constant_series_has_no_special_cause(c, n):
    r = xmr([c] * n)
    assert set(r.points) == {"common_cause"}
    assert r.trial_limits == (n < 13)


def _frame_case(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[tuple[str, str], list[float]]]:
    series = {}
    rows = []
    for i in range(draw(st.integers(1, 4))):
        for a in ("A", "B")[: draw(st.integers(1, 2))]:
            ys = draw(st.lists(st.integers(0, 30).map(float), min_size=1, max_size=30))
            series[(f"i{i}", a)] = ys
            for k, y in enumerate(ys):
                rows.append((f"i{i}", a, f"{2010 + k // 4}/{k // 4 + 11} Q{k % 4 + 1}", y))
    perm = draw(st.permutations(rows))
    return pd.DataFrame(perm, columns=["indicator", "area", "period", "value"]), series


@settings(max_examples=60, deadline=None)
@given(st.composite(_frame_case)(), st.booleans(), st.sampled_from(["increase", "neutral"]))
def test_frame_equals_single_series(case, screen, improvement):
    frame, series = case
    points, summary = xmr_frame(frame, improvement=improvement, target=12.0,
                                screen_outliers=screen)  # fmt: skip
    for (ind, area), ys in series.items():
        one = xmr(ys, improvement=improvement, target=12.0, screen_outliers=screen)
        got = points[(points.indicator == ind) & (points.area == area)]
        assert [None if pd.isna(p) else p for p in got.point] == list(one.points)
        row = summary[(summary.indicator == ind) & (summary.area == area)].iloc[0]
        np.testing.assert_allclose(
            [row["mean"], row.lower_limit, row.upper_limit],
            [one.mean, one.lower_limit, one.upper_limit],
        )
        assert row.variation == one.variation
        assert (None if pd.isna(row.assurance) else row.assurance) == one.assurance
        assert bool(row.trial_limits) == one.trial_limits


def test_frame_rebase_by_period_and_mapping():
    periods = [f"{2010 + k // 4}/{k // 4 + 11} Q{k % 4 + 1}" for k in range(20)]
    frame = pd.DataFrame({"indicator": "x", "area": "A", "period": periods,
                          "value": RNORM_123})  # fmt: skip
    _, s1 = xmr_frame(frame, rebase_at=[periods[10]])
    _, s2 = xmr_frame(frame, rebase_at={("x", "A"): [periods[10]]}, improvement={"x": "decrease"})
    one = xmr(RNORM_123, rebase_at=[10])
    assert s1["mean"].iloc[0] == pytest.approx(one.mean)
    assert s2["upper_limit"].iloc[0] == pytest.approx(one.upper_limit)


# Intervals --------------------------------------------------------------------------------


def test_wilson_documented_example():
    # PHEindicatormethods R/Wilson.R examples wilson_lower(65, 100), wilson_lower(65, 100,
    # 99.8); tests/testthat/testWilson.R inputs c(65, 1045, 0.445) / c(100, 5000, 1).
    # Expected values re-derived from the Wilson score formula with z from the stdlib.
    from statistics import NormalDist

    for conf in (0.95, 0.998):
        z = NormalDist().inv_cdf(0.5 + conf / 2)
        for x, n in ((65, 100), (1045, 5000), (0.445, 1)):
            p = x / n
            centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
            lo, hi = proportion_ci([x], [n], confidence=conf)
            assert lo[0] == pytest.approx((centre - half) / (1 + z * z / n), rel=1e-9)
            assert hi[0] == pytest.approx((centre + half) / (1 + z * z / n), rel=1e-9)
    lo, hi = proportion_ci(65, 100)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.5525, 0.7364)
    lo, hi = proportion_ci(65, 100, confidence=99.8, multiplier=100)
    assert (round(float(lo), 2), round(float(hi), 2)) == (49.55, 77.84)


def test_wilson_exact_ends_and_missing():
    lo, hi = proportion_ci([0, 7, 7, np.nan, 3], [7, 7, 10, 10, np.nan], multiplier=100)
    assert lo[0] == 0
    assert hi[1] == 100
    assert np.isnan(lo[3])
    assert np.isnan(hi[4])
    with pytest.raises(ValueError, match="less than or equal"):
        proportion_ci([8], [7])


def test_exact_poisson_small_counts():
    # phe_rate (R/Rates.R): qchisq((1-c)/2, 2x)/2 and qchisq((1+c)/2, 2x+2)/2 below 10.
    # Garwood's exact 95% limits for 0, 1, 5, 9 events (standard tables).
    lo, hi = rate_ci([0, 1, 5, 9])
    np.testing.assert_allclose(lo, [0, 0.0253, 1.6235, 4.1154], atol=1e-4)
    np.testing.assert_allclose(hi, [3.6889, 5.5716, 11.6683, 17.0848], atol=1e-4)


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_the_table_of_exact_limits_is_scipys(level):
    from scipy.special import gammaincinv

    from ssp_targets.stats._intervals import _EXACT_TABLE

    k = np.arange(10.0)
    lower = np.where(k > 0, gammaincinv(np.maximum(k, 1e-300), (1 - level) / 2), 0.0)
    upper = gammaincinv(k + 1, (1 + level) / 2)
    assert _EXACT_TABLE[level] == (tuple(lower.tolist()), tuple(upper.tolist()))
    lo, hi = rate_ci(k, confidence=level)
    assert (lo.tolist(), hi.tolist()) == (lower.tolist(), upper.tolist())


def test_fractional_counts_and_other_levels_use_scipy():
    from scipy.special import gammaincinv

    lo, hi = rate_ci([2.5, 3.0], confidence=0.99)
    assert lo[0] == pytest.approx(gammaincinv(2.5, 0.005), rel=1e-12)
    assert hi[1] == pytest.approx(gammaincinv(4.0, 0.995), rel=1e-12)
    lo, hi = rate_ci([2.5, np.nan])
    assert hi[0] == pytest.approx(gammaincinv(3.5, 0.975), rel=1e-12)
    assert np.isnan(lo[1])


def test_byars_from_ten_events():
    # R/Byars.R examples byars_lower(65), byars_upper(65): x(1 - 1/9x - z/3sqrt(x))^3 and
    # (x+1)(1 - 1/9(x+1) + z/3sqrt(x+1))^3; 65 events give 50.16 and 82.85 (95%).
    lo, hi = rate_ci(np.array([65.0, 10.0]), np.array([1000.0, 1.0]), multiplier=1000)
    assert (round(lo[0], 2), round(hi[0], 2)) == (50.16, 82.85)
    z = 1.959963984540054
    assert lo[1] == pytest.approx(1000 * 10 * (1 - 1 / 90 - z / (3 * math.sqrt(10))) ** 3)
    # Byar's lower limit goes negative for tiny counts, which is why exact is used below 10.
    assert 1 * (1 - 1 / 9 - 3.090232 / 3) ** 3 < 0
    lo, hi = rate_ci([None, 3], [100, None])
    assert np.isnan(lo).all()
    assert np.isnan(hi).all()


count = st.integers(0, 500)


@given(count, st.integers(1, 500), st.sampled_from([0.95, 0.998]))
def test_proportion_interval_contains_estimate_and_narrows(x, extra, conf):
    n = x + extra
    lo, hi = proportion_ci([x, 4 * x], [n, 4 * n], confidence=conf)
    assert lo[0] <= x / n <= hi[0]
    assert hi[1] - lo[1] <= hi[0] - lo[0] + 1e-12


@given(count, st.floats(1, 1e6), st.sampled_from([0.95, 0.998]))
def test_rate_interval_contains_estimate(x, n, conf):
    lo, hi = rate_ci([x], [n], confidence=conf, multiplier=1e5)
    assert lo[0] <= x / n * 1e5 <= hi[0]
    assert lo[0] >= 0


# Limits fixed on a flat baseline: mean 11, mean moving range 2, so the process limits
# are 11 ± 5.32 (5.68 to 16.32) and "near a limit" starts two thirds of the way out,
# 11 ± 3.547 (beyond 14.547 or below 7.453).
BASELINE = [10.0, 12.0] * 10


def test_two_in_three_does_not_count_a_point_beyond_the_limit_as_near():
    r = xmr([*BASELINE, 17.0, 15.0, 11.5], fix_after_n_points=20)
    assert (r.upper_limit, r.near_upper) == pytest.approx((16.32, 11 + 2 * 5.32 / 3))
    assert r.points[-3:] == ("special_cause_improvement", "common_cause", "common_cause")


def test_near_a_limit_means_beyond_two_thirds_of_the_way_not_beyond_one_sigma_and_a_third():
    # 14.0 is 1.5 moving ranges above the mean: past 1.33 sigma (1.18 moving ranges) but
    # short of two thirds of the way to the limit (1.77): not near.
    near_enough = xmr([*BASELINE, 14.0, 11.2, 14.0], fix_after_n_points=20)
    assert set(near_enough.points) == {"common_cause"}
    nearer = xmr([*BASELINE, 15.0, 11.2, 15.0], fix_after_n_points=20)
    assert nearer.points[-3:] == (
        "special_cause_improvement", "common_cause", "special_cause_improvement",
    )  # fmt: skip


def test_the_variation_is_the_last_point_with_a_figure():
    r = xmr([*BASELINE, 17.0, None], fix_after_n_points=20)
    assert r.points[-1] is None
    assert r.variation == "special_cause_improvement"
    frame = pd.DataFrame(
        {
            "indicator": "a:b",
            "area": "E06000004",
            "period": [f"20{10 + k // 4}/{11 + k // 4} Q{k % 4 + 1}" for k in range(22)],
            "value": [*BASELINE, 17.0, np.nan],
        }
    )
    _, series = xmr_frame(frame, fix_after_n_points=20)
    assert series["variation"].tolist() == ["special_cause_improvement"]


# -- special cause in words: each rule named, with the run lengths the series has ---------


def _words(values, improvement="increase"):
    from ssp_targets.stats import describe_special_cause

    return describe_special_cause(xmr(values, improvement=improvement))


def test_special_cause_words_name_each_rule_and_its_length():
    assert _words([10, 11, 10, 11, 10, 11, 10, 11, 10, 11]) == "common cause variation only"
    # Wide limits from 0/20; then 4, 6 ... 16: seven quarters rising (six steps), no more.
    assert _words([0, 20, 0, 20, 0, 20, 4, 6, 8, 10, 12, 14, 16, 0, 20]) == (
        "special cause: 7 quarters rising"
    )
    # Mean 8; 5, 6, 5, 6 ... eight quarters in a row below it.
    assert _words([0, 20, 0, 20, 0, 20, 0, 20, 5, 6, 5, 6, 5, 6, 5, 6, 20, 0]) == (
        "special cause: 8 quarters below the mean"
    )
    # One spike of 30 in a steady series: outside the upper limit (and it lifts the mean
    # over the eleven quarters before it).
    assert _words([10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 30, 12, 10]) == (
        "special cause: a point above the upper limit; 11 quarters below the mean"
    )


def test_special_cause_words_for_two_of_three_near_a_limit():
    values = [10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 21, 22, 13, 10]
    result = xmr(values)
    assert result.near_upper < 21 < 22 < result.upper_limit  # near, not outside
    assert result.rules[12] == result.rules[13] == ("near_upper",)
    assert _words(values) == "special cause: two of three quarters near the upper limit"
