"""The plugin host: loads plugins, collects their sources and renderers, runs fetches.

One :class:`PluginHost` per run (a CLI invocation, a notebook, an embedding tool); there
is no module-level plugin manager. Every step that runs plugin code runs it on its own
and records the outcome, so one broken plugin is one reported failure.
"""

from __future__ import annotations

import importlib.metadata
import threading
import time
import traceback
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from ssp_targets.sources import hookspecs
from ssp_targets.sources.hookspecs import PROJECT, FetchRequest, Renderer, Source, SourceError

if TYPE_CHECKING:
    import pandas as pd

    from ssp_targets.store.loading import LoadResult

#: The name the core's own plugin is registered under.
CORE = "ssp-targets"


@attrs.frozen
class PluginInfo:
    """An installed plugin: its name, distribution version and what it registered."""

    name: str
    version: str
    sources: tuple[str, ...] = ()
    renderers: tuple[str, ...] = ()


@attrs.frozen
class Registered:
    """A source or renderer, credited to the plugin that registered it."""

    item: Any
    plugin: str
    version: str


@attrs.frozen
class Failure:
    """A plugin that failed to load or register, or a source whose fetch failed."""

    plugin: str
    version: str
    what: str  # "load", "register", "fetch", or "validate"
    message: str
    detail: str = ""  # the traceback, shown with --verbose
    source: str | None = None

    def line(self) -> str:
        """The one-line report."""
        who = f"{self.plugin} {self.version}".strip()
        target = f" source {self.source!r}" if self.source else ""
        return f"{who}{target}: {self.what} failed: {self.message}"


@attrs.frozen
class FetchOutcome:
    """What happened to one source in a fetch, from calling it to storing its figures.

    :meth:`PluginHost.fetch` gives the ``frame`` the source returned, or its ``failure``
    (a one-line message; ``detail`` holds a traceback from plugin code) and how long it
    took. Fetching into the store (:func:`~ssp_targets.sources.fetch.fetch_into_store`)
    then checks and stores the frame, and gives the same outcome with the store's
    ``result`` (and no frame) or a failure: a source whose figures break the rules.
    """

    source: str
    plugin: str
    version: str
    seconds: float
    frame: pd.DataFrame | None = attrs.field(default=None, eq=False, repr=False)
    failure: str | None = None
    detail: str = ""
    result: LoadResult | None = None
    sample: str | None = None  # what synthetic sample the source served, if it did
    warning: str | None = None  # why nothing was stored, when nothing was

    def line(self) -> str:
        """One line for the terminal."""
        who = f"{self.source} ({self.plugin} {self.version})".replace(" )", ")")
        if self.result is None:
            return f"{who}: FAILED: {self.failure or 'no result'}"
        counts = self.result.describe().split(": ", 1)[1]
        line = f"{who}: {counts} [{self.seconds:.1f} s]"
        if self.sample:
            line += f"; SYNTHETIC SAMPLE DATA ({self.sample}), not real figures"
        if self.warning:
            line += f"; warning: {self.warning}"
        return line


def _describe(exc: BaseException) -> tuple[str, str]:
    """A one-line message and the traceback of an exception from plugin code."""
    if isinstance(exc, SourceError):
        return str(exc), ""
    message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return message, "".join(traceback.format_exception(exc))


