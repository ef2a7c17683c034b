"""Renderers: a report drawn as terminal tables, Markdown, CSV, JSON or an HTML fragment."""

from __future__ import annotations

from collections.abc import Callable

from ssp_targets.errors import SspError
from ssp_targets.renderers.data import render_csv, render_json
from ssp_targets.renderers.table import render_html_fragment, render_markdown, render_table
from ssp_targets.report.quarter_report import Report

RenderFunction = Callable[[Report, str | None], str | bytes]


def render_html(report: Report, encoding: str | None = None) -> str:
    """The self-contained HTML dashboard (charts inline; see ``renderers/dashboard.py``)."""
    from ssp_targets.renderers.dashboard import (
        render_dashboard,  # matplotlib and jinja2 load only when needed
    )

    return render_dashboard(report, encoding)


def render_xlsx(report: Report, encoding: str | None = None) -> bytes:
    """The Excel workbook: a status sheet and a data sheet (``renderers/workbook.py``)."""
    from ssp_targets.renderers.workbook import render_workbook

    return render_workbook(report, encoding)


#: The built-in renderers by format name (``md`` is ``markdown`` by its file suffix).
RENDERERS: dict[str, RenderFunction] = {
    "table": render_table,
    "markdown": render_markdown,
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
    "xlsx": render_xlsx,
    "html-fragment": render_html_fragment,
}

#: Formats whose output is bytes, not text.
BINARY = frozenset({"xlsx"})


def render(report: Report, format: str = "table", encoding: str | None = "utf-8") -> str | bytes:
    """Draw ``report`` in ``format`` (one of :data:`RENDERERS`); ``xlsx`` gives bytes."""
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise SspError(
            f"unknown format {format!r}; choose one of {', '.join(sorted(RENDERERS))}."
        ) from None
    return renderer(report, encoding)
