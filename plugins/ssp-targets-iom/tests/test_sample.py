"""The packaged synthetic sample, through the contract checks, and the entry point."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_iom import SOURCE
from ssp_targets_iom.source import INDICATORS

from ssp_targets import PluginHost, load_plan
from ssp_targets.kit import parse_quarter, quarter_label, quarters_between
from ssp_targets.testing import check_source, sample_mark

from .conftest import WriteExport

#: The partnership plan shipped in the repository, whose measures 1.1 and 1.2 this feeds.
PLAN = Path(__file__).resolve().parents[3] / "definitions" / "ssp-2017-20.toml"
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


def test_sample_passes_the_plans_checks() -> None:
    # What fetch checks against the plan too: units agreeing with the measures, no
    # negative counts.
    frame = check_source(SOURCE, quarters=QUARTERS, plan=load_plan(PLAN))
    assert {"iom:offending_reduction", "iom:cohort_offences"} <= set(frame["indicator"])


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


def test_the_sample_is_marked_as_synthetic(sample: pd.DataFrame) -> None:
    assert sample_mark(sample) == "the synthetic IOM tracker export packaged with ssp-targets-iom"


def test_the_sample_is_complete_to_2019_20_q4(sample: pd.DataFrame) -> None:
    # Its latest date is 31/03/2020 (the last line of offences.csv), 2019/20 Q4's last
    # day, and every group's 12 months after adoption have ended by then: nothing is
    # provisional.
    assert sample["flag"].isna().all()
    assert not check_source(SOURCE, quarters=["2020/21 Q1"]).size


def test_a_configured_export_is_never_marked(write_export: WriteExport) -> None:
    frame = check_source(SOURCE, quarters=["2018/19 Q2"], options={"path": str(write_export())})
    assert len(frame) > 0
    assert sample_mark(frame) is None


@pytest.mark.parametrize("option", ["path", "files"])
def test_the_packaged_files_named_as_an_export_are_not_marked(option: str) -> None:
    # Configured is configured, whatever the files hold: the user chose them.
    data = files("ssp_targets_iom").joinpath("data")
    folder = Path(str(data))
    options = (
        {"path": str(folder)}
        if option == "path"
        else {
            "cohort_path": str(folder / "cohort.csv"),
            "offences_path": str(folder / "offences.csv"),
        }
    )
    frame = check_source(SOURCE, quarters=["2018/19 Q2"], options=options)
    assert len(frame) > 0
    assert sample_mark(frame) is None


def test_only_asked_for_quarters_are_returned() -> None:
    frame = check_source(SOURCE, quarters=["2017/18 Q3"])
    assert set(frame["period"]) == {"2017/18 Q3"}


def test_entry_point_registers_the_source() -> None:
    registered = PluginHost().sources()
    assert "iom" in registered
    assert registered["iom"].plugin == "ssp-targets-iom"
    assert registered["iom"].item.owner == "iom-team"
