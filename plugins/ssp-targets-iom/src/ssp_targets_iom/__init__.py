"""ssp-targets source plugin for the Integrated Offender Management (IOM) cohort tracker.

Registers one :class:`~ssp_targets.Source`, ``iom``, owned by ``iom-team``: it reads the
tracker's two CSV files (the cohort, and its proven offences and arrests) and supplies
measures 1.1 (``iom:offending_reduction``, ``iom:offending_reduction_da``) and 1.2
(``iom:cohort_offences``), plus ``iom:cohort_size`` and ``iom:cohort_arrests``.
"""

from __future__ import annotations

from ssp_targets import Source, hookimpl

from .source import SOURCE, fetch

__all__ = ["SOURCE", "fetch", "ssp_register_sources"]


@hookimpl
def ssp_register_sources() -> list[Source]:
    """The IOM source."""
    return [SOURCE]
