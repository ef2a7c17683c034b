"""The observation store: one SQLite file holding every figure ever loaded, and commentary.

Append-only. Each load is one transaction that writes a row to the audit log (``load``)
and only the figures that are new or differ from the current ones, each stamped with
that load. The current figure of an (indicator, area, quarter) is the one from its
newest load; ``as_of`` a time gives the figures as they stood then, so an earlier
meeting's report can be reproduced after agencies revise their figures.

The store holds indicators, not plan measures: it outlives any one plan.

The store's parts: :mod:`.schema` (the tables, and bringing an older file up to date),
:mod:`.encoding` (how quarters, times and missing values are kept), :mod:`.queries`
(reading the current figures), :mod:`.loading` (writing a load) and
:mod:`.transactions` (all-or-nothing writes, a damaged file, progress).
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ssp_targets.errors import SspWarning, StoreError
from ssp_targets.inputs.commentary import COMMENTARY_COLUMNS, validate_commentary
from ssp_targets.inputs.observations import validate_observations
from ssp_targets.plan.quarters import parse_quarter, quarter_label
from ssp_targets.store import queries
from ssp_targets.store.encoding import (
    FIGURE_COLUMNS,
    key,
    nullable,
    period_codes,
    period_labels,
)
from ssp_targets.store.loading import LoadResult, compare, ids, new_load, write
from ssp_targets.store.queries import (
    as_of_load,
    current_figures,
    figure_filter,
    observation_frame,
)
from ssp_targets.store.schema import open_schema
from ssp_targets.store.transactions import Progress, Transaction, guarded

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan

__all__ = ["LoadResult", "Store", "StoreError"]


class Store:
    """An observation store in one SQLite file (created if absent).

    ``plan`` (a :class:`~ssp_targets.Plan` or a plan id) is the plan whose commentary
    :meth:`commentary` and :meth:`load_commentary` work with when not told otherwise; a
    store from before commentary was kept per plan needs it once, to file its comments.
    Use as a context manager, or call :meth:`close`. Reading while another process
    loads is safe: the store runs in WAL mode, and a reader sees the last committed load.
    """

    def __init__(self, path: str | Path, plan: Plan | str | None = None) -> None:
        self.path = Path(path)
        self.plan_id = plan if isinstance(plan, str) or plan is None else plan.id
        folder = self.path.parent
        if str(self.path) != ":memory:" and not folder.is_dir():
            raise StoreError(
                f"{self.path}: the folder {folder} does not exist; create it, or name a store "
                "in an existing folder (store = in the project config)."
            )
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc}).") from None
        try:
            open_schema(self._db, self.path, self.plan_id)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(
                f"{self.path}: not an ssp-targets store ({exc}). Check the path; a new "
                "store is created where no file exists."
            ) from None
        except StoreError:
            self._db.close()
            raise

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- loading ----------------------------------------------------------------------

    @guarded
    def load(
        self,
        frame: pd.DataFrame,
        source: str = "csv",
        *,
        plan: Plan | None = None,
        origin: str | None = None,
        progress: Progress | None = None,
        sample: str | None = None,
        require_known: bool = False,
    ) -> LoadResult:
        """Check ``frame`` and store its figures that are new or differ from the current
        ones, in one transaction (all or nothing).

        ``frame`` is an observation frame or the text of a canonical CSV; it is checked
        as :func:`~ssp_targets.validate_observations` does (with ``plan``'s unit checks
        if given; indicators and areas the plan does not name are kept unless
        ``require_known``). ``origin`` names the input in messages and in the audit log;
        ``sample`` says what synthetic sample the figures are (None for real figures: see
        :func:`~ssp_targets.mark_sample`); ``progress(stage, done, total)`` is called as
        the work goes on. An input with no rows is recorded and warned about
        (:class:`~ssp_targets.SspWarning`).
        """
        where = origin or "<frame>"
        checked = validate_observations(
            frame, plan=plan, origin=where, require_known=require_known, require_area=True
        )
        if checked.empty:
            warnings.warn(
                f"{where}: no figures to store (the input has no rows).",
                SspWarning,
                stacklevel=2,
            )
        if progress is not None:
            progress("checked", len(checked), len(checked))
        return self._load_checked(checked, source, origin, progress, sample)

    @guarded
    def _load_checked(
        self,
        checked: pd.DataFrame,
        source: str,
        origin: str | None,
        progress: Progress | None = None,
        sample: str | None = None,
    ) -> LoadResult:
        """Store a frame that :func:`~ssp_targets.validate_observations` returned, with
        every row's area given (fetching checks a source's frame once, then stores it)."""
        with Transaction(self._db, self.path):
            ind = ids(self._db, "indicator", "name", checked["indicator"])
            area = ids(self._db, "area", "code", checked["area"])
            period = period_codes(checked["period"])
            keys = key(ind, area, period)
            current = current_figures(self._db, indicators=np.unique(ind))
            position = pd.Index(current["key"]).get_indexer(keys)
            changed, added, revised, unchanged = compare(checked, current, position, FIGURE_COLUMNS)
            if progress is not None:
                progress("compared with the store", len(keys), len(keys))
            load_id, loaded_at = new_load(
                self._db, "observations", source, origin, added, revised, unchanged, sample
            )
            # In primary-key order, so SQLite appends to its B-tree rather than splitting it.
            order = np.flatnonzero(changed)[np.argsort(keys[changed], kind="stable")]
            rows = checked.iloc[order]
            records = list(
                zip(
                    ind[order].tolist(),
                    area[order].tolist(),
                    period[order].tolist(),
                    [load_id] * len(rows),
                    *(nullable(rows[c]) for c in FIGURE_COLUMNS),
                    strict=True,
                )
            )
            marks = ", ".join("?" * (4 + len(FIGURE_COLUMNS)))
            write(self._db, f"INSERT INTO figure VALUES ({marks})", records, progress)
        return LoadResult(load_id, loaded_at, source, added, revised, unchanged)

    @guarded
    def load_commentary(
        self,
        frame: pd.DataFrame,
        source: str = "commentary",
        *,
        plan: Plan | str | None = None,
        origin: str | None = None,
        sample: str | None = None,
    ) -> LoadResult:
        """Store owners' commentary (as :func:`~ssp_targets.read_commentary` reads it) under
        ``plan`` (a plan or plan id; default: the store's); a comment equal to the current
        one for its plan, measure and quarter is not repeated. With a :class:`Plan`, the
        measures are checked against it."""
        plan_id = self._plan_id(plan)
        checked = validate_commentary(
            frame, plan=None if isinstance(plan, str) else plan, origin=origin or "<frame>"
        )
        if checked.empty:
            warnings.warn(
                f"{origin or '<frame>'}: no comments to store (the input has no rows).",
                SspWarning,
                stacklevel=2,
            )
        with Transaction(self._db, self.path):
            current = self.commentary(plan=plan_id)
            keys = checked["measure"] + "|" + checked["period"]
            now = current["measure"].astype(object) + "|" + current["period"].astype(object)
            position = pd.Index(now).get_indexer(keys)
            changed, added, revised, unchanged = compare(
                checked, current, position, ("rag", "text", "author", "public")
            )
            load_id, loaded_at = new_load(
                self._db, "commentary", source, origin, added, revised, unchanged, sample
            )
            rows = checked[changed]
            records = list(
                zip(
                    [plan_id] * len(rows),
                    rows["measure"].tolist(),
                    period_codes(rows["period"]).tolist(),
                    [load_id] * len(rows),
                    nullable(rows["rag"]),
                    rows["text"].tolist(),
                    nullable(rows["author"]),
                    [int(bool(p)) for p in rows["public"]],
                    strict=True,
                )
            )
            write(
                self._db,
                "INSERT INTO comment (plan, measure, period, load, rag, text, author, public) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                records,
                None,
            )
        return LoadResult(load_id, loaded_at, source, added, revised, unchanged)

    def _plan_id(self, plan: Plan | str | None) -> str:
        """The id of ``plan``, else of the store's plan; commentary always has one."""
        if plan is not None:
            return plan if isinstance(plan, str) else plan.id
        if self.plan_id is None:
            raise StoreError(
                f"{self.path}: commentary belongs to a plan; pass plan= (a plan or its id), "
                "or open the store with Store(path, plan=...)."
            )
        return self.plan_id

    # -- reading ----------------------------------------------------------------------

    @guarded
    def observations(
        self,
        as_of: str | datetime | None = None,
        indicators: Sequence[str] | None = None,
        areas: Sequence[str] | None = None,
        periods: Sequence[str | pd.Period] | None = None,
    ) -> pd.DataFrame:
        """The observation frame: the current figures, or those as they stood at ``as_of``
        (an ISO 8601 date or date-time, local time unless it has an offset), optionally
        only some indicators, areas or quarters. Suppressed figures are left out."""
        names = queries.names(self._db, "indicator", "name")
        codes = queries.names(self._db, "area", "code")
        by_name = {v: k for k, v in names.items()}
        by_code = {v: k for k, v in codes.items()}
        wanted_periods = None
        if periods is not None:
            labels = pd.Series([quarter_label(parse_quarter(p)) for p in periods], dtype=object)
            wanted_periods = period_codes(labels).tolist() if len(labels) else []
        frame = current_figures(
            self._db,
            indicators=None if indicators is None else [by_name.get(i, -1) for i in indicators],
            areas=None if areas is None else [by_code.get(a, -1) for a in areas],
            periods=wanted_periods,
            as_of_load=as_of_load(self._db, as_of),
        )
        return observation_frame(frame[frame["value"].notna()], names, codes)

    @guarded
    def commentary(
        self, as_of: str | datetime | None = None, plan: Plan | str | None = None
    ) -> pd.DataFrame:
        """The current commentary of ``plan`` (default: the store's plan), or as it stood at
        ``as_of``: ``measure, period, rag, text, author, public``."""
        plan_id = self._plan_id(plan)
        limit = as_of_load(self._db, as_of)
        sql = (
            "SELECT measure, period, max(load), rag, text, author, public FROM comment "
            f"WHERE plan = ? {'AND load <= ?' if limit is not None else ''} "
            "GROUP BY measure, period"
        )
        rows = self._db.execute(sql, (plan_id,) if limit is None else (plan_id, limit))
        frame = pd.DataFrame(
            rows.fetchall(),
            columns=["measure", "period", "load", "rag", "text", "author", "public"],
        )
        frame["period"] = period_labels(frame["period"].to_numpy(dtype=np.int64))
        out = frame.loc[:, list(COMMENTARY_COLUMNS)].astype(object)
        out["public"] = frame["public"].astype(bool)
        return out

    @guarded
    def revisions(self, indicator: str, area: str | None = None) -> pd.DataFrame:
        """Every figure ever loaded for an indicator (optionally one area), oldest first:
        ``indicator, area, period, value, numerator, denominator, lower_ci, upper_ci, flag,
        note, loaded_at, source, load_id``."""
        sql = (
            "SELECT i.name, a.code, f.period, f.value, f.numerator, f.denominator, "
            "f.lower_ci, f.upper_ci, f.flag, f.note, l.loaded_at, l.source, l.id FROM figure f "
            "JOIN indicator i ON i.id = f.indicator JOIN area a ON a.id = f.area "
            "JOIN load l ON l.id = f.load WHERE i.name = ?"
            + (" AND a.code = ?" if area is not None else "")
            + " ORDER BY f.period, a.code, l.id"
        )
        rows = self._db.execute(sql, (indicator,) if area is None else (indicator, area))
        frame = pd.DataFrame(
            rows.fetchall(),
            columns=["indicator", "area", "period", "value", "numerator", "denominator",
                     "lower_ci", "upper_ci", "flag", "note", "loaded_at", "source", "load_id"],
        )  # fmt: skip
        frame["period"] = period_labels(frame["period"].to_numpy(dtype=np.int64))
        frame["loaded_at"] = pd.to_datetime(frame["loaded_at"], utc=True, format="ISO8601")
        return frame.sort_values(["load_id"], kind="stable").reset_index(drop=True)

    @guarded
    def loads(self) -> pd.DataFrame:
        """The audit log: one row per load, oldest first (``load_id, loaded_at, kind,
        source, origin, added, revised, unchanged, sample``; ``sample`` says what
        synthetic sample a load was, None for real figures)."""
        frame = pd.DataFrame(
            self._db.execute(
                "SELECT id, loaded_at, kind, source, origin, added, revised, unchanged, sample "
                "FROM load ORDER BY id"
            ).fetchall(),
            columns=["load_id", "loaded_at", "kind", "source", "origin", "added", "revised",
                     "unchanged", "sample"],
        )  # fmt: skip
        frame["loaded_at"] = pd.to_datetime(frame["loaded_at"], utc=True, format="ISO8601")
        frame["sample"] = frame["sample"].astype(object).where(frame["sample"].notna(), None)
        return frame

    @guarded
    def provenance(
        self,
        as_of: str | datetime | None = None,
        indicators: Sequence[str] | None = None,
        plan: Plan | str | None = None,
    ) -> pd.DataFrame:
        """The loads that the current figures (or those at ``as_of``) of ``indicators``
        came from, and those of the plan's current commentary, oldest first: the columns
        of :meth:`loads` and ``figures``, how many current figures or comments each
        supplies. A report's figures include sample data exactly when one of these loads
        has a ``sample``."""
        limit = as_of_load(self._db, as_of)
        names = queries.names(self._db, "indicator", "name")
        by_name = {v: k for k, v in names.items()}
        wanted = None if indicators is None else [by_name.get(i, -1) for i in indicators]
        where, params = figure_filter(wanted, None, None, limit)
        current = f"SELECT max(load) AS load FROM figure {where} GROUP BY indicator, area, period"
        counts = dict(
            self._db.execute(
                f"SELECT load, count(*) FROM ({current}) GROUP BY load", params
            ).fetchall()
        )
        plan_id = plan if isinstance(plan, str) else plan.id if plan is not None else self.plan_id
        if plan_id is not None:
            said = (
                "SELECT max(load) AS load FROM comment WHERE plan = ? "
                f"{'AND load <= ?' if limit is not None else ''} GROUP BY measure, period"
            )
            rows = self._db.execute(
                f"SELECT load, count(*) FROM ({said}) GROUP BY load",
                (plan_id,) if limit is None else (plan_id, limit),
            ).fetchall()
            counts.update(dict(rows))
        loads = self.loads()
        loads = loads[loads["load_id"].isin(list(counts))].reset_index(drop=True)
        loads["figures"] = loads["load_id"].map(counts).astype(int)
        return loads
