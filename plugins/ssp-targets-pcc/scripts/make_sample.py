"""Write the packaged SYNTHETIC sample exports (fixed seed, so the output never changes).

    python scripts/make_sample.py

writes ``src/ssp_targets_pcc/data/rj_referrals.csv`` (the restorative justice referral
log) and ``src/ssp_targets_pcc/data/confidence_survey.csv`` (public confidence survey
responses) for 1 April 2016 to 31 March 2020. Nothing in them is real: Stockton's quarterly
referral counts and survey percentages follow the core's sample observations
(data/sample/observations.csv); the other districts are invented at lower volumes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20170401
OUT = Path(__file__).resolve().parents[1] / "src" / "ssp_targets_pcc" / "data"

#: The period the samples cover, every day of it drawable. The source states it for them
#: (source.SAMPLE_FROM, SAMPLE_TO): a quarter's few referrals rarely fall on its first
#: or last day, so their own dates would make the first and last quarters look cut.
FIRST_DAY, LAST_DAY = "2016-04-01", "2020-03-31"
QUARTER_STARTS = pd.date_range(FIRST_DAY, LAST_DAY, freq="3MS")  # 16 quarters

#: Stockton's referrals per quarter, as in the core's sample observations.
STOCKTON_RJ = [6, 3, 4, 6, 3, 3, 5, 4, 11, 9, 9, 9, 14, 14, 9, 12]
#: Mean referrals per quarter elsewhere (before / after the April 2018 commissioned service).
OTHER_RJ = {
    "Hartlepool": (1.5, 4.0),
    "Middlesbrough": (2.5, 6.0),
    "Redcar and Cleveland": (1.0, 3.0),
}

#: Stockton's feeling-safe and drugs-a-problem percentages per quarter (core sample).
STOCKTON_SAFE = [83.3, 84.4, 85.1, 85.0, 83.2, 84.6, 85.5, 83.8,
                 87.5, 85.9, 85.9, 85.1, 87.8, 88.6, 86.9, 86.4]  # fmt: skip
STOCKTON_DRUGS = [32.1, 29.9, 32.2, 31.0, 30.9, 28.7, 30.5, 28.6,
                  29.0, 28.4, 27.6, 30.3, 28.2, 26.7, 29.4, 26.0]  # fmt: skip
#: Other districts: respondents a quarter, feeling safe %, drugs a problem %.
OTHER_SURVEY = {
    "Hartlepool": (150, 82.0, 33.0),
    "Middlesbrough": (200, 78.0, 36.0),
    "Redcar and Cleveland": (170, 86.0, 27.0),
}

AGENCIES = [
    "Cleveland Police",
    "National Probation Service",
    "Durham Tees Valley CRC",
    "Youth Offending Service",
    "Victim Care and Advice Service",
    "HMP Holme House",
    "Self-referral",
]
OFFENCES = [
    "Assault",
    "Criminal damage",
    "Theft",
    "Burglary",
    "Anti-social behaviour",
    "Public order",
    "Hate crime",
    "Harassment",
]
OUTCOMES = [
    "Face-to-face conference held",
    "Indirect RJ (shuttle/letter)",
    "Victim declined",
    "Offender unsuitable",
    "Withdrawn",
    "Ongoing",
]
SAFE_SCALE = ["Very safe", "Fairly safe", "A bit unsafe", "Very unsafe", "Don't know"]
DRUG_SCALE = [
    "Very big problem",
    "Fairly big problem",
    "Not a very big problem",
    "Not a problem at all",
    "Don't know",
]


def _dates(rng: np.random.Generator, start: pd.Timestamp, n: int) -> pd.DatetimeIndex:
    days = (start + pd.DateOffset(months=3) - start).days
    return pd.DatetimeIndex(start + pd.to_timedelta(rng.integers(0, days, n), unit="D"))


def make_referrals(rng: np.random.Generator) -> pd.DataFrame:
    """One row per referral, in date order, with IDs numbered per financial year."""
    blocks = []
    for q, start in enumerate(QUARTER_STARTS):
        counts = {"Stockton-on-Tees": STOCKTON_RJ[q]}
        for area, (before, after) in OTHER_RJ.items():
            counts[area] = int(rng.poisson(before if q < 8 else after))
        for area, n in counts.items():
            blocks.append(pd.DataFrame({"date": _dates(rng, start, n), "area": area}))
    log = pd.concat(blocks).sort_values("date", kind="stable").reset_index(drop=True)
    n = len(log)
    fy = np.where(log["date"].dt.month >= 4, log["date"].dt.year, log["date"].dt.year - 1)
    seq = log.groupby(fy).cumcount() + 1
    return pd.DataFrame(
        {
            "Referral ID": [f"RJ{y % 100:02d}-{s:04d}" for y, s in zip(fy, seq, strict=True)],
            "Date Received": log["date"].dt.strftime("%d/%m/%Y"),
            "Referring Agency": rng.choice(AGENCIES, n, p=[0.4, 0.15, 0.15, 0.12, 0.1, 0.05, 0.03]),
            "Local Authority": log["area"],
            "Offence Type": rng.choice(OFFENCES, n),
            "Outcome": rng.choice(OUTCOMES, n, p=[0.25, 0.2, 0.25, 0.1, 0.1, 0.1]),
        }
    )


def _answers(rng: np.random.Generator, p_yes: float, dont_know: float, n: int) -> np.ndarray:
    """Answers on a four-point scale plus Don't know: yes split 45/55, no split 70/30."""
    yes, no = p_yes * (1 - dont_know), (1 - p_yes) * (1 - dont_know)
    probs = [0.45 * yes, 0.55 * yes, 0.7 * no, 0.3 * no, dont_know]
    return rng.choice(5, n, p=np.array(probs) / sum(probs))


