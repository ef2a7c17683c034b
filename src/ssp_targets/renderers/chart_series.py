"""A measure's quarterly series as a chart shows it: its points, its XmR chart (from
:func:`ssp_targets.stats.xmr`) and the words that are the chart's text alternative."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import attrs

from ssp_targets.report import cells
from ssp_targets.report.looks import SPC_LOOKS
from ssp_targets.report.wording import withheld


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
    parts = [f"{series.measure} {series.indicator}: {value_text(series, latest)}"]
    parts[0] += f" in {latest.period}"
    if not math.isnan(latest.target):
        basis = "illustrative" if series.illustrative else None
        target = cells.target(latest.target, series.unit, series.polarity, basis=basis)
        parts.append(f"target {target}")
    parts.append(cells.trend(latest.status))
    summary = ", ".join(parts)
    if len(series.points) > 1:
        summary += f"; previous quarter {value_text(series, series.points[-2])}"
    quarters = "; ".join(
        f"{p.period} {value_text(series, p)} ({cells.trend(p.status)})" for p in series.points
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


def value_text(series: Series, point: Point) -> str:
    if point.suppressed:
        return withheld(series.suppress_below)
    if math.isnan(point.value):
        return "no figure"
    return cells.number(point.value, series.unit)


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
