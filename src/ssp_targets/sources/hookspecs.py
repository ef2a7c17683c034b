"""The whole plugin contract, in one place.

A plugin is a pip package that declares an entry point in the ``ssp_targets`` group::

    [project.entry-points.ssp_targets]
    fire = "ssp_targets_fire"

and implements one or both hooks below with :data:`hookimpl`. Each hook takes no
arguments and returns objects (:class:`Source`, :class:`Renderer`), as datasette's
``register_*`` hooks do; the core registers its own built-ins through the same hooks.
Hooks are called plugin by plugin, so each object is credited to its plugin and one
plugin's failure never stops another; nothing depends on the order plugins load in.

When the contract changes, :data:`PLUGIN_API_VERSION` goes up (a snapshot test in the
core fails until it does), so a plugin can check what it runs against.

The fetch lifecycle: what ``ssp-targets fetch`` does with each source, one at a time, in
name order (:func:`ssp_targets.sources.fetch.fetch_into_store`):

1. Request. The source gets a :class:`FetchRequest`: the quarters, the plan's area, its
   ``[sources.NAME]`` options (less the host's own ``sample``) and the environment.
2. Thread and timeout. ``fetch(request)`` runs in a thread of its own under ``--timeout``
   seconds (300 by default; :meth:`~ssp_targets.PluginHost.fetch`). A
   :class:`SourceError` is reported as its message; any other exception with its
   traceback (shown with ``--verbose``); a source still running at the timeout is
   abandoned; a return that is not a DataFrame is a failure.
3. Validation, once. The frame is checked as the canonical CSV is (columns, quarters,
   numbers, flags, the plan's units and areas) and against the contract: only declared
   indicators, only the quarters asked for; rows without an area take the plan's.
   :func:`ssp_targets.testing.check_source` runs this same check in a plugin's tests.
4. One transaction per source. The checked figures are stored in one transaction, all
   or nothing, as that source's load; it is recorded as sample data when the frame went
   through :func:`mark_sample` or the options say ``sample = true``.
5. Outcome. Each source gives one :class:`~ssp_targets.sources.host.FetchOutcome`; a
   source that fails at any step stores nothing and never stops the others, and the
   command then exits 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from ssp_targets.plan.definition import UNITS

if TYPE_CHECKING:
    import pandas as pd

    from ssp_targets.report.quarter_report import Report

#: The pluggy project name and the entry-point group.
PROJECT = "ssp_targets"

#: Bumped whenever a hook, :class:`Source`, :class:`FetchRequest` or :class:`Renderer`
#: changes shape.
PLUGIN_API_VERSION = 3  # 2: Renderer.binary and Renderer.suffix; 3: mark_sample

hookspec = pluggy.HookspecMarker(PROJECT)
#: Marks a plugin's hook implementations: ``@hookimpl def ssp_register_sources(): ...``
hookimpl = pluggy.HookimplMarker(PROJECT)


#: The key of ``DataFrame.attrs`` that :func:`mark_sample` sets.
SAMPLE_MARK = "ssp_targets.sample"


def mark_sample(frame: pd.DataFrame, what: str = "the packaged synthetic sample") -> pd.DataFrame:
    """Mark a fetched frame as sample data, not real figures, and return it.

    A source that serves the synthetic sample it ships with (because no export is
    configured) returns ``mark_sample(frame)``: the load is then recorded as sample data,
    ``fetch`` says so, and every output whose figures include it is headed "SYNTHETIC
    SAMPLE DATA". ``what`` says what the data is, for the record. Since API 3.
    """
    frame.attrs[SAMPLE_MARK] = what
    return frame


def sample_mark(frame: pd.DataFrame) -> str | None:
    """What :func:`mark_sample` said of a frame, or None for real data."""
    value = frame.attrs.get(SAMPLE_MARK)
    return str(value) if value else None


class SourceError(Exception):
    """An expected failure of a source (a missing export, a bad login, a malformed file).

    Its message is shown to the user as it is, without a traceback: say what went wrong,
    where (file, row, column) and how to fix it.
    """


@attrs.frozen
class Indicator:
    """What a source says about one indicator it supplies."""

    label: str
    unit: str = attrs.field(default="count", validator=attrs.validators.in_(UNITS))


def _indicators(value: Mapping[str, str | Indicator]) -> dict[str, Indicator]:
    return {
        key: item if isinstance(item, Indicator) else Indicator(label=str(item))
        for key, item in dict(value).items()
    }


@attrs.frozen
class FetchRequest:
    """What ``ssp-targets fetch`` asks a source for.

    ``quarters`` are canonical labels (``"2018/19 Q2"``); ``area`` is the plan's area
    (ONS code; a source may also return other areas it has); ``options`` is the
    ``[sources.NAME]`` table of ``ssp-targets.toml``, with relative paths left as written
    and ``base`` the folder they are relative to; ``environ`` is where secrets come from
    (never from files in the repository).
    """

    quarters: tuple[str, ...]
    area: str
    options: Mapping[str, Any] = attrs.field(factory=dict)
    base: str = "."
    environ: Mapping[str, str] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class Source:
    """A supplier of observations, usually one agency's export.

    ``name`` is unique among installed sources and, by convention, the ``source`` part of
    the indicators it supplies (``fire:deliberate_primary_fires``); ``owner`` is the
    owner id used in plan definitions; ``indicators`` maps each indicator it supplies to
    a label, or to an :class:`Indicator` with a unit. ``fetch(request)`` returns a pandas
    DataFrame in the observation shape (``indicator, area, period, value`` and optionally
    ``numerator, denominator, lower_ci, upper_ci, flag, note``), only for the declared
    indicators and the asked-for quarters, or raises :class:`SourceError`. A quarter the
    export covers only in part is ``flag = "provisional"`` with a ``note`` saying what it
    holds; a frame of packaged sample data is returned through :func:`mark_sample`. A
    source whose input names its own indicators (a data-return form) sets
    ``open_indicators``: it may then supply any indicator the plan names, and declares
    none.
    """

    name: str
    owner: str
    indicators: dict[str, Indicator] = attrs.field(converter=_indicators)
    fetch: Callable[[FetchRequest], pd.DataFrame]
    description: str = ""

    open_indicators: bool = False


@attrs.frozen
class Renderer:
    """An output format for reports: ``render(report, encoding)`` returns the text, or
    bytes when ``binary`` (a spreadsheet, say).

    ``encoding`` is the terminal's, or None when writing a file; use it to choose
    symbols that can be shown. ``suffix`` is the usual file suffix (``.html``). Since
    API 2 (``binary`` and ``suffix``).
    """

    name: str
    render: Callable[[Report, str | None], str | bytes]
    description: str = ""
    binary: bool = False
    suffix: str = ".txt"


@hookspec
def ssp_register_sources() -> Iterable[Source]:  # type: ignore[empty-body]
    """Return the :class:`Source` objects this plugin provides.

    Called once per run, with no arguments, when the plugin host starts (``fetch``,
    ``sources``, ``plugins``). Do no I/O here: read exports in ``fetch``. Since API 1.

    Example::

        @hookimpl
        def ssp_register_sources():
            return [Source(name="widgets", owner="community-safety",
                           indicators={"widgets:seen": "Widgets seen"}, fetch=fetch)]
    """


@hookspec
def ssp_register_renderers() -> Iterable[Renderer]:  # type: ignore[empty-body]
    """Return the :class:`Renderer` objects this plugin provides.

    Called once per run, with no arguments, when a command needs output formats. The
    core's own formats (:data:`ssp_targets.renderers.formats.FORMATS`) come through this
    hook too. Since API 1.

    Example::

        @hookimpl
        def ssp_register_renderers():
            return [Renderer(name="shout", render=lambda report, encoding: "...")]
    """
