"""Honest labels: illustrative targets say so, sample data says so, flags and notes reach
the reader, and the public sees only the commentary its authors released."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest
from conftest import PLAN_FILE, ROOT, SAMPLE, make_plan
from openpyxl import load_workbook

import ssp_targets as ssp
from ssp_targets import PlanError
from ssp_targets.cli import main
from ssp_targets.report.wording import ILLUSTRATIVE_NOTE, SAMPLE_BANNER

Q = "2018/19 Q2"
READ = ("table", "markdown", "html", "html-fragment")  # outputs people read, as text


def text_of(report, fmt):
    out = ssp.render(report, fmt)
    if isinstance(out, bytes):
        book = load_workbook(io.BytesIO(out))
        cells = [
            f"{c.value} {c.number_format}"
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for c in row
            if c.value is not None
        ]
        return "\n".join(cells)
    return out


# -- illustrative targets ---------------------------------------------------------------


def two_targets(**plan_keys):
    plan = make_plan(
        {"id": "1.1", "unit": "percent", "polarity": "higher", "indicator": "a:b", "target": 75},
        {
            "id": "1.2",
            "unit": "percent",
            "polarity": "lower",
            "indicator": "a:c",
            "target": 8,
            "target_basis": "agreed",
        },
        **plan_keys,
    )
    obs = pd.DataFrame({"indicator": ["a:b", "a:c"], "period": [Q, Q], "value": [70.0, 9.0]})
    return ssp.build_report(plan, ssp.assess(plan, obs, Q), Q)


def test_target_basis_defaults_to_agreed_and_a_measure_overrides_the_plan():
    plan = two_targets(target_basis="illustrative").plan
    assert plan.target_basis_of(plan.measure("1.1")) == "illustrative"
    assert plan.target_basis_of(plan.measure("1.2")) == "agreed"
    assert two_targets().plan.target_basis_of(two_targets().plan.measure("1.1")) == "agreed"


def test_a_target_basis_other_than_agreed_or_illustrative_is_refused():
    with pytest.raises(PlanError, match="target_basis = 'aspirational' is not one of"):
        make_plan({"id": "1.1", "indicator": "a:b"}, target_basis="aspirational")


@pytest.mark.parametrize("fmt", READ)
def test_an_illustrative_target_is_shown_as_such_with_a_footnote(fmt):
    shown = text_of(two_targets(target_basis="illustrative"), fmt).replace("&#39;", "'")
    assert "≥ 75.0% (illustrative)" in shown
    assert "≤ 8.0% (illustrative)" not in shown
    assert "≤ 8.0%" in shown
    assert ILLUSTRATIVE_NOTE in shown


def test_the_workbook_formats_an_illustrative_target_as_such_with_a_footnote():
    book = load_workbook(io.BytesIO(ssp.render(two_targets(target_basis="illustrative"), "xlsx")))
    rows = list(book["Status"].iter_rows())
    header = [c.value for c in rows[0]]
    target = {r[1].value: r[header.index("Target")] for r in rows[1:] if r[1].value}
    assert target["1.1"].value == 75
    assert '" (illustrative)"' in target["1.1"].number_format
    assert "illustrative" not in target["1.2"].number_format
    notes = [r[0].value for r in rows if r[0].value and str(r[0].value).startswith("(")]
    assert notes == [f"(illustrative) {ILLUSTRATIVE_NOTE}"]


@pytest.mark.parametrize("fmt", [*READ, "xlsx"])
def test_agreed_targets_carry_no_illustrative_label(fmt):
    shown = text_of(two_targets(), fmt)
    assert "(illustrative)" not in shown
    assert ILLUSTRATIVE_NOTE.split(":")[0] not in shown


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_data_formats_give_the_target_basis(fmt):
    out = ssp.render(two_targets(target_basis="illustrative"), fmt)
    rows = json.loads(out) if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
    assert [r["target_basis"] for r in rows] == ["illustrative", "agreed"]


def test_the_shipped_plan_marks_every_target_illustrative(ssp_plan):
    with_targets = [m for m in ssp_plan.measures if m.target is not None]
    assert len(with_targets) == 11
    assert {ssp_plan.target_basis_of(m) for m in with_targets} == {"illustrative"}


# -- synthetic sample data ---------------------------------------------------------------


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """A project that fetched the CRC plugin's packaged sample and loaded a real CSV."""
    folder = tmp_path_factory.mktemp("project")
    (folder / "ssp-targets.toml").write_text(
        f'plan = "{PLAN_FILE.as_posix()}"\nstore = "s.db"\n', encoding="utf-8"
    )
    return folder


