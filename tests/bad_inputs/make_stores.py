"""Make the store cases of the bad-input corpus (store/*.db): files a project's config
might name as its store that are not a usable ssp-targets store.

Each is built directly with sqlite3 (never through ssp_targets.Store, which stamps loads
with the time), so a run writes the same bytes each time with the same SQLite library.
Run from the repository root after adding a case, and commit the files it writes::

    .venv/bin/python tests/bad_inputs/make_stores.py
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from ssp_targets.store.schema import APPLICATION_ID, MIGRATIONS, Opening

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "store"


def text_file(path: Path) -> None:
    """A CSV saved under the store's name."""
    path.write_bytes((ROOT / "data" / "sample" / "revisions-2018-19-q2.csv").read_bytes())


def other_program(path: Path) -> None:
    """Another program's SQLite database (no ssp-targets application id)."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE contact (name TEXT NOT NULL, phone TEXT)")
        db.execute("INSERT INTO contact VALUES ('Community Safety Analyst', '01642 000000')")
    db.close()


def store_at(path: Path, version: int, plan_id: str | None = None) -> sqlite3.Connection:
    """An ssp-targets store at schema ``version`` (by the package's own migrations)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for migrate in MIGRATIONS[:version]:
        migrate(db, Opening(path, plan_id))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {version}")
    return db


def newer_schema(path: Path) -> None:
    """A store written by a newer ssp-targets: schema version 99."""
    db = store_at(path, 3, "ssp-2017-20")
    db.execute("PRAGMA user_version = 99")
    db.execute("COMMIT")
    db.close()


def v2_with_comments(path: Path) -> None:
    """A version 2 store (before commentary was kept per plan) holding one comment."""
    db = store_at(path, 2)
    db.execute(
        "INSERT INTO load VALUES (1, '2018-10-01T09:00:00.000000Z', 'commentary', "
        "'commentary', 'commentary.csv', 1, 0, 0)"
    )
    db.execute(
        "INSERT INTO comment VALUES ('1.3', 20182, 1, 'amber', "
        "'Positive completions fell to 72.4%.', 'CRC performance lead')"
    )
    db.execute("COMMIT")
    db.close()


def truncated(path: Path) -> None:
    """The first 3,000 bytes of a version 3 store (a failed copy)."""
    with tempfile.TemporaryDirectory() as folder:
        whole = Path(folder) / "whole.db"
        db = store_at(whole, 3, "ssp-2017-20")
        db.execute(
            "INSERT INTO load VALUES (1, '2018-10-01T09:00:00.000000Z', 'observations', "
            "'csv', 'observations.csv', 1, 0, 0, NULL)"
        )
        db.execute("COMMIT")
        db.close()
        path.write_bytes(whole.read_bytes()[:3000])


def corrupt_pages(path: Path) -> None:
    """A version 3 store (in WAL mode, as ssp-targets leaves it) holding 2,000 figures,
    whose figure table's first page has been overwritten (a disk or copy error): the file
    opens, and fails when the figures are read."""
    db = store_at(path, 3, "ssp-2017-20")
    db.execute(
        "INSERT INTO load VALUES (1, '2018-10-01T09:00:00.000000Z', 'observations', "
        "'csv', 'observations.csv', 2000, 0, 0, NULL)"
    )
    db.execute("INSERT INTO indicator VALUES (1, 'police:asb_incidents')")
    db.execute("INSERT INTO area VALUES (1, 'E06000004')")
    db.executemany(
        "INSERT INTO figure (indicator, area, period, load, value) VALUES (1, 1, ?, 1, ?)",
        [(10 * year + quarter, 1000.0 + year) for year in range(1500, 2000)
         for quarter in range(1, 5)],
    )  # fmt: skip
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = WAL")
    size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'figure'").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size : root * size] = b"\xff" * size
    path.write_bytes(bytes(data))


MAKERS: dict[str, Callable[[Path], None]] = {
    "text-file.db": text_file,
    "text-file-summary.db": text_file,
    "other-program.db": other_program,
    "other-program-history.db": other_program,
    "newer-schema.db": newer_schema,
    "newer-schema-template.db": newer_schema,
    "v2-comments-no-plan.db": v2_with_comments,
    "truncated.db": truncated,
    "corrupt-pages-summary.db": corrupt_pages,
    "corrupt-pages-history.db": corrupt_pages,
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, make in MAKERS.items():
        path = OUT / name
        path.unlink(missing_ok=True)
        make(path)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
