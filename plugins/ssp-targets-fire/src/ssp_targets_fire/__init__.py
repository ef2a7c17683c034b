"""ssp-targets-fire: Cleveland Fire Brigade incident exports for ssp-targets.

Registers the ``fire`` source, which reads an incident-level export in the style of the
Home Office Incident Recording System (one row per incident) and supplies
``fire:deliberate_primary_fires`` (F1) and ``fire:deliberate_secondary_fires`` (F3) per
financial quarter, by local authority district and by ward. See README.md.
"""

from __future__ import annotations

from ssp_targets import Source, hookimpl

from .source import SOURCE, fetch

__all__ = ["SOURCE", "fetch", "ssp_register_sources"]


@hookimpl
def ssp_register_sources() -> list[Source]:
    """The plugin's one source, ``fire``."""
    return [SOURCE]
