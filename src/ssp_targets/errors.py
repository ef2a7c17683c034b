"""Errors for bad input: each carries every problem found, so one run reports them all."""

from __future__ import annotations

from collections.abc import Iterable


class SspError(Exception):
    """Base class for errors caused by input (files, labels, options), not by bugs.

    ``problems`` holds one line per problem, each naming where it is and how to fix it;
    ``str()`` gives a heading and the problems, one per line.
    """

    def __init__(
        self, heading: str, problems: Iterable[str] = (), count: int | None = None
    ) -> None:
        self.heading = heading
        self.problems: tuple[str, ...] = tuple(problems)
        #: How many problems there were: more than are listed when the list was cut short.
        self.count = len(self.problems) if count is None else count
        super().__init__(self._message())

    def _message(self) -> str:
        if not self.problems:
            return self.heading
        lines = [self.heading] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class PeriodError(SspError, ValueError):
    """A period label that is not a UK financial-year quarter or year."""


class PlanError(SspError):
    """A plan definition file that cannot be loaded."""


class ObservationError(SspError):
    """An observation or commentary file, or frame, that breaks the rules."""


class StoreError(SspError):
    """A store file that cannot be used: not a store, too new, or unreadable."""


class SspWarning(UserWarning):
    """Something an embedding tool should see that is not an error: a load that stored
    nothing, a source that returned no rows."""
