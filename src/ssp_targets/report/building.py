"""Building a quarter's report from the assessment: the quarter and area picked out,
the public version's withholding applied, the comparison with similar areas gathered."""

from __future__ import annotations

import warnings

import pandas as pd

from ssp_targets.errors import SspError, SspWarning
from ssp_targets.plan.definition import Plan
from ssp_targets.plan.quarters import parse_quarter, quarter_label
from ssp_targets.report.disclosure import release_text, withhold
from ssp_targets.report.quarter_report import Report
from ssp_targets.report.wording import AUDIENCES


def build_report(
    plan: Plan,
    assessed: pd.DataFrame,
    quarter: str | pd.Period,
    area: str | None = None,
    as_of: str | None = None,
    provenance: pd.DataFrame | None = None,
    audience: str = "partnership",
    suppress_below: int = 5,
    populations: pd.DataFrame | None = None,
    sample: str | None = None,
) -> Report:
    """Select one quarter and area from :func:`~ssp_targets.assess` output as a report.

    ``assessed`` may hold every quarter (``assess(plan, observations)``): the quarters up
    to ``quarter`` become the report's ``history`` for charts. ``as_of`` records, for the
    reader, that the figures are those stored at that time; ``provenance`` lists the loads
    they came from (``Store.provenance()``), and its ``sample`` column, or ``sample``
    itself, says they include synthetic sample data. ``audience="public"`` leaves out what
    is marked above OFFICIAL, withholds counts below ``suppress_below`` and everything
    they could be worked back from (give every quarter for that: see
    :func:`ssp_targets.report.disclosure.withhold`), and keeps only released commentary.
    ``populations`` (as :func:`~ssp_targets.load_populations` gives) names the areas.

    Raises :class:`~ssp_targets.SspError` when ``assessed`` holds no row for the quarter.
    """
    if audience not in AUDIENCES:
        raise SspError(f"audience {audience!r} is not one of {', '.join(AUDIENCES)}.")
    if suppress_below < 1:
        raise SspError(f"suppress_below must be 1 or more, got {suppress_below}.")
    label = quarter_label(parse_quarter(quarter))
    code = area or plan.area.code
    periods = assessed["period"].astype(object)
    if not (periods == label).any():
        held = sorted(set(periods.dropna().astype(str)))
        span = f"it holds {held[0]} to {held[-1]}" if held else "it is empty"
        raise SspError(
            f"the assessment has no rows for {label} ({span}); assess that quarter first: "
            f'assess(plan, observations, quarter="{label}"), or without quarter= for all.'
        )
    if audience == "public":
        kept = assessed[
            (assessed["handling"].astype(object) == "OFFICIAL") & (periods <= label).to_numpy()
        ]
        assessed = release_text(withhold(plan, kept.reset_index(drop=True), suppress_below))
    else:
        assessed = assessed.assign(suppressed=False)
    mine = assessed[assessed["area"] == code]
    names: dict[str, str] = {}
    if populations is not None and "name" in populations.columns:
        names = dict(
            zip(populations["area"].astype(str), populations["name"].astype(str), strict=True)
        )
    rows = mine[mine["period"] == label]
    if rows.empty:
        warnings.warn(
            f"the report for {label} has no rows for area {code}; the assessed areas are "
            f"{', '.join(sorted(set(assessed['area'].astype(str))))}.",
            SspWarning,
            stacklevel=2,
        )
    draft = rows["status"] == "draft"
    history = mine[mine["period"].astype(object) <= label]
    if sample is None and provenance is not None and "sample" in provenance.columns:
        described = sorted({str(x) for x in provenance["sample"].dropna()})
        sample = "; ".join(described) or None
    return Report(
        plan=plan,
        quarter=label,
        area=code,
        rows=rows[~draft].reset_index(drop=True),
        drafts=rows[draft].reset_index(drop=True),
        as_of=as_of,
        history=history.reset_index(drop=True),
        provenance=provenance,
        audience=audience,
        suppress_below=suppress_below,
        comparison=_comparison(plan, assessed, label),
        area_names=names,
        sample=sample,
    )


def _comparison(plan: Plan, assessed: pd.DataFrame, label: str) -> pd.DataFrame | None:
    """The quarter's rows for the areas of the plan's first group (see :class:`Report`)."""
    if not plan.groups:
        return None
    rows = assessed[
        (assessed["period"] == label)
        & assessed["area"].astype(object).isin(plan.groups[0].areas)
        & (assessed["kind"] == "quantitative")
        & (assessed["compare"].astype(object) != "none")
        & (assessed["value"].notna() | assessed["suppressed"])
    ]
    # Indicators the group can be compared on: two areas or more, and a pooled figure
    # (or one withheld for the public: the areas are still listed, their figures not).
    keys = [rows["measure"].astype(object), rows["indicator"].astype(object)]
    pooled = rows["group_value"].notna() | rows["suppressed"]
    pooled_any = pooled.groupby(keys).transform("any").to_numpy(dtype=bool)
    enough = (rows["area"].groupby(keys).transform("size") >= 2).to_numpy(dtype=bool)
    rows = rows[enough & pooled_any]
    order = {m.id: n for n, m in enumerate(plan.measures)}
    position = rows["measure"].astype(object).map(order)
    rows = rows.assign(_order=position.to_numpy()).sort_values(
        ["_order", "indicator", "rank"], kind="stable", na_position="last"
    )
    return rows.drop(columns="_order").reset_index(drop=True)
