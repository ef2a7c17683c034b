"""The observation store: one SQLite file holding every figure ever loaded, and commentary.

Append-only. Each load is one transaction that writes a row to the audit log (``load``)
and only the figures that are new or differ from the current ones, each stamped with
that load. The current figure of an (indicator, area, quarter) is the one from its
newest load; ``as_of`` a time gives the figures as they stood then, so an earlier
meeting's report can be reproduced after agencies revise their figures.

The store holds indicators, not plan measures: it outlives any one plan.

Schema (version :data:`SCHEMA_VERSION`, kept in ``PRAGMA user_version``; the file is
marked as ours with ``PRAGMA application_id``):

- ``load(id, loaded_at, kind, source, origin, added, revised, unchanged, sample)``, where
  ``loaded_at`` is UTC ISO 8601 text with microseconds, strictly increasing, and
  ``sample`` says what synthetic sample the load was (NULL for real figures; version 3);
- ``indicator(id, name)`` and ``area(id, code)``;
- ``figure(indicator, area, period, load, value, numerator, denominator, flag, note,
  lower_ci, upper_ci)`` with the quarter as ``year * 10 + quarter`` (2018/19 Q2 is
  20182); the published interval's columns came with version 2;
- ``comment(plan, measure, period, load, rag, text, author, public)``: commentary is
  keyed by plan id and measure id, since a later plan's 2.2 is another measure (version
  3 added ``plan``, filing what was there under the plan the store was opened with, and
  ``public``, whether the author released the comment for public outputs).
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
import numpy as np
import pandas as pd

from ssp_targets.errors import SspError, SspWarning
from ssp_targets.inputs.commentary import COMMENTARY_COLUMNS, validate_commentary
from ssp_targets.inputs.observations import validate_observations
from ssp_targets.plan.quarters import (
    FREQ,
    labels_to_ordinals,
    ordinal_labels,
    parse_quarter,
    quarter_label,
)

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan

SCHEMA_VERSION = 3
APPLICATION_ID = 0x53535054  # "SSPT"

#: Rows written per statement batch; progress is reported between batches.
BATCH = 100_000

#: A figure's columns after its key, in the table's order; the numbers come first.
_FIGURE_COLUMNS = ("value", "numerator", "denominator", "flag", "note", "lower_ci", "upper_ci")
_NUMBER_COLUMNS = ("value", "numerator", "denominator", "lower_ci", "upper_ci")
_TEXT_COLUMNS = ("flag", "note")
_BASE_ORDINAL = pd.Period(year=2001, quarter=1, freq=FREQ).ordinal  # 2000/01 Q1

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class StoreError(SspError):
    """A store file that cannot be used: not a store, too new, or unreadable."""


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


@attrs.frozen
class _Opening:
    """What a migration may need to know: the plan the store is opened with."""

    path: Path
    plan_id: str | None


def _schema_v1(db: sqlite3.Connection, _opening: _Opening) -> None:
    # One statement at a time: executescript would commit the migration's transaction.
    script = """
        CREATE TABLE load (
            id INTEGER PRIMARY KEY,
            loaded_at TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('observations', 'commentary')),
            source TEXT NOT NULL,
            origin TEXT,
            added INTEGER NOT NULL,
            revised INTEGER NOT NULL,
            unchanged INTEGER NOT NULL
        );
        CREATE TABLE indicator (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE area (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
        CREATE TABLE figure (
            indicator INTEGER NOT NULL REFERENCES indicator (id),
            area INTEGER NOT NULL REFERENCES area (id),
            period INTEGER NOT NULL,
            load INTEGER NOT NULL REFERENCES load (id),
            value REAL,
            numerator REAL,
            denominator REAL,
            flag TEXT,
            note TEXT,
            PRIMARY KEY (indicator, area, period, load)
        ) WITHOUT ROWID;
        CREATE TABLE comment (
            measure TEXT NOT NULL,
            period INTEGER NOT NULL,
            load INTEGER NOT NULL REFERENCES load (id),
            rag TEXT,
            text TEXT NOT NULL,
            author TEXT,
            PRIMARY KEY (measure, period, load)
        ) WITHOUT ROWID
        """
    for statement in script.split(";"):
        db.execute(statement)


def _published_intervals(db: sqlite3.Connection, _opening: _Opening) -> None:
    # Added at the end: SQLite adds columns in place, without rewriting the table.
    db.execute("ALTER TABLE figure ADD COLUMN lower_ci REAL")
    db.execute("ALTER TABLE figure ADD COLUMN upper_ci REAL")


def _samples_and_commentary_by_plan(db: sqlite3.Connection, opening: _Opening) -> None:
    db.execute("ALTER TABLE load ADD COLUMN sample TEXT")
    held = db.execute("SELECT count(*) FROM comment").fetchone()[0]
    if held and opening.plan_id is None:
        raise StoreError(
            f"{opening.path}: the store holds {held:,} comment{'s' if held != 1 else ''} from "
            "before commentary was kept per plan; open it with the plan they belong to "
            "(ssp-targets does, from the config's plan; from Python, Store(path, plan=plan)) "
            "to file them under it. The file was not changed."
        )
    # The primary key changes, so the table is made anew (SQLite cannot alter a key).
    db.execute(
        """CREATE TABLE comment_by_plan (
            plan TEXT NOT NULL,
            measure TEXT NOT NULL,
            period INTEGER NOT NULL,
            load INTEGER NOT NULL REFERENCES load (id),
            rag TEXT,
            text TEXT NOT NULL,
            author TEXT,
            public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
            PRIMARY KEY (plan, measure, period, load)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "INSERT INTO comment_by_plan (plan, measure, period, load, rag, text, author) "
        "SELECT ?, measure, period, load, rag, text, author FROM comment",
        (opening.plan_id or "",),
    )
    db.execute("DROP TABLE comment")
    db.execute("ALTER TABLE comment_by_plan RENAME TO comment")


#: Migrations by the version they start from: entry n takes a store from n to n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection, _Opening], None], ...] = (
    _schema_v1,
    _published_intervals,
    _samples_and_commentary_by_plan,
)


def period_codes(labels: pd.Series) -> np.ndarray:
    """Quarter labels as the store's integers (``2018/19 Q2`` -> 20182)."""
    offset = labels_to_ordinals(labels) - _BASE_ORDINAL
    return (2000 + offset // 4) * 10 + offset % 4 + 1


def period_labels(codes: np.ndarray) -> np.ndarray:
    """The store's quarter integers as labels."""
    codes = np.asarray(codes, dtype=np.int64)
    return ordinal_labels(_BASE_ORDINAL + (codes // 10 - 2000) * 4 + codes % 10 - 1)


def _period_categorical(codes: np.ndarray) -> pd.Categorical:
    """The store's quarter integers as a categorical of labels, in time order."""
    if codes.size == 0:
        return pd.Categorical.from_codes([], categories=pd.Index([], dtype=object))
    low = int(codes.min())
    present = np.flatnonzero(np.bincount(codes - low))  # distinct codes, sorted
    position = np.zeros(int(present[-1]) + 1, dtype=np.int32)
    position[present] = np.arange(len(present))
    labels = pd.Index(list(period_labels(present + low)), dtype=object)
    return pd.Categorical.from_codes(position[codes - low], categories=labels)


def parse_as_of(value: str | datetime) -> datetime:
    """An ISO 8601 date or date-time; without a UTC offset it is local time. A date alone
    means the start of that day."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise SspError(
                f"as-of {value!r} is not an ISO 8601 date or date-time; write e.g. "
                '"2018-10-01", "2018-10-01T09:30" or "2018-10-01T09:30:00+01:00".'
            ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # naive means local time
    return moment.astimezone(UTC)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _key(indicator: np.ndarray, area: np.ndarray, period: np.ndarray) -> np.ndarray:
    """One integer per (indicator, area, period) for fast matching."""
    return (indicator.astype(np.int64) << 42) | (area.astype(np.int64) << 20) | period


def _damaged(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return StoreError(
            f"{path}: the store is busy ({exc}): another program is writing to it. Try again "
            "when it has finished; nothing was changed."
        )
    return StoreError(
        f"{path}: the store cannot be read or written ({exc}); the file may be damaged. "
        "Restore it from a backup, or check the disk; nothing was changed."
    )


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _guarded(method: _Method) -> _Method:
    """A store method whose SQLite errors (a damaged or busy file) are StoreErrors."""

    @functools.wraps(method)
    def guarded(self: Store, *args: Any, **kwargs: Any) -> Any:
        with _damage(self.path):
            return method(self, *args, **kwargs)

    return cast("_Method", guarded)


@contextlib.contextmanager
def _damage(path: Path) -> Iterator[None]:
    """SQLite's errors on reading or writing a damaged file, as a :class:`StoreError`."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, exc) from None


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
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(
                f"{self.path}: not an ssp-targets store ({exc}). Check the path; a new "
                "store is created where no file exists."
            ) from None
        except StoreError:
            self._db.close()
            raise

    # -- opening and migrating --------------------------------------------------------

    def _prepare(self) -> None:
        db = self._db
        app, version = (db.execute(f"PRAGMA {p}").fetchone()[0]
                        for p in ("application_id", "user_version"))  # fmt: skip
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID and (tables or version):
            raise StoreError(
                f"{self.path}: this SQLite file is not an ssp-targets store; it was not "
                "changed. Name a new file, or the store this project uses."
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the store has schema version {version}, newer than this "
                f"ssp-targets understands ({SCHEMA_VERSION}); upgrade ssp-targets to read it. "
                "The file was not changed."
            )
        db.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            db.execute("BEGIN IMMEDIATE")
            try:
                for migrate in MIGRATIONS[version:]:
                    migrate(db, _Opening(self.path, self.plan_id))
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        # After any migration: a refused upgrade leaves the file exactly as it was.
        db.execute("PRAGMA journal_mode = WAL")

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

    @_guarded
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
        with self._transaction():
            ind = self._ids("indicator", "name", checked["indicator"])
            area = self._ids("area", "code", checked["area"])
            period = period_codes(checked["period"])
            keys = _key(ind, area, period)
            current = self._current(indicators=np.unique(ind), as_of_load=None)
            position = pd.Index(current["key"]).get_indexer(keys)
            changed = position < 0
            known = ~changed
            for column in _FIGURE_COLUMNS:
                new = checked[column].to_numpy(dtype=object)
                old = current[column].to_numpy(dtype=object)[position[known]]
                changed[known] |= ~_same(new[known], old)
            added = int((position < 0).sum())
            revised = int(changed.sum()) - added
            unchanged = len(keys) - added - revised
            if progress is not None:
                progress("compared with the store", len(keys), len(keys))
            load_id, loaded_at = self._new_load(
                "observations", source, origin, added, revised, unchanged, sample
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
                    *(_nullable(rows[c]) for c in _FIGURE_COLUMNS),
                    strict=True,
                )
            )
            marks = ", ".join("?" * (4 + len(_FIGURE_COLUMNS)))
            self._write(f"INSERT INTO figure VALUES ({marks})", records, progress)
        return LoadResult(load_id, loaded_at, source, added, revised, unchanged)

    @_guarded
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
        with self._transaction():
            current = self.commentary(plan=plan_id)
            key = checked["measure"] + "|" + checked["period"]
            now = current["measure"].astype(object) + "|" + current["period"].astype(object)
            position = pd.Index(now).get_indexer(key)
            changed = position < 0
            known = ~changed
            for column in ("rag", "text", "author", "public"):
                new = checked[column].to_numpy(dtype=object)
                old = current[column].to_numpy(dtype=object)[position[known]]
                changed[known] |= ~_same(new[known], old)
            added = int((position < 0).sum())
            revised = int(changed.sum()) - added
            unchanged = len(key) - added - revised
            load_id, loaded_at = self._new_load(
                "commentary", source, origin, added, revised, unchanged, sample
            )
            rows = checked[changed]
            records = list(
                zip(
                    [plan_id] * len(rows),
                    rows["measure"].tolist(),
                    period_codes(rows["period"]).tolist(),
                    [load_id] * len(rows),
                    _nullable(rows["rag"]),
                    rows["text"].tolist(),
                    _nullable(rows["author"]),
                    [int(bool(p)) for p in rows["public"]],
                    strict=True,
                )
            )
            self._write(
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

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self.path)

    def _ids(self, table: str, column: str, values: pd.Series) -> np.ndarray:
        """Integer ids for text values, adding the ones the store has not seen."""
        codes, uniques = pd.factorize(values.to_numpy(dtype=object))
        known = dict(self._db.execute(f"SELECT {column}, id FROM {table}").fetchall())
        missing = [u for u in uniques if u not in known]
        if missing:
            self._db.executemany(
                f"INSERT INTO {table} ({column}) VALUES (?)", [(m,) for m in missing]
            )
            known = dict(self._db.execute(f"SELECT {column}, id FROM {table}").fetchall())
        return np.array([known[u] for u in uniques], dtype=np.int64)[codes]

    def _new_load(
        self,
        kind: str,
        source: str,
        origin: str | None,
        added: int,
        revised: int,
        same: int,
        sample: str | None = None,
    ) -> tuple[int, str]:
        last = self._db.execute("SELECT max(loaded_at) FROM load").fetchone()[0]
        moment = datetime.now(UTC)
        if last is not None:  # keep load times strictly increasing, whatever the clock does
            previous = datetime.fromisoformat(last.replace("Z", "+00:00"))
            moment = max(moment, previous + timedelta(microseconds=1))
        stamp = _timestamp(moment)
        cursor = self._db.execute(
            "INSERT INTO load (loaded_at, kind, source, origin, added, revised, unchanged, "
            "sample) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (stamp, kind, source, origin, added, revised, same, sample),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid, stamp

    def _write(self, sql: str, records: list[Any], progress: Progress | None) -> None:
        total = len(records)
        for start in range(0, total, BATCH):
            self._db.executemany(sql, records[start : start + BATCH])
            if progress is not None:
                progress("writing", min(start + BATCH, total), total)

    # -- reading ----------------------------------------------------------------------

    def _as_of_load(self, as_of: str | datetime | None) -> int | None:
        """The newest load at ``as_of`` (None: no limit; 0: before any load)."""
        if as_of is None:
            return None
        stamp = _timestamp(parse_as_of(as_of))
        found = self._db.execute(
            "SELECT max(id) FROM load WHERE loaded_at <= ?", (stamp,)
        ).fetchone()[0]
        return int(found or 0)

    def _current(
        self,
        indicators: Iterable[int] | None = None,
        as_of_load: int | None = None,
        areas: Iterable[int] | None = None,
        periods: Iterable[int] | None = None,
    ) -> pd.DataFrame:
        """The newest figure per (indicator, area, period), by ids: columns ``key``,
        ``indicator``, ``area``, ``period`` and the figure's columns.

        Fetching is the cost here (a Python object per cell), so the main query returns
        three cells a row (packed key, value, load) and a second query fetches the other
        columns only for the rows that have any.
        """
        where, params = _figure_filter(indicators, areas, periods, as_of_load)
        # SQLite takes the bare columns from the row holding max(load): the newest figure
        # (in HAVING too, so the second query filters on the newest figure's columns).
        grouped = (
            "SELECT (indicator << 42) | (area << 20) | period AS key, {columns}, max(load) "
            f"FROM figure {where} GROUP BY indicator, area, period"
        )
        main = np.fromiter(
            self._db.execute(grouped.format(columns="value"), params),
            dtype=[("key", np.int64), ("value", np.float64), ("load", np.int64)],
        )
        others = _FIGURE_COLUMNS[1:]
        extras = self._db.execute(
            grouped.format(columns=", ".join(others))
            + " HAVING "
            + " OR ".join(f"{c} IS NOT NULL" for c in others),
            params,
        ).fetchall()
        keys = main["key"]
        frame = pd.DataFrame(
            {
                "key": keys,
                "indicator": keys >> 42,
                "area": (keys >> 20) & ((1 << 22) - 1),
                "period": keys & ((1 << 20) - 1),
                "value": main["value"],  # NULL (suppressed) arrives as NaN
                **{c: np.nan for c in _NUMBER_COLUMNS[1:]},
                **{c: pd.Series(None, index=range(len(keys)), dtype=object) for c in _TEXT_COLUMNS},
            }
        )
        if extras:
            at = pd.Index(keys).get_indexer([row[0] for row in extras])
            columns = list(zip(*extras, strict=True))
            for n, column in enumerate(others, start=1):
                kind = float if column in _NUMBER_COLUMNS else object
                frame.iloc[at, frame.columns.get_loc(column)] = np.array(columns[n], dtype=kind)
        return frame

    def _names(self, table: str, column: str) -> dict[int, str]:
        return dict(self._db.execute(f"SELECT id, {column} FROM {table}").fetchall())

    @_guarded
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
        names = self._names("indicator", "name")
        codes = self._names("area", "code")
        by_name = {v: k for k, v in names.items()}
        by_code = {v: k for k, v in codes.items()}
        wanted_periods = None
        if periods is not None:
            labels = pd.Series([quarter_label(parse_quarter(p)) for p in periods], dtype=object)
            wanted_periods = period_codes(labels).tolist() if len(labels) else []
        frame = self._current(
            indicators=None if indicators is None else [by_name.get(i, -1) for i in indicators],
            areas=None if areas is None else [by_code.get(a, -1) for a in areas],
            periods=wanted_periods,
            as_of_load=self._as_of_load(as_of),
        )
        frame = frame[frame["value"].notna()]
        ind_ids = np.array(sorted(names), dtype=np.int64)
        area_ids = np.array(sorted(codes), dtype=np.int64)
        out = pd.DataFrame(
            {
                "indicator": pd.Categorical.from_codes(
                    np.searchsorted(ind_ids, frame["indicator"]),
                    categories=pd.Index([names[i] for i in ind_ids], dtype=object),
                ),
                "area": pd.Categorical.from_codes(
                    np.searchsorted(area_ids, frame["area"]),
                    categories=pd.Index([codes[i] for i in area_ids], dtype=object),
                ),
                "period": _period_categorical(frame["period"].to_numpy()),
                **{c: frame[c].to_numpy() for c in _NUMBER_COLUMNS},
                **{c: _nullable_text(frame[c]) for c in _TEXT_COLUMNS},
            }
        )
        return out.reset_index(drop=True)

    @_guarded
    def commentary(
        self, as_of: str | datetime | None = None, plan: Plan | str | None = None
    ) -> pd.DataFrame:
        """The current commentary of ``plan`` (default: the store's plan), or as it stood at
        ``as_of``: ``measure, period, rag, text, author, public``."""
        plan_id = self._plan_id(plan)
        limit = self._as_of_load(as_of)
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

    @_guarded
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

    @_guarded
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

    @_guarded
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
        limit = self._as_of_load(as_of)
        names = self._names("indicator", "name")
        by_name = {v: k for k, v in names.items()}
        ids = None if indicators is None else [by_name.get(i, -1) for i in indicators]
        where, params = _figure_filter(ids, None, None, limit)
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


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception (even Ctrl-C);
    a damaged file is reported as a :class:`StoreError`."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> None:
        with _damage(self.path):
            self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, value: object, *rest: object) -> None:
        if kind is None:
            with _damage(self.path):
                self.db.execute("COMMIT")
            return
        with contextlib.suppress(sqlite3.Error):  # the transaction may be gone already
            self.db.execute("ROLLBACK")
        if isinstance(value, sqlite3.DatabaseError):
            raise _damaged(self.path, value) from None


def _figure_filter(
    indicators: Iterable[int] | None,
    areas: Iterable[int] | None,
    periods: Iterable[int] | None,
    as_of_load: int | None,
) -> tuple[str, list[int]]:
    """The ``WHERE`` clause (or nothing) and its parameters picking figures by ids, and
    loads up to ``as_of_load``."""
    where, params = [], []
    for column, values in (("indicator", indicators), ("area", areas), ("period", periods)):
        if values is not None:
            wanted = [int(v) for v in values]
            where.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            params += wanted
    if as_of_load is not None:
        where.append("load <= ?")
        params.append(as_of_load)
    return ("WHERE " + " AND ".join(where) if where else ""), params


def _same(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """Element-wise equality where two missing values count as equal."""
    new_missing = pd.isna(new)
    old_missing = pd.isna(old)
    with np.errstate(invalid="ignore"):
        equal = np.asarray(new == old, dtype=bool)
    return (new_missing & old_missing) | (~new_missing & ~old_missing & equal)


def _nullable_text(column: pd.Series) -> pd.Series:
    """A text column as objects, with None (not NaN) where missing."""
    values = pd.Series(column.to_numpy(dtype=object), dtype=object)
    return values.where(values.notna(), None)


def _nullable(column: pd.Series) -> list[Any]:
    """Column values for SQLite, with missing values as None."""
    values = column.astype(object)
    return values.where(values.notna(), None).tolist()


def timed(progress: Progress | None) -> Progress | None:
    """Wrap a progress callback so it is only called once the work has taken over a
    second, then at most twice a second."""
    if progress is None:
        return None
    start = time.monotonic()
    last = [0.0]

    def call(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - start >= 1.0 and (now - last[0] >= 0.5 or done == total):
            last[0] = now
            progress(stage, done, total)

    return call
