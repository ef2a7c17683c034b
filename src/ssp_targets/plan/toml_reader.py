"""Read a plan definition (TOML) into a :class:`~ssp_targets.plan.definition.Plan`.

The whole file is checked before anything is built, and every problem is reported in
one :class:`~ssp_targets.errors.PlanError`: where it is (file, table, measure id), what
is wrong and how to put it right. The format is documented in ``definitions/README.md``.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssp_targets.errors import PeriodError, PlanError
from ssp_targets.plan.definition import (
    AGGREGATES,
    COMPARES,
    HANDLINGS,
    KINDS,
    POLARITIES,
    RELATIVE_REFERENCES,
    STATES,
    TARGET_BASES,
    UNITS,
    Area,
    Band,
    BenchmarkTarget,
    ChangeTarget,
    FixedTarget,
    Group,
    Measure,
    Owner,
    Plan,
    Priority,
    Target,
    YearTargets,
    default_compare,
)
from ssp_targets.plan.quarters import parse_quarter, parse_year, quarter_label

if TYPE_CHECKING:
    import pandas as pd

INDICATOR_RE = re.compile(r"^[a-z][a-z0-9_-]*:[a-z0-9][a-z0-9_.-]*$")
_PERCENT_RE = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*%\s*$")

_TOP_KEYS = {"plan", "owners", "priorities", "measures", "groups"}
_PLAN_KEYS = {
    "id",
    "title",
    "area",
    "start",
    "end",
    "amber_within",
    "handling",
    "populations",
    "target_basis",
}
_OWNER_KEYS = {"id", "name"}
_GROUP_KEYS = {"id", "name", "areas"}
#: An ONS (GSS) area code: a letter for the country and eight digits (E06000004).
AREA_CODE = re.compile(r"^[EKNSW]\d{8}$")
_PRIORITY_KEYS = {"id", "title"}
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


def load_plan(path: str | Path) -> Plan:
    """Load and validate a plan definition file.

    Raises :class:`PlanError` listing every problem in the file at once.
    """
    path = Path(path)
    try:
        data = tomllib.loads(read_toml_text(path, "plan"))
    except FileNotFoundError:
        raise PlanError(f"{path}: no such plan file. Check the path.") from None
    except IsADirectoryError:
        raise PlanError(f"{path}: is a folder; give the plan file (.toml) in it.") from None
    except OSError as exc:
        raise PlanError(f"{path}: cannot read the plan file ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(
            f"{path}: not valid TOML ({exc}). Fix the syntax at that line; "
            "see definitions/README.md for the format."
        ) from None
    return plan_from_dict(data, source=str(path))


def read_toml_text(path: Path, what: str) -> str:
    """A TOML file's text; TOML is UTF-8, and anything else is refused naming the line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(
            f"{path}: the {what} file is not UTF-8 (byte 0x{data[exc.start]:02x} on line "
            f"{line}, as Windows-1252 writes characters such as – or £); TOML files must be "
            "UTF-8: save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)."
        ) from None


def plan_from_dict(data: dict[str, Any], source: str = "<plan>") -> Plan:
    """Build a plan from already-parsed TOML data (as :func:`load_plan` does)."""
    reader = _Reader(source)
    plan = reader.read(data)
    if reader.problems or plan is None:
        count = len(reader.problems)
        raise PlanError(
            f"{source}: the plan has {count} problem{'s' if count != 1 else ''}; "
            "nothing was loaded:",
            reader.problems,
        )
    return plan


