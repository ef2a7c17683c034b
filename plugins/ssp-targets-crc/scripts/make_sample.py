"""Write the packaged SYNTHETIC CRC service-level performance extract.

Deterministic (fixed seed); the area codes are the plugin's own reading of the names, so
the plugin must be installed. Run from anywhere::

    python scripts/make_sample.py

One row per service level, local authority and quarter, April 2016 (2016/17 Q1) to
March 2020 (2019/20 Q4), for the six local authorities of the Durham Tees Valley CRC.
Stockton-on-Tees' figures for the four mapped service levels are those of the core's
sample observations (data/sample/observations.csv); every other figure is drawn from
illustrative ranges (FORMATS.md section 3.3, all unverified). The service-level codes
SL013-SL016 are placeholders: the real codes are not confirmed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
from ssp_targets_crc.compute import AREA_NAMES

from ssp_targets import kit

OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "ssp_targets_crc"
    / "data"
    / "crc-service-levels-2016-2020.csv"
)
SEED = 20170401
CRC = "Durham Tees Valley"
HEADER = [
    "CRC",
    "Service Level Code",
    "Service Level Description",
    "Local Authority Code",
    "Local Authority",
    "Period",
    "Numerator",
    "Denominator",
    "Performance",
    "Target",
]

#: (code, description, target %, Stockton denominator a quarter, rate range %).
#: SL001R, SL002R, SL006R, AE and AK are real Schedule 9 codes (their figures here are
#: invented); SL013-SL016 are placeholders for the unconfirmed completions, recall and
#: accommodation service levels.
SERVICE_LEVELS = [
    ("SL001R", "Initial offender contact – community order & SSO", 96.0, 140, (93.5, 97.5)),
    ("SL002R", "Initial offender contact – licence", 96.0, 85, (93.5, 98.0)),
    ("SL006R", "Priority of arrangement of unpaid work", 90.0, 60, (85.0, 95.0)),
    ("AE", "Breach referral timeliness", 90.0, 35, (86.0, 93.0)),
    ("AK", "Offenders offered monthly contact", 95.0, 1050, (92.0, 98.0)),
    (
        "SL013",
        "Positive completions of Community Orders and Suspended Sentence Orders",
        75.0,
        145,
        (70.0, 80.0),
    ),
    (
        "SL014",
        "Positive completions of licences and post-sentence supervision",
        70.0,
        80,
        (60.0, 75.0),
    ),
    ("SL015", "Offenders on licence or post-sentence supervision recalled", 8.0, 250, (5.0, 12.0)),
    ("SL016", "Offenders released from prison with settled accommodation", 85.0, 90, (80.0, 90.0)),
]

#: Each local authority's caseload relative to Stockton, by its name in the extract.
SCALES = {
    "Hartlepool": 0.55,
    "Middlesbrough": 0.95,
    "Redcar and Cleveland": 0.60,
    "Stockton-on-Tees": 1.00,
    "Darlington": 0.55,
    "County Durham": 2.30,
}
#: (code, name, scale) of each, the code as the plugin reads the name (the kit's Tees
#: Valley names and County Durham).
AREAS = [
    (code, name, SCALES[name])
    for name, code in zip(SCALES, kit.area_codes(pd.Series(list(SCALES)), AREA_NAMES), strict=True)
]

#: Stockton's (numerator, denominator) per quarter 2016/17 Q1 .. 2019/20 Q4, as in the
#: core's data/sample/observations.csv.
STOCKTON = {
    "SL013": [
        (102, 131),
        (114, 144),
        (118, 158),
        (132, 170),
        (104, 134),
        (105, 131),
        (105, 133),
        (112, 144),
        (117, 152),
        (105, 145),
        (108, 143),
        (107, 139),
        (128, 168),
        (109, 148),
        (132, 165),
        (118, 151),
    ],
    "SL014": [
        (48, 72),
        (56, 88),
        (63, 90),
        (44, 67),
        (53, 79),
        (50, 75),
        (55, 82),
        (65, 87),
        (60, 85),
        (56, 78),
        (54, 81),
        (57, 85),
        (44, 66),
        (55, 83),
        (53, 75),
        (56, 80),
    ],
    "SL015": [
        (20, 266),
        (21, 261),
        (18, 243),
        (17, 256),
        (19, 233),
        (20, 244),
        (18, 270),
        (20, 257),
        (15, 234),
        (23, 250),
        (19, 252),
        (19, 269),
        (19, 239),
        (17, 238),
        (22, 240),
        (21, 256),
    ],
    "SL016": [
        (92, 109),
        (75, 86),
        (95, 109),
        (86, 101),
        (78, 88),
        (84, 94),
        (81, 92),
        (93, 106),
        (75, 87),
        (77, 94),
        (84, 99),
        (82, 95),
        (77, 87),
        (86, 101),
        (90, 104),
        (92, 105),
    ],
}

QUARTER_MONTHS = ["Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar"]


def periods() -> list[str]:
    """The 16 quarters as the extract writes them ("Apr-Jun 2016" ... "Jan-Mar 2020")."""
    out = []
    for start in range(2016, 2020):
        for q, months in enumerate(QUARTER_MONTHS):
            out.append(f"{months} {start + 1 if q == 3 else start}")
    return out


def rows() -> list[list[str]]:
    """Every data row of the sample, in period, area, service-level order."""
    rng = np.random.default_rng(SEED)
    out = []
    for i, period in enumerate(periods()):
        for area_code, area_name, scale in AREAS:
            for code, description, target, base, (low, high) in SERVICE_LEVELS:
                if area_code == "E06000004" and code in STOCKTON:
                    numerator, denominator = STOCKTON[code][i]
                else:
                    denominator = max(1, int(rng.poisson(base * scale)))
                    rate = rng.uniform(low, high) / 100
                    numerator = int(rng.binomial(denominator, rate))
                performance = 100 * numerator / denominator
                out.append(
                    [
                        CRC,
                        f"CRC SCH9 {code}",
                        description,
                        area_code,
                        area_name,
                        period,
                        str(numerator),
                        str(denominator),
                        f"{performance:.1f}",
                        f"{target:.1f}",
                    ]
                )
    return out


def main() -> None:
    """Write the sample file."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows())


if __name__ == "__main__":
    main()
