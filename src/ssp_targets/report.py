"""The report: one quarter's assessed rows for one area, with the plan and its marking.

A :class:`Report` is what renderers draw; it holds no formatting of its own.
"""

from __future__ import annotations

import html

import attrs
import numpy as np
import pandas as pd

from .model import BenchmarkTarget, Plan
from .periods import parse_quarter, quarter_label

MONTHS = ("April–June", "July–September", "October–December", "January–March")


AUDIENCES = ("partnership", "public")


@attrs.frozen
class Report:
    """One quarter's status for one area, and what renderers need around it.

    ``rows`` are the scored measures (one row per measure and indicator, plan order) and
    ``drafts`` the draft ones, as :func:`~ssp_targets.assess` gives them; ``history`` is
    the assessed rows of every quarter up to this one for the same area (for charts);
    ``provenance`` lists the loads the figures came from (``Store.loads()``), if known.
    ``comparison`` holds the quarter's rows for every area of the plan's first comparator
    group, for each indicator at least two of them have figures for and the group has a
    pooled figure (sorted by measure, then rank), and ``area_names`` the areas' names.
    For the ``public`` audience, everything marked above OFFICIAL is left out and counts
    below ``suppress_below`` are blanked (``suppressed`` is True on those rows).
    """

    plan: Plan
    quarter: str  # canonical label
    area: str  # ONS code
    rows: pd.DataFrame = attrs.field(eq=False)
    drafts: pd.DataFrame = attrs.field(eq=False)
    as_of: str | None = None  # the figures as they stood then, if not the current ones
    history: pd.DataFrame | None = attrs.field(default=None, eq=False)
    provenance: pd.DataFrame | None = attrs.field(default=None, eq=False)
    audience: str = attrs.field(default="partnership", validator=attrs.validators.in_(AUDIENCES))
    suppress_below: int = 5
    comparison: pd.DataFrame | None = attrs.field(default=None, eq=False)
    area_names: dict[str, str] = attrs.field(factory=dict, eq=False)

    def name_of(self, code: str) -> str:
        """An area's name (from the population table, or the plan's own), else its code."""
        if code == self.plan.area.code:
            return self.plan.area.name
        return self.area_names.get(code, code)

    @property
    def marking(self) -> str:
        """The highest handling marking of anything in the report."""
        return self.plan.marking([*self.rows["handling"], *self.drafts["handling"]])

    @property
    def period_text(self) -> str:
        """``2018/19 Q2 (July–September 2018)``."""
        q = parse_quarter(self.quarter)
        year = q.start_time.year
        end = year + 1 if q.quarter == 4 else year
        return f"{self.quarter} ({MONTHS[q.quarter - 1]} {end})"

    @property
    def area_name(self) -> str:
        """The area's name when it is the plan's area, else its code."""
        return self.plan.area.name if self.area == self.plan.area.code else self.area

    def benchmark_of(self, measure_id: object) -> str | None:
        """What a measure with a benchmark target is compared with (a group id or an area
        code), else None: its ``target`` is then the benchmark's figure, not a threshold."""
        try:
            target = self.plan.measure(str(measure_id)).target
        except KeyError:
            return None
        return target.against if isinstance(target, BenchmarkTarget) else None

    def status_counts(self) -> dict[str, int]:
        """How many scored rows have each status."""
        counts = self.rows["status"].value_counts()
        return {str(k): int(v) for k, v in counts.items() if v}

    def _repr_html_(self) -> str:
        from .renderers.table import render_html_fragment

        return render_html_fragment(self, "utf-8")


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
) -> Report:
    """Select one quarter and area from :func:`~ssp_targets.assess` output as a report.

    ``assessed`` may hold every quarter (``assess(plan, observations)``): the quarters up
    to ``quarter`` become the report's ``history`` for charts. ``as_of`` records, for the
    reader, that the figures are those stored at that time; ``audience="public"`` leaves
    out what is marked above OFFICIAL and blanks counts below ``suppress_below``.
    ``populations`` (as :func:`~ssp_targets.load_populations` gives) names the areas.
    """
    label = quarter_label(parse_quarter(quarter))
    code = area or plan.area.code
    mine = assessed[assessed["area"] == code]
    if audience == "public":
        mine = mine[mine["handling"].astype(object) == "OFFICIAL"]
        mine = _suppress_small_counts(mine, suppress_below)
    names: dict[str, str] = {}
    if populations is not None and "name" in populations.columns:
        names = dict(
            zip(populations["area"].astype(str), populations["name"].astype(str), strict=True)
        )
    rows = mine[mine["period"] == label]
    draft = rows["status"] == "draft"
    history = mine[mine["period"].astype(object) <= label]
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
        comparison=_comparison(plan, assessed, label, audience, suppress_below),
        area_names=names,
    )


