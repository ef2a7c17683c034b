"""The package root: light to import, and every public name is what it says."""

from __future__ import annotations

import importlib
import importlib.resources
import pkgutil
import subprocess
import sys

import pytest

import ssp_targets


def test_every_public_name_resolves_even_after_every_module_is_imported():
    shims = {f"ssp_targets.{old}" for old in ("hookspecs", "observations", "periods")}
    for module in pkgutil.walk_packages(ssp_targets.__path__, "ssp_targets."):
        if module.name in shims:  # the old paths, kept one release: they warn
            with pytest.warns(DeprecationWarning, match="deprecated and goes in the next"):
                importlib.import_module(module.name)
        elif not module.name.endswith("__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    for name in ssp_targets.__all__:
        value = getattr(ssp_targets, name)
        assert not isinstance(value, type(sys)), f"ssp_targets.{name} is a module"
    assert callable(ssp_targets.assess)
    assert callable(ssp_targets.render)


def test_importing_the_package_loads_neither_pandas_nor_pluggy():
    code = "import sys, ssp_targets; print('pandas' in sys.modules, 'pluggy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]


def test_the_package_is_typed():
    assert (importlib.resources.files("ssp_targets") / "py.typed").is_file()


def test_every_lazy_name_is_re_exported_explicitly_for_type_checkers():
    """mypy --strict sees only ``import x as x`` re-exports; each lazy name needs one."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(ssp_targets.__file__).read_text(encoding="utf-8"))
    checking = next(n for n in tree.body if isinstance(n, ast.If))
    exported = {
        alias.asname
        for node in checking.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name
    }
    assert exported == set(ssp_targets.__all__)


def test_the_old_paths_plugins_used_still_work_and_warn():
    # Every old import of the five plugins before the move (git history), in a fresh
    # interpreter so that each module's import-time warning fires.
    code = """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from ssp_targets.periods import (FREQ, from_ordinal, labels_to_ordinals,
        ordinal_labels, parse_quarter, quarter_label, quarters_between)
    from ssp_targets.observations import COLUMNS
    from ssp_targets.hookspecs import FetchRequest, Indicator, Source, SourceError, hookimpl
    from ssp_targets.sources import check_fetched
import ssp_targets
assert Source is ssp_targets.Source and SourceError is ssp_targets.SourceError
import pandas as pd
assert ordinal_labels(labels_to_ordinals(pd.Series(["2018/19 Q2"])))[0] == "2018/19 Q2"
assert COLUMNS[:4] == ("indicator", "area", "period", "value")
print(sorted({str(w.message).split(" is deprecated")[0] for w in caught
              if w.category is DeprecationWarning}))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['ssp_targets.hookspecs', 'ssp_targets.observations', 'ssp_targets.periods', "
        "'ssp_targets.sources.check_fetched']"
    )


def test_the_old_name_of_a_fetch_outcome_is_the_new_type():
    code = """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from ssp_targets.sources import SourceRun
from ssp_targets.sources.host import FetchOutcome
assert SourceRun is FetchOutcome
print([str(w.message).split(" is deprecated")[0] for w in caught])
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['ssp_targets.sources.SourceRun']"
