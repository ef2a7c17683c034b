"""Malformed extracts and options: a SourceError naming the file, the line and the column."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import ssp_targets_crc

from ssp_targets import Source, SourceError
from ssp_targets.testing import check_source

Q2 = ["2018/19 Q2"]


@pytest.fixture
def source() -> Source:
    """The registered crc source."""
    (only,) = ssp_targets_crc.ssp_register_sources()
    return only


def fetch_error(source: Source, path: Path | str, **options: object) -> str:
    """The SourceError message from fetching ``path`` (fails the test if none)."""
    with pytest.raises(SourceError) as caught:
        check_source(source, quarters=Q2, options={"path": str(path), **options})
    return str(caught.value)


def test_missing_file(source: Source, tmp_path: Path) -> None:
    message = fetch_error(source, tmp_path / "nowhere.csv")
    assert str(tmp_path / "nowhere.csv") in message
    assert "no such file (the CRC service-level extract)" in message
    assert "Check the path in [sources.crc]" in message


def test_missing_column(source: Source, write_extract: Callable[..., Path]) -> None:
    path = write_extract(
        ["Durham Tees Valley,CRC SCH9 SL013,x,E06000004,Stockton-on-Tees,Jul-Sep 2018,140,75.0"],
        header="CRC,Service Level Code,Service Level Description,Local Authority Code,"
        "Local Authority,Period,Denominator,Performance",
    )
    message = fetch_error(source, path)
    assert f"{path}: the header (line 1) has no column 'Numerator';" in message
    assert "it has 'CRC', 'Service Level Code'," in message


def test_not_the_extract_at_all(source: Source, write_extract: Callable[..., Path]) -> None:
    path = write_extract(["a,b"], header="Crime ID,Month")
    message = fetch_error(source, path)
    assert f"{path}: the header (line 1) has no column 'Service Level Code'" in message
    assert "it has 'Crime ID', 'Month'" in message


def test_bad_period(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0"),
            crc_row("CRC SCH9 SL013", "Sep-Dec 2018", 105, 140, "75.0"),
        ]
    )
    message = fetch_error(source, path)
    assert str(path) in message
    assert "line 3, column 'Period': 'Sep-Dec 2018' is not a quarter" in message
    assert 'Write the period as "Jul-Sep 2018"' in message  # the accepted form, as the fix


def test_a_column_is_named_as_the_file_heads_it(
    source: Source, write_extract: Callable[..., Path]
) -> None:
    path = write_extract(
        ["SL013,Hartlepool,Sep-Dec 2018,105,140"],
        header="SL Code,Area,Quarter,Numerator,Denominator",
    )
    message = fetch_error(source, path)
    assert "line 2, column 'Quarter': 'Sep-Dec 2018' is not a quarter" in message


def test_malformed_code_even_on_an_unmapped_row(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0"),
            crc_row("CRC SCH9 SL-001R", "Jul-Sep 2018", 90, 95, "94.7"),
        ]
    )
    message = fetch_error(source, path)
    assert str(path) in message
    assert "line 3, column 'Service Level Code': 'CRC SCH9 SL-001R'" in message


def test_numerator_above_denominator(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract([crc_row("CRC SCH9 SL016", "Jul-Sep 2018", 150, 140, "")])
    message = fetch_error(source, path)
    assert str(path) in message
    assert "line 2, column 'Numerator': '150 > 140' is above the row's Denominator" in message


def test_count_that_is_not_a_whole_number(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract([crc_row("CRC SCH9 SL015", "Jul-Sep 2018", "12.5", 140, "")])
    message = fetch_error(source, path)
    assert "line 2, column 'Numerator': '12.5' is not a whole number" in message


def test_performance_that_disagrees(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    # 100 * 105 / 140 = 75.0: 75.05 is within 0.05 points, 75.2 is not
    path = write_extract(
        [
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.05"),
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.2", "E06000001", "Hartlepool"),
        ]
    )
    message = fetch_error(source, path)
    assert str(path) in message
    assert "line 3, column 'Performance': '75.2 vs 75.0' disagrees" in message
    assert "line 2," not in message


def test_performance_that_is_not_a_number(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract([crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "#DIV/0!")])
    assert "line 2, column 'Performance': '#DIV/0!'" in fetch_error(source, path)


def test_bad_area_code(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract([crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0", "E0600004")])
    message = fetch_error(source, path)
    assert "line 2, column 'Local Authority Code': 'E0600004' is not an ONS" in message


def test_same_code_area_and_quarter_twice(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0"),
            crc_row("CRC SCH9 SL015", "Jul-Sep 2018", 20, 250, "8.0"),
            crc_row("CRC SCH9 SL013", "2018/19 Q2", 100, 140, "71.4"),
        ]
    )
    message = fetch_error(source, path)
    assert "1 problem in the CRC service-level extract" in message
    assert (
        "line 4, column 'Service Level Code': 'CRC SCH9 SL013' is already on line 2 for the "
        "same service level, local authority, quarter" in message
    )
    assert "line 2," not in message
    assert "line 3," not in message
    assert "Keep one row per service level, local authority and quarter." in message


def test_a_row_for_another_area_or_an_unknown_one_is_no_repeat(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0", "", "Gotham"),
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0", "", "Gotham"),
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0", "E06000001"),
        ]
    )
    message = fetch_error(source, path)
    assert "2 problems" in message  # the unknown areas, not repeats
    assert "already on line" not in message


def test_every_bad_row_is_reported_at_once(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0"),
            crc_row("CRC SCH9 SL014", "Q2", 50, 70, ""),
            crc_row("CRC SCH9 SL015", "Jul-Sep 2018", 300, 250, ""),
            crc_row("??", "Jul-Sep 2018", 1, 2, ""),
        ]
    )
    message = fetch_error(source, path)
    assert "3 problems in the CRC service-level extract, so nothing was read" in message
    assert re.findall(r"line (\d+),", message) == ["3", "4", "5"]


def test_line_numbers_count_title_lines_above_the_header(
    source: Source, write_extract: Callable[..., Path], crc_header: str, crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        [
            "Run date: 01/11/2018",
            "",
            crc_header,
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0"),
            crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 150, 140, "", "E06000001", "Hartlepool"),
        ],
        header="Durham Tees Valley CRC service level performance",
    )
    assert "line 6, column 'Numerator'" in fetch_error(source, path)


def test_a_missing_column_below_title_lines_names_the_header_line(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract(
        ["Run date: 01/11/2018", "Service Level Code,Period,Numerator", "SL013,Jul-Sep 2018,5"],
        header="Durham Tees Valley CRC service level performance",
    )
    message = fetch_error(source, path)
    assert f"{path}: the header (line 3) has no column 'Denominator'" in message


def test_a_ragged_row_below_title_lines_names_the_file_and_its_line(
    source: Source, write_extract: Callable[..., Path], crc_header: str, crc_row: Callable[..., str]
) -> None:
    good = crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0")
    path = write_extract(["", crc_header, good, good + ",extra"], header="CRC performance")
    message = fetch_error(source, path)
    # line 5 of the file, though the kit reads it below the title lines
    assert message.startswith(f"{path}: line 5 has 11 fields but the header names 10 columns")


def test_an_empty_path_option_is_refused(source: Source) -> None:
    message = fetch_error(source, "")
    assert "[sources.crc] path = '' is not a file path" in message


def test_no_mapped_service_level_in_the_extract(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    path = write_extract([crc_row("CRC SCH9 SL001R", "Jul-Sep 2018", 90, 95, "94.7")])
    message = fetch_error(source, path)
    assert str(path) in message
    assert "SL001R" in message
    assert "service_levels" in message


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({"SL013": "crc:nonsense"}, "names no indicator"),
        ({"SL 013!": "crc:recalls"}, "is not a service-level code"),
        ({"SL013": "crc:recalls", "CRC SCH9 SL013": "crc:recalls"}, "given twice"),
        ("SL013", "must be a non-empty table"),
        ({}, "must be a non-empty table"),
    ],
)
def test_bad_service_levels_option(
    source: Source,
    write_extract: Callable[..., Path],
    crc_row: Callable[..., str],
    table: object,
    expected: str,
) -> None:
    path = write_extract([crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0")])
    message = fetch_error(source, path, service_levels=table)
    assert "[sources.crc] service_levels" in message
    assert expected in message


def test_long_lists_of_problems_are_counted(
    source: Source, write_extract: Callable[..., Path], crc_row: Callable[..., str]
) -> None:
    lines = [crc_row("CRC SCH9 SL013", "Jul-Sep 2018", 105, 140, "75.0")]
    lines += [crc_row(f"bad code {i}", "Jul-Sep 2018", 1, 2, "") for i in range(25)]
    message = fetch_error(source, write_extract(lines))
    assert "25 problems" in message
    assert "line 22, column 'Service Level Code': 'bad code 19'" in message
    assert "line 23," not in message
    assert "and 5 more" in message
