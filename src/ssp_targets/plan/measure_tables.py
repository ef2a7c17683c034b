"""Reading one measure's table of a plan: its kind, unit and polarity, indicators,
amber band and target (a number, per year, a change, or a benchmark)."""

from __future__ import annotations

import re
from typing import Any

from ssp_targets.errors import PeriodError
from ssp_targets.plan.definition import (
    AGGREGATES,
    AREA_CODE,
    COMPARES,
    HANDLINGS,
    INDICATOR_RE,
    KINDS,
    POLARITIES,
    RELATIVE_REFERENCES,
    STATES,
    TARGET_BASES,
    UNITS,
    Band,
    BenchmarkTarget,
    ChangeTarget,
    FixedTarget,
    Group,
    Measure,
    Target,
    YearTargets,
    default_compare,
)
from ssp_targets.plan.quarters import parse_quarter, parse_year, quarter_label
from ssp_targets.plan.table_reading import TableReader, infinite, is_number

_MEASURE_KEYS = {
    "id",
    "priority",
    "title",
    "owners",
    "kind",
    "unit",
    "polarity",
    "indicator",
    "indicators",
    "target",
    "amber_within",
    "aggregate",
    "handling",
    "state",
    "retired",
    "description",
    "notes",
    "target_basis",
    "compare",
}
_DEFAULT_AGGREGATE = {"count": "sum", "percent": "ratio"}  # anything else: latest
_PERCENT_RE = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")


