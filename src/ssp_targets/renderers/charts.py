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

import functools
import io
import math
import re
from collections.abc import Sequence
from html import escape
from typing import Any

import attrs

from ssp_targets.report import cells
from ssp_targets.report.looks import SPC_LOOKS, STATUS_LOOKS

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


@attrs.frozen
class Point:
    """One quarter of a series, as the chart needs it."""

    period: str
    value: float  # NaN when there is no figure (or it is suppressed)
    target: float  # NaN when there is no target
    band: float  # the amber band's width (NaN or 0 when none)
    status: str
    suppressed: bool = False


#: Words for the SPC classes and assurance, as shown on the page.
VARIATION_WORDS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral": "Special cause: neither improvement nor concern",
}
ASSURANCE_WORDS = {
    "consistently_met": "Consistently met",
    "consistently_missed": "Consistently missed",
    "hit_and_miss": "Hit and miss",
}
NOT_ENOUGH_DATA = "Not enough data"


@attrs.frozen
class Spc:
    """A series' XmR chart, as the dashboard shows it (see :func:`spc`)."""

    mean: float
    lower_limit: float
    upper_limit: float
    points: tuple[str | None, ...]  # one class per quarter, None where there is no figure
    variation: str | None
    assurance: str | None
    trial_limits: bool
    sentence: str  # "special cause: 7 quarters below the mean", "common cause variation only"

    @property
    def label(self) -> str:
        """``Special cause: improvement · Consistently met``, with ``(trial limits)``."""
        words = [VARIATION_WORDS.get(self.variation or "", NOT_ENOUGH_DATA)]
        if self.assurance:
            words.append(ASSURANCE_WORDS.get(self.assurance, self.assurance))
        text = " · ".join(words)
        return f"{text} (trial limits)" if self.trial_limits else text


#: How the improvement direction of an XmR chart follows from a measure's polarity.
IMPROVEMENT = {"higher": "increase", "lower": "decrease"}


def spc(values: Sequence[float], polarity: str, target: float = math.nan) -> Spc | None:
    """The XmR chart of ``values`` (NaN where no figure is shown, including one held back
    for the public, so nothing hidden shapes the limits); None with fewer than two figures.
    """
    from ssp_targets.stats import describe_special_cause, xmr

    if sum(not math.isnan(v) for v in values) < 2:
        return None
    improvement = IMPROVEMENT.get(polarity, "neutral")
    result = xmr(
        values,
        improvement=improvement,  # type: ignore[arg-type]
        target=None if math.isnan(target) else target,
    )
    return Spc(
        mean=result.mean,
        lower_limit=result.lower_limit,
        upper_limit=result.upper_limit,
        points=result.points,
        variation=result.variation,
        assurance=result.assurance,
        trial_limits=result.trial_limits,
        sentence=describe_special_cause(result),
    )


@attrs.frozen
class Series:
    """One measure's indicator over the quarters up to the report's, oldest first."""

    key: str  # a unique, stable name: measure and indicator
    measure: str
    indicator: str
    unit: str
    polarity: str
    points: tuple[Point, ...]
    suppress_below: int = 5
    spc: Spc | None = None
    illustrative: bool = False  # the target is illustrative, not agreed


def describe(series: Series) -> tuple[str, str]:
    """The chart's text alternative: a one-line summary, and every quarter's figure.

    ``1.3 co_sso_positive_completions: 72.4% in 2018/19 Q2, target ≥ 75.0%, amber;
    previous quarter 77.0%``.
    """
    latest = series.points[-1]
    parts = [f"{series.measure} {series.indicator}: {_value_text(series, latest)}"]
    parts[0] += f" in {latest.period}"
    if not math.isnan(latest.target):
        basis = "illustrative" if series.illustrative else None
        target = cells.target(latest.target, series.unit, series.polarity, basis=basis)
        parts.append(f"target {target}")
    parts.append(cells.trend(latest.status))
    summary = ", ".join(parts)
    if len(series.points) > 1:
        summary += f"; previous quarter {_value_text(series, series.points[-2])}"
    quarters = "; ".join(
        f"{p.period} {_value_text(series, p)} ({cells.trend(p.status)})" for p in series.points
    )
    details = f"Quarterly figures: {quarters}."
    if series.spc is not None:
        details += " " + describe_spc(series)
    elif sum(not math.isnan(p.value) for p in series.points) < 2:
        details += " Statistical process control: not enough data."
    return summary, details


def describe_spc(series: Series) -> str:
    """The XmR chart in words: mean, limits, variation, assurance and special-cause points."""
    s = series.spc
    if s is None:
        return "Statistical process control: not enough data."
    number = functools.partial(cells.number, unit=series.unit)
    trial = " (trial limits)" if s.trial_limits else ""
    text = (
        f"Statistical process control{trial}: mean {number(s.mean)}, process limits "
        f"{number(s.lower_limit)} to {number(s.upper_limit)}; "
        f"{s.label.removesuffix(' (trial limits)').lower()}; {s.sentence}."
    )
    marked = [
        f"{p.period} ({VARIATION_WORDS[c].split(': ', 1)[-1]}, {SPC_LOOKS[c].marker_words})"
        for p, c in zip(series.points, s.points, strict=True)
        if c in SPC_LOOKS
    ]
    if marked:
        text += " Special-cause points: " + "; ".join(marked) + "."
    return text


def _value_text(series: Series, point: Point) -> str:
    if point.suppressed:
        return f"<{series.suppress_below}"
    if math.isnan(point.value):
        return "no figure"
    return cells.number(point.value, series.unit)


def _tick_label(period: str) -> str:
    """``Q1`` with its financial year under it, other quarters alone."""
    year, _, quarter = period.partition(" ")
    return f"{quarter}\n{year}" if quarter == "Q1" else quarter


def render_svg(series: Series, width: float = 3.6, height: float = 1.9) -> str:
    """The series as an SVG element, ready to inline in HTML (see the module notes)."""
    return ChartCanvas(width, height).svg(series)


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
    label = _value_text(series, last)
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
            axes.annotate(f"<{series.suppress_below}", (i, low), ha="center", fontsize=6)
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


def series_from_rows(
    rows: Sequence[dict[str, Any]],
    suppress_below: int = 5,
    with_spc: bool = True,
    illustrative: bool = False,
) -> Series:
    """A :class:`Series` from one measure's indicator rows of ``report.history``, in
    quarter order (``rows`` as ``DataFrame.to_dict("records")`` gives them), with its XmR
    chart (``with_spc``) when it has two figures or more. The rows are drawn as the report
    gives them: a figure it withholds from the public is already missing there, and is
    labelled ``<5`` where its point would be."""
    first = rows[0]
    indicator = str(first["indicator"])
    points = tuple(
        Point(
            period=str(r["period"]),
            value=_float(r["value"]),
            target=_float(r["target"]),
            band=_float(r["amber_within"]),
            status=str(r["status"]),
            suppressed=bool(r.get("suppressed", False)),
        )
        for r in rows
    )
    polarity = str(first["polarity"])
    return Series(
        key=f"{first['measure']}-{indicator}",
        measure=str(first["measure"]),
        indicator=indicator.split(":", 1)[-1],
        unit=str(first["unit"]),
        polarity=polarity,
        points=points,
        suppress_below=suppress_below,
        spc=spc([p.value for p in points], polarity, points[-1].target) if with_spc else None,
        illustrative=illustrative,
    )


def _float(value: object) -> float:
    return math.nan if cells.missing(value) else float(value)  # type: ignore[arg-type]
