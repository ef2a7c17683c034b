"""The plugin host: each plugin on its own, failures reported with the plugin's name."""

from __future__ import annotations

import importlib.metadata
import inspect
import time
import types

import attrs
import pandas as pd
import pytest
from conftest import make_plan

from ssp_targets import (
    PLUGIN_API_VERSION,
    FetchRequest,
    PluginHost,
    Renderer,
    Source,
    SourceError,
    SspWarning,
    Store,
    hookimpl,
)
from ssp_targets.sources import hookspecs as hookspecs_module
from ssp_targets.sources.fetch import default_quarters, fetch_into_store
from ssp_targets.testing import ContractError, check_source, make_request

PLAN = make_plan(
    {"id": "1.1", "unit": "count", "polarity": "lower", "indicators": ["good:a", "bad:b"]}
)


def frame(indicator="good:a", period="2018/19 Q1", value=3.0):
    return pd.DataFrame({"indicator": [indicator], "period": [period], "value": [value]})


def plugin(*sources, renderers=()):
    """A plugin object (a namespace) registering the given sources and renderers."""

    @hookimpl
    def ssp_register_sources():
        return list(sources)

    @hookimpl
    def ssp_register_renderers():
        return list(renderers)

    return types.SimpleNamespace(
        ssp_register_sources=ssp_register_sources, ssp_register_renderers=ssp_register_renderers
    )


def source(name, fetch, indicators=None, **kw):
    return Source(
        name=name, owner="o", indicators=indicators or {f"{name}:a": "A"}, fetch=fetch, **kw
    )


GOOD = source("good", lambda request: frame())


def test_sources_and_renderers_are_credited_to_their_plugin():
    host = PluginHost(entry_points=False, plugins={"alpha": plugin(GOOD)})
    assert host.sources()["good"].plugin == "alpha"
    assert "table" in host.renderers()
    assert {p.name for p in host.plugins()} == {"ssp-targets", "alpha"}


def test_a_name_registered_twice_is_refused_for_both_naming_both():
    twin = source("good", lambda request: frame())
    host = PluginHost(entry_points=False, plugins={"alpha": plugin(GOOD), "beta": plugin(twin)})
    assert "good" not in host.sources()
    messages = [f.line() for f in host.failures]
    assert len(messages) == 2
    assert all("alpha" in m and "beta" in m for m in messages)


def test_a_hook_that_raises_is_one_failure():
    broken = types.SimpleNamespace(ssp_register_sources=hookimpl(lambda: 1 / 0))
    host = PluginHost(entry_points=False, plugins={"broken": broken, "alpha": plugin(GOOD)})
    assert "good" in host.sources()
    assert host.failures[0].plugin == "broken"
    assert "ZeroDivisionError" in host.failures[0].message


def test_a_hook_returning_the_wrong_thing_is_reported():
    wrong = types.SimpleNamespace(ssp_register_sources=hookimpl(lambda: ["not a source"]))
    host = PluginHost(entry_points=False, plugins={"wrong": wrong})
    assert "not a Source" in host.failures[0].message


def test_a_plugin_that_fails_to_import_is_reported_and_others_load(monkeypatch):
    class Broken:
        name = "broken"
        dist = types.SimpleNamespace(name="ssp-targets-broken", version="9.9")

        def load(self):
            raise ImportError("No module named 'requests'")

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [Broken()])
    host = PluginHost(plugins={"alpha": plugin(GOOD)})
    assert "good" in host.sources()
    assert host.failures[0].line() == (
        "ssp-targets-broken 9.9: load failed: ImportError: No module named 'requests'"
    )


def test_disabled_entry_points_are_not_loaded(monkeypatch):
    class Never:
        name = "never"
        dist = types.SimpleNamespace(name="ssp-targets-never", version="1")

        def load(self):
            raise AssertionError("must not be loaded")

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [Never()])
    assert PluginHost(disable=["never"]).failures == []


def request():
    return FetchRequest(quarters=("2018/19 Q1",), area="E06000004")


def test_fetch_outcomes():
    def hang(request):
        time.sleep(5)

    def expected(request):
        raise SourceError("export.csv: no such file; set [sources.x] path")

    host = PluginHost(
        entry_points=False,
        plugins={
            "p": plugin(
                GOOD,
                source("slow", hang),
                source("expected", expected),
                source("crash", lambda r: {}["x"]),
                source("notframe", lambda r: [1, 2]),
            )
        },
    )
    assert host.fetch("good", request()).frame is not None
    slow = host.fetch("slow", request(), timeout=0.2)
    assert "timeout" in slow.failure
    assert host.fetch("expected", request()).failure.startswith("export.csv: no such")
    assert host.fetch("expected", request()).detail == ""  # no traceback for these
    crash = host.fetch("crash", request())
    assert crash.failure == "KeyError: 'x'"
    assert "Traceback" in crash.detail
    assert "not a pandas DataFrame" in host.fetch("notframe", request()).failure


