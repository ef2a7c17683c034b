"""Read a plan definition (TOML) into a :class:`~ssp_targets.plan.definition.Plan`.

The whole file is checked before anything is built, and every problem is reported in
one :class:`~ssp_targets.errors.PlanError`: where it is (file, table, measure id), what
is wrong and how to put it right. The format is documented in ``definitions/README.md``.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssp_targets.errors import PeriodError, PlanError
from ssp_targets.plan.definition import (
    AREA_CODE,
    HANDLINGS,
    TARGET_BASES,
    Area,
    Group,
    Measure,
    Owner,
    Plan,
    Priority,
)
from ssp_targets.plan.measure_tables import MeasureReader
from ssp_targets.plan.quarters import parse_year

if TYPE_CHECKING:
    pass


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
_PRIORITY_KEYS = {"id", "title"}


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


class _Reader(MeasureReader):
    """Reads the whole plan: its own table, owners, priorities, groups and measures."""

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
