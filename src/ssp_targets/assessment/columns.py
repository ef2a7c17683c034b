"""The assessed frame's vocabulary: its columns, status and trend words, and their codes.

Each word list is defined here once; the engine works with codes into them, and every
renderer and the JSON Schema read them from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ssp_targets.inputs.observations import COLUMNS as OBSERVATION_COLUMNS

#: Status words, in the order of their codes.
STATUSES = ("green", "amber", "red", "monitor", "no_data", "draft")
#: Trend words, in the order of their codes.
TRENDS = ("improving", "worsening", "up", "down", "no_change", "no_data")
GREEN, AMBER, RED, MONITOR, NO_DATA, DRAFT = range(6)
IMPROVING, WORSENING, UP, DOWN, NO_CHANGE, TREND_NO_DATA = range(6)

#: The assessed frame's columns: the measure, the observation's own columns, then what
#: assessing adds.
COLUMNS = (
    "measure",
    "priority",
    "title",
    "owners",
    "kind",
    *OBSERVATION_COLUMNS,
    "compare",
    "population",
    "rate_per_1000",
    "rank",
    "group_size",
    "group_value",
    "comparison",
    "target",
    "amber_within",
    "target_basis",
    "status",
    "reason",
    "trend_quarter",
    "trend_year",
    "ytd",
    "value_previous_quarter",
    "value_same_quarter_last_year",
    "unit",
    "polarity",
    "aggregate",
    "handling",
    "commentary",
    "author",
    "commentary_public",
)

#: Columns of text, returned as pandas categoricals (compact, and quick to build).
TEXT_COLUMNS = (
    "note",
    "measure",
    "priority",
    "title",
    "owners",
    "kind",
    "indicator",
    "area",
    "period",
    "flag",
    "compare",
    "target_basis",
    "status",
    "reason",
    "comparison",
    "trend_quarter",
    "trend_year",
    "unit",
    "polarity",
    "aggregate",
    "handling",
)
#: Columns of free text (objects, None where missing), and the one of booleans.
FREE_TEXT_COLUMNS = ("commentary", "author")
BOOLEAN_COLUMNS = ("commentary_public",)
#: Columns of numbers (NaN where missing): everything else.
NUMERIC_COLUMNS = tuple(
    c for c in COLUMNS if c not in (*TEXT_COLUMNS, *FREE_TEXT_COLUMNS, *BOOLEAN_COLUMNS)
)


def code_dtype(n: int) -> type[np.signedinteger[Any]]:
    """The smallest integer type pandas uses for codes of ``n`` categories."""
    return np.int8 if n < 127 else np.int16 if n < 32_000 else np.int32


def categorical(codes: np.ndarray, categories: Sequence[object] | np.ndarray) -> pd.Categorical:
    """Text column from integer codes (-1: missing): as fast to build as the codes."""
    dtype = pd.CategoricalDtype(pd.Index(list(categories), dtype=object))
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
