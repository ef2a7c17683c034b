"""Sources: checking what a source returns (the same way for ``fetch`` and for the plugin
kit), and fetching every source into the store, each on its own."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from .errors import ObservationError, SspError
from .hookspecs import FetchRequest, Source
from .observations import validate_observations
from .periods import FREQ, parse_quarter, quarter_label, quarters_between, year_label

if TYPE_CHECKING:
    from .model import Plan
    from .plugins import PluginHost
    from .store import LoadResult, Store


def check_fetched(
    frame: pd.DataFrame,
    source: Source,
    request: FetchRequest,
    plan: Plan | None = None,
    origin: str | None = None,
) -> pd.DataFrame:
    """Validate a source's frame as the canonical CSV is validated, and also refuse
    indicators the source did not declare and quarters that were not asked for.

    Rows without an area take the request's area. Returns the observation frame, or
    raises :class:`~ssp_targets.ObservationError` listing every bad row (rows are
    numbered from 0, as in the frame).
    """
    where = origin or f"source {source.name!r}"
    checked = validate_observations(
        frame,
        plan=plan,
        area=request.area,
        origin=where,
        row_offset=0,
        require_known=source.open_indicators,
    )
    problems = []
    if not source.open_indicators:
        undeclared = sorted(set(checked["indicator"]) - set(source.indicators))
        if undeclared:
            problems.append(
                f"indicator(s) {', '.join(undeclared)} are not among those the source "
                f"declares ({', '.join(sorted(source.indicators)) or 'none'})"
            )
    unasked = sorted(set(checked["period"]) - set(request.quarters))
    if unasked:
        problems.append(
            f"quarter(s) {', '.join(unasked[:8])}{' ...' if len(unasked) > 8 else ''} were "
            "not asked for; return only the request's quarters"
        )
    if problems:
        raise ObservationError(f"{where}: the source broke its contract:", problems)
    return checked


@attrs.frozen
class SourceRun:
    """What happened to one source in a fetch: stored counts, or the failure."""

    source: str
    plugin: str
    version: str
    seconds: float
    result: LoadResult | None = None
    failure: str | None = None
    detail: str = ""

    def line(self) -> str:
        """One line for the terminal."""
        who = f"{self.source} ({self.plugin} {self.version})".replace(" )", ")")
        if self.result is None:
            return f"{who}: FAILED: {self.failure}"
        counts = self.result.describe().split(": ", 1)[1]
        return f"{who}: {counts} [{self.seconds:.1f} s]"


def default_quarters(plan: Plan, today: date | None = None) -> list[str]:
    """Every quarter of the plan from its start to the last quarter that has ended."""
    first = parse_quarter(f"{year_label(plan.start)} Q1")
    last_of_plan = parse_quarter(f"{year_label(plan.end)} Q4")
    current = pd.Period(today or date.today(), freq=FREQ)
    last = min(last_of_plan, current - 1)
    return [quarter_label(q) for q in quarters_between(first, last)]


def fetch_into_store(
    host: PluginHost,
    plan: Plan,
    store: Store,
    quarters: Sequence[str],
    names: Sequence[str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    base: str = ".",
    timeout: float = 300.0,
    started: Callable[[str], None] | None = None,
) -> list[SourceRun]:
    """Fetch each source on its own, check what it returns and store each valid source's
    figures in its own transaction. A failing source is reported, never raised, and
    nothing of it is stored. ``started(name)`` is called before each source."""
    available = host.sources()
    unknown = sorted(set(names or ()) - set(available))
    if unknown:
        raise SspError(
            f"no source named {', '.join(map(repr, unknown))}; installed sources are "
            f"{', '.join(sorted(available)) or 'none'} (see ssp-targets sources)."
        )
    labels = tuple(quarter_label(parse_quarter(q)) for q in quarters)
    runs = []
    for name in sorted(names or available):
        registered = available[name]
        source: Source = registered.item
        if started is not None:
            started(name)
        request = FetchRequest(
            quarters=labels,
            area=plan.area.code,
            options=dict((options or {}).get(name, {})),
            base=base,
            environ=dict(os.environ),
        )
        outcome = host.fetch(name, request, timeout=timeout)
        if outcome.failure is not None or outcome.frame is None:
            failure = outcome.failure
            runs.append(
                SourceRun(
                    name,
                    registered.plugin,
                    registered.version,
                    outcome.seconds,
                    failure=failure.message if failure else "no result",
                    detail=failure.detail if failure else "",
                )
            )
            continue
        try:
            checked = check_fetched(outcome.frame, source, request, plan=plan)
            result = store.load(checked, source=name, plan=plan, origin=f"source {name}")
        except SspError as exc:
            runs.append(
                SourceRun(
                    name, registered.plugin, registered.version, outcome.seconds, failure=str(exc)
                )
            )
            continue
        runs.append(SourceRun(name, registered.plugin, registered.version, outcome.seconds, result))
    return runs
