"""The command line with the store: load, summary from the store, --as-of, history, loads."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from conftest import PLAN_FILE, SAMPLE

from ssp_targets.cli import main
from ssp_targets.store import transactions as store_module

Q = ["--quarter", "2018/19 Q2"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder whose config names the shipped plan and a new store."""
    (tmp_path / "ssp-targets.toml").write_text(
        f'plan = "{PLAN_FILE.as_posix()}"\nstore = "figures.db"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def load_sample(capsys):
    assert run(capsys, "load", str(SAMPLE / "observations.csv"))[0] == 0
    assert run(capsys, "load-commentary", str(SAMPLE / "commentary.csv"))[0] == 0


def test_summary_from_the_store_equals_the_summary_from_the_files(project, capsys):
    load_sample(capsys)
    _, from_store, _ = run(capsys, "summary", *Q)
    _, from_files, _ = run(
        capsys,
        "summary",
        "--plan",
        str(PLAN_FILE),
        "--observations",
        str(SAMPLE / "observations.csv"),
        "--commentary",
        str(SAMPLE / "commentary.csv"),
        *Q,
    )
    assert from_store == from_files
    assert (project / "figures.db").exists()


def test_load_reports_what_it_did_and_reloading_adds_nothing(project, capsys):
    _, first, _ = run(capsys, "load", str(SAMPLE / "observations.csv"))
    _, again, _ = run(capsys, "load", str(SAMPLE / "observations.csv"))
    assert "480 added, 0 revised, 0 unchanged" in first
    assert "0 added, 0 revised, 480 unchanged" in again


def test_a_revision_changes_the_summary_and_as_of_reproduces_the_earlier_one(project, capsys):
    load_sample(capsys)
    _, before, _ = run(capsys, "summary", *Q, "--format", "json")
    time.sleep(1.1)
    moment = datetime.now(UTC).isoformat()
    time.sleep(1.1)
    assert run(capsys, "load", str(SAMPLE / "revisions-2018-19-q2.csv"), "--source", "crc")[0] == 0
    _, after, _ = run(capsys, "summary", *Q, "--format", "json")
    _, then, _ = run(capsys, "summary", *Q, "--format", "json", "--as-of", moment)
    status = {
        r["measure"] + r["indicator"] if r["indicator"] else r["measure"]: r["status"]
        for r in json.loads(after)
    }
    assert status["1.3crc:co_sso_positive_completions"] == "green"
    assert after != before
    assert then == before  # to the digit


def test_as_of_is_shown_in_the_table(project, capsys):
    load_sample(capsys)
    _, out, _ = run(capsys, "summary", *Q, "--as-of", "2999-01-01")
    assert "figures as they stood at 2999-01-01" in out


def test_history_shows_each_revision_with_the_value_it_replaced(project, capsys):
    load_sample(capsys)
    run(capsys, "load", str(SAMPLE / "revisions-2018-19-q2.csv"), "--source", "crc-return")
    status, out, _ = run(capsys, "history", "1.3")
    assert status == 0
    revised = [line for line in out.splitlines() if line.startswith("2018/19 Q2")]
    assert len(revised) == 2
    assert "76.6%" in revised[1]
    assert "72.4%" in revised[1]
    assert "crc-return" in revised[1]
    assert out.splitlines()[0] == "OFFICIAL"


def test_loads_lists_the_audit_log(project, capsys):
    load_sample(capsys)
    status, out, _ = run(capsys, "loads")
    assert status == 0
    assert "observations.csv" in out
    assert "commentary.csv" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["summary", *Q], "no store yet"),
        (["history", "1.3"], "no store yet"),
        (["loads"], "no store yet"),
        (["summary", *Q, "--config", "nowhere.toml"], "no such config file"),
        (["load", "missing.csv"], "no such observations file"),
    ],
)
def test_errors_before_anything_is_loaded(project, capsys, args, expected):
    status, _, err = run(capsys, *args)
    assert status == 2
    assert expected in err
    assert "Traceback" not in err


def test_no_config_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "loads")
    assert status == 2
    assert "no ssp-targets.toml in" in err


def test_a_bad_file_is_refused_whole_and_the_store_is_unchanged(project, capsys):
    load_sample(capsys)
    bad = project / "bad.csv"
    bad.write_text(
        "indicator,area,period,value\ncrc:recalls,E06000004,2018/19 Q2,7\n"
        "crc:recalls,E06000004,2018/19 Q3,150\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "load", str(bad))
    assert status == 2
    assert "line 3, column value: '150' is a percentage outside 0-100" in err
    _, out, _ = run(capsys, "loads")
    assert "bad.csv" not in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["summary", *Q, "--as-of", "yesterday"], "not an ISO 8601 date"),
        (["history", "9.9"], "has no measure '9.9'"),
        (["summary", *Q, "--observations", "x.csv", "--as-of", "2020-01-01"], "--as-of reads"),
    ],
)
def test_bad_requests(project, capsys, args, expected):
    load_sample(capsys)
    status, _, err = run(capsys, *args)
    assert status == 2
    assert expected in err


def test_a_store_path_that_is_not_a_store(project, capsys):
    (project / "figures.db").write_bytes(b"not a database at all" * 50)
    status, _, err = run(capsys, "load", str(SAMPLE / "observations.csv"))
    assert status == 2
    assert "not an ssp-targets store" in err


def test_progress_is_shown_only_on_slow_loads(monkeypatch):
    clock = iter([0.0, 0.2, 1.5, 1.6, 2.3, 2.4])
    monkeypatch.setattr(store_module.time, "monotonic", lambda: next(clock))
    seen = []
    progress = store_module.timed(lambda *a: seen.append(a))
    for done in (1, 2, 3, 4, 5):
        progress("writing", done, 5)
    # silent for the first second, then at most every half second, and always at the end
    assert seen == [("writing", 2, 5), ("writing", 4, 5), ("writing", 5, 5)]


def test_the_cli_files_an_old_stores_commentary_under_the_configs_plan(
    tmp_path, monkeypatch, capsys
):
    from test_store import _version_2_store_with_a_comment

    from ssp_targets import Store

    _version_2_store_with_a_comment(tmp_path / "old.db")
    (tmp_path / "ssp-targets.toml").write_text(
        f'plan = "{PLAN_FILE.as_posix()}"\nstore = "old.db"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["loads"]) == 0
    with Store(tmp_path / "old.db") as store:
        assert store.commentary(plan="ssp-2017-20")["text"].tolist() == ["On track"]
        assert store.commentary(plan="another-plan").empty
