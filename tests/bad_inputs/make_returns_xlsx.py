"""Make the Excel cases of the bad-input corpus (returns/*.xlsx and returns/*-named-*).

Each workbook starts from the real form: ``return_form`` and ``write_return`` for owner
"crc", quarter "2019/20 Q1" (no store, so no last-quarter figures), filled in as an owner
would, then one thing is done to it that Excel users (or programs writing .xlsx) do. The
output is byte-for-byte the same on every run: zip entries and the workbook's created and
modified times are fixed.

Run from the repository root after changing the form or adding a case, and commit the
files it writes::

    .venv/bin/python tests/bad_inputs/make_returns_xlsx.py
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ssp_targets import load_plan
from ssp_targets.inputs.return_forms import SHEET, return_form, write_return

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "returns"
OWNER, QUARTER = "crc", "2019/20 Q1"
FIXED = (2019, 7, 1, 9, 0, 0)  # zip entry times
STAMP = "2019-07-01T09:00:00Z"  # the workbook's created and modified times
MARKER = 12345.678  # a figure replaced in the sheet's XML after saving

# The form's columns: A measure, B title, C indicator, D unit, E area, F period,
# G last_quarter, H value, I numerator, J denominator, K flag, L note, M commentary,
# N rag, O public. Rows 2-5 are measures 1.3, 1.4, 1.5 and 2.1.
FILLED = {"H2": 77.5, "I3": 57, "J3": 85, "H4": 7.4, "I4": 20, "J4": 270, "H5": 86.3}


def blank_form() -> bytes:
    """The form as ssp-targets template writes it."""
    plan = load_plan(ROOT / "definitions" / "ssp-2017-20.toml")
    form = return_form(plan, QUARTER, OWNER)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.xlsx"
        write_return(form, path, "OFFICIAL", plan.owner_name(OWNER))
        return path.read_bytes()


def fixed(data: bytes, replace: tuple[bytes, bytes] | None = None) -> bytes:
    """The workbook with fixed times (and, optionally, one text replaced in the sheet)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            content = old.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", STAMP.encode(), content)
            if replace is not None and info.filename == "xl/worksheets/sheet1.xml":
                assert content.count(replace[0]) == 1, replace
                content = content.replace(*replace)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(entry, content)
    return out.getvalue()


def workbook(blank: bytes, edit: Callable[[Worksheet], None]) -> bytes:
    """The filled-in form with ``edit`` done to its Return sheet."""
    book = load_workbook(io.BytesIO(blank))
    sheet = book[SHEET]
    for cell, value in FILLED.items():
        sheet[cell] = value
    edit(sheet)
    book.properties.creator = "ssp-targets"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cells(**values: object) -> Callable[[Worksheet], None]:
    def edit(sheet: Worksheet) -> None:
        for cell, value in values.items():
            sheet[cell] = value

    return edit


def percent_format(sheet: Worksheet) -> None:
    sheet["H2"] = 1.2
    sheet["H2"].number_format = "0%"


def date_value(sheet: Worksheet) -> None:
    sheet["H2"] = datetime.datetime(2019, 7, 1)
    sheet["H2"].number_format = "dd/mm/yyyy"


def many_text_numbers(sheet: Worksheet) -> None:
    for row in range(2, 32):
        for column in "ABCDEF":
            sheet[f"{column}{row}"] = sheet[f"{column}{2 + (row - 2) % 4}"].value
        sheet[f"H{row}"] = "70"
        sheet[f"I{row}"] = sheet[f"J{row}"] = None


def as_csv(workbook: bytes) -> bytes:
    """The form's Return sheet as CSV text."""
    sheet = load_workbook(io.BytesIO(workbook))[SHEET]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v for v in row])
    return text.getvalue().encode("utf-8")


def cases(blank: bytes) -> dict[str, bytes]:
    """Every Excel case (and the byte-level ones made from a good form), by file name."""
    good = fixed(workbook(blank, cells()))
    edits: dict[str, Callable[[Worksheet], None]] = {
        "formula-no-saved-result.xlsx": cells(H3="=57/85*100", I3=None, J3=None),
        "number-stored-as-text.xlsx": cells(H2="77.5"),
        "infinity-as-text.xlsx": cells(H2="Infinity"),
        "numerator-stored-as-text.xlsx": cells(I3="57"),
        "indicator-edited.xlsx": cells(C3="crc:recalls"),
        "unit-edited.xlsx": cells(D4="rate_per_1000"),
        "measure-edited.xlsx": cells(A5="2.7"),
        "merged-value-cells.xlsx": lambda sheet: sheet.merge_cells("H3:H4"),
        "other-quarter.xlsx": cells(F3="2019/20 Q2"),
        "percent-format-over-100.xlsx": percent_format,
        "flag-word.xlsx": cells(K2="final"),
        "rag-word.xlsx": cells(M3="Below target.", N3="Amber/Red"),
        "public-word.xlsx": cells(M2="Up on last quarter.", N2="green", O2="maybe"),
        "value-word.xlsx": cells(H5="tbc"),
        "date-in-value.xlsx": date_value,
        "empty-sheet.xlsx": lambda sheet: sheet.delete_rows(1, sheet.max_row),
        "missing-period-column.xlsx": lambda sheet: sheet.delete_cols(6),
        "missing-indicator-column.xlsx": lambda sheet: sheet.delete_cols(3),
        "many-text-numbers.xlsx": many_text_numbers,
    }
    made = {name: fixed(workbook(blank, edit)) for name, edit in edits.items()}
    # openpyxl cannot write an infinite number, so a marker figure is swapped for 1E+309
    # (which a reader takes as infinity) in the sheet's XML.
    made["infinite-value.xlsx"] = fixed(
        workbook(blank, cells(H2=MARKER)), (f"<v>{MARKER}</v>".encode(), b"<v>1E+309</v>")
    )
    made["truncated.xlsx"] = good[:4000]
    made["fetch-truncated.xlsx"] = good[:4000]
    made["random-bytes.xlsx"] = random.Random(20190701).randbytes(4096)
    made["csv-named-xlsx.xlsx"] = as_csv(good)
    made["workbook-named-csv.csv"] = good
    return made


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, data in cases(blank_form()).items():
        (OUT / name).write_bytes(data)
        print(f"{OUT.relative_to(ROOT) / name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
