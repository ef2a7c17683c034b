"""Qualitative and draft measures: one row per quarter, status from the owner's
self-assessment in the commentary (drafts are listed, never scored)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ssp_targets.assessment.columns import (
    BOOLEAN_COLUMNS,
    COLUMNS,
    NUMERIC_COLUMNS,
    TEXT_COLUMNS,
)
from ssp_targets.plan.definition import Measure, Plan
from ssp_targets.plan.quarters import ordinal_labels, parse_quarter


def assess_others(
    plan: Plan,
    measures: Sequence[Measure],
    wanted: np.ndarray,
    notes: pd.DataFrame,
    note_ordinals: np.ndarray,
) -> pd.DataFrame:
    """Qualitative and draft measures: a row per (measure, indicator or none, quarter),
    built as a cross join of the measures' table with the quarters, then merged with
    the commentary."""
    table = pd.DataFrame(
        [
            {
                "measure": m.id,
                "priority": m.priority,
                "title": m.title,
                "owners": ", ".join(m.owners),
                "kind": m.kind,
                "indicator": indicator,
                "unit": m.unit if m.kind == "quantitative" else None,
                "polarity": m.polarity if m.kind == "quantitative" else None,
                "aggregate": m.aggregate if m.kind == "quantitative" else None,
                "handling": plan.handling_of(m),
                "compare": m.compare if m.kind == "quantitative" else None,
                "target_basis": plan.target_basis_of(m) if m.target is not None else None,
                "draft": not m.scored,
                "retired": parse_quarter(m.retired).ordinal
                if m.retired
                else np.iinfo(np.int64).max,
            }
            for m in measures
            for indicator in (m.indicators or (None,))
        ]
    )
    rows = table.merge(pd.DataFrame({"q": wanted}), how="cross")
    rows = rows[rows["q"] < rows["retired"]]
    said = pd.DataFrame(
        {
            "measure": notes["measure"].astype(object),
            "q": note_ordinals,
            "rag": notes["rag"].astype(object),
            "commentary": notes["text"].astype(object),
            "author": notes["author"].astype(object),
            "commentary_public": (
                notes["public"].astype(bool)
                if "public" in notes.columns
                else pd.Series(False, index=notes.index)
            ),
        }
    )
    rows = rows.merge(said, on=["measure", "q"], how="left")
    assessed = rows["rag"].isin(["green", "amber", "red"])
    rows["status"] = np.where(rows["draft"], "draft", np.where(assessed, rows["rag"], "no_data"))
    reason = pd.Series("no self-assessment in the commentary", index=rows.index, dtype=object)
    reason = reason.mask(assessed, None)
    rows["reason"] = reason.mask(rows["draft"], "draft measure: listed, not scored")
    rows["trend_quarter"] = rows["trend_year"] = "no_data"
    rows["area"] = plan.area.code
    rows["period"] = ordinal_labels(rows["q"].to_numpy())
    for column in ("commentary", "author"):
        rows[column] = rows[column].where(rows[column].notna() & (rows[column] != ""), None)
    rows["commentary_public"] = rows["commentary_public"].fillna(False).astype(bool)
    frame = rows.reindex(columns=list(COLUMNS)).reset_index(drop=True)
    frame = frame.astype(
        {
            c: float if c in NUMERIC_COLUMNS else bool if c in BOOLEAN_COLUMNS else object
            for c in COLUMNS
        }
    )
    return frame.astype({c: "category" for c in TEXT_COLUMNS})