def make_survey(rng: np.random.Generator) -> pd.DataFrame:
    """One row per respondent; weights around 0.5-2.0; day and after-dark safety."""
    blocks = []
    for q, start in enumerate(QUARTER_STARTS):
        plan = {
            "Stockton-on-Tees": (int(rng.integers(400, 501)), STOCKTON_SAFE[q], STOCKTON_DRUGS[q])
        }
        for area, (size, safe, drugs) in OTHER_SURVEY.items():
            plan[area] = (int(size * rng.uniform(0.85, 1.15)), safe, drugs)
        for area, (n, safe, drugs) in plan.items():
            night = _answers(rng, safe / 100, 0.02, n)
            day = np.where(night <= 1, rng.choice(2, n, p=[0.7, 0.3]), _answers(rng, 0.7, 0.01, n))
            blocks.append(
                pd.DataFrame(
                    {
                        "date": _dates(rng, start, n),
                        "area": area,
                        "weight": np.clip(rng.lognormal(0.0, 0.3, n), 0.5, 2.0).round(3),
                        "day": np.array(SAFE_SCALE)[day],
                        "night": np.array(SAFE_SCALE)[night],
                        "drugs": np.array(DRUG_SCALE)[_answers(rng, drugs / 100, 0.05, n)],
                    }
                )
            )
    survey = pd.concat(blocks).sort_values("date", kind="stable").reset_index(drop=True)
    return pd.DataFrame(
        {
            "Respondent ID": [f"{100001 + i}" for i in range(len(survey))],
            "Interview Date": survey["date"].dt.strftime("%d/%m/%Y"),
            "Local Authority": survey["area"],
            "Weight": survey["weight"].map("{:.3f}".format),
            "Q_SAFE_DAY": survey["day"],
            "Q_SAFE_NIGHT": survey["night"],
            "Q_DRUGS": survey["drugs"],
        }
    )


def main() -> None:
    """Write both samples."""
    rng = np.random.default_rng(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    make_referrals(rng).to_csv(OUT / "rj_referrals.csv", index=False, lineterminator="\r\n")
    make_survey(rng).to_csv(OUT / "confidence_survey.csv", index=False, lineterminator="\r\n")


if __name__ == "__main__":
    main()
