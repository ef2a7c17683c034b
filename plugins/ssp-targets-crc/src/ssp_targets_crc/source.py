"""The ``crc`` source: check the extract's rows, keep the mapped service levels and
turn them into quarterly percentages.

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

from ssp_targets import mark_sample
from ssp_targets.hookspecs import FetchRequest, SourceError
from ssp_targets.periods import labels_to_ordinals, ordinal_labels

from .read import HEADERS, PERIOD_FORMS, parse_periods, read_extract
from .service_levels import CODE_FORMS, indicator_of, normalise_codes, service_level_table

#: The packaged synthetic sample, used when ``[sources.crc] path`` is not set.
SAMPLE = "crc-service-levels-2016-2020.csv"

#: How far (percentage points) the extract's Performance may differ from the recomputed
#: 100 * Numerator / Denominator: half of the last place of a figure shown to 1 decimal.
PERFORMANCE_TOLERANCE = 0.05

#: Most row problems listed in one error; the rest are counted.
MAX_LISTED = 20

#: Local authorities of the Durham Tees Valley CRC, by the names an extract may use.
AREA_NAMES: dict[str, str] = {
    "hartlepool": "E06000001",
    "middlesbrough": "E06000002",
    "redcar and cleveland": "E06000003",
    "redcar & cleveland": "E06000003",
    "stockton-on-tees": "E06000004",
    "stockton on tees": "E06000004",
    "stockton": "E06000004",
    "darlington": "E06000005",
    "county durham": "E06000047",
    "durham": "E06000047",
}

_AREA_CODE_RE = r"^[EWSN]\d{8}$"


class _Problems:
    """Row problems collected across the whole extract and raised together."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.found: list[tuple[int, str]] = []

    def flag(
        self, mask: pd.Series, column: str, message: str, value: pd.Series | None = None
    ) -> None:
        """Record ``message`` for every row where ``mask`` holds."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        shown = self.frame[column] if value is None else value
        header = HEADERS.get(column, column)
        for line, text in zip(self.frame.loc[mask, "line"], shown[mask], strict=True):
            self.found.append((int(line), f"line {line}, column '{header}': {text!r} {message}"))

    def add(self, line: int, text: str) -> None:
        """Record one problem that is not tied to a single column's mask."""
        self.found.append((line, text))

    def raise_if_any(self, path: Path) -> None:
        """Raise one :class:`SourceError` listing every problem, in line order."""
        if not self.found:
            return
        items = [text for _, text in sorted(self.found)]
        listed = "; ".join(f"({n}) {text}" for n, text in enumerate(items[:MAX_LISTED], 1))
        more = f"; and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else ""
        raise SourceError(
            f"{path}: {len(items)} problem(s) in the CRC service-level extract: {listed}{more}. "
            "Correct these rows in the export (or re-export it) and run fetch again."
        )


def _counts(text: pd.Series) -> pd.Series:
    """Whole numbers from text ("1,234" allowed); NaN where not a non-negative whole number."""
    number = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    ok = np.isfinite(number) & (number >= 0) & (np.abs(number - np.round(number)) < 1e-9)
    return number.where(ok)


def _areas(frame: pd.DataFrame) -> pd.Series:
    """The ONS code of each row: the code column, else the local authority's name."""
    code = frame["area_code"].str.upper()
    by_name = frame["area_name"].str.lower().str.replace(r"\s+", " ", regex=True).map(AREA_NAMES)
    return code.mask(code == "", by_name.fillna(""))


