"""Completed data returns: the form an owner with no system to plug in fills in each
quarter (:mod:`~ssp_targets.inputs.return_forms` writes it), read back and checked like
any other input. ``ssp-targets load`` takes one; the core's ``returns`` source reads a
folder of them during ``fetch``.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ssp_targets.errors import ObservationError, SspWarning
from ssp_targets.inputs.commentary import validate_commentary
from ssp_targets.inputs.csv_files import read_csv_text, shorten
from ssp_targets.inputs.observations import validate_observations
from ssp_targets.inputs.return_forms import SHEET
from ssp_targets.inputs.row_checks import MAX_LISTED, RowChecks
from ssp_targets.plan.definition import UNIT_SCALE

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan


#: What the owner fills in; everything else the template writes and the owner leaves.
FILLED = ("value", "numerator", "denominator", "flag", "note", "commentary", "rag", "public")
#: The columns of figures, where a spreadsheet's number must be a number.
FIGURES = ("value", "numerator", "denominator")


def is_return(frame: pd.DataFrame) -> bool:
    """Whether a table read from a file is a data-return form (not the canonical CSV,
    which has no measure column)."""
    return "measure" in frame.columns


def read_return_file(path: str | Path, plan: Plan | None = None) -> pd.DataFrame:
    """A completed form as text columns, from ``.csv`` or ``.xlsx``.

    An Excel form is read cell by cell, so what Excel does to figures is caught: a
    formula whose result was never saved, a number stored as text, merged cells over the
    figures, and a corrupt or truncated file are refused naming the cell; a figure typed
    in Excel's percent format (70% is held as 0.7) is read as the percentage it shows.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    return read_csv_text(path, "return")


def _read_workbook(path: Path) -> pd.DataFrame:
    import zipfile

    from openpyxl import load_workbook

    if not path.exists():
        raise ObservationError(f"{path}: no such return file. Check the path.")
    try:
        formulas = load_workbook(path, read_only=False, data_only=False)
        values = load_workbook(path, read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError) as exc:
        raise ObservationError(
            f"{path}: not a readable Excel workbook ({shorten(str(exc) or type(exc).__name__, 120)}"
            "); the file may be truncated or corrupt, or not .xlsx at all. Save the form "
            "again from Excel as .xlsx, or send it as CSV."
        ) from None
    name = SHEET if SHEET in values.sheetnames else values.sheetnames[0]
    sheet, raw = values[name], formulas[name]
    rows = list(sheet.iter_rows())
    if not rows:
        raise ObservationError(f"{path}: sheet {name!r} is empty; it needs the form's rows.")
    header = [str(c.value).strip().lower() if c.value is not None else "" for c in rows[0]]
    problems: list[str] = []
    figures = {header.index(c) for c in FIGURES if c in header}
    merged = [
        str(r) for r in sheet.merged_cells.ranges
        if r.max_row >= 2 and any(r.min_col - 1 <= i <= r.max_col - 1 for i in figures)
    ]  # fmt: skip
    if merged:
        problems.append(
            f"cells {', '.join(merged)} are merged over the figures; unmerge them (Home > "
            "Merge & Center) so that each row has its own value"
        )
    table = []
    for cells, raw_cells in zip(rows[1:], raw.iter_rows(min_row=2), strict=False):
        line = []
        for i, (cell, formula) in enumerate(zip(cells, raw_cells, strict=False)):
            column = header[i] if i < len(header) else ""
            text, problem = _cell_text(cell, formula, column, i in figures)
            if problem:
                problems.append(f"line {cell.row}, column {column}: {problem}")
            line.append(text)
        table.append(line)
    if problems:
        count = len(problems)
        raise ObservationError(
            f"{path}: {count} problem{'s' if count != 1 else ''} in the Excel form; nothing "
            "was read. Correct these cells and try again:",
            problems[:25] + ([f"... and {count - 25:,} more"] if count > 25 else []),
        )
    width = len(header)
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in table], columns=header, dtype=str)
    frame = frame.loc[:, [c for c in frame.columns if c]]
    blank = (frame == "").all(axis=1)
    return frame[~blank].reset_index(drop=True) if blank.any() else frame


