"""ssp-targets source plugin for SBC Public Health: the OHID Fingertips data CSV.

Supplies ``public-health:opiate_successful_completions``,
``public-health:non_opiate_successful_completions`` and
``public-health:alcohol_successful_completions`` (percent) from a Fingertips export.
"""

from __future__ import annotations

from ssp_targets import Source, hookimpl

from .source import SOURCE, fetch

__all__ = ["SOURCE", "fetch", "ssp_register_sources"]


@hookimpl
def ssp_register_sources() -> list[Source]:
    """Register the ``public-health`` source."""
    return [SOURCE]
