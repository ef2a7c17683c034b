"""Disclosure control: no public output gives back a withheld count by any arithmetic.

Random small counts (zeros included) in random series of three areas are assessed and
reported for the public; every public format is drawn (HTML, xlsx, Markdown, CSV, JSON),
every figure each shows is read back out of the output itself, keyed by measure, area and
quarter, and every way of working a withheld count back from them is tried:
value × denominator / 100, rate × population / 1000, an interval, the year to date less
the quarters shown, the group's pooled figure less the areas shown, the previous quarter
and last year carried on a later row, and a target set as a change against the count.
The withheld counts are found from the raw figures here, not by the code under test.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import ssp_targets as ssp

STOCKTON, HARTLEPOOL, MIDDLESBROUGH = "E06000004", "E06000001", "E06000002"
AREAS = (STOCKTON, HARTLEPOOL, MIDDLESBROUGH)
POPULATION = {STOCKTON: 197_030.0, HARTLEPOOL: 92_571.0, MIDDLESBROUGH: 143_734.0}
POPULATIONS = pd.DataFrame(
    {
        "area": list(POPULATION),
        "name": ["Stockton-on-Tees", "Hartlepool", "Middlesbrough"],
        "population": list(POPULATION.values()),
    }
)
QUARTERS = [f"{y}/{(y + 1) % 100:02d} Q{q}" for y in (2017, 2018) for q in (1, 2, 3, 4)]
FORMATS = ("html", "xlsx", "markdown", "csv", "json")

# 1.1 a count compared per 1,000, target a 5% cut on the previous quarter;
# 1.2 a percentage (numerator over denominator), year to date as a ratio;
# 1.3 a count that is not compared, target a 10% cut on the same quarter last year.
MEASURES = {
    "1.1": {"indicator": "x:fires", "unit": "count", "compare": "per_1000",
            "target": {"change": "-5%", "against": "previous_quarter"}},
    "1.2": {"indicator": "x:completions", "unit": "percent", "target": 60, "amber_within": 5,
            "polarity": "higher"},
    "1.3": {"indicator": "x:referrals", "unit": "count",
            "target": {"change": "-10%", "against": "same_quarter_last_year"}},
}  # fmt: skip
CHANGE = {"1.1": (1, 0.95), "1.3": (4, 0.90)}  # quarters back, and the target's factor
PLAN = ssp.plan_from_dict(
    {
        "plan": {
            "id": "t",
            "title": "Disclosure test plan",
            "area": {"code": STOCKTON, "name": "Stockton-on-Tees"},
            "start": "2017/18",
            "end": "2019/20",
        },
        "owners": [{"id": "o", "name": "An owner"}],
        "priorities": [{"id": "1", "title": "Priority"}],
        "groups": [{"id": "tv", "name": "Tees Valley", "areas": list(AREAS)}],
        "measures": [
            {
                "id": mid,
                "priority": "1",
                "title": f"Measure {mid}",
                "owners": ["o"],
                "polarity": "lower",
                "aggregate": "ratio" if m["unit"] == "percent" else "sum",
                **m,
            }
            for mid, m in MEASURES.items()
        ],
    }
)
INDICATOR = {mid: m["indicator"] for mid, m in MEASURES.items()}
MEASURE_OF = {m["indicator"]: mid for mid, m in MEASURES.items()}

small = st.one_of(st.integers(0, 6), st.integers(0, 30))


@st.composite
def figures(draw):
    """Raw figures: (indicator, area, quarter) -> (value, numerator, denominator)."""
    raw = {}
    for mid, m in MEASURES.items():
        areas = (STOCKTON,) if mid == "1.3" else AREAS
        for area in areas:
            for quarter in QUARTERS:
                if draw(st.integers(0, 9)) == 0:
                    continue  # now and then no figure
                if m["unit"] == "count":
                    raw[(m["indicator"], area, quarter)] = (float(draw(small)), None, None)
                else:
                    denominator = draw(st.integers(1, 40))
                    numerator = draw(st.integers(0, denominator))
                    value = 100 * numerator / denominator
                    raw[(m["indicator"], area, quarter)] = (value, numerator, denominator)
    return raw


def frame_of(raw):
    rows = [(i, a, q, v, n, d) for (i, a, q), (v, n, d) in raw.items()]
    columns = ["indicator", "area", "period", "value", "numerator", "denominator"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"value": float, "numerator": float, "denominator": float}
    )


def withheld_counts(raw, threshold):
    """(indicator, area, quarter, which count, the count) for every count below the
    threshold: a count measure's value, a numerator or a denominator."""
    out = []
    for (indicator, area, quarter), (value, numerator, denominator) in raw.items():
        if numerator is None:
            if value < threshold:
                out.append((indicator, area, quarter, "value", value))
        else:
            if numerator < threshold:
                out.append((indicator, area, quarter, "numerator", float(numerator)))
            if denominator < threshold:
                out.append((indicator, area, quarter, "denominator", float(denominator)))
    return out


