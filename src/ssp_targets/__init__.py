"""ssp-targets: a Community Safety Partnership's performance plan, run as data.

The pipeline, one module per stage, each a plain function over plain data:

1. definitions: :func:`load_plan` reads a plan (TOML) into a frozen :class:`Plan`;
   :mod:`~ssp_targets.periods` knows UK financial-year quarters ("2018/19 Q2").
2. observations: :func:`read_observations` reads the canonical CSV into the observation
   frame and refuses bad rows; :func:`read_commentary` reads the owners' commentary.
3. store: :class:`Store` keeps every figure ever loaded, so any earlier view can be had
   again (``as_of``).
4. assess: :func:`assess` scores every measure (status, trends, year to date).
5. report: :func:`build_report` picks one quarter and area, with its handling marking.
6. render: :func:`render` draws a report as a terminal table, Markdown, CSV or JSON.

Importing the package is cheap and has no side effects: names are loaded on first use,
so ``ssp-targets --help`` never imports pandas. The names are re-exported explicitly (for
type checkers, ``import x as x``), so a script using them passes ``mypy --strict``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assessment import STATUSES as STATUSES
    from .assessment import TRENDS as TRENDS
    from .assessment import assess as assess
    from .commentary import read_commentary as read_commentary
    from .definitions import (
        load_plan as load_plan,
    )
    from .definitions import (
        load_populations as load_populations,
    )
    from .definitions import (
        plan_from_dict as plan_from_dict,
    )
    from .errors import (
        ObservationError as ObservationError,
    )
    from .errors import (
        PeriodError as PeriodError,
    )
    from .errors import (
        PlanError as PlanError,
    )
    from .errors import (
        SspError as SspError,
    )
    from .errors import (
        SspWarning as SspWarning,
    )
    from .hookspecs import (
        PLUGIN_API_VERSION as PLUGIN_API_VERSION,
    )
    from .hookspecs import (
        FetchRequest as FetchRequest,
    )
    from .hookspecs import (
        Indicator as Indicator,
    )
    from .hookspecs import (
        Renderer as Renderer,
    )
    from .hookspecs import (
        Source as Source,
    )
    from .hookspecs import (
        SourceError as SourceError,
    )
    from .hookspecs import (
        hookimpl as hookimpl,
    )
    from .hookspecs import (
        mark_sample as mark_sample,
    )
    from .model import (
        Area as Area,
    )
    from .model import (
        Band as Band,
    )
    from .model import (
        BenchmarkTarget as BenchmarkTarget,
    )
    from .model import (
        ChangeTarget as ChangeTarget,
    )
    from .model import (
        FixedTarget as FixedTarget,
    )
    from .model import (
        Group as Group,
    )
    from .model import (
        Measure as Measure,
    )
    from .model import (
        Owner as Owner,
    )
    from .model import (
        Plan as Plan,
    )
    from .model import (
        Priority as Priority,
    )
    from .model import (
        YearTargets as YearTargets,
    )
    from .observations import (
        read_observations as read_observations,
    )
    from .observations import (
        validate_observations as validate_observations,
    )
    from .periods import parse_quarter as parse_quarter
    from .periods import quarter_label as quarter_label
    from .plugins import PluginHost as PluginHost
    from .renderers import render as render
    from .report import Report as Report
    from .report import build_report as build_report
    from .store import LoadResult as LoadResult
    from .store import Store as Store
    from .store import StoreError as StoreError

_LAZY = {
    "assess": "assessment",
    "STATUSES": "assessment",
    "TRENDS": "assessment",
    "read_commentary": "commentary",
    "load_plan": "definitions",
    "plan_from_dict": "definitions",
    "load_populations": "definitions",
    "SspError": "errors",
    "PlanError": "errors",
    "ObservationError": "errors",
    "PeriodError": "errors",
    "SspWarning": "errors",
    "Area": "model",
    "Band": "model",
    "BenchmarkTarget": "model",
    "ChangeTarget": "model",
    "FixedTarget": "model",
    "Group": "model",
    "Measure": "model",
    "Owner": "model",
    "Plan": "model",
    "Priority": "model",
    "YearTargets": "model",
    "read_observations": "observations",
    "validate_observations": "observations",
    "parse_quarter": "periods",
    "quarter_label": "periods",
    "render": "renderers",
    "Report": "report",
    "build_report": "report",
    "Store": "store",
    "StoreError": "store",
    "LoadResult": "store",
    "hookimpl": "hookspecs",
    "Source": "hookspecs",
    "SourceError": "hookspecs",
    "FetchRequest": "hookspecs",
    "Indicator": "hookspecs",
    "Renderer": "hookspecs",
    "PLUGIN_API_VERSION": "hookspecs",
    "mark_sample": "hookspecs",
    "PluginHost": "plugins",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ssp_targets' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
