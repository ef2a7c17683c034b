"""The packaged synthetic samples, the contract check and the entry point."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_pcc import SOURCE
from ssp_targets_pcc.source import SAMPLE_FROM, SAMPLE_TO

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


def test_the_sample_states_its_period_so_no_quarter_is_provisional(sample) -> None:
    # the log's first referral is 02/04/2016 and its last 30/03/2020, but the source
    # states the period the sample is generated for (1 April 2016 to 31 March 2020)
    assert sample["flag"].isna().all()
    rj = sample[sample["indicator"] == "pcc:rj_referrals"]
    assert rj["note"].isna().all()


#: The packaged samples, read as configured exports (absolute paths).
DATA = resources.files("ssp_targets_pcc").joinpath("data")
AS_CONFIGURED = {
    "rj_path": str(DATA.joinpath("rj_referrals.csv")),
    "survey_path": str(DATA.joinpath("confidence_survey.csv")),
}


def test_the_sample_as_a_configured_log_falls_back_to_its_dates_and_flags_two_quarters() -> None:
    # Without rj_from / rj_to the span is the log's own dates, 02/04/2016 to 30/03/2020,
    # so 2016/17 Q1 and 2019/20 Q4 are cut, for all four districts. The survey's dates
    # are 01/04/2016 and 31/03/2020, quarter boundaries, so none of its rows is flagged.
    frame = check_source(SOURCE, quarters=ALL_QUARTERS, options=AS_CONFIGURED)
    flagged = frame[frame["flag"].notna()]
    assert set(flagged["indicator"]) == {"pcc:rj_referrals"}
    assert set(flagged["flag"]) == {"provisional"}
    notes = flagged.groupby("period")["note"].unique().map(list).to_dict()
    assert notes == {
        "2016/17 Q1": ["referrals from 2 April 2016 only: the export starts there"],
        "2019/20 Q4": ["referrals to 30 March 2020 only: the export ends there"],
    }
    assert len(flagged) == 8
    # Stockton's counts for those quarters, by hand from the log: 6 and 12
    stockton = flagged[flagged["area"] == STOCKTON].set_index("period")["value"]
    assert stockton.to_dict() == {"2016/17 Q1": 6.0, "2019/20 Q4": 12.0}


def test_the_sample_as_a_configured_log_with_its_period_stated_flags_nothing(sample) -> None:
    options = {**AS_CONFIGURED, "rj_from": "2016-04-01", "rj_to": "2020-03-31"}
    frame = check_source(SOURCE, quarters=ALL_QUARTERS, options=options)
    assert frame["flag"].isna().all()
    # the same figures as the packaged sample's
    key = ["indicator", "area", "period"]
    pd.testing.assert_frame_equal(
        frame.sort_values(key).reset_index(drop=True),
        sample.sort_values(key).reset_index(drop=True),
    )


#: The script that writes the samples (absent when the plugin is installed, not checked out).
MAKE_SAMPLE = Path(__file__).resolve().parents[1] / "scripts" / "make_sample.py"


@pytest.mark.skipif(not MAKE_SAMPLE.exists(), reason="needs scripts/make_sample.py")
def test_the_stated_sample_period_is_the_one_the_samples_are_made_for() -> None:
    spec = importlib.util.spec_from_file_location("make_sample", MAKE_SAMPLE)
    assert spec is not None
    assert spec.loader is not None
    make_sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_sample)
    made = (pd.Timestamp(make_sample.FIRST_DAY), pd.Timestamp(make_sample.LAST_DAY))
    assert made == (SAMPLE_FROM, SAMPLE_TO)
    # every draw lands in it: the last quarter's start plus its days, less one
    last = make_sample.QUARTER_STARTS[-1] + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    assert (make_sample.QUARTER_STARTS[0], last) == made


#: The shipped plan, two folders above the plugin (absent outside the repository).
PLAN = Path(__file__).resolve().parents[3] / "definitions" / "ssp-2017-20.toml"


@pytest.mark.skipif(not PLAN.exists(), reason="needs the repository's shipped plan")
def test_sample_passes_the_core_checks_against_the_shipped_plan() -> None:
    # as `ssp-targets fetch` runs it: among the plan's checks, each weighted percentage
    # must agree with 100 x numerator / denominator to within the rounding of its value
    plan = ssp_targets.load_plan(PLAN)
    checked = check_source(SOURCE, quarters=ALL_QUARTERS, plan=plan)
    assert len(checked) == 3 * 4 * 16


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
