"""The core's own plugin: the built-in renderers and the data-return source, registered
through the public hooks like any plugin's."""

from __future__ import annotations

from collections.abc import Iterable

from ssp_targets.inputs.returns import returns_source
from ssp_targets.renderers.formats import FORMATS
from ssp_targets.sources.hookspecs import Renderer, Source, hookimpl


@hookimpl
def ssp_register_renderers() -> Iterable[Renderer]:
    """The core's output formats."""
    return [
        Renderer(f.name, f.render, f.description, binary=f.binary, suffix=f.suffix)
        for f in FORMATS.values()
    ]


@hookimpl
def ssp_register_sources() -> Iterable[Source]:
    """The core's data-return source."""
    return [returns_source()]
