"""A kit for plugin authors: check a Source the way ``ssp-targets fetch`` will.

Works without pytest::

    from ssp_targets.testing import check_source
    frame = check_source(my_source, quarters=["2018/19 Q1", "2018/19 Q2"])

and with it, through an opt-in fixture (``pytest_plugins = ["ssp_targets.testing"]`` in
your ``conftest.py``) called ``ssp_check_source``.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from ssp_targets.errors import SspError
from ssp_targets.plan.definition import Plan
from ssp_targets.plan.quarters import parse_quarter, quarter_label
from ssp_targets.sources.fetch import check_fetched
from ssp_targets.sources.hookspecs import (
    FetchRequest,
    Indicator,
    Renderer,
    Source,
    SourceError,
    sample_mark,
)

DEFAULT_AREA = "E06000004"

__all__ = [
    "DEFAULT_AREA",
    "ContractError",
    "check_renderer",
    "check_source",
    "make_request",
    "sample_mark",
]


class ContractError(AssertionError):
    """A plugin broke the contract; the message says exactly how."""


def make_request(
    quarters: Iterable[str] = ("2018/19 Q1",),
    area: str = DEFAULT_AREA,
    options: Mapping[str, Any] | None = None,
    base: str = ".",
    environ: Mapping[str, str] | None = None,
) -> FetchRequest:
    """A :class:`FetchRequest` as ``fetch`` builds it (quarters in canonical form)."""
    labels = tuple(quarter_label(parse_quarter(q)) for q in quarters)
    return FetchRequest(
        quarters=labels,
        area=area,
        options=dict(options or {}),
        base=base,
        environ=dict(os.environ if environ is None else environ),
    )


def check_source(
    source: Source,
    request: FetchRequest | None = None,
    plan: Plan | None = None,
    **request_args: Any,
) -> pd.DataFrame:
    """Run ``source`` as ``fetch`` does and check everything the core checks (with
    ``plan``, also what ``fetch`` checks against the plan: percentages within 0-100, a
    ratio's value agreeing with its numerator and denominator, no negative counts).

    Returns the checked observation frame (still marked if the source returned it
    through :func:`~ssp_targets.mark_sample`: see :func:`sample_mark`). Raises
    :class:`ContractError` naming the source and the breach: not a :class:`Source`, bad
    name, owner or indicators, a fetch that raises something other than
    :class:`SourceError`, a result that is not a DataFrame, or rows that fail the
    observation checks, name undeclared indicators or fall outside the asked-for
    quarters. A :class:`SourceError` is re-raised as it is
    (that is the source saying, correctly, that it cannot run).
    """
    if not isinstance(source, Source):
        raise ContractError(f"{source!r} is not an ssp_targets.Source")
    name = source.name
    if not name or not name.replace("-", "").replace("_", "").isalnum() or name != name.lower():
        raise ContractError(f"source name {name!r} must be lower-case letters, digits, - or _")
    if not source.owner:
        raise ContractError(f"source {name!r} has no owner id")
    if not source.indicators and not source.open_indicators:
        raise ContractError(f"source {name!r} declares no indicators")
    for key, info in source.indicators.items():
        if ":" not in key or not isinstance(info, Indicator) or not info.label:
            raise ContractError(
                f"source {name!r}: indicator {key!r} needs 'source:key' and a label"
            )
    request = request or make_request(**request_args)
    try:
        frame = source.fetch(request)
    except SourceError:
        raise
    except Exception as exc:
        raise ContractError(
            f"source {name!r}: fetch raised {type(exc).__name__}: {exc}. Expected failures "
            "should raise ssp_targets.SourceError with a message for the user."
        ) from exc
    if not isinstance(frame, pd.DataFrame):
        raise ContractError(
            f"source {name!r}: fetch returned {type(frame).__name__}, not a DataFrame"
        )
    try:
        return check_fetched(frame, source, request, plan=plan)
    except SspError as exc:
        raise ContractError(str(exc)) from None


def check_renderer(renderer: Renderer, report: Any) -> str:
    """Render ``report`` with ``renderer`` and check the result is text carrying the
    report's handling marking."""
    if not isinstance(renderer, Renderer):
        raise ContractError(f"{renderer!r} is not an ssp_targets.Renderer")
    text = renderer.render(report, "utf-8")
    if not isinstance(text, str):
        raise ContractError(f"renderer {renderer.name!r} returned {type(text).__name__}, not str")
    if report.marking not in text:
        raise ContractError(f"renderer {renderer.name!r} left out the marking {report.marking}")
    return text


if importlib.util.find_spec("pytest") is not None:  # the fixture, for those who opt in
    import pytest

    @pytest.fixture
    def ssp_check_source() -> Callable[..., pd.DataFrame]:
        """``ssp_check_source(source, quarters=[...], options={...})`` runs
        :func:`check_source` and returns the checked frame."""
        return check_source
