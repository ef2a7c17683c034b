"""The README's commands and examples are the ones that run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

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
    for code in blocks("python"):
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
