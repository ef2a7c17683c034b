"""The bad-input corpus (tests/bad_inputs/): every case is refused the house way.

Each case in ``bad_inputs/cases.toml`` is run through the command line, in-process, in a
fresh copy of a project (the shipped plan and population table, a config, and, for cases
that use it, a store holding the synthetic sample). The refusal must have the expected
exit status (2 for bad input, 1 for a failing source), carry the expected words (the
file, line, column and value), be one paragraph without a traceback, and leave the
project as it was: no file added or changed, and the store's content the same.
``bad_inputs/README.md`` explains the keys and how to add a case.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import shutil
import sqlite3
import tomllib
import traceback
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLE

from ssp_targets.cli import main
from ssp_targets.inputs.row_checks import MAX_LISTED

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
#: The folders of case files, by kind of input.
KINDS = ("plans", "observations", "commentary", "returns", "populations", "config", "store", "cli")
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text("utf-8"))["case"]
REQUIRED = {"file", "about", "command", "exit", "message"}
OPTIONAL = {"store", "place", "config", "generate", "xfail"}
#: Where a case file goes in the project, other than its own path (see the README).
PLACES = {"store": "ssp-targets.db", "populations": "definitions/populations.csv"}
#: The commands that take --config; the test passes the project's unless the case does.
CONFIG_COMMANDS = {"summary", "load", "load-commentary", "history", "loads", "template",
                   "sources", "fetch", "dashboard"}  # fmt: skip
CONFIG = "ssp-targets.toml"
STORE = "ssp-targets.db"
PROJECT_CONFIG = f"""plan = "definitions/ssp-2017-20.toml"
store = "{STORE}"

[sources.returns]
path = "inbox"
"""
#: A refusal is one paragraph: at most this many lines and characters on standard error,
#: listing at most MAX_LISTED problems and counting the rest.
MAX_LINES, MAX_CHARS = 40, 8_000


def run(argv: list[str]) -> int:
    """The command's exit status as the shell would see it: argparse's exit, or Python's
    traceback and status 1 for an exception the command let through."""
    try:
        return main(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    except Exception:
        traceback.print_exc()
        return 1


@pytest.fixture(scope="session")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two project folders to copy for each case: ``bare`` (plan, populations, config, an
    empty returns inbox, no store) and ``loaded`` (the same with the sample observations
    and commentary in its store)."""
    bare = tmp_path_factory.mktemp("bare")
    shutil.copytree(ROOT / "definitions", bare / "definitions")
    (bare / CONFIG).write_text(PROJECT_CONFIG, encoding="utf-8")
    (bare / "inbox").mkdir()
    loaded = tmp_path_factory.mktemp("loaded") / "project"
    shutil.copytree(bare, loaded)
    config = str(loaded / CONFIG)
    assert run(["load", str(SAMPLE / "observations.csv"), "--sample", "--config", config]) == 0
    assert run(["load-commentary", str(SAMPLE / "commentary.csv"), "--config", config]) == 0
    assert logical_content(loaded / STORE)["figure"], "the sample did not load"
    return {"bare": bare, "loaded": loaded}


def logical_content(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of a store (sorted), and its schema version and id."""
    db = sqlite3.connect(path)
    try:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        content = {
            t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
        content["pragmas"] = [db.execute(f"PRAGMA {p}").fetchone()
                              for p in ("user_version", "application_id")]  # fmt: skip
    finally:
        db.close()
    return content


def state(project: Path, case: dict[str, Any]) -> dict[str, Any]:
    """What a refusal must not change: each file's bytes (SQLite's -wal and -shm files
    aside) and, where the project has a real store, the store's content."""
    found: dict[str, Any] = {}
    for path in sorted(project.rglob("*")):
        name = path.relative_to(project).as_posix()
        if path.is_dir() or name.endswith(("-wal", "-shm", "-journal")):
            continue
        if name == STORE and case.get("store"):
            found[name] = logical_content(path)
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def many_bad_rows(path: Path) -> None:
    """100,000 rows, each a duplicate of the others with a value that is not a number."""
    row = "crc:recalls,E06000004,2018/19 Q1,x\n"
    path.write_text("indicator,area,period,value\n" + row * 100_000, encoding="utf-8")


GENERATORS = {"many_bad_rows": many_bad_rows}


def place_case(case: dict[str, Any], project: Path) -> str:
    """Put the case file in the project; return the path "{file}" stands for."""
    name = case["file"]
    where = case.get("place")
    target = PLACES.get(where, f"inbox/{Path(name).name}" if where == "inbox" else name)
    (project / target).parent.mkdir(parents=True, exist_ok=True)
    if "generate" in case:
        GENERATORS[case["generate"]](project / target)
    else:
        shutil.copyfile(CORPUS / name, project / target)
    return target


