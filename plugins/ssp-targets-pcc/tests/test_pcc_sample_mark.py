"""Sample marking: a frame that includes a packaged synthetic sample is marked as such
(saying which part), and a frame of configured exports only is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TINY_RJ, TINY_SURVEY
from ssp_targets_pcc import SOURCE

from ssp_targets.testing import check_source, sample_mark


def test_both_samples_are_marked_as_sample_data() -> None:
    mark = sample_mark(check_source(SOURCE, quarters=["2018/19 Q1"]))
    assert mark is not None
    assert "referral log" in mark
    assert "confidence survey" in mark


def test_the_mark_stays_when_no_quarter_asked_for_is_in_the_samples() -> None:
    frame = check_source(SOURCE, quarters=["2021/22 Q1"])
    assert frame.empty
    assert sample_mark(frame) is not None


def test_configured_exports_are_not_marked(fetch_files) -> None:
    frame = fetch_files()
    assert not frame.empty
    assert sample_mark(frame) is None


@pytest.mark.parametrize(
    ("configured", "sample_part", "real_part"),
    [
        ("rj_path", "confidence survey, as survey_path is not set", "referral"),
        ("survey_path", "RJ referral log, as rj_path is not set", "survey"),
    ],
)
def test_one_export_configured_marks_the_part_that_is_sample(
    tmp_path: Path, configured: str, sample_part: str, real_part: str
) -> None:
    (tmp_path / "export.csv").write_text(
        TINY_RJ if configured == "rj_path" else TINY_SURVEY, encoding="utf-8"
    )
    frame = check_source(
        SOURCE, quarters=["2018/19 Q1"], options={configured: "export.csv"}, base=str(tmp_path)
    )
    mark = sample_mark(frame)
    assert mark is not None
    assert f"the packaged synthetic {sample_part}" in mark
    assert f"the {real_part} figures are from the configured" in mark
    # the configured export's figure is there alongside the sample's
    stockton_rj = frame[(frame["indicator"] == "pcc:rj_referrals") & (frame["area"] == "E06000004")]
    expected_rj = 1 if configured == "rj_path" else 11  # TINY_RJ's one; the sample's Q1
    assert stockton_rj["value"].tolist() == [expected_rj]
