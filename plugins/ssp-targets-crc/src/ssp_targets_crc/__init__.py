"""ssp-targets source ``crc``: the Community Rehabilitation Company's quarterly
service-level performance extract.

Supplies four percentages for the Safer Stockton Partnership plan (measures 1.3, 1.4,
1.5 and 2.1): positive completions of Community Orders and Suspended Sentence Orders,
positive completions of licences, offenders recalled and offenders released from prison
with settled accommodation. Importing this module is cheap: pandas is loaded only when
the source fetches (:mod:`.source` declares the source; :mod:`.compute` does the work).
"""

from __future__ import annotations

from ssp_targets import Source, hookimpl

from .source import SOURCE, fetch

__all__ = ["SOURCE", "fetch", "ssp_register_sources"]


@hookimpl
def ssp_register_sources() -> list[Source]:
    """The ``crc`` source."""
    return [SOURCE]