def _is_number(value: object) -> bool:
    """A finite TOML number (TOML also has inf and nan, which no target or band can be)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _infinite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


class _Reader:
    """Walks the parsed TOML, collecting problems instead of stopping at the first."""

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

    def band(self, where: str, value: object) -> Band | None:
        if _infinite(value):
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
        elif _is_number(value):
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

    def read(self, data: dict[str, Any]) -> Plan | None:
        self.unknown_keys(self.source, data, _TOP_KEYS)
        head = data.get("plan")
        if not isinstance(head, dict):
            self.problem("[plan]", "the [plan] table is missing; add id, title, area, start, end.")
            head = {}
        where = "[plan]"
        self.unknown_keys(where, head, _PLAN_KEYS)
        plan_id = self.text(where, head, "id")
        title = self.text(where, head, "title")
        area = head.get("area")
        if not (
            isinstance(area, dict)
            and isinstance(area.get("code"), str)
            and isinstance(area.get("name"), str)
        ):
            self.problem(where, 'area must be { code = "E06000004", name = "Stockton-on-Tees" }.')
            area = {"code": "?", "name": "?"}
        elif not AREA_CODE.match(area["code"]):
            self.problem(
                where,
                f"area code {area['code']!r} is not an ONS area code (a letter and eight "
                'digits, e.g. "E06000004").',
            )
        years = []
        for key in ("start", "end"):
            raw = head.get(key)
            try:
                years.append(parse_year(str(raw)) if raw is not None else None)
            except PeriodError as exc:
                self.problem(where, f"{key}: {exc}")
                years.append(None)
            if raw is None:
                self.problem(where, f'{key!r} is missing; add {key} = "2017/18".')
        start, end = years
        if start is not None and end is not None and end < start:
            self.problem(where, f"end ({head['end']}) is before start ({head['start']}).")
        plan_band = self.band(where, head["amber_within"]) if "amber_within" in head else None
        handling = self.choice(where, head, "handling", HANDLINGS, "OFFICIAL")
        basis = self.choice(where, head, "target_basis", TARGET_BASES, "agreed")

        owners = self.entries(data, "owners", _OWNER_KEYS, ("id", "name"))
        priorities = self.entries(data, "priorities", _PRIORITY_KEYS, ("id", "title"))
        owner_ids = {o["id"] for o in owners}
        priority_ids = {p["id"] for p in priorities}
        measures = self.measures(data.get("measures", []), owner_ids, priority_ids)
        if data.get("measures", []) == []:
            self.problem(self.source, "the plan has no [[measures]]; add at least one.")
        groups = self.groups(data.get("groups", []))
        self.check_benchmarks(measures, groups)
        populations = head.get("populations")
        if populations is not None and not isinstance(populations, str):
            self.problem(where, 'populations must be a path in quotes, e.g. "populations.csv".')
            populations = None
        if self.problems or start is None or end is None:
            return None
        return Plan(
            id=plan_id,
            title=title,
            area=Area(area["code"], area["name"]),
            start=start,
            end=end,
            owners=tuple(Owner(o["id"], o["name"]) for o in owners),
            priorities=tuple(Priority(p["id"], p["title"]) for p in priorities),
            measures=tuple(measures),
            amber_within=plan_band,
            handling=handling,  # type: ignore[arg-type]
            source=self.source,
            groups=groups,
            populations=populations,
            target_basis=basis,  # type: ignore[arg-type]
        )

    def entries(
        self, data: dict[str, Any], name: str, allowed: set[str], fields: tuple[str, str]
    ) -> list[dict[str, str]]:
        raw = data.get(name, [])
        if not isinstance(raw, list):
            self.problem(self.source, f"{name} must be an array of tables ([[{name}]]).")
            return []
        seen: Counter[str] = Counter()
        result = []
        for n, table in enumerate(raw, start=1):
            where = f"[[{name}]] #{n}"
            if not isinstance(table, dict):
                self.problem(where, f"must be a table with {' and '.join(fields)}.")
                continue
            if isinstance(table.get("id"), str):
                where = f"[[{name}]] {table['id']!r}"
            self.unknown_keys(where, table, allowed)
            entry = {f: self.text(where, table, f) for f in fields}
            seen[entry["id"]] += 1
            if seen[entry["id"]] == 2:
                self.problem(where, f"duplicate id {entry['id']!r}; each id must be unique.")
            result.append(entry)
        return result

    def groups(self, raw: object) -> tuple[Group, ...]:
        if not isinstance(raw, list):
            self.problem(self.source, "groups must be an array of tables ([[groups]]).")
            return ()
        result = []
        seen: set[str] = set()
        for n, table in enumerate(raw, start=1):
            where = f"[[groups]] #{n}"
            if not isinstance(table, dict):
                self.problem(where, "must be a table with id, name and areas.")
                continue
            if isinstance(table.get("id"), str):
                where = f"[[groups]] {table['id']!r}"
            self.unknown_keys(where, table, _GROUP_KEYS)
            group_id, name = self.text(where, table, "id"), self.text(where, table, "name")
            if group_id in seen:
                self.problem(where, f"duplicate id {group_id!r}; each id must be unique.")
            seen.add(group_id)
            areas = table.get("areas")
            if not (isinstance(areas, list) and areas):
                self.problem(
                    where, 'areas must be a non-empty list of ONS codes, e.g. ["E06000004"].'
                )
                continue
            bad = [a for a in areas if not (isinstance(a, str) and AREA_CODE.match(a))]
            if bad:
                self.problem(
                    where, f"{', '.join(map(repr, bad))} are not ONS area codes (E06000004)."
                )
                continue
            if group_id and name:
                result.append(Group(group_id, name, tuple(areas)))
        return tuple(result)

    def measures(self, raw: object, owner_ids: set[str], priority_ids: set[str]) -> list[Measure]:
        if not isinstance(raw, list):
            self.problem(self.source, "measures must be an array of tables ([[measures]]).")
            return []
        seen: Counter[str] = Counter()
        result = []
        for n, table in enumerate(raw, start=1):
            if not isinstance(table, dict):
                self.problem(f"[[measures]] #{n}", "must be a table.")
                continue
            mid = table.get("id")
            where = f"measure {mid}" if isinstance(mid, str) else f"[[measures]] #{n}"
            before = len(self.problems)
            measure_id = self.text(where, table, "id")
            seen[measure_id] += 1
            if measure_id and seen[measure_id] == 2:
                self.problem(where, f"duplicate measure id {measure_id!r}; give it a unique id.")
            measure = self.measure(where, table, owner_ids, priority_ids)
            if measure is not None and measure_id and len(self.problems) == before:
                result.append(measure)
        return result

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
        if _infinite(raw):
            self.problem(where, f"target must be a finite number, got {raw!r}.")
            return None
        if _is_number(raw):
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
                if not _is_number(value):
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
        if not _is_number(level) or not 0.9 <= float(level) < 1:
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
        elif _is_number(change):
            amount = float(change)  # type: ignore[arg-type]
        elif _infinite(change):
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


def load_populations(plan: Plan) -> pd.DataFrame:
    """The plan's population table (``populations = "file.csv"`` under ``[plan]``, a path
    relative to the plan file): columns ``area, name, year, population, source``, one row
    per area, for rates per 1,000 and comparisons. Raises :class:`PlanError` naming every
    bad row, or when the plan names no table."""
    import pandas as pd

    from ssp_targets.errors import ObservationError
    from ssp_targets.inputs.csv_files import read_csv_text
    from ssp_targets.inputs.row_checks import RowChecks

    if plan.populations is None:
        raise PlanError(
            f"{plan.source}: the plan names no population table; add "
            'populations = "populations.csv" under [plan].'
        )
    path = Path(plan.source).parent / plan.populations
    try:
        frame = read_csv_text(path, "population")
    except ObservationError as exc:
        raise PlanError(str(exc)) from None
    missing = [c for c in ("area", "name", "year", "population", "source") if c not in frame]
    if missing:
        raise PlanError(f"{path}: missing column(s) {', '.join(missing)}.")
    checks = RowChecks(frame, str(path), 2)
    area = checks.text("area")
    checks.flag_rows(~area.str.match(AREA_CODE.pattern), "area", "is not an ONS area code")
    blank = pd.Series(False, index=area.index)
    population = checks.number("population", allow_blank=blank, blank="is empty; give it")
    year = checks.number("year", allow_blank=blank, blank="is empty; give the estimate's year")
    checks.flag_rows(population <= 0, "population", "must be above zero")
    checks.flag_rows(area.duplicated(keep=False), "area", "appears twice")
    try:
        checks.raise_if_any()
    except ObservationError as exc:
        raise PlanError(exc.heading, exc.problems) from None
    return pd.DataFrame(
        {
            "area": area,
            "name": checks.text("name"),
            "year": year.astype(int),
            "population": population,
            "source": checks.text("source"),
        }
    )


def plan_areas(plan: Plan) -> frozenset[str]:
    """Every area the plan knows: its own, its comparator groups' and those of its
    population table (read from the file the plan names)."""
    areas = {plan.area.code, *(a for g in plan.groups for a in g.areas)}
    if plan.populations is not None:
        areas |= set(load_populations(plan)["area"])
    return frozenset(areas)
