"""The ``fire`` Source: deliberate primary (F1) and secondary (F3) fires by quarter."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from ssp_targets import FetchRequest, Indicator, Source, kit, mark_sample

from .options import NAME, parse_options
from .read import read_incidents

OWNER = "fire-service"
DESCRIPTION = (
    "Cleveland Fire Brigade incident export (Home Office IRS style, one row per incident): "
    "deliberate primary (F1) and secondary (F3) fires by financial quarter, per district "
    "and ward."
)
PRIMARY = "fire:deliberate_primary_fires"
SECONDARY = "fire:deliberate_secondary_fires"
INDICATORS = {
    PRIMARY: Indicator("Deliberate primary fires (F1)", "count"),
    SECONDARY: Indicator("Deliberate secondary fires (F3)", "count"),
}
#: The packaged synthetic export (``src/ssp_targets_fire/data``).
SAMPLE_FILE = "cfb-incidents-sample.csv"

_KIND_INDICATOR = {"primary": PRIMARY, "secondary": SECONDARY}


def aggregate(
    incidents: pd.DataFrame, quarters: tuple[str, ...], wards: bool = True
) -> pd.DataFrame:
    """Count deliberate primary and secondary fires per quarter, by district and ward.

    ``incidents`` is the frame of :func:`~ssp_targets_fire.read.read_incidents`. Counted:
    primary and secondary fires whose motive is deliberate (including doubtful) and that
    are not late calls. Areas are every district (and, with ``wards``, every ward) named on
    a primary or secondary fire row; quarters are those of ``quarters`` the export covers
    (from its first to its last fire's quarter), and a covered quarter with no deliberate
    fire in an area is a real 0. A first or last quarter the export covers only in part
    (:func:`ssp_targets.kit.partial_quarters`) is flagged ``provisional``, with a note of
    what it holds.

    The export does not say what period it was taken for, so its fires (of any motive) are
    the evidence: a first quarter with no fire on its first day, or a last with none on its
    last day, is partial. A brigade has fires nearly every day, so such a day more likely
    lies outside the extract than in it; a wrong "provisional" is also the safer mistake.
    """
    fires = incidents.loc[incidents["kind"].isin(tuple(_KIND_INDICATOR))]
    asked = kit.labels_to_ordinals(pd.Series(list(quarters), dtype=object))
    if fires.empty or len(asked) == 0:
        return pd.DataFrame(columns=kit.OBSERVATION_COLUMNS)
    spanned = kit.quarter_ordinals(fires["date"])  # every fire has a date by now
    covered = kit.ordinal_labels(
        np.unique(asked[(asked >= spanned.min()) & (asked <= spanned.max())])
    )
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
                {"indicator": indicator, "area": counted[level], "period": counted["period"]}
            )
            .groupby(["indicator", "area", "period"])
            .size()
        )
        grid = pd.MultiIndex.from_product(
            [list(INDICATORS), areas, covered], names=["indicator", "area", "period"]
        )
        parts.append(counts.reindex(grid, fill_value=0).rename("value").reset_index())
    if not parts:
        return pd.DataFrame(columns=kit.OBSERVATION_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    notes = kit.partial_quarters(fires["date"].min(), fires["date"].max(), "incidents")
    frame["note"] = frame["period"].map(notes).astype(object)
    frame["flag"] = frame["note"].mask(frame["note"].notna(), "provisional")
    return frame.reindex(columns=kit.OBSERVATION_COLUMNS)


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the export named by ``[sources.fire] path`` (or the packaged synthetic sample)
    and return deliberate primary and secondary fires for the asked-for quarters, by
    district (LA code) and by ward. The packaged sample's frame is marked as sample data
    (:func:`ssp_targets.mark_sample`); a configured export's never is."""
    options = parse_options(request.options)
    path = kit.option_path(request, "path", NAME)
    if path is not None:
        return aggregate(read_incidents(path, options), request.quarters, options.wards)
    sample = resources.files("ssp_targets_fire") / "data" / SAMPLE_FILE
    with resources.as_file(sample) as packaged:
        origin = f"{packaged} (the packaged synthetic sample)"
        incidents = read_incidents(packaged, options, origin)
    frame = aggregate(incidents, request.quarters, options.wards)
    return mark_sample(frame, f"the packaged synthetic sample, {SAMPLE_FILE}")


SOURCE = Source(NAME, OWNER, INDICATORS, fetch, DESCRIPTION)
