"""Sources: checking what a source returns (the same way for ``fetch`` and for the plugin
kit), and fetching every source into the store, each on its own."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from ssp_targets.errors import ObservationError, SspError, SspWarning
from ssp_targets.inputs.observations import validate_observations
from ssp_targets.plan.quarters import (
    FREQ,
    parse_quarter,
    quarter_label,
    quarters_between,
    year_label,
)
from ssp_targets.sources.hookspecs import SAMPLE_MARK, FetchRequest, Source, sample_mark

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan
    from ssp_targets.sources.host import FetchOutcome, PluginHost
    from ssp_targets.store.sqlite import Store


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
    if sample_mark(frame):
        checked.attrs[SAMPLE_MARK] = sample_mark(frame)
    return checked


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
) -> list[FetchOutcome]:
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
        given = dict((options or {}).get(name, {}))
        # "sample = true" marks a configured export as synthetic (the shipped returns);
        # it is the host's option, not the source's.
        configured_sample = given.pop(SAMPLE_OPTION, False) is True
        request = FetchRequest(
            quarters=labels,
            area=plan.area.code,
            options=given,
            base=base,
            environ=dict(os.environ),
        )
        outcome = host.fetch(name, request, timeout=timeout)
        if outcome.frame is None:
            runs.append(outcome)
            continue
        sample = sample_mark(outcome.frame) or (
            f"[sources.{name}] sample = true" if configured_sample else None
        )
        try:
            checked = check_fetched(outcome.frame, source, request, plan=plan)
            # Checked once, here: the store takes the frame as it is.
            result = store._load_checked(checked, name, f"source {name}", sample=sample)
        except SspError as exc:
            runs.append(attrs.evolve(outcome, frame=None, failure=str(exc)))
            continue
        warning = None
        if checked.empty:
            span = f" ({labels[0]} to {labels[-1]})" if len(labels) > 1 else ""
            span = f" ({labels[0]})" if len(labels) == 1 else span
            warning = (
                f"source {name!r} returned no figures for the {len(labels)} quarter(s) asked "
                f"for{span}; check its options in [sources.{name}] and that its export "
                "covers those quarters"
            )
            warnings.warn(warning, SspWarning, stacklevel=2)
        runs.append(
            attrs.evolve(outcome, frame=None, result=result, sample=sample, warning=warning)
        )
    return runs


#: The host's own option in a ``[sources.NAME]`` table: the configured export is a
#: synthetic sample (as the shipped data returns are), so its loads are marked so.
SAMPLE_OPTION = "sample"