def test_fetch_into_store_keeps_the_good_sources_and_names_the_bad(tmp_path):
    undeclared = source("bad", lambda r: frame("bad:zzz"), indicators={"bad:b": "B"})
    unasked = source("late", lambda r: frame("late:a", "2019/20 Q1"))
    raising = source("raises", lambda r: 1 / 0)
    host = PluginHost(entry_points=False, plugins={"p": plugin(GOOD, undeclared, unasked, raising)})
    empty = r"source 'returns' returned no figures for the 1 quarter\(s\) asked for \(2018/19 Q1\)"
    with Store(tmp_path / "s.db") as store:
        with pytest.warns(SspWarning, match=empty):
            runs = {r.source: r for r in fetch_into_store(host, PLAN, store, ["2018/19 Q1"])}
        assert runs["good"].result.added == 1
        assert "not among those the source declares" in runs["bad"].failure
        assert "were not asked for" in runs["late"].failure
        assert "ZeroDivisionError" in runs["raises"].failure
        assert set(store.observations()["indicator"]) == {"good:a"}
        assert sorted(store.loads()["source"]) == ["good", "returns"]  # the built-in: empty


def test_fetch_of_an_unknown_source_is_refused(tmp_path):
    host = PluginHost(entry_points=False)
    with Store(tmp_path / "s.db") as store, pytest.raises(Exception, match="no source named"):
        fetch_into_store(host, PLAN, store, ["2018/19 Q1"], names=["nope"])


def test_default_quarters_run_from_the_plans_start_to_the_last_ended_quarter():
    from datetime import date

    assert default_quarters(PLAN, today=date(2018, 8, 1))[-1] == "2018/19 Q1"
    assert default_quarters(PLAN, today=date(2030, 1, 1))[-1] == "2019/20 Q4"
    assert default_quarters(PLAN, today=date(2030, 1, 1))[0] == "2017/18 Q1"


# -- the kit ---------------------------------------------------------------------------


def test_check_source_passes_a_good_source():
    assert len(check_source(GOOD, quarters=["2018/19 Q1"])) == 1


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (source("x", lambda r: 1 / 0), "fetch raised ZeroDivisionError"),
        (source("x", lambda r: "text"), "not a DataFrame"),
        (source("x", lambda r: frame("x:a", "2018/19 Q9")), "is not a financial-year quarter"),
        (source("x", lambda r: frame("x:nope")), "not among those the source declares"),
        (source("X", lambda r: frame()), "must be lower-case"),
    ],
)
def test_check_source_names_each_breach(bad, expected):
    with pytest.raises(ContractError, match=expected):
        check_source(bad, quarters=["2018/19 Q1"])


def test_check_source_lets_a_source_error_through():
    def missing(request):
        raise SourceError("no export configured")

    with pytest.raises(SourceError):
        check_source(source("x", missing), make_request())


# -- the contract is versioned ---------------------------------------------------------

#: What PLUGIN_API_VERSION 2 promises. Change it only with a version bump.
CONTRACT_V3 = {
    "hooks": {"ssp_register_sources": "()", "ssp_register_renderers": "()"},
    "Source": ["name", "owner", "indicators", "fetch", "description", "open_indicators"],
    "FetchRequest": ["quarters", "area", "options", "base", "environ"],
    "Renderer": ["name", "render", "description", "binary", "suffix"],
    "Indicator": ["label", "unit"],
    "functions": {
        "mark_sample": "(frame: 'pd.DataFrame', what: 'str' = 'the packaged synthetic sample')"
    },
    "marks": {"SAMPLE_MARK": "ssp_targets.sample"},
}


def test_the_plugin_contract_matches_its_version():
    hooks = {
        name: str(inspect.signature(getattr(hookspecs_module, name))).split(" ->")[0]
        for name in dir(hookspecs_module)
        if name.startswith("ssp_")
    }
    current = {
        "hooks": hooks,
        **{
            cls.__name__: [f.name for f in attrs.fields(cls)]
            for cls in (Source, hookspecs_module.FetchRequest, Renderer, hookspecs_module.Indicator)
        },
        "functions": {
            "mark_sample": str(inspect.signature(hookspecs_module.mark_sample)).split(" ->")[0]
        },
        "marks": {"SAMPLE_MARK": hookspecs_module.SAMPLE_MARK},
    }
    assert PLUGIN_API_VERSION == 3
    assert current == CONTRACT_V3, "the plugin contract changed: bump PLUGIN_API_VERSION"


def test_every_hook_is_documented_where_declared():
    for name in dir(hookspecs_module):
        if name.startswith("ssp_"):
            doc = getattr(hookspecs_module, name).__doc__ or ""
            assert "Example" in doc
            assert "Called" in doc


def test_summary_can_use_a_plugins_renderer(monkeypatch, capsys):
    from conftest import PLAN_FILE, SAMPLE

    from ssp_targets import cli
    from ssp_targets.sources import host as plugins

    shout = Renderer("shout", lambda report, encoding: f"{report.marking}\nLOUD {report.quarter}\n")
    real = plugins.PluginHost
    monkeypatch.setattr(
        plugins,
        "PluginHost",
        lambda: real(entry_points=False, plugins={"p": plugin(renderers=[shout])}),
    )
    args = [
        "summary",
        "--plan",
        str(PLAN_FILE),
        "--observations",
        str(SAMPLE / "observations.csv"),
        "--quarter",
        "2018/19 Q2",
    ]
    assert cli.main([*args, "--format", "shout"]) == 0
    assert "LOUD 2018/19 Q2" in capsys.readouterr().out
    assert cli.main([*args, "--format", "pdf"]) == 2
    assert "unknown format 'pdf'" in capsys.readouterr().err
