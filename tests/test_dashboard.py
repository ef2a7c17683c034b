"""The HTML dashboard: content, escaping, the public version, marking, offline, contrast."""

from __future__ import annotations

import html as html_lib
import re

import attrs
import matplotlib
import pytest
from conftest import make_plan

import ssp_targets as ssp
from ssp_targets.renderers import chart_series, charts
from ssp_targets.renderers.dashboard import HEADLINE_STATUSES, css_string, render_dashboard
from ssp_targets.report.looks import SPC_LOOKS, STATUS_LOOKS

QUARTER = "2018/19 Q2"


@pytest.fixture(scope="module")
def plan(ssp_plan):
    return ssp_plan


@pytest.fixture(scope="module")
def assessed(sample_assessed):
    return sample_assessed


@pytest.fixture(scope="module")
def report(plan, assessed):
    return ssp.build_report(plan, assessed, QUARTER)


@pytest.fixture(scope="module")
def page(report):
    return render_dashboard(report)


@pytest.fixture(scope="module")
def public(plan, assessed):
    return ssp.build_report(plan, assessed, QUARTER, audience="public")


@pytest.fixture(scope="module")
def public_page(public):
    return render_dashboard(public)


def section(page: str, css_class: str) -> str:
    """The text of the first ``<section class="css_class">``."""
    start = page.index(f'<section class="{css_class}"')
    return page[start : page.index("</section>", start)]


def table_row(page: str, measure: str, indicator: str) -> str:
    """The ``<tr>`` of a measure's indicator in the priority tables."""
    rows = re.findall(r'(<tr data-measure="[^"]*".*?</tr>)', page, flags=re.S)
    key = indicator.split(":", 1)[-1]
    matches = [
        r
        for r in rows
        if f'data-measure="{measure}"' in r and f'<td class="indicator">{key}</td>' in r
    ]
    assert len(matches) == 1, (measure, indicator)
    return matches[0]


def chart_texts(page: str) -> dict[str, tuple[str, str]]:
    """Each chart's aria-label and <desc> (unescaped), by its figure id."""
    out = {}
    pattern = r'<figure id="([^"]+)".*?aria-label="([^"]*)".*?<desc[^>]*>(.*?)</desc>'
    for figure_id, label, desc in re.findall(pattern, page, flags=re.S):
        out[figure_id] = (html_lib.unescape(label), html_lib.unescape(desc))
    return out


# -- content ---------------------------------------------------------------------------


def test_every_measure_appears(report, page):
    ids = set(report.rows["measure"].astype(str)) | set(report.drafts["measure"].astype(str))
    assert ids  # the sample has measures
    for measure in ids:
        assert f'data-measure="{measure}"' in page, measure


def test_every_quantitative_row_has_a_chart_with_a_text_alternative(report, page):
    quantitative = report.rows[report.rows["kind"].astype(object) == "quantitative"]
    assert page.count('<svg class="chart" role="img" aria-label="') == len(quantitative)
    texts = chart_texts(page)
    assert len(texts) == len(quantitative)
    label, desc = texts["chart-1.3-co_sso_positive_completions"]
    assert label == (
        "1.3 co_sso_positive_completions: 72.4% in 2018/19 Q2, target ≥ 75.0% (illustrative), "
        "amber; previous quarter 77.0%"
    )
    assert desc.startswith("Quarterly figures: 2016/17 Q1 ")
    assert "2018/19 Q2 72.4% (amber). Statistical process control (trial limits): mean " in desc
    assert desc.endswith("; common cause · hit and miss; common cause variation only.")
    assert "<?xml" not in page
    assert "<title>1.3 co_sso_positive_completions: 72.4%" in page


def test_element_ids_are_unique(page):
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'(?:href="#|url\(#)([^")]+)', page):
        assert target in ids, target


