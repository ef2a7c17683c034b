"""The summary for other programs: CSV and JSON, one row per report row."""

from __future__ import annotations

import io
import json
import math
from typing import Any

import pandas as pd

from ssp_targets.report.quarter_report import Report

# Text cells starting with these are formulas to a spreadsheet; a leading quote keeps
# them as text (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def render_json(report: Report, encoding: str | None = "utf-8") -> str:
    """An array of row objects (every column of the report's ``OUTPUT_COLUMNS``), nulls
    for missing numbers; draft measures included with status ``draft``."""
    records = [
        {k: _plain(v) for k, v in row.items()} for row in report.output_rows().to_dict("records")
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def render_csv(report: Report, encoding: str | None = "utf-8") -> str:
    """The rows as CSV with a header; text that a spreadsheet would run as a formula is
    prefixed with a quote. The ``handling`` column carries each row's marking."""
    frame = report.output_rows().copy()
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = (
                frame[column]
                .astype(object)
                .map(
                    lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
                )
            )
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()
