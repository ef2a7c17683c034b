"""Fixtures shared by the tests: writing small exports, running the source on them and
picking out one row of the result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_pcc import SOURCE

from ssp_targets.testing import check_source

#: A referral log with only Stockton 2018/19 Q1 rows, to pair with a survey under test.
TINY_RJ = "Referral ID,Date Received,Local Authority\nR1,01/05/2018,Stockton-on-Tees\n"
#: A survey with one Stockton 2018/19 Q1 respondent, to pair with a referral log under test.
TINY_SURVEY = (
    "Respondent ID,Interview Date,Local Authority,Weight,Q_SAFE_NIGHT,Q_DRUGS\n"
    "1,01/05/2018,Stockton-on-Tees,1,Very safe,Very big problem\n"
)


@pytest.fixture
def fetch_files(tmp_path: Path) -> Callable[..., pd.DataFrame]:
    """``fetch_files(rj=..., survey=..., quarters=[...], **options)`` writes the exports
    given as text (tiny one-row exports otherwise) as rj.csv and survey.csv in a temporary
    folder and runs the source on them through check_source; ``options`` are added to (or
    replace) ``rj_path = "rj.csv"`` and ``survey_path = "survey.csv"``."""

    def run(
        rj: str = TINY_RJ,
        survey: str = TINY_SURVEY,
        quarters: list[str] | None = None,
        **options: object,
    ) -> pd.DataFrame:
        (tmp_path / "rj.csv").write_text(rj, encoding="utf-8")
        (tmp_path / "survey.csv").write_text(survey, encoding="utf-8")
        return check_source(
            SOURCE,
            quarters=quarters or ["2018/19 Q1"],
            options={"rj_path": "rj.csv", "survey_path": "survey.csv", **options},
            base=str(tmp_path),
        )

    return run


def _row_of(frame: pd.DataFrame, indicator: str, area: str, period: str) -> pd.Series:
    rows = frame[
        (frame["indicator"] == indicator) & (frame["area"] == area) & (frame["period"] == period)
    ]
    assert len(rows) == 1, f"expected one row for {indicator} {area} {period}, got {len(rows)}"
    return rows.iloc[0]


@pytest.fixture
def row_of() -> Callable[[pd.DataFrame, str, str, str], pd.Series]:
    """``row_of(frame, indicator, area, period)``: the one row for that key."""
    return _row_of
