"""Writing safely: a load is one transaction (all or nothing, even on Ctrl-C), SQLite's
errors on a damaged or busy file become :class:`~ssp_targets.StoreError`, and progress is
reported on long work."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

from ssp_targets.errors import StoreError

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def damaged(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
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


def guarded(method: _Method) -> _Method:
    """A store method whose SQLite errors (a damaged or busy file) are StoreErrors."""

    @functools.wraps(method)
    def guarded_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        with damage(self.path):
            return method(self, *args, **kwargs)

    return cast("_Method", guarded_call)


@contextlib.contextmanager
def damage(path: Path) -> Iterator[None]:
    """SQLite's errors on reading or writing a damaged file, as a :class:`StoreError`."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from None


class Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception (even Ctrl-C);
    a damaged file is reported as a :class:`StoreError`."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def __enter__(self) -> None:
        with damage(self.path):
            self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, value: object, *rest: object) -> None:
        if kind is None:
            with damage(self.path):
                self.db.execute("COMMIT")
            return
        with contextlib.suppress(sqlite3.Error):  # the transaction may be gone already
            self.db.execute("ROLLBACK")
        if isinstance(value, sqlite3.DatabaseError):
            raise damaged(self.path, value) from None


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
