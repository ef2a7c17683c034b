"""The Excel workbook: a status sheet with words and fills, a data sheet, the marking on
every printed page, and text that stays text."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from conftest import make_plan
from openpyxl import load_workbook

import ssp_targets as ssp
from ssp_targets.renderers.workbook import (
    MAX_WIDTH,
    MIN_WIDTH,
    STATUS_HEADERS,
    render_workbook,
)
from ssp_targets.report import cells
from ssp_targets.report.looks import STATUS_LOOKS
from ssp_targets.report.wording import OUTPUT_COLUMNS

STATUS_COLOURS = {w: (x.fill, x.ink) for w, x in STATUS_LOOKS.items() if x.fill}

QUARTER = "2018/19 Q2"
INJECTION = '=HYPERLINK("http://example.invalid/","click me")'


@pytest.fixture(scope="module")
def sample(ssp_plan, sample_assessed):
    return ssp_plan, sample_assessed


@pytest.fixture(scope="module")
def partnership(sample):
    plan, assessed = sample
    return ssp.build_report(plan, assessed, QUARTER)


@pytest.fixture(scope="module")
def public(sample):
    plan, assessed = sample
    return ssp.build_report(plan, assessed, QUARTER, audience="public")


def read(report):
    data = render_workbook(report)
    assert isinstance(data, bytes)
    return load_workbook(io.BytesIO(data))


def status_rows(book):
    """The status sheet's rows as dicts keyed by header, with the cells."""
    sheet = book["Status"]
    header = [c.value for c in sheet[1]]
    rows = []
    for row in sheet.iter_rows(min_row=2):
        if all(c.value is None for c in row):
            break  # the table ends; the notes follow
        rows.append(dict(zip(header, row, strict=True)))
    return rows


def data_column(book, name):
    """The values of one column of the data sheet, by its header."""
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    return [row[header.index(name)] for row in sheet.iter_rows(min_row=2, values_only=True)]


def small_plan_report(comment=INJECTION, audience="partnership", title="Test plan"):
    """A hand-made report: a percent measure (red, with ``comment``), a small count and a
    sensitive count."""
    plan = make_plan(
        {
            "id": "1.1",
            "unit": "percent",
            "polarity": "higher",
            "indicator": "a:b",
            "target": 75,
            "amber_within": 5,
            "title": "Completions",
        },
        {"id": "1.2", "unit": "count", "polarity": "lower", "indicator": "a:c", "target": 10},
        {
            "id": "1.3",
            "unit": "count",
            "polarity": "lower",
            "indicator": "a:d",
            "handling": "OFFICIAL-SENSITIVE",
        },
        title=title,
    )
    obs = pd.DataFrame(
        {
            "indicator": ["a:b", "a:c", "a:d"],
            "period": [QUARTER] * 3,
            "value": [60.0, 3.0, 40.0],
        }
    )
    notes = pd.DataFrame(
        {
            "measure": ["1.1"],
            "period": [QUARTER],
            "rag": [None],
            "text": [comment],
            "author": ["Analyst"],
        }
    )
    assessed = ssp.assess(plan, obs, QUARTER, commentary=notes)
    return ssp.build_report(plan, assessed, QUARTER, audience=audience)


def test_a_status_sheet_and_a_data_sheet_with_their_headers(partnership):
    book = read(partnership)
    assert book.sheetnames == ["Status", "Data"]
    assert tuple(c.value for c in book["Status"][1]) == STATUS_HEADERS
    assert tuple(c.value for c in book["Data"][1]) == OUTPUT_COLUMNS
    assert all(c.font.bold for c in book["Status"][1])


def test_the_header_row_is_frozen_and_pages_print_landscape_fitted_to_width(partnership):
    book = read(partnership)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_every_row_of_the_report_is_on_both_sheets(partnership):
    book = read(partnership)
    rows = status_rows(book)
    expected = pd.concat([partnership.rows, partnership.drafts])
    assert len(rows) == len(expected) == book["Data"].max_row - 1
    measures = {r["Measure"].value for r in rows}
    assert measures == set(expected["measure"].astype(str))
    assert {"1.3", "2.3", "2.4", "4.1"} <= measures  # scored, drafts, sensitive
    indicators = {r["Indicator"].value for r in rows} - {None}
    assert indicators == set(expected["indicator"].dropna().astype(str))


