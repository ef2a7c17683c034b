"""Nothing silent: a load or fetch that stores nothing says why, a report for a quarter
that was not assessed says so, and the library says it through warnings."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from conftest import PLAN_FILE, make_plan

import ssp_targets as ssp
from ssp_targets import SspError, SspWarning
from ssp_targets.cli import main
from ssp_targets.inputs.return_forms import return_form
from ssp_targets.inputs.returns import split_return


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "ssp-targets.toml").write_text(
        f'plan = "{PLAN_FILE.as_posix()}"\nstore = "s.db"\n[sources.returns]\npath = "returns"\n',
        encoding="utf-8",
    )
    (tmp_path / "returns").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_blank_return_form_loads_nothing_and_says_why(project, capsys):
    assert (
        main(["template", "--quarter", "2019/20 Q1", "--owner", "crc", "--out", "blank.csv"]) == 0
    )
    capsys.readouterr()
    assert main(["load", "blank.csv"]) == 0
    captured = capsys.readouterr()
    assert "0 added" in captured.out
    assert "ssp-targets: warning: blank.csv: the return has no figures or commentary" in (
        captured.err
    )


def test_a_csv_with_no_rows_loads_nothing_and_says_why(project, capsys):
    (project / "empty.csv").write_text("indicator,period,value\n", encoding="utf-8")
    assert main(["load", "empty.csv"]) == 0
    assert "warning: empty.csv: no figures to store (the input has no rows)" in (
        capsys.readouterr().err
    )


def test_a_source_that_returns_nothing_is_warned_about_in_its_line(project, capsys):
    assert main(["fetch", "--source", "returns", "--quarter", "2018/19 Q2"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("returns"))
    assert "0 added" in line
    assert "warning: source 'returns' returned no figures for the 1 quarter(s) asked for" in line
    assert "check its options in [sources.returns]" in line


def test_a_report_for_a_quarter_that_was_not_assessed_is_refused():
    plan = make_plan({"id": "1.1", "indicator": "a:b"})
    obs = pd.DataFrame({"indicator": ["a:b"], "period": ["2018/19 Q1"], "value": [3.0]})
    assessed = ssp.assess(plan, obs, "2018/19 Q1")
    with pytest.raises(SspError, match=r"the assessment has no rows for 2018/19 Q2 \(it holds "):
        ssp.build_report(plan, assessed, "2018/19 Q2")


def test_the_library_warns_an_embedding_tool_rather_than_printing(ssp_plan, capsys):
    form = return_form(ssp_plan, "2019/20 Q1", "crc").astype(object).fillna("").astype(str)
    with pytest.warns(SspWarning, match="no figures or commentary"):
        split_return(form, ssp_plan, "crc.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error", SspWarning)
        with pytest.raises(SspWarning), ssp.Store(":memory:") as store:
            store.load(pd.DataFrame(columns=["indicator", "area", "period", "value"]))
    assert capsys.readouterr() == ("", "")  # nothing printed by the library itself


def test_a_report_for_an_area_with_no_rows_warns():
    plan = make_plan({"id": "1.1", "indicator": "a:b"})
    obs = pd.DataFrame({"indicator": ["a:b"], "period": ["2018/19 Q1"], "value": [3.0]})
    assessed = ssp.assess(plan, obs, "2018/19 Q1")
    with pytest.warns(SspWarning, match="no rows for area E06000047"):
        ssp.build_report(plan, assessed, "2018/19 Q1", area="E06000047")
