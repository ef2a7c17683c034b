"""Deprecated: moved to :mod:`ssp_targets.sources.hookspecs`. Plugins import from ``ssp_targets``,
``ssp_targets.kit`` and ``ssp_targets.testing`` only; this path works, with a
``DeprecationWarning``, for one release."""

import warnings

from ssp_targets.sources.hookspecs import *  # noqa: F403 (the old module's names, as they were)

warnings.warn(
    "ssp_targets.hookspecs is deprecated and goes in the next release: import from "
    "ssp_targets or ssp_targets.kit instead",
    DeprecationWarning,
    stacklevel=2,
)
