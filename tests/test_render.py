"""Renderers: words and symbols, not colour alone; escaping; markings."""

from __future__ import annotations

import json

import pandas as pd
from conftest import make_plan

from ssp_targets import assess, build_report, render
from ssp_targets.report import cells

PLAN = make_plan(
    {
        "id": "1.1",
        "unit": "percent",
        "polarity": "higher",
        "indicator": "a:b",
        "target": 75,
        "amber_within": 5,
        "title": "Completions",
    },
    {
        "id": "1.2",
        "unit": "count",
        "polarity": "lower",
        "indicator": "a:c",
        "handling": "OFFICIAL-SENSITIVE",
        "title": "Sensitive count",
    },
)


def report(comment='=HYPERLINK("http://x")\x1b[31m <b>red</b> | *bold*', plan=PLAN):
    obs = pd.DataFrame(
        {"indicator": ["a:b", "a:c"], "period": ["2018/19 Q2"] * 2, "value": [60.0, 3.0]}
    )
    notes = pd.DataFrame(
        {
            "measure": ["1.1"],
            "period": ["2018/19 Q2"],
            "rag": [None],
            "text": [comment],
            "author": ["Analyst"],
        }
    )
    return build_report(plan, assess(plan, obs, "2018/19 Q2", commentary=notes), "2018/19 Q2")


def test_status_is_a_symbol_and_a_word():
    text = render(report(), "table")
    assert "✖ red" in text
    assert "○ monitor" in text


def test_terminals_that_cannot_show_symbols_get_ascii():
    text = render(report(), "table", encoding="ascii")
    assert "[R] red" in text
    assert "✖" not in text


def test_control_characters_from_input_never_reach_the_terminal():
    assert "\x1b" not in render(report(), "table")


def test_markdown_escapes_text_from_input():
    text = render(report(), "markdown")
    assert "\\<b\\>red\\</b\\>" in text
    assert "\\| \\*bold\\*" in text


def test_html_fragment_escapes_text():
    html = report(
        plan=make_plan(
            {
                "id": "1.1",
                "unit": "count",
                "polarity": "lower",
                "indicator": "a:b",
                "title": "<script>x</script>",
            }
        )
    )._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_csv_neutralises_formulas():
    text = render(report(), "csv")
    assert "'=HYPERLINK" in text


def test_the_marking_is_the_highest_of_what_is_shown():
    assert report().marking == "OFFICIAL-SENSITIVE"
    plain = make_plan({"id": "1.1", "unit": "count", "polarity": "lower", "indicator": "a:b"})
    assert report(plan=plain).marking == "OFFICIAL"


def test_json_carries_each_rows_handling():
    rows = json.loads(render(report(), "json"))
    assert {r["measure"]: r["handling"] for r in rows} == {
        "1.1": "OFFICIAL",
        "1.2": "OFFICIAL-SENSITIVE",
    }


def test_numbers_are_rounded_for_display_only():
    assert cells.number(74.96, "percent") == "75.0%"
    assert cells.number(1234.0, "count") == "1,234"
    assert cells.number(float("nan"), "count") == "–"
    assert cells.target(8, "percent", "lower") == "≤ 8.0%"


def test_the_public_year_to_date_never_gives_a_suppressed_quarter_away():
    from ssp_targets import build_report

    plan = make_plan({"id": "1.7", "unit": "count", "polarity": "higher", "indicator": "p:rj"})
    obs = pd.DataFrame(
        {
            "indicator": ["p:rj"] * 3,
            "period": ["2018/19 Q1", "2018/19 Q2", "2018/19 Q3"],
            "value": [11.0, 3.0, 12.0],
        }
    )
    assessed = assess(plan, obs)
    public = build_report(plan, assessed, "2018/19 Q3", audience="public", suppress_below=5)
    history = public.history.set_index("period")
    assert history.loc["2018/19 Q1", "ytd"] == 11  # before the small quarter: fine
    assert pd.isna(history.loc["2018/19 Q2", "value"])
    assert pd.isna(history.loc["2018/19 Q2", "ytd"])
    assert pd.isna(history.loc["2018/19 Q3", "ytd"])  # 26 - 11 - 12 would reveal 3
    assert public.rows.loc[0, "value"] == 12


def test_the_public_report_blanks_intervals_of_small_counts():
    from ssp_targets import build_report

    plan = make_plan({"id": "1.3", "unit": "percent", "polarity": "higher", "indicator": "c:p"})
    obs = pd.DataFrame(
        {
            "indicator": ["c:p"],
            "period": ["2018/19 Q2"],
            "value": [75.0],
            "numerator": [3.0],
            "denominator": [4.0],
        }
    )
    assessed = assess(plan, obs)
    assert assessed.loc[0, "lower_ci"] > 0  # the partnership sees it
    public = build_report(plan, assessed, "2018/19 Q2", audience="public")
    assert pd.isna(public.rows.loc[0, "lower_ci"])
    assert pd.isna(public.rows.loc[0, "numerator"])


def test_a_file_suffix_names_its_format():
    from ssp_targets.renderers.formats import format_for_suffix

    assert format_for_suffix(".HTML") == "html"
    assert format_for_suffix(".htm") == "html"
    assert format_for_suffix(".md") == "md"
    assert format_for_suffix(".txt") == "table"
    assert format_for_suffix(".xlsx") == "xlsx"
    assert format_for_suffix(".pdf") is None
