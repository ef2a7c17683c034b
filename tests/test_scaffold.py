"""ssp-targets new-plugin: the template installs and passes its own tests unchanged."""

from __future__ import annotations

import pytest
from conftest import install_privately, run_its_tests
from test_house import forbidden_to_plugins, imports

from ssp_targets import SspError
from ssp_targets.sources.new_plugin import new_plugin


@pytest.mark.slow
def test_the_generated_plugin_installs_and_passes_its_tests(tmp_path):
    folder = new_plugin("youth-justice", tmp_path)
    tests = run_its_tests(folder, install_privately(folder, tmp_path))
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout


def test_the_generated_plugin_imports_only_what_plugins_may(tmp_path):
    folder = new_plugin("youth-justice", tmp_path)
    found = [name for p in folder.rglob("*.py") for _, name in imports(p)]
    assert "ssp_targets.kit" in found
    assert [name for name in found if forbidden_to_plugins(name)] == []


def test_names_are_checked(tmp_path):
    with pytest.raises(SspError, match="lower-case letters"):
        new_plugin("Youth Justice", tmp_path)


def test_nothing_is_overwritten(tmp_path):
    new_plugin("fines", tmp_path)
    with pytest.raises(SspError, match="already exists"):
        new_plugin("fines", tmp_path)
