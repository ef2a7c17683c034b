"""The ``iom`` Source: options, the packaged sample and ``fetch``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pandas as pd

from ssp_targets import FetchRequest, Indicator, Source, SourceError, kit, mark_sample

from .compute import DEFAULT_GROUP_QUARTERS, observations
from .read import NAME, read_cohort, read_events

OWNER = "iom-team"
DESCRIPTION = (
    "Integrated Offender Management cohort tracker export (cohort.csv and offences.csv): "
    "cohort size, offences and arrests by the active cohort, and the 12-month "
    "pre/post-adoption reduction in proven offending (measures 1.1, 1.2)."
)
COHORT_FILE = "cohort.csv"
OFFENCES_FILE = "offences.csv"
#: What the packaged export is, for the host's record of sample loads.
SAMPLE = "the synthetic IOM tracker export packaged with ssp-targets-iom"

INDICATORS: dict[str, Indicator] = {
    "iom:cohort_size": Indicator("Nominals on the IOM cohort at the quarter's end", "count"),
    "iom:cohort_offences": Indicator(
        "Proven offences by the active cohort in the quarter", "count"
    ),
    "iom:cohort_arrests": Indicator("Arrests of the active cohort in the quarter", "count"),
    "iom:offending_reduction": Indicator(
        "% reduction in proven offences, 12 months after adoption against the 12 months before",
        "number",
    ),
    "iom:offending_reduction_da": Indicator(
        "% reduction in proven offences, 12 months after adoption against the 12 months "
        "before: domestic abuse perpetrators on the cohort",
        "number",
    ),
}


#: The options naming the export: a folder, or the two files themselves.
PATH_OPTIONS = ("path", "cohort_path", "offences_path")


def uses_sample(options: Mapping[str, Any]) -> bool:
    """True when no export is configured, so the packaged synthetic sample is read."""
    return all(options.get(key) is None for key in PATH_OPTIONS)


@contextmanager
def export_paths(request: FetchRequest) -> Iterator[tuple[Path, Path]]:
    """The cohort and offences files named by the options, else the packaged sample.

    ``path`` is a folder holding ``cohort.csv`` and ``offences.csv``; ``cohort_path`` and
    ``offences_path`` name the files themselves (and win over ``path``).
    """
    if uses_sample(request.options):
        data = files("ssp_targets_iom").joinpath("data")
        with (
            as_file(data.joinpath(COHORT_FILE)) as cohort_sample,
            as_file(data.joinpath(OFFENCES_FILE)) as offences_sample,
        ):
            yield cohort_sample, offences_sample
        return
    folder, cohort, offences = (kit.option_path(request, key, NAME) for key in PATH_OPTIONS)
    if folder is not None:
        if folder.is_file():
            raise SourceError(
                f"{folder}: [sources.iom] path must be a folder holding {COHORT_FILE} and "
                f"{OFFENCES_FILE}; to name the files themselves use cohort_path and "
                "offences_path instead."
            )
        cohort = cohort or folder / COHORT_FILE
        offences = offences or folder / OFFENCES_FILE
    if cohort is None or offences is None:
        raise SourceError(
            f"[sources.iom] in ssp-targets.toml names one export file but not "
            f"{'cohort_path' if cohort is None else 'offences_path'}: give both cohort_path "
            f"and offences_path, or path (a folder holding {COHORT_FILE} and {OFFENCES_FILE})."
        )
    yield cohort, offences


def _group_quarters(options: Mapping[str, Any]) -> int:
    value = options.get("group_quarters", DEFAULT_GROUP_QUARTERS)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
        raise SourceError(
            f"[sources.iom] group_quarters = {value!r} in ssp-targets.toml: it must be a "
            f"whole number of quarters from 1 to 20 (default {DEFAULT_GROUP_QUARTERS})."
        )
    return value


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the IOM export and return the declared indicators for the asked-for quarters,
    for every local authority in the cohort file; the packaged sample comes back marked
    as such (:func:`ssp_targets.mark_sample`), a configured export never does."""
    group_quarters = _group_quarters(request.options)
    with export_paths(request) as (cohort_path, offences_path):
        cohort = read_cohort(cohort_path)
        events = read_events(offences_path, cohort["nominal"])
    requested = kit.labels_to_ordinals(pd.Series(request.quarters, dtype=object))
    if cohort.empty:
        frame = pd.DataFrame(columns=kit.OBSERVATION_COLUMNS)
    else:
        names = (cohort_path.name, offences_path.name)
        frame = observations(cohort, events, requested[requested >= 0], group_quarters, names)
    return mark_sample(frame, SAMPLE) if uses_sample(request.options) else frame


SOURCE = Source(NAME, OWNER, INDICATORS, fetch, DESCRIPTION)
