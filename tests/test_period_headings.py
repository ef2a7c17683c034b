"""Every output names the quarter's months and calendar year rightly (2018/19 Q4 is
January to March 2019), for all four quarters and across a financial-year boundary."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import make_plan
from openpyxl import load_workbook

import ssp_targets as ssp
from ssp_targets.report.wording import period_text

# Written out by hand from the definition of the UK financial year (April to March).
EXPECTED = {
    "2018/19 Q1": "April–June 2018",
    "2018/19 Q2": "July–September 2018",
    "2018/19 Q3": "October–December 2018",
    "2018/19 Q4": "January–March 2019",
    "2019/20 Q1": "April–June 2019",  # the next financial year starts
    "2017/18 Q4": "January–March 2018",
}
WRONG = {  # what an off-by-one year would print instead
    "2018/19 Q4": "January–March 2020",
    "2017/18 Q4": "January–March 2019",
    "2019/20 Q1": "April–June 2020",
}

PLAN = make_plan({"id": "1.1", "unit": "count", "polarity": "lower", "indicator": "a:b"})
OBSERVATIONS = pd.DataFrame(
    {"indicator": "a:b", "period": list(EXPECTED), "value": [10.0, 11, 12, 13, 14, 15]}
)


def report(quarter):
    return ssp.build_report(PLAN, ssp.assess(PLAN, OBSERVATIONS), quarter)


def shown(fmt, quarter):
    out = ssp.render(report(quarter), fmt)
    if isinstance(out, bytes):  # the workbook: its subject, as Excel shows it in Info
        return load_workbook(io.BytesIO(out)).properties.subject
    return out


@pytest.mark.parametrize("quarter", list(EXPECTED))
def test_the_report_names_the_quarters_months_and_calendar_year(quarter):
    assert report(quarter).period_text == f"{quarter} ({EXPECTED[quarter]})"
    assert period_text(quarter) == f"{quarter} ({EXPECTED[quarter]})"


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "xlsx", "html-fragment"])
@pytest.mark.parametrize("quarter", list(EXPECTED))
def test_every_output_gives_the_right_months_and_year(fmt, quarter):
    text = shown(fmt, quarter)
    assert EXPECTED[quarter] in text
    if quarter in WRONG:
        assert WRONG[quarter] not in text


def test_the_summary_command_says_january_to_march_2019_for_2018_19_q4(tmp_path, capsys):
    from ssp_targets.cli import main

    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\nid = "t"\ntitle = "T"\narea = { code = "E06000004", name = "Stockton" }\n'
        'start = "2018/19"\nend = "2019/20"\n[[owners]]\nid = "o"\nname = "O"\n'
        '[[priorities]]\nid = "1"\ntitle = "P"\n[[measures]]\nid = "1.1"\npriority = "1"\n'
        'title = "M"\nowners = ["o"]\nunit = "count"\nindicator = "a:b"\n',
        encoding="utf-8",
    )
    figures = tmp_path / "obs.csv"
    figures.write_text("indicator,period,value\na:b,2018/19 Q4,3\n", encoding="utf-8")
    args = ["summary", "--plan", str(plan), "--observations", str(figures)]
    assert main([*args, "--quarter", "2018/19 Q4"]) == 0
    out = capsys.readouterr().out
    assert "2018/19 Q4 (January–March 2019)" in out
    assert "2020" not in out
