"""The store's tables and how an older store file is brought up to date.

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

import sqlite3
from collections.abc import Callable
from pathlib import Path

import attrs

from ssp_targets.errors import StoreError

SCHEMA_VERSION = 3
APPLICATION_ID = 0x53535054  # "SSPT"


@attrs.frozen
class Opening:
    """What a migration may need to know: the plan the store is opened with."""

    path: Path
    plan_id: str | None


def _schema_v1(db: sqlite3.Connection, _opening: Opening) -> None:
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


def _published_intervals(db: sqlite3.Connection, _opening: Opening) -> None:
    # Added at the end: SQLite adds columns in place, without rewriting the table.
    db.execute("ALTER TABLE figure ADD COLUMN lower_ci REAL")
    db.execute("ALTER TABLE figure ADD COLUMN upper_ci REAL")


def _samples_and_commentary_by_plan(db: sqlite3.Connection, opening: Opening) -> None:
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
MIGRATIONS: tuple[Callable[[sqlite3.Connection, Opening], None], ...] = (
    _schema_v1,
    _published_intervals,
    _samples_and_commentary_by_plan,
)


def open_schema(db: sqlite3.Connection, path: Path, plan_id: str | None) -> None:
    """Check that ``db`` is an ssp-targets store this version can use, bring an older one
    up to date in one transaction (or leave it exactly as it was), and turn on WAL."""
    app, version = (db.execute(f"PRAGMA {p}").fetchone()[0]
                    for p in ("application_id", "user_version"))  # fmt: skip
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app != APPLICATION_ID and (tables or version):
        raise StoreError(
            f"{path}: this SQLite file is not an ssp-targets store; it was not "
            "changed. Name a new file, or the store this project uses."
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: the store has schema version {version}, newer than this "
            f"ssp-targets understands ({SCHEMA_VERSION}); upgrade ssp-targets to read it. "
            "The file was not changed."
        )
    db.execute("PRAGMA foreign_keys = ON")
    if version < SCHEMA_VERSION:
        db.execute("BEGIN IMMEDIATE")
        try:
            for migrate in MIGRATIONS[version:]:
                migrate(db, Opening(path, plan_id))
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    # After any migration: a refused upgrade leaves the file exactly as it was.
    db.execute("PRAGMA journal_mode = WAL")