class MeasureReader(TableReader):
    """The measure tables' part of reading a plan."""

    def band(self, where: str, value: object) -> Band | None:
        if infinite(value):
            self.problem(where, f"amber_within must be a finite number, got {value!r}.")
            return None
        if isinstance(value, str):
            match = _PERCENT_RE.match(value)
            if match:
                amount = float(match[1])
                if amount < 0:
                    self.problem(
                        where, f"amber_within = {value!r} is negative; a band is zero or more."
                    )
                    return None
                return Band(amount / 100, relative=True)
        elif is_number(value):
            if float(value) < 0:  # type: ignore[arg-type]
                self.problem(
                    where, f"amber_within = {value!r} is negative; a band is zero or more."
                )
                return None
            return Band(float(value))  # type: ignore[arg-type]
        self.problem(
            where,
            f"amber_within = {value!r} must be a number in the measure's unit "
            'or a percentage of the target such as "5%".',
        )
        return None

    def measure(
        self, where: str, table: dict[str, Any], owner_ids: set[str], priority_ids: set[str]
    ) -> Measure | None:
        before = len(self.problems)
        self.unknown_keys(where, table, _MEASURE_KEYS)
        priority = self.text(where, table, "priority")
        if priority and priority not in priority_ids:
            self.problem(
                where,
                f"unknown priority {priority!r}; add it under [[priorities]] "
                f"or use one of {', '.join(sorted(priority_ids)) or '(none defined)'}.",
            )
        owners = table.get("owners")
        if not (isinstance(owners, list) and owners and all(isinstance(o, str) for o in owners)):
            self.problem(where, 'owners must be a non-empty list of owner ids, e.g. ["crc"].')
            owners = []
        for owner in owners:
            if owner not in owner_ids:
                self.problem(
                    where,
                    f"unknown owner {owner!r}; add it under [[owners]] or use "
                    f"one of {', '.join(sorted(owner_ids)) or '(none defined)'}.",
                )
        kind = self.choice(where, table, "kind", KINDS, "quantitative")
        state = self.choice(where, table, "state", STATES, "active")
        unit = self.choice(where, table, "unit", UNITS, "count")
        handling = table.get("handling")
        if handling is not None and handling not in HANDLINGS:
            self.problem(where, f"handling = {handling!r} is not one of {', '.join(HANDLINGS)}.")
            handling = None
        indicators = self.indicators(where, table)
        has_polarity = "polarity" in table
        polarity = self.choice(where, table, "polarity", POLARITIES, "none")
        target = self.target(where, table.get("target")) if "target" in table else None
        band = self.band(where, table["amber_within"]) if "amber_within" in table else None
        aggregate = self.choice(
            where, table, "aggregate", AGGREGATES, _DEFAULT_AGGREGATE.get(unit, "latest")
        )
        basis = None
        if "target_basis" in table:
            basis = self.choice(where, table, "target_basis", TARGET_BASES, "agreed")
        compare = self.choice(where, table, "compare", COMPARES, default_compare(unit))
        if compare == "per_1000" and unit != "count":
            self.problem(
                where,
                f'compare = "per_1000" is for counts (crimes, incidents, fires per 1,000 '
                f'residents), not {unit!r}; use compare = "value" or "none".',
            )
        if isinstance(target, BenchmarkTarget) and compare == "none":
            self.problem(
                where,
                "a benchmark target compares areas, but the measure is not compared "
                f'(compare = "none"{" by default for counts" if "compare" not in table else ""}); '
                'add compare = "per_1000" (counts per 1,000 residents) or "value".',
            )
        retired = None
        if "retired" in table:
            try:
                retired = quarter_label(parse_quarter(str(table["retired"])))
            except PeriodError as exc:
                self.problem(where, f"retired: {exc}")

        if kind == "qualitative":
            for key in (
                "indicator",
                "indicators",
                "target",
                "unit",
                "polarity",
                "aggregate",
                "compare",
                "target_basis",
            ):
                if key in table:
                    self.problem(
                        where,
                        f"{key!r} does not apply to a qualitative measure (its "
                        "status is the owner's self-assessment); remove it or set "
                        'kind = "quantitative".',
                    )
        elif state == "active" and not indicators and not self._has_indicator_key(table):
            self.problem(
                where,
                'a quantitative measure needs indicator = "source:key" '
                '(or indicators = [...]), or state = "draft".',
            )
        if "target" in table and not has_polarity:
            self.problem(where, 'a target needs a polarity; add polarity = "higher" or "lower".')
        elif target is not None and polarity == "none" and table.get("polarity", "none") == "none":
            self.problem(
                where,
                'polarity = "none" cannot be scored against a target; use '
                '"higher" or "lower", or remove the target.',
            )
        if isinstance(target, FixedTarget | YearTargets) and unit == "percent":
            values = (
                [target.value] if isinstance(target, FixedTarget) else [t for _, t in target.values]
            )
            if any(not 0 <= t <= 100 for t in values):
                self.problem(where, "a percentage target must lie between 0 and 100.")
        if aggregate == "ratio" and unit in ("count", "number") and table.get("unit", unit) == unit:
            self.problem(
                where,
                f'aggregate = "ratio" needs a ratio unit, not {unit!r}; '
                'use "sum", "mean" or "latest".',
            )
        title = self.text(where, table, "title")
        if len(self.problems) > before or not isinstance(table.get("id"), str) or not title:
            return None  # reported; the model's own checks would only repeat it
        return Measure(
            id=str(table.get("id", "")),
            priority=priority,
            title=title,
            owners=tuple(owners),
            kind=kind,  # type: ignore[arg-type]
            unit=unit,  # type: ignore[arg-type]
            polarity=polarity,  # type: ignore[arg-type]
            indicators=tuple(indicators),
            target=target,
            amber_within=band,
            aggregate=aggregate,  # type: ignore[arg-type]
            handling=handling,
            state=state,  # type: ignore[arg-type]
            retired=retired,
            description=str(table.get("description", "")),
            notes=str(table.get("notes", "")),
            target_basis=basis,  # type: ignore[arg-type]
            compare=compare,  # type: ignore[arg-type]
        )

    @staticmethod
    def _has_indicator_key(table: dict[str, Any]) -> bool:
        return "indicator" in table or "indicators" in table

    def indicators(self, where: str, table: dict[str, Any]) -> list[str]:
        if "indicator" in table and "indicators" in table:
            self.problem(where, "give either indicator or indicators, not both.")
            return []
        raw = table.get("indicators", table.get("indicator"))
        if raw is None:
            return []
        values = [raw] if "indicator" in table else raw
        if not isinstance(values, list) or not values:
            self.problem(
                where, 'indicators must be a non-empty list such as ["fire:f1", "fire:f3"].'
            )
            return []
        good = []
        for value in values:
            if isinstance(value, str) and INDICATOR_RE.match(value):
                good.append(value)
            else:
                self.problem(
                    where,
                    f"indicator {value!r} is not 'source:key' (lower case letters, "
                    "digits, '_' or '-', e.g. \"crc:co_sso_positive_completions\").",
                )
        if len(set(good)) != len(good):
            self.problem(where, "an indicator is listed twice.")
        return good

    def target(self, where: str, raw: object) -> Target | None:
        if infinite(raw):
            self.problem(where, f"target must be a finite number, got {raw!r}.")
            return None
        if is_number(raw):
            return FixedTarget(float(raw))  # type: ignore[arg-type]
        if isinstance(raw, dict) and ("change" in raw or "against" in raw):
            return self.change_target(where, raw)
        if isinstance(raw, dict) and "benchmark" in raw:
            return self.benchmark_target(where, raw)
        if isinstance(raw, dict) and raw:
            values = []
            for label, value in raw.items():
                try:
                    year = parse_year(label)
                except PeriodError as exc:
                    self.problem(where, f"target year: {exc}")
                    continue
                if not is_number(value):
                    self.problem(
                        where, f"target for {label} must be a finite number, got {value!r}."
                    )
                    continue
                values.append((year, float(value)))
            return YearTargets(values) if values and len(values) == len(raw) else None
        self.problem(
            where,
            "target must be a number, a table of years such as "
            '{ "2017/18" = 70 }, { change = "-5%", against = '
            '"same_quarter_last_year" }, or { benchmark = "tees-valley", level = 0.95 }.',
        )
        return None

    def benchmark_target(self, where: str, raw: dict[str, Any]) -> BenchmarkTarget | None:
        extra = set(raw) - {"benchmark", "level"}
        if extra:
            self.problem(
                where, f"target has unknown keys {sorted(extra)}; use benchmark and level."
            )
        against, level = raw.get("benchmark"), raw.get("level", 0.95)
        if not isinstance(against, str) or not against:
            self.problem(
                where,
                "target benchmark must name a comparator group or an area code in quotes, "
                'e.g. benchmark = "tees-valley" or benchmark = "E92000001".',
            )
            return None
        if not is_number(level) or not 0.9 <= float(level) < 1:
            self.problem(
                where,
                f"target level = {level!r} must be a confidence level such as 0.95 or 0.998.",
            )
            return None
        return BenchmarkTarget(against, float(level))

    def check_benchmarks(self, measures: list[Measure], groups: tuple[Group, ...]) -> None:
        """A benchmark must name a group of the plan or be an area code."""
        ids = {g.id for g in groups}
        for m in measures:
            t = m.target
            if not isinstance(t, BenchmarkTarget):
                continue
            if t.against not in ids and not AREA_CODE.match(t.against):
                self.problem(
                    f"measure {m.id}",
                    f"target benchmark {t.against!r} is neither a comparator group "
                    f"({', '.join(sorted(ids)) or 'none defined: add [[groups]]'}) nor "
                    'an ONS area code such as "E92000001" (England).',
                )

    def change_target(self, where: str, raw: dict[str, Any]) -> ChangeTarget | None:
        extra = set(raw) - {"change", "against"}
        if extra:
            self.problem(where, f"target has unknown keys {sorted(extra)}; use change and against.")
        change, against = raw.get("change"), raw.get("against")
        relative = False
        amount: float | None = None
        if isinstance(change, str) and (m := _PERCENT_RE.match(change)):
            amount, relative = float(m[1]) / 100, True
        elif is_number(change):
            amount = float(change)  # type: ignore[arg-type]
        elif infinite(change):
            self.problem(where, f"target change must be a finite number, got {change!r}.")
        else:
            self.problem(
                where,
                f'target change = {change!r} must be a percentage such as "-5%" '
                "or a number in the measure's unit.",
            )
        if not isinstance(against, str):
            self.problem(
                where,
                'target needs against = "same_quarter_last_year", '
                '"previous_quarter" or a baseline quarter such as "2016/17 Q4".',
            )
            return None
        if against not in RELATIVE_REFERENCES:
            try:
                against = quarter_label(parse_quarter(against))
            except PeriodError as exc:
                self.problem(
                    where,
                    f"target against: {exc} Or use same_quarter_last_year or previous_quarter.",
                )
                return None
        return None if amount is None else ChangeTarget(amount, relative, against)
