"""ssp-targets source plugin for SBC Public Health: the OHID Fingertips data CSV.

Supplies ``public-health:opiate_successful_completions``,
``public-health:non_opiate_successful_completions`` and
``public-health:alcohol_successful_completions`` (percent) from a Fingertips export.
"""

from __future__ import annotations

from ssp_targets.hookspecs import Source, hookimpl

from .source import (
    DEFAULT_COMPARATORS,
    DEFAULT_INDICATOR_IDS,
    INDICATORS,
    NAME,
    fetch,
    make_source,
)

__all__ = [
    "DEFAULT_COMPARATORS",
    "DEFAULT_INDICATOR_IDS",
    "INDICATORS",
    "NAME",
    "fetch",
    "make_source",
    "ssp_register_sources",
]


@hookimpl
def ssp_register_sources() -> list[Source]:
    """Register the ``public-health`` source."""
    return [make_source()]