# -- reading figures back out of each output ---------------------------------------------

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def number(text):
    """The figure a cell shows, or None for a blank, a dash or "<5"."""
    if text is None:
        return None
    if isinstance(text, int | float):
        return None if isinstance(text, float) and math.isnan(text) else float(text)
    text = html.unescape(re.sub(r"<[^>]+>", "", str(text))).strip()
    if not text or text.startswith("<") or text in ("–", "-", "no figure"):
        return None
    found = _NUMBER.search(text)
    return float(found[0].replace(",", "")) if found else None


class Shown:
    """Every figure the outputs show, by (indicator, area, quarter) and field."""

    def __init__(self):
        self.figures = defaultdict(lambda: defaultdict(set))

    def add(self, key, field, value):
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            self.figures[key][field].add(float(value))

    def get(self, key, field):
        return self.figures.get(key, {}).get(field, set())

    def one(self, key, field):
        values = self.get(key, field)
        return next(iter(values)) if values else None

    def read_rows(self, records, fields):
        for r in records:
            if not r.get("indicator"):
                continue
            key = (r["indicator"], r["area"], r["period"])
            for field in fields:
                self.add(key, field, number(r.get(field)))

    def read_html(self, page, quarter):
        for measure, body in re.findall(
            r'<tr data-measure="([^"]+)" data-status="[^"]*"[^>]*>(.*?)</tr>', page, re.S
        ):
            key = (INDICATOR[measure], STOCKTON, quarter)
            value = re.search(r'<td class="num value[^"]*">(.*?)</td>', body, re.S)
            target = re.search(r'<td class="num">(.*?)</td>', body, re.S)
            ytd = re.search(r'<td class="num ytd">(.*?)</td>', body, re.S)
            self.add(key, "value", number(value[1]))
            self.add(key, "target", number(target[1]))
            self.add(key, "ytd", number(ytd[1]))
        for measure, desc in re.findall(
            r'<figure id="chart-[^"]+" data-measure="([^"]+)">.*?<desc id="[^"]*">(.*?)</desc>',
            page,
            re.S,
        ):
            for period, value in re.findall(r"(\d{4}/\d{2} Q[1-4]) (\S+) \(", desc):
                self.add((INDICATOR[measure], STOCKTON, period), "value", number(value))
        for measure, section in re.findall(
            r'<figure class="compare" data-measure="([^"]+)">(.*?)</figure>', page, re.S
        ):
            indicator = INDICATOR[measure]
            per_1000 = "Per 1,000" in section
            for area, row in re.findall(r'<tr data-area="([^"]+)"[^>]*>(.*?)</tr>', section, re.S):
                cells = re.findall(r'<td class="num">(.*?)</td>', row, re.S)
                key = (indicator, area, quarter)
                if per_1000:
                    self.add(key, "value", number(cells[0]))
                    self.add(key, "rate_per_1000", number(cells[1]))
                    interval = cells[2]
                else:
                    self.add(key, "value", number(cells[0]))
                    interval = cells[1]
                if number(interval) is not None:
                    self.add(key, "lower_ci", number(interval))
                    self.add(key, "upper_ci", number(interval.split(" to ")[-1]))
            group = re.search(r'<tr class="group">.*?<td class="num">(.*?)</td>', section, re.S)
            if group:
                self.add((indicator, "group", quarter), "group_value", number(group[1]))

    def read_markdown(self, text, quarter):
        for line in text.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) != 9 or not re.match(r"\d+\.\d+ ", cells[0]):
                continue
            key = (INDICATOR[cells[0].split()[0]], STOCKTON, quarter)
            for field, cell in (("value", cells[3]), ("target", cells[4]), ("ytd", cells[8])):
                self.add(key, field, number(cell.replace("\\", "")))

    def read_workbook(self, data, quarter):
        book = load_workbook(io.BytesIO(data))
        sheet = book["Data"]
        rows = list(sheet.iter_rows(values_only=True))
        start = next(n for n, r in enumerate(rows) if r[0] == "measure")
        header = rows[start]
        records = [dict(zip(header, r, strict=True)) for r in rows[start + 1 :]]
        self.read_rows(records, NUMERIC)
        status = list(book["Status"].iter_rows(values_only=True))
        start = next(n for n, r in enumerate(status) if r[0] == "Priority")
        header = status[start]
        for row in status[start + 1 :]:
            if row[1] is None:
                break
            r = dict(zip(header, row, strict=True))
            key = (r["Indicator"], STOCKTON, quarter)
            for field, column in (("value", "Value"), ("target", "Target"), ("ytd", "YTD")):
                self.add(key, field, number(r[column]))


