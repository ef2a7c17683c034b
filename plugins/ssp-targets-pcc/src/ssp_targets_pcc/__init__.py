"""ssp-targets source ``pcc``: the Office of the Police and Crime Commissioner for Cleveland.

Reads two OPCC exports (the restorative justice referral log and the public confidence
survey responses) and supplies ``pcc:rj_referrals``, ``pcc:feeling_safe`` and
``pcc:drug_dealing_problem`` per local authority and financial quarter. Modules:
:mod:`.common` (what both exports share), :mod:`.rj` and :mod:`.survey` (one per export),
:mod:`.source` (the Source and its options).
"""

from __future__ import annotations

from ssp_targets import Source, hookimpl

from .source import SOURCE, fetch

__all__ = ["SOURCE", "fetch", "ssp_register_sources"]


@hookimpl
def ssp_register_sources() -> list[Source]:
    """Register the ``pcc`` source."""
    return [SOURCE]
