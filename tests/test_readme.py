"""The README's commands and examples are the ones that run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, install_privately, run_its_tests

#: The README's commands run as a user would, with installs: pytest -m "not slow" leaves them out.
pytestmark = pytest.mark.slow

README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


@pytest.fixture
def project(tmp_path):
    """A copy of what the README's commands read, so they run without touching the repo,
    with ``.venv/bin/ssp-targets`` standing for this interpreter's command."""
    for folder in ("definitions", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "ssp-targets.toml", tmp_path)
    command = tmp_path / ".venv" / "bin" / "ssp-targets"
    command.parent.mkdir(parents=True)
    command.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ssp_targets "$@"\n')
    command.chmod(0o755)
    return tmp_path


@pytest.fixture
def quick_started(project):
    """The project after the README's main command (its ssp-targets parts)."""
    run_command_line(main_command(), project)
    return project


def main_command():
    return next(b.strip() for b in blocks("sh") if "summary" in b)


def run_command_line(line, cwd):
    """Run the ssp-targets parts of a README command line; return the last one's output."""
    result = None
    for part in line.split("&&"):
        words = shlex.split(part.split("#")[0])
        if words and words[0].endswith("/ssp-targets"):
            result = subprocess.run(
                [sys.executable, "-m", "ssp_targets", *words[1:]],
                cwd=cwd,
                capture_output=True,
                text=True,
                env=ENV,
            )
            assert result.returncode == 0, result.stderr
    return result


def test_ci_runs_the_readmes_test_command():
    test_command = next(b.strip() for b in blocks("sh") if "pytest" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def api_examples():
    plugin_files = README.split("## Writing a source plugin", 1)[1].split("\n## ", 1)[0]
    return [code for code in blocks("python") if code not in plugin_files]


def test_the_python_examples_run_on_the_main_commands_store(quick_started):
    for code in api_examples():
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=quick_started, capture_output=True, text=True,
            env=ENV,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr


def test_the_api_example_and_the_quick_start_tell_one_story(quick_started):
    """The API example reports the same statuses as the summary the README shows."""
    shown = next(b for b in blocks("text") if "quarterly summary" in b)
    tally = next(line for line in shown.splitlines() if line.startswith("✔ green"))
    expected = {
        word: int(n) for word, n in re.findall(r"(green|amber|red|monitor|no data) (\d+)", tally)
    }
    code = api_examples()[0] + "\nprint('COUNTS', report.status_counts())\n"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=quick_started, capture_output=True, text=True, env=ENV
    )
    counts = eval(result.stdout.split("COUNTS ", 1)[1].splitlines()[0])  # a printed dict
    assert counts == expected
    assert "SYNTHETIC SAMPLE DATA – not real performance" in result.stdout


def test_the_sample_output_shown_is_what_the_main_command_prints(project):
    result = run_command_line(main_command(), project)
    shown = next(b for b in blocks("text") if "quarterly summary" in b)
    for line in shown.splitlines():
        if line.strip() and "..." not in line:
            assert line.rstrip() in result.stdout, line


def test_the_revision_walkthrough_shows_the_earlier_state_on_any_day(quick_started):
    """Run word for word by the shell: the time taken before the revision, whatever the
    date, gives the summary as reported (1.3 amber), the summary after it 1.3 green."""
    walkthrough = next(b for b in blocks("sh") if "revisions-2018-19-q2.csv" in b)
    lines = walkthrough.strip().splitlines()
    script = "set -e\n" + "".join(f"echo '@@@'\n{line}\n" for line in lines)
    result = subprocess.run(
        ["bash", "-c", script], cwd=quick_started, capture_output=True, text=True, env=ENV
    )
    assert result.returncode == 0, result.stderr
    _, _, loaded, after, history, earlier = result.stdout.split("@@@\n")
    assert "2 revised" in loaded

    def row(text):
        return next(line for line in text.splitlines() if line.startswith("1.3"))

    assert "✔ green" in row(after)
    assert "76.6%" in row(after)
    assert "72.4%" in history
    assert "76.6%" in history
    assert "◆ amber" in row(earlier)
    assert "72.4%" in row(earlier)


def test_a_consumer_of_the_readmes_api_passes_mypy_strict(tmp_path):
    script = tmp_path / "consumer.py"
    examples = api_examples()
    script.write_text(
        examples[0] + "\n" + "\n".join(examples[1:]).replace("import ssp_targets as ssp\n", ""),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=ENV,
    )
    assert result.returncode == 0, result.stdout
    assert "Success" in result.stdout


def test_a_plugin_written_from_the_readme_alone_works(project, tmp_path):
    section = README.split("## Writing a source plugin", 1)[1].split("\n## ", 1)[0]
    files = re.findall(r"^`([^`\n]+)`:\n\n```\w+\n(.*?)```", section, flags=re.S | re.M)
    folder = tmp_path / "ssp-targets-widgets"
    for name, content in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")
    assert {n for n, _ in files} == {
        "pyproject.toml",
        "src/ssp_targets_widgets/__init__.py",
        "tests/test_widgets.py",
    }
    env = install_privately(folder, tmp_path)
    tests = run_its_tests(folder, env)
    assert tests.returncode == 0, tests.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "ssp_targets", "sources"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert "widgets:seen  Widgets seen [count]" in listed.stdout
    (project / "widgets.csv").write_text("quarter,seen\n2018/19 Q2,7\n", encoding="utf-8")
    with (project / "ssp-targets.toml").open("a", encoding="utf-8") as config:
        config.write('\n[sources.widgets]\npath = "widgets.csv"\n')
    fetched = subprocess.run(
        [
            sys.executable,
            "-m",
            "ssp_targets",
            "fetch",
            "--source",
            "widgets",
            "--quarter",
            "2018/19 Q2",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert fetched.returncode == 0, fetched.stderr
    assert "widgets (ssp-targets-widgets 0.1.0): 1 added" in fetched.stdout
