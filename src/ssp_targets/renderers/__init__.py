"""Stage 7, renderers: a report laid out as terminal tables, Markdown, CSV, JSON, the HTML dashboard
or an Excel workbook. :data:`~ssp_targets.renderers.formats.FORMATS` lists them."""

from __future__ import annotations

from ssp_targets.renderers.formats import FORMATS, render

__all__ = ["FORMATS", "render"]