def test_headline_counts_equal_the_report(report, page):
    counts = report.status_counts()
    for status in HEADLINE_STATUSES:
        want = counts.get(status, 0)
        assert f'data-count="{status}">{want}<' in page, status
        assert f'data-priority="all" data-status="{status}"><strong>{want}<' in page
    for priority, rows in report.rows.groupby("priority", observed=True):
        for status in HEADLINE_STATUSES:
            want = int((rows["status"] == status).sum())
            assert f'data-priority="{priority}" data-status="{status}">{want}<' in page


def test_each_status_is_a_word_and_a_symbol_as_well_as_a_colour(page):
    row = table_row(page, "1.3", "crc:co_sso_positive_completions")
    assert '<span class="status s-amber"><span class="sym" aria-hidden="true">◆</span> amber' in row
    assert "72.4%" in row
    assert "≥ 75.0%" in row
    assert "74.7%" in row  # year to date


def test_the_exceptions_carry_every_red_and_amber_measure_with_commentary(report, page):
    exceptions = section(page, "exceptions")
    bad = report.rows[report.rows["status"].isin(["red", "amber"])]
    for measure in set(bad["measure"].astype(str)):
        assert f'data-measure="{measure}"' in exceptions, measure
    for text in bad["commentary"].dropna():
        assert html_lib.escape(str(text).strip(), quote=True) in exceptions
    green_only = set(report.rows["measure"].astype(str)) - set(bad["measure"].astype(str))
    for measure in green_only:
        assert f'<article class="x-red" data-measure="{measure}"' not in exceptions
        assert f'<article class="x-amber" data-measure="{measure}"' not in exceptions


def test_measures_without_data_are_listed_by_owner(plan, sample_observations):
    observations = sample_observations
    observations = observations[observations["indicator"].astype(object) != "crc:recalls"]
    report = ssp.build_report(plan, ssp.assess(plan, observations), QUARTER)  # no commentary
    missing = report.rows[report.rows["status"] == "no_data"]
    assert {"1.5", "2.2", "3.2"} <= set(missing["measure"].astype(str))
    listing = section(render_dashboard(report), "exceptions").split('id="h-no-data"')[1]
    for r in missing.to_dict("records"):
        assert f'<dd data-measure="{r["measure"]}">' in listing
        for owner in str(r["owners"]).split(", "):
            assert f"<dt>{html_lib.escape(plan.owner_name(owner))}</dt>" in listing


def test_drafts_are_listed_apart(report, page):
    drafts = section(page, "drafts")
    for r in report.drafts.to_dict("records"):
        assert f'data-measure="{r["measure"]}"' in drafts
        assert f'<tr data-measure="{r["measure"]}"' not in page


# -- marking, offline, contrast ------------------------------------------------------------


def test_the_marking_is_at_the_top_and_bottom(report, page):
    assert report.marking == "OFFICIAL-SENSITIVE"
    body = page[page.index("<body>") + len("<body>") :]
    first = re.search(r"<(\w+)[^>]*>([^<]*)<", body)
    assert first is not None
    assert first[2] == report.marking
    tail = body[: body.index("</body>")].rstrip()
    assert tail.endswith(f">{report.marking}</div>")
    # and on every printed page, in the page's top and bottom margins
    assert f'@top-center {{ content: "{report.marking}";' in page
    assert f'@bottom-center {{ content: "{report.marking}";' in page
    assert "size: A4" in page


def test_no_network_references(page, public_page):
    for text in (page, public_page):
        assert "http://" not in text
        assert "https://" not in text
        assert "<script" not in text
        assert "<link" not in text
        assert "@import" not in text
        assert "@font-face" not in text
        assert not re.search(r"\ssrc=", text)
        for href in re.findall(r'\shref="([^"]*)"', text):
            assert href.startswith("#"), href
        for url in re.findall(r"url\(([^)]*)\)", text):
            assert url.startswith("#"), url
        assert "default-src 'none'" in text  # the browser refuses anything else anyway


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_status_colours_have_enough_contrast(page):
    assert (
        ".status { display: inline-block; padding: 1px 7px; border-radius: 3px; color: #fff;"
        in page
    )
    shown = dict(re.findall(r"\.s-(\w+) \{ background: (#[0-9a-f]{6}); \}", page))
    assert set(shown) >= set(HEADLINE_STATUSES) | {"draft"}
    for status, colour in shown.items():
        assert colour == STATUS_LOOKS[status].colour
        # white text on the colour, and the colour (chart points) on the white page
        assert contrast(colour, "#ffffff") >= 4.5, status


