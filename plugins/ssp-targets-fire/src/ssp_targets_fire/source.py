"""The ``fire`` Source: deliberate primary (F1) and secondary (F3) fires by quarter."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets.hookspecs import FetchRequest, Indicator, Source, SourceError
from ssp_targets.periods import labels_to_ordinals, ordinal_labels

from .options import parse_options
from .read import read_incidents

NAME = "fire"
OWNER = "fire-service"
PRIMARY = "fire:deliberate_primary_fires"
SECONDARY = "fire:deliberate_secondary_fires"
INDICATORS = {
    PRIMARY: Indicator("Deliberate primary fires (F1)", "count"),
    SECONDARY: Indicator("Deliberate secondary fires (F3)", "count"),
}
#: The packaged synthetic export (``src/ssp_targets_fire/data``).
SAMPLE_FILE = "cfb-incidents-sample.csv"

_KIND_INDICATOR = {"primary": PRIMARY, "secondary": SECONDARY}
COLUMNS = ["indicator", "area", "period", "value"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c == "value" else object) for c in COLUMNS})


def aggregate(
    incidents: pd.DataFrame, quarters: tuple[str, ...], wards: bool = True
) -> pd.DataFrame:
    """Count deliberate primary and secondary fires per quarter, by district and ward.

    ``incidents`` is the frame of :func:`~ssp_targets_fire.read.read_incidents`. Counted:
    primary and secondary fires whose motive is deliberate (including doubtful) and that
    are not late calls. Areas are every district (and, with ``wards``, every ward) named on
    a primary or secondary fire row; quarters are those of ``quarters`` the export covers
    (from its first to its last fire's quarter), and a covered quarter with no deliberate
    fire in an area is a real 0.
    """
    fires = incidents.loc[incidents["kind"].isin(tuple(_KIND_INDICATOR))]
    asked = labels_to_ordinals(pd.Series(list(quarters), dtype=object))
    if fires.empty or len(asked) == 0:
        return _empty()
    first, last = int(fires["quarter"].min()), int(fires["quarter"].max())
    covered = np.unique(asked[(asked >= first) & (asked <= last)])
    counted = fires.loc[(fires["motive"] == "deliberate") & ~fires["late_call"].astype(bool)]
    indicator = counted["kind"].map(_KIND_INDICATOR)

    levels = ["la", "ward"] if wards else ["la"]
    parts = []
    for level in levels:  # two levels, not rows
        areas = np.unique(fires[level].to_numpy(dtype=str))
        areas = areas[areas != ""]
        if len(areas) == 0 or len(covered) == 0:
            continue
        counts = (
            pd.DataFrame(
                {"indicator": indicator, "area": counted[level], "quarter": counted["quarter"]}
            )
            .groupby(["indicator", "area", "quarter"])
            .size()
        )
        grid = pd.MultiIndex.from_product(
            [list(INDICATORS), areas, covered], names=["indicator", "area", "quarter"]
        )
        parts.append(counts.reindex(grid, fill_value=0).rename("value").reset_index())
    if not parts:
        return _empty()
    frame = pd.concat(parts, ignore_index=True)
    frame["period"] = ordinal_labels(frame["quarter"].to_numpy())
    frame["value"] = frame["value"].astype(float)
    return frame[COLUMNS]


def _export_path(request: FetchRequest, raw: str) -> tuple[Path, str]:
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = Path(request.base) / path
    return path, f"{path} (from [sources.fire] path = {raw!r})"


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the export named by ``[sources.fire] path`` (or the packaged synthetic sample)
    and return deliberate primary and secondary fires for the asked-for quarters, by
    district (LA code) and by ward."""
    options = parse_options(request.options)
    if options.path is not None:
        if not options.path.strip():
            raise SourceError(
                "[sources.fire] path in ssp-targets.toml is empty: name the incident export "
                "CSV, or remove the option to use the packaged synthetic sample."
            )
        path, origin = _export_path(request, options.path)
        incidents = read_incidents(path, options, origin)
    else:
        sample = resources.files("ssp_targets_fire") / "data" / SAMPLE_FILE
        with resources.as_file(sample) as path:
            incidents = read_incidents(path, options, f"{path} (the packaged synthetic sample)")
    return aggregate(incidents, request.quarters, options.wards)


def make_source() -> Source:
    """The ``fire`` Source."""
    return Source(
        name=NAME,
        owner=OWNER,
        indicators=INDICATORS,
        fetch=fetch,
        description=(
            "Cleveland Fire Brigade incident export (Home Office IRS style, one row per "
            "incident): deliberate primary (F1) and secondary (F3) fires by financial "
            "quarter, per district and ward."
        ),
    )
