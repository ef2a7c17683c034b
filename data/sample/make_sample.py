"""Write the synthetic sample data: observations.csv and commentary.csv, next to this file.

SYNTHETIC DATA. Every figure here is made up. None is a real figure for Stockton-on-Tees
or any other area. The numbers are sized like a borough of about 197,000 people, using
the magnitudes gathered in the project's research notes (shared/FORMATS.md sections 1.6,
2.5, 3.3, 4.4, 5, 6 and 7), so that the library, its tests and its dashboards have
something realistic to work on.

What it models, quarter by quarter from 2016/17 Q1 to 2019/20 Q4 (2016/17 is there so
that "same quarter last year" targets can be worked out for the plan's first year):

* every indicator named by a quantitative measure of definitions/ssp-2017-20.toml, for
  Stockton-on-Tees (E06000004);
* police ASB incidents, the crime rate per 1,000 and deliberate primary and secondary
  fires also for Middlesbrough (E06000002) and Hartlepool (E06000001), as comparators;
* counts as a trend times a seasonal factor plus noise (ASB and secondary fires peak in
  spring and summer, with a bonfire bump in Q3; alcohol related arrests peak at
  Christmas; the summer 2018 heatwave lifts outdoor fires);
* percentages as a whole-number numerator over a whole-number denominator, the value
  being exactly 100 * numerator / denominator (written to 6 decimal places);
* the crime rate as crimes per 1,000 residents, with the crimes as numerator and a fixed
  population as denominator.

A few figures are pinned by hand so that the 2018/19 Q2 report tells a story: some
measures green, some amber, some red, trends both ways (see PINS below). The commentary
gives the owners' self-assessments of the qualitative measures every quarter of the plan
and the exception commentary for the pinned amber and red figures.

Deterministic: a fixed seed and the standard library only. Run

    python3 data/sample/make_sample.py

to rewrite both CSV files; the script then checks them and prints the 2018/19 Q2
statuses it expects under the plan's rules.
"""

from __future__ import annotations

import csv
import random
import tomllib
from pathlib import Path
from typing import Any

SEED = 20170401
HERE = Path(__file__).resolve().parent
PLAN_FILE = HERE.parent.parent / "definitions" / "ssp-2017-20.toml"

STOCKTON, MIDDLESBROUGH, HARTLEPOOL = "E06000004", "E06000002", "E06000001"
POPULATION = {STOCKTON: 197_000, MIDDLESBROUGH: 141_000, HARTLEPOOL: 93_000}

YEARS = [2016, 2017, 2018, 2019]
QUARTERS = [f"{y}/{(y + 1) % 100:02d} Q{q}" for y in YEARS for q in (1, 2, 3, 4)]
LATEST = QUARTERS[-1]
STORY = "2018/19 Q2"

OBS_COLUMNS = ["indicator", "area", "period", "value", "numerator", "denominator", "flag", "note"]
COMMENT_COLUMNS = ["measure", "period", "rag", "text", "author"]

Row = dict[str, Any]  # one CSV row, keyed by column

