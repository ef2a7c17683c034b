"""The words every output of a report shares: the months of a quarter, the audiences,
the sample banner, the note on illustrative targets, and escaping for HTML."""

from __future__ import annotations

import html

import pandas as pd

from ssp_targets.assessment.columns import COLUMNS
from ssp_targets.plan.quarters import parse_quarter, quarter_label

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


def period_text(quarter: str | pd.Period) -> str:
    """A quarter with its months: ``2018/19 Q4 (January–March 2019)``."""
    q = parse_quarter(quarter)
    return f"{quarter_label(q)} ({MONTHS[q.quarter - 1]} {q.start_time.year})"


def escape_html(text: object) -> str:
    """HTML-escape any value for display."""
    return html.escape("" if text is None else str(text))


def withheld(suppress_below: int) -> str:
    """What a public output shows in place of a count it withholds: ``<5``."""
    return f"<{suppress_below}"


def public_version_note(suppress_below: int) -> str:
    """The note every public output carries on what it leaves out."""
    return (
        f"Public version: counts below {suppress_below}, including zero, are shown as "
        f"{withheld(suppress_below)}, and every figure they could be worked out from (rates, "
        "intervals, trends, year to date, comparisons) is left blank; measures marked above "
        "OFFICIAL are left out; commentary appears only where its author released it."
    )