def _comparison(
    plan: Plan, assessed: pd.DataFrame, label: str, audience: str, suppress_below: int
) -> pd.DataFrame | None:
    """The quarter's rows for the areas of the plan's first group (see :class:`Report`)."""
    if not plan.groups:
        return None
    rows = assessed[
        (assessed["period"] == label)
        & assessed["area"].astype(object).isin(plan.groups[0].areas)
        & assessed["value"].notna()
        & (assessed["kind"] == "quantitative")
    ]
    # Indicators the group can be compared on: two areas or more, and a pooled figure.
    keys = [rows["measure"].astype(object), rows["indicator"].astype(object)]
    enough = (rows["area"].groupby(keys).transform("size") >= 2) & rows["group_value"].notna()
    rows = rows[enough.to_numpy(dtype=bool)]
    if audience == "public":
        rows = rows[rows["handling"].astype(object) == "OFFICIAL"]
        rows = _suppress_small_counts(rows, suppress_below)
        # The pooled figure, less the areas shown, would give a blanked count away.
        keys = [rows["measure"].astype(object), rows["indicator"].astype(object)]
        hidden = rows["suppressed"].groupby(keys).transform("any").to_numpy(dtype=bool)
        rows = rows.assign(group_value=np.where(hidden, np.nan, rows["group_value"]))
    order = {m.id: n for n, m in enumerate(plan.measures)}
    position = rows["measure"].astype(object).map(order)
    rows = rows.assign(_order=position.to_numpy()).sort_values(
        ["_order", "indicator", "rank"], kind="stable", na_position="last"
    )
    return rows.drop(columns="_order").reset_index(drop=True)


#: Columns that carry a count of people or events, blanked when small for the public.
_COUNT_COLUMNS = (
    "value",
    "numerator",
    "denominator",
    "ytd",
    "value_previous_quarter",
    "value_same_quarter_last_year",
)


def _suppress_small_counts(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Blank every count below ``threshold`` (values of count measures, and numerators
    and denominators of any measure), and flag the rows. Zero is blanked too: "none" is
    as disclosive as one."""
    frame = frame.copy()
    is_count = (frame["unit"].astype(object) == "count").to_numpy()
    small = np.zeros(len(frame), dtype=bool)
    blanked = np.zeros(len(frame), dtype=bool)
    for column in _COUNT_COLUMNS:
        values = frame[column].to_numpy(dtype=float)
        applies = is_count | (column in ("numerator", "denominator"))
        hit = applies & (values < threshold)
        small |= hit & (column == "value")
        blanked |= hit & (column in ("value", "numerator", "denominator"))
        frame[column] = np.where(hit, np.nan, values)
    frame["suppressed"] = small
    # An interval can be worked back to its counts; a rate (with the population) or a rank
    # or comparison among known neighbours narrows a blanked count down.
    for column in ("lower_ci", "upper_ci", "rate_per_1000", "rank"):
        frame[column] = np.where(blanked, np.nan, frame[column].to_numpy(dtype=float))
    frame["comparison"] = frame["comparison"].astype(object).where(~blanked, None)
    # A year to date that includes a blanked quarter would give it away (YTD minus the
    # other quarters): blank it too, for the rest of that financial year.
    year = frame["period"].astype(object).str[:7]
    series = [
        frame["measure"].astype(object),
        frame["indicator"].astype(object),
        frame["area"].astype(object),
        year,
    ]
    earlier = pd.Series(small, index=frame.index).groupby(series, dropna=False).cummax()
    ytd = frame["ytd"].to_numpy(dtype=float)
    frame["ytd"] = np.where(is_count & earlier.to_numpy(dtype=bool), np.nan, ytd)
    # A trend or status computed from a blanked figure could reveal it.
    for column in ("trend_quarter", "trend_year"):
        frame[column] = frame[column].astype(object).where(~small, "no_data")
    return frame


def escape_html(text: object) -> str:
    """HTML-escape any value for display."""
    return html.escape("" if text is None else str(text))
