"""Writing a load: the audit-log row, ids for new indicators and areas, which rows are
new or differ from the current ones, and the rows themselves in batches."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import numpy as np
import pandas as pd

from ssp_targets.store.encoding import same, timestamp
from ssp_targets.store.transactions import Progress

#: Rows written per statement batch; progress is reported between batches.
BATCH = 100_000


@attrs.frozen
class LoadResult:
    """What one load did: its id and time, and how many figures it added or revised."""

    load_id: int
    loaded_at: str
    source: str
    added: int
    revised: int
    unchanged: int

    def describe(self, what: str = "") -> str:
        """``load 3: 12 added, 1 revised, 480 unchanged`` (``what`` names the things)."""
        noun = f" {what}" if what else ""
        return (
            f"load {self.load_id}: {self.added:,}{noun} added, {self.revised:,} revised, "
            f"{self.unchanged:,} unchanged"
        )


def ids(db: sqlite3.Connection, table: str, column: str, values: pd.Series) -> np.ndarray:
    """Integer ids for text values, adding the ones the store has not seen."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    known = dict(db.execute(f"SELECT {column}, id FROM {table}").fetchall())
    missing = [u for u in uniques if u not in known]
    if missing:
        db.executemany(f"INSERT INTO {table} ({column}) VALUES (?)", [(m,) for m in missing])
        known = dict(db.execute(f"SELECT {column}, id FROM {table}").fetchall())
    return np.array([known[u] for u in uniques], dtype=np.int64)[codes]


def new_load(
    db: sqlite3.Connection,
    kind: str,
    source: str,
    origin: str | None,
    added: int,
    revised: int,
    same: int,
    sample: str | None = None,
) -> tuple[int, str]:
    """Add the audit-log row of a load; its id and time (strictly after the last)."""
    last = db.execute("SELECT max(loaded_at) FROM load").fetchone()[0]
    moment = datetime.now(UTC)
    if last is not None:  # keep load times strictly increasing, whatever the clock does
        previous = datetime.fromisoformat(last.replace("Z", "+00:00"))
        moment = max(moment, previous + timedelta(microseconds=1))
    stamp = timestamp(moment)
    cursor = db.execute(
        "INSERT INTO load (loaded_at, kind, source, origin, added, revised, unchanged, "
        "sample) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (stamp, kind, source, origin, added, revised, same, sample),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid, stamp


def write(db: sqlite3.Connection, sql: str, records: list[Any], progress: Progress | None) -> None:
    """Run ``sql`` for each record, :data:`BATCH` at a time, reporting progress."""
    total = len(records)
    for start in range(0, total, BATCH):
        db.executemany(sql, records[start : start + BATCH])
        if progress is not None:
            progress("writing", min(start + BATCH, total), total)


def compare(
    new: pd.DataFrame, current: pd.DataFrame, position: np.ndarray, columns: tuple[str, ...]
) -> tuple[np.ndarray, int, int, int]:
    """Which rows of ``new`` to write: those with no current row (``position`` -1) or whose
    ``columns`` differ from the current row at ``position`` (two missing values are the
    same); and how many are added, revised and unchanged."""
    changed = position < 0
    known = ~changed
    for column in columns:
        fresh = new[column].to_numpy(dtype=object)
        old = current[column].to_numpy(dtype=object)[position[known]]
        changed[known] |= ~same(fresh[known], old)
    added = int((position < 0).sum())
    revised = int(changed.sum()) - added
    return changed, added, revised, len(new) - added - revised
