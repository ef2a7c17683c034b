"""Small charts of a measure's quarterly series, drawn with matplotlib as inline SVG text.

Each chart is built on its own :class:`matplotlib.figure.Figure` with the SVG canvas, so
nothing touches pyplot's global state or the process-wide backend. The SVG is made fit to
sit inside an HTML page: no XML header, no metadata, no namespaces that name a URL, ids
that are unique to the chart, and ``role="img"`` with a ``<title>`` and ``<desc>`` as its
text alternative. Status is shown by marker shape as well as colour.

A series with at least two figures also carries its XmR chart (:class:`Spc`, from
:func:`ssp_targets.stats.xmr`): the mean as a thin solid line, the process limits dotted,
and each special-cause point ringed by an open marker whose shape, as well as its colour,
says whether it is an improvement, a concern or neither (the colours of NHS England's
"Making Data Count").
"""

from __future__ import annotations

import io
import math
import re
from html import escape
from typing import Any

from ssp_targets.renderers.chart_series import Series, Spc, describe, value_text
from ssp_targets.report.looks import SPC_LOOKS, STATUS_LOOKS
from ssp_targets.report.wording import withheld

SPC_LINE_COLOUR = "#4d4d4d"
BAND_FILL = "#fdd9b5"  # the amber band, light enough to read points over
TARGET_COLOUR = "#1a1a1a"
LINE_COLOUR = "#8c8c8c"

#: Chart style (an ``Any`` for mypy: matplotlib types rc keys as literals).
_RC: Any = {
    "svg.fonttype": "none",  # text as <text>, no embedded glyphs
    "font.family": "sans-serif",
    "font.size": 7.0,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "#595959",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "path.simplify": True,
}


def _tick_label(period: str) -> str:
    """``Q1`` with its financial year under it, other quarters alone."""
    year, _, quarter = period.partition(" ")
    return f"{quarter}\n{year}" if quarter == "Q1" else quarter


class ChartCanvas:
    """One matplotlib figure reused for many charts of the same size.

    Building a figure and its axes costs more than drawing a small series on them, so a
    dashboard draws every chart on one canvas: each :meth:`svg` removes the previous
    series and draws the next. Not for use from several threads at once.
    """

    def __init__(self, width: float = 3.6, height: float = 1.9) -> None:
        from matplotlib import rc_context
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        with rc_context(_RC):
            self.figure = Figure(figsize=(width, height))
            FigureCanvasSVG(self.figure)
            self.figure.subplots_adjust(left=0.15, right=0.97, top=0.93, bottom=0.24)
            self.axes = self.figure.add_subplot()
            self.axes.yaxis.set_major_locator(MaxNLocator(nbins=4))
            self.axes.spines[["top", "right"]].set_visible(False)
            self.axes.grid(axis="y", color="#e3e3e3", linewidth=0.5, zorder=0)
            self.axes.set_axisbelow(True)

    def svg(self, series: Series) -> str:
        """Draw ``series`` and return it as an SVG element for an HTML page."""
        from matplotlib import rc_context

        axes = self.axes
        for artist in [*axes.lines, *axes.collections, *axes.texts, *axes.patches]:
            artist.remove()
        with rc_context(_RC | {"svg.hashsalt": series.key}):
            _draw(axes, series)
            buffer = io.StringIO()
            self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        summary, quarters = describe(series)
        return _inline(buffer.getvalue(), series.key, summary, quarters)


