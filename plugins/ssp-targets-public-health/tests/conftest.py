"""Helpers: write small Fingertips data CSVs in the real 27-column layout.

The layout and the writer are the sample generator's (scripts/make_sample.py), so the
tests' files and the packaged sample cannot drift apart.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType

import pytest

from ssp_targets import Plan, load_plan


def _load_generator() -> ModuleType:
    script = Path(__file__).resolve().parent.parent / "scripts" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("make_sample", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _load_generator()
HEADER: list[str] = GENERATOR.HEADER

DEFAULTS = {
    "Indicator ID": "90245",
    "Indicator Name": "Successful completion of drug treatment: non-opiate users",
    "Parent Code": "E92000001",
    "Parent Name": "England",
    "Area Code": "E06000004",
    "Area Name": "Stockton-on-Tees",
    "Area Type": "UA",
    "Sex": "Persons",
    "Age": "18+ yrs",
    "Time period": "2018/19 Q2 - 2019/20 Q1",
    "Value": "40",
    "Count": "100",
    "Denominator": "250",
    "Compared to England value or percentiles": "Similar",
    "Compared to percentiles": "Not compared",
    "Time period Sortable": "20180200",
    "Time period range": "1y",
}

Writer = Callable[..., Path]


def write_export(
    path: Path, rows: Iterable[Mapping[str, str]], header: list[str] | None = None
) -> Path:
    """Write rows (each overriding DEFAULTS) under ``header`` (default: the 27 columns)."""
    header = header or HEADER
    cells = [[{**DEFAULTS, **row}.get(column, "") for column in header] for row in rows]
    GENERATOR.write_csv(path, header, cells)
    return path


@pytest.fixture(scope="session")
def plan() -> Plan:
    """The repository's plan (the tests that need it skip when the plugin is elsewhere)."""
    plan_file = Path(__file__).resolve().parents[3] / "definitions" / "ssp-2017-20.toml"
    if not plan_file.is_file():
        pytest.skip("the plan is not beside this plugin (installed outside the repository)")
    return load_plan(plan_file)


@pytest.fixture
def generator() -> ModuleType:
    """scripts/make_sample.py, loaded as a module."""
    return GENERATOR


@pytest.fixture
def export(tmp_path: Path) -> Writer:
    """``export(rows, header=None, name="export.csv")`` writes a file and returns its path."""

    def write(
        rows: Iterable[Mapping[str, str]],
        header: list[str] | None = None,
        name: str = "export.csv",
    ) -> Path:
        return write_export(tmp_path / name, rows, header)

    return write


@pytest.fixture
def header() -> list[str]:
    """The 27 Fingertips columns, in order (a fresh copy for each test)."""
    return list(HEADER)
