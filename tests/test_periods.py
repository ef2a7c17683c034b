"""UK financial-year quarters: labels, strict parsing and arithmetic."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import quarters

from ssp_targets.errors import PeriodError
from ssp_targets.plan.quarters import (
    financial_year,
    labels_to_ordinals,
    ordinal_labels,
    parse_quarter,
    parse_year,
    quarter_label,
    quarters_between,
)


def test_q1_is_april_to_june():
    q = parse_quarter("2018/19 Q1")
    assert (q.start_time.date().isoformat(), q.end_time.date().isoformat()) == (
        "2018-04-01",
        "2018-06-30",
    )


def test_q4_is_january_to_march_of_the_next_calendar_year():
    assert parse_quarter("2018/19 Q4").start_time.date().isoformat() == "2019-01-01"


@pytest.mark.parametrize("text", ["2018-19 Q2", "2018/19Q2", " 2018/19 Q2 "])
def test_accepted_alternative_forms(text):
    assert quarter_label(parse_quarter(text)) == "2018/19 Q2"


@pytest.mark.parametrize(
    "text",
    [
        "2018/19 Q5",
        "2018/20 Q1",
        "Q2 2018/19",
        "2018 Q2",
        "2018/19 q2",
        "",
        "18/19 Q1",
        "2018/19  Q1",
        "2018/19 Q0",
    ],
)
def test_anything_else_is_refused_naming_the_text_and_the_forms(text):
    with pytest.raises(PeriodError) as info:
        parse_quarter(text)
    assert repr(text.strip()) in str(info.value) or repr(text) in str(info.value)
    assert "2018/19 Q1" in str(info.value)


def test_a_period_of_another_frequency_is_refused():
    with pytest.raises(PeriodError, match="Q-MAR"):
        parse_quarter(pd.Period("2018Q1", freq="Q-DEC"))


def test_years():
    assert parse_year("2017/18") == 2017
    assert parse_year("2099-00") == 2099
    with pytest.raises(PeriodError, match="2017/19"):
        parse_year("2017/19")


@given(quarters)
def test_label_round_trips(q):
    assert parse_quarter(quarter_label(q)) == q


@given(quarters)
def test_labels_sort_in_time_order(q):
    assert quarter_label(q) < quarter_label(q + 1)


@given(quarters)
def test_a_financial_year_starts_with_its_q1(q):
    assert financial_year(q - 4) == financial_year(q) - 1
    assert financial_year(q - (q.quarter - 1)) == financial_year(q)  # back to its Q1
    if q.quarter > 1:
        assert financial_year(q - q.quarter) == financial_year(q) - 1  # the Q4 before


def test_quarters_between():
    got = quarters_between(parse_quarter("2017/18 Q3"), parse_quarter("2018/19 Q2"))
    assert [quarter_label(q) for q in got] == [
        "2017/18 Q3",
        "2017/18 Q4",
        "2018/19 Q1",
        "2018/19 Q2",
    ]


@given(st.lists(quarters, max_size=20))
def test_vectorised_parsing_agrees_with_the_scalar_one(qs):
    labels = [quarter_label(q) for q in qs] + ["nonsense", None]
    ordinals = labels_to_ordinals(pd.Series(labels, dtype=object))
    assert list(ordinals[:-2]) == [q.ordinal for q in qs]
    assert list(ordinals[-2:]) == [-1, -1]
    assert list(ordinal_labels(ordinals[:-2])) == labels[:-2]
