"""Owners' commentary: a note per measure and quarter, with an optional self-assessed RAG.

The CSV has columns ``measure, period, rag, text, author`` and optionally ``public``
(``rag`` may be empty). For a qualitative measure the RAG is its status; for the others the
text explains the figure. Commentary is free text that can state the very counts a public
output holds back ("2 of the 3 ..."), so a public output shows a comment only when its
author released it: ``public`` is ``yes`` or ``no``, and blank or absent means ``no``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ssp_targets.errors import ObservationError
from ssp_targets.inputs.csv_files import read_csv_text
from ssp_targets.inputs.row_checks import RowChecks

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan

COMMENTARY_COLUMNS = ("measure", "period", "rag", "text", "author", "public")
RAGS = ("green", "amber", "red")
#: The words of the ``public`` column (blank means no).
RELEASE_WORDS = {"yes": True, "no": False, "": False}


def read_commentary(path: str | Path, plan: Plan | None = None) -> pd.DataFrame:
    """Read a commentary CSV into a frame with columns ``measure, period, rag, text,
    author, public`` (``public`` a bool: released for public outputs).

    Refused, with every bad row listed: a missing column, a bad period, a RAG other than
    green / amber / red, a ``public`` other than yes / no, two comments for one (measure,
    period), and, with a plan, a measure the plan does not have.
    """
    frame = read_csv_text(path, "commentary")
    return validate_commentary(frame, plan=plan, origin=str(path), row_offset=2)


def validate_commentary(
    frame: pd.DataFrame, plan: Plan | None = None, origin: str = "<frame>", row_offset: int = 2
) -> pd.DataFrame:
    """Check and normalise a commentary frame (see :func:`read_commentary`)."""
    missing = [c for c in ("measure", "period", "text") if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in COMMENTARY_COLUMNS]
    if missing or unknown:
        raise ObservationError(
            f"{origin}: the commentary header must be {', '.join(COMMENTARY_COLUMNS)} "
            f"(rag, author and public may be left out); missing {', '.join(missing) or 'none'}, "
            f"unknown {', '.join(map(str, unknown)) or 'none'}."
        )
    checks = RowChecks(frame, origin, row_offset)
    empty = pd.Series("", index=pd.RangeIndex(len(frame)))
    out = pd.DataFrame({"measure": checks.text("measure")})
    checks.flag_rows(out["measure"] == "", "measure", "is empty; give the measure id")
    out["period"] = checks.period("period")
    rag = (checks.text("rag") if "rag" in frame.columns else empty).str.lower()
    checks.flag_rows(~rag.isin(("", *RAGS)), "rag", "is not green, amber, red or empty")
    out["rag"] = rag.mask(rag == "", None)
    out["text"] = checks.text("text")
    out["author"] = checks.text("author") if "author" in frame.columns else empty
    if "public" in frame.columns and pd.api.types.is_bool_dtype(frame["public"].dtype):
        out["public"] = frame["public"].reset_index(drop=True).astype(bool)
    else:
        release = (checks.text("public") if "public" in frame.columns else empty).str.lower()
        checks.flag_rows(
            ~release.isin(tuple(RELEASE_WORDS)),
            "public",
            "is not yes, no or empty (yes releases the comment for public outputs)",
        )
        out["public"] = release.map(RELEASE_WORDS).fillna(False).astype(bool)
    checks.flag_rows(
        out.duplicated(["measure", "period"], keep=False) & (out["period"] != ""),
        "measure",
        "has a second comment for the same quarter; merge them into one row",
    )
    if plan is not None:
        known = {m.id for m in plan.measures}
        checks.flag_rows(
            ~out["measure"].isin(known) & (out["measure"] != ""),
            "measure",
            f"is not a measure of plan {plan.id!r}",
        )
    checks.raise_if_any()
    return out


def empty_commentary() -> pd.DataFrame:
    """A commentary frame with no rows."""
    columns = {c: pd.Series(dtype=object) for c in COMMENTARY_COLUMNS}
    columns["public"] = pd.Series(dtype=bool)
    return pd.DataFrame(columns)
