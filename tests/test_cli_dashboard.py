"""ssp-targets dashboard and schema: the meeting pack from the store, in every format."""

from __future__ import annotations

import json

import openpyxl
import pytest

from ssp_targets.cli import main


@pytest.fixture
def project(loaded_project):
    return loaded_project


def test_the_html_dashboard_is_written(project, capsys):
    assert main(["dashboard", "--quarter", "2018/19 Q2", "--out", "dashboard.html"]) == 0
    page = (project / "dashboard.html").read_text(encoding="utf-8")
    assert "OFFICIAL-SENSITIVE" in page
    assert "1.3" in page
    assert "marked OFFICIAL-SENSITIVE" in capsys.readouterr().out


def test_the_public_dashboard_leaves_out_sensitive_measures(project):
    args = ["dashboard", "--quarter", "2018/19 Q2", "--audience", "public"]
    assert main([*args, "--out", "public.json"]) == 0
    rows = json.loads((project / "public.json").read_text(encoding="utf-8"))
    assert "4.1" not in {r["measure"] for r in rows}
    assert {r["handling"] for r in rows} == {"OFFICIAL"}


def test_the_format_follows_the_suffix(project):
    assert main(["dashboard", "--quarter", "2018/19 Q2", "--out", "pack.xlsx"]) == 0
    book = openpyxl.load_workbook(project / "pack.xlsx")
    assert len(book.sheetnames) >= 2
    assert main(["dashboard", "--quarter", "2018/19 Q2", "--out", "pack.md"]) == 0
    assert (project / "pack.md").read_text(encoding="utf-8").startswith("**OFFICIAL")


def test_an_unknown_suffix_or_format_is_refused_and_nothing_written(project, capsys):
    assert main(["dashboard", "--quarter", "2018/19 Q2", "--out", "pack.pdf"]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["dashboard", "--quarter", "2018/19 Q2", "--out", "x.html", "--format", "ppt"]) == 2
    assert not (project / "pack.pdf").exists()
    assert not (project / "x.html").exists()
    assert not list(project.glob("*.tmp"))


def test_summary_cannot_print_a_workbook(project, capsys):
    assert main(["summary", "--quarter", "2018/19 Q2", "--format", "xlsx"]) == 2
    assert "use ssp-targets dashboard" in capsys.readouterr().err


def test_schema_prints_the_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "array"


def test_the_file_gets_the_usual_permissions(project):
    import os

    assert main(["dashboard", "--quarter", "2018/19 Q2", "--out", "d.csv"]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (project / "d.csv").stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(
    "command",
    [
        ["dashboard", "--quarter", "2018/19 Q2", "--out"],
        ["template", "--quarter", "2018/19 Q2", "--owner", "crc", "--out"],
    ],
)
@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.{suffix}", "the folder missing does not exist; create it first"),
        ("observations.db/out.{suffix}", "the folder observations.db does not exist"),
        (".", "is a folder; give a file name"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_with_exit_2(
    project, capsys, command, where, message
):
    (project / "observations.db").write_text("a file, not a folder", encoding="utf-8")
    suffix = "html" if command[0] == "dashboard" else "xlsx"
    status = main([*command, where.format(suffix=suffix)])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err
    assert "Traceback" not in err
    assert not (project / "missing").exists()