NUMERIC = (
    "value",
    "numerator",
    "denominator",
    "lower_ci",
    "upper_ci",
    "rate_per_1000",
    "group_value",
    "target",
    "ytd",
    "value_previous_quarter",
    "value_same_quarter_last_year",
)


def everything_shown(report):
    shown = Shown()
    for fmt in FORMATS:
        out = ssp.render(report, fmt)
        if fmt == "json":
            shown.read_rows(json.loads(out), NUMERIC)
        elif fmt == "csv":
            shown.read_rows(list(csv.DictReader(io.StringIO(out))), NUMERIC)
        elif fmt == "html":
            shown.read_html(out, report.quarter)
        elif fmt == "markdown":
            shown.read_markdown(out, report.quarter)
        else:
            shown.read_workbook(out, report.quarter)
    for r in report.output_rows().to_dict("records"):  # the group figure, keyed by group
        if r["indicator"] and not pd.isna(r["group_value"]):
            shown.add((r["indicator"], "group", r["period"]), "group_value", r["group_value"])
    return shown


# -- working a withheld count back -------------------------------------------------------


def _shift(quarter, by):
    return QUARTERS[QUARTERS.index(quarter) + by] if 0 <= QUARTERS.index(quarter) + by < 8 else None


def _year_so_far(quarter):
    """The quarters of the quarter's financial year up to and including it."""
    first = QUARTERS.index(quarter) - (int(quarter[-1]) - 1)
    return QUARTERS[first : QUARTERS.index(quarter) + 1]


def recoveries(shown, raw, indicator, area, quarter, which):
    """Every figure a withheld count could be worked back to from what is shown."""
    key = (indicator, area, quarter)
    percent = MEASURES[MEASURE_OF[indicator]]["unit"] == "percent"
    found = []

    def count_of(k):  # a count measure's value, or a percentage's numerator, as shown
        value = shown.one(k, "value")
        if value is None:
            return None
        if not percent:
            return value
        denominator = shown.one(k, "denominator") or (raw[k][2] if k in raw else None)
        return None if denominator is None else value * denominator / 100

    if which == "denominator":
        found += shown.get(key, "denominator")
        return found
    direct = count_of(key)
    if direct is not None and which in ("value", "numerator"):
        found.append(direct)
    for rate in shown.get(key, "rate_per_1000"):
        found.append(rate * POPULATION[area] / 1000)
    if shown.get(key, "lower_ci") or shown.get(key, "upper_ci"):
        found.append(raw[key][1] if percent else raw[key][0])  # an interval gives it back
    later = _shift(quarter, 1)
    if later:
        for carried in shown.get((indicator, area, later), "value_previous_quarter"):
            found.append(carried * raw[key][2] / 100 if percent else carried)
    year_on = _shift(quarter, 4)
    if year_on:
        for carried in shown.get((indicator, area, year_on), "value_same_quarter_last_year"):
            found.append(carried * raw[key][2] / 100 if percent else carried)
    for mid, (back, factor) in CHANGE.items():
        after = _shift(quarter, back)
        if INDICATOR[mid] == indicator and after:
            found += [t / factor for t in shown.get((indicator, area, after), "target")]
    # The year to date, less the other quarters shown.
    for later in QUARTERS[QUARTERS.index(quarter) :]:
        if _year_so_far(later)[0] != _year_so_far(quarter)[0]:
            break
        for ytd in shown.get((indicator, area, later), "ytd"):
            others = [q for q in _year_so_far(later) if q != quarter]
            counts = [count_of((indicator, area, q)) for q in others]
            if any(c is None for c in counts):
                continue
            if percent:
                dens = [raw.get((indicator, area, q), (0, 0, None))[2] for q in _year_so_far(later)]
                if None in dens:
                    continue
                found.append(ytd * sum(dens) / 100 - sum(counts))
            else:
                found.append(ytd - sum(counts))
    # The group's pooled figure, less the other areas shown.
    for pooled in shown.get((indicator, "group", quarter), "group_value"):
        present = [a for a in AREAS if (indicator, a, quarter) in raw]
        counts = [count_of((indicator, a, quarter)) for a in present if a != area]
        if any(c is None for c in counts):
            continue
        if percent:
            total = sum(raw[(indicator, a, quarter)][2] for a in present)
            found.append(pooled * total / 100 - sum(counts))
        else:
            found.append(pooled * sum(POPULATION[a] for a in present) / 1000 - sum(counts))
    return found


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    raw=figures(),
    threshold=st.sampled_from([3, 5, 10]),
    quarter=st.sampled_from(QUARTERS[3:]),
)
def test_no_withheld_count_can_be_worked_back_from_any_public_output(raw, threshold, quarter):
    assessed = ssp.assess(PLAN, frame_of(raw), populations=POPULATIONS)
    if not (assessed["period"].astype(object) == quarter).any():
        return
    report = ssp.build_report(
        PLAN,
        assessed,
        quarter,
        audience="public",
        suppress_below=threshold,
        populations=POPULATIONS,
    )
    shown = everything_shown(report)
    for indicator, area, period, which, count in withheld_counts(raw, threshold):
        if QUARTERS.index(period) > QUARTERS.index(quarter):
            continue  # after the report's quarter: not in it at all
        for figure in recoveries(shown, raw, indicator, area, period, which):
            assert abs(figure - count) >= 0.5, (
                f"{which} {count:g} of {indicator} in {area} {period} is given back "
                f"({figure:g}) by the public {quarter} report at threshold {threshold}"
            )


