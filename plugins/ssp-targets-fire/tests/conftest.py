"""Helpers shared by the fire plugin's tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
LFB = DATA / "lfb-incidents-sample.csv"

HEADER = (
    "INCIDENT_NUMBER",
    "CALL_DATE_TIME",
    "INCIDENT_TYPE",
    "ACCIDENTAL_OR_DELIBERATE",
    "PROPERTY_CATEGORY",
    "WARD_CODE",
    "LA_CODE",
)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A CSV file's text (values are written as they are: keep commas out of them)."""
    return "\n".join(",".join(r) for r in [tuple(header), *rows]) + "\n"


@pytest.fixture
def write_export(tmp_path: Path) -> Callable[..., Path]:
    """``write_export(rows, header=HEADER, name="export.csv")`` writes a CSV in tmp_path."""

    def write(
        rows: Sequence[Sequence[str]],
        header: Sequence[str] = HEADER,
        name: str = "export.csv",
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        path.write_text(csv_text(header, rows), encoding=encoding)
        return path

    return write
