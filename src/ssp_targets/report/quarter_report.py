"""A quarter's report: one area's status for one quarter, and what every output shows
of it (the summary table's rows and footnotes, its notices and marking).

A :class:`Report` is what renderers lay out; for the public audience it holds nothing a
renderer must still hide (that is settled when it is built: :mod:`.building`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pandas as pd

from ssp_targets.plan.definition import BenchmarkTarget, Plan
from ssp_targets.report import cells
from ssp_targets.report.wording import (
    AUDIENCES,
    ILLUSTRATIVE_NOTE,
    OUTPUT_COLUMNS,
    SAMPLE_BANNER,
    escape_html,
    period_text,
    withheld,
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
        return html_fragment(self)


# -- the summary table: what every tabular output of the report shows ----------------

#: The summary table's columns.
HEADERS = (
    "Measure",
    "Indicator",
    "Owner",
    "Value",
    "Target",
    "Status",
    "vs last qtr",
    "vs last year",
    "YTD",
)


def _shown_value(report: Report, r: dict[str, Any], marks: dict[tuple[str, str], int]) -> str:
    """The figure as shown: ``<5`` where withheld, with its flag's footnote marker."""
    text = (
        withheld(report.suppress_below)
        if r.get("suppressed")
        else cells.number(r["value"], r["unit"])
    )
    n = marks.get((str(r["measure"]), str(r["indicator"])))
    return f"{text} {cells.flag_mark(n)}" if n else text


def flag_marks(report: Report) -> dict[tuple[str, str], int]:
    """The footnote number of each flagged figure, in the order the tables show them."""
    flagged = {(str(f["measure"]), str(f["indicator"])) for f in report.flagged()}
    marks: dict[tuple[str, str], int] = {}
    for _, rows in priority_groups(report):
        for r in rows:
            key = (str(r["measure"]), str(r["indicator"]))
            if key in flagged and key not in marks:
                marks[key] = len(marks) + 1
    return marks


def footnotes(report: Report, marks: dict[tuple[str, str], int]) -> list[str]:
    """The footnotes under the tables: each flagged figure's flag and note, and what an
    illustrative target is."""
    notes = {(str(f["measure"]), str(f["indicator"])): f for f in report.flagged()}
    out = []
    for key, n in sorted(marks.items(), key=lambda item: item[1]):
        f = notes[key]
        indicator = key[1].split(":", 1)[-1]
        text = cells.flag_text(f["flag"], f["note"])
        out.append(f"{cells.flag_mark(n)} {f['measure']} {indicator}: {text}")
    if report.illustrative:
        out.append(f"{cells.ILLUSTRATIVE} {ILLUSTRATIVE_NOTE}")
    return out


def table_row(
    report: Report,
    r: dict[str, Any],
    first: bool,
    symbols: dict[str, str],
    marks: dict[tuple[str, str], int],
) -> list[str]:
    """One row of the summary table as text; ``first`` when it is its measure's first."""
    owners = ", ".join(report.plan.owner_name(o) for o in str(r["owners"]).split(", "))
    # The key alone: the source shows in the owner column, and the table stays narrower.
    indicator = r["indicator"].split(":", 1)[1] if isinstance(r["indicator"], str) else "—"
    return [
        cells.clean(f"{r['measure']} {r['title']}") if first else "",
        cells.clean(indicator),
        cells.clean(owners) if first else "",
        _shown_value(report, r, marks),
        cells.target(
            r["target"],
            r["unit"],
            r["polarity"],
            report.benchmark_of(r["measure"]),
            r["target_basis"],
        ),
        cells.status(r["status"], symbols),
        cells.trend(r["trend_quarter"]),
        cells.trend(r["trend_year"]),
        cells.number(r["ytd"], r["unit"]),
    ]


def priority_groups(report: Report) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The scored rows by priority, in plan order, with each priority's heading."""
    records = report.rows.to_dict("records")
    for priority in report.plan.priorities:
        rows = [r for r in records if r["priority"] == priority.id]
        if rows:
            yield f"{priority.id}. {priority.title}", rows


def html_fragment(report: Report, encoding: str | None = "utf-8") -> str:
    """A small HTML table of the report, for notebooks; every value escaped."""
    head = "".join(f"<th>{escape_html(h)}</th>" for h in HEADERS)
    marks = flag_marks(report)
    body = []
    for _, rows in priority_groups(report):
        previous = None
        for r in rows:
            values = table_row(report, r, r["measure"] != previous, cells.STATUS_SYMBOLS, marks)
            previous = r["measure"]
            body.append("<tr>" + "".join(f"<td>{escape_html(v)}</td>" for v in values) + "</tr>")
    marking = f"<p><strong>{escape_html(report.marking)}</strong></p>"
    notices = "".join(f"<p><strong>{escape_html(n)}</strong></p>" for n in report.notices)
    caption = escape_html(f"{report.plan.title}: {report.area_name}, {report.period_text}")
    notes = "".join(f"<li>{escape_html(n)}</li>" for n in footnotes(report, marks))
    return (
        f"{marking}{notices}<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>" + (f"<ul>{notes}</ul>" if notes else "") + marking
    )
