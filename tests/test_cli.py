"""The command line: the README's summary, its formats, and clean failures."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import PLAN_FILE, SAMPLE

from ssp_targets.cli import main

SUMMARY = [
    "summary",
    "--plan",
    str(PLAN_FILE),
    "--observations",
    str(SAMPLE / "observations.csv"),
    "--commentary",
    str(SAMPLE / "commentary.csv"),
    "--quarter",
    "2018/19 Q2",
]


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_summary_table_is_grouped_by_priority_and_marked(capsys):
    status, out, _ = run(capsys, *SUMMARY)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE"  # 4.1 (iQuanta) is sensitive
    positions = [
        out.index(h)
        for h in (
            "1. Reducing re-offending",
            "2. Protecting vulnerable people",
            "3. Tacking drug and alcohol misuse",
            "4. Community Safety & Protection",
        )
    ]
    assert positions == sorted(positions)
    assert "2018/19 Q2 (July–September 2018)" in out
    for word in ("✔ green", "◆ amber", "✖ red", "○ monitor"):
        assert word in out
    assert out.index("Draft measures (not scored)") > positions[-1]


def test_summary_json_rows_have_the_contract_keys(capsys):
    status, out, _ = run(capsys, *SUMMARY, "--format", "json")
    rows = json.loads(out)
    assert status == 0
    keys = {
        "measure",
        "indicator",
        "area",
        "period",
        "value",
        "target",
        "status",
        "trend_quarter",
        "trend_year",
        "ytd",
        "title",
        "priority",
        "owners",
    }
    assert all(keys <= set(r) for r in rows)
    by_measure = {r["measure"]: r for r in rows}
    assert by_measure["2.3"]["status"] == "draft"
    assert by_measure["1.1"]["target"] is None  # null, not NaN
    assert {r["period"] for r in rows} == {"2018/19 Q2"}


def test_summary_markdown_and_csv(capsys):
    _, markdown, _ = run(capsys, *SUMMARY, "--format", "markdown")
    assert markdown.startswith("**OFFICIAL-SENSITIVE**")
    assert "| Measure" in markdown
    _, csv_text, _ = run(capsys, *SUMMARY, "--format", "csv")
    assert csv_text.splitlines()[0].startswith("measure,priority,title")
    assert "handling" in csv_text.splitlines()[0]


def test_validate(capsys):
    status, out, _ = run(
        capsys, "validate", str(PLAN_FILE), "--observations", str(SAMPLE / "observations.csv")
    )
    assert status == 0
    assert "22 measures" in out
    assert "observations are valid" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--quarter", "2018/19 Q9"], "'2018/19 Q9' is not a financial-year quarter"),
        (["--plan", "missing.toml"], "no such plan file"),
        (["--observations", "missing.csv"], "no such observations file"),
        (["--area", "E99999999"], "no measures to report for area"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, args, expected):
    argv = list(SUMMARY)
    flag, value = args
    if flag in argv:
        argv[argv.index(flag) + 1] = value
    else:
        argv += args
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert expected in err
    assert "Traceback" not in err
    assert out == ""


def test_bad_plan_reports_every_problem(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN_FILE.read_text(encoding="utf-8").replace('polarity = "higher"', 'polarity = "upwards"')
    )
    status, _, err = run(capsys, "validate", str(plan))
    assert status == 2
    assert err.count("polarity = 'upwards'") > 1


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["summary", "--format", "pdf"])
    assert info.value.code == 2


def test_help_does_not_import_pandas():
    code = (
        "import sys\nfrom ssp_targets.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("False")


def test_the_installed_command_runs_without_a_traceback_on_bad_input(tmp_path):
    bad = tmp_path / "obs.csv"
    bad.write_text("indicator,period,value\ncrc:recalls,2018/19 Q2,lots\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ssp_targets",
            "summary",
            "--plan",
            str(PLAN_FILE),
            "--observations",
            str(bad),
            "--quarter",
            "2018/19 Q2",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "line 2, column value: 'lots' is not a number" in result.stderr
    assert "Traceback" not in result.stderr


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("ssp-targets ")
