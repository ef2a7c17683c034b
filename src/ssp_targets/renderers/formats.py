"""The output formats: the one list that the command line, the core plugin's renderers
and :func:`~ssp_targets.render` read.

Each format names the function that draws it as ``module:function``, imported when first
used, so that reading the list (the command line does, to explain ``--format``) loads no
drawing code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

from ssp_targets.errors import SspError

if TYPE_CHECKING:
    from ssp_targets.report.quarter_report import Report


class OutputFormat(NamedTuple):
    """A built-in output format: its ``--format`` name, the function that draws it, what
    it is, the file suffix it is known by, whether it is bytes rather than text, and
    whether ``summary`` prints it (``dashboard`` writes any of them to a file)."""

    name: str
    function: str
    description: str
    suffix: str
    binary: bool = False
    printed: bool = False

    def render(self, report: Report, encoding: str | None = "utf-8") -> str | bytes:
        """Draw ``report`` in this format (``encoding`` is the terminal's, if printed)."""
        module, _, name = self.function.partition(":")
        drawn: str | bytes = getattr(importlib.import_module(module), name)(report, encoding)
        return drawn


_TABLE = "ssp_targets.renderers.table"
_DATA = "ssp_targets.renderers.data"

#: The built-in output formats by name (``md`` is ``markdown`` by its file suffix).
FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("table", f"{_TABLE}:render_table", "plain-text tables for a terminal",
                     ".txt", printed=True),
        OutputFormat("markdown", f"{_TABLE}:render_markdown", "Markdown (GitHub tables)", ".md",
                     printed=True),
        OutputFormat("md", f"{_TABLE}:render_markdown", "Markdown (GitHub tables)", ".md"),
        OutputFormat("csv", f"{_DATA}:render_csv", "CSV, one row per measure and indicator",
                     ".csv", printed=True),
        OutputFormat("json", f"{_DATA}:render_json",
                     "JSON array of row objects (ssp-targets schema prints its schema)", ".json",
                     printed=True),
        OutputFormat("html", "ssp_targets.renderers.dashboard:render_dashboard",
                     "the dashboard: one self-contained HTML file for the meeting pack", ".html"),
        OutputFormat("xlsx", "ssp_targets.renderers.workbook:render_workbook",
                     "Excel workbook: a status sheet and a data sheet", ".xlsx", binary=True),
    )
}  # fmt: skip

#: Drawn by :func:`render` but not offered on the command line: the small HTML table a
#: report shows itself as in a notebook.
NOTEBOOK_TABLE = OutputFormat(
    "html-fragment",
    "ssp_targets.report.quarter_report:html_fragment",
    "a small HTML table, as a report shows in a notebook",
    ".html",
)


def format_for_suffix(suffix: str) -> str | None:
    """The format a file suffix names (``.htm`` is ``html``, ``.md`` is ``md``), else None."""
    by_suffix = {f.suffix: f.name for f in FORMATS.values()}  # the later name wins: md
    by_suffix[".htm"] = "html"
    return by_suffix.get(suffix.lower())


def render(report: Report, format: str = "table", encoding: str | None = "utf-8") -> str | bytes:
    """Draw ``report`` in ``format`` (one of :data:`FORMATS`); ``xlsx`` gives bytes."""
    if format == NOTEBOOK_TABLE.name:
        return NOTEBOOK_TABLE.render(report, encoding)
    if format not in FORMATS:
        raise SspError(f"unknown format {format!r}; choose one of {', '.join(sorted(FORMATS))}.")
    return FORMATS[format].render(report, encoding)
