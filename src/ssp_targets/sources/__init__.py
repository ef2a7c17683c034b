"""Stage 3, sources: the plugin contract (hookspecs), the plugin host (host), fetching into
the store (fetch), the core's own plugin (core_plugin) and a new plugin's scaffold
(new_plugin).

``ssp_targets.sources.check_fetched`` (the old ``ssp_targets.sources`` module) still works,
with a ``DeprecationWarning``, for one release: plugins check their frames with
``ssp_targets.testing.check_source``.
"""

from __future__ import annotations

import warnings
from typing import Any

_MOVED = {"check_fetched", "default_quarters", "fetch_into_store", "SourceRun"}
#: Old names of what now has another: a fetch's outcome is one type from host to store.
_RENAMED = {"SourceRun": "FetchOutcome"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        warnings.warn(
            f"ssp_targets.sources.{name} is deprecated and goes in the next release: use "
            "ssp_targets.testing.check_source (plugins) or ssp_targets.sources.fetch",
            DeprecationWarning,
            stacklevel=2,
        )
        from ssp_targets.sources import fetch, host

        value = getattr(host, _RENAMED[name]) if name in _RENAMED else getattr(fetch, name)
        globals()[name] = value  # warned once: later look-ups skip this function
        return value
    raise AttributeError(f"module 'ssp_targets.sources' has no attribute {name!r}")
