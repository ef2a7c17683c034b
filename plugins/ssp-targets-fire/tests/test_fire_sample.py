"""The packaged synthetic sample, through the core's contract checks, and registration."""

from __future__ import annotations

import csv
from importlib import resources

import pandas as pd
import pytest
from ssp_targets_fire import SOURCE, fetch, ssp_register_sources
from ssp_targets_fire.source import PRIMARY, SECONDARY

import ssp_targets
from ssp_targets import kit
from ssp_targets.testing import check_source, make_request, sample_mark

QUARTERS = [f"{y}/{(y + 1) % 100:02d} Q{q}" for y in range(2016, 2020) for q in range(1, 5)]
STOCKTON = "E06000004"
# The core's data/sample/observations.csv figures for Stockton, which the sample reproduces.
STOCKTON_PRIMARY = [35, 33, 33, 26, 35, 34, 34, 25, 33, 28, 34, 28, 33, 33, 36, 25]
STOCKTON_SECONDARY = [
    323,
    270,
    253,
    228,
    373,
    241,
    239,
    167,
    372,
    323,
    279,
    209,
    352,
    237,
    260,
    208,
]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return check_source(SOURCE, quarters=QUARTERS)


def test_sample_passes_the_contract_for_all_16_quarters(sample: pd.DataFrame) -> None:
    assert sorted(sample["period"].unique()) == QUARTERS
    assert set(sample["indicator"]) == {PRIMARY, SECONDARY}
    assert (sample["value"] >= 0).all()


def test_sample_is_marked_as_synthetic(sample: pd.DataFrame) -> None:
    # Without a path the source serves its packaged synthetic export: the frame says so,
    # both as fetch returns it and after the core's checks.
    assert "cfb-incidents-sample.csv" in str(sample_mark(sample))
    assert sample_mark(fetch(make_request(quarters=["2018/19 Q1"]))) is not None


def test_fetch_returns_the_observation_columns_in_order() -> None:
    for quarters in (["2018/19 Q1"], ["2012/13 Q1"]):  # some rows, and none
        frame = fetch(make_request(quarters=quarters))
        assert tuple(frame.columns) == kit.OBSERVATION_COLUMNS


def test_same_file_configured_as_the_export_is_not_marked(sample: pd.DataFrame) -> None:
    # A configured path is the user's real export, even when it is the sample's own file
    # (the host's own "sample = true" option is how a configured file is marked).
    packaged = resources.files("ssp_targets_fire") / "data" / "cfb-incidents-sample.csv"
    with resources.as_file(packaged) as path:
        frame = check_source(SOURCE, quarters=QUARTERS, options={"path": str(path)})
    assert sample_mark(frame) is None
    assert frame["value"].sum() == sample["value"].sum() > 0


def test_sample_quarters_are_whole(sample: pd.DataFrame) -> None:
    # The sample's first fire is on 1 April 2016 and its last on 31 March 2020 (read here
    # from the file itself), the first and last days of its first and last quarters: so no
    # quarter is partial and nothing is flagged.
    packaged = resources.files("ssp_targets_fire") / "data" / "cfb-incidents-sample.csv"
    with packaged.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fire_days = sorted(
        r["CALL_DATE_TIME"][6:10] + r["CALL_DATE_TIME"][3:5] + r["CALL_DATE_TIME"][:2]
        for r in rows
        if r["INCIDENT_TYPE"].strip() in ("Primary Fire", "Secondary Fire")
    )
    assert (fire_days[0], fire_days[-1]) == ("20160401", "20200331")
    assert sample["flag"].isna().all()
    assert sample["note"].isna().all()


def test_sample_gives_stockton_and_the_other_districts(sample: pd.DataFrame) -> None:
    districts = set(sample.loc[sample["area"].str.startswith("E06"), "area"])
    assert districts == {"E06000001", "E06000002", STOCKTON}


def test_sample_stockton_figures_match_the_core_sample(sample: pd.DataFrame) -> None:
    stockton = sample[sample["area"] == STOCKTON].set_index(["indicator", "period"])["value"]
    assert [stockton[(PRIMARY, q)] for q in QUARTERS] == STOCKTON_PRIMARY
    assert [stockton[(SECONDARY, q)] for q in QUARTERS] == STOCKTON_SECONDARY
    for q in QUARTERS:  # magnitudes of FORMATS.md §2.5
        assert 20 <= stockton[(PRIMARY, q)] <= 45
        assert 150 <= stockton[(SECONDARY, q)] <= 400


def test_sample_ward_rows_add_up_to_stockton(sample: pd.DataFrame) -> None:
    wards = sample[sample["area"].str.startswith("E05")]
    assert wards["area"].nunique() == 26
    ward_sums = wards.groupby(["indicator", "period"])["value"].sum()
    stockton = sample[sample["area"] == STOCKTON].set_index(["indicator", "period"])["value"]
    assert ward_sums.to_dict() == stockton.to_dict()
    assert len(ward_sums) == 2 * 16


def test_sample_returns_only_asked_quarters_it_covers() -> None:
    frame = check_source(SOURCE, quarters=["2015/16 Q4", "2018/19 Q3", "2020/21 Q1"])
    assert set(frame["period"]) == {"2018/19 Q3"}
    value = frame.set_index(["indicator", "area"])["value"]
    assert value[(SECONDARY, STOCKTON)] == 279


def test_wards_option_false_gives_district_rows_only() -> None:
    frame = check_source(SOURCE, quarters=["2018/19 Q1"], options={"wards": False})
    assert sorted(frame["area"].unique()) == ["E06000001", "E06000002", STOCKTON]


def test_hook_returns_the_fire_source() -> None:
    (source,) = ssp_register_sources()
    assert source.name == "fire"
    assert source.owner == "fire-service"
    assert source.indicators[PRIMARY].label == "Deliberate primary fires (F1)"
    assert source.indicators[SECONDARY].label == "Deliberate secondary fires (F3)"
    assert source.indicators[PRIMARY].unit == "count"


def test_entry_point_is_registered() -> None:
    host = ssp_targets.PluginHost()
    sources = host.sources()
    assert "fire" in sources, [f.message for f in host.failures]
    assert sources["fire"].plugin == "ssp-targets-fire"
    assert sources["fire"].version == "0.1.0"
