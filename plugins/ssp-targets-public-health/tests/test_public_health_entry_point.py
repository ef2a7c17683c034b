"""The plugin is found through its entry point once installed."""

from __future__ import annotations

from ssp_targets import PluginHost, Source


def test_entry_point_registers_the_source() -> None:
    host = PluginHost()
    sources = host.sources()
    assert "public-health" in sources
    registered = sources["public-health"]
    assert registered.plugin == "ssp-targets-public-health"
    assert registered.version == "0.1.0"
    assert isinstance(registered.item, Source)
    assert registered.item.owner == "public-health"
    assert not [f for f in host.failures if f.plugin == "ssp-targets-public-health"]
