"""The ``fire`` Source: deliberate primary (F1) and secondary (F3) fires by quarter."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets import mark_sample
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
COLUMNS = ["indicator", "area", "period", "value", "flag", "note"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c == "value" else object) for c in COLUMNS})


def _day(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%B %Y}"  # "1 January 2009" (no platform-specific %-d)


def partial_quarters(first: pd.Timestamp, last: pd.Timestamp) -> dict[int, str]:
    """Notes for the quarters an export with fires from ``first`` to ``last`` covers only in
    part, keyed by ``Q-MAR`` ordinal.

    The export does not say what period it was taken for, so its fires (of any motive)
    are the evidence: its first quarter is partial unless a fire falls on the quarter's
    first day, its last unless one falls on the quarter's last day. A brigade has fires
    nearly every day, so a quarter's end day without one more likely lies outside the
    extract than in it; a wrong "provisional" is also the safer mistake. Quarters between
    are wholly covered.
    """
    start, end = pd.Period(first, freq="Q-MAR"), pd.Period(last, freq="Q-MAR")
    starts_late = first.normalize() > start.start_time
    ends_early = last.normalize() < end.end_time.normalize()
    notes: dict[int, str] = {}
    if starts_late:
        notes[start.ordinal] = f"incidents from {_day(first)} only: the export starts there"
    if ends_early:
        notes[end.ordinal] = f"incidents to {_day(last)} only: the export ends there"
    if starts_late and ends_early and start == end:
        notes[start.ordinal] = (
            f"incidents from {_day(first)} to {_day(last)} only: the export covers no more "
            "of the quarter"
        )
    return notes


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
    (see :func:`partial_quarters`) is flagged ``provisional``, with a note of what it holds.
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
    notes = partial_quarters(fires["date"].min(), fires["date"].max())
    frame["note"] = frame["quarter"].map(notes).astype(object)
    frame["flag"] = np.where(frame["note"].notna(), "provisional", None)
    return frame[COLUMNS]


def _export_path(request: FetchRequest, raw: str) -> tuple[Path, str]:
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = Path(request.base) / path
    return path, f"{path} (from [sources.fire] path = {raw!r})"


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the export named by ``[sources.fire] path`` (or the packaged synthetic sample)
    and return deliberate primary and secondary fires for the asked-for quarters, by
    district (LA code) and by ward. The packaged sample's frame is marked as sample data
    (:func:`ssp_targets.mark_sample`); a configured export's never is."""
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
        frame = aggregate(incidents, request.quarters, options.wards)
        return mark_sample(frame, f"the packaged synthetic sample, {SAMPLE_FILE}")
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
