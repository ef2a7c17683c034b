"""Hypothesis strategies shared by the tests: quarters, plans and observations."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st

from ssp_targets.plan.quarters import FREQ, quarter_label

AREA = "E06000004"
OTHER_AREA = "E06000002"
INDICATORS = ["src:a", "src:b", "src:c", "other:d"]
FIRST = pd.Period(year=2017, quarter=1, freq=FREQ)  # 2016/17 Q1
QUARTERS = [quarter_label(FIRST + k) for k in range(10)]

quarters = st.integers(min_value=-4000, max_value=4000).map(
    lambda k: pd.Period(year=2018, quarter=1, freq=FREQ) + k
)


@st.composite
def bands(draw):
    if draw(st.booleans()):
        return draw(st.sampled_from([0, 1, 2.5, 5, 10]))
    return draw(st.sampled_from(["0%", "5%", "10%", "50%"]))


@st.composite
def targets(draw):
    kind = draw(st.sampled_from(["fixed", "year", "change"]))
    if kind == "fixed":
        return draw(st.sampled_from([0, 5, 10, 12, 50, 75]))
    if kind == "year":
        years = draw(
            st.lists(
                st.sampled_from(["2016/17", "2017/18", "2018/19"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        return {y: draw(st.sampled_from([5, 10, 50])) for y in years}
    change = draw(st.sampled_from(["-5%", "+20%", "0%", "-10%", 2, -3]))
    against = draw(st.sampled_from(["same_quarter_last_year", "previous_quarter", QUARTERS[3]]))
    return {"change": change, "against": against}


@st.composite
def measures(draw, number):
    unit = draw(st.sampled_from(["count", "percent", "number"]))
    polarity = draw(st.sampled_from(["higher", "lower", "none"]))
    table = {
        "id": f"1.{number}",
        "priority": "1",
        "title": f"Measure {number}",
        "owners": ["o"],
        "unit": unit,
        "polarity": polarity,
        "indicators": draw(
            st.lists(st.sampled_from(INDICATORS), min_size=1, max_size=2, unique=True)
        ),
        "aggregate": draw(
            st.sampled_from(["sum", "mean", "latest"] + (["ratio"] if unit == "percent" else []))
        ),
    }
    if polarity != "none" and draw(st.booleans()):
        table["target"] = draw(targets())  # fixed and yearly targets all lie in 0-100
    if draw(st.booleans()):
        table["amber_within"] = draw(bands())
    if draw(st.integers(0, 5)) == 0:
        table["retired"] = draw(st.sampled_from(QUARTERS))
    return table


@st.composite
def plan_tables(draw):
    """A plan as the TOML file's tables (a dict), before the loader reads it."""
    count = draw(st.integers(1, 4))
    head = {
        "id": "p",
        "title": "P",
        "area": {"code": AREA, "name": "Stockton-on-Tees"},
        "start": "2017/18",
        "end": "2019/20",
    }
    if draw(st.booleans()):
        head["amber_within"] = draw(bands())
    data = {
        "plan": head,
        "owners": [{"id": "o", "name": "Owner"}],
        "priorities": [{"id": "1", "title": "One"}],
        "measures": [draw(measures(n)) for n in range(1, count + 1)],
    }
    return data


@st.composite
def observations(draw):
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(INDICATORS),
                st.sampled_from([AREA, OTHER_AREA]),
                st.sampled_from(QUARTERS),
            ),
            max_size=40,
            unique=True,
        )
    )
    rows = []
    for indicator, area, period in keys:
        denominator = draw(st.integers(1, 40))
        numerator = draw(st.integers(0, denominator))
        if draw(st.booleans()):
            value = 100 * numerator / denominator
        else:
            value = float(draw(st.sampled_from([0, 4.75, 5, 9, 10, 11.4, 12, 50, 71.25, 75])))
        rows.append((indicator, area, period, value, numerator, denominator))
    return pd.DataFrame(
        rows, columns=["indicator", "area", "period", "value", "numerator", "denominator"]
    )
