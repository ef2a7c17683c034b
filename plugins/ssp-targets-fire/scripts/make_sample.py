"""Write the packaged SYNTHETIC sample export, src/ssp_targets_fire/data/cfb-incidents-sample.csv.

An incident-level export in the style of a Cleveland Fire Brigade / Home Office IRS extract
(one row per incident, upper snake case headers), 1 April 2016 to 31 March 2020, for
Stockton-on-Tees (with ward codes), Hartlepool and Middlesbrough (ward left blank: their
ward codes are not known here). Every value is invented.

The number of deliberate primary and secondary fires per district and quarter is exactly
that of the core's sample observations (data/sample/observations.csv, copied below), so the
plugin reproduces those figures; within a quarter, fires are spread over months with the
seasonal shape FORMATS.md §2.5 describes (secondary fires peak in March-April, with a
bonfire bump from late October to early November). Non-counted incidents (accidental and
not-known fires, chimney fires, late calls, false alarms, special services) are added at
reduced rates to keep the file small.

The plugin flags an export's first and last quarters provisional unless a fire falls on
their first and last days; with this seed fires fall on 1 April 2016 and 31 March 2020
(tests/test_fire_sample.py checks), so no quarter of the sample is flagged. The plugin
marks the sample as synthetic when it serves it.

Deterministic: fixed seed. Run from the plugin folder: ``python scripts/make_sample.py``.
"""

from __future__ import annotations

import calendar
import csv
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets import kit

SEED = 20170401
OUT = Path(__file__).resolve().parent.parent / "src" / "ssp_targets_fire" / "data"
OUT_FILE = OUT / "cfb-incidents-sample.csv"

HEADER = [
    "INCIDENT_NUMBER",
    "CALL_DATE_TIME",
    "INCIDENT_TYPE",
    "ACCIDENTAL_OR_DELIBERATE",
    "PROPERTY_CATEGORY",
    "WARD_CODE",
    "WARD_NAME",
    "LA_CODE",
    "LA_NAME",
]

#: The districts' names (LA_NAME) by code (LA_CODE), the code the kit's for the name.
NAMES = ("Stockton-on-Tees", "Middlesbrough", "Hartlepool")
DISTRICTS = dict(zip(kit.area_codes(pd.Series(NAMES)), NAMES, strict=True))

# Deliberate (primary, secondary) fires per quarter, 2016/17 Q1 .. 2019/20 Q4, as in the
# core's data/sample/observations.csv.
TARGETS: dict[str, tuple[list[int], list[int]]] = {
    "E06000004": (
        [35, 33, 33, 26, 35, 34, 34, 25, 33, 28, 34, 28, 33, 33, 36, 25],
        [323, 270, 253, 228, 373, 241, 239, 167, 372, 323, 279, 209, 352, 237, 260, 208],
    ),
    "E06000002": (
        [49, 43, 49, 40, 51, 45, 48, 38, 45, 43, 42, 43, 47, 44, 50, 46],
        [425, 292, 307, 261, 401, 315, 326, 245, 501, 405, 315, 256, 431, 261, 312, 285],
    ),
    "E06000001": (
        [27, 24, 20, 18, 35, 19, 27, 24, 29, 22, 26, 18, 29, 27, 26, 20],
        [247, 197, 210, 139, 246, 159, 192, 153, 300, 229, 191, 137, 203, 170, 147, 153],
    ),
}

# Stockton's 26 wards (2005-2019 boundaries) and a relative weight for deliberate fires.
WARDS = [
    ("E05001527", "Billingham Central", 5),
    ("E05001528", "Billingham East", 6),
    ("E05001529", "Billingham North", 3),
    ("E05001530", "Billingham South", 4),
    ("E05001531", "Billingham West", 2),
    ("E05001532", "Bishopsgarth and Elm Tree", 2),
    ("E05001533", "Eaglescliffe", 1),
    ("E05001534", "Fairfield", 2),
    ("E05001535", "Grangefield", 2),
    ("E05001536", "Hardwick", 7),
    ("E05001537", "Hartburn", 1),
    ("E05001538", "Ingleby Barwick East", 2),
    ("E05001539", "Ingleby Barwick West", 2),
    ("E05001540", "Mandale and Victoria", 9),
    ("E05001541", "Newtown", 9),
    ("E05001542", "Northern Parishes", 1),
    ("E05001543", "Norton North", 4),
    ("E05001544", "Norton South", 4),
    ("E05001545", "Norton West", 1),
    ("E05001546", "Parkfield and Oxbridge", 7),
    ("E05001547", "Roseworth", 7),
    ("E05001548", "Stainsby Hill", 4),
    ("E05001549", "Stockton Town Centre", 10),
    ("E05001550", "Village", 4),
    ("E05001551", "Western Parishes", 1),
    ("E05001552", "Yarm", 1),
]

# Share of a quarter's secondary fires by month (Apr..Jun, Jul..Sep, Oct..Dec, Jan..Mar).
SECONDARY_MONTHS = [[0.45, 0.29, 0.26], [0.36, 0.34, 0.30], [0.40, 0.37, 0.23], [0.22, 0.28, 0.50]]
HOUR_WEIGHTS = np.array(
    [3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 9, 8, 6, 4], dtype=float
)

