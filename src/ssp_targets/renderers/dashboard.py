"""The dashboard: one self-contained HTML file for the meeting pack.

Everything is inline (styles, charts as SVG, system fonts only), so the file opens offline
and makes no network request; it prints on A4 with the handling marking at the top and
bottom of every page. Status is always shown as word, symbol and colour together. Every
value is escaped by jinja2's autoescaping; the only markup passed through unescaped is the
SVG that :mod:`.charts` draws, whose text it escapes itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ssp_targets.renderers import chart_series, charts
from ssp_targets.renderers.comparison import comparison_text, comparisons
from ssp_targets.renderers.dashboard_lists import (
    drafts,
    exceptions,
    figure,
    indicator_key,
    no_data_by_owner,
    owners,
    provenance,
    target,
)
from ssp_targets.report import cells
from ssp_targets.report.looks import COMPARISON_LOOKS, STATUS_LOOKS
from ssp_targets.report.quarter_report import Report, flag_marks
from ssp_targets.report.wording import ILLUSTRATIVE_NOTE

if TYPE_CHECKING:
    import jinja2

#: The statuses counted in the headline, in the order shown.
HEADLINE_STATUSES = ("green", "amber", "red", "monitor", "no_data")
TEMPLATE = "dashboard.html.j2"


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("ssp_targets.renderers", "templates"),
        autoescape=True,  # every template is HTML, whatever its suffix
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_dashboard(report: Report, encoding: str | None = None) -> str:
    """The report as one self-contained HTML page (see the module notes).

    ``encoding`` is the encoding the page will be written in (default UTF-8); characters
    it cannot hold are written as HTML character references, so the page reads the same.
    """
    context = dashboard_context(report)
    charset = encoding or "utf-8"
    context["charset"] = charset
    context["css_string"] = css_string
    page = _environment().get_template(TEMPLATE).render(context)
    try:
        page.encode(charset)
    except UnicodeEncodeError:
        page = page.encode(charset, "xmlcharrefreplace").decode(charset)
    except LookupError:
        pass  # an encoding Python does not know: leave it to the writer to complain
    return page


def css_string(text: str) -> Any:
    """``text`` as a quoted CSS string, safe inside ``<style>`` (every character that is
    not a letter, digit, space or hyphen is written as a CSS escape)."""
    from markupsafe import Markup

    body = "".join(
        c if c.isascii() and (c.isalnum() or c in " -") else f"\\{ord(c):x} " for c in text
    )
    return Markup(f'"{body}"')


def dashboard_context(report: Report) -> dict[str, Any]:
    """Everything the template shows, as plain values (the charts as SVG markup)."""
    records = report.rows.to_dict("records")
    counts = report.status_counts()
    statuses = [
        {
            "key": s,
            "word": cells.trend(s),
            "symbol": cells.STATUS_SYMBOLS[s],
            "colour": STATUS_LOOKS[s].colour,
            "marker": STATUS_LOOKS[s].marker_words,
        }
        for s in (*HEADLINE_STATUSES, "draft")
    ]
    history = _history_by_slot(report)
    series = _Series(report, history)
    canvas = charts.ChartCanvas()

    marks = flag_marks(report)
    priorities = []
    for priority in report.plan.priorities:
        rows = [r for r in records if r["priority"] == priority.id]
        if not rows:
            continue
        priorities.append(
            {
                "id": priority.id,
                "title": cells.clean(priority.title),
                "counts": _count(rows),
                "rows": list(_table_rows(report, rows, series, marks)),
                "charts": list(_charts(rows, series, canvas)),
            }
        )
    public = report.audience == "public"
    flagged = {(str(f["measure"]), str(f["indicator"])): f for f in report.flagged()}
    return {
        "marking": report.marking,
        "notices": report.notices,
        "illustrative": ILLUSTRATIVE_NOTE if report.illustrative else "",
        "flag_notes": [
            {
                "n": n,
                "mark": cells.flag_mark(n),
                "measure": cells.clean(key[0]),
                "indicator": indicator_key(key[1]),
                "text": cells.flag_text(flagged[key]["flag"], flagged[key]["note"]),
            }
            for key, n in sorted(marks.items(), key=lambda item: item[1])
        ],
        "title": cells.clean(report.plan.title),
        "area_name": cells.clean(report.area_name),
        "area": report.area,
        "period_text": report.period_text,
        "quarter": report.quarter,
        "as_of": report.as_of,
        "public": public,
        "suppress_below": report.suppress_below,
        "any_suppressed": public and _any_suppressed(report),
        "statuses": statuses,
        "headline_statuses": statuses[: len(HEADLINE_STATUSES)],
        "counts": {s: counts.get(s, 0) for s in HEADLINE_STATUSES},
        "total": sum(counts.get(s, 0) for s in HEADLINE_STATUSES),
        "priorities": priorities,
        "comparisons": list(comparisons(report)),
        "comparison_key": [
            {"word": comparison_text(k), "marker": look.marker_words}
            for k, look in COMPARISON_LOOKS.items()
        ],
        "exceptions": exceptions(report, records),
        "no_data": no_data_by_owner(report, records),
        "drafts": drafts(report),
        "provenance": provenance(report.provenance),
    }


def _count(rows: list[dict[str, Any]]) -> dict[str, int]:
    out = dict.fromkeys(HEADLINE_STATUSES, 0)
    for r in rows:
        if str(r["status"]) in out:
            out[str(r["status"])] += 1
    return out


class _Series:
    """Each quantitative row's chart series (with its XmR chart), built once and shared by
    the table and the charts."""

    def __init__(
        self, report: Report, history: dict[tuple[str, str], list[dict[str, Any]]]
    ) -> None:
        self.report = report
        self.history = history
        self.built: dict[tuple[str, str], chart_series.Series] = {}

    def get(self, r: dict[str, Any]) -> chart_series.Series | None:
        if r["kind"] != "quantitative" or cells.missing(r["indicator"]):
            return None
        slot = (str(r["measure"]), str(r["indicator"]))
        if slot not in self.built:
            rows = self.history.get(slot) or [r]
            self.built[slot] = chart_series.series_from_rows(
                rows,
                self.report.suppress_below,
                illustrative=r.get("target_basis") == "illustrative",
            )
        return self.built[slot]


def _spc_label(series: chart_series.Series | None) -> str:
    """The table's "Variation / assurance" cell, in words."""
    if series is None:
        return "–"
    if series.spc is None:
        return chart_series.NOT_ENOUGH_DATA
    return series.spc.label


