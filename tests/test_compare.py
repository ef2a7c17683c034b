"""Comparison with similar areas: rates per 1,000, published intervals, the group's pooled
figure, Fingertips-style comparison and benchmark targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssp_targets import (
    BenchmarkTarget,
    ObservationError,
    PlanError,
    assess,
    build_report,
    plan_from_dict,
    render,
)
from ssp_targets.report import cells
from ssp_targets.stats import COMPARISONS, compare_with_benchmark, proportion_ci, rate_ci

STOCKTON, HARTLEPOOL, MIDDLESBROUGH, DARLINGTON = (
    "E06000004",
    "E06000001",
    "E06000002",
    "E06000005",
)
ENGLAND = "E92000001"
TEES = [STOCKTON, HARTLEPOOL, MIDDLESBROUGH, DARLINGTON]
Q = "2018/19 Q2"
POPULATIONS = pd.DataFrame(
    {
        "area": [STOCKTON, HARTLEPOOL, MIDDLESBROUGH, DARLINGTON],
        "name": ["Stockton-on-Tees", "Hartlepool", "Middlesbrough", "Darlington"],
        "population": [197_030, 92_571, 143_734, 108_222],
    }
)


def plan_with(*measures, groups=None):
    base = {"priority": "1", "owners": ["o"], "title": "A measure"}
    return plan_from_dict(
        {
            "plan": {
                "id": "t",
                "title": "Test plan",
                "area": {"code": STOCKTON, "name": "Stockton-on-Tees"},
                "start": "2017/18",
                "end": "2019/20",
            },
            "owners": [{"id": "o", "name": "An owner"}],
            "priorities": [{"id": "1", "title": "Priority one"}],
            "measures": [{**base, **m} for m in measures],
            "groups": [{"id": "tv", "name": "Tees Valley", "areas": TEES}]
            if groups is None
            else groups,
        }
    )


PERCENT = {
    "id": "1.3",
    "unit": "percent",
    "polarity": "higher",
    "indicator": "crc:x",
    "aggregate": "ratio",
}
COUNT = {
    "id": "4.4",
    "unit": "count",
    "polarity": "lower",
    "indicator": "fire:f",
    "compare": "per_1000",
}


def frame(rows):
    """Observations from (indicator, area, value, numerator, denominator) tuples in Q."""
    return pd.DataFrame(
        [(i, a, Q, v, n, d) for i, a, v, n, d in rows],
        columns=["indicator", "area", "period", "value", "numerator", "denominator"],
    )


def percent_rows(counts):
    """crc:x figures from {area: (numerator, denominator)}."""
    return frame([("crc:x", a, 100 * n / d, n, d) for a, (n, d) in counts.items()])


def by_area(result, measure=None):
    rows = result if measure is None else result[result["measure"] == measure]
    return {str(r["area"]): r for r in rows.to_dict("records")}


# -- stats.compare_with_benchmark ----------------------------------------------------


@pytest.mark.parametrize(
    ("benchmark", "improvement", "expected"),
    [
        (50.0, "increase", "similar"),
        (40.0, "increase", "similar"),  # on the lower limit: inside, as Fingertips counts it
        (60.0, "increase", "similar"),  # on the upper limit
        (39.9, "increase", "better"),  # the area is significantly higher
        (60.1, "increase", "worse"),
        (39.9, "decrease", "worse"),
        (60.1, "decrease", "better"),
        (39.9, "neutral", "not_compared"),  # no polarity: not compared
        (float("nan"), "increase", "not_compared"),
    ],
)
def test_the_benchmark_inside_the_interval_edges_included_is_similar(
    benchmark, improvement, expected
):
    result = compare_with_benchmark([40.0], [60.0], [benchmark], improvement)
    assert result.tolist() == [expected]


def test_no_interval_is_not_compared():
    result = compare_with_benchmark([np.nan, 1.0], [np.nan, np.nan], [5.0, 5.0])
    assert result.tolist() == ["not_compared", "not_compared"]


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="improvement must be"):
        compare_with_benchmark([1.0], [2.0], [1.5], "up")


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(low=finite, width=st.floats(0, 1e6), bench=finite)
def test_reversing_the_polarity_swaps_better_and_worse(low, width, bench):
    up = compare_with_benchmark([low], [low + width], [bench], "increase")[0]
    down = compare_with_benchmark([low], [low + width], [bench], "decrease")[0]
    swap = {"better": "worse", "worse": "better", "similar": "similar"}
    assert down == swap[up]


@given(low=finite, width=st.floats(0, 1e6), extra=st.floats(0, 1e6), bench=finite)
def test_a_wider_interval_is_never_more_decisive(low, width, extra, bench):
    narrow = compare_with_benchmark([low], [low + width], [bench])[0]
    wide = compare_with_benchmark([low - extra], [low + width + extra], [bench])[0]
    assert narrow == "similar" or wide in (narrow, "similar")
    if narrow == "similar":
        assert wide == "similar"


# -- the plan's benchmark targets ----------------------------------------------------


def test_a_benchmark_target_names_a_group_or_an_area():
    plan = plan_with({**PERCENT, "target": {"benchmark": "tv"}})
    assert plan.measure("1.3").target == BenchmarkTarget("tv", 0.95)
    plan = plan_with({**PERCENT, "target": {"benchmark": ENGLAND, "level": 0.998}})
    assert plan.measure("1.3").target == BenchmarkTarget(ENGLAND, 0.998)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"benchmark": "nowhere"}, "neither a comparator group"),
        ({"benchmark": "tv", "level": 95}, "must be a confidence level"),
        ({"benchmark": "tv", "level": "high"}, "must be a confidence level"),
        ({"benchmark": "tv", "against": "x"}, "unknown keys"),
        ({"benchmark": 3}, "must name a comparator group or an area code"),
    ],
)
def test_a_bad_benchmark_target_is_refused_with_the_fix(target, message):
    with pytest.raises(PlanError, match=message) as caught:
        plan_with({**PERCENT, "target": target})
    assert "measure 1.3" in str(caught.value)


def test_the_shipped_plan_compares_4_1_with_the_tees_valley(ssp_plan):
    assert ssp_plan.measure("4.1").target == BenchmarkTarget("tees-valley", 0.95)


# -- published intervals -------------------------------------------------------------


def test_a_published_interval_is_kept_in_place_of_the_computed_one():
    obs = percent_rows({STOCKTON: (65, 100)})
    obs["lower_ci"], obs["upper_ci"] = [55.5], [70.25]
    row = by_area(assess(plan_with(PERCENT), obs, Q))[STOCKTON]
    assert (row["lower_ci"], row["upper_ci"]) == (55.5, 70.25)
    computed = by_area(assess(plan_with(PERCENT), percent_rows({STOCKTON: (65, 100)}), Q))
    assert computed[STOCKTON]["lower_ci"] != 55.5  # otherwise the test proves nothing


@pytest.mark.parametrize(
    ("lower", "upper", "message"),
    [
        ("", "70", "lower_ci.*blank but upper_ci is given"),
        ("60", "", "upper_ci.*blank but lower_ci is given"),
        ("70", "60", "lower_ci.*is above upper_ci"),
        ("66", "70", "value.*outside its own confidence interval"),
        ("x", "70", "lower_ci"),
    ],
)
def test_bad_published_intervals_are_refused_naming_the_row(tmp_path, lower, upper, message):
    from ssp_targets import read_observations

    path = tmp_path / "obs.csv"
    path.write_text(
        f"indicator,area,period,value,lower_ci,upper_ci\ncrc:x,{STOCKTON},{Q},65,{lower},{upper}\n",
        encoding="utf-8",
    )
    with pytest.raises(ObservationError, match=message) as caught:
        read_observations(path)
    assert "obs.csv" in str(caught.value)
    assert "row 2" in str(caught.value) or "line 2" in str(caught.value)


# -- rates, pooled figures, comparison and rank --------------------------------------


def test_counts_get_rates_per_1000_and_an_interval_from_the_population():
    obs = frame([("fire:f", a, v, np.nan, np.nan) for a, v in ((STOCKTON, 28), (HARTLEPOOL, 22))])
    rows = by_area(assess(plan_with(COUNT), obs, Q, populations=POPULATIONS))
    stockton = rows[STOCKTON]
    assert stockton["population"] == 197_030
    assert stockton["rate_per_1000"] == pytest.approx(28 / 197_030 * 1000)
    lower, upper = rate_ci([28])
    assert (stockton["lower_ci"], stockton["upper_ci"]) == pytest.approx((lower[0], upper[0]))
    pooled = (28 + 22) / (197_030 + 92_571) * 1000
    assert stockton["group_value"] == pytest.approx(pooled)


def test_without_a_population_a_count_has_no_rate_and_is_not_ranked():
    obs = frame([("fire:f", a, v, np.nan, np.nan) for a, v in ((STOCKTON, 28), (HARTLEPOOL, 22))])
    stockton = by_area(assess(plan_with(COUNT), obs, Q))[STOCKTON]
    assert np.isnan(stockton["rate_per_1000"])
    assert np.isnan(stockton["rank"])
    assert stockton["comparison"] == "not_compared"


def test_counts_are_ranked_by_their_rate_not_their_size():
    # Stockton has the most fires but the lowest rate: lower is better, so it ranks first.
    obs = frame(
        [
            ("fire:f", a, v, np.nan, np.nan)
            for a, v in ((STOCKTON, 30), (HARTLEPOOL, 20), (MIDDLESBROUGH, 29))
        ]
    )
    rows = by_area(assess(plan_with(COUNT), obs, Q, populations=POPULATIONS))
    assert (rows[STOCKTON]["rank"], rows[STOCKTON]["group_size"]) == (1, 3)
    assert rows[HARTLEPOOL]["rank"] == 3


def test_a_count_is_not_compared_unless_the_measure_says_so():
    # A cohort's offences: Hartlepool's 0 is not "better" than Stockton's 52.
    cohort = {"id": "1.2", "unit": "count", "polarity": "lower", "indicator": "iom:n"}
    obs = frame([("iom:n", a, v, np.nan, np.nan) for a, v in ((STOCKTON, 52), (HARTLEPOOL, 0))])
    rows = by_area(assess(plan_with(cohort), obs, Q, populations=POPULATIONS))
    for area in (STOCKTON, HARTLEPOOL):
        row = rows[area]
        assert pd.isna(row["comparison"]), area
        for column in ("rank", "group_size", "group_value", "rate_per_1000", "lower_ci"):
            assert np.isnan(row[column]), (area, column)
    report = build_report(plan_with(cohort), assess(plan_with(cohort), obs, Q), Q)
    assert report.comparison.empty


def test_a_count_compared_by_value_is_ranked_on_the_count_against_the_mean():
    cohort = {"id": "1.2", "unit": "count", "polarity": "lower", "indicator": "iom:n",
              "compare": "value"}  # fmt: skip
    counts = ((STOCKTON, 10), (HARTLEPOOL, 40), (MIDDLESBROUGH, 25))
    obs = frame([("iom:n", a, v, np.nan, np.nan) for a, v in counts])
    rows = by_area(assess(plan_with(cohort), obs, Q, populations=POPULATIONS))
    assert [rows[a]["rank"] for a in (STOCKTON, MIDDLESBROUGH, HARTLEPOOL)] == [1, 2, 3]
    assert rows[STOCKTON]["group_value"] == pytest.approx(25.0)
    assert np.isnan(rows[STOCKTON]["rate_per_1000"])
    lower, upper = rate_ci([10])  # the count's own exact interval, no population needed
    assert (rows[STOCKTON]["lower_ci"], rows[STOCKTON]["upper_ci"]) == pytest.approx(
        (lower[0], upper[0])
    )
    assert rows[STOCKTON]["comparison"] == "better"  # 10 (4.8 to 18.4) is below 25


def test_a_percentage_is_compared_by_its_value_unless_it_says_none():
    counts = {STOCKTON: (65, 100), HARTLEPOOL: (30, 50)}
    rows = by_area(assess(plan_with({**PERCENT, "compare": "none"}), percent_rows(counts), Q))
    assert np.isnan(rows[STOCKTON]["group_value"])
    assert np.isnan(rows[STOCKTON]["rank"])
    assert not np.isnan(rows[STOCKTON]["lower_ci"])  # its own interval stays


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        ({**PERCENT, "compare": "per_1000"}, 'compare = "per_1000" is for counts'),
        ({**COUNT, "compare": "none", "target": {"benchmark": "tv"}}, "not compared"),
        (
            {k: v for k, v in COUNT.items() if k != "compare"} | {"target": {"benchmark": "tv"}},
            "by default for counts",
        ),
        ({**COUNT, "compare": "per_head"}, "compare = 'per_head' is not one of"),
    ],
)
def test_a_compare_key_that_cannot_work_is_refused(measure, message):
    with pytest.raises(PlanError, match=message):
        plan_with(measure)


def test_the_group_figure_pools_numerators_and_denominators():
    counts = {STOCKTON: (65, 100), HARTLEPOOL: (30, 50), MIDDLESBROUGH: (90, 120)}
    rows = by_area(assess(plan_with(PERCENT), percent_rows(counts), Q))
    pooled = 100 * (65 + 30 + 90) / (100 + 50 + 120)
    assert [r["group_value"] for r in rows.values()] == [pytest.approx(pooled)] * 3


def test_an_area_outside_the_group_is_compared_but_not_pooled_or_ranked():
    counts = {STOCKTON: (65, 100), HARTLEPOOL: (30, 50), ENGLAND: (9000, 10000)}
    rows = by_area(assess(plan_with(PERCENT), percent_rows(counts), Q))
    assert rows[STOCKTON]["group_value"] == pytest.approx(100 * 95 / 150)
    assert np.isnan(rows[ENGLAND]["rank"])
    assert rows[ENGLAND]["comparison"] == "better"  # 90% against a group of 63%


def test_one_area_is_no_group_to_compare_with():
    rows = by_area(assess(plan_with(PERCENT), percent_rows({STOCKTON: (65, 100)}), Q))
    assert np.isnan(rows[STOCKTON]["group_value"])
    assert rows[STOCKTON]["comparison"] == "not_compared"


def test_no_group_in_the_plan_gives_no_comparison():
    plan = plan_with(PERCENT, groups=[])
    rows = by_area(assess(plan, percent_rows({STOCKTON: (65, 100), HARTLEPOOL: (1, 2)}), Q))
    assert pd.isna(rows[STOCKTON]["comparison"])
    assert np.isnan(rows[STOCKTON]["group_value"])


counts = st.tuples(st.integers(0, 400), st.integers(1, 400)).map(lambda nd: (min(nd), max(nd)))


@settings(max_examples=60, deadline=None)
@given(figures=st.fixed_dictionaries({a: counts for a in TEES}))
def test_comparison_is_fingertips_method_on_the_computed_intervals(figures):
    rows = by_area(assess(plan_with(PERCENT), percent_rows(figures), Q))
    numerators = np.array([figures[a][0] for a in TEES], dtype=float)
    denominators = np.array([figures[a][1] for a in TEES], dtype=float)
    lower, upper = proportion_ci(numerators, denominators, 0.95, 100)
    pooled = 100 * numerators.sum() / denominators.sum()
    expected = compare_with_benchmark(lower, upper, np.full(4, pooled), "increase")
    assert [rows[a]["comparison"] for a in TEES] == expected.tolist()
    assert set(expected) <= set(COMPARISONS)


# -- benchmark targets in assess -----------------------------------------------------


def test_a_group_benchmark_scores_green_amber_red_by_significance():
    plan = plan_with({**PERCENT, "target": {"benchmark": "tv"}})
    counts = {
        STOCKTON: (900, 1000),  # 90%: significantly above a pooled ~60%
        HARTLEPOOL: (600, 1000),
        MIDDLESBROUGH: (300, 1000),  # 30%: significantly below
        DARLINGTON: (60, 100),  # 60% on a small base: similar
    }
    rows = by_area(assess(plan, percent_rows(counts), Q))
    pooled = 100 * 1860 / 3100
    assert rows[STOCKTON]["status"] == "green"
    assert rows[MIDDLESBROUGH]["status"] == "red"
    assert rows[DARLINGTON]["status"] == "amber"
    assert rows[STOCKTON]["target"] == pytest.approx(pooled)
    assert np.isnan(rows[STOCKTON]["amber_within"])


def test_an_area_benchmark_compares_with_that_area_as_fingertips_does_with_england():
    plan = plan_with({**PERCENT, "polarity": "lower", "target": {"benchmark": ENGLAND}})
    counts = {STOCKTON: (30, 100), ENGLAND: (50_000, 100_000)}
    rows = by_area(assess(plan, percent_rows(counts), Q))
    assert rows[STOCKTON]["target"] == pytest.approx(50.0)
    assert rows[STOCKTON]["status"] == "green"  # 30% (21.9 to 39.6) is lower, lower is better


def test_the_level_sets_the_interval_the_benchmark_is_compared_with():
    # 62/100 has a 95% interval of 52.2 to 70.9 and a 99.8% interval of 46.6 to 75.3:
    # 50 is outside the first and inside the second.
    counts = {STOCKTON: (62, 100), ENGLAND: (5_000, 10_000)}
    at_95 = plan_with({**PERCENT, "target": {"benchmark": ENGLAND, "level": 0.95}})
    at_998 = plan_with({**PERCENT, "target": {"benchmark": ENGLAND, "level": 0.998}})
    assert by_area(assess(at_95, percent_rows(counts), Q))[STOCKTON]["status"] == "green"
    assert by_area(assess(at_998, percent_rows(counts), Q))[STOCKTON]["status"] == "amber"


def test_a_count_benchmark_compares_rates_and_targets_the_expected_count():
    plan = plan_with({**COUNT, "target": {"benchmark": "tv"}})
    obs = frame([("fire:f", a, v, np.nan, np.nan) for a, v in ((STOCKTON, 100), (HARTLEPOOL, 200))])
    rows = by_area(assess(plan, obs, Q, populations=POPULATIONS))
    rate = 300 / (197_030 + 92_571)
    assert rows[STOCKTON]["target"] == pytest.approx(rate * 197_030)
    assert rows[STOCKTON]["status"] == "green"  # far fewer per head, and lower is better
    assert rows[HARTLEPOOL]["status"] == "red"


def test_without_a_benchmark_figure_the_status_is_no_data_and_says_why():
    plan = plan_with({**PERCENT, "target": {"benchmark": ENGLAND}})
    row = by_area(assess(plan, percent_rows({STOCKTON: (65, 100)}), Q))[STOCKTON]
    assert row["status"] == "no_data"
    assert "no figure for the benchmark (E92000001)" in row["reason"]


def test_without_an_interval_the_status_is_monitor_and_says_why():
    plan = plan_with({**PERCENT, "target": {"benchmark": ENGLAND}})
    obs = frame([("crc:x", STOCKTON, 65.0, np.nan, np.nan), ("crc:x", ENGLAND, 50.0, 1, 2)])
    row = by_area(assess(plan, obs, Q))[STOCKTON]
    assert row["status"] == "monitor"
    assert row["reason"].startswith("not compared with the benchmark: no confidence interval")


def test_a_missing_figure_under_a_benchmark_target_is_no_data():
    plan = plan_with({**PERCENT, "target": {"benchmark": "tv"}})
    obs = percent_rows({HARTLEPOOL: (1, 2), MIDDLESBROUGH: (1, 2)})
    row = by_area(assess(plan, obs, Q))[STOCKTON]
    assert row["status"] == "no_data"
    assert row["reason"] == "no figure for this quarter"


@pytest.mark.parametrize(
    ("populations", "message"),
    [
        (pd.DataFrame({"area": [STOCKTON]}), "missing column"),
        (pd.DataFrame({"area": [STOCKTON, STOCKTON], "population": [1, 2]}), "appears twice"),
        (pd.DataFrame({"area": [STOCKTON], "population": [0]}), "above zero"),
        (pd.DataFrame({"area": [STOCKTON], "population": ["many"]}), "above zero"),
    ],
)
def test_a_bad_population_table_is_refused(populations, message):
    obs = frame([("fire:f", STOCKTON, 1.0, np.nan, np.nan)])
    with pytest.raises(ObservationError, match=message):
        assess(plan_with(COUNT), obs, Q, populations=populations)


# -- the report and dashboard --------------------------------------------------------


def fires_report(audience="partnership", counts=((STOCKTON, 28), (HARTLEPOOL, 3))):
    plan = plan_with(COUNT)
    obs = frame([("fire:f", a, v, np.nan, np.nan) for a, v in counts])
    assessed = assess(plan, obs, Q, populations=POPULATIONS)
    return build_report(plan, assessed, Q, audience=audience, populations=POPULATIONS)


def test_the_report_holds_the_group_areas_best_first_with_their_names():
    report = fires_report(counts=((STOCKTON, 28), (HARTLEPOOL, 30), (MIDDLESBROUGH, 29)))
    assert list(report.comparison["area"].astype(object)) == [STOCKTON, MIDDLESBROUGH, HARTLEPOOL]
    assert report.name_of(HARTLEPOOL) == "Hartlepool"
    assert report.name_of("E06000099") == "E06000099"


def test_the_public_report_blanks_what_would_give_a_small_count_away():
    report = fires_report("public")
    rows = by_area(report.comparison)
    hartlepool = rows[HARTLEPOOL]
    assert hartlepool["suppressed"]
    for column in ("value", "rate_per_1000", "lower_ci", "upper_ci", "rank"):
        assert np.isnan(hartlepool[column]), column
    assert pd.isna(hartlepool["comparison"])
    # The pooled figure less Stockton's would give Hartlepool's count away.
    assert np.isnan(rows[STOCKTON]["group_value"])
    partnership = by_area(fires_report().comparison)
    assert partnership[HARTLEPOOL]["value"] == 3
    assert not np.isnan(partnership[STOCKTON]["group_value"])


def test_the_dashboard_shows_the_comparison_with_a_text_alternative():
    page = render(fires_report(counts=((STOCKTON, 28), (HARTLEPOOL, 30))), "html")
    section = page[page.index('<section class="comparison"') :]
    section = section[: section.index("</section>")]
    assert "Compared with Tees Valley" in section
    assert 'data-area="E06000001"' in section
    assert ">Hartlepool<" in section
    assert '<svg class="chart-compare" role="img"' in section
    assert "marked by a " in section  # the shapes are named in the text alternative
    assert "✔ better" in section or "● similar" in section or "✖ worse" in section


def test_area_names_are_escaped_on_the_dashboard():
    names = POPULATIONS.assign(name=["Stockton", "<script>alert(1)</script>", "M", "D"])
    plan = plan_with(COUNT)
    obs = frame([("fire:f", a, v, np.nan, np.nan) for a, v in ((STOCKTON, 28), (HARTLEPOOL, 30))])
    assessed = assess(plan, obs, Q, populations=names)
    page = render(build_report(plan, assessed, Q, populations=names), "html")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_a_benchmark_target_reads_as_what_it_was_compared_with():
    plan = plan_with({**PERCENT, "target": {"benchmark": "tv"}})
    counts = {STOCKTON: (65, 100), HARTLEPOOL: (30, 50)}
    report = build_report(plan, assess(plan, percent_rows(counts), Q), Q)
    row = report.rows.iloc[0]
    shown = cells.target(row["target"], row["unit"], row["polarity"], report.benchmark_of("1.3"))
    assert shown == "vs tv 63.3%"
    assert "vs tv 63.3%" in render(report, "table")


def test_a_published_interval_decides_the_comparison_and_a_benchmark_status():
    # 60 of 100 has a Wilson interval of about 50.2% to 69.1%, which holds the group's
    # pooled 55%; the source published 59.9% to 60.1%, which does not.
    obs = pd.DataFrame(
        {
            "indicator": ["crc:x", "crc:x"],
            "area": [STOCKTON, HARTLEPOOL],
            "period": [Q, Q],
            "value": [60.0, 50.0],
            "numerator": [60.0, 50.0],
            "denominator": [100.0, 100.0],
            "lower_ci": [59.9, np.nan],
            "upper_ci": [60.1, np.nan],
        }
    )
    compared = by_area(assess(plan_with(PERCENT), obs, Q))
    assert compared[STOCKTON]["comparison"] == "better"
    assert compared[HARTLEPOOL]["comparison"] == "similar"
    scored = plan_with({**PERCENT, "target": {"benchmark": "tv"}})
    assert by_area(assess(scored, obs, Q))[STOCKTON]["status"] == "green"
    computed = by_area(assess(plan_with(PERCENT), obs.drop(columns=["lower_ci", "upper_ci"]), Q))
    assert computed[STOCKTON]["comparison"] == "similar"  # the same figure, our own interval
