"""The core's own plugin: the built-in renderers and the data-return source, registered
through the public hooks like any plugin's."""

from __future__ import annotations

from collections.abc import Iterable

from ssp_targets.inputs.returns import returns_source
from ssp_targets.renderers import BINARY, RENDERERS
from ssp_targets.sources.hookspecs import Renderer, Source, hookimpl

_DESCRIPTIONS = {
    "table": ("plain-text tables for a terminal", ".txt"),
    "markdown": ("Markdown (GitHub tables)", ".md"),
    "md": ("Markdown (GitHub tables)", ".md"),
    "csv": ("CSV, one row per measure and indicator", ".csv"),
    "json": ("JSON array of row objects (ssp-targets schema prints its schema)", ".json"),
    "html": ("the dashboard: one self-contained HTML file for the meeting pack", ".html"),
    "xlsx": ("Excel workbook: a status sheet and a data sheet", ".xlsx"),
}


@hookimpl
def ssp_register_renderers() -> Iterable[Renderer]:
    """The core's output formats."""
    return [
        Renderer(name, RENDERERS[name], text, binary=name in BINARY, suffix=suffix)
        for name, (text, suffix) in _DESCRIPTIONS.items()
    ]


@hookimpl
def ssp_register_sources() -> Iterable[Source]:
    """The core's data-return source."""
    return [returns_source()]
