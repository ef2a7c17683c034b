"""The README's commands and examples are the ones that run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_ci_runs_the_readmes_test_command():
    test_command = next(b.strip() for b in blocks("sh") if "pytest" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_the_python_example_runs():
    for code in blocks("python"):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        assert result.returncode == 0, result.stderr


def test_the_sample_output_shown_is_what_the_command_prints():
    main_command = next(b.strip() for b in blocks("sh") if "summary" in b)
    args = main_command.split("ssp-targets ", 1)[1]
    quarter = re.search(r'--quarter "([^"]+)"', args)[1]
    argv = [*args.split(" --quarter")[0].split(), "--quarter", quarter]
    result = subprocess.run(
        [sys.executable, "-m", "ssp_targets", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    shown = next(b for b in blocks("text") if "quarterly summary" in b)
    for line in shown.splitlines():
        if line.strip() and "..." not in line:
            assert line.rstrip() in result.stdout, line