def test_chart_points_differ_by_shape_as_well_as_colour():
    charted = [look for look in STATUS_LOOKS.values() if look.marker]
    shapes = [look.marker for look in charted]
    fills = [(look.marker, look.filled) for look in charted]
    assert len(set(fills)) == len(fills)  # no two statuses look alike without colour
    assert len(set(shapes)) >= 4


# -- escaping ------------------------------------------------------------------------------


def test_everything_shown_is_escaped(tmp_path):
    attack = "<script>alert(1)</script>"
    plan = make_plan(
        {
            "id": "9.9",
            "title": attack,
            "indicator": "t:x",
            "unit": "count",
            "polarity": "higher",
            "target": 10,
        },
        {"id": "9.8", "title": "Draft " + attack, "state": "draft"},
        title=f"Plan {attack}",
    )
    (tmp_path / "obs.csv").write_text(
        "indicator,area,period,value\nt:x,E06000004,2018/19 Q1,12\nt:x,E06000004,2018/19 Q2,7\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.csv").write_text(
        'measure,period,rag,text,author\n9.9,2018/19 Q2,,"<img src=x onerror=alert(2)>",'
        '"<b>Owner</b>"\n',
        encoding="utf-8",
    )
    observations = ssp.read_observations(tmp_path / "obs.csv", plan=plan)
    notes = ssp.read_commentary(tmp_path / "notes.csv", plan=plan)
    report = ssp.build_report(plan, ssp.assess(plan, observations, commentary=notes), QUARTER)
    page = render_dashboard(report)
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>Owner" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert report.rows["status"].tolist() == ["red"]  # so the commentary is shown


def test_css_string_escapes_everything_but_plain_text():
    assert css_string("OFFICIAL-SENSITIVE") == '"OFFICIAL-SENSITIVE"'
    assert css_string('a"</style>') == '"a\\22 \\3c \\2f style\\3e "'


def test_an_encoding_that_cannot_hold_the_symbols_gets_character_references(report):
    page = render_dashboard(report, "ascii")
    page.encode("ascii")
    assert '<meta charset="ascii">' in page
    assert 'aria-hidden="true">&#10004;</span> green' in page


# -- the public version ------------------------------------------------------------------


def test_the_public_version_says_so(public_page, page):
    assert "<strong>Public version.</strong>" in public_page
    assert "(public version)</title>" in public_page
    assert "Public version" not in page


def test_the_public_version_leaves_out_sensitive_measures(plan, public, public_page):
    sensitive = [m for m in plan.measures if plan.handling_of(m) != "OFFICIAL"]
    assert [m.id for m in sensitive] == ["4.1"]
    for m in sensitive:
        assert f'data-measure="{m.id}"' not in public_page
        assert html_lib.escape(m.title) not in public_page
        assert m.title not in public_page
        for indicator in m.indicators:
            assert indicator.split(":", 1)[1] not in public_page
        assert f">{m.id}<" not in public_page
        assert f"<strong>{m.id}</strong>" not in public_page
    assert "OFFICIAL-SENSITIVE" not in public_page
    assert public.marking == "OFFICIAL"


