"""What the dashboard lists besides its tables and charts, as plain text values: each
exception with its commentary, the measures without data by owner, the drafts, and the
loads the figures came from."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ssp_targets.report import cells
from ssp_targets.report.wording import withheld

if TYPE_CHECKING:
    import pandas as pd

    from ssp_targets.report.quarter_report import Report


def owners(report: Report, owners: object) -> str:
    if cells.missing(owners) or not str(owners):
        return "–"
    return ", ".join(cells.clean(report.plan.owner_name(o)) for o in str(owners).split(", "))


def indicator_key(indicator: object) -> str:
    if cells.missing(indicator) or not isinstance(indicator, str):
        return ""
    return cells.clean(indicator.split(":", 1)[-1])


def figure(report: Report, r: dict[str, Any], column: str) -> str:
    """A figure as shown, with ``<5`` for a value held back for the public."""
    if column == "value" and r.get("suppressed") is True:
        return withheld(report.suppress_below)
    return cells.number(r[column], r["unit"])


def target(report: Report, r: dict[str, Any]) -> str:
    return cells.target(
        r["target"],
        r["unit"],
        r["polarity"],
        report.benchmark_of(r["measure"]),
        r.get("target_basis"),
    )


def exceptions(report: Report, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each red or amber measure once (red first where its indicators differ), with the
    owner's commentary and its indicators' figures."""
    out: dict[str, dict[str, Any]] = {}
    for r in records:
        status = str(r["status"])
        if status not in ("red", "amber"):
            continue
        entry = out.setdefault(
            r["measure"],
            {
                "measure": cells.clean(r["measure"]),
                "title": cells.clean(r["title"]),
                "owners": owners(report, r["owners"]),
                "status": status,
                "commentary": ""
                if cells.missing(r["commentary"])
                else cells.clean(r["commentary"]),
                "author": "" if cells.missing(r["author"]) else cells.clean(r["author"]),
                "figures": [],
            },
        )
        if status == "red":
            entry["status"] = "red"
        if r["kind"] != "qualitative":
            entry["figures"].append(
                {
                    "indicator": indicator_key(r["indicator"]),
                    "value": figure(report, r, "value"),
                    "target": target(report, r),
                    "status": status,
                }
            )
    return sorted(out.values(), key=lambda e: e["status"] != "red")


def no_data_by_owner(report: Report, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Measures with no figure (or status) this quarter, under each of their owners."""
    owners: dict[str, list[dict[str, str]]] = {}
    for r in records:
        if str(r["status"]) != "no_data":
            continue
        ids = [] if cells.missing(r["owners"]) else str(r["owners"]).split(", ")
        for owner in ids or ["(no owner)"]:
            owners.setdefault(owner, []).append(
                {
                    "measure": cells.clean(r["measure"]),
                    "title": cells.clean(r["title"]),
                    "indicator": indicator_key(r["indicator"]),
                    "reason": "" if cells.missing(r["reason"]) else cells.clean(r["reason"]),
                }
            )
    return [
        {"owner": cells.clean(report.plan.owner_name(o)), "measures": ms}
        for o, ms in owners.items()
    ]


def drafts(report: Report) -> list[dict[str, str]]:
    drafts = report.drafts.drop_duplicates("measure").to_dict("records")
    return [
        {
            "measure": cells.clean(r["measure"]),
            "title": cells.clean(r["title"]),
            "owners": owners(report, r["owners"]),
        }
        for r in drafts
    ]


def provenance(loads: pd.DataFrame | None) -> list[dict[str, str]] | None:
    """The loads the figures came from, as text; None when not known."""
    if loads is None:
        return None
    out = []
    for r in loads.to_dict("records"):
        when = r.get("loaded_at")
        stamp = "" if when is None or nan(when) else when.strftime("%Y-%m-%d %H:%M %Z").strip()
        counts = ", ".join(
            f"{int(r[k]):,} {k}"
            for k in ("added", "revised", "unchanged")
            if k in r and not nan(r[k])
        )
        sample = r.get("sample")
        out.append(
            {
                "load": cells.clean(r.get("load_id", "")),
                "kind": cells.clean(r.get("kind", "")),
                "source": cells.clean(r.get("source", "")),
                "origin": cells.clean(r.get("origin", "")),
                "loaded_at": stamp,
                "counts": counts,
                "sample": "" if cells.missing(sample) else f"synthetic: {cells.clean(sample)}",
            }
        )
    return out


def nan(value: object) -> bool:
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return False