def run(folder, *args, capsys):
    import os

    here = os.getcwd()
    os.chdir(folder)
    try:
        status = main(list(args))
    finally:
        os.chdir(here)
    out = capsys.readouterr()
    assert status == 0, out.err
    return out.out


def test_fetching_a_packaged_sample_says_so_and_every_output_is_headed_synthetic(fetched, capsys):
    out = run(fetched, "fetch", "--source", "crc", "--quarter", Q, capsys=capsys)
    line = next(x for x in out.splitlines() if x.startswith("crc"))
    assert "SYNTHETIC SAMPLE DATA" in line
    loads = run(fetched, "loads", capsys=capsys)
    crc = next(x for x in loads.splitlines() if " crc " in x)
    assert crc.rstrip().endswith("synthetic sample")
    history = run(fetched, "history", "1.3", capsys=capsys)
    assert history.splitlines()[2] == SAMPLE_BANNER
    assert "72.4%" in history
    assert all(x.endswith("(synthetic)") for x in history.splitlines() if x.startswith("20"))
    summary = run(fetched, "summary", "--quarter", Q, capsys=capsys)
    assert summary.splitlines()[2] == SAMPLE_BANNER  # under the marking, above the rest
    for suffix in ("html", "xlsx", "md", "csv", "json"):
        run(fetched, "dashboard", "--quarter", Q, "--out", f"d.{suffix}", capsys=capsys)
        data = (fetched / f"d.{suffix}").read_bytes()
        if suffix == "xlsx":
            book = load_workbook(io.BytesIO(data))
            assert all(sheet["A1"].value == SAMPLE_BANNER for sheet in book.worksheets)
        elif suffix == "json":
            assert {r["sample"] for r in json.loads(data)} == {True}
        elif suffix == "csv":
            assert {r["sample"] for r in csv.DictReader(io.StringIO(data.decode()))} == {"True"}
        else:
            text = data.decode()
            if suffix == "html":
                top = text.index('class="marking marking-top"')
                assert top < text.index(SAMPLE_BANNER) < text.index("<header>")
            else:
                assert text.splitlines()[2] == f"**{SAMPLE_BANNER}**"


def test_real_figures_alone_carry_no_sample_banner(tmp_path, capsys):
    (tmp_path / "ssp-targets.toml").write_text(
        f'plan = "{PLAN_FILE.as_posix()}"\nstore = "s.db"\n', encoding="utf-8"
    )
    (tmp_path / "real.csv").write_text(
        "indicator,period,value\nyot:first_time_entrants,2018/19 Q2,12\n", encoding="utf-8"
    )
    run(tmp_path, "load", "real.csv", capsys=capsys)
    summary = run(tmp_path, "summary", "--quarter", Q, capsys=capsys)
    assert SAMPLE_BANNER not in summary
    run(tmp_path, "load", "real.csv", "--source", "again", "--sample", capsys=capsys)
    unchanged = run(tmp_path, "summary", "--quarter", Q, capsys=capsys)
    assert SAMPLE_BANNER not in unchanged  # the reload stored nothing: still the real figure
    (tmp_path / "made-up.csv").write_text(
        "indicator,period,value\nyot:first_time_entrants,2018/19 Q2,13\n", encoding="utf-8"
    )
    run(tmp_path, "load", "made-up.csv", "--sample", capsys=capsys)
    assert SAMPLE_BANNER in run(tmp_path, "summary", "--quarter", Q, capsys=capsys)


def test_the_shipped_returns_are_marked_synthetic_in_the_config():
    config = ssp_targets_config()
    assert config.sources["returns"]["sample"] is True


def ssp_targets_config():
    from ssp_targets.cli.project_config import load_config

    return load_config(ROOT / "ssp-targets.toml")


# -- flags and notes -----------------------------------------------------------------------


def flagged_report(audience="partnership"):
    plan = make_plan(
        {"id": "1.1", "unit": "count", "polarity": "lower", "indicator": "a:b", "target": 50},
        {"id": "1.2", "unit": "count", "polarity": "lower", "indicator": "a:c", "target": 50},
    )
    obs = pd.DataFrame(
        {
            "indicator": ["a:b", "a:c"],
            "period": [Q, Q],
            "value": [40.0, 30.0],
            "flag": ["provisional", None],
            "note": ["July and August only: September not yet loaded", None],
        }
    )
    return ssp.build_report(plan, ssp.assess(plan, obs, Q), Q, audience=audience)


def test_a_flagged_figure_gets_a_marker_and_a_footnote_in_the_summary():
    text = ssp.render(flagged_report(), "table")
    row = next(line for line in text.splitlines() if line.startswith("1.1"))
    assert "40 [1]" in row
    other = next(line for line in text.splitlines() if line.startswith("1.2"))
    assert "[" not in other
    assert "[1] 1.1 b: provisional: July and August only: September not yet loaded" in text


