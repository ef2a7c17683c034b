"""Shared fixtures: the shipped plan and sample data, and a small hand-made plan."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

from ssp_targets import assess, load_plan, plan_from_dict, read_commentary, read_observations

# Hypothesis on a busy 2-core CI machine: no deadlines (a slow example is not a wrong
# one) and no complaint about slow data generation. "mutation" also skips shrinking, for
# checking quickly that a deliberate bug makes a property fail.
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "mutation", settings.get_profile("ci"), phases=[Phase.explicit, Phase.generate]
)
settings.load_profile(os.environ.get("SSP_HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "definitions" / "ssp-2017-20.toml"
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def ssp_plan():
    return load_plan(PLAN_FILE)


# -- the sample pipeline: the shipped figures and commentary, read and assessed once -------


@pytest.fixture(scope="session")
def sample_observations(ssp_plan):
    """``data/sample/observations.csv`` as read for the shipped plan."""
    return read_observations(SAMPLE / "observations.csv", plan=ssp_plan)


@pytest.fixture(scope="session")
def sample_commentary(ssp_plan):
    """``data/sample/commentary.csv`` as read for the shipped plan."""
    return read_commentary(SAMPLE / "commentary.csv", plan=ssp_plan)


@pytest.fixture(scope="session")
def sample_assessed(ssp_plan, sample_observations, sample_commentary):
    """Every quarter of the sample, assessed with its commentary (no populations)."""
    return assess(ssp_plan, sample_observations, commentary=sample_commentary)


@pytest.fixture
def loaded_project(tmp_path, monkeypatch, capsys):
    """A project folder (the working directory) whose config names the shipped plan and a
    store holding the sample figures and commentary, loaded as the CLI loads them."""
    from ssp_targets.cli import main

    (tmp_path / "ssp-targets.toml").write_text(
        f'plan = "{PLAN_FILE.as_posix()}"\nstore = "figures.db"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["load", str(SAMPLE / "observations.csv")]) == 0
    assert main(["load-commentary", str(SAMPLE / "commentary.csv")]) == 0
    capsys.readouterr()
    return tmp_path


def make_plan(*measures, **plan_keys):
    """A one-priority, one-owner plan with the given measure tables."""
    head = {
        "id": "t",
        "title": "Test plan",
        "area": {"code": "E06000004", "name": "Stockton"},
        "start": "2017/18",
        "end": "2019/20",
        **plan_keys,
    }
    base = {"priority": "1", "owners": ["o"], "title": "A measure"}
    return plan_from_dict(
        {
            "plan": head,
            "owners": [{"id": "o", "name": "An owner"}],
            "priorities": [{"id": "1", "title": "Priority one"}],
            "measures": [{**base, **m} for m in measures],
        }
    )


def install_privately(folder, tmp_path):
    """pip-install a package into a folder of its own; return an environment that sees
    it (so its entry points never leak into this test session)."""
    site = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(folder),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    return {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": os.pathsep.join([str(site), *sys.path]),
    }


def run_its_tests(folder, env):
    """Run a package's own tests with pytest; return the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
    )
