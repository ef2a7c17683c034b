"""The agency plugins in plugins/: each installed, registered, and passing its own tests."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT

from ssp_targets import PluginHost

PLUGINS = sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml"))


def test_the_five_agency_plugins_are_here():
    assert [p.name for p in PLUGINS] == [
        "ssp-targets-crc",
        "ssp-targets-fire",
        "ssp-targets-iom",
        "ssp-targets-pcc",
        "ssp-targets-public-health",
    ]


@pytest.mark.parametrize("folder", PLUGINS, ids=lambda p: p.name)
def test_each_plugin_is_installed_and_registers_its_source(folder):
    name = tomllib.loads((folder / "pyproject.toml").read_text())["project"]["name"]
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{name} is not installed: pip install -e plugins/{folder.name} (README)")
    credited = {r.plugin for r in PluginHost().sources().values()}
    assert name in credited


@pytest.mark.slow
@pytest.mark.parametrize("folder", PLUGINS, ids=lambda p: p.name)
def test_each_plugin_passes_its_own_tests(folder):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