def test_the_dashboard_links_a_flagged_figure_to_its_footnote():
    page = ssp.render(flagged_report(), "html")
    row = re.search(r'<tr data-measure="1.1".*?</tr>', page, re.S)[0]
    assert '<a class="fn" href="#fn-flag-1">[1]</a>' in row
    assert re.search(
        r'<li id="fn-flag-1" value="1">\[1\] 1.1 b: provisional: July and August only', page
    )


def test_the_workbook_and_data_formats_carry_flag_and_note():
    report = flagged_report()
    book = load_workbook(io.BytesIO(ssp.render(report, "xlsx")))
    rows = list(book["Status"].iter_rows(values_only=True))
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Flag / note"] == "provisional: July and August only: September not yet loaded"
    for fmt in ("csv", "json"):
        out = ssp.render(report, fmt)
        records = json.loads(out) if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
        by_measure = {r["measure"]: r for r in records}
        assert by_measure["1.1"]["flag"] == "provisional"
        assert by_measure["1.1"]["note"] == "July and August only: September not yet loaded"
        assert by_measure["1.2"]["flag"] in (None, "")


def test_the_public_sees_the_flag_but_not_the_note():
    report = flagged_report("public")
    text = ssp.render(report, "table")
    assert "[1] 1.1 b: provisional" in text
    assert "September not yet loaded" not in text


def test_a_return_form_carries_flag_note_and_release_of_commentary(ssp_plan, tmp_path):
    from ssp_targets.inputs.return_forms import RETURN_COLUMNS, return_form
    from ssp_targets.inputs.returns import split_return

    form = return_form(ssp_plan, "2019/20 Q1", "crc").astype(object).fillna("")
    assert {"flag", "note", "public"} <= set(RETURN_COLUMNS) <= set(form.columns)
    form["value"] = ["75", "70", "8", "86"]
    form.loc[0, ["flag", "note"]] = ["provisional", "two months of three"]
    form.loc[1, ["commentary", "public"]] = ["Released comment", "yes"]
    form.loc[2, ["commentary"]] = ["Internal comment"]
    figures, notes = split_return(form.astype(str), ssp_plan, "crc.csv")
    assert figures.loc[0, ["flag", "note"]].tolist() == ["provisional", "two months of three"]
    assert figures["flag"].isna().sum() == 3
    assert dict(zip(notes["text"], notes["public"], strict=True)) == {
        "Released comment": True,
        "Internal comment": False,
    }


# -- released commentary -----------------------------------------------------------------


def test_the_public_sees_only_commentary_its_author_released():
    plan = make_plan(
        {"id": "1.1", "unit": "count", "polarity": "lower", "indicator": "a:b", "target": 5},
        {"id": "1.2", "unit": "count", "polarity": "lower", "indicator": "a:c", "target": 5},
    )
    obs = pd.DataFrame({"indicator": ["a:b", "a:c"], "period": [Q, Q], "value": [40.0, 30.0]})
    notes = pd.DataFrame(
        {
            "measure": ["1.1", "1.2"],
            "period": [Q, Q],
            "rag": [None, None],
            "text": ["2 of the 3 victims were repeat victims", "Released: patrols stepped up"],
            "author": ["Analyst", "Inspector"],
            "public": [False, True],
        }
    )
    assessed = ssp.assess(plan, obs, Q, commentary=notes)
    for fmt in ("table", "markdown", "html", "csv", "json"):
        public = ssp.render(ssp.build_report(plan, assessed, Q, audience="public"), fmt)
        partnership = ssp.render(ssp.build_report(plan, assessed, Q), fmt)
        assert "2 of the 3 victims" not in public, fmt
        assert "patrols stepped up" in public, fmt
        assert "2 of the 3 victims" in partnership, fmt


def test_the_commentary_csv_takes_an_optional_public_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "measure,period,rag,text,author,public\n1.1,2018/19 Q2,,a,x,yes\n1.2,2018/19 Q2,,b,y,\n"
        "1.3,2018/19 Q2,,c,z,No\n",
        encoding="utf-8",
    )
    assert ssp.read_commentary(path)["public"].tolist() == [True, False, False]
    path.write_text("measure,period,text,public\n1.1,2018/19 Q2,a,maybe\n", encoding="utf-8")
    with pytest.raises(ssp.ObservationError, match="line 2, column public: 'maybe' is not yes"):
        ssp.read_commentary(path)
    assert ssp.read_commentary(SAMPLE / "commentary.csv")["public"].dtype == bool