@pytest.mark.parametrize("threshold", [5, 10])
def test_the_public_version_suppresses_small_counts(plan, assessed, threshold):
    report = ssp.build_report(plan, assessed, QUARTER, audience="public", suppress_below=threshold)
    page = render_dashboard(report)
    shown = f"&lt;{threshold}"
    assert f"counts below {threshold} (including zero)" in page
    assert 'id="fn-suppressed"' in page
    held = report.history[report.history["suppressed"]]
    assert len(held)  # the sample has small counts in the history
    texts = chart_texts(page)
    for r in report.rows[report.rows["suppressed"]].to_dict("records"):
        row = table_row(page, r["measure"], r["indicator"])
        assert f'<td class="num value">{shown}<sup>' in row
    for r in held.to_dict("records"):
        key = f"chart-{r['measure']}-{r['indicator'].split(':', 1)[1]}"
        assert f"{r['period']} <{threshold} (" in texts[key][1]
    # no count below the threshold in a table cell or a chart's text
    counts = report.rows[report.rows["unit"].astype(object) == "count"]
    for r in counts.to_dict("records"):
        row = table_row(page, r["measure"], r["indicator"])
        for cell in re.findall(r'<td class="num (?:value|ytd)">([^<]*)<', row):
            if cell[0].isdigit():
                assert float(cell.replace(",", "")) >= threshold, (r["measure"], cell)
        key = f"chart-{r['measure']}-{r['indicator'].split(':', 1)[1]}"
        label, desc = texts[key]
        for number in re.findall(r"Q\d ([\d,.]+) \(", desc):
            assert float(number.replace(",", "")) >= threshold, (key, number)
        for number in re.findall(r"(?:: |quarter )([\d,.]+)(?: in|$)", label):
            assert float(number.replace(",", "")) >= threshold, (key, number)


def test_some_rows_of_the_quarter_are_suppressed(plan, assessed):
    report = ssp.build_report(plan, assessed, QUARTER, audience="public", suppress_below=10)
    assert report.rows["suppressed"].any()  # so the table check above is not vacuous


# -- provenance --------------------------------------------------------------------------


def test_provenance_is_a_footnote(plan, assessed, sample_observations, tmp_path):
    with ssp.Store(tmp_path / "figures.db") as store:
        store.load(sample_observations, source="crc-return")
        loads = store.loads()
    report = ssp.build_report(
        plan, assessed, QUARTER, provenance=loads, as_of="2026-01-01T09:00+00:00"
    )
    page = render_dashboard(report)
    footnote = page[page.index('<div id="fn-provenance">') :]
    stamp = loads["loaded_at"].iloc[0].strftime("%Y-%m-%d %H:%M")
    assert "† Data provenance" in footnote
    assert "crc-return" in footnote
    assert stamp in footnote
    assert f"{int(loads['added'].iloc[0]):,} added" in footnote
    assert "figures as they stood in the store at 2026-01-01T09:00+00:00" in footnote
    assert "figures as they stood at 2026-01-01T09:00+00:00" in page  # under the title


def test_without_provenance_the_footnote_says_so(page):
    assert "No load record was supplied" in page


# -- charts --------------------------------------------------------------------------------


def test_charts_leave_matplotlib_global_state_alone(report):
    backend = matplotlib.get_backend()
    params = dict(matplotlib.rcParams)
    render_dashboard(report)
    assert matplotlib.get_backend() == backend
    assert dict(matplotlib.rcParams) == params


def test_a_chart_of_a_change_target_plots_each_quarters_target(report):
    rows = report.history[report.history["measure"] == "1.6"].sort_values("period")
    series = chart_series.series_from_rows(rows.to_dict("records"))
    targets = {p.target for p in series.points if p.target == p.target}
    assert len(targets) > 1  # the target moves with last year's figure
    svg = charts.ChartCanvas().svg(series)
    assert svg.startswith('<svg class="chart" role="img" aria-label="1.6 first_time_entrants: ')
    assert len(svg) < 40_000


def test_the_page_is_deterministic(report, page):
    assert render_dashboard(report) == page


def test_without_history_each_chart_has_the_quarter_alone(report):
    page = render_dashboard(attrs.evolve(report, history=None))
    label, desc = chart_texts(page)["chart-1.3-co_sso_positive_completions"]
    assert (
        label
        == "1.3 co_sso_positive_completions: 72.4% in 2018/19 Q2, target ≥ 75.0% (illustrative), "
        "amber"
    )
    assert desc == (
        "Quarterly figures: 2018/19 Q2 72.4% (amber). Statistical process control: not enough data."
    )


