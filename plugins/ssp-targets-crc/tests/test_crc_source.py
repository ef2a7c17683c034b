"""The crc source on its packaged sample and on small hand-worked extracts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import ssp_targets_crc
from ssp_targets_crc.read import parse_periods

from ssp_targets import PluginHost, Source, load_plan
from ssp_targets.testing import check_source, sample_mark

ALL_QUARTERS = [f"{y}/{(y + 1) % 100:02d} Q{q}" for y in range(2016, 2020) for q in range(1, 5)]
INDICATORS = {
    "crc:co_sso_positive_completions",
    "crc:licence_positive_completions",
    "crc:recalls",
    "crc:settled_accommodation_on_release",
}
DTV = {"E06000001", "E06000002", "E06000003", "E06000004", "E06000005", "E06000047"}


@pytest.fixture
def source() -> Source:
    """The registered crc source."""
    (only,) = ssp_targets_crc.ssp_register_sources()
    return only


def by_key(frame: pd.DataFrame) -> dict[tuple[str, str, str], tuple[float, float, float]]:
    """(indicator, area, period) -> (value, numerator, denominator)."""
    return {
        (r.indicator, r.area, r.period): (r.value, r.numerator, r.denominator)
        for r in frame.itertuples()
    }


# -- the packaged sample -------------------------------------------------------------------


def test_sample_passes_check_source_for_all_16_quarters(source: Source) -> None:
    frame = check_source(source, quarters=ALL_QUARTERS)
    assert set(frame["indicator"]) == INDICATORS
    assert set(frame["area"]) == DTV
    assert sorted(set(frame["period"])) == ALL_QUARTERS
    assert len(frame) == 4 * 6 * 16  # one row per indicator, area and quarter


def test_sample_passes_the_plans_checks(source: Source) -> None:
    plan = load_plan(Path(__file__).resolve().parents[3] / "definitions" / "ssp-2017-20.toml")
    frame = check_source(source, quarters=ALL_QUARTERS, plan=plan)
    assert set(frame["indicator"]) == INDICATORS


def test_sample_stockton_figures_are_the_core_samples(source: Source) -> None:
    frame = by_key(check_source(source, quarters=["2016/17 Q1", "2019/20 Q4"]))
    assert frame["crc:co_sso_positive_completions", "E06000004", "2016/17 Q1"] == pytest.approx(
        (100 * 102 / 131, 102, 131)
    )
    assert frame["crc:recalls", "E06000004", "2019/20 Q4"] == pytest.approx(
        (100 * 21 / 256, 21, 256)
    )


def test_sample_stockton_magnitudes_are_plausible(source: Source) -> None:
    frame = check_source(source, quarters=ALL_QUARTERS)
    stockton = frame[frame["area"] == "E06000004"].groupby("indicator")
    low, high = stockton["value"].min(), stockton["value"].max()
    assert (
        70
        <= low["crc:co_sso_positive_completions"]
        <= high["crc:co_sso_positive_completions"]
        <= 81
    )
    assert 5 <= low["crc:recalls"] <= high["crc:recalls"] <= 12
    settled = "crc:settled_accommodation_on_release"
    assert 80 <= low[settled] <= high[settled] <= 90


def test_sample_is_marked_as_synthetic(source: Source) -> None:
    mark = sample_mark(check_source(source, quarters=["2018/19 Q2"]))
    assert mark is not None
    assert "synthetic" in mark


def test_path_naming_the_packaged_sample_is_marked_too(source: Source) -> None:
    sample = Path(ssp_targets_crc.__file__).parent / "data" / "crc-service-levels-2016-2020.csv"
    frame = check_source(source, quarters=["2018/19 Q2"], options={"path": str(sample)})
    assert sample_mark(frame) is not None


def test_sample_quarters_are_whole_so_carry_no_flag_or_note(source: Source) -> None:
    # The sample's periods run Apr-Jun 2016 .. Jan-Mar 2020, each a whole quarter.
    frame = check_source(source, quarters=ALL_QUARTERS)
    assert frame["flag"].isna().all()
    assert frame["note"].isna().all()


def test_only_the_asked_for_quarters_come_back(source: Source) -> None:
    frame = check_source(source, quarters=["2018/19 Q2"])
    assert set(frame["period"]) == {"2018/19 Q2"}
    assert len(frame) == 4 * 6


# -- hand-worked extracts ------------------------------------------------------------------


def test_hand_worked_extract(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0"),  # 75.0
            crc_row("CRC SCH9 SL013", "2018/19 Q3", 120, 150, "80.0"),  # 80.0
            crc_row("CRC SCH9 SL015", "Jul-Sep 2018", 20, 250, "8.0"),  # 8.0
            crc_row("CRC SCH9 SL016", "Jul-Sep 2018", 43, 50, "86.0", "E06000001", "Hartlepool"),
            crc_row("CRC SCH9 SL001R", "Jul-Sep 2018", 130, 120, "108.3"),  # unmapped: ignored
            crc_row("CRC SCH9 AE", "Jul-Sep 2018", "n/a", "", ""),  # unmapped: ignored
            crc_row("CRC SCH9 SL014", "Apr-Jun 2018", 7, 10, "70.0"),  # quarter not asked for
        ]
    )
    frame = check_source(source, quarters=["2018/19 Q2", "2018/19 Q3"], options={"path": str(path)})
    assert sample_mark(frame) is None  # a configured export is real data
    assert frame["flag"].isna().all()
    assert by_key(frame) == {
        ("crc:co_sso_positive_completions", "E06000004", "2018/19 Q2"): (75.0, 105, 140),
        ("crc:co_sso_positive_completions", "E06000004", "2018/19 Q3"): (80.0, 120, 150),
        ("crc:recalls", "E06000004", "2018/19 Q2"): (8.0, 20, 250),
        ("crc:settled_accommodation_on_release", "E06000001", "2018/19 Q2"): (86.0, 43, 50),
    }


def test_service_levels_option_replaces_the_mapping_and_sums_codes(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL020A", "Jul-Sep 2018", 30, 40, "75.0"),  # community orders
            crc_row("CRC SCH9 SL020B", "Jul-Sep 2018", 45, 60, "75.0"),  # suspended sentences
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 1, 2, "50.0"),  # no longer mapped
        ]
    )
    options = {
        "path": str(path),
        "service_levels": {
            "CRC SCH9 SL020A": "crc:co_sso_positive_completions",
            "sl020b": "co_sso_positive_completions",
        },
    }
    frame = check_source(source, quarters=["2018/19 Q2"], options=options)
    # (30 + 45) / (40 + 60) = 75 / 100
    assert by_key(frame) == {
        ("crc:co_sso_positive_completions", "E06000004", "2018/19 Q2"): (75.0, 75, 100)
    }


def test_zero_denominator_gives_no_row(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL016", "Jul-Sep 2018", 0, 0, ""),
            crc_row("CRC SCH9 SL015", "Jul-Sep 2018", 3, 40, "7.5"),
        ]
    )
    frame = check_source(source, quarters=["2018/19 Q2"], options={"path": str(path)})
    assert by_key(frame) == {("crc:recalls", "E06000004", "2018/19 Q2"): (7.5, 3, 40)}


def test_path_is_relative_to_base(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract([crc_row("SL015", "Jul-Sep 2018", 1, 8, "12.5")], name="q2.csv")
    frame = check_source(
        source, quarters=["2018/19 Q2"], options={"path": "q2.csv"}, base=str(path.parent)
    )
    assert frame["value"].tolist() == [12.5]
    assert sample_mark(frame) is None


def test_spreadsheet_quirks_are_tolerated(source: Source, tmp_path: Path) -> None:
    # title lines above the header, another header spelling, no code column (names only),
    # "%" signs, a long month range with a two-digit year, Windows code page, CRLF.
    text = (
        "Durham Tees Valley CRC – service level performance\r\n"
        "Run date: 01/11/2018\r\n"
        "\r\n"
        "crc,SERVICE LEVEL CODE,Service Level Description,Local authority,period,"
        "Numerator,Denominator,Performance (%),Target (%)\r\n"
        "Durham Tees Valley,SCH9 SL013,Completions – CO & SSO,Stockton-on-Tees,"
        'July - September 18,"1,050","1,400",75.0%,75%\r\n'
        "Durham Tees Valley,SL014,Completions – licences,Redcar & Cleveland,"
        "Jul-Sep 2018,14,20,70,70\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    frame = check_source(source, quarters=["2018/19 Q2"], options={"path": str(path)})
    assert by_key(frame) == {
        ("crc:co_sso_positive_completions", "E06000004", "2018/19 Q2"): (75.0, 1050, 1400),
        ("crc:licence_positive_completions", "E06000003", "2018/19 Q2"): (70.0, 14, 20),
    }


def test_note_lines_are_skipped(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("SL015", "Jul-Sep 2018", 3, 40, "7.5"),
            ",,Figures are provisional until the annual reconciliation,,,,,,,",
        ]
    )
    frame = check_source(source, quarters=["2018/19 Q2"], options={"path": str(path)})
    assert by_key(frame) == {("crc:recalls", "E06000004", "2018/19 Q2"): (7.5, 3, 40)}


def test_an_area_named_not_coded_is_found_across_the_whole_crc(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    # County Durham is in the CRC's area though not in Tees Valley.
    path = write_extract(
        [
            crc_row("SL015", "Jul-Sep 2018", 3, 40, "7.5", "", "County Durham"),
            crc_row("SL015", "Jul-Sep 2018", 1, 8, "12.5", "", "redcar & cleveland"),
        ]
    )
    frame = check_source(source, quarters=["2018/19 Q2"], options={"path": str(path)})
    assert by_key(frame) == {
        ("crc:recalls", "E06000003", "2018/19 Q2"): (12.5, 1, 8),
        ("crc:recalls", "E06000047", "2018/19 Q2"): (7.5, 3, 40),
    }


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Apr-Jun 2016", "2016/17 Q1"),
        ("Jul-Sep 2018", "2018/19 Q2"),
        ("Oct-Dec 18", "2018/19 Q3"),
        ("Jan-Mar 2020", "2019/20 Q4"),
        ("January to March 2019", "2018/19 Q4"),
        ("2018/19 Q2", "2018/19 Q2"),
        ("2018-19 Q3", "2018/19 Q3"),
    ],
)
def test_period_forms(text: str, label: str) -> None:
    assert parse_periods(pd.Series([text])).tolist() == [label]


@pytest.mark.parametrize("text", ["Sep-Dec 2018", "2018/19 Q5", "Q2 2018", "", "Jul-Sep"])
def test_bad_period_forms_are_refused(text: str) -> None:
    assert parse_periods(pd.Series([text])).tolist() == [""]


# -- registration --------------------------------------------------------------------------


def test_entry_point_registers_the_source() -> None:
    registered = PluginHost().sources()
    assert "crc" in registered
    assert registered["crc"].plugin == "ssp-targets-crc"
    assert registered["crc"].item.owner == "crc"
    assert set(registered["crc"].item.indicators) == INDICATORS
    assert {i.unit for i in registered["crc"].item.indicators.values()} == {"percent"}
