"""The packaged synthetic samples, the contract check and the entry point."""

from __future__ import annotations

import pytest
from ssp_targets_pcc import SOURCE

import ssp_targets
from ssp_targets.testing import check_source

STOCKTON = "E06000004"
#: The sample's sixteen quarters, 2016/17 Q1 to 2019/20 Q4.
ALL_QUARTERS = [f"{y}/{(y + 1) % 100:02d} Q{q}" for y in range(2016, 2020) for q in range(1, 5)]


@pytest.fixture(scope="module")
def sample() -> object:
    return check_source(SOURCE, quarters=ALL_QUARTERS)


def test_sample_passes_the_contract_for_all_sixteen_quarters(sample) -> None:
    stockton = sample[sample["area"] == STOCKTON]
    for indicator in SOURCE.indicators:
        periods = set(stockton.loc[stockton["indicator"] == indicator, "period"])
        assert periods == set(ALL_QUARTERS), indicator


def test_sample_covers_the_four_cleveland_districts(sample) -> None:
    assert set(sample["area"]) == {"E06000001", "E06000002", "E06000003", "E06000004"}


def test_sample_stockton_magnitudes_are_plausible(sample) -> None:
    stockton = sample[sample["area"] == STOCKTON].set_index(["indicator", "period"])
    rj = stockton.loc["pcc:rj_referrals", "value"]
    safe = stockton.loc["pcc:feeling_safe"]
    drugs = stockton.loc["pcc:drug_dealing_problem"]
    assert rj.between(2, 15).all()
    assert safe["value"].between(78, 92).all()
    assert drugs["value"].between(20, 38).all()
    assert safe["denominator"].between(300, 700).all()
    # weighted bases are not whole numbers, and are kept as they are
    assert (safe["denominator"] % 1 != 0).any()


def test_sample_has_zero_quarters_outside_stockton(sample) -> None:
    rj = sample[sample["indicator"] == "pcc:rj_referrals"]
    assert (rj["value"] == 0).any()
    assert len(rj) == 4 * 16  # every district gets every quarter, zero or not


def test_only_the_asked_quarters_come_back() -> None:
    frame = check_source(SOURCE, quarters=["2017/18 Q3"])
    assert set(frame["period"]) == {"2017/18 Q3"}
    assert set(frame["indicator"]) == set(SOURCE.indicators)


def test_quarters_outside_the_samples_give_no_rows() -> None:
    frame = check_source(SOURCE, quarters=["2021/22 Q1"])
    assert frame.empty


def test_entry_point_registers_the_source_for_this_distribution() -> None:
    host = ssp_targets.PluginHost()
    sources = host.sources()
    assert "pcc" in sources
    assert sources["pcc"].plugin == "ssp-targets-pcc"
    assert sources["pcc"].item.owner == "opcc"
