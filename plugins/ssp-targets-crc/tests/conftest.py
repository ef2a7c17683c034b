"""Helpers for writing small CRC extracts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

HEADER = (
    "CRC,Service Level Code,Service Level Description,Local Authority Code,Local Authority,"
    "Period,Numerator,Denominator,Performance,Target"
)


def row(
    code: str,
    period: str,
    numerator: object,
    denominator: object,
    performance: object = "",
    area: str = "E06000004",
    name: str = "Stockton-on-Tees",
) -> str:
    """One line of an extract (CRC, description and target filled in)."""
    return (
        f"Durham Tees Valley,{code},Some service level,{area},{name},{period},"
        f"{numerator},{denominator},{performance},75.0"
    )


@pytest.fixture
def crc_row() -> Callable[..., str]:
    """The :func:`row` helper, as a fixture (test modules do not import conftest)."""
    return row


@pytest.fixture
def crc_header() -> str:
    """The extract's usual header line."""
    return HEADER


@pytest.fixture
def write_extract(tmp_path: Path) -> Callable[..., Path]:
    """``write_extract(lines, header=HEADER, name=...)`` writes a CSV and returns its path."""

    def write(lines: Sequence[str], header: str | None = HEADER, name: str = "extract.csv") -> Path:
        path = tmp_path / name
        text = "\n".join(([header] if header is not None else []) + list(lines)) + "\n"
        path.write_text(text, encoding="utf-8")
        return path

    return write
