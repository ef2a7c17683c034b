"""The project config file, ``ssp-targets.toml``: which plan, which store, source options.

::

    plan = "definitions/ssp-2017-20.toml"
    store = "ssp-targets.db"          # default: ssp-targets.db beside this file

    [sources.fire]                    # options handed to the source named "fire"
    path = "exports/incidents.csv"

Paths are relative to the config file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from ssp_targets.errors import SspError

CONFIG_NAME = "ssp-targets.toml"
_KEYS = {"plan", "store", "sources"}


class ConfigError(SspError):
    """A missing or malformed project config file."""


@attrs.frozen
class Config:
    """The project's settings, with paths made absolute."""

    path: Path
    plan: Path | None
    store: Path
    sources: dict[str, dict[str, Any]] = attrs.field(factory=dict)


def find_config(given: str | Path | None = None, cwd: Path | None = None) -> Path:
    """The config file: ``given``, else ``ssp-targets.toml`` in ``cwd``."""
    if given is not None:
        path = Path(given)
        if path.is_dir():
            raise ConfigError(
                f"{path}: is a folder; give the config file, e.g. {path / CONFIG_NAME}."
            )
        if not path.is_file():
            raise ConfigError(f"{path}: no such config file. Check the --config path.")
        return path
    path = (cwd or Path.cwd()) / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"no {CONFIG_NAME} in {path.parent}. Run the command from the project folder, "
            f'pass --config FILE, or create {CONFIG_NAME} with plan = "..." and '
            'store = "ssp-targets.db".'
        )
    return path


def load_config(given: str | Path | None = None, cwd: Path | None = None) -> Config:
    """Read the project config file (see the module docstring for its keys)."""
    from ssp_targets.errors import PlanError
    from ssp_targets.plan.toml_reader import read_toml_text

    path = find_config(given, cwd)
    try:
        data = tomllib.loads(read_toml_text(path, "config"))
    except PlanError as exc:
        raise ConfigError(str(exc)) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: not valid TOML ({exc}). Fix the syntax at that line; see the README "
            '("The store") for the keys.'
        ) from None
    problems = [
        f"unknown key {k!r}; allowed: plan, store, [sources.NAME]" for k in data if k not in _KEYS
    ]
    for key in ("plan", "store"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"{key} must be a path in quotes, got {data[key]!r}")
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, dict) for v in sources.values()):
        problems.append("sources must be tables: [sources.NAME] with that source's options")
        sources = {}
    if problems:
        raise ConfigError(f"{path}: the config file has problems:", problems)
    base = path.resolve().parent
    return Config(
        path=path,
        plan=base / data["plan"] if isinstance(data.get("plan"), str) else None,
        store=base / data.get("store", "ssp-targets.db"),
        sources=sources,
    )
