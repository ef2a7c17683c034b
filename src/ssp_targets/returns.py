"""Data returns: the form an owner with no system to plug in fills in each quarter.

``ssp-targets template`` writes the form (CSV or Excel) for one owner's measures, with
last quarter's figure for reference; ``ssp-targets load`` takes it back completed and
checks it like any other input. The built-in ``returns`` source reads a folder of
completed forms during ``fetch``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .checks import read_csv_text
from .commentary import validate_commentary
from .errors import ObservationError, SspError
from .hookspecs import FetchRequest, Source
from .model import UNIT_SCALE
from .observations import validate_observations
from .periods import parse_quarter, quarter_label

if TYPE_CHECKING:
    from .model import Plan

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
    "commentary",
    "rag",
)
_FILLED = ("value", "numerator", "denominator", "commentary", "rag")


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
    """Write the form as ``.csv`` or ``.xlsx`` (by the file's suffix). The Excel form
    carries the handling marking in its page header and footer and an instructions
    sheet; nothing is written if the suffix is neither."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        form.to_csv(path, index=False, lineterminator="\n")
        return
    if suffix != ".xlsx":
        raise SspError(f"{path}: the return form can be written as .csv or .xlsx, not {suffix!r}.")
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        form.to_excel(writer, sheet_name="Return", index=False)
        notes = pd.DataFrame(
            {
                "About this return": [
                    marking,
                    f"Data return for {owner_name}, {form['period'].iloc[0]}.",
                    "Fill in value (or numerator and denominator) for each indicator row, "
                    "and commentary and a self-assessed rag (green, amber or red) where "
                    "asked. Do not change the other columns.",
                    "Send it back to the Community Safety Analyst; it is loaded with "
                    "ssp-targets load.",
                    marking,
                ]
            }
        )
        notes.to_excel(writer, sheet_name="About", index=False)
        for sheet in writer.book.worksheets:
            sheet.oddHeader.center.text = marking
            sheet.oddFooter.center.text = marking
        writer.book["Return"].column_dimensions["B"].width = 60


def is_return(frame: pd.DataFrame) -> bool:
    """Whether a table read from a file is a data-return form (not the canonical CSV)."""
    return {"measure", "indicator", "value"} <= set(frame.columns)


def read_return_file(path: str | Path) -> pd.DataFrame:
    """A completed form as text columns, from ``.csv`` or ``.xlsx``."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, sheet_name=0, dtype=str, keep_default_na=False)
        except FileNotFoundError:
            raise ObservationError(f"{path}: no such return file. Check the path.") from None
        except (ValueError, OSError, KeyError) as exc:
            raise ObservationError(f"{path}: cannot read the Excel return ({exc}).") from None
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        return frame
    return read_csv_text(path, "return")


def split_return(
    frame: pd.DataFrame, plan: Plan | None, origin: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations and commentary in a completed form, both checked.

    A row with a value (or numerator and denominator, from which the value is worked
    out) is an observation; a row with commentary or a rag is a comment. Raises
    :class:`ObservationError` listing every bad row; rows are numbered as in the file.
    """
    missing = [c for c in ("measure", "indicator", "area", "period") if c not in frame.columns]
    if missing:
        raise ObservationError(
            f"{origin}: the return lacks column(s) {', '.join(missing)}; start from the "
            "form ssp-targets template writes."
        )
    text = frame.reset_index(drop=True).astype(str).apply(lambda c: c.str.strip())
    for column in _FILLED:
        if column not in text.columns:
            text[column] = ""
    value = text["value"]
    numerator, denominator = text["numerator"], text["denominator"]
    units = text["unit"] if "unit" in text.columns else pd.Series("", index=text.index)
    derive = (value == "") & (numerator != "") & (denominator != "")
    if derive.any():
        scale = units.map(UNIT_SCALE).fillna(1.0)
        n = pd.to_numeric(numerator, errors="coerce")
        d = pd.to_numeric(denominator, errors="coerce")
        worked = (n / d * scale).map(lambda x: "" if pd.isna(x) else repr(float(x)))
        value = value.mask(derive, worked)
    figures = (value != "") & (text["indicator"] != "")
    observations = pd.DataFrame(
        {
            "indicator": text["indicator"],
            "area": text["area"],
            "period": text["period"],
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
        }
    )
    problems = []
    obs_rows = observations[figures]
    try:
        checked = validate_observations(obs_rows, plan=plan, origin=origin, row_offset=2)
    except ObservationError as exc:
        problems += _renumber(exc.problems, obs_rows.index)
        checked = None
    said = (text["commentary"] != "") | (text["rag"] != "")
    notes = pd.DataFrame(
        {
            "measure": text["measure"],
            "period": text["period"],
            "rag": text["rag"],
            "text": text["commentary"],
            "author": "data return",
        }
    )[said]
    try:
        comments = validate_commentary(notes, plan=plan, origin=origin, row_offset=2)
    except ObservationError as exc:
        problems += _renumber(exc.problems, notes.index)
        comments = None
    if problems or checked is None or comments is None:
        raise ObservationError(
            f"{origin}: {len(problems)} problem(s); nothing was loaded. Correct these rows:",
            problems,
        )
    return checked.reset_index(drop=True), comments.reset_index(drop=True)


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


def returns_source() -> Source:
    """The built-in ``returns`` source: every completed form in the folder (or the file)
    named by ``[sources.returns] path``; nothing when no path is set."""

    def fetch(request: FetchRequest) -> pd.DataFrame:
        path = request.options.get("path")
        columns = ["indicator", "area", "period", "value", "numerator", "denominator"]
        if not path:
            return pd.DataFrame(columns=columns)
        where = Path(request.base) / str(path)
        files = (
            sorted(where.glob("*.csv")) + sorted(where.glob("*.xlsx"))
            if where.is_dir()
            else [where]
        )
        frames = []
        for file in files:
            observations, _ = split_return(read_return_file(file), None, str(file))
            frames.append(observations[observations["period"].isin(request.quarters)])
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True).loc[:, columns]

    return Source(
        name="returns",
        owner="cs-analyst",
        indicators={},
        fetch=fetch,
        description="completed data-return forms (ssp-targets template)",
        open_indicators=True,
    )