def parse_rows(path: Path, table: dict[str, str]) -> pd.DataFrame:
    """The extract's rows for mapped service levels, checked: columns ``indicator, code,
    area, ordinal, numerator, denominator, line``.

    Every row's service-level code must be well formed; rows for codes not in ``table``
    are then ignored unchecked. Mapped rows need a quarter, an area code, whole-number
    counts with the numerator no more than the denominator, a Performance (if given)
    within :data:`PERFORMANCE_TOLERANCE` of the recomputed value, and no repeat of the
    same code, area and quarter. All problems are raised together as a
    :class:`SourceError`.
    """
    frame = read_extract(path)
    problems = _Problems(frame)
    codes = normalise_codes(frame["code"])
    problems.flag(codes == "", "code", f"is not a service-level code (write it as {CODE_FORMS})")
    present = set(codes[codes != ""])
    if not problems.found and not present & set(table):
        raise SourceError(
            f"{path}: no row has a service level this source maps to an indicator "
            f"({', '.join(sorted(table))}); the extract has "
            f"{', '.join(sorted(present)) or 'none'}. "
            "The CRC's codes for completions, recalls and accommodation are not confirmed: "
            'set [sources.crc] service_levels = { CODE = "crc:..." } in ssp-targets.toml.'
        )
    indicator = indicator_of(codes, table)
    mapped = indicator != ""
    ordinals = parse_periods(frame["period"])
    problems.flag(
        mapped & (ordinals < 0), "period", f"is not a quarter (write it as {PERIOD_FORMS})"
    )
    area = _areas(frame)
    problems.flag(
        mapped & ~area.str.match(_AREA_CODE_RE),
        "area_code",
        "is not an ONS local authority code (e.g. E06000004 for Stockton-on-Tees) nor the "
        "name of a Durham Tees Valley local authority",
        value=frame["area_code"].mask(frame["area_code"] == "", frame["area_name"]),
    )
    numerator, denominator = _counts(frame["numerator"]), _counts(frame["denominator"])
    whole = "is not a whole number of people (0 or more)"
    problems.flag(mapped & numerator.isna(), "numerator", whole)
    problems.flag(mapped & denominator.isna(), "denominator", whole)
    problems.flag(
        mapped & (numerator > denominator),
        "numerator",
        "is above the row's Denominator",
        value=frame["numerator"] + " > " + frame["denominator"],
    )
    computed = 100 * numerator / denominator.where(denominator > 0)
    stated_text = frame["performance"].str.rstrip("%").str.strip()
    stated = pd.to_numeric(stated_text, errors="coerce")
    has_value = mapped & computed.notna()
    problems.flag(
        has_value & (stated_text != "") & stated.isna(),
        "performance",
        "is not a percentage (leave it blank or write e.g. 72.4)",
    )
    off = (stated - computed).abs() > PERFORMANCE_TOLERANCE + 1e-9
    problems.flag(
        has_value & off & (numerator <= denominator),
        "performance",
        "disagrees with 100 x Numerator / Denominator by more than "
        f"{PERFORMANCE_TOLERANCE} points (check the row's Numerator, Denominator and "
        "Performance)",
        value=frame["performance"] + " vs " + computed.round(2).astype(str),
    )
    rows = pd.DataFrame(
        {
            "indicator": indicator,
            "code": codes,
            "area": area,
            "ordinal": ordinals,
            "numerator": numerator,
            "denominator": denominator,
            "line": frame["line"],
        }
    ).loc[mapped]
    known = (rows["ordinal"] >= 0) & rows["area"].str.match(_AREA_CODE_RE)
    repeated = rows.duplicated(["code", "area", "ordinal"], keep=False) & known
    if repeated.any():
        groups = rows.loc[repeated].groupby(["code", "area", "ordinal"])["line"].agg(list)
        for (code, where, quarter), lines in groups.items():
            label = ordinal_labels(np.array([quarter]))[0]
            problems.add(
                lines[0],
                f"lines {', '.join(map(str, lines))} all give service level {code} for "
                f"{where} in {label} (columns 'Service Level Code', 'Local Authority Code', "
                "'Period'): keep one",
            )
    problems.raise_if_any(path)
    return rows.reset_index(drop=True)


def aggregate(rows: pd.DataFrame, quarters: tuple[str, ...]) -> pd.DataFrame:
    """Sum numerators and denominators per (indicator, area, quarter) for the asked-for
    quarters, and compute ``value = 100 * numerator / denominator``.

    Several service levels mapped to one indicator are added together. A quarter whose
    denominator is zero (nobody to count) gives no row.
    """
    wanted = labels_to_ordinals(pd.Series(list(quarters), dtype=object))
    kept = rows.loc[rows["ordinal"].isin(wanted)]
    totals = (
        kept.groupby(["indicator", "area", "ordinal"], as_index=False)[["numerator", "denominator"]]
        .sum()
        .query("denominator > 0")
    )
    out = pd.DataFrame(
        {
            "indicator": totals["indicator"].astype(object),
            "area": totals["area"].astype(object),
            "period": ordinal_labels(totals["ordinal"].to_numpy()),
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
    """The extract to read: ``options["path"]`` (relative to ``request.base``) or the
    packaged sample."""
    given = request.options.get("path")
    if given is None or str(given).strip() == "":
        return sample_path()
    path = Path(str(given)).expanduser()
    return path if path.is_absolute() else Path(request.base) / path


def fetch(request: FetchRequest) -> pd.DataFrame:
    """Read the extract and return the observation frame for the request's quarters,
    marked as sample data when the extract read is the packaged synthetic sample."""
    path = extract_path(request)
    table = service_level_table(request.options, str(path))
    frame = aggregate(parse_rows(path, table), request.quarters)
    # Compared resolved, so a path option naming the packaged file is marked too.
    if path.resolve() == sample_path().resolve():
        return mark_sample(frame, f"the packaged synthetic CRC extract {SAMPLE}")
    return frame
