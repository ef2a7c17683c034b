"""The packaged sample is marked as synthetic; a configured export never is."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
from ssp_targets_public_health import SOURCE

from ssp_targets.testing import check_source, make_request, sample_mark

REAL = Path(__file__).resolve().parent / "data" / "unmet_alcohol.csv"
QUARTERS = ["2018/19 Q1", "2019/20 Q4"]


def test_the_packaged_sample_is_marked() -> None:
    raw = SOURCE.fetch(make_request(quarters=QUARTERS))
    assert not raw.empty
    mark = sample_mark(raw)
    assert mark is not None
    assert "synthetic" in mark
    assert "fingertips-treatment-completions.csv" in mark
    # The core's checks keep the mark, so fetch records the load as sample data.
    assert sample_mark(check_source(SOURCE, quarters=QUARTERS)) == mark


def test_the_sample_is_marked_even_with_no_rows_in_the_quarters() -> None:
    frame = check_source(SOURCE, quarters=["2012/13 Q1"])
    assert frame.empty
    assert sample_mark(frame) is not None


def test_a_configured_export_is_not_marked(export) -> None:  # type: ignore[no-untyped-def]
    frame = check_source(SOURCE, quarters=["2019/20 Q1"], options={"path": str(export([{}]))})
    assert len(frame) == 1
    assert sample_mark(frame) is None


def test_the_real_download_is_not_marked() -> None:
    options = {
        "path": str(REAL),
        "indicator_ids": {"public-health:alcohol_successful_completions": 93532},
    }
    frame = check_source(SOURCE, quarters=["2019/20 Q4"], options=options)
    assert len(frame) == 6  # Stockton, its four neighbours, England
    assert sample_mark(frame) is None


def test_marking_follows_the_configuration_not_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The sample's own file, configured as path, is a configured export: same figures,
    no mark (the host's ``sample = true`` option is how a user marks such a file)."""
    shipped = resources.files("ssp_targets_public_health") / "data"
    with resources.as_file(shipped / "fingertips-treatment-completions.csv") as sample:
        copy = Path(shutil.copy(sample, tmp_path / "copy.csv"))
    served = check_source(SOURCE, quarters=QUARTERS)
    configured = check_source(SOURCE, quarters=QUARTERS, options={"path": str(copy)})
    assert sample_mark(configured) is None
    pd.testing.assert_frame_equal(served, configured, check_flags=False)