def _cell_text(cell: Any, formula: Any, column: str, figure: bool) -> tuple[str, str | None]:
    """A cell as the text the CSV form would hold, or a problem with it."""
    value = cell.value
    if formula.data_type == "f" and value is None:
        return "", (
            f"the formula {shorten(str(formula.value), 40)!r} has no saved result (the file "
            "was written by a program that does not calculate); open and save it in Excel, "
            "or type the figure"
        )
    if value is None:
        return "", None
    if isinstance(value, bool):
        return str(value).lower(), None
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return "", f"{value!r} is not a finite number"
        if figure and "%" in str(cell.number_format).replace('"%"', ""):
            number = round(number * 100, 10)  # shown as 70%, held as 0.7
        return repr(int(number)) if number.is_integer() else repr(number), None
    text = str(value).strip()
    if figure and cell.data_type == "s" and text:
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            return text, None
        if not math.isfinite(number):
            return "", f"{shorten(text)!r} is not a finite number; type the figure"
        return text, (
            f"{shorten(text)!r} is a number stored as text (Excel marks it with a green "
            "triangle); select it and choose Convert to Number, or retype it"
        )
    return text if not hasattr(value, "isoformat") else value.isoformat(), None


def split_return(
    frame: pd.DataFrame, plan: Plan | None, origin: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations and commentary in a completed form, both checked.

    A row with a value (or numerator and denominator, from which the value is worked
    out) is an observation; a row with commentary or a rag is a comment. A form is for
    one quarter: a row for another is refused (send it on that quarter's form). With a
    plan, each row's measure, indicator and unit must be as the template wrote them.
    Raises :class:`ObservationError` listing every bad row; rows are numbered as in the
    file. A form with nothing filled in is warned about (:class:`~ssp_targets.SspWarning`).
    """
    missing = [c for c in ("measure", "indicator", "area", "period") if c not in frame.columns]
    if missing:
        raise ObservationError(
            f"{origin}: the return lacks column(s) {', '.join(missing)}; start from the "
            "form ssp-targets template writes."
        )
    text = frame.reset_index(drop=True).astype(str).apply(lambda c: c.str.strip())
    for column in FILLED:
        if column not in text.columns:
            text[column] = ""
    if "unit" not in text.columns:
        text["unit"] = ""
    form_checks = RowChecks(frame.reset_index(drop=True), origin, 2)
    _check_one_quarter(text, form_checks)
    form_checks.flag_rows(
        (text["public"].str.lower() == "yes") & (text["commentary"] == ""),
        "public",
        "is yes but the row has no commentary to release; write the commentary, or clear public",
    )
    if plan is not None:
        _check_against_template(text, plan, form_checks)
    value = text["value"]
    numerator, denominator = text["numerator"], text["denominator"]
    derive = (value == "") & (numerator != "") & (denominator != "")
    if derive.any():
        scale = text["unit"].map(UNIT_SCALE).fillna(1.0)
        n = pd.to_numeric(numerator, errors="coerce")
        d = pd.to_numeric(denominator, errors="coerce")
        worked = (n / d * scale).map(lambda x: "" if pd.isna(x) else repr(float(x)))
        value = value.mask(derive, worked)
    # Any figure given makes a row an observation, so half a ratio is refused, not dropped.
    given = (value != "") | (numerator != "") | (denominator != "")
    figures = (given | (text["flag"].str.lower() == "suppressed")) & (text["indicator"] != "")
    observations = pd.DataFrame(
        {
            "indicator": text["indicator"],
            "area": text["area"],
            "period": text["period"],
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "flag": text["flag"],
            "note": text["note"],
        }
    )
    problems = form_checks.lines(MAX_LISTED)
    total = form_checks.count
    obs_rows = observations[figures]
    try:
        checked = validate_observations(obs_rows, plan=plan, origin=origin, row_offset=2)
    except ObservationError as exc:
        problems += _renumber(exc.problems, obs_rows.index)
        total += exc.count
        checked = None
    said = (text["commentary"] != "") | (text["rag"] != "")
    notes = pd.DataFrame(
        {
            "measure": text["measure"],
            "period": text["period"],
            "rag": text["rag"],
            "text": text["commentary"],
            "author": "data return",
            "public": text["public"],
        }
    )[said]
    try:
        comments = validate_commentary(notes, plan=plan, origin=origin, row_offset=2)
    except ObservationError as exc:
        problems += _renumber(exc.problems, notes.index)
        total += exc.count
        comments = None
    if total or checked is None or comments is None:
        listed = sorted((p for p in problems if not p.startswith("...")), key=_line_number)[
            :MAX_LISTED
        ]
        if total > len(listed):
            listed.append(f"... and {total - len(listed):,} more")
        raise ObservationError(
            f"{origin}: {total:,} problem{'s' if total != 1 else ''}; nothing was loaded. "
            "Correct these rows:",
            listed,
            count=total,
        )
    if checked.empty and comments.empty:
        warnings.warn(
            f"{origin}: the return has no figures or commentary filled in, so nothing will "
            "be stored; fill in value (or numerator and denominator) for each indicator row.",
            SspWarning,
            stacklevel=2,
        )
    return checked.reset_index(drop=True), comments.reset_index(drop=True)


def _check_one_quarter(text: pd.DataFrame, checks: RowChecks) -> None:
    """A form holds one quarter, the one most of its rows give (the template's)."""
    periods = text["period"]
    given = periods[periods != ""]
    if given.empty:
        return
    counts = given.value_counts(sort=False)
    form_quarter = counts.index[int(np.argmax(counts.to_numpy()))]
    checks.flag_rows(
        (periods != "") & (periods != form_quarter),
        "period",
        f"is not the form's quarter ({form_quarter}); a return holds one quarter's figures, "
        "so send another quarter's (or a revision of it) on that quarter's form",
    )


def _check_against_template(text: pd.DataFrame, plan: Plan, checks: RowChecks) -> None:
    """Each row's measure, indicator and unit as the template writes them for ``plan``."""
    measures = {m.id: m for m in plan.measures}
    measure = text["measure"]
    checks.flag_rows(
        (measure != "") & ~measure.isin(list(measures)),
        "measure",
        f"is not a measure of plan {plan.id!r}; keep the measure column as the template wrote it",
    )
    known = measure.map(lambda m: m in measures).astype(bool)
    indicators = measure.map(lambda m: measures[m].indicators if m in measures else ())
    wrong_indicator = (
        known
        & (text["indicator"] != "")
        & ~pd.Series(
            [i in ok for i, ok in zip(text["indicator"], indicators, strict=True)], index=text.index
        )
    )
    for m in sorted(set(measure[wrong_indicator])):
        rows = wrong_indicator & (measure == m)
        checks.flag_rows(
            rows,
            "indicator",
            f"is not an indicator of measure {m} ({', '.join(measures[m].indicators) or 'none'}); "
            "the form's measure, indicator and unit columns must stay as the template wrote them",
        )
    unit = measure.map(lambda m: measures[m].unit if m in measures else "")
    wrong_unit = known & (text["indicator"] != "") & (text["unit"] != unit)
    for m in sorted(set(measure[wrong_unit])):
        checks.flag_rows(
            wrong_unit & (measure == m),
            "unit",
            f"is not measure {m}'s unit ({measures[m].unit}); the form's measure, indicator and "
            "unit columns must stay as the template wrote them",
        )


def _line_number(problem: str) -> int:
    """The line a problem names (``line 7, ...``), for putting problems in file order."""
    head = problem.split(",", 1)[0].split()
    return int(head[1]) if len(head) == 2 and head[1].isdigit() else 0


def _renumber(problems: tuple[str, ...], index: pd.Index) -> list[str]:
    """Problems from a subset of rows, renumbered as lines of the whole file."""
    out = []
    for problem in problems:
        head, _, rest = problem.partition(",")
        word, _, number = head.partition(" ")
        if word in ("line", "row") and number.isdigit():
            position = int(number) - 2
            out.append(f"line {int(index[position]) + 2},{rest}")
        else:
            out.append(problem)
    return out
