"""Checking what a source returns, the same way for ``fetch`` and for the plugin kit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .errors import ObservationError
from .hookspecs import FetchRequest, Source
from .observations import validate_observations

if TYPE_CHECKING:
    from .model import Plan


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
