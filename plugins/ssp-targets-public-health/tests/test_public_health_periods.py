"""Fingertips time period strings -> the financial quarter they end in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from ssp_targets_public_health.periods import period_end, period_ends

from ssp_targets.kit import ordinal_labels


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2018/19", "2018/19 Q4"),  # financial year
        ("2020/21", "2020/21 Q4"),
        ("2016/17 - 18/19", "2018/19 Q4"),  # 3-year range: its last year
        ("2098/99 - 00/01", "2100/01 Q4"),  # across a century
        ("2018/19 Q1", "2018/19 Q1"),  # a quarter
        ("2018/19 Q2 - 2019/20 Q1", "2019/20 Q1"),  # rolling year ending 2019/20 Q1
        ("2018/19 Q1 - 2018/19 Q4", "2018/19 Q4"),
        ("2018/19 Q1-Q3", "2018/19 Q3"),  # cumulative
        ("2021", "2021/22 Q3"),  # calendar year ends in December
        ("2019 - 21", "2021/22 Q3"),  # calendar 3-year range
        ("2021 Q1", "2020/21 Q4"),  # Jan-Mar 2021
        ("2021 Q2", "2021/22 Q1"),  # Apr-Jun 2021
        ("2020 Q2 - 2021 Q1", "2020/21 Q4"),
        ("Apr 2018 - Mar 2019", "2018/19 Q4"),
        ("Jan 2006 - Dec 2006", "2006/07 Q3"),
        ("  2018/19  Q2 -  2019/20 Q1 ", "2019/20 Q1"),  # stray spaces
    ],
)
def test_period_end(text: str, quarter: str) -> None:
    end = period_end(text)
    assert end is not None
    assert ordinal_labels(np.array([end]))[0] == quarter


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2018/20",  # years do not follow
        "2018-19",
        "2018/19 Q5",
        "2019/20 Q1 - 2018/19 Q2",  # ends before it starts
        "2018/19 Q3-Q1",
        "Aug 2006 - Jul 2007",  # ends mid-quarter
        "Foo 2006 - Mar 2007",
        "2021 - 19",
        "20180200",
        "next year",
    ],
)
def test_period_end_refuses(text: str) -> None:
    assert period_end(text) is None


def test_period_ends_vectorised() -> None:
    ends = period_ends(pd.Series(["2018/19", "bad", "2018/19", None]))
    assert ordinal_labels(ends[:1])[0] == "2018/19 Q4"
    assert ends[0] == ends[2]
    assert list(ends[[1, 3]]) == [-1, -1]
