"""Write the synthetic IOM tracker export shipped with the plugin (deterministic).

Run from the plugin folder: ``python scripts/make_sample.py``. It writes
``src/ssp_targets_iom/data/cohort.csv`` and ``offences.csv``: a made-up Stockton IOM
cohort of about 40 nominals at a time (plus a few Middlesbrough and Hartlepool
nominals), adopted from 2012 to March 2020, about a quarter of them domestic abuse
perpetrators, with proven offences and arrests from 2010 to March 2020. Offending falls
by roughly 40-45% after adoption (roughly 25% for DA perpetrators). No real person or
record is represented.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20170401
FIRST_ADOPTION = pd.Timestamp("2012-01-01")
END = pd.Timestamp("2020-03-31")
ADOPTIONS_PER_MONTH = 2.1  # Stockton: ~40 on the cohort with a mean stay of ~17 months
MEAN_STAY_DAYS = 520
OTHER_AREAS = {"E06000002": 0.05, "E06000001": 0.03}  # Middlesbrough, Hartlepool
DA_SHARE = 0.25
STRANDS = ["Fixed", "Flex", "Free"]
CATEGORIES = {
    "Theft - Shoplifting": 24,
    "Burglary - Residential": 9,
    "Burglary - Business and Community": 5,
    "Vehicle Crime": 8,
    "Other Theft": 8,
    "Violence with Injury": 9,
    "Violence without Injury": 8,
    "Criminal Damage": 8,
    "Drug Offences": 7,
    "Public Order": 6,
    "Robbery": 2,
    "Possession of Weapons": 2,
    "Breach of Order": 4,
}
DA_CATEGORIES = {
    "Violence with Injury": 30,
    "Violence without Injury": 25,
    "Criminal Damage": 12,
    "Breach of Order": 15,
    "Public Order": 8,
    "Theft - Shoplifting": 10,
}

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "ssp_targets_iom" / "data"


def _uk(date: pd.Timestamp) -> str:
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def _events(
    rng: np.random.Generator, start: pd.Timestamp, stop: pd.Timestamp, per_year: float
) -> list[pd.Timestamp]:
    """Dates of a Poisson process with ``per_year`` events a year in [start, stop)."""
    days = (stop - start).days
    if days <= 0 or per_year <= 0:
        return []
    count = rng.poisson(per_year * days / 365.25)
    offsets = np.sort(rng.integers(0, days, size=count))
    return [start + pd.Timedelta(days=int(d)) for d in offsets]


def main() -> None:
    rng = np.random.default_rng(SEED)
    months = pd.date_range(FIRST_ADOPTION, END, freq="MS")
    cohort_rows: list[list[str]] = []
    event_rows: list[tuple[pd.Timestamp, str, str, str]] = []
    number = 0
    for month in months:
        n_new = rng.poisson(ADOPTIONS_PER_MONTH * (1 + sum(OTHER_AREAS.values())))
        for _ in range(n_new):
            number += 1
            nominal = f"IOM-{number:05d}"
            adopted = month + pd.Timedelta(days=int(rng.integers(0, month.days_in_month)))
            if adopted > END:
                continue
            stay = int(rng.gamma(2.0, MEAN_STAY_DAYS / 2.0)) + 60
            deselected = adopted + pd.Timedelta(days=stay)
            still_on = deselected > END
            draw = rng.random()
            area = "E06000004"
            for code, share in OTHER_AREAS.items():
                if draw < share:
                    area = code
                    break
                draw -= share
            da = rng.random() < DA_SHARE
            cohort_rows.append(
                [
                    nominal,
                    _uk(adopted),
                    "" if still_on else _uk(deselected),
                    "Y" if da else "N",
                    area,
                    STRANDS[int(rng.choice(3, p=[0.5, 0.35, 0.15]))],
                ]
            )
            # Offending: a personal rate before adoption, lower on the cohort, lower
            # still once de-selected.
            rate = rng.gamma(3.0, 6.5 / 3.0)
            kept = float(np.clip(rng.normal(0.74 if da else 0.54, 0.18), 0.1, 1.3))
            on_rate, off_rate = rate * kept, rate * kept * 0.8
            spans = [
                (adopted - pd.DateOffset(months=24), adopted, rate),
                (adopted, min(deselected, END + pd.Timedelta(days=1)), on_rate),
                (
                    deselected,
                    min(deselected + pd.DateOffset(months=12), END + pd.Timedelta(days=1)),
                    off_rate,
                ),
            ]
            table = DA_CATEGORIES if da else CATEGORIES
            names = list(table)
            weights = np.array(list(table.values()), dtype=float)
            weights /= weights.sum()
            for start, stop, per_year in spans:
                for kind, factor in (("Offence", 1.0), ("Arrest", 1.3)):
                    for date in _events(rng, start, stop, per_year * factor):
                        category = names[int(rng.choice(len(names), p=weights))]
                        event_rows.append((date, nominal, kind, category))
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "cohort.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(
            [
                "Nominal ID",
                "Adopted",
                "Deselected",
                "DA Perpetrator",
                "Local Authority Code",
                "Cohort Strand",
            ]
        )
        writer.writerows(cohort_rows)
    event_rows.sort()
    with (OUT / "offences.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["Nominal ID", "Event Date", "Event Type", "Offence Category"])
        writer.writerows([nominal, _uk(date), kind, cat] for date, nominal, kind, cat in event_rows)


if __name__ == "__main__":
    main()
