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

from ssp_targets.renderers import charts
from ssp_targets.report import cells
from ssp_targets.report.looks import COMPARISON_LOOKS
from ssp_targets.report.wording import withheld

if TYPE_CHECKING:
    from ssp_targets.report.quarter_report import Report


def comparison_text(word: str) -> str:
    """A comparison word as shown, with its symbol so it never rests on colour."""
    return f"{COMPARISON_LOOKS[word].symbol} {word.replace('_', ' ')}"


def comparisons(report: Report) -> Iterator[dict[str, Any]]:
    """One entry per indicator of ``report.comparison``: its rows and its chart."""
    frame = report.comparison
    if frame is None or frame.empty or not report.plan.groups:
        return
    group = report.plan.groups[0]
    canvases: dict[int, _ForestCanvas] = {}
    for (measure, indicator), rows in frame.groupby(
        [frame["measure"].astype(object), frame["indicator"].astype(object)], sort=False
    ):
        records = rows.to_dict("records")
        first = records[0]
        per_1000 = first["compare"] == "per_1000"
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
            "svg": _forest_svg(
                canvases, key, heading + scale, shown, group_value, group.name, unit
            ),
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
    below = withheld(report.suppress_below)
    return {
        "area": cells.clean(r["area"]),
        "name": cells.clean(report.name_of(str(r["area"]))),
        "own": r["area"] == report.area,
        "count": (below if suppressed else cells.number(r["value"], "count")) if per_1000 else "",
        "figure": below if suppressed and not per_1000 else number(figure, unit),
        "interval": "–" if cells.missing(low) else f"{number(low, unit)} to {number(high, unit)}",
        "rank": "–" if cells.missing(r["rank"]) else f"{int(r['rank'])} of {int(r['group_size'])}",
        "comparison": comparison,
        "comparison_text": comparison_text(comparison),
        # For the chart, as the report gives them (NaN where withheld or missing).
        "x": _float(figure),
        "low": _float(low),
        "high": _float(high),
    }


def _float(value: object) -> float:
    return math.nan if cells.missing(value) else float(value)  # type: ignore[arg-type]


class _ForestCanvas:
    """One figure per number of areas, reused for every chart of that size (building the
    figure and its axes costs more than drawing a few areas on them)."""

    def __init__(self, n_rows: int) -> None:
        from matplotlib import rc_context
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure

        with rc_context(charts._RC):
            self.figure = Figure(figsize=(3.6, 0.5 + 0.28 * n_rows))
            FigureCanvasSVG(self.figure)
            bottom = 0.5 / self.figure.get_figheight()
            self.figure.subplots_adjust(left=0.36, right=0.97, top=0.95, bottom=bottom)
            self.axes = self.figure.add_subplot()
            self.axes.spines[["top", "right", "left"]].set_visible(False)
            self.axes.grid(axis="x", color="#e3e3e3", linewidth=0.5, zorder=0)
            self.axes.set_axisbelow(True)
            self.axes.set_ylim(-0.7, n_rows - 0.3)

    def svg(self, key: str, rows: list[dict[str, Any]], group_value: float) -> str:
        """Draw the areas and the group's line; the SVG text, before inlining."""
        from matplotlib import rc_context

        axes = self.axes
        for artist in [*axes.lines, *axes.collections]:
            artist.remove()
        with rc_context(charts._RC | {"svg.hashsalt": key}):
            ys = list(range(len(rows)))[::-1]  # the best-ranked at the top
            whiskers = [(r["low"], r["high"], y) for r, y in zip(rows, ys, strict=True)]
            xs = [v for lo, hi, y in whiskers for v in (lo, hi, math.nan)]
            axes.plot(xs, [v for _, _, y in whiskers for v in (y, y, math.nan)],
                      color="#4d4d4d", linewidth=1.0)  # fmt: skip
            for word, look in COMPARISON_LOOKS.items():
                at = [(r["x"], y) for r, y in zip(rows, ys, strict=True)
                      if r["comparison"] == word and not math.isnan(r["x"])]  # fmt: skip
                if at:
                    axes.scatter(
                        [x for x, _ in at], [y for _, y in at], marker=look.marker, s=30,
                        linewidths=1.1, zorder=3, edgecolors=look.colour,
                        facecolors=look.colour if look.filled else "white",
                    )  # fmt: skip
            if not math.isnan(group_value):
                axes.axvline(group_value, color=charts.TARGET_COLOUR, linewidth=0.9,
                             linestyle=(0, (4, 2)), zorder=1)  # fmt: skip
            axes.relim()
            axes.autoscale_view(scalex=True, scaley=False)
            axes.set_yticks(ys, [r["name"] for r in rows])
            for label, r in zip(axes.get_yticklabels(), rows, strict=True):
                # The report's own area, picked out by weight, not colour.
                label.set_fontweight("bold" if r["own"] else "normal")
            buffer = io.StringIO()
            self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        return buffer.getvalue()


def _forest_svg(
    canvases: dict[int, _ForestCanvas],
    key: str,
    heading: str,
    rows: list[dict[str, Any]],
    group_value: float,
    group_name: str,
    unit: str,
) -> str:
    """The forest plot as an SVG element for the page, with its text alternative."""
    canvas = canvases.get(len(rows)) or canvases.setdefault(len(rows), _ForestCanvas(len(rows)))
    svg = canvas.svg(key, rows, group_value)
    shown = _per_1000(group_value) if unit == "rate_per_1000" else cells.number(group_value, unit)
    summary, details = describe(heading, rows, shown, group_name)
    return charts._inline(svg, key, summary, details, "chart-compare")


def describe(
    heading: str, rows: list[dict[str, Any]], group_value: str, group_name: str
) -> tuple[str, str]:
    """The chart's text alternative: a one-line summary, and every area's figure."""
    summary = f"{heading}: compared with {group_name} ({group_value})"
    details = "; ".join(
        f"{r['name']} {r['figure']} (95% interval {r['interval']}), "
        f"{r['comparison_text'].split(' ', 1)[1]}, marked by a "
        f"{COMPARISON_LOOKS[r['comparison']].marker_words}"
        for r in rows
    )
    return summary, details + "."
