"""The summary for people: a table per priority, for a terminal or as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tabulate import SEPARATING_LINE, tabulate

from ssp_targets.report import cells
from ssp_targets.report.quarter_report import (
    HEADERS,
    Report,
    flag_marks,
    footnotes,
    priority_groups,
    table_row,
)
from ssp_targets.report.wording import public_version_note

_WIDTHS = [32, 20, 18, None, None, None, None, None, None]


def _body(report: Report, symbols: dict[str, str], markdown: bool) -> list[str]:
    escape: Callable[[str], str] = _escape_markdown if markdown else (lambda s: s)
    fmt = "github" if markdown else "simple"
    marks = flag_marks(report)
    out: list[str] = []
    for heading, rows in priority_groups(report):
        table: list[Any] = []
        previous = None
        for r in rows:
            first = r["measure"] != previous
            if first and previous is not None and not markdown:
                table.append(SEPARATING_LINE)  # a rule between measures, for reading
            table.append([escape(c) for c in table_row(report, r, first, symbols, marks)])
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
    for _, rows in priority_groups(report):
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
    return [public_version_note(report.suppress_below)]


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


def _escape_markdown(text: str) -> str:
    """Keep cell text literal in Markdown: escape the characters that would format it."""
    for ch in "\\`*_{}[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text