def test_the_check_can_fail_the_partnership_version_gives_counts_back():
    """The same reading of the outputs finds the counts in the partnership version, so a
    public version that showed them would fail the test above."""
    raw = {
        ("x:fires", STOCKTON, QUARTERS[3]): (2.0, None, None),
        ("x:fires", STOCKTON, QUARTERS[4]): (9.0, None, None),
        ("x:fires", HARTLEPOOL, QUARTERS[4]): (0.0, None, None),
        ("x:fires", MIDDLESBROUGH, QUARTERS[4]): (12.0, None, None),
        ("x:completions", STOCKTON, QUARTERS[4]): (100 * 3 / 40, 3, 40),
    }
    assessed = ssp.assess(PLAN, frame_of(raw), populations=POPULATIONS)
    report = ssp.build_report(PLAN, assessed, QUARTERS[4], populations=POPULATIONS)
    shown = everything_shown(report)
    found = {
        (indicator, area, period): recoveries(shown, raw, indicator, area, period, which)
        for indicator, area, period, which, _ in withheld_counts(raw, 5)
    }
    assert any(abs(f - 3) < 0.5 for f in found[("x:completions", STOCKTON, QUARTERS[4])])
    assert any(abs(f - 2) < 0.5 for f in found[("x:fires", STOCKTON, QUARTERS[3])])
    assert any(abs(f - 0) < 0.5 for f in found[("x:fires", HARTLEPOOL, QUARTERS[4])])


def test_a_numerator_of_3_out_of_40_is_not_given_back_by_the_percentage():
    raw = {("x:completions", STOCKTON, QUARTERS[4]): (7.5, 3, 40)}
    assessed = ssp.assess(PLAN, frame_of(raw), populations=POPULATIONS)
    report = ssp.build_report(PLAN, assessed, QUARTERS[4], audience="public")
    row = report.rows[report.rows["measure"] == "1.2"].iloc[0]
    assert row["suppressed"]
    assert np.isnan(row["value"])
    assert np.isnan(row["numerator"])
    assert row["denominator"] == 40  # a denominator alone may stay
    for fmt in ("markdown", "csv", "json"):
        assert "7.5" not in ssp.render(report, fmt), fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_zero_count_is_shown_to_the_public_as_below_the_threshold(fmt):
    raw = {("x:fires", STOCKTON, QUARTERS[4]): (0.0, None, None)}
    assessed = ssp.assess(PLAN, frame_of(raw), populations=POPULATIONS)
    public = ssp.build_report(PLAN, assessed, QUARTERS[4], audience="public")
    row = public.rows[public.rows["measure"] == "1.1"].iloc[0]
    assert row["suppressed"]
    assert np.isnan(row["value"])
    out = ssp.render(public, fmt)
    if fmt == "json":
        (fires,) = [r for r in json.loads(out) if r["measure"] == "1.1"]
        assert fires["value"] is None
        assert fires["suppressed"] is True
    elif fmt == "csv":
        (fires,) = [r for r in csv.DictReader(io.StringIO(out)) if r["measure"] == "1.1"]
        assert fires["value"] == ""
    elif fmt == "xlsx":
        book = load_workbook(io.BytesIO(out))
        cells = [r for r in book["Status"].iter_rows(values_only=True) if r[1] == "1.1"]
        assert cells[0][5] == "<5"
    elif fmt == "html":
        row = re.search(r'<tr data-measure="1.1".*?</tr>', out, re.S)[0]
        assert '<td class="num value">&lt;5<sup>' in row
    else:
        line = next(x for x in out.splitlines() if x.startswith("| 1.1"))
        assert line.split("|")[4].strip() == "\\<5"
