"""Commands on plugins and sources: plugins, sources, fetch, new-plugin."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from ssp_targets.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    config_of,
    no_plan,
    open_store,
    report_load_failures,
)


def plugins_command(args: argparse.Namespace) -> int:
    from ssp_targets.sources.host import PluginHost

    host = PluginHost()
    for info in host.plugins():
        print(f"{info.name} {info.version}".strip())
        print(f"  sources: {', '.join(info.sources) or '-'}")
        print(f"  renderers: {', '.join(info.renderers) or '-'}")
    report_load_failures(host)
    return EXIT_FAILED if host.failures else EXIT_OK


def sources_command(args: argparse.Namespace) -> int:
    from ssp_targets.plan.toml_reader import load_plan
    from ssp_targets.sources.host import PluginHost

    host = PluginHost()
    registered = host.sources()
    supplied: dict[str, str] = {}
    for name, entry in registered.items():
        source = entry.item
        print(f"{name}  (owner {source.owner}; {entry.plugin} {entry.version})".strip())
        if source.open_indicators:
            print("  any indicator the plan names (the input says which)")
        for key, info in sorted(source.indicators.items()):
            supplied.setdefault(key, name)
            print(f"  {key}  {info.label} [{info.unit}]")
    plan_path = args.plan or config_of(args).plan
    if plan_path:
        plan = load_plan(plan_path)
        print()
        print(f"Coverage of plan {plan.id!r}, by owner:")
        for owner in plan.owners:
            measures = [
                m
                for m in plan.measures
                if owner.id in m.owners and m.kind == "quantitative" and m.scored
            ]
            if not measures:
                continue
            print(f"  {owner.name} ({owner.id})")
            for m in measures:
                for indicator in m.indicators:
                    by = supplied.get(indicator)
                    where = f"from {by}" if by else "NO SOURCE: data return or CSV load"
                    print(f"    {m.id} {indicator}: {where}")
    report_load_failures(host)
    return EXIT_OK


def fetch_command(args: argparse.Namespace) -> int:
    import warnings

    from ssp_targets.errors import SspWarning
    from ssp_targets.plan.toml_reader import load_plan
    from ssp_targets.sources.fetch import default_quarters, fetch_into_store
    from ssp_targets.sources.host import PluginHost

    config = config_of(args)
    plan = load_plan(config.plan or no_plan(args))
    quarters = args.quarter or default_quarters(plan)
    host = PluginHost()
    report_load_failures(host, args.verbose)
    names = args.source or sorted(host.sources())
    print(
        f"fetching {len(names)} source(s) for {len(quarters)} quarter(s), "
        f"{quarters[0]} to {quarters[-1]}",
        file=sys.stderr,
    )
    with open_store(config.store, create=True, plan=plan) as store, warnings.catch_warnings():
        warnings.simplefilter("ignore", SspWarning)  # each run's line says it
        runs = fetch_into_store(
            host,
            plan,
            store,
            quarters,
            names=args.source,
            options=config.sources,
            base=str(config.path.resolve().parent),
            timeout=args.timeout,
            started=lambda name: print(f"  {name} ...", file=sys.stderr, flush=True),
        )
    for run in runs:
        print(run.line())
        if args.verbose and run.detail:
            print(run.detail, file=sys.stderr)
    failed = [r for r in runs if r.failure is not None]
    return EXIT_FAILED if failed or host.failures else EXIT_OK


def new_plugin_command(args: argparse.Namespace) -> int:
    from ssp_targets.sources.new_plugin import new_plugin

    path = new_plugin(args.name, args.out)
    print(f"{path}: a new source plugin. Next: pip install -e '{path}[test]' && pytest {path}")
    return EXIT_OK
