"""The summary as an Excel workbook (.xlsx): a status sheet for people, a data sheet.

The *Status* sheet has one row per measure and indicator, grouped by priority, with the
figures as numbers in their unit's number format and the status as symbol and word in a
coloured cell (the word is always there, so nothing depends on colour), each figure's flag
and note, and the notes under the table. The *Data* sheet is every column of the report's
rows as a plain table. Both sheets keep their header frozen (in row 1, or below the
report's notices, such as "SYNTHETIC SAMPLE DATA", which head every sheet) and carry the
handling marking in the printed page header and footer.

Text from input files is written as text, never as a formula: a commentary that starts
with ``=`` stays the words it is.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ssp_targets.report import cells
from ssp_targets.report.looks import STATUS_LOOKS
from ssp_targets.report.quarter_report import Report
from ssp_targets.report.wording import ILLUSTRATIVE_NOTE, public_version_note, withheld

#: The status sheet's columns, in order.
STATUS_HEADERS = (
    "Priority",
    "Measure",
    "Title",
    "Indicator",
    "Owner",
    "Value",
    "Target",
    "Status",
    "vs last quarter",
    "vs last year",
    "YTD",
    "Flag / note",
    "Commentary",
)

#: Widest a fitted column gets (characters); longer text wraps.
MAX_WIDTH = 60
MIN_WIDTH = 8

# Text starting with one of these is a formula (or DDE) to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SIDES = {"higher": "≥ ", "lower": "≤ "}
_HEADER_FONT = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_RIGHT = Alignment(horizontal="right", vertical="top")


def render_workbook(report: Report, encoding: str | None = None) -> bytes:
    """``report`` as the bytes of an .xlsx workbook with a *Status* and a *Data* sheet.

    ``encoding`` is accepted for the renderer interface and ignored: a workbook is
    always Unicode, so the status symbols are always shown.
    """
    book = Workbook()
    status_sheet = book.active
    status_sheet.title = "Status"
    _write_status(status_sheet, report)
    data_sheet = book.create_sheet("Data")
    _write_data(data_sheet, report)

    marking = report.marking
    title = f"{report.plan.title}: quarterly summary, {report.quarter}"
    book.properties.title = title
    book.properties.subject = f"{report.area_name}, {report.period_text}"
    book.properties.creator = "ssp-targets"
    book.properties.keywords = marking
    book.properties.category = marking
    if report.as_of:
        book.properties.description = f"Figures as they stood at {report.as_of}."
    for sheet in book.worksheets:
        _page_setup(sheet, report, marking)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- the status sheet ---------------------------------------------------------------


def _ordered_records(report: Report) -> list[dict[str, Any]]:
    """The scored rows then the drafts, grouped by priority in the plan's order (a
    stable sort, so plan order holds within each priority)."""
    records = report.rows.to_dict("records") + report.drafts.to_dict("records")
    order = {p.id: n for n, p in enumerate(report.plan.priorities)}
    return sorted(records, key=lambda r: order.get(str(r["priority"]), len(order)))


def _owner_names(report: Report, owners: object) -> str:
    """The owners' names for a comma-joined list of owner ids."""
    if cells.missing(owners):
        return ""
    ids = [o.strip() for o in str(owners).split(",") if o.strip()]
    return ", ".join(report.plan.owner_name(o) for o in ids)


def _number_format(value: float, unit: object, side: str = "", after: str = "") -> str:
    """The Excel number format that shows ``value`` as :func:`cells.number` would, with
    ``side`` (such as ``"≥ "``) in front and ``after`` (`` (illustrative)``) behind; the
    cell keeps the unrounded number."""
    if unit == "percent":
        body = '0.0"%"'
    elif unit == "count" and value == round(value):
        body = "#,##0"
    else:
        body = "#,##0.0"
    tail = f'"{after}"' if after else ""
    if not side and not tail:
        return body
    front = f'"{side}"' if side else ""
    return f"{front}{body}{tail};{front}-{body}{tail}"


def _notices(sheet: Any, report: Report) -> int:
    """The report's notices in bold above the table; the table's header row's number."""
    for notice in report.notices:
        sheet.append([notice])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    return sheet.max_row + 1 if report.notices else 1


def _write_status(sheet: Any, report: Report) -> None:
    """One row per report row: words for people, numbers as numbers, coloured status."""
    header = _notices(sheet, report)
    sheet.append(list(STATUS_HEADERS))
    priorities = {p.id: f"{p.id}. {p.title}" for p in report.plan.priorities}
    symbols = cells.STATUS_SYMBOLS
    below = withheld(report.suppress_below)
    for r in _ordered_records(report):
        flag = r.get("suppressed")
        suppressed = not cells.missing(flag) and bool(flag)
        row = sheet.max_row + 1
        unit = r["unit"]
        texts = {
            1: priorities.get(str(r["priority"]), str(r["priority"])),
            2: r["measure"],
            3: r["title"],
            4: r["indicator"],
            5: _owner_names(report, r["owners"]),
            8: cells.status(r["status"], symbols),
            9: cells.trend(r["trend_quarter"]),
            10: cells.trend(r["trend_year"]),
            12: cells.flag_text(r.get("flag"), r.get("note")),
            13: r["commentary"],
        }
        for column, value in texts.items():
            cell = _put_text(sheet.cell(row=row, column=column), value)
            cell.alignment = _WRAP if column in (3, 5, 12, 13) else _TOP
        _put_number(sheet.cell(row=row, column=6), r["value"], unit)
        side = _SIDES.get(str(r["polarity"]), "")
        benchmark = report.benchmark_of(r["measure"])
        if benchmark is not None:
            side = f"vs {benchmark} "
        after = f" {cells.ILLUSTRATIVE}" if r.get("target_basis") == "illustrative" else ""
        _put_number(sheet.cell(row=row, column=7), r["target"], unit, side, after)
        _put_number(sheet.cell(row=row, column=11), r["ytd"], unit)
        if suppressed:
            cell = sheet.cell(row=row, column=6)
            cell.value = below
            cell.data_type = "s"
            cell.alignment = _RIGHT
        look = STATUS_LOOKS.get(str(r["status"]))
        colours = (look.fill, look.ink) if look is not None and look.fill else None
        if colours:
            fill, font = colours
            status_cell = sheet.cell(row=row, column=8)
            status_cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
            status_cell.font = Font(color=font, bold=True)
    last = sheet.max_row
    notes = [f"{cells.ILLUSTRATIVE} {ILLUSTRATIVE_NOTE}"] if report.illustrative else []
    if report.audience == "public":
        notes.append(public_version_note(report.suppress_below))
    if notes:
        sheet.append([])
        for note in notes:
            sheet.append([note])
    _finish_table(sheet, len(STATUS_HEADERS), header, last)