def _spc_line(series: chart_series.Series) -> str:
    """The plain-English line under a chart."""
    if series.spc is None:
        return "SPC: not enough data"
    trial = ", trial limits" if series.spc.trial_limits else ""
    return f"SPC{trial} – {series.spc.sentence}"


def _table_rows(
    report: Report,
    rows: list[dict[str, Any]],
    series: _Series,
    marks: dict[tuple[str, str], int],
) -> Iterator[dict[str, Any]]:
    """The priority's table rows; a measure's first row carries its span and owner."""
    spans: dict[str, int] = {}
    for r in rows:
        spans[r["measure"]] = spans.get(r["measure"], 0) + 1
    seen: set[str] = set()
    for r in rows:
        first = r["measure"] not in seen
        seen.add(r["measure"])
        qualitative = r["kind"] == "qualitative"
        mark = marks.get((str(r["measure"]), str(r["indicator"])))
        yield {
            "measure": cells.clean(r["measure"]),
            "title": cells.clean(r["title"]),
            "first": first,
            "span": spans[r["measure"]],
            "owners": owners(report, r["owners"]),
            "indicator": indicator_key(r["indicator"]),
            "qualitative": qualitative,
            "value": "owner’s assessment" if qualitative else figure(report, r, "value"),
            "suppressed": r.get("suppressed") is True,
            "mark": cells.flag_mark(mark) if mark else "",
            "mark_id": f"fn-flag-{mark}" if mark else "",
            "target": target(report, r),
            "status": str(r["status"]),
            "trend_quarter": cells.trend(r["trend_quarter"]),
            "trend_year": cells.trend(r["trend_year"]),
            "ytd": "–" if qualitative else figure(report, r, "ytd"),
            "reason": "" if cells.missing(r["reason"]) else cells.clean(r["reason"]),
            "spc": _spc_label(series.get(r)),
        }


def _history_by_slot(report: Report) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Each (measure, indicator)'s rows in quarter order, from the report's history."""
    frame = report.history if report.history is not None else report.rows
    frame = frame[frame["kind"].astype(object) == "quantitative"]
    frame = frame.assign(_period=frame["period"].astype(str)).sort_values("_period", kind="stable")
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in frame.drop(columns="_period").to_dict("records"):
        out.setdefault((str(r["measure"]), str(r["indicator"])), []).append(r)
    return out


def _charts(
    rows: list[dict[str, Any]], series_of: _Series, canvas: charts.ChartCanvas
) -> Iterator[dict[str, Any]]:
    from markupsafe import Markup

    for r in rows:
        series = series_of.get(r)
        if series is None:
            continue
        yield {
            "measure": cells.clean(r["measure"]),
            "title": cells.clean(r["title"]),
            "indicator": indicator_key(r["indicator"]),
            "svg": Markup(canvas.svg(series)),  # escaped by charts itself
            "spc": _spc_line(series),
        }


def _any_suppressed(report: Report) -> bool:
    frames = [report.rows] + ([report.history] if report.history is not None else [])
    return any("suppressed" in f and bool(f["suppressed"].any()) for f in frames)
