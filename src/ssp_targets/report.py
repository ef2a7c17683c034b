"""The report: one quarter's assessed rows for one area, with the plan and its marking.

A :class:`Report` is what renderers draw; it holds no formatting of its own.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import attrs

from .model import HANDLINGS, Plan
from .periods import parse_quarter, quarter_label

if TYPE_CHECKING:
    import pandas as pd

MONTHS = ("April–June", "July–September", "October–December", "January–March")


@attrs.frozen
class Report:
    """The quarter's status for one area: scored rows, draft rows and the handling marking."""

    plan: Plan
    quarter: str  # canonical label
    area: str  # ONS code
    rows: pd.DataFrame = attrs.field(eq=False)  # scored measures, in plan order
    drafts: pd.DataFrame = attrs.field(eq=False)
    as_of: str | None = None  # the figures as they stood then, if not the current ones

    @property
    def marking(self) -> str:
        """The highest handling marking of anything in the report."""
        levels = set(self.rows["handling"]) | set(self.drafts["handling"]) | {self.plan.handling}
        return max(levels, key=lambda h: HANDLINGS.index(h) if h in HANDLINGS else -1)

    @property
    def period_text(self) -> str:
        """``2018/19 Q2 (July–September 2018)``."""
        q = parse_quarter(self.quarter)
        year = q.start_time.year
        end = year + 1 if q.quarter == 4 else year
        return f"{self.quarter} ({MONTHS[q.quarter - 1]} {end})"

    @property
    def area_name(self) -> str:
        """The area's name when it is the plan's area, else its code."""
        return self.plan.area.name if self.area == self.plan.area.code else self.area

    def status_counts(self) -> dict[str, int]:
        """How many scored rows have each status."""
        counts = self.rows["status"].value_counts()
        return {str(k): int(v) for k, v in counts.items() if v}

    def _repr_html_(self) -> str:
        from .renderers import render

        return render(self, "html-fragment")


def build_report(
    plan: Plan,
    assessed: pd.DataFrame,
    quarter: str | pd.Period,
    area: str | None = None,
    as_of: str | None = None,
) -> Report:
    """Select one quarter and area from :func:`~ssp_targets.assess` output as a report.

    ``as_of`` records, for the reader, that the figures are those stored at that time."""
    label = quarter_label(parse_quarter(quarter))
    code = area or plan.area.code
    rows = assessed[(assessed["period"] == label) & (assessed["area"] == code)]
    draft = rows["status"] == "draft"
    return Report(
        plan=plan,
        quarter=label,
        area=code,
        rows=rows[~draft].reset_index(drop=True),
        drafts=rows[draft].reset_index(drop=True),
        as_of=as_of,
    )


def escape_html(text: object) -> str:
    """HTML-escape any value for display."""
    return html.escape("" if text is None else str(text))
