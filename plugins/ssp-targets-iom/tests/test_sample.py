"""The packaged synthetic sample, through the contract checks, and the entry point."""

from __future__ import annotations

import pandas as pd
import pytest
from ssp_targets_iom import INDICATORS, SOURCE

from ssp_targets import PluginHost
from ssp_targets.periods import parse_quarter, quarter_label, quarters_between
from ssp_targets.testing import check_source

QUARTERS = [
    quarter_label(q)
    for q in quarters_between(parse_quarter("2016/17 Q1"), parse_quarter("2019/20 Q4"))
]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return check_source(SOURCE, quarters=QUARTERS)


def test_sample_passes_the_contract_for_all_16_quarters(sample: pd.DataFrame) -> None:
    stockton = sample[sample["area"] == "E06000004"]
    assert set(stockton["indicator"]) == set(INDICATORS)
    counts = stockton.groupby("indicator")["period"].nunique()
    assert (counts == 16).all(), counts


def test_sample_has_other_areas(sample: pd.DataFrame) -> None:
    assert {"E06000001", "E06000002"} <= set(sample["area"])


def test_sample_magnitudes_are_plausible_for_stockton(sample: pd.DataFrame) -> None:
    stockton = sample[sample["area"] == "E06000004"].pivot(
        index="period", columns="indicator", values="value"
    )
    assert stockton["iom:cohort_size"].between(30, 60).all()
    assert stockton["iom:cohort_offences"].between(20, 65).all()
    assert stockton["iom:offending_reduction"].between(20, 60).all()
    assert (
        stockton["iom:offending_reduction_da"].mean() < stockton["iom:offending_reduction"].mean()
    )


def test_only_asked_for_quarters_are_returned() -> None:
    frame = check_source(SOURCE, quarters=["2017/18 Q3"])
    assert set(frame["period"]) == {"2017/18 Q3"}


def test_entry_point_registers_the_source() -> None:
    registered = PluginHost().sources()
    assert "iom" in registered
    assert registered["iom"].plugin == "ssp-targets-iom"
    assert registered["iom"].item.owner == "iom-team"