# -- the data sheet -----------------------------------------------------------------


def _write_data(sheet: Any, report: Report) -> None:
    """Every column of the report's rows (and drafts) under its own name, unformatted."""
    frame = report.output_rows()
    columns = [str(c) for c in frame.columns]
    header = _notices(sheet, report)
    sheet.append(columns)
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    for values in frame.itertuples(index=False, name=None):
        row = sheet.max_row + 1
        for column, (name, value) in enumerate(zip(frame.columns, values, strict=True), 1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, bool | np.bool_):
                cell.value = bool(value)
            elif name in numeric and not cells.missing(value):
                cell.value = float(value)
            elif not cells.missing(value):
                _put_text(cell, value)
    _finish_table(sheet, len(columns), header, sheet.max_row)


# -- cells and layout -----------------------------------------------------------------


def _put_text(cell: Any, value: object) -> Any:
    """Write ``value`` as text (blank for None/NaN), made safe: control characters become
    spaces, and text a spreadsheet would run as a formula is stored as a string with
    Excel's quote prefix, so it is shown, and kept on editing, as the words it is."""
    text = cells.clean(value)
    if not text:
        return cell
    cell.value = text
    cell.data_type = "s"  # openpyxl takes a leading "=" as a formula; this is text
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


def _put_number(cell: Any, value: object, unit: object, side: str = "", after: str = "") -> None:
    """Write a finite number with its unit's format; leave the cell blank otherwise."""
    if cells.missing(value):
        return
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        return
    cell.value = number
    cell.number_format = _number_format(number, unit, side, after)
    cell.alignment = _TOP


def _shown(cell: Any) -> str:
    """Roughly the text a cell shows, for fitting its column's width."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float):
        fmt = cell.number_format
        side = "≥ " if "≥" in fmt else "≤ " if "≤" in fmt else ""
        unit = "percent" if '"%"' in fmt else "count" if "#,##0;" in fmt + ";" else "number"
        after = f" {cells.ILLUSTRATIVE}" if cells.ILLUSTRATIVE in fmt else ""
        return side + cells.number(value, unit) + after
    return str(value)


def _fit_widths(sheet: Any, count: int, header: int, last_row: int) -> None:
    """Each column as wide as its longest line in the table, within MIN_WIDTH and
    MAX_WIDTH."""
    for column in range(1, count + 1):
        lengths: Iterable[int] = (
            max((len(line) for line in _shown(c).splitlines()), default=0)
            for (c,) in sheet.iter_rows(
                min_row=header, max_row=last_row, min_col=column, max_col=column
            )
        )
        width = min(MAX_WIDTH, max(MIN_WIDTH, max(lengths, default=0) + 2))
        sheet.column_dimensions[get_column_letter(column)].width = width


def _finish_table(sheet: Any, count: int, header: int = 1, last_row: int | None = None) -> None:
    """Bold, frozen header row (row ``header``) repeated on every printed page; a filter
    over the table (to ``last_row``); fitted widths."""
    for cell in sheet[header]:
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = f"A{header + 1}"
    last = get_column_letter(count)
    sheet.auto_filter.ref = f"A{header}:{last}{max(header, last_row or sheet.max_row)}"
    sheet.print_title_rows = f"1:{header}"
    _fit_widths(sheet, count, header, last_row or sheet.max_row)


def _header_text(parts: Sequence[str], limit: int = 100) -> str:
    """Text for one section of a page header or footer: the parts joined, ``&`` doubled
    (a lone one starts an Excel code), and cut to ``limit`` characters so the whole
    header stays within Excel's 255."""
    escaped = ", ".join(p for p in parts if p).replace("&", "&&")
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    if (len(cut) - len(cut.rstrip("&"))) % 2:  # never leave half of an "&&"
        cut = cut[:-1]
    return cut + "…"


def _page_setup(sheet: Any, report: Report, marking: str) -> None:
    """Landscape, fitted to the page width; the marking top and bottom centre, the plan,
    quarter and area in the page header."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    as_of = f"figures as at {report.as_of}" if report.as_of else ""
    sheet.oddHeader.left.text = _header_text([*report.notices, report.plan.title, report.quarter])
    sheet.oddHeader.center.text = _header_text([marking])
    sheet.oddHeader.right.text = _header_text([report.area_name, as_of])
    sheet.oddFooter.center.text = _header_text([marking])
    sheet.oddFooter.right.text = "Page &P of &N"
