"""ssp-targets: a Community Safety Partnership's performance plan, run as data.

The pipeline, one module per stage, each a plain function over plain data:

1. plan: :func:`load_plan` reads a plan (TOML) into a frozen :class:`Plan`;
   :func:`parse_quarter` knows UK financial-year quarters ("2018/19 Q2").
2. inputs: :func:`read_observations` reads the canonical CSV into the observation
   frame and refuses bad rows; :func:`read_commentary` reads the owners' commentary.
3. sources: plugins supply figures (:class:`Source`, :class:`PluginHost`; a plugin
   builds on :mod:`ssp_targets.kit`).
4. store: :class:`Store` keeps every figure ever loaded, so any earlier view can be had
   again (``as_of``).
5. assess: :func:`assess` scores every measure (status, trends, year to date).
6. report: :func:`report_from_store` (or :func:`build_report` from an assessment) gives
   one quarter and area, with its handling marking; :data:`STATUS_LOOKS` and its kin say
   how each status, comparison and special-cause point looks.
7. render: :func:`render` lays a report out as a terminal table, Markdown, CSV, JSON, the
   HTML dashboard or an Excel workbook.

Importing the package is cheap and has no side effects: names are loaded on first use,
so ``ssp-targets --help`` never imports pandas. The names are re-exported explicitly (for
type checkers, ``import x as x``), so a script using them passes ``mypy --strict``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ssp_targets.assessment.assessed_frame import assess as assess
    from ssp_targets.assessment.columns import STATUSES as STATUSES
    from ssp_targets.assessment.columns import TRENDS as TRENDS
    from ssp_targets.errors import (
        ObservationError as ObservationError,
    )
    from ssp_targets.errors import (
        PeriodError as PeriodError,
    )
    from ssp_targets.errors import (
        PlanError as PlanError,
    )
    from ssp_targets.errors import (
        SspError as SspError,
    )
    from ssp_targets.errors import (
        SspWarning as SspWarning,
    )
    from ssp_targets.errors import StoreError as StoreError
    from ssp_targets.inputs.commentary import read_commentary as read_commentary
    from ssp_targets.inputs.observations import (
        read_observations as read_observations,
    )
    from ssp_targets.inputs.observations import (
        validate_observations as validate_observations,
    )
    from ssp_targets.inputs.populations import load_populations as load_populations
    from ssp_targets.plan.definition import (
        Area as Area,
    )
    from ssp_targets.plan.definition import (
        Band as Band,
    )
    from ssp_targets.plan.definition import (
        BenchmarkTarget as BenchmarkTarget,
    )
    from ssp_targets.plan.definition import (
        ChangeTarget as ChangeTarget,
    )
    from ssp_targets.plan.definition import (
        FixedTarget as FixedTarget,
    )
    from ssp_targets.plan.definition import (
        Group as Group,
    )
    from ssp_targets.plan.definition import (
        Measure as Measure,
    )
    from ssp_targets.plan.definition import (
        Owner as Owner,
    )
    from ssp_targets.plan.definition import (
        Plan as Plan,
    )
    from ssp_targets.plan.definition import (
        Priority as Priority,
    )
    from ssp_targets.plan.definition import (
        YearTargets as YearTargets,
    )
    from ssp_targets.plan.quarters import parse_quarter as parse_quarter
    from ssp_targets.plan.quarters import quarter_label as quarter_label
    from ssp_targets.plan.toml_reader import (
        load_plan as load_plan,
    )
    from ssp_targets.plan.toml_reader import (
        plan_from_dict as plan_from_dict,
    )
    from ssp_targets.renderers import render as render
    from ssp_targets.report.building import build_report as build_report
    from ssp_targets.report.from_store import report_from_store as report_from_store
    from ssp_targets.report.looks import COMPARISON_LOOKS as COMPARISON_LOOKS
    from ssp_targets.report.looks import SPC_LOOKS as SPC_LOOKS
    from ssp_targets.report.looks import STATUS_LOOKS as STATUS_LOOKS
    from ssp_targets.report.quarter_report import Report as Report
    from ssp_targets.sources.hookspecs import (
        PLUGIN_API_VERSION as PLUGIN_API_VERSION,
    )
    from ssp_targets.sources.hookspecs import (
        FetchRequest as FetchRequest,
    )
    from ssp_targets.sources.hookspecs import (
        Indicator as Indicator,
    )
    from ssp_targets.sources.hookspecs import (
        Renderer as Renderer,
    )
    from ssp_targets.sources.hookspecs import (
        Source as Source,
    )
    from ssp_targets.sources.hookspecs import (
        SourceError as SourceError,
    )
    from ssp_targets.sources.hookspecs import (
        hookimpl as hookimpl,
    )
    from ssp_targets.sources.hookspecs import (
        mark_sample as mark_sample,
    )
    from ssp_targets.sources.host import PluginHost as PluginHost
    from ssp_targets.store.loading import LoadResult as LoadResult
    from ssp_targets.store.sqlite import Store as Store

_LAZY = {
    "assess": "assessment.assessed_frame",
    "STATUSES": "assessment.columns",
    "TRENDS": "assessment.columns",
    "read_commentary": "inputs.commentary",
    "load_plan": "plan.toml_reader",
    "plan_from_dict": "plan.toml_reader",
    "load_populations": "inputs.populations",
    "SspError": "errors",
    "PlanError": "errors",
    "ObservationError": "errors",
    "PeriodError": "errors",
    "SspWarning": "errors",
    "Area": "plan.definition",
    "Band": "plan.definition",
    "BenchmarkTarget": "plan.definition",
    "ChangeTarget": "plan.definition",
    "FixedTarget": "plan.definition",
    "Group": "plan.definition",
    "Measure": "plan.definition",
    "Owner": "plan.definition",
    "Plan": "plan.definition",
    "Priority": "plan.definition",
    "YearTargets": "plan.definition",
    "read_observations": "inputs.observations",
    "validate_observations": "inputs.observations",
    "parse_quarter": "plan.quarters",
    "quarter_label": "plan.quarters",
    "render": "renderers",
    "Report": "report.quarter_report",
    "build_report": "report.building",
    "report_from_store": "report.from_store",
    "STATUS_LOOKS": "report.looks",
    "COMPARISON_LOOKS": "report.looks",
    "SPC_LOOKS": "report.looks",
    "Store": "store.sqlite",
    "StoreError": "errors",
    "LoadResult": "store.loading",
    "hookimpl": "sources.hookspecs",
    "Source": "sources.hookspecs",
    "SourceError": "sources.hookspecs",
    "FetchRequest": "sources.hookspecs",
    "Indicator": "sources.hookspecs",
    "Renderer": "sources.hookspecs",
    "PLUGIN_API_VERSION": "sources.hookspecs",
    "mark_sample": "sources.hookspecs",
    "PluginHost": "sources.host",
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