def command_line(case: dict[str, Any], file: str) -> list[str]:
    argv = [part.replace("{file}", file) for part in case["command"]]
    takes_config = bool(argv) and argv[0] in CONFIG_COMMANDS
    if takes_config and "--config" not in argv and case.get("config") != "none":
        argv += ["--config", CONFIG]
    return argv


def fragments(case: dict[str, Any]) -> list[str]:
    message = case["message"]
    return [message] if isinstance(message, str) else list(message)


def params() -> list[Any]:
    marks = {}
    for case in CASES:
        if "xfail" in case:
            marks[case["file"]] = pytest.mark.xfail(reason=case["xfail"], strict=True)
    return [pytest.param(c, id=c["file"], marks=marks.get(c["file"], ())) for c in CASES]


@pytest.mark.parametrize("case", params())
def test_bad_input_is_refused_in_one_paragraph_and_changes_nothing(
    case: dict[str, Any],
    projects: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tmp_path / "project"
    shutil.copytree(projects["loaded" if case.get("store") else "bare"], project)
    config = case.get("config")
    if config == "none":
        (project / CONFIG).unlink()
    elif config is not None:
        (project / CONFIG).write_text(config, encoding="utf-8")
    file = place_case(case, project)
    monkeypatch.chdir(project)  # paths in messages are as the user typed them
    before = state(project, case)
    capsys.readouterr()

    status = run(command_line(case, file))

    out, err = capsys.readouterr()
    shown = f"stdout:\n{out}\nstderr:\n{err}"
    assert status == case["exit"], shown
    # A failing source is reported on standard output, one line per source.
    said = err if case["exit"] == 2 else out + err
    for fragment in fragments(case):
        assert fragment in said, shown
    assert "Traceback" not in out + err, shown
    assert len(err.splitlines()) <= MAX_LINES, shown
    listed = [line for line in err.splitlines() if line.startswith("  - ")]
    assert len(listed) <= MAX_LISTED + 1, shown  # the rest counted: "... and N more"
    assert len(err) < MAX_CHARS, shown[:MAX_CHARS]
    assert ("error:" in err) if case["exit"] == 2 else ("FAILED" in out), shown
    after = state(project, case)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the refusal changed {', '.join(changed)}\n{shown}"


def test_the_corpus_has_at_least_150_cases_each_with_its_own_file() -> None:
    assert len(CASES) >= 150
    names = [c["file"] for c in CASES]
    assert len(names) == len(set(names)), "a file is listed twice"


def test_every_case_file_is_in_the_manifest_and_every_listed_file_exists() -> None:
    listed = {c["file"] for c in CASES if "generate" not in c}
    present = {
        p.relative_to(CORPUS).as_posix()
        for kind in KINDS
        for p in (CORPUS / kind).rglob("*")
        if p.is_file()
    }
    assert sorted(present - listed) == [], "files with no case in cases.toml"
    assert sorted(listed - present) == [], "cases whose file is missing"
    generated = [c["file"] for c in CASES if "generate" in c]
    assert all(not (CORPUS / g).exists() for g in generated), "a generated file is committed"


def test_every_case_file_the_readme_maps_a_refusal_to_is_a_case() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(rf"`((?:{'|'.join(KINDS)})/[^`/]+)`", readme))
    assert len(named) > 100, "the README's map of refusal paths to cases is missing"
    assert sorted(named - {c["file"] for c in CASES}) == []


def test_every_case_is_well_formed() -> None:
    for case in CASES:
        where = case.get("file", case)
        assert REQUIRED <= set(case) <= REQUIRED | OPTIONAL, where
        assert case["file"].split("/")[0] in KINDS, where
        assert case["exit"] in (1, 2), where
        assert isinstance(case["command"], list), where
        assert all(isinstance(p, str) for p in case["command"]), where
        assert case.get("place", "inbox") in {*PLACES, "inbox"}, where
        assert case.get("generate", "many_bad_rows") in GENERATORS, where
        # Specific enough to fail if the check went or said something vaguer.
        assert sum(len(f) for f in fragments(case)) >= 25, where
        if case["file"].startswith("cli/"):  # the file is the command line, as typed
            text = (CORPUS / case["file"]).read_text(encoding="utf-8")
            assert shlex.split(text) == ["ssp-targets", *case["command"]], where
        else:  # the command reads the case file
            assert "place" in case or any("{file}" in p for p in case["command"]), where
