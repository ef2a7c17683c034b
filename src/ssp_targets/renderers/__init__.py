"""Renderers: a report drawn as terminal tables, Markdown, CSV, JSON or an HTML fragment."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import SspError
from ..report import Report
from .data import render_csv, render_json
from .table import render_html_fragment, render_markdown, render_table

RenderFunction = Callable[[Report, str | None], str]

#: The built-in renderers by format name.
RENDERERS: dict[str, RenderFunction] = {
    "table": render_table,
    "markdown": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "html-fragment": render_html_fragment,
}


def render(report: Report, format: str = "table", encoding: str | None = "utf-8") -> str:
    """Draw ``report`` in ``format`` (one of :data:`RENDERERS`)."""
    try:
        renderer = RENDERERS[format]
    except KeyError:
        raise SspError(
            f"unknown format {format!r}; choose one of {', '.join(sorted(RENDERERS))}."
        ) from None
    return renderer(report, encoding)