def _draw(axes: Any, series: Series) -> None:
    points = series.points
    x = list(range(len(points)))
    values = [p.value for p in points]
    targets = [p.target for p in points]
    if any(not math.isnan(t) for t in targets):
        sign = -1.0 if series.polarity == "higher" else 1.0  # the bad side of the target
        edges = [
            t + sign * (0.0 if math.isnan(p.band) else p.band)
            for t, p in zip(targets, points, strict=True)
        ]
        if any(not math.isnan(p.band) and p.band > 0 for p in points):
            axes.fill_between(x, targets, edges, step="mid", color=BAND_FILL, linewidth=0, zorder=1)
        axes.plot(
            x,
            targets,
            drawstyle="steps-mid",
            linestyle=(0, (4, 2)),
            color=TARGET_COLOUR,
            linewidth=0.9,
            zorder=2,
        )
    axes.plot(x, values, color=LINE_COLOUR, linewidth=0.9, zorder=3)
    if series.spc is not None:
        _draw_spc(axes, x, values, series.spc)
    for status, look in STATUS_LOOKS.items():
        if not look.marker:
            continue
        marker, filled = look.marker, look.filled
        xs = [i for i, p in enumerate(points) if p.status == status and not math.isnan(p.value)]
        if xs:
            colour = look.colour
            axes.scatter(
                xs,
                [values[i] for i in xs],
                marker=marker,
                s=22,
                facecolors=colour if filled else "white",
                edgecolors=colour,
                linewidths=1.0,
                zorder=4,
            )
    last = points[-1]
    limits = [] if series.spc is None else [series.spc.lower_limit, series.spc.upper_limit]
    finite = [v for v in values + targets + limits if not math.isnan(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if not math.isnan(last.value):
        axes.scatter(
            [x[-1]], [last.value], marker="o", s=90, facecolors="none",
            edgecolors="#1a1a1a", linewidths=1.0, zorder=5,
        )  # fmt: skip
    label = value_text(series, last)
    y = last.value if not math.isnan(last.value) else low
    axes.annotate(
        label,
        (x[-1], y),
        xytext=(-6, 6),
        textcoords="offset points",
        ha="right",
        fontsize=7,
        fontweight="bold",
        color="#1a1a1a",
        zorder=6,
    )
    for i, p in enumerate(points[:-1]):
        if p.suppressed:  # say where a figure was held back, rather than leave a silent gap
            axes.annotate(withheld(series.suppress_below), (i, low), ha="center", fontsize=6)
    span = high - low or abs(high) or 1.0
    axes.set_ylim(low - 0.12 * span, high + 0.22 * span)
    axes.set_xlim(-0.5, len(points) - 0.5)
    axes.set_xticks(x, [_tick_label(p.period) for p in points])


def _draw_spc(axes: Any, x: list[int], values: list[float], s: Spc) -> None:
    """The mean (thin solid), process limits (dotted, as one line) and special-cause rings
    (few artists: each costs more to write out than to compute)."""
    a, b = x[0] - 0.4, x[-1] + 0.4
    axes.plot([a, b], [s.mean] * 2, color=SPC_LINE_COLOUR, linewidth=0.6, zorder=2)
    axes.plot(
        [a, b, math.nan, a, b],
        [s.lower_limit, s.lower_limit, math.nan, s.upper_limit, s.upper_limit],
        color=SPC_LINE_COLOUR, linewidth=0.8, linestyle=(0, (1, 1.5)), zorder=2,
    )  # fmt: skip
    for kind, look in SPC_LOOKS.items():
        xs = [i for i, c in enumerate(s.points) if c == kind and not math.isnan(values[i])]
        if xs:
            axes.plot(
                xs, [values[i] for i in xs], linestyle="none", marker=look.marker,
                markersize=8.5, markerfacecolor="none", markeredgecolor=look.colour,
                markeredgewidth=1.1, zorder=4.5,
            )  # fmt: skip


_ID = re.compile(r'\bid="([^"]+)"')


def _inline(svg: str, key: str, summary: str, quarters: str, css_class: str = "chart") -> str:
    """Make matplotlib's SVG document an element for an HTML page."""
    svg = svg[svg.index("<svg") :]  # drop the XML declaration and doctype
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)  # moved to the page CSS
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r'\s+version="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=")
    # Ids: keep only those referred to, made unique to this chart.
    prefix = "c-" + re.sub(r"[^A-Za-z0-9_-]", "-", key) + "-"
    used = set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg))

    def rename(match: re.Match[str]) -> str:
        name = match[1]
        return f'id="{prefix}{name}"' if name in used else ""

    svg = _ID.sub(rename, svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', svg)
    svg = re.sub(r"<g\s*>", "<g>", svg)
    # Smaller: the font comes from the page's CSS, no zero rotations, paths on one line.
    svg = re.sub(r"font-family: [^;\"]*(; )?", "", svg)
    svg = re.sub(r' transform="rotate\(-?0 [^)]*\)"', "", svg)
    svg = svg.replace(" \n", " ").replace("<defs></defs>", "").replace(' style=""', "")
    svg = re.sub(r">\s+<", "><", svg)
    title, desc = escape(summary), escape(quarters)
    head = (
        f'<svg class="{css_class}" role="img" aria-label="{title}" '
        f'aria-describedby="{prefix}desc" focusable="false"'
    )
    svg = head + svg[len("<svg") :]
    opening = svg.index(">") + 1
    alternative = f'<title>{title}</title><desc id="{prefix}desc">{desc}</desc>'
    return svg[:opening] + alternative + svg[opening:].rstrip() + "\n"
