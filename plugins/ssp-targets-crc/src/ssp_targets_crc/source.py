"""The ``crc`` Source: its name, owner, indicators and description, and ``fetch``.

Kept free of heavy imports (pandas is loaded only when the source fetches): ``fetch``
imports :mod:`.compute`, which reads the extract, when it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ssp_targets import FetchRequest, Source

from .indicators import INDICATORS, NAME, OWNER

if TYPE_CHECKING:
    import pandas as pd

DESCRIPTION = (
    "Community Rehabilitation Company quarterly service-level performance extract (CSV): "
    "CO/SSO and licence positive completions, recalls, settled accommodation on release, "
    "by local authority."
)


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the extract named by ``[sources.crc] path`` (or the packaged sample) and
    return the observation frame for the request's quarters."""
    from .compute import fetch_extract

    return fetch_extract(request)


SOURCE = Source(NAME, OWNER, INDICATORS, fetch, DESCRIPTION)
