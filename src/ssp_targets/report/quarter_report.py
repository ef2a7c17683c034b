"""The report: one quarter's assessed rows for one area, with the plan and its marking.

A :class:`Report` is what renderers draw; it holds no formatting of its own, and for the
public audience it holds nothing a renderer must still hide (see :mod:`.disclosure`).
"""

from __future__ import annotations

import html
import warnings
from typing import Any

import attrs
import pandas as pd

from ssp_targets.assessment.assessed_frame import COLUMNS
from ssp_targets.errors import SspError, SspWarning
from ssp_targets.plan.definition import BenchmarkTarget, Plan
from ssp_targets.plan.quarters import parse_quarter, quarter_label
from ssp_targets.report.disclosure import release_text, withhold

MONTHS = ("April–June", "July–September", "October–December", "January–March")

AUDIENCES = ("partnership", "public")

#: The heading of every output whose figures include synthetic sample data.
SAMPLE_BANNER = "SYNTHETIC SAMPLE DATA – not real performance"

#: The columns of a report's rows as the data formats (JSON, CSV, the workbook's data
#: sheet) give them: the assessment's, whether the row's own counts are withheld from the
#: public, and whether the report's figures include synthetic sample data.
OUTPUT_COLUMNS = (*COLUMNS, "suppressed", "sample")

#: The footnote to an illustrative target.
ILLUSTRATIVE_NOTE = (
    "Targets marked (illustrative) were not agreed by the partnership: they are there to "
    "show how the measure would be scored."
)


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
    For the ``public`` audience, everything marked above OFFICIAL is left out, counts
    below ``suppress_below`` are withheld with every figure they could be worked back from
    (``suppressed`` is True on those rows; see :mod:`ssp_targets.report.disclosure`), and only
    commentary its authors released is kept. ``sample`` says what synthetic sample data
    the figures include (None when they are all real).
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
    sample: str | None = None

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
        """``2018/19 Q2 (July–September 2018)``; Q4 is January–March of the next
        calendar year (``2018/19 Q4 (January–March 2019)``)."""
        return period_text(self.quarter)

    @property
    def notices(self) -> list[str]:
        """What every output must say at its top, before anything else."""
        return [SAMPLE_BANNER] if self.sample else []

    @property
    def illustrative(self) -> bool:
        """Whether any target shown is illustrative (and so needs the footnote)."""
        shown = self.rows[self.rows["target"].notna()]
        return bool((shown["target_basis"].astype(object) == "illustrative").any())

    def output_rows(self) -> pd.DataFrame:
        """The scored rows then the drafts, in :data:`OUTPUT_COLUMNS` (for the data
        formats)."""
        frames = [f for f in (self.rows, self.drafts) if len(f)]
        rows = pd.concat(frames, ignore_index=True) if frames else self.rows
        rows = rows.assign(
            suppressed=rows["suppressed"].fillna(False).astype(bool)
            if "suppressed" in rows
            else False,
            sample=self.sample is not None,
        )
        return rows.loc[:, list(OUTPUT_COLUMNS)]

    def flagged(self) -> list[dict[str, Any]]:
        """The quarter's rows whose figure carries a flag or a note, in report order:
        ``measure, indicator, flag, note`` (for footnotes)."""
        rows = self.rows
        has = rows["flag"].notna() | rows["note"].notna()
        picked = rows.loc[has, ["measure", "indicator", "flag", "note"]].astype(object)
        return [
            {k: (None if pd.isna(v) else v) for k, v in r.items()}
            for r in picked.to_dict("records")
        ]

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
        from ssp_targets.renderers.table import render_html_fragment

        return render_html_fragment(self, "utf-8")


def period_text(quarter: str | pd.Period) -> str:
    """A quarter with its months: ``2018/19 Q4 (January–March 2019)``."""
    q = parse_quarter(quarter)
    return f"{quarter_label(q)} ({MONTHS[q.quarter - 1]} {q.start_time.year})"


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


def escape_html(text: object) -> str:
    """HTML-escape any value for display."""
    return html.escape("" if text is None else str(text))
