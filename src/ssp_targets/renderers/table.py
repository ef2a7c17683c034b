"""The summary for people: a table per priority (terminal or Markdown), and an HTML fragment."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tabulate import SEPARATING_LINE, tabulate

from ssp_targets.renderers import cells
from ssp_targets.report.quarter_report import ILLUSTRATIVE_NOTE, Report, escape_html

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
_WIDTHS = [32, 20, 18, None, None, None, None, None, None]


def _value(report: Report, r: dict[str, Any], marks: dict[tuple[str, str], int]) -> str:
    """The figure as shown: ``<5`` where withheld, with its flag's footnote marker."""
    text = (
        f"<{report.suppress_below}" if r.get("suppressed") else cells.number(r["value"], r["unit"])
    )
    n = marks.get((str(r["measure"]), str(r["indicator"])))
    return f"{text} {cells.flag_mark(n)}" if n else text


def flag_marks(report: Report) -> dict[tuple[str, str], int]:
    """The footnote number of each flagged figure, in the order the tables show them."""
    flagged = {(str(f["measure"]), str(f["indicator"])) for f in report.flagged()}
    marks: dict[tuple[str, str], int] = {}
    for _, rows in _groups(report):
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


def _row(
    report: Report,
    r: dict[str, Any],
    first: bool,
    symbols: dict[str, str],
    marks: dict[tuple[str, str], int],
) -> list[str]:
    owners = ", ".join(report.plan.owner_name(o) for o in str(r["owners"]).split(", "))
    # The key alone: the source shows in the owner column, and the table stays narrower.
    indicator = r["indicator"].split(":", 1)[1] if isinstance(r["indicator"], str) else "—"
    return [
        cells.clean(f"{r['measure']} {r['title']}") if first else "",
        cells.clean(indicator),
        cells.clean(owners) if first else "",
        _value(report, r, marks),
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


def _groups(report: Report) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    records = report.rows.to_dict("records")
    for priority in report.plan.priorities:
        rows = [r for r in records if r["priority"] == priority.id]
        if rows:
            yield f"{priority.id}. {priority.title}", rows


def _body(report: Report, symbols: dict[str, str], markdown: bool) -> list[str]:
    escape: Callable[[str], str] = _escape_markdown if markdown else (lambda s: s)
    fmt = "github" if markdown else "simple"
    marks = flag_marks(report)
    out: list[str] = []
    for heading, rows in _groups(report):
        table: list[Any] = []
        previous = None
        for r in rows:
            first = r["measure"] != previous
            if first and previous is not None and not markdown:
                table.append(SEPARATING_LINE)  # a rule between measures, for reading
            table.append([escape(c) for c in _row(report, r, first, symbols, marks)])
            previous = r["measure"]
        out.append(f"## {escape(cells.clean(heading))}" if markdown else cells.clean(heading))
        out.append("")
        widths = None if markdown else _WIDTHS
        out.append(
            tabulate(
                table, headers=HEADERS, tablefmt=fmt, maxcolwidths=widths, disable_numparse=True
            )
        )
        out.append("")
    exceptions: dict[str, dict[str, Any]] = {}  # one entry per measure, its worst status
    for _, rows in _groups(report):
        for r in rows:
            noted = r["status"] in ("red", "amber") and not cells.missing(r["commentary"])
            if noted and (r["measure"] not in exceptions or r["status"] == "red"):
                exceptions[r["measure"]] = r
    if exceptions:
        out.append(
            "## Exceptions: owners' commentary" if markdown else "Exceptions: owners' commentary"
        )
        out.append("")
        for r in exceptions.values():
            who = f" ({cells.clean(r['author'])})" if not cells.missing(r["author"]) else ""
            text = cells.clean(r["commentary"])
            line = f"{r['measure']} {cells.status(r['status'], symbols)}: {text}{who}"
            out.append(f"- {escape(line)}" if markdown else f"  {line}")
        out.append("")
    if len(report.drafts):
        out.append("## Draft measures (not scored)" if markdown else "Draft measures (not scored)")
        out.append("")
        for r in report.drafts.drop_duplicates("measure").to_dict("records"):
            line = f"{r['measure']} {cells.clean(r['title'])}"
            out.append(f"- {escape(line)}" if markdown else f"  {line}")
        out.append("")
    notes = footnotes(report, marks) + _public_notes(report)
    if notes:
        out.append("## Notes" if markdown else "Notes")
        out.append("")
        out += [f"- {escape(n)}" if markdown else f"  {n}" for n in notes]
        out.append("")
    return out


def _public_notes(report: Report) -> list[str]:
    """What the public version leaves out, said once."""
    if report.audience != "public":
        return []
    return [
        f"Public version: counts below {report.suppress_below}, including zero, are shown as "
        f"<{report.suppress_below}, and every figure they could be worked out from (rates, "
        "intervals, trends, year to date, comparisons) is left blank; measures marked above "
        "OFFICIAL are left out; commentary appears only where its author released it."
    ]


def _heading(report: Report, symbols: dict[str, str]) -> list[str]:
    counts = report.status_counts()
    tally = " · ".join(
        f"{cells.status(s, symbols)} {counts[s]}" for s in cells.STATUS_SYMBOLS if s in counts
    )
    place = f"{report.area_name} ({report.area}), {report.period_text}"
    if report.as_of:
        place += f"; figures as they stood at {report.as_of}"
    return [cells.clean(f"{report.plan.title}: quarterly summary"), cells.clean(place), tally]


def render_table(report: Report, encoding: str | None = "utf-8") -> str:
    """The summary as plain-text tables for a terminal, marked top and bottom."""
    symbols = cells.symbols_for(encoding)
    notices = [*report.notices, ""] if report.notices else []
    lines = [report.marking, "", *notices, *_heading(report, symbols), ""]
    lines += _body(report, symbols, False)
    lines.append(report.marking)
    return "\n".join(lines) + "\n"


def render_markdown(report: Report, encoding: str | None = "utf-8") -> str:
    """The summary as Markdown (GitHub tables), marked top and bottom."""
    symbols = cells.symbols_for(encoding)
    title, place, tally = (_escape_markdown(x) for x in _heading(report, symbols))
    notices = [f"**{_escape_markdown(n)}**" for n in report.notices]
    lines = [f"**{report.marking}**", "", *(x for n in notices for x in (n, "")), f"# {title}"]
    lines += ["", place, "", tally, ""]
    lines += _body(report, symbols, True)
    lines.append(f"**{report.marking}**")
    return "\n".join(lines) + "\n"


def render_html_fragment(report: Report, encoding: str | None = "utf-8") -> str:
    """A small HTML table of the report, for notebooks; every value escaped."""
    head = "".join(f"<th>{escape_html(h)}</th>" for h in HEADERS)
    marks = flag_marks(report)
    body = []
    for _, rows in _groups(report):
        previous = None
        for r in rows:
            values = _row(report, r, r["measure"] != previous, cells.STATUS_SYMBOLS, marks)
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


def _escape_markdown(text: str) -> str:
    """Keep cell text literal in Markdown: escape the characters that would format it."""
    for ch in "\\`*_{}[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text
