"""The core's own plugin: the built-in renderers, registered through the public hooks."""

from __future__ import annotations

from collections.abc import Iterable

from .hookspecs import Renderer, hookimpl
from .renderers import RENDERERS

_DESCRIPTIONS = {
    "table": "plain-text tables for a terminal",
    "markdown": "Markdown (GitHub tables)",
    "csv": "CSV, one row per measure and indicator",
    "json": "JSON array of row objects",
}


@hookimpl
def ssp_register_renderers() -> Iterable[Renderer]:
    """The core's output formats."""
    return [Renderer(name, RENDERERS[name], text) for name, text in _DESCRIPTIONS.items()]
