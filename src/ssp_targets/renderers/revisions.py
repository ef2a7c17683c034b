"""A measure's figures with every revision, and the audit log of loads, for the terminal."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from tabulate import tabulate

from ssp_targets.plan.definition import Measure, Plan
from ssp_targets.report import cells
from ssp_targets.report.wording import SAMPLE_BANNER


def _local(moment: object) -> str:
    """A load time in local time, to the second."""
    if isinstance(moment, pd.Timestamp):
        moment = moment.to_pydatetime()
    if not isinstance(moment, datetime):
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def render_history(
    plan: Plan,
    measure: Measure,
    area: str,
    revisions: list[pd.DataFrame],
    encoding: str | None = "utf-8",
    sample_loads: frozenset[int] = frozenset(),
) -> str:
    """Every figure loaded for the measure's indicators in one area, each with the value
    it replaced (blank for the first), its flag and note, oldest quarter first; figures
    from ``sample_loads`` (loads of synthetic sample data) are marked so, and the page is
    headed with the synthetic-data banner when any is shown."""
    marking = plan.handling_of(measure)
    shown = {int(x) for frame in revisions for x in frame["load_id"]}
    banner = [SAMPLE_BANNER, ""] if shown & sample_loads else []
    lines = [
        marking,
        "",
        *banner,
        cells.clean(f"{measure.id} {measure.title}"),
        cells.clean(f"Area {area}; every figure loaded, with the value it replaced."),
        "",
    ]
    if measure.kind != "quantitative" or not measure.indicators:
        lines += ["This measure has no indicators: its status comes from commentary.", ""]
    for indicator, frame in zip(measure.indicators, revisions, strict=True):
        lines.append(cells.clean(indicator))
        if frame.empty:
            lines += ["  no figures loaded", ""]
            continue
        frame = frame.sort_values(["period", "load_id"], kind="stable")
        was = frame.groupby("period", sort=False, observed=True)["value"].shift(1)
        first = frame["period"].ne(frame["period"].shift(1))
        rows = [
            [
                cells.clean(r.period),
                cells.number(r.value, measure.unit),
                "" if f else cells.number(w, measure.unit),
                cells.flag_text(r.flag, r.note),
                _local(r.loaded_at),
                cells.clean(r.source),
                str(r.load_id) + (" (synthetic)" if int(r.load_id) in sample_loads else ""),
            ]
            for r, w, f in zip(frame.itertuples(index=False), was, first, strict=True)
        ]
        lines.append(
            tabulate(
                rows,
                headers=["Quarter", "Value", "Was", "Flag / note", "Loaded", "Source", "Load"],
                tablefmt="simple",
                disable_numparse=True,
                maxcolwidths=[None, None, None, 40, None, None, None],
            )
        )
        lines.append("")
    lines.append(marking)
    return "\n".join(lines) + "\n"


def render_loads(loads: pd.DataFrame) -> str:
    """The audit log: one line per load."""
    if loads.empty:
        return "No loads yet.\n"
    rows = [
        [
            str(r.load_id),
            _local(r.loaded_at),
            r.kind,
            cells.clean(r.source),
            cells.clean(r.origin),
            f"{r.added:,}",
            f"{r.revised:,}",
            f"{r.unchanged:,}",
            "real" if cells.missing(r.sample) else "synthetic sample",
        ]
        for r in loads.itertuples(index=False)
    ]
    headers = ["Load", "Loaded", "Kind", "Source", "File", "Added", "Revised", "Unchanged",
               "Data"]  # fmt: skip
    table = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    return table + "\n"
