"""The data-return form: what ``ssp-targets template`` writes for one owner's measures in
one quarter (CSV, or Excel with the cells to fill marked), with last quarter's figure
for reference. Reading it back completed is :mod:`ssp_targets.inputs.returns`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ssp_targets.errors import SspError
from ssp_targets.inputs.observations import FLAGS
from ssp_targets.output_files import write_atomically
from ssp_targets.plan.quarters import parse_quarter, quarter_label

if TYPE_CHECKING:
    from ssp_targets.plan.definition import Plan

#: The form's columns, in order.
RETURN_COLUMNS = (
    "measure",
    "title",
    "indicator",
    "unit",
    "area",
    "period",
    "last_quarter",
    "value",
    "numerator",
    "denominator",
    "flag",
    "note",
    "commentary",
    "rag",
    "public",
)
#: The sheet the Excel form's rows are on.
SHEET = "Return"


def return_form(
    plan: Plan, quarter: str | pd.Period, owner: str, observations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The blank form for ``owner``'s active measures in ``quarter``: one row per
    indicator (one row for a qualitative measure), with last quarter's figure."""
    if owner not in {o.id for o in plan.owners}:
        raise SspError(
            f"plan {plan.id!r} has no owner {owner!r}; owners are "
            f"{', '.join(o.id for o in plan.owners)}."
        )
    q = parse_quarter(quarter)
    label, previous = quarter_label(q), quarter_label(q - 1)
    last: dict[str, float] = {}
    if observations is not None and len(observations):
        mine = observations[
            (observations["period"].astype(object) == previous)
            & (observations["area"].astype(object) == plan.area.code)
        ]
        last = dict(zip(mine["indicator"].astype(object), mine["value"], strict=True))
    rows = []
    for m in plan.measures:
        if owner not in m.owners or not m.scored:
            continue
        if m.retired and q >= parse_quarter(m.retired):
            continue
        for indicator in m.indicators or ("",):
            rows.append(
                {
                    "measure": m.id,
                    "title": m.title,
                    "indicator": indicator,
                    "unit": m.unit if indicator else "",
                    "area": plan.area.code,
                    "period": label,
                    "last_quarter": last.get(indicator, np.nan),
                }
            )
    form = pd.DataFrame(rows, columns=list(RETURN_COLUMNS))
    if form.empty:
        raise SspError(f"owner {owner!r} has no active measures in plan {plan.id!r}.")
    return form


def write_return(form: pd.DataFrame, path: str | Path, marking: str, owner_name: str) -> None:
    """Write the form as ``.csv`` or ``.xlsx`` (by the file's suffix), whole or not at all.
    The Excel form carries the handling marking in its page header and footer and an
    instructions sheet, and offers the allowed words in the flag, rag and public columns."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_atomically(path, form.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        return
    if suffix != ".xlsx":
        raise SspError(f"{path}: the return form can be written as .csv or .xlsx, not {suffix!r}.")
    write_atomically(path, _form_workbook(form, marking, owner_name))


def _form_workbook(form: pd.DataFrame, marking: str, owner_name: str) -> bytes:
    from openpyxl.worksheet.datavalidation import DataValidation

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        form.to_excel(writer, sheet_name=SHEET, index=False)
        notes = pd.DataFrame(
            {
                "About this return": [
                    marking,
                    f"Data return for {owner_name}, {form['period'].iloc[0]}.",
                    "Fill in value (or numerator and denominator) for each indicator row as a "
                    "number, and commentary and a self-assessed rag (green, amber or red) "
                    "where asked. flag may be provisional, revised, estimated or suppressed, "
                    "with a note saying why (for example, a quarter with one month missing). "
                    "Set public to yes only for commentary that may be published. Do not "
                    "change the other columns, and keep to this quarter.",
                    "Send it back to the Community Safety Analyst; it is loaded with "
                    "ssp-targets load.",
                    marking,
                ]
            }
        )
        notes.to_excel(writer, sheet_name="About", index=False)
        sheet = writer.book[SHEET]
        last = len(form) + 1
        for column, words in (("flag", FLAGS), ("rag", ("green", "amber", "red")),
                              ("public", ("yes", "no"))):  # fmt: skip
            letter = chr(ord("A") + RETURN_COLUMNS.index(column))
            rule = DataValidation(type="list", formula1=f'"{",".join(words)}"', allow_blank=True)
            rule.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(rule)
        for each in writer.book.worksheets:
            each.oddHeader.center.text = marking
            each.oddFooter.center.text = marking
        sheet.column_dimensions["B"].width = 60
    return buffer.getvalue()
