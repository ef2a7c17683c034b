"""What is said about each assessed row: the figure's flag and note from the
observations, and the lead officer's commentary (with whether it is released for public
outputs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ssp_targets.assessment.columns import categorical, code_dtype
from ssp_targets.errors import ObservationError
from ssp_targets.inputs.commentary import empty_commentary
from ssp_targets.plan.quarters import labels_to_ordinals


def commentary_arrays(commentary: pd.DataFrame | None) -> tuple[pd.DataFrame, np.ndarray]:
    """The commentary (as read_commentary gives it) and the ordinal of each row's quarter."""
    if commentary is None:
        commentary = empty_commentary()
    missing = [c for c in ("measure", "period", "text") if c not in commentary.columns]
    if missing:
        raise ObservationError(
            f"commentary: missing column(s) {', '.join(missing)}; expected the frame "
            "read_commentary returns (measure, period, rag, text, author)."
        )
    notes = commentary.reset_index(drop=True)
    for column in ("rag", "author"):
        if column not in notes.columns:
            notes = notes.assign(**{column: None})
    ordinals = labels_to_ordinals(notes["period"]) if len(notes) else np.zeros(0, np.int64)
    if (ordinals < 0).any():
        bad = notes["period"][ordinals < 0].iloc[0]
        raise ObservationError(f"commentary: period {bad!r} is not a financial-year quarter.")
    if notes.duplicated(["measure", "period"]).any():
        raise ObservationError(
            "commentary: a measure has two comments for one quarter; read the file with "
            "read_commentary to see which rows."
        )
    return notes, ordinals


def flags_and_notes(
    obs: dict[str, Any], n_rows: int, rows_of: Callable[[], np.ndarray]
) -> tuple[pd.Categorical, pd.Categorical]:
    """Each of ``n_rows`` output rows' figure's flag and note (missing where none was
    given), as categoricals: ``rows_of()`` gives the output rows' observation rows (-1 for
    none), and is only called when some figure has a flag or a note."""
    rows: list[np.ndarray] = []

    def column(values: np.ndarray | None) -> pd.Categorical:
        if values is None:
            return categorical(np.full(n_rows, -1, dtype=np.int8), ())
        if not rows:
            rows.append(rows_of())
        codes, uniques = pd.factorize(pd.Series(values, dtype=object))
        picked = np.append(codes, -1)[rows[0]]  # row -1 (no figure) picks the final -1
        return categorical(picked.astype(code_dtype(len(uniques))), uniques)

    return column(obs["flag"]), column(obs["note"])


def comments_for(
    slot_ids: Sequence[str],
    notes: pd.DataFrame,
    note_ordinals: np.ndarray,
    slot_rows: np.ndarray,
    quarter_rows: np.ndarray,
) -> tuple[pd.Categorical, pd.Categorical, np.ndarray]:
    """The commentary text, author and release for public outputs for each output row
    (missing, and not released, where there is none)."""
    found = np.full(len(slot_rows), -1, dtype=np.intp)
    if len(notes):
        ids = pd.Index(list(dict.fromkeys(slot_ids)))
        slot_pos = ids.get_indexer(list(slot_ids)).astype(np.int64)
        note_pos = ids.get_indexer(notes["measure"]).astype(np.int64)
        mine = np.flatnonzero(note_pos >= 0)  # comments on these measures
        note_keys = (note_pos[mine] << 32) + note_ordinals[mine]
        row_keys = (slot_pos[slot_rows] << 32) + quarter_rows
        hits = pd.Index(note_keys).get_indexer(row_keys)
        found = np.where(hits >= 0, np.append(mine, -1)[hits], -1)

    def column(name: str) -> pd.Categorical:
        values = notes[name].astype(object).where(notes[name].astype(bool), None)
        codes, categories = pd.factorize(pd.Series(values, dtype=object))
        return categorical(np.append(codes, -1)[found], categories)

    public = (
        notes["public"].astype(bool).to_numpy()
        if "public" in notes.columns and len(notes)
        else np.zeros(len(notes), dtype=bool)
    )
    return column("text"), column("author"), np.append(public, False)[found]
