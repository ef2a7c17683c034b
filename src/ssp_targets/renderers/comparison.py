"""The comparison with the comparator group: one small table and forest plot per indicator.

Each area's figure (per 1,000 population for counts) with its 95% interval as a whisker,
the group's pooled figure as a dashed line, and each area's comparison with it shown by
marker shape as well as colour, and in words in the table beside it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import cells, charts

if TYPE_CHECKING:
    from ..report import Report

#: Comparison words as shown, with a symbol so the word never rests on colour.
COMPARISON_TEXT = {
    "better": "✔ better",
    "similar": "● similar",
    "worse": "✖ worse",
    "not_compared": "– not compared",
}
#: Marker per comparison (shape, filled, colour, words for the shape), echoing the statuses.
COMPARISON_MARKERS = {
    "better": ("o", True, charts.STATUS_COLOURS["green"], "filled circle"),
    "similar": ("D", False, charts.STATUS_COLOURS["monitor"], "open diamond"),
    "worse": ("X", True, charts.STATUS_COLOURS["red"], "filled cross"),
    "not_compared": ("s", False, charts.STATUS_COLOURS["no_data"], "open square"),
}


def comparisons(report: Report) -> Iterator[dict[str, Any]]:
    """One entry per indicator of ``report.comparison``: its rows and its chart."""
    frame = report.comparison
    if frame is None or frame.empty or not report.plan.groups:
        return
    group = report.plan.groups[0]
    for (measure, indicator), rows in frame.groupby(
        [frame["measure"].astype(object), frame["indicator"].astype(object)], sort=False
    ):
        records = rows.to_dict("records")
        first = records[0]
        per_1000 = first["unit"] == "count"
        unit = "rate_per_1000" if per_1000 else str(first["unit"])
        shown = [_area_row(report, r, per_1000, unit) for r in records]
        group_value = next(
            (r["group_value"] for r in records if not cells.missing(r["group_value"])), math.nan
        )
        number = _per_1000 if per_1000 else cells.number
        key = f"cmp-{measure}-{indicator}"
        heading = f"{measure} {str(indicator).split(':', 1)[-1]}"
        scale = " per 1,000 population" if per_1000 else ""
        yield {
            "measure": cells.clean(measure),
            "title": cells.clean(first["title"]),
            "indicator": cells.clean(str(indicator).split(":", 1)[-1]),
            "per_1000": per_1000,
            "rows": shown,
            "group_name": cells.clean(group.name),
            "group_value": number(group_value, unit),
            "svg": _forest_svg(key, heading + scale, shown, group_value, group.name, unit),
        }


def _per_1000(value: object, _unit: str = "rate_per_1000") -> str:
    """A rate per 1,000 to two decimals: counts per 1,000 residents are often below 1."""
    return "–" if cells.missing(value) else f"{float(value):,.2f}"  # type: ignore[arg-type]


def _area_row(report: Report, r: dict[str, Any], per_1000: bool, unit: str) -> dict[str, Any]:
    number = _per_1000 if per_1000 else cells.number
    figure = r["rate_per_1000"] if per_1000 else r["value"]
    low, high = r["lower_ci"], r["upper_ci"]
    if per_1000 and not cells.missing(r["population"]) and not cells.missing(low):
        low, high = low / r["population"] * 1000, high / r["population"] * 1000
    comparison = "not_compared" if cells.missing(r["comparison"]) else str(r["comparison"])
    suppressed = r.get("suppressed") is True
    return {
        "area": cells.clean(r["area"]),
        "name": cells.clean(report.name_of(str(r["area"]))),
        "own": r["area"] == report.area,
        "count": cells.number(r["value"], "count") if per_1000 and not suppressed else "",
        "figure": f"<{report.suppress_below}" if suppressed else number(figure, unit),
        "interval": "–" if cells.missing(low) else f"{number(low, unit)} to {number(high, unit)}",
        "rank": "–" if cells.missing(r["rank"]) else f"{int(r['rank'])} of {int(r['group_size'])}",
        "comparison": comparison,
        "comparison_text": COMPARISON_TEXT[comparison],
        # For the chart (NaN where held back or missing).
        "x": math.nan if suppressed else _float(figure),
        "low": math.nan if suppressed else _float(low),
        "high": math.nan if suppressed else _float(high),
    }


def _float(value: object) -> float:
    return math.nan if cells.missing(value) else float(value)  # type: ignore[arg-type]


def _forest_svg(
    key: str,
    heading: str,
    rows: list[dict[str, Any]],
    group_value: float,
    group_name: str,
    unit: str,
) -> str:
    """The forest plot as an SVG element for the page, with its text alternative."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with rc_context(charts._RC | {"svg.hashsalt": key}):
        figure = Figure(figsize=(3.6, 0.5 + 0.28 * len(rows)))
        FigureCanvasSVG(figure)
        figure.subplots_adjust(left=0.36, right=0.97, top=0.95, bottom=0.5 / figure.get_figheight())
        axes = figure.add_subplot()
        axes.spines[["top", "right", "left"]].set_visible(False)
        ys = list(range(len(rows)))[::-1]  # the best-ranked at the top
        for y, r in zip(ys, rows, strict=True):
            if not math.isnan(r["low"]):
                axes.plot([r["low"], r["high"]], [y, y], color="#4d4d4d", linewidth=1.0)
            if not math.isnan(r["x"]):
                marker, filled, colour, _ = COMPARISON_MARKERS[r["comparison"]]
                axes.scatter(
                    [r["x"]], [y], marker=marker, s=30, linewidths=1.1, zorder=3,
                    facecolors=colour if filled else "white", edgecolors=colour,
                )  # fmt: skip
        if not math.isnan(group_value):
            axes.axvline(group_value, color=charts.TARGET_COLOUR, linewidth=0.9,
                         linestyle=(0, (4, 2)), zorder=1)  # fmt: skip
        axes.set_yticks(ys, [r["name"] for r in rows])
        for label, r in zip(axes.get_yticklabels(), rows, strict=True):
            if r["own"]:  # the report's own area, picked out by weight, not colour
                label.set_fontweight("bold")
        axes.set_ylim(-0.7, len(rows) - 0.3)
        axes.grid(axis="x", color="#e3e3e3", linewidth=0.5, zorder=0)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    shown = _per_1000(group_value) if unit == "rate_per_1000" else cells.number(group_value, unit)
    summary, details = describe(heading, rows, shown, group_name)
    return charts._inline(buffer.getvalue(), key, summary, details, "chart-compare")


def describe(
    heading: str, rows: list[dict[str, Any]], group_value: str, group_name: str
) -> tuple[str, str]:
    """The chart's text alternative: a one-line summary, and every area's figure."""
    summary = f"{heading}: compared with {group_name} ({group_value})"
    details = "; ".join(
        f"{r['name']} {r['figure']} (95% interval {r['interval']}), "
        f"{r['comparison_text'].split(' ', 1)[1]}, marked by a "
        f"{COMPARISON_MARKERS[r['comparison']][3]}"
        for r in rows
    )
    return summary, details + "."
