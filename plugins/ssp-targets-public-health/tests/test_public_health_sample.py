"""The packaged synthetic sample, through the core's contract checks."""

from __future__ import annotations

from importlib import resources
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from ssp_targets_public_health import SOURCE
from ssp_targets_public_health.source import DEFAULT_COMPARATORS, INDICATORS

from ssp_targets import Plan
from ssp_targets.testing import check_source

QUARTERS = [f"{y}/{(y + 1) % 100:02d} Q{q}" for y in range(2016, 2020) for q in range(1, 5)]
STOCKTON = "E06000004"
ENGLAND = "E92000001"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return check_source(SOURCE, quarters=QUARTERS)


def test_sample_covers_16_quarters_three_indicators_six_areas(frame: pd.DataFrame) -> None:
    assert len(frame) == 16 * 3 * 6
    assert set(frame["indicator"]) == set(INDICATORS)
    assert set(frame["area"]) == {STOCKTON, ENGLAND, *DEFAULT_COMPARATORS}
    assert sorted(set(frame["period"])) == QUARTERS
    assert not frame.duplicated(["indicator", "area", "period"]).any()


def test_sample_stockton_matches_core_sample(frame: pd.DataFrame) -> None:
    row = frame[
        (frame["indicator"] == "public-health:opiate_successful_completions")
        & (frame["area"] == STOCKTON)
        & (frame["period"] == "2016/17 Q1")
    ].iloc[0]
    assert (row["numerator"], row["denominator"]) == (33, 595)
    assert row["value"] == pytest.approx(100 * 33 / 595)
    # The sample's Lower/Upper CI 95.0 limit for 33/595 (Wilson), exactly as written.
    assert (row["lower_ci"], row["upper_ci"]) == (3.976174466, 7.686588332)
    assert pd.isna(row["note"])


def test_sample_rows_carry_published_wilson_95_limits(frame: pd.DataFrame) -> None:
    """Every row has both limits, and they are Fingertips' Wilson score 95% interval."""
    assert frame["lower_ci"].notna().all()
    assert frame["upper_ci"].notna().all()
    # Wilson's interval in its closed form, (2np + z^2 +- z sqrt(z^2 + 4np(1-p))) /
    # 2(n + z^2), not the generator's form, so the two check each other.
    z, n, p = (
        NormalDist().inv_cdf(0.975),
        frame["denominator"],
        frame["numerator"] / frame["denominator"],
    )
    spread = z * np.sqrt(z**2 + 4 * n * p * (1 - p))
    lower, upper = (100 * (2 * n * p + z**2 + s) / (2 * (n + z**2)) for s in (-spread, spread))
    assert np.abs(frame["lower_ci"] - lower).max() < 1e-6
    assert np.abs(frame["upper_ci"] - upper).max() < 1e-6
    assert (frame["lower_ci"] < frame["value"]).all()
    assert (frame["value"] < frame["upper_ci"]).all()
    assert frame["note"].isna().all()  # the limits are no longer written into note


def test_sample_has_no_flags_or_notes(frame: pd.DataFrame) -> None:
    """scripts/make_sample.py writes whole Counts and Denominators, each Value their ratio
    to 10 significant figures, and no Value notes: nothing to flag or note."""
    assert frame["flag"].isna().all()
    assert frame["note"].isna().all()
    assert (frame["numerator"] % 1 == 0).all()
    assert (frame["denominator"] % 1 == 0).all()


def test_sample_values_plausible_and_consistent(frame: pd.DataFrame) -> None:
    assert frame["value"].between(0, 100).all()
    assert (frame["numerator"] <= frame["denominator"]).all()
    recomputed = 100 * frame["numerator"] / frame["denominator"]
    assert (recomputed - frame["value"]).abs().max() < 1e-6
    stockton = frame[frame["area"] == STOCKTON].groupby("indicator")["value"]
    assert stockton.min()["public-health:opiate_successful_completions"] > 4
    assert stockton.max()["public-health:opiate_successful_completions"] < 10
    assert stockton.min()["public-health:non_opiate_successful_completions"] > 30
    assert stockton.max()["public-health:alcohol_successful_completions"] < 46


def test_only_requested_quarters() -> None:
    frame = check_source(SOURCE, quarters=["2017/18 Q3", "2019/20 Q4"])
    assert sorted(set(frame["period"])) == ["2017/18 Q3", "2019/20 Q4"]
    assert len(frame) == 2 * 3 * 6


def test_quarters_outside_the_sample_give_an_empty_frame() -> None:
    frame = check_source(SOURCE, quarters=["2012/13 Q1"])
    assert frame.empty


def test_comparators_option_narrows_the_areas() -> None:
    frame = check_source(SOURCE, quarters=["2018/19 Q1"], options={"comparators": ["E06000005"]})
    assert set(frame["area"]) == {STOCKTON, "E06000005", ENGLAND}


def test_sample_is_reproducible(tmp_path, generator) -> None:  # type: ignore[no-untyped-def]
    """The shipped sample is what scripts/make_sample.py writes."""
    generator.main(tmp_path / "sample.csv")
    shipped = resources.files("ssp_targets_public_health") / "data"
    expected = (shipped / "fingertips-treatment-completions.csv").read_text(encoding="utf-8")
    assert (tmp_path / "sample.csv").read_text(encoding="utf-8") == expected


def test_sample_passes_the_plan_checks(plan: Plan) -> None:
    """The plan names these indicators, as percentages, and the sample fits them."""
    units = {i: m.unit for m in plan.measures for i in m.indicators}
    assert {units[key] for key in INDICATORS} == {"percent"}
    assert len(check_source(SOURCE, quarters=QUARTERS, plan=plan)) == 16 * 3 * 6