def test_an_empty_report_still_renders(report):
    empty = attrs.evolve(
        report,
        rows=report.rows.iloc[:0],
        drafts=report.drafts.iloc[:0],
        history=report.history.iloc[:0],
    )
    page = render_dashboard(empty)
    assert "No measure is red or amber this quarter." in page
    assert 'data-priority="all" data-status="green"><strong>0<' in page


def test_a_year_to_date_that_would_reveal_a_held_back_quarter_is_left_blank(plan, assessed):
    report = ssp.build_report(plan, assessed, QUARTER, audience="public", suppress_below=10)
    page = render_dashboard(report)
    # 1.7: Q1 11 is shown and Q2 9 is held back, so a year to date of 20 would give it away
    row = table_row(page, "1.7", "pcc:rj_referrals")
    assert '<td class="num value">&lt;10<sup>' in row
    assert '<td class="num ytd">–</td>' in row
    assert ">20<" not in row
    # not so for the partnership, or where no quarter of the year was held back
    assert '<td class="num ytd">20</td>' in table_row(
        render_dashboard(ssp.build_report(plan, assessed, QUARTER)), "1.7", "pcc:rj_referrals"
    )
    assert '<td class="num ytd">74.7%</td>' in table_row(
        page, "1.3", "crc:co_sso_positive_completions"
    )


# -- statistical process control -----------------------------------------------------------

SPC_PERIODS = [f"{y}/{str(y + 1)[2:]} Q{q}" for y in range(2016, 2020) for q in (1, 2, 3, 4)]


