"""What the ``crc`` source does when it fetches: check the extract's rows, keep the
mapped service levels and turn them into quarterly percentages.

Each indicator's value is ``100 * numerator / denominator``, recomputed from the
extract's own Numerator and Denominator; the extract's Performance column is only a
cross-check (it must agree within :data:`PERFORMANCE_TOLERANCE` points).

The extract is quarterly (each row's Period is a whole quarter) and carries no flags or
notes, so every figure is returned without ``flag`` or ``note``: the source cannot tell a
quarter the CRC covers only in part. The packaged synthetic sample is returned through
:func:`ssp_targets.mark_sample`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets import FetchRequest, SourceError, kit, mark_sample

from .indicators import NAME
from .read import PERIOD_FORMS, WHAT, parse_periods, read_extract
from .service_levels import CODE_FORMS, indicator_of, normalise_codes, service_level_table

#: The packaged synthetic sample, used when ``[sources.crc] path`` is not set.
SAMPLE = "crc-service-levels-2016-2020.csv"

#: How far (percentage points) the extract's Performance may differ from the recomputed
#: 100 * Numerator / Denominator: half of the last place of a figure shown to 1 decimal.
PERFORMANCE_TOLERANCE = 0.05

#: Local authorities of the Durham Tees Valley CRC by name: Tees Valley and County Durham.
AREA_NAMES: dict[str, str] = {
    **kit.TEES_VALLEY,
    "county durham": "E06000047",
    "durham": "E06000047",
}


def _counts(text: pd.Series) -> pd.Series:
    """Whole numbers from text ("1,234" allowed); NaN where not a non-negative whole number."""
    number = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    ok = np.isfinite(number) & (number >= 0) & (np.abs(number - np.round(number)) < 1e-9)
    return number.where(ok)


def parse_rows(path: Path, table: dict[str, str]) -> pd.DataFrame:
    """The extract's rows for mapped service levels, checked: columns ``indicator, code,
    area, period, numerator, denominator, line``.

    Every row's service-level code must be well formed; rows for codes not in ``table``
    are then ignored unchecked. Mapped rows need a quarter, an area code, whole-number
    counts with the numerator no more than the denominator, a Performance (if given)
    within :data:`PERFORMANCE_TOLERANCE` of the recomputed value, and no repeat of the
    same code, area and quarter. All problems are raised together as a
    :class:`SourceError`.
    """
    frame = read_extract(path)
    problems = kit.Problems(path, WHAT)
    codes = normalise_codes(frame["Service Level Code"])
    problems.flag(
        frame,
        codes == "",
        "Service Level Code",
        "is not a service-level code",
        fix=f"Write service-level codes as {CODE_FORMS}.",
    )
    present = set(codes[codes != ""])
    if not problems.count and not present & set(table):
        raise SourceError(
            f"{path}: no row has a service level this source maps to an indicator "
            f"({', '.join(sorted(table))}); the extract has "
            f"{', '.join(sorted(present)) or 'none'}. "
            "The CRC's codes for completions, recalls and accommodation are not confirmed: "
            'set [sources.crc] service_levels = { CODE = "crc:..." } in ssp-targets.toml.'
        )
    indicator = indicator_of(codes, table)
    mapped = indicator != ""
    periods = parse_periods(frame["Period"])
    problems.flag(
        frame,
        mapped & (periods == ""),
        "Period",
        "is not a quarter",
        fix=f"Write the period as {PERIOD_FORMS}.",
    )
    # The local authority's code, else (the code blank or its column absent) its name.
    named = frame["Local Authority Code"].mask(
        frame["Local Authority Code"] == "", frame["Local Authority"]
    )
    area = kit.area_codes(named, AREA_NAMES)
    problems.flag(
        frame.assign(**{"Local Authority Code": named}),
        mapped & area.isna(),
        "Local Authority Code",
        "is not an ONS local authority code (e.g. E06000004 for Stockton-on-Tees) nor the "
        "name of a Durham Tees Valley local authority",
    )
    numerator, denominator = _counts(frame["Numerator"]), _counts(frame["Denominator"])
    whole = "is not a whole number of people (0 or more)"
    problems.flag(frame, mapped & numerator.isna(), "Numerator", whole)
    problems.flag(frame, mapped & denominator.isna(), "Denominator", whole)
    problems.flag(
        frame.assign(Numerator=frame["Numerator"] + " > " + frame["Denominator"]),
        mapped & (numerator > denominator),
        "Numerator",
        "is above the row's Denominator",
    )
    computed = 100 * numerator / denominator.where(denominator > 0)
    stated_text = frame["Performance"].str.rstrip("%").str.strip()
    stated = pd.to_numeric(stated_text, errors="coerce")
    has_value = mapped & computed.notna()
    problems.flag(
        frame,
        has_value & (stated_text != "") & stated.isna(),
        "Performance",
        "is not a percentage (leave it blank or write e.g. 72.4)",
    )
    off = (stated - computed).abs() > PERFORMANCE_TOLERANCE + 1e-9
    problems.flag(
        frame.assign(Performance=frame["Performance"] + " vs " + computed.round(2).astype(str)),
        has_value & off & (numerator <= denominator),
        "Performance",
        f"disagrees with 100 x Numerator / Denominator by more than {PERFORMANCE_TOLERANCE} "
        "points (check the row's Numerator, Denominator and Performance)",
    )
    rows = pd.DataFrame(
        {
            "indicator": indicator,
            "code": codes,
            "area": area,
            "period": periods,
            "numerator": numerator,
            "denominator": denominator,
            "line": frame["line"],
        }
    ).loc[mapped]
    # Keys named as messages say them; a blank one (an unknown area) is no repeat.
    keys = {"service level": codes, "local authority": area.fillna(""), "quarter": periods}
    problems.flag_repeats(
        frame.assign(**keys).loc[mapped],
        "Service Level Code",
        keys=list(keys),
        fix="Keep one row per service level, local authority and quarter.",
    )
    problems.raise_if_any("Correct these rows in the export (or re-export it) and run fetch again.")
    return rows.reset_index(drop=True)


def aggregate(rows: pd.DataFrame, quarters: tuple[str, ...]) -> pd.DataFrame:
    """Sum numerators and denominators per (indicator, area, quarter) for the asked-for
    quarters, and compute ``value = 100 * numerator / denominator``.

    Several service levels mapped to one indicator are added together. A quarter whose
    denominator is zero (nobody to count) gives no row.
    """
    totals = (
        rows.loc[rows["period"].isin(quarters)]
        .groupby(["indicator", "area", "period"], as_index=False)[["numerator", "denominator"]]
        .sum()
        .query("denominator > 0")
    )
    out = pd.DataFrame(
        {
            "indicator": totals["indicator"].astype(object),
            "area": totals["area"].astype(object),
            "period": totals["period"].astype(object),
            "value": 100.0 * totals["numerator"] / totals["denominator"],
            "numerator": totals["numerator"].astype(float),
            "denominator": totals["denominator"].astype(float),
        }
    )
    return out.sort_values(["indicator", "area", "period"]).reset_index(drop=True)


def sample_path() -> Path:
    """The packaged synthetic sample extract."""
    return Path(str(files("ssp_targets_crc").joinpath("data", SAMPLE)))


def extract_path(request: FetchRequest) -> Path:
    """The extract to read: ``[sources.crc] path`` (relative to the project config's
    folder) or, when it is not set, the packaged sample."""
    return kit.option_path(request, "path", NAME) or sample_path()


def fetch_extract(request: FetchRequest) -> pd.DataFrame:
    """Read the extract and return the observation frame for the request's quarters,
    marked as sample data when the extract read is the packaged synthetic sample."""
    path = extract_path(request)
    table = service_level_table(request.options, str(path))
    frame = aggregate(parse_rows(path, table), request.quarters)
    # Compared resolved, so a path option naming the packaged file is marked too.
    if path.resolve() == sample_path().resolve():
        return mark_sample(frame, f"the packaged synthetic CRC extract {SAMPLE}")
    return frame