# Figures pinned by hand: (indicator, quarter) -> count, or (numerator, denominator).
# Stockton only. The comments give the status each should produce at 2018/19 Q2.
PINS: dict[tuple[str, str], float | tuple[int, int]] = {
    # 1.3 target 75, band 5: 76.97 in Q1, then 72.41 -> amber, worsening.
    ("crc:co_sso_positive_completions", "2018/19 Q1"): (117, 152),
    ("crc:co_sso_positive_completions", STORY): (105, 145),
    # 1.4 target 70, band 5: 71.79 -> green.
    ("crc:licence_positive_completions", STORY): (56, 78),
    # 1.5 target 8 (lower), band 2: 9.2 -> amber.
    ("crc:recalls", STORY): (23, 250),
    # 1.6 -5% on 16 -> target 15.2, band 10%: 12 -> green, improving.
    ("yot:first_time_entrants", "2017/18 Q2"): 16,
    ("yot:first_time_entrants", STORY): 12,
    # 2.1 target 86 in 2018/19, band 3: 81.91 -> red; 84.85 in Q3 -> amber.
    ("crc:settled_accommodation_on_release", STORY): (77, 94),
    ("crc:settled_accommodation_on_release", "2018/19 Q3"): (84, 99),
    # 3.1 target 30 (lower), band 3: 28.35 -> green.
    ("pcc:drug_dealing_problem", STORY): (131, 462),
    # 3.4 -5% on 170 -> 161.5, band 5% (plan default): 188 -> red; Q3 -5% on 205 ->
    # 194.75: 199 -> amber.
    ("police:alcohol_related_arrests", "2017/18 Q2"): 170,
    ("police:alcohol_related_arrests", STORY): 188,
    ("police:alcohol_related_arrests", "2017/18 Q3"): 205,
    ("police:alcohol_related_arrests", "2018/19 Q3"): 199,
    # 3.5 hold last year's rate, band 2: opiate 6.80 -> 7.20 green; non-opiate
    # 38.00 -> 36.86 amber; alcohol 40.11 -> 37.22 red.
    ("public-health:opiate_successful_completions", "2017/18 Q2"): (41, 603),
    ("public-health:opiate_successful_completions", STORY): (44, 611),
    ("public-health:non_opiate_successful_completions", "2017/18 Q2"): (95, 250),
    ("public-health:non_opiate_successful_completions", STORY): (94, 255),
    ("public-health:alcohol_successful_completions", "2017/18 Q2"): (142, 354),
    ("public-health:alcohol_successful_completions", STORY): (131, 352),
    # 4.2 -5% on 1,420 -> 1,349, band 5%: 1,388 -> amber; repeat victims -5% on 71 ->
    # 67.45: 58 -> green, improving.
    ("police:asb_incidents", "2017/18 Q2"): 1420,
    ("police:asb_incidents", STORY): 1388,
    ("community-safety:asb_repeat_victims", "2017/18 Q2"): 71,
    ("community-safety:asb_repeat_victims", STORY): 58,
    # 4.3 target 85, band 3: 87.53 in Q1, 85.90 in Q2 -> green but worsening.
    ("pcc:feeling_safe", "2018/19 Q1"): (421, 481),
    ("pcc:feeling_safe", STORY): (402, 468),
    # 1.1 the small DA subgroup goes negative once.
    ("iom:offending_reduction_da", "2017/18 Q1"): -4.8,
}

# Flags and notes (Stockton only; provisional applies to every area).
REVISED = {
    ("police:alcohol_related_arrests", "2018/19 Q1"): (
        177,
        "Revised from 171: a re-audit of custody records in August 2018 found six arrests "
        "missing the alcohol marker.",
    ),
}
NOTES = {
    ("iom:offending_reduction_da", "2017/18 Q1"): (
        "Subgroup of 9 DA perpetrators; one offender's further offences account for the rise."
    ),
}
PROVISIONAL_SOURCES = ("police", "fire", "public-health")  # provisional at LATEST


def _t(i: int) -> float:
    """Position of quarter i along the series, 0.0 at the start and 1.0 at the end."""
    return i / (len(QUARTERS) - 1)


def _lerp(a: float, b: float, i: int) -> float:
    return a + (b - a) * _t(i)


def _clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def _quarter_no(label: str) -> int:
    return int(label[-1])


