"""ssp-targets source ``crc``: the Community Rehabilitation Company's quarterly
service-level performance extract.

Supplies four percentages for the Safer Stockton Partnership plan (measures 1.3, 1.4,
1.5 and 2.1): positive completions of Community Orders and Suspended Sentence Orders,
positive completions of licences, offenders recalled and offenders released from prison
with settled accommodation. Importing this module is cheap: pandas is loaded only when
the source fetches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ssp_targets.hookspecs import FetchRequest, Indicator, Source, hookimpl

from .indicators import INDICATORS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["fetch", "ssp_register_sources"]


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the extract named by ``[sources.crc] path`` (or the packaged sample) and
    return the observation frame for the request's quarters."""
    from .source import fetch as fetch_extract

    return fetch_extract(request)


@hookimpl
def ssp_register_sources() -> list[Source]:
    """The ``crc`` source."""
    return [
        Source(
            name="crc",
            owner="crc",
            indicators={key: Indicator(label, unit="percent") for key, label in INDICATORS.items()},
            fetch=fetch,
            description=(
                "Community Rehabilitation Company quarterly service-level performance "
                "extract (CSV): CO/SSO and licence positive completions, recalls, settled "
                "accommodation on release, by local authority."
            ),
        )
    ]
