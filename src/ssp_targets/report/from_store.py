"""A quarter's report straight from the store: the one way ``summary``, ``dashboard`` and
the notebook build one, assessing the figures once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ssp_targets.assessment.assessed_frame import assess_quarters
from ssp_targets.report.building import build_report

if TYPE_CHECKING:
    import pandas as pd

    from ssp_targets.plan.definition import Plan
    from ssp_targets.report.quarter_report import Report
    from ssp_targets.store.sqlite import Store


def report_from_store(
    store: Store,
    plan: Plan,
    quarter: str | pd.Period,
    *,
    as_of: str | datetime | None = None,
    area: str | None = None,
    audience: str = "partnership",
    suppress_below: int = 5,
    populations: pd.DataFrame | None = None,
    commentary: pd.DataFrame | None = None,
    history: bool = True,
) -> Report:
    """The report for ``quarter`` from ``store``: the plan's figures and commentary as they
    stand (or stood at ``as_of``), assessed once, with the loads they came from.

    ``history`` assesses the quarters before ``quarter`` too (the dashboard's charts need
    them, and the public version needs them to withhold what could be worked back); the
    terminal summary does without. ``commentary`` (as :func:`~ssp_targets.read_commentary`
    gives) replaces the stored commentary; ``populations`` (as
    :func:`~ssp_targets.load_populations` gives) adds rates and names the areas. The
    other arguments are :func:`~ssp_targets.build_report`'s.
    """
    indicators = sorted(plan.indicators)
    observations = store.observations(as_of=as_of, indicators=indicators)
    if commentary is None:
        commentary = store.commentary(as_of=as_of, plan=plan)
    provenance = store.provenance(as_of=as_of, indicators=indicators, plan=plan)
    quarters = None if history else [quarter]
    assessed = assess_quarters(
        plan, observations, quarters, commentary, populations, through=quarter
    )
    return build_report(
        plan,
        assessed,
        quarter,
        area=area,
        as_of=None if as_of is None else str(as_of),
        provenance=provenance,
        audience=audience,
        suppress_below=suppress_below,
        populations=populations,
    )