class Generator:
    """Makes the rows, always drawing random numbers in the same order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: list[Row] = []

    # -- writers of one series --------------------------------------------------------

    def counts(
        self,
        indicator: str,
        area: str,
        start: float,
        end: float,
        season: tuple[float, float, float, float],
        sd: float,
        lo: int,
        hi: int,
        year_factor: dict[str, float] | None = None,
    ) -> None:
        for i, period in enumerate(QUARTERS):
            mean = _lerp(start, end, i) * season[_quarter_no(period) - 1]
            mean *= (year_factor or {}).get(period, 1.0)
            value = round(_clamp(self.rng.gauss(mean, sd), lo, hi))
            self.add(indicator, area, period, value)

    def percents(
        self,
        indicator: str,
        start: float,
        end: float,
        sd: float,
        lo: float,
        hi: float,
        base: tuple[int, int],
    ) -> None:
        for i, period in enumerate(QUARTERS):
            denominator = self.rng.randint(*base)
            rate = _clamp(self.rng.gauss(_lerp(start, end, i), sd), lo, hi)
            numerator = round(rate * denominator / 100)
            self.add_ratio(indicator, STOCKTON, period, numerator, denominator, 100)

    def numbers(self, indicator: str, start: float, end: float, sd: float) -> None:
        for i, period in enumerate(QUARTERS):
            self.add(
                indicator, STOCKTON, period, round(self.rng.gauss(_lerp(start, end, i), sd), 1)
            )

    def crime_rate(self, area: str, start: float, end: float, sd: float) -> None:
        season = (1.01, 1.03, 0.99, 0.97)
        for i, period in enumerate(QUARTERS):
            mean = _lerp(start, end, i) * season[_quarter_no(period) - 1]
            crimes = round(self.rng.gauss(mean, sd))
            self.add_ratio(
                "police:crime_rate_per_1000", area, period, crimes, POPULATION[area], 1000
            )

    # -- one row ------------------------------------------------------------------------

    def add(self, indicator: str, area: str, period: str, value: float) -> None:
        pinned = PINS.get((indicator, period)) if area == STOCKTON else None
        if isinstance(pinned, int | float):
            value = pinned
        self.rows.append(self._row(indicator, area, period, value, "", ""))

    def add_ratio(
        self, indicator: str, area: str, period: str, numerator: int, denominator: int, scale: int
    ) -> None:
        pinned = PINS.get((indicator, period)) if area == STOCKTON else None
        if isinstance(pinned, tuple):
            numerator, denominator = pinned
        value = round(scale * numerator / denominator, 6)
        self.rows.append(self._row(indicator, area, period, value, numerator, denominator))

    @staticmethod
    def _row(
        indicator: str, area: str, period: str, value: float, numerator: object, denominator: object
    ) -> Row:
        flag, note = "", ""
        if area == STOCKTON and (indicator, period) in REVISED:
            value, note = REVISED[(indicator, period)]
            flag = "revised"
        if area == STOCKTON:
            note = NOTES.get((indicator, period), note)
        if period == LATEST and indicator.split(":")[0] in PROVISIONAL_SOURCES:
            flag = "provisional"
        return {
            "indicator": indicator,
            "area": area,
            "period": period,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "flag": flag,
            "note": note,
        }

    # -- the whole set, in plan order -----------------------------------------------------

    def observations(self) -> list[Row]:
        s = STOCKTON
        # 1.1 IOM: % reduction in offending after adoption; the DA subgroup is small, noisy.
        self.numbers("iom:offending_reduction", 34.0, 47.0, 4.0)
        self.numbers("iom:offending_reduction_da", 20.0, 34.0, 9.0)
        # 1.2 offences by the IOM cohort, falling.
        self.counts("iom:cohort_offences", s, 52, 31, (1.0, 1.0, 1.0, 1.0), 5, 20, 60)
        # 1.3, 1.4, 1.5 CRC returns.
        self.percents("crc:co_sso_positive_completions", 76.0, 77.0, 1.8, 70, 80, (130, 170))
        self.percents("crc:licence_positive_completions", 66.0, 71.0, 2.5, 60, 75, (65, 90))
        self.percents("crc:recalls", 7.8, 7.0, 1.0, 5, 12, (230, 270))
        # 1.6 first time entrants, falling.
        self.counts("yot:first_time_entrants", s, 19, 10, (1.0, 1.05, 1.0, 0.95), 2, 8, 22)
        # 1.7 RJ referrals: few until the commissioned service starts in April 2018.
        for period in QUARTERS:
            low, high = (2, 6) if period < "2018/19" else (6, 15)
            self.add("pcc:rj_referrals", s, period, self.rng.randint(low, high))
        # 2.1 settled accommodation on release.
        self.percents("crc:settled_accommodation_on_release", 86.5, 87.5, 1.4, 80, 90, (85, 110))
        # 2.6 hate cases: reporting rising.
        self.counts("police:hate_cases", s, 58, 82, (0.97, 1.06, 1.0, 0.97), 5, 50, 90)
        self.counts("community-safety:tprc_hate_cases", s, 5, 11, (1.0, 1.0, 1.0, 1.0), 2, 3, 15)
        # 3.1 PCC survey: drug dealing seen as a problem, easing.
        self.percents("pcc:drug_dealing_problem", 31.5, 28.0, 1.5, 25, 35, (400, 500))
        # 3.4 alcohol related arrests: Christmas peak.
        self.counts(
            "police:alcohol_related_arrests", s, 176, 160, (1.0, 1.02, 1.15, 0.85), 8, 120, 220
        )
        # 3.5 treatment completions (CGL, via Public Health).
        self.percents(
            "public-health:opiate_successful_completions", 6.5, 7.3, 0.5, 5, 9, (580, 620)
        )
        self.percents(
            "public-health:non_opiate_successful_completions", 37.0, 40.0, 1.8, 30, 45, (235, 265)
        )
        self.percents(
            "public-health:alcohol_successful_completions", 39.0, 41.0, 1.8, 30, 45, (335, 365)
        )
        # 4.1 crime per 1,000 residents: Stockton lowest in the Tees Valley (plan).
        self.crime_rate(s, 3800, 4080, 40)
        self.crime_rate(MIDDLESBROUGH, 4400, 4700, 60)
        self.crime_rate(HARTLEPOOL, 2250, 2420, 40)
        # 4.2 ASB incidents, falling slowly, summer peak; comparators; repeat victims.
        asb_season = (1.02, 1.06, 0.97, 0.95)
        self.counts("police:asb_incidents", s, 1410, 1290, asb_season, 25, 1200, 1500)
        self.counts("police:asb_incidents", MIDDLESBROUGH, 1520, 1400, asb_season, 30, 1250, 1700)
        self.counts("police:asb_incidents", HARTLEPOOL, 800, 740, asb_season, 20, 650, 900)
        self.counts(
            "community-safety:asb_repeat_victims", s, 80, 55, (1.0, 1.05, 1.0, 0.95), 5, 40, 90
        )
        # 4.3 PCC survey: feeling safe.
        self.percents("pcc:feeling_safe", 84.5, 87.0, 1.2, 80, 90, (400, 500))
        # 4.4 deliberate fires; the summer 2018 heatwave lifts outdoor (secondary) fires.
        primary_season = (1.1, 1.0, 1.05, 0.85)
        secondary_season = (1.45, 1.0, 1.1, 0.85)
        heatwave = {"2018/19 Q1": 1.2, "2018/19 Q2": 1.3}
        # area, mean primary and its range, mean secondary and its range
        for area, primary, p_lo, p_hi, secondary, s_lo, s_hi in (
            (s, 32, 25, 40, 235, 150, 400),
            (MIDDLESBROUGH, 44, 30, 60, 300, 190, 520),
            (HARTLEPOOL, 24, 15, 35, 170, 100, 300),
        ):
            fires = "fire:deliberate_primary_fires"
            self.counts(fires, area, primary, primary, primary_season, 3, p_lo, p_hi)
            fires = "fire:deliberate_secondary_fires"
            self.counts(
                fires, area, secondary, secondary, secondary_season, 18, s_lo, s_hi, heatwave
            )
        return self.rows


# -- commentary ------------------------------------------------------------------------------

PLAN_QUARTERS = [q for q in QUARTERS if q >= "2017/18"]

# Qualitative measures: the owner's self-assessed RAG and update for each plan quarter.
QUALITATIVE: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "2.2": (
        "Prevent Co-ordinator",
        [
            (
                "green",
                "Twelve Workshops to Raise Awareness of Prevent (WRAP) delivered to 214 "
                "staff in schools, housing and health; the Channel panel met monthly.",
            ),
            (
                "green",
                "Prevent awareness sessions delivered to nine community and faith groups; "
                "the borough remains assessed as low risk with no specific emerging threat.",
            ),
            (
                "amber",
                "Only five of ten planned training sessions delivered while the trainer "
                "post was vacant for six weeks; catch-up sessions are booked for January.",
            ),
            (
                "green",
                "Training backlog cleared with eleven sessions in the quarter and Prevent "
                "e-learning added to the council's mandatory induction.",
            ),
            (
                "green",
                "Counter-Terrorism Local Profile briefing given to partners and the Prevent "
                "duty self-assessment completed with schools and colleges.",
            ),
            (
                "green",
                "Community engagement events held in three wards with faith and voluntary "
                "sector partners; the referral pathway leaflet has been refreshed.",
            ),
            (
                "amber",
                "Prevent referrals remain low compared with our Tees Valley neighbours; "
                "targeted briefings are planned for GP practices and further education.",
            ),
            (
                "green",
                "Briefings delivered to 14 GP practices and both FE colleges; the Channel "
                "panel reviewed its terms of reference against updated Home Office guidance.",
            ),
            (
                "green",
                "Online radicalisation awareness sessions delivered to parents through the "
                "schools' Risk Taking Behaviour programme.",
            ),
            (
                "green",
                "A peer review with a neighbouring authority found good practice in "
                "multi-agency case management of Prevent referrals.",
            ),
            (
                "amber",
                "Two community sessions postponed because of the pre-election period; "
                "both have been rescheduled for the new year.",
            ),
            (
                "amber",
                "Face-to-face sessions planned for March were cancelled under COVID-19 "
                "restrictions; training is moving online.",
            ),
        ],
    ),
    "2.5": (
        "Community Safety Manager",
        [
            (
                "amber",
                "Scoping of a Stockton modern slavery network is under way; terms of "
                "reference drafted and partner leads being identified.",
            ),
            (
                "green",
                "Stockton Modern Slavery Network established with police, council, health "
                "and voluntary sector members; first meeting held in September.",
            ),
            (
                "green",
                "Referral pathway into the National Referral Mechanism agreed by network "
                "partners and circulated to frontline staff.",
            ),
            (
                "green",
                "Modern slavery awareness training delivered to 120 council and housing "
                "staff, including licensing and environmental health officers.",
            ),
            (
                "green",
                "Joint visits with police to hand car washes and nail bars carried out "
                "under the Tees-wide operation; findings shared with the network.",
            ),
            (
                "amber",
                "Health partners have not attended the last two network meetings; the chair "
                "has written to the CCG asking for a named representative.",
            ),
            (
                "green",
                "The council's modern slavery transparency statement is published and "
                "health representation on the network has been restored.",
            ),
            (
                "green",
                "Network contributed to the Tees-wide anti-slavery action plan in line with "
                "the Anti-Slavery Commissioner's recommendations.",
            ),
            (
                "green",
                "Awareness campaign run with Third Party Reporting Centres, with reporting "
                "information placed in community venues.",
            ),
            (
                "green",
                "Multi-agency review of a labour exploitation case completed and the "
                "learning shared through the network.",
            ),
            (
                "amber",
                "Rising National Referral Mechanism referrals are stretching support for "
                "adult victims; capacity raised with the Office of the PCC.",
            ),
            (
                "amber",
                "The March network meeting was stood down because of COVID-19; partners "
                "are keeping in touch by email and reviewing risks to people in exploitation.",
            ),
        ],
    ),
    "3.2": (
        "Public Health Specialist",
        [
            (
                "green",
                "The Alcohol Strategy Group met in June and agreed its membership, terms of "
                "reference and reporting line to the Health and Wellbeing Board.",
            ),
            (
                "amber",
                "Drafting of the alcohol strategy is delayed until the local alcohol harm "
                "profile is ready; analyst support agreed with Community Safety.",
            ),
            (
                "green",
                "Alcohol harm profile completed from hospital admissions, alcohol related "
                "crime and licensing data; strategy drafting has resumed.",
            ),
            (
                "green",
                "Draft alcohol strategy out to partner consultation, including actions on "
                "licensing and the night time economy.",
            ),
            (
                "green",
                "Alcohol strategy endorsed by the Health and Wellbeing Board and owners "
                "agreed for each action in the delivery plan.",
            ),
            (
                "amber",
                "Alcohol related arrests rose over the summer; the group agreed joint work "
                "with police on town centre licensed premises.",
            ),
            (
                "green",
                "Festive night time economy campaign delivered with police and licensing, "
                "and Identification and Brief Advice training rolled out to frontline staff.",
            ),
            ("green", "First-year review of the delivery plan: 14 of 18 actions on track."),
            (
                "amber",
                "Consultation on a town centre cumulative impact assessment has slipped to "
                "the autumn because of licensing team capacity.",
            ),
            (
                "green",
                "Under-age sales test purchasing carried out with Trading Standards and "
                "two premises licences taken to review.",
            ),
            (
                "green",
                "Alcohol Awareness Week activity delivered in GP surgeries, pharmacies and "
                "community venues.",
            ),
            (
                "amber",
                "The March meeting was postponed because of COVID-19; members are watching "
                "changes in drinking patterns and demand on treatment services.",
            ),
        ],
    ),
    "3.3": (
        "Senior Probation Officer, National Probation Service",
        [
            (
                "amber",
                "Through-the-gate pathways from HMP Holme House are under review as the "
                "prison reform programme begins; accommodation and treatment links are the gaps.",
            ),
            (
                "green",
                "The Drug Recovery Prison project has started at HMP Holme House and a "
                "release-day handover to community treatment is agreed with CGL.",
            ),
            (
                "green",
                "Release-day appointments with community treatment now offered to every "
                "prison leaver with a substance misuse need.",
            ),
            (
                "green",
                "Protocol agreed with the CRC for accommodation referrals twelve weeks "
                "before release.",
            ),
            (
                "green",
                "A housing options officer now attends pre-release planning meetings for "
                "high-risk cases.",
            ),
            (
                "amber",
                "Fewer prison leavers have settled accommodation; the shortage of supported "
                "accommodation for high-risk men is escalated to the housing partnership.",
            ),
            (
                "amber",
                "Two more supported accommodation places secured but waiting times remain "
                "long; IOM and NPS are reviewing priority cases together.",
            ),
            (
                "green",
                "Continuity of care from prison to community treatment held up through the "
                "year, with all high-risk cases seen on the day of release.",
            ),
            (
                "green",
                "Pathway review with the PCC's Reducing Re-offending and Harm Group "
                "completed; actions agreed on ID documents and bank accounts on release.",
            ),
            (
                "amber",
                "Preparation for the reunification of probation services is drawing on "
                "management capacity; pathway meetings have been maintained.",
            ),
            (
                "green",
                "Employment and training pathway strengthened by a new prison-to-work "
                "mentoring scheme.",
            ),
            (
                "amber",
                "COVID-19 early release arrangements came in at short notice in March; "
                "accommodation for people released early is being managed case by case.",
            ),
        ],
    ),
}

CRC = "Head of Operations, DTV CRC"


def _exceptions(obs: dict[tuple[str, str], Row]) -> list[Row]:
    """Exception commentary (no RAG) for the pinned amber and red figures."""

    def v(indicator: str, period: str) -> float:
        return float(obs[(indicator, period)]["value"])

    def nd(indicator: str, period: str) -> str:
        row = obs[(indicator, period)]
        return f"{row['numerator']} of {row['denominator']}"

    q2, q3, last_q2, last_q3 = STORY, "2018/19 Q3", "2017/18 Q2", "2017/18 Q3"
    co, rec, acc = (
        "crc:co_sso_positive_completions",
        "crc:recalls",
        "crc:settled_accommodation_on_release",
    )
    arrests, asb = "police:alcohol_related_arrests", "police:asb_incidents"
    nonop = "public-health:non_opiate_successful_completions"
    alc = "public-health:alcohol_successful_completions"
    rows = [
        (
            "1.3",
            q2,
            CRC,
            f"Positive completions fell to {v(co, q2):.1f}% ({nd(co, q2)}) as more orders ended in "
            "breach for non-attendance; reminder texts and a weekly review of cases at risk of "
            "breach have been introduced.",
        ),
        (
            "1.5",
            q2,
            CRC,
            f"Recalls rose to {v(rec, q2):.1f}% ({nd(rec, q2)}), mostly for loss of contact after "
            "accommodation broke down; a manager now reviews every recall request where risk "
            "allows an alternative.",
        ),
        (
            "2.1",
            q2,
            CRC,
            f"Only {nd(acc, q2)} people released ({v(acc, q2):.1f}%) had settled accommodation, "
            "because of a shortage of supported places for high-risk men; escalated to the "
            "housing partnership and reviewed jointly with NPS (see 3.3).",
        ),
        (
            "2.1",
            q3,
            CRC,
            f"Improved to {v(acc, q3):.1f}% ({nd(acc, q3)}) with two new supported places, but "
            "still below the 86% target; housing options now attend pre-release meetings.",
        ),
        (
            "3.4",
            q2,
            "Chief Inspector, Stockton Neighbourhood Policing",
            f"{v(arrests, q2):.0f} alcohol related arrests against {v(arrests, last_q2):.0f} in "
            "the same quarter last year, driven by town centre night time economy violence over "
            "the summer and two large events; joint licensing visits are being stepped up.",
        ),
        (
            "3.4",
            q3,
            "Chief Inspector, Stockton Neighbourhood Policing",
            f"{v(arrests, q3):.0f} arrests, down on last year's {v(arrests, last_q3):.0f} but "
            "short of the 5% reduction; the festive licensing operation ran through December.",
        ),
        (
            "3.5",
            q2,
            "Service Manager, Change Grow Live",
            f"Opiate completions improved on last year, but non-opiate ({v(nonop, q2):.1f}%) and "
            f"alcohol ({v(alc, q2):.1f}%) completions fell; discharge planning and group work "
            "for alcohol clients are under review, with the measuring tools the plan asks for.",
        ),
        (
            "4.2",
            q2,
            "Community Safety Analyst",
            f"{v(asb, q2):,.0f} ASB incidents, {100 * (1 - v(asb, q2) / v(asb, last_q2)):.0f}% "
            "down on the same quarter last year but short of the 5% reduction, with youth related "
            "ASB up in two wards over the summer holidays; tasked through the JAGs. Repeat "
            "victims fell.",
        ),
    ]
    return [
        {"measure": m, "period": p, "rag": "", "text": text, "author": author}
        for m, p, author, text in rows
    ]


def commentary(obs: dict[tuple[str, str], Row]) -> list[Row]:
    rows: list[Row] = []
    for measure, (author, updates) in QUALITATIVE.items():
        _require(len(updates) == len(PLAN_QUARTERS), f"{measure}: one update per quarter")
        for period, (rag, text) in zip(PLAN_QUARTERS, updates, strict=True):
            rows.append(
                {"measure": measure, "period": period, "rag": rag, "text": text, "author": author}
            )
    rows.extend(_exceptions(obs))
    rows.sort(key=lambda r: (str(r["period"]), [int(x) for x in str(r["measure"]).split(".")]))
    return rows


# -- writing and checking --------------------------------------------------------------------


def write_csv(path: Path, columns: list[str], rows: list[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _require(condition: bool, problem: object) -> None:
    if not condition:
        raise SystemExit(f"make_sample.py: check failed: {problem}")


def _indicators(measure: dict[str, Any]) -> list[str]:
    if "indicator" in measure:
        return [measure["indicator"]]
    return list(measure.get("indicators", []))


def check(rows: list[Row], plan: dict[str, Any]) -> None:
    """Stop with a message if the data break the rules the library will apply to them."""
    units = {ind: m["unit"] for m in plan["measures"] for ind in _indicators(m)}
    keys = [(r["indicator"], r["area"], r["period"]) for r in rows]
    _require(len(keys) == len(set(keys)), "duplicate (indicator, area, period)")
    _require(set(units) == {r["indicator"] for r in rows}, "indicators differ from the plan's")
    for ind in units:
        got = [r["period"] for r in rows if r["indicator"] == ind and r["area"] == STOCKTON]
        _require(got == QUARTERS, f"{ind}: not every quarter for {STOCKTON}")
    for r in rows:
        unit, value = units[str(r["indicator"])], float(r["value"])
        if r["numerator"] != "":
            n, d = int(r["numerator"]), int(r["denominator"])
            scale = {"percent": 100, "rate_per_1000": 1000}[unit]
            _require(0 <= n <= d, f"numerator above denominator: {r}")
            _require(abs(value - scale * n / d) <= 1e-6, f"value is not the ratio: {r}")
        else:
            _require(unit in ("count", "number"), f"ratio without numerator: {r}")
        if unit == "percent":
            _require(0 <= value <= 100, f"percentage outside 0-100: {r}")
        if unit == "count":
            _require(value >= 0 and value == int(value), f"not a whole count: {r}")


def expected_statuses(
    obs: dict[tuple[str, str], Row],
    plan: dict[str, Any],
    period: str,
) -> list[tuple[str, str, float, float | None, str]]:
    """The status each Stockton indicator should get at ``period`` (the DESIGN.md rules)."""
    out: list[tuple[str, str, float, float | None, str]] = []
    index = QUARTERS.index(period)
    for m in plan["measures"]:
        if m.get("kind") == "qualitative" or m.get("state") == "draft":
            continue
        band_spec = m.get("amber_within", plan["plan"].get("amber_within", 0))
        for ind in _indicators(m):
            value = float(obs[(ind, period)]["value"])
            target = m.get("target")
            if isinstance(target, dict) and "change" in target:
                against = str(target["against"])
                ref_period = {
                    "same_quarter_last_year": QUARTERS[index - 4],
                    "previous_quarter": QUARTERS[index - 1],
                }.get(against, against)
                ref = float(obs[(ind, ref_period)]["value"])
                change = target["change"]
                target = (
                    ref * (1 + float(change.rstrip("%")) / 100)
                    if isinstance(change, str)
                    else ref + change
                )
            elif isinstance(target, dict):
                target = target[period[:7]]
            if target is None or m["polarity"] == "none":
                out.append((m["id"], ind, value, None, "monitor"))
                continue
            band = (
                abs(target) * float(band_spec.rstrip("%")) / 100
                if isinstance(band_spec, str)
                else band_spec
            )
            gap = value - target if m["polarity"] == "higher" else target - value
            status = "green" if gap >= -1e-9 * abs(target) else "amber" if gap >= -band else "red"
            out.append((m["id"], ind, value, target, status))
    return out


def main() -> None:
    plan = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))
    rows = Generator(SEED).observations()
    check(rows, plan)
    obs = {(str(r["indicator"]), str(r["period"])): r for r in rows if r["area"] == STOCKTON}
    notes = commentary(obs)
    statuses = expected_statuses(obs, plan, STORY)
    for r in notes:
        if r["rag"] == "":  # exception commentary only where a figure is amber or red
            period_status = expected_statuses(obs, plan, str(r["period"]))
            got = {s for m, *_, s in period_status if m == r["measure"]}
            _require(
                bool(got & {"amber", "red"}),
                f"exception commentary for {r['measure']} {r['period']}, which is {got}",
            )
    write_csv(HERE / "observations.csv", OBS_COLUMNS, rows)
    write_csv(HERE / "commentary.csv", COMMENT_COLUMNS, notes)
    print(f"wrote {len(rows)} observations and {len(notes)} comments to {HERE}")
    print(f"expected status at {STORY}, {STOCKTON}:")
    for measure, ind, value, target, status in statuses:
        shown = "" if target is None else f" target {target:g}"
        print(f"  {measure:4} {ind:48} {value:>12g}{shown:>16}  {status}")


if __name__ == "__main__":
    main()