def test_rows_are_grouped_by_priority_in_plan_order(partnership):
    plan = partnership.plan
    rows = status_rows(read(partnership))
    order = [f"{p.id}. {p.title}" for p in plan.priorities]
    positions = [order.index(r["Priority"].value) for r in rows]
    assert positions == sorted(positions)
    owners = {r["Measure"].value: r["Owner"].value for r in rows}
    assert owners["1.3"] == plan.owner_name("crc")
    assert owners["1.1"] == f"{plan.owner_name('iom-team')}, {plan.owner_name('cs-analyst')}"


def test_status_is_a_symbol_and_a_word_in_an_accessible_fill(partnership):
    rows = status_rows(read(partnership))
    by_measure = {(r["Measure"].value, r["Indicator"].value): r for r in rows}
    statuses = set()
    for record in partnership.rows.to_dict("records"):
        indicator = None if cells.missing(record["indicator"]) else record["indicator"]
        cell = by_measure[(record["measure"], indicator)]["Status"]
        word = str(record["status"])
        statuses.add(word)
        assert cell.value == cells.status(word)
        assert word.replace("_", " ") in cell.value  # never colour alone
        if word in STATUS_COLOURS:
            fill, font = STATUS_COLOURS[word]
            assert cell.fill.fill_type == "solid"
            assert cell.fill.start_color.rgb.endswith(fill)
            assert cell.font.color.rgb.endswith(font)
        else:
            assert cell.fill.fill_type is None
    assert {"green", "amber", "red", "monitor"} <= statuses
    drafts = [r["Status"].value for r in rows if r["Measure"].value in ("2.3", "2.4")]
    assert drafts == [cells.status("draft")] * 2


