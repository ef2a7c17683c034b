"""Reading tables of a parsed TOML file while collecting every problem, so that one
error lists them all (the plan's reader builds on this)."""

from __future__ import annotations

import math
from typing import Any


class TableReader:
    """Walks parsed TOML, collecting problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}")

    def unknown_keys(self, where: str, table: dict[str, Any], allowed: set[str]) -> None:
        for key in sorted(set(table) - allowed):
            self.problem(
                where, f"unknown key {key!r}; allowed keys are {', '.join(sorted(allowed))}."
            )

    def text(self, where: str, table: dict[str, Any], key: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(where, f'{key!r} is missing; add {key} = "...".')
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"{key!r} must be non-empty text, got {value!r}.")
            return ""
        return value.strip()

    def choice(
        self, where: str, table: dict[str, Any], key: str, allowed: tuple[str, ...], default: str
    ) -> str:
        value = table.get(key, default)
        if value not in allowed:
            self.problem(where, f"{key} = {value!r} is not one of {', '.join(allowed)}.")
            return default
        return str(value)


def is_number(value: object) -> bool:
    """A finite TOML number (TOML also has inf and nan, which no target or band can be)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def infinite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)