# Non-counted incidents per quarter in Stockton (other districts get a quarter of this):
# (incident type, motive, property categories, mean).
OTHERS = [
    ("Primary Fire", "Accidental", ["Dwelling", "Road Vehicle", "Non Residential"], 40),
    ("Primary Fire", "Not known", ["Road Vehicle", "Non Residential"], 3),
    ("Secondary Fire", "Accidental", ["Outdoor"], 18),
    ("Secondary Fire", "Not known", ["Outdoor"], 4),
    ("Chimney Fire", "Accidental", ["Dwelling"], 4),
    ("Late Call", "Deliberate", ["Outdoor"], 2),
    ("False Alarm - AFA", "", ["Non Residential", "Dwelling", "Other Residential"], 35),
    ("False Alarm - Good Intent", "", ["Outdoor", "Dwelling"], 20),
    ("False Alarm - Malicious", "", ["Dwelling", "Non Residential"], 5),
    ("Special Service", "", ["Road Vehicle", "Dwelling", "Outdoor"], 45),
]
PRIMARY_PROPERTIES = (
    ["Road Vehicle", "Dwelling", "Non Residential", "Outdoor Structure", "Other Residential"],
    [0.58, 0.16, 0.13, 0.09, 0.04],
)
SECONDARY_PROPERTIES = (["Outdoor", "Outdoor Structure", "Road Vehicle"], [0.82, 0.10, 0.08])


def quarter_months(fy_start: int, q: int) -> list[tuple[int, int]]:
    """(year, month) of the three months of financial-year quarter ``q``."""
    first = 4 + 3 * (q - 1)
    months = [first, first + 1, first + 2]
    return [(fy_start if m <= 12 else fy_start + 1, (m - 1) % 12 + 1) for m in months]


def random_times(rng: np.random.Generator, year: int, month: int, n: int) -> list[str]:
    """``n`` call times in a month, evenings likelier; late Oct / early Nov weighted up."""
    days = calendar.monthrange(year, month)[1]
    weights = np.ones(days)
    if month == 10:
        weights[24:] = 3.0
    if month == 11:
        weights[:6] = 3.0
    day = rng.choice(days, size=n, p=weights / weights.sum()) + 1
    hour = rng.choice(24, size=n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    minute = rng.integers(0, 60, size=n)
    return [
        f"{year:04d}-{month:02d}-{d:02d} {h:02d}:{m:02d}"
        for d, h, m in zip(day, hour, minute, strict=True)
    ]


def split(rng: np.random.Generator, total: int, shares: list[float]) -> list[int]:
    """Split ``total`` over months in random proportion around ``shares``."""
    return [int(k) for k in rng.multinomial(total, np.array(shares) / sum(shares))]


def main() -> None:
    rng = np.random.default_rng(SEED)
    ward_p = np.array([w for _, _, w in WARDS], dtype=float)
    ward_p /= ward_p.sum()
    rows: list[tuple[str, str, str, str, str, str]] = []  # (iso time, type, motive, prop, la, ward)

    def add(times: list[str], kind: str, motives: list[str], props: list[str], la: str) -> None:
        for i, t in enumerate(times):
            ward = ""
            if la == "E06000004":
                ward = WARDS[int(rng.choice(len(WARDS), p=ward_p))][0]
            rows.append((t, kind, motives[i], props[i], la, ward))

    for la, (primary, secondary) in TARGETS.items():
        scale = 1.0 if la == "E06000004" else 0.25
        for index in range(16):
            fy, q = 2016 + index // 4, index % 4 + 1
            months = quarter_months(fy, q)
            for kind, total, shares in (
                ("Primary Fire", primary[index], [1 / 3, 1 / 3, 1 / 3]),
                ("Secondary Fire", secondary[index], SECONDARY_MONTHS[q - 1]),
            ):
                for (year, month), n in zip(months, split(rng, total, shares), strict=True):
                    if n == 0:
                        continue
                    motives = [
                        "Doubtful" if rng.random() < 0.06 else "Deliberate" for _ in range(n)
                    ]
                    pool, p = PRIMARY_PROPERTIES if kind == "Primary Fire" else SECONDARY_PROPERTIES
                    props = list(rng.choice(pool, size=n, p=p))
                    add(random_times(rng, year, month, n), kind, motives, props, la)
            for kind, motive, props_pool, mean in OTHERS:
                for year, month in months:
                    n = int(rng.poisson(mean * scale / 3))
                    if n == 0:
                        continue
                    props = list(rng.choice(props_pool, size=n))
                    add(random_times(rng, year, month, n), kind, [motive] * n, props, la)

    rows.sort()
    ward_names = {code: name for code, name, _ in WARDS}
    OUT.mkdir(parents=True, exist_ok=True)
    sequence: dict[str, int] = {}
    with OUT_FILE.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for iso, kind, motive, prop, la, ward in rows:
            year = iso[:4]
            sequence[year] = sequence.get(year, 0) + 1
            date = f"{iso[8:10]}/{iso[5:7]}/{iso[:4]} {iso[11:16]}"
            # Like real extracts, some type values carry trailing spaces (the parser trims).
            shown_kind = kind + "  " if rng.random() < 0.08 else kind
            writer.writerow(
                [
                    f"{year}{sequence[year]:05d}",
                    date,
                    shown_kind,
                    motive,
                    prop + " " if rng.random() < 0.1 else prop,
                    ward,
                    ward_names.get(ward, ""),
                    la,
                    DISTRICTS[la],
                ]
            )


if __name__ == "__main__":
    main()
