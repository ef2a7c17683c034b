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

README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


@pytest.fixture
def project(tmp_path):
    """A copy of what the README's commands read, so they run without touching the repo."""
    for folder in ("definitions", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "ssp-targets.toml", tmp_path)
    return tmp_path


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


def test_the_python_examples_run(project):
    plugin_files = README.split("## Writing a source plugin", 1)[1].split("\n## ", 1)[0]
    for code in blocks("python"):
        if code in plugin_files:  # files of a package, run by the test below
            continue
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, env=ENV
        )
        assert result.returncode == 0, result.stderr


def test_the_sample_output_shown_is_what_the_main_command_prints(project):
    main_command = next(b.strip() for b in blocks("sh") if "summary" in b)
    result = run_command_line(main_command, project)
    shown = next(b for b in blocks("text") if "quarterly summary" in b)
    for line in shown.splitlines():
        if line.strip() and "..." not in line:
            assert line.rstrip() in result.stdout, line


def test_the_revision_walkthrough_runs(project):
    main_command = next(b.strip() for b in blocks("sh") if "summary" in b)
    run_command_line(main_command, project)
    walkthrough = next(b for b in blocks("sh") if "revisions-2018-19-q2.csv" in b)
    outputs = [run_command_line(line, project).stdout for line in walkthrough.splitlines()]
    assert "✔ green" in next(line for line in outputs[1].splitlines() if line.startswith("1.3"))
    assert "72.4%" in outputs[2]
    assert "76.6%" in outputs[2]


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
