"""Data returns: the form written for an owner, and taken back completed."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SAMPLE

from ssp_targets import ObservationError, SspError, read_observations
from ssp_targets.inputs.return_forms import return_form, write_return
from ssp_targets.inputs.returns import is_return, read_return_file, split_return
from ssp_targets.sources.core_plugin import RETURNS
from ssp_targets.testing import check_source, make_request


@pytest.fixture
def observations(ssp_plan):
    return read_observations(SAMPLE / "observations.csv", plan=ssp_plan)


def test_the_form_lists_the_owners_measures_with_last_quarters_figure(ssp_plan, observations):
    form = return_form(ssp_plan, "2019/20 Q1", "crc", observations)
    assert list(form["measure"]) == ["1.3", "1.4", "1.5", "2.1"]
    assert set(form["period"]) == {"2019/20 Q1"}
    last = observations[
        (observations["indicator"] == "crc:recalls")
        & (observations["period"] == "2018/19 Q4")
        & (observations["area"] == "E06000004")
    ]["value"].iloc[0]
    assert form.loc[form["indicator"] == "crc:recalls", "last_quarter"].iloc[0] == last


def test_qualitative_measures_get_a_row_for_commentary(ssp_plan):
    form = return_form(ssp_plan, "2019/20 Q1", "community-safety")
    assert "2.2" in set(form["measure"])
    assert form.loc[form["measure"] == "2.2", "indicator"].iloc[0] == ""


def test_unknown_owner(ssp_plan):
    with pytest.raises(SspError, match="no owner 'nobody'"):
        return_form(ssp_plan, "2019/20 Q1", "nobody")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_completed_form_round_trips(ssp_plan, tmp_path, suffix):
    path = tmp_path / f"crc{suffix}"
    write_return(return_form(ssp_plan, "2019/20 Q1", "crc"), path, "OFFICIAL", "CRC")
    form = read_return_file(path)
    assert is_return(form)
    form.loc[0, ["numerator", "denominator"]] = ["111", "145"]  # value worked out: 76.55%
    form.loc[1, "value"] = "70.5"
    form.loc[2, ["value", "commentary", "rag"]] = ["9.2", "Recalls up: see note", "amber"]
    figures, notes = split_return(form, ssp_plan, str(path))
    assert figures["value"].tolist() == pytest.approx([100 * 111 / 145, 70.5, 9.2])
    assert notes[["measure", "rag"]].values.tolist() == [["1.5", "amber"]]


def test_the_excel_form_carries_the_marking(ssp_plan, tmp_path):
    import openpyxl

    path = tmp_path / "crc.xlsx"
    write_return(return_form(ssp_plan, "2019/20 Q1", "crc"), path, "OFFICIAL-SENSITIVE", "CRC")
    book = openpyxl.load_workbook(path)
    assert book["Return"].oddHeader.center.text == "OFFICIAL-SENSITIVE"
    assert book["About"]["A2"].value == "OFFICIAL-SENSITIVE"


def test_bad_rows_in_a_return_are_named_by_their_line(ssp_plan, tmp_path):
    form = return_form(ssp_plan, "2019/20 Q1", "crc").astype(object).fillna("")
    form.loc[1, "value"] = "lots"
    form.loc[3, "value"] = "120"  # a percentage above 100
    form.loc[2, "rag"] = "purple"
    with pytest.raises(ObservationError) as info:
        split_return(form.astype(str), ssp_plan, "crc.csv")
    text = str(info.value)
    assert "line 3, column value: 'lots' is not a number" in text
    assert "line 5, column value: '120' is a percentage outside 0-100" in text
    assert "line 4, column rag: 'purple'" in text


def test_other_formats_are_refused(ssp_plan, tmp_path):
    with pytest.raises(SspError, match=r"as \.csv or \.xlsx"):
        write_return(return_form(ssp_plan, "2019/20 Q1", "crc"), tmp_path / "x.pdf", "O", "C")


def test_the_returns_source_reads_a_folder_of_completed_forms(ssp_plan, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    form = return_form(ssp_plan, "2019/20 Q1", "crc")
    form["value"] = [75.0, 70.0, 8.0, 86.0]
    form.to_csv(folder / "crc.csv", index=False)
    checked = check_source(
        RETURNS,
        make_request(quarters=["2019/20 Q1"], options={"path": "returns"}, base=str(tmp_path)),
    )
    assert checked["value"].tolist() == [75.0, 70.0, 8.0, 86.0]


def test_the_returns_source_without_a_path_supplies_nothing():
    assert check_source(RETURNS, make_request()).empty


def test_load_takes_a_completed_return(tmp_path, monkeypatch, capsys):
    from conftest import PLAN_FILE

    from ssp_targets.cli import main

    (tmp_path / "ssp-targets.toml").write_text(f'plan = "{PLAN_FILE.as_posix()}"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["template", "--quarter", "2019/20 Q1", "--owner", "crc", "--out", "r.xlsx"]) == 0
    form = pd.read_excel(tmp_path / "r.xlsx", dtype=str, keep_default_na=False)
    form["value"] = pd.Series([75, 70, 8, 86], dtype=object)  # typed as numbers, as in Excel
    form.loc[0, "commentary"] = "On track"
    form.to_excel(tmp_path / "r.xlsx", index=False)
    assert main(["load", "r.xlsx"]) == 0
    out = capsys.readouterr().out
    assert "4 added" in out
    assert "1 comments added" in out
