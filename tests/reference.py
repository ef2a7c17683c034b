"""A plain, scalar restatement of the status rules, to check the vectorised engine against.

Written for clarity, not speed: loops over measures, indicators, areas and quarters, and
one rule per line, as DESIGN.md states them. The amber band is read from the plan's raw
tables (as written in the TOML), not from the engine's model, so the two share no code for
which band applies.
"""

from __future__ import annotations

import math

import pandas as pd

from ssp_targets.plan.definition import UNIT_SCALE, ChangeTarget, FixedTarget, Plan, YearTargets
from ssp_targets.plan.quarters import financial_year, parse_quarter, quarter_label

TOL = 1e-9


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOL * abs(b)


def reference_status(value, target, band, polarity, has_target, reference_missing):
    if value is None:
        return "no_data"
    if not has_target or polarity == "none":
        return "monitor"
    if reference_missing:
        return "no_data"
    if target is None:
        return "monitor"
    sign = 1 if polarity == "higher" else -1
    if sign * (value - target) >= 0 or _close(value, target):
        return "green"
    edge = target - sign * band
    if sign * (value - edge) >= 0 or _close(value, edge):
        return "amber"
    return "red"


def reference_trend(value, before, polarity):
    if value is None or before is None:
        return "no_data"
    if abs(value - before) <= TOL * max(abs(value), abs(before)):
        return "no_change"
    if polarity == "none":
        return "up" if value > before else "down"
    better = (value > before) == (polarity == "higher")
    return "improving" if better else "worsening"


def reference_band(tables: dict, measure_id: str, target: float) -> float:
    """The amber band's width around ``target``, from the plan as written: the measure's
    own amber_within if it has one, else the plan's, else none; "p%" is p% of |target|."""
    (measure,) = [m for m in tables["measures"] if m["id"] == measure_id]
    if "amber_within" in measure:
        written = measure["amber_within"]
    elif "amber_within" in tables["plan"]:
        written = tables["plan"]["amber_within"]
    else:
        return 0.0
    if isinstance(written, str) and written.strip().endswith("%"):
        return float(written.strip()[:-1]) / 100 * abs(target)
    return float(written)


def reference_assess(
    plan: Plan, observations: pd.DataFrame, quarters: list[str], tables: dict
) -> pd.DataFrame:
    figures = {}
    for row in observations.itertuples(index=False):
        area = row.area if isinstance(row.area, str) else plan.area.code
        figures[(row.indicator, area, row.period)] = row

    def get(indicator, area, q, field="value"):
        row = figures.get((indicator, area, quarter_label(q)))
        if row is None:
            return None
        x = getattr(row, field)
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)

    out = []
    for m in plan.measures:
        if m.kind != "quantitative" or m.state != "active":
            continue
        for indicator in m.indicators:
            areas = {plan.area.code} | {a for (i, a, _p) in figures if i == indicator}
            ordered = [plan.area.code, *sorted(areas - {plan.area.code})]
            for area in ordered:
                for label in quarters:
                    q = parse_quarter(label)
                    if m.retired and q >= parse_quarter(m.retired):
                        continue
                    value = get(indicator, area, q)
                    t = m.target
                    target = None
                    reference_missing = False
                    if isinstance(t, FixedTarget):
                        target = t.value
                    elif isinstance(t, YearTargets):
                        target = t.for_year(financial_year(q))
                    elif isinstance(t, ChangeTarget):
                        ref_q = {
                            "previous_quarter": q - 1,
                            "same_quarter_last_year": q - 4,
                        }.get(t.against) or parse_quarter(t.against)
                        ref = get(indicator, area, ref_q)
                        if ref is None:
                            reference_missing = True
                        else:
                            target = t.resolve(ref)
                    band = reference_band(tables, m.id, target) if target is not None else None
                    status = reference_status(
                        value, target, band, m.polarity, t is not None, reference_missing
                    )
                    ytd = None
                    quarters_so_far = [q - k for k in range(q.quarter - 1, -1, -1)]
                    if m.aggregate == "latest":
                        ytd = value
                    elif m.aggregate == "ratio":
                        nums = [get(indicator, area, p, "numerator") for p in quarters_so_far]
                        dens = [get(indicator, area, p, "denominator") for p in quarters_so_far]
                        if None not in nums and None not in dens:
                            total_n = total_d = 0.0
                            for n in nums:
                                total_n += n
                            for d in dens:
                                total_d += d
                            ytd = total_n / total_d * UNIT_SCALE[m.unit]
                    else:
                        values = [get(indicator, area, p) for p in quarters_so_far]
                        if None not in values:
                            total = 0.0
                            for x in values:
                                total += x
                            ytd = total if m.aggregate == "sum" else total / len(values)
                    out.append(
                        {
                            "measure": m.id,
                            "indicator": indicator,
                            "area": area,
                            "period": label,
                            "value": value,
                            "target": target if m.polarity != "none" else None,
                            "status": status,
                            "trend_quarter": reference_trend(
                                value, get(indicator, area, q - 1), m.polarity
                            ),
                            "trend_year": reference_trend(
                                value, get(indicator, area, q - 4), m.polarity
                            ),
                            "ytd": ytd,
                        }
                    )
    return pd.DataFrame(
        out,
        columns=[
            "measure",
            "indicator",
            "area",
            "period",
            "value",
            "target",
            "status",
            "trend_quarter",
            "trend_year",
            "ytd",
        ],
    )
