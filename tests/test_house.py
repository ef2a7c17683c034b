"""The shape of the code: what plugins may import, no import cycles, small modules, and
each datum crossing each stage once."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
from conftest import ROOT

SRC = ROOT / "src" / "ssp_targets"
PLUGINS = ROOT / "plugins"

#: What a plugin may import of the core: the package root, the kit and the test helpers.
ALLOWED_FOR_PLUGINS = {"ssp_targets", "ssp_targets.kit", "ssp_targets.testing"}


def forbidden_to_plugins(module: str) -> bool:
    return module.split(".")[0] == "ssp_targets" and module not in ALLOWED_FOR_PLUGINS


def imports(path: Path) -> list[tuple[int, str]]:
    """Every core module ``path`` imports (or the module a name comes from), anywhere in
    it (inside functions and ``if TYPE_CHECKING:`` too), with its line; relative imports
    made absolute. ``from ssp_targets.report import cells`` imports the module
    ``ssp_targets.report.cells``; ``from ssp_targets.kit import Problems``, ``ssp_targets.kit``."""
    modules = set(core_modules())
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ""
    if path.is_relative_to(SRC):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append((node.lineno, full if full in modules else base))
    return found


@functools.cache
def core_modules() -> dict[str, Path]:
    return {module_name(p): p for p in SRC.rglob("*.py")}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_plugins_import_only_the_root_the_kit_and_testing():
    files = [
        p
        for plugin in PLUGINS.iterdir()
        for part in ("src", "tests", "scripts")
        for p in (plugin / part).rglob("*.py")
    ]
    assert len(files) > 40  # all five plugins were read
    bad = [
        f"{p.relative_to(ROOT)}:{line} imports {name}"
        for p in files
        for line, name in imports(p)
        if forbidden_to_plugins(name)
    ]
    assert bad == []


def test_the_import_rule_catches_an_internal_import(tmp_path):
    # The rule above, on a file that imports an internal module three ways.
    path = tmp_path / "bad.py"
    path.write_text(
        "from ssp_targets.plan.quarters import parse_quarter\n"
        "import ssp_targets.store.sqlite\n"
        "from ssp_targets import kit, Source\n"
        "from ssp_targets.kit import Problems\n",
        encoding="utf-8",
    )
    names = [name for _, name in imports(path)]
    internal = [
        n for n in names if n.split(".")[0] == "ssp_targets" and n not in ALLOWED_FOR_PLUGINS
    ]
    assert internal == ["ssp_targets.plan.quarters", "ssp_targets.store.sqlite"]
    assert "ssp_targets.kit" in names  # "from ssp_targets import kit": allowed


def import_graph() -> dict[str, set[str]]:
    modules = core_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for _, imported in imports(path):
            # "from ssp_targets.report import cells" names the module ssp_targets.report.cells
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported != "ssp_targets":
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_even_through_lazy_or_type_checking_imports():
    # The package root re-exports everything lazily; every module may import it.
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


# -- each datum through each stage once --------------------------------------------------


def counting(monkeypatch, module, name):
    """Wrap ``module.name`` to count its calls."""
    calls = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_a_fetched_frame_is_validated_once(tmp_path, monkeypatch, ssp_plan):
    import ssp_targets.inputs.observations as observations
    import ssp_targets.sources.fetch as fetch
    import ssp_targets.store.sqlite as sqlite
    from ssp_targets import PluginHost, Store

    calls = counting(monkeypatch, observations, "validate_observations")
    for module in (fetch, sqlite):  # every name the validator is imported under
        monkeypatch.setattr(module, "validate_observations", observations.validate_observations)
    with Store(tmp_path / "s.db", plan=ssp_plan) as store:
        runs = fetch.fetch_into_store(PluginHost(), ssp_plan, store, ["2018/19 Q2"], ["crc"])
        assert store.loads()["source"].tolist() == ["crc"]
    assert [r.failure for r in runs] == [None]
    assert runs[0].result is not None
    assert runs[0].result.added > 0
    assert len(calls) == 1


def test_the_dashboard_assesses_once(loaded_project, monkeypatch):
    import ssp_targets.report.from_store as from_store
    from ssp_targets.cli import main

    calls = counting(monkeypatch, from_store, "assess_quarters")
    out = loaded_project / "dashboard.html"
    assert main(["dashboard", "--quarter", "2018/19 Q2", "--out", str(out)]) == 0
    assert len(calls) == 1
    assert main(["summary", "--quarter", "2018/19 Q2"]) == 0
    assert len(calls) == 2


@pytest.mark.parametrize("quarter", ["2018/19 Q2", "2019/20 Q4"])
def test_a_report_from_the_store_equals_one_from_the_files(
    tmp_path, ssp_plan, sample_observations, sample_commentary, quarter
):
    # The quarter with figures, and one with none yet: its rows come back "no data".
    import ssp_targets as ssp

    with ssp.Store(tmp_path / "s.db", plan=ssp_plan) as store:
        store.load(sample_observations, plan=ssp_plan)
        store.load_commentary(sample_commentary, plan=ssp_plan)
        report = ssp.report_from_store(store, ssp_plan, quarter)
    assessed = ssp.assess(ssp_plan, sample_observations, commentary=sample_commentary)
    if not (assessed["period"].astype(str) == quarter).any():
        assessed = ssp.assess(
            ssp_plan, sample_observations, quarter=quarter, commentary=sample_commentary
        )
    expected = ssp.build_report(ssp_plan, assessed, quarter)
    assert (
        report.rows[["measure", "indicator", "status", "value"]]
        .astype(str)
        .equals(expected.rows[["measure", "indicator", "status", "value"]].astype(str))
    )
    assert (report.history["period"].astype(str) <= quarter).all()
