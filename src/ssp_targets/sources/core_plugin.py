"""The core's own plugin: the built-in renderers and the data-return source, registered
through the public hooks like any plugin's."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ssp_targets.inputs.observations import COLUMNS
from ssp_targets.inputs.returns import read_return_file, split_return
from ssp_targets.renderers.formats import FORMATS
from ssp_targets.sources.hookspecs import FetchRequest, Renderer, Source, hookimpl


@hookimpl
def ssp_register_renderers() -> Iterable[Renderer]:
    """The core's output formats."""
    return [
        Renderer(f.name, f.render, f.description, binary=f.binary, suffix=f.suffix)
        for f in FORMATS.values()
    ]


@hookimpl
def ssp_register_sources() -> Iterable[Source]:
    """The core's data-return source."""
    return [RETURNS]


def _fetch_returns(request: FetchRequest) -> pd.DataFrame:
    """Every completed form in the folder (or the file) named by ``[sources.returns]
    path``, for the quarters asked for; nothing when no path is set."""
    path = request.options.get("path")
    frames = []
    if path:
        where = Path(request.base) / str(path)
        files = (
            sorted(where.glob("*.csv")) + sorted(where.glob("*.xlsx"))
            if where.is_dir()
            else [where]
        )
        for file in files:
            observations, _ = split_return(read_return_file(file), None, str(file))
            frames.append(observations[observations["period"].isin(request.quarters)])
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.concat(frames, ignore_index=True).reindex(columns=list(COLUMNS))


#: The core's source of completed data returns: it may supply any indicator the plan
#: names, so it declares none.
RETURNS = Source(
    name="returns",
    owner="cs-analyst",
    indicators={},
    fetch=_fetch_returns,
    description="completed data-return forms (ssp-targets template)",
    open_indicators=True,
)
