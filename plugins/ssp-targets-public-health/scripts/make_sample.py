"""Write the packaged SYNTHETIC Fingertips export (deterministic: fixed seed).

    python scripts/make_sample.py

writes ``src/ssp_targets_public_health/data/fingertips-treatment-completions.csv``: the
27-column Fingertips data CSV (the ``by_indicator_id`` layout with England as parent, so
column 23 is "Compared to percentiles"), three indicators (90244 opiate, 90245
non-opiate, 92447 alcohol), Persons 18+, for Stockton-on-Tees, its four Tees Valley
neighbours and England, one row per rolling year ending in each quarter from 2016/17 Q1
to 2019/20 Q4 (time periods such as ``2018/19 Q2 - 2019/20 Q1``).

Stockton's counts and denominators are those of the core's synthetic
``data/sample/observations.csv``; the other areas are drawn at random around plausible
rates. Every Value is 100 * Count / Denominator and the CIs are Wilson score intervals.
None of it is real data.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

OUT = (
    Path(__file__).resolve().parent.parent
    / "src"
    / "ssp_targets_public_health"
    / "data"
    / "fingertips-treatment-completions.csv"
)
SEED = 20170401

HEADER = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]

INDICATORS = {
    90244: "Successful completion of drug treatment: opiate users",
    90245: "Successful completion of drug treatment: non-opiate users",
    92447: "Successful completion of alcohol treatment",
}

# Stockton-on-Tees, 2016/17 Q1 .. 2019/20 Q4: (count, denominator), as in the core's
# synthetic data/sample/observations.csv.
STOCKTON = {
    90244: [
        (33, 595), (42, 616), (33, 592), (37, 585), (38, 585), (41, 603), (40, 582), (42, 601),
        (43, 603), (44, 611), (45, 583), (48, 592), (43, 606), (43, 607), (48, 597), (48, 586),
    ],
    90245: [
        (82, 241), (89, 236), (91, 257), (88, 244), (98, 255), (95, 250), (91, 242), (98, 241),
        (91, 238), (94, 255), (103, 263), (99, 259), (96, 251), (98, 241), (106, 256),
        (104, 235),
    ],
    92447: [
        (134, 344), (138, 357), (139, 342), (138, 346), (131, 348), (142, 354), (127, 338),
        (133, 343), (128, 342), (131, 352), (154, 362), (148, 355), (128, 336), (149, 337),
        (140, 342), (146, 343),
    ],
}  # fmt: skip

# Other areas: (code, name, type, size relative to Stockton, rate offset in points).
OTHERS = [
    ("E06000001", "Hartlepool", "UA", 0.62, -0.8),
    ("E06000002", "Middlesbrough", "UA", 0.95, -2.0),
    ("E06000003", "Redcar and Cleveland", "UA", 0.58, 0.6),
    ("E06000005", "Darlington", "UA", 0.48, 1.2),
]
# England: (denominator, rate in %) per indicator.
ENGLAND = {90244: (141_000, 6.2), 90245: (47_500, 36.4), 92447: (76_000, 38.6)}


def wilson(count: float, total: float, z: float) -> tuple[float, float]:
    """Wilson score interval for count/total, in percent."""
    p = count / total
    centre = p + z * z / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    scale = 1 + z * z / total
    return 100 * (centre - spread) / scale, 100 * (centre + spread) / scale


def fmt(x: float) -> str:
    """Numbers as Fingertips writes them: full precision, no trailing zeros."""
    return f"{x:.10g}"


def quarters() -> list[tuple[int, int]]:
    """(financial start year, quarter) from 2016/17 Q1 to 2019/20 Q4."""
    return [(year, q) for year in range(2016, 2020) for q in range(1, 5)]


def fy(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def rolling(year: int, q: int) -> tuple[str, int]:
    """The rolling year ending in (year, q): its label and Time period Sortable."""
    start_year, start_q = (year, q + 1) if q < 4 else (year + 1, 1)
    start_year -= 1
    label = f"{fy(start_year)} Q{start_q} - {fy(year)} Q{q}"
    return label, start_year * 10_000 + start_q * 100


def main(out: Path = OUT) -> None:
    rng = np.random.default_rng(SEED)
    rows: list[list[str]] = []
    periods = quarters()
    for fid, name in INDICATORS.items():
        eng_den, eng_rate = ENGLAND[fid]
        stockton_base = np.mean([d for _, d in STOCKTON[fid]])
        for i, (year, q) in enumerate(periods):
            label, sortable = rolling(year, q)
            latest = i == len(periods) - 1
            figures: list[tuple[str, str, str, int, int]] = []
            den = int(eng_den * rng.normal(1, 0.01))
            rate = eng_rate + 0.05 * i + rng.normal(0, 0.15)
            figures.append(("E92000001", "England", "England", round(den * rate / 100), den))
            count_s, den_s = STOCKTON[fid][i]
            for code, area, kind, size, offset in OTHERS[:3]:
                den = int(stockton_base * size * rng.normal(1, 0.04))
                st_rate = 100 * count_s / den_s
                rate = max(
                    0.5,
                    st_rate
                    + offset * (0.4 if fid == 90244 else 1)
                    + rng.normal(0, 1.2 if fid == 90244 else 3),
                )
                figures.append((code, area, kind, int(rng.binomial(den, rate / 100)), den))
            figures.append(("E06000004", "Stockton-on-Tees", "UA", count_s, den_s))
            code, area, kind, size, offset = OTHERS[3]
            den = int(stockton_base * size * rng.normal(1, 0.04))
            rate = max(
                0.5, 100 * count_s / den_s + offset + rng.normal(0, 1.2 if fid == 90244 else 3)
            )
            figures.append((code, area, kind, int(rng.binomial(den, rate / 100)), den))

            england_value = 100 * figures[0][3] / figures[0][4]
            for code, area, kind, count, den in figures:
                value = 100 * count / den
                lo95, hi95 = wilson(count, den, 1.959964)
                lo998, hi998 = wilson(count, den, 3.090232)
                is_england = code == "E92000001"
                if is_england:
                    compared = "Not compared"
                elif lo95 > england_value:
                    compared = "Better"
                elif hi95 < england_value:
                    compared = "Worse"
                else:
                    compared = "Similar"
                rows.append(
                    [
                        str(fid),
                        name,
                        "" if is_england else "E92000001",
                        "" if is_england else "England",
                        code,
                        area,
                        kind,
                        "Persons",
                        "18+ yrs",
                        "",
                        "",
                        label,
                        fmt(value),
                        fmt(lo95),
                        fmt(hi95),
                        fmt(lo998),
                        fmt(hi998),
                        str(count),
                        str(den),
                        "",
                        "No significant change" if latest else "",
                        compared,
                        "Not compared",
                        str(sortable),
                        "",
                        "",
                        "1y",
                    ]
                )
    write_csv(out, HEADER, rows)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write a Fingertips-style CSV (UTF-8, Unix line ends): the sample, and the tests' files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


if __name__ == "__main__":
    main()