def spc_report(tmp_path, values, polarity="higher"):
    """A one-measure plan whose indicator has ``values`` in successive quarters from
    2016/17 Q1, reported at the last of them."""
    plan = make_plan(
        {"id": "9.1", "indicator": "t:x", "unit": "count", "polarity": polarity, "target": 10}
    )
    lines = ["indicator,area,period,value"]
    lines += [
        f"t:x,E06000004,{p},{v}" for p, v in zip(SPC_PERIODS, values, strict=False) if v is not None
    ]
    (tmp_path / "obs.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    observations = ssp.read_observations(tmp_path / "obs.csv", plan=plan)
    quarter = SPC_PERIODS[len(values) - 1]
    return ssp.build_report(plan, ssp.assess(plan, observations), quarter)


def spc_cell(row: str) -> str:
    return re.search(r'<td class="spc">(.*?)</td>', row, flags=re.S)[1]


def spc_line(page: str, figure_id: str) -> str:
    start = page.index(f'<figure id="{figure_id}"')
    return re.search(r'<p class="spc-line">(.*?)</p>', page[start:], flags=re.S)[1]


def test_the_sample_has_spc_with_trial_limits(report, page):
    assert '<th scope="col">Variation / assurance</th>' in page
    quantitative = report.rows[report.rows["kind"].astype(object) == "quantitative"]
    for r in quantitative.to_dict("records"):
        row = table_row(page, r["measure"], r["indicator"])
        assert spc_cell(row).endswith(" (trial limits)"), row  # 10 quarters each
        key = r["indicator"].split(":", 1)[-1]
        line = spc_line(page, f"chart-{r['measure']}-{key}")
        assert line.startswith("SPC, trial limits – "), line
        assert "special cause: " in line or line.endswith("common cause variation only")
    row = table_row(page, "1.3", "crc:co_sso_positive_completions")
    assert spc_cell(row) == "Common cause · Hit and miss (trial limits)"
    assert page.count('<td class="spc">') == len(report.rows)  # qualitative rows: "–"
    # the chart's text alternative carries the summary
    _, desc = chart_texts(page)["chart-1.3-co_sso_positive_completions"]
    assert "Statistical process control (trial limits): mean 77.3%, process limits " in desc


def test_seven_quarters_below_the_mean_are_special_cause(tmp_path):
    values = [30, 24, 32, 26, 31, 25, 22, 18, 23, 17, 21, 19, 22]
    report = spc_report(tmp_path, values)
    page = render_dashboard(report)
    line = spc_line(page, "chart-9.1-x")
    assert line == "SPC – special cause: 7 quarters below the mean"  # 13 points: no trial
    row = table_row(page, "9.1", "t:x")
    assert spc_cell(row) == "Special cause: concern · Consistently met"
    # each special-cause point is ringed in the concern marker (orange triangle), and the
    # text alternative names them
    _, desc = chart_texts(page)["chart-9.1-x"]
    assert "special cause: 7 quarters below the mean." in desc
    assert "Statistical process control: mean 23.8, process limits " in desc
    assert desc.count("(concern, open triangle)") == 7
    svg = page[page.index('<figure id="chart-9.1-x"') :]
    svg = svg[: svg.index("</svg>")]
    assert f"stroke: {SPC_LOOKS['special_cause_concern'].colour}" in svg
    assert "special_cause_improvement" not in svg
    assert f"stroke: {SPC_LOOKS['special_cause_improvement'].colour}" not in svg


def test_special_cause_markers_differ_by_shape_as_well_as_colour():
    shapes = [look.marker for look in SPC_LOOKS.values()]
    colours = [look.colour for look in SPC_LOOKS.values()]
    assert len(set(shapes)) == len(set(colours)) == 3
    assert not set(shapes) & {look.marker for look in STATUS_LOOKS.values()}
    for colour in colours:
        assert contrast(colour, "#ffffff") >= 3  # a graphical object on the white page


def test_improvement_for_a_lower_is_better_measure(tmp_path):
    values = [30, 24, 32, 26, 31, 25, 22, 18, 23, 17, 21, 19, 22]
    page = render_dashboard(spc_report(tmp_path, values, polarity="lower"))
    assert spc_cell(table_row(page, "9.1", "t:x")).startswith("Special cause: improvement")
    _, desc = chart_texts(page)["chart-9.1-x"]
    assert desc.count("(improvement, open hexagon)") == 7


def test_a_series_with_one_point_has_not_enough_data(tmp_path):
    page = render_dashboard(spc_report(tmp_path, [12]))
    assert spc_cell(table_row(page, "9.1", "t:x")) == "Not enough data"
    assert spc_line(page, "chart-9.1-x") == "SPC: not enough data"
    _, desc = chart_texts(page)["chart-9.1-x"]
    assert desc.endswith("Statistical process control: not enough data.")


def test_spc_for_the_public_uses_only_the_figures_shown(plan, assessed):
    """Suppressed figures are NaN in the public history: they are missing to the XmR
    chart, so no limit, mean or special-cause mark is worked out from a hidden count."""
    from ssp_targets.stats import xmr

    public = ssp.build_report(plan, assessed, QUARTER, audience="public")
    full = ssp.build_report(plan, assessed, QUARTER)
    slot = public.history[public.history["indicator"].astype(object) == "pcc:rj_referrals"]
    assert slot["suppressed"].any()
    shown = [None if s else v for v, s in zip(slot["value"], slot["suppressed"], strict=True)]
    want = xmr(shown, improvement="increase")
    key = "chart-1.7-rj_referrals"
    _, desc = chart_texts(render_dashboard(public))[key]
    assert f"mean {want.mean:,.1f}, process limits " in desc
    # too few figures left to show is "not enough data", not limits from hidden ones
    held = ssp.build_report(plan, assessed, QUARTER, audience="public", suppress_below=10)
    _, desc_held = chart_texts(render_dashboard(held))[key]
    assert desc_held.endswith("Statistical process control: not enough data.")
    _, full_desc = chart_texts(render_dashboard(full))[key]
    assert f"mean {want.mean:,.1f}," not in full_desc  # the hidden counts would move it
    hidden = slot.loc[slot["suppressed"].astype(bool), "period"].astype(str)
    assert all(f"{p} (" not in desc.split("Special-cause points:")[-1] for p in hidden)