def _luminance(hex_rgb):
    channels = [int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("status", sorted(STATUS_COLOURS))
def test_status_colours_are_readable(status):
    fill, font = STATUS_COLOURS[status]
    light, dark = sorted([_luminance(fill), _luminance(font)], reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG 2 AA


def test_numbers_are_numbers_in_their_unit_format_and_missing_ones_are_blank(partnership):
    rows = status_rows(read(partnership))
    completions = next(r for r in rows if r["Measure"].value == "1.3")
    value = completions["Value"]
    assert isinstance(value.value, float)
    assert value.value == pytest.approx(72.4, abs=0.05)
    assert value.number_format == '0.0"%"'
    assert completions["Target"].value == 75
    assert '0.0"%"' in completions["Target"].number_format
    assert "≥" in completions["Target"].number_format
    assert completions["YTD"].number_format == '0.0"%"'
    monitored = next(r for r in rows if r["Measure"].value == "1.1")
    assert monitored["Target"].value is None  # no target: blank, not "nan"
    counts = [r for r in rows if r["Measure"].value == "1.2"]
    assert counts[0]["Value"].number_format == "#,##0"
    drafts = [r for r in rows if r["Measure"].value == "2.3"]
    assert all(r["Value"].value is None for r in drafts)


def test_the_data_sheet_is_the_rows_as_a_plain_table(partnership):
    sheet = read(partnership)["Data"]
    header = [c.value for c in sheet[1]]
    records = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    completions = next(r for r in records if r["measure"] == "1.3")
    expected = partnership.rows[partnership.rows["measure"] == "1.3"].iloc[0]
    assert completions["value"] == pytest.approx(expected["value"])
    assert completions["status"] == "amber"
    assert completions["handling"] == "OFFICIAL"
    assert completions["period"] == QUARTER
    monitored = next(r for r in records if r["measure"] == "1.1")
    assert monitored["target"] is None


def test_the_marking_is_in_every_page_header_and_footer(partnership):
    book = read(partnership)
    assert partnership.marking == "OFFICIAL-SENSITIVE"
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == "OFFICIAL-SENSITIVE"
        assert sheet.oddFooter.center.text == "OFFICIAL-SENSITIVE"
        assert partnership.plan.title in sheet.oddHeader.left.text
        assert QUARTER in sheet.oddHeader.left.text
        assert partnership.area_name in sheet.oddHeader.right.text
    assert partnership.plan.title in book.properties.title
    assert QUARTER in book.properties.title


def test_an_ampersand_in_the_title_is_not_an_excel_code():
    book = read(small_plan_report(title="Safer & Stronger"))
    assert "Safer && Stronger" in book["Status"].oddHeader.left.text


def test_the_public_workbook_leaves_out_sensitive_measures(public):
    book = read(public)
    for sheet in book.worksheets:
        measures = [c.value for c in sheet["B" if sheet.title == "Status" else "A"][1:]]
        assert "4.1" not in measures
        assert "1.3" in measures
        assert sheet.oddHeader.center.text == "OFFICIAL"
        assert sheet.oddFooter.center.text == "OFFICIAL"
    assert set(data_column(book, "handling")) == {"OFFICIAL"}


def test_small_counts_show_as_below_the_threshold_for_the_public():
    report = small_plan_report(audience="public")
    assert report.rows["suppressed"].tolist() == [False, True]  # 1.3 is left out
    book = read(report)
    rows = {r["Measure"].value: r for r in status_rows(book)}
    assert set(rows) == {"1.1", "1.2"}
    assert rows["1.2"]["Value"].value == "<5"
    assert rows["1.2"]["Value"].data_type == "s"
    assert rows["1.1"]["Value"].value == pytest.approx(60.0)
    data = book["Data"]
    header = [c.value for c in data[1]]
    assert header[-2:] == ["suppressed", "sample"]
    assert data_column(book, "suppressed") == [False, True]
    assert data_column(book, "value")[1] is None


def test_the_partnership_sees_small_counts():
    rows = {r["Measure"].value: r for r in status_rows(read(small_plan_report()))}
    assert rows["1.2"]["Value"].value == 3
    assert "1.3" in rows


def test_text_that_looks_like_a_formula_stays_text():
    report = small_plan_report(comment=INJECTION)
    data = render_workbook(report)
    book = load_workbook(io.BytesIO(data))
    commentary = next(r["Commentary"] for r in status_rows(book) if r["Measure"].value == "1.1")
    assert commentary.value == INJECTION
    assert commentary.data_type == "s"
    assert commentary.quotePrefix
    header = [c.value for c in book["Data"][1]]
    cell = book["Data"].cell(row=2, column=header.index("commentary") + 1)
    assert cell.value == INJECTION
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name)
            assert b"<f " not in archive.read(name)


def test_control_characters_in_text_become_spaces():
    rows = status_rows(read(small_plan_report(comment="fell\x1b[31m sharply\x07")))
    commentary = next(r["Commentary"] for r in rows if r["Measure"].value == "1.1")
    assert commentary.value == "fell [31m sharply"


@pytest.mark.parametrize("start", ["+", "-", "@"])
def test_other_formula_starts_are_text_too(start):
    text = f"{start}SUM(A1:A2) fell"
    rows = status_rows(read(small_plan_report(comment=text)))
    commentary = next(r["Commentary"] for r in rows if r["Measure"].value == "1.1")
    assert commentary.value == text
    assert commentary.data_type == "s"
    assert commentary.quotePrefix


def test_column_widths_fit_their_content(partnership):
    book = read(partnership)
    for sheet in book.worksheets:
        widths = {}
        for column in range(1, sheet.max_column + 1):
            letter = sheet.cell(row=1, column=column).column_letter
            width = sheet.column_dimensions[letter].width
            assert MIN_WIDTH <= width <= MAX_WIDTH
            widths[sheet.cell(row=1, column=column).value] = width
        if sheet.title == "Status":
            assert widths["Commentary"] == MAX_WIDTH  # long text is capped, and wraps
            assert widths["Measure"] < widths["Indicator"] < widths["Commentary"]
            assert widths["Status"] >= len("◆ amber")


def test_a_report_with_no_rows_is_still_a_workbook(sample):
    plan, assessed = sample
    with pytest.warns(ssp.SspWarning, match="no rows for area E99999999"):
        report = ssp.build_report(plan, assessed, QUARTER, area="E99999999")
    book = read(report)
    assert book["Status"].max_row == 1
    assert book["Data"].max_row == 1
    assert book["Status"].oddFooter.center.text == report.marking
