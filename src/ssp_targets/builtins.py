"""The core's own plugin: the built-in renderers and the data-return source, registered
through the public hooks like any plugin's."""

from __future__ import annotations

from collections.abc import Iterable

from .hookspecs import Renderer, Source, hookimpl
from .renderers import RENDERERS
from .returns import returns_source

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


@hookimpl
def ssp_register_sources() -> Iterable[Source]:
    """The core's data-return source."""
    return [returns_source()]
