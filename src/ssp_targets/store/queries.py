"""Reading the store: the newest figure of each (indicator, area, quarter), as it stands
now or as it stood after a given load."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

import numpy as np
import pandas as pd

from ssp_targets.store.encoding import (
    FIGURE_COLUMNS,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
    nullable_text,
    parse_as_of,
    period_categorical,
    timestamp,
)


def names(db: sqlite3.Connection, table: str, column: str) -> dict[int, str]:
    """Each id of ``table`` and its ``column`` (an indicator's name, an area's code)."""
    return dict(db.execute(f"SELECT id, {column} FROM {table}").fetchall())


def as_of_load(db: sqlite3.Connection, as_of: str | datetime | None) -> int | None:
    """The newest load at ``as_of`` (None: no limit; 0: before any load)."""
    if as_of is None:
        return None
    stamp = timestamp(parse_as_of(as_of))
    found = db.execute("SELECT max(id) FROM load WHERE loaded_at <= ?", (stamp,)).fetchone()[0]
    return int(found or 0)


def current_figures(
    db: sqlite3.Connection,
    indicators: Iterable[int] | None = None,
    as_of_load: int | None = None,
    areas: Iterable[int] | None = None,
    periods: Iterable[int] | None = None,
) -> pd.DataFrame:
    """The newest figure per (indicator, area, period), by ids: columns ``key``,
    ``indicator``, ``area``, ``period`` and the figure's columns.

    Fetching is the cost here (a Python object per cell), so the main query returns
    three cells a row (packed key, value, load) and a second query fetches the other
    columns only for the rows that have any.
    """
    where, params = figure_filter(indicators, areas, periods, as_of_load)
    # SQLite takes the bare columns from the row holding max(load): the newest figure
    # (in HAVING too, so the second query filters on the newest figure's columns).
    grouped = (
        "SELECT (indicator << 42) | (area << 20) | period AS key, {columns}, max(load) "
        f"FROM figure {where} GROUP BY indicator, area, period"
    )
    main = np.fromiter(
        db.execute(grouped.format(columns="value"), params),
        dtype=[("key", np.int64), ("value", np.float64), ("load", np.int64)],
    )
    others = FIGURE_COLUMNS[1:]
    extras = db.execute(
        grouped.format(columns=", ".join(others))
        + " HAVING "
        + " OR ".join(f"{c} IS NOT NULL" for c in others),
        params,
    ).fetchall()
    keys = main["key"]
    frame = pd.DataFrame(
        {
            "key": keys,
            "indicator": keys >> 42,
            "area": (keys >> 20) & ((1 << 22) - 1),
            "period": keys & ((1 << 20) - 1),
            "value": main["value"],  # NULL (suppressed) arrives as NaN
            **{c: np.nan for c in NUMBER_COLUMNS[1:]},
            **{c: pd.Series(None, index=range(len(keys)), dtype=object) for c in TEXT_COLUMNS},
        }
    )
    if extras:
        at = pd.Index(keys).get_indexer([row[0] for row in extras])
        columns = list(zip(*extras, strict=True))
        for n, column in enumerate(others, start=1):
            kind = float if column in NUMBER_COLUMNS else object
            frame.iloc[at, frame.columns.get_loc(column)] = np.array(columns[n], dtype=kind)
    return frame


def figure_filter(
    indicators: Iterable[int] | None,
    areas: Iterable[int] | None,
    periods: Iterable[int] | None,
    as_of_load: int | None,
) -> tuple[str, list[int]]:
    """The ``WHERE`` clause (or nothing) and its parameters picking figures by ids, and
    loads up to ``as_of_load``."""
    where, params = [], []
    for column, values in (("indicator", indicators), ("area", areas), ("period", periods)):
        if values is not None:
            wanted = [int(v) for v in values]
            where.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            params += wanted
    if as_of_load is not None:
        where.append("load <= ?")
        params.append(as_of_load)
    return ("WHERE " + " AND ".join(where) if where else ""), params


def observation_frame(
    figures: pd.DataFrame, names: dict[int, str], codes: dict[int, str]
) -> pd.DataFrame:
    """Figures by ids (as :func:`current_figures` gives them) as the observation frame,
    with indicators, areas and quarters as categoricals of their names."""
    ind_ids = np.array(sorted(names), dtype=np.int64)
    area_ids = np.array(sorted(codes), dtype=np.int64)
    out = pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(
                np.searchsorted(ind_ids, figures["indicator"]),
                categories=pd.Index([names[i] for i in ind_ids], dtype=object),
            ),
            "area": pd.Categorical.from_codes(
                np.searchsorted(area_ids, figures["area"]),
                categories=pd.Index([codes[i] for i in area_ids], dtype=object),
            ),
            "period": period_categorical(figures["period"].to_numpy()),
            **{c: figures[c].to_numpy() for c in NUMBER_COLUMNS},
            **{c: nullable_text(figures[c]) for c in TEXT_COLUMNS},
        }
    )
    return out.reset_index(drop=True)