class PluginHost:
    """Loads plugins from entry points (and any given objects) and credits what each
    registers.

    ``entry_points=False`` loads none (for tests and embedding); ``plugins`` adds plugin
    objects (modules or instances with hook implementations) by name; ``disable`` names
    entry points not to load.
    """

    def __init__(
        self,
        entry_points: bool = True,
        plugins: dict[str, Any] | None = None,
        disable: Iterable[str] = (),
    ) -> None:
        self.manager = pluggy.PluginManager(PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.versions: dict[str, str] = {}
        self.failures: list[Failure] = []
        from ssp_targets.sources import core_plugin

        self._register(CORE, core_plugin, _version("ssp-targets"))
        if entry_points:
            self._load_entry_points(set(disable))
        for name, plugin in (plugins or {}).items():
            self._register(name, plugin, "")
        self._sources = self._collect("ssp_register_sources", Source)
        self._renderers = self._collect("ssp_register_renderers", Renderer)

    def _register(self, name: str, plugin: Any, version: str) -> None:
        try:
            self.manager.register(plugin, name=name)
        except Exception as exc:  # a hook with a wrong signature, a duplicate name
            message, detail = _describe(exc)
            self.failures.append(Failure(name, version, "register", message, detail))
            return
        self.versions[name] = version

    def _load_entry_points(self, disable: set[str]) -> None:
        for entry in importlib.metadata.entry_points(group=PROJECT):
            dist = getattr(entry, "dist", None)
            name = dist.name if dist is not None else entry.name
            version = dist.version if dist is not None else ""
            if entry.name in disable or name in disable:
                continue
            try:
                plugin = entry.load()
            except Exception as exc:  # the plugin's own import failed
                message, detail = _describe(exc)
                self.failures.append(Failure(name, version, "load", message, detail))
                continue
            self._register(name, plugin, version)

    def _collect(self, hook: str, kind: type) -> dict[str, Registered]:
        """Call one hook plugin by plugin; drop anything invalid or claimed twice."""
        found: dict[str, list[Registered]] = {}
        for impl in getattr(self.manager.hook, hook).get_hookimpls():
            plugin, version = impl.plugin_name, self.versions.get(impl.plugin_name, "")
            try:
                items = list(impl.function() or ())
                bad = [i for i in items if not isinstance(i, kind)]
                if bad:
                    raise TypeError(f"{hook} returned {bad[0]!r}, not a {kind.__name__}")
            except Exception as exc:
                message, detail = _describe(exc)
                self.failures.append(Failure(plugin, version, "register", message, detail))
                continue
            for item in items:
                found.setdefault(item.name, []).append(Registered(item, plugin, version))
        result = {}
        for name, claims in sorted(found.items()):
            if len(claims) == 1:
                result[name] = claims[0]
                continue
            owners = " and ".join(f"{c.plugin} {c.version}".strip() for c in claims)
            for claim in claims:  # neither wins: the outcome must not depend on load order
                self.failures.append(
                    Failure(
                        claim.plugin,
                        claim.version,
                        "register",
                        f"{kind.__name__.lower()} name {name!r} is registered by {owners}; "
                        "uninstall or disable one of them",
                    )
                )
        return result

    # -- what is installed ---------------------------------------------------------------

    def sources(self) -> dict[str, Registered]:
        """Every usable source by name, credited to its plugin."""
        return dict(self._sources)

    def renderers(self) -> dict[str, Registered]:
        """Every usable renderer by name."""
        return dict(self._renderers)

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin with what it provides."""
        infos = []
        for name, version in sorted(self.versions.items()):
            infos.append(
                PluginInfo(
                    name=name,
                    version=version,
                    sources=tuple(s for s, r in self._sources.items() if r.plugin == name),
                    renderers=tuple(s for s, r in self._renderers.items() if r.plugin == name),
                )
            )
        return infos

    # -- running a source ----------------------------------------------------------------

    def fetch(self, name: str, request: FetchRequest, timeout: float = 300.0) -> FetchOutcome:
        """Call one source's ``fetch`` in its own thread, under ``timeout`` seconds.

        Never raises for the source's sake: an exception, a hang or a wrong return type
        comes back as the outcome's ``failure``.
        """
        registered = self._sources[name]
        source: Source = registered.item
        result: dict[str, Any] = {}

        def call() -> None:
            try:
                result["frame"] = source.fetch(request)
            except BaseException as exc:  # reported, not raised: see the docstring
                result["error"] = exc

        start = time.monotonic()
        worker = threading.Thread(target=call, name=f"fetch-{name}", daemon=True)
        worker.start()
        worker.join(timeout)
        seconds = time.monotonic() - start

        def failed(message: str, detail: str = "") -> FetchOutcome:
            return FetchOutcome(
                name, registered.plugin, registered.version, seconds, failure=message, detail=detail
            )

        if worker.is_alive():
            return failed(f"no answer after {timeout:g} s (timeout); the source was abandoned")
        if "error" in result:
            return failed(*_describe(result["error"]))
        import pandas as pd

        frame = result.get("frame")
        if not isinstance(frame, pd.DataFrame):
            return failed(f"fetch returned {type(frame).__name__}, not a pandas DataFrame")
        return FetchOutcome(name, registered.plugin, registered.version, seconds, frame)


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""
