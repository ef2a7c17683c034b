"""The JSON Schema of the JSON summary (``ssp-targets summary --format json``).

The schema is package data, ``schema/report.schema.json`` (JSON Schema draft 2020-12),
so programs that read the summary can check it; ``ssp-targets schema`` prints it.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

#: The schema file, inside the package.
SCHEMA_FILE = "report.schema.json"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that the JSON renderer's output satisfies: an array
    of row objects, each with exactly the keys of
    :data:`~ssp_targets.report.quarter_report.OUTPUT_COLUMNS`. A fresh dict on every call."""
    text = (
        resources.files("ssp_targets.renderers")
        .joinpath("schema")
        .joinpath(SCHEMA_FILE)
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
