"""The plan as plain frozen values: owners, priorities, measures, targets and bands.

These classes hold already-parsed data and check only their own invariants; reading
the TOML file, with its friendly errors, is :mod:`ssp_targets.plan.toml_reader`' job.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
from attrs import validators as v

if TYPE_CHECKING:
    import pandas as pd

Kind = Literal["quantitative", "qualitative"]
State = Literal["active", "draft"]
Unit = Literal["count", "percent", "rate_per_1000", "rate_per_100000", "number"]
Polarity = Literal["higher", "lower", "none"]
Aggregate = Literal["sum", "ratio", "mean", "latest"]
Handling = Literal["OFFICIAL", "OFFICIAL-SENSITIVE"]
TargetBasis = Literal["agreed", "illustrative"]
Compare = Literal["per_1000", "value", "none"]

#: An indicator is named "source:key" (``crc:recalls``); an area by its ONS code.
INDICATOR_RE = re.compile(r"^[a-z][a-z0-9_-]*:[a-z0-9][a-z0-9_.-]*$")
AREA_CODE = re.compile(r"^[EKNSW]\d{8}$")

KINDS: tuple[str, ...] = ("quantitative", "qualitative")
STATES: tuple[str, ...] = ("active", "draft")
UNITS: tuple[str, ...] = ("count", "percent", "rate_per_1000", "rate_per_100000", "number")
POLARITIES: tuple[str, ...] = ("higher", "lower", "none")
AGGREGATES: tuple[str, ...] = ("sum", "ratio", "mean", "latest")
HANDLINGS: tuple[str, ...] = ("OFFICIAL", "OFFICIAL-SENSITIVE")
RELATIVE_REFERENCES: tuple[str, ...] = ("same_quarter_last_year", "previous_quarter")
#: Whether the partnership agreed a target, or it is there only to show the method.
TARGET_BASES: tuple[str, ...] = ("agreed", "illustrative")
#: How a measure is compared across areas: per 1,000 residents (counts), as the value
#: itself, or not at all.
COMPARES: tuple[str, ...] = ("per_1000", "value", "none")


def default_compare(unit: str) -> str:
    """How a measure is compared across areas when its definition does not say: counts
    not at all (a cohort's offences per head of population mean nothing), ratios and
    rates as their value."""
    return "none" if unit in ("count", "number") else "value"


#: How many of the unit one ratio of numerator to denominator is worth (percent: 100).
UNIT_SCALE: dict[str, float] = {
    "count": 1.0,
    "number": 1.0,
    "percent": 100.0,
    "rate_per_1000": 1_000.0,
    "rate_per_100000": 100_000.0,
}

_finite = v.and_(v.instance_of(float), lambda _i, a, x: _check_finite(a.name, x))


def _check_finite(name: str, value: float) -> None:
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{name} must be a finite number, got {value!r}")


def _non_negative(_inst: object, attr: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attr.name} must be zero or more, got {value!r}")


@attrs.frozen
class Area:
    """A geography by its ONS code, with its name."""

    code: str = attrs.field(validator=v.min_len(1))
    name: str


@attrs.frozen
class Owner:
    """A body that owns measures and supplies their figures or commentary."""

    id: str = attrs.field(validator=v.min_len(1))
    name: str


@attrs.frozen
class Priority:
    """One of the plan's priorities, which group its measures."""

    id: str = attrs.field(validator=v.min_len(1))
    title: str


@attrs.frozen
class Group:
    """A named group of areas to compare with (e.g. the Tees Valley neighbours)."""

    id: str = attrs.field(validator=v.min_len(1))
    name: str
    areas: tuple[str, ...] = attrs.field(validator=v.min_len(1))


@attrs.frozen
class Band:
    """An amber band: ``value`` in the measure's unit, or a fraction of |target|."""

    value: float = attrs.field(converter=float, validator=[_finite, _non_negative])
    relative: bool = False

    def width(self, target: float) -> float:
        """The band's width around ``target``."""
        return self.value * abs(target) if self.relative else self.value

    def __str__(self) -> str:
        return f"{self.value * 100:g}%" if self.relative else f"{self.value:g}"


@attrs.frozen
class FixedTarget:
    """One target for every quarter."""

    value: float = attrs.field(converter=float, validator=_finite)


def _sorted_years(items: Iterable[tuple[int, float]]) -> tuple[tuple[int, float], ...]:
    return tuple(sorted((int(y), float(t)) for y, t in items))


@attrs.frozen
class YearTargets:
    """A target per financial year, keyed by the year's first calendar year (2017/18: 2017)."""

    values: tuple[tuple[int, float], ...] = attrs.field(
        converter=_sorted_years, validator=v.min_len(1)
    )

    def for_year(self, start_year: int) -> float | None:
        """The target for one financial year, or None when the plan sets none."""
        return dict(self.values).get(start_year)


@attrs.frozen
class ChangeTarget:
    """A target set as a change against a reference quarter's value.

    ``change`` is a fraction when ``relative`` (``-0.05`` for "-5%"), otherwise an amount
    in the measure's unit. ``against`` is ``same_quarter_last_year``, ``previous_quarter``
    or the canonical label of a fixed baseline quarter.
    """

    change: float = attrs.field(converter=float, validator=_finite)
    relative: bool
    against: str = attrs.field(validator=v.min_len(1))

    def resolve(self, reference: float) -> float:
        """The target, given the reference quarter's value."""
        return reference * (1 + self.change) if self.relative else reference + self.change

    def __str__(self) -> str:
        amount = f"{self.change * 100:+g}%" if self.relative else f"{self.change:+g}"
        return f"{amount} against {self.against.replace('_', ' ')}"


def _level(_inst: object, attr: attrs.Attribute[float], value: float) -> None:
    if not 0.9 <= value < 1:
        raise ValueError(f"{attr.name} must be a confidence level such as 0.95, got {value!r}")


@attrs.frozen
class BenchmarkTarget:
    """A target set by comparison with a benchmark, the way Fingertips compares an area
    with England: green when the area is significantly better than the benchmark at
    ``level``, amber when not significantly different, red when significantly worse.

    ``against`` is a comparator group's id (its pooled figure is the benchmark) or an
    area's ONS code (that area's figure is). Counts are compared per 1,000 population.
    """

    against: str = attrs.field(validator=v.min_len(1))
    level: float = attrs.field(default=0.95, converter=float, validator=[_finite, _level])

    def __str__(self) -> str:
        return f"compared with {self.against} at {self.level * 100:g}%"


Target: TypeAlias = FixedTarget | YearTargets | ChangeTarget | BenchmarkTarget


@attrs.frozen
class Measure:
    """A performance measure of the plan.

    A quantitative measure is scored on each of its ``indicators`` (``source:key``); a
    qualitative one takes its owner's self-assessment from the commentary. Draft measures
    are listed but never scored; a retired one disappears from its ``retired`` quarter on.
    """

    id: str = attrs.field(validator=v.min_len(1))
    priority: str
    title: str
    owners: tuple[str, ...] = attrs.field(validator=v.min_len(1))
    kind: Kind = attrs.field(default="quantitative", validator=v.in_(KINDS))
    unit: Unit = attrs.field(default="count", validator=v.in_(UNITS))
    polarity: Polarity = attrs.field(default="none", validator=v.in_(POLARITIES))
    indicators: tuple[str, ...] = ()
    target: Target | None = None
    amber_within: Band | None = None
    aggregate: Aggregate = attrs.field(default="sum", validator=v.in_(AGGREGATES))
    handling: Handling | None = attrs.field(default=None, validator=v.optional(v.in_(HANDLINGS)))
    state: State = attrs.field(default="active", validator=v.in_(STATES))
    retired: str | None = None
    description: str = ""
    notes: str = ""
    target_basis: TargetBasis | None = attrs.field(
        default=None, validator=v.optional(v.in_(TARGET_BASES))
    )
    compare: Compare = attrs.field(validator=v.in_(COMPARES))

    @compare.default
    def _compare_default(self) -> str:
        return default_compare(self.unit)

    @property
    def scored(self) -> bool:
        """True for active measures, which get a status."""
        return self.state == "active"


@attrs.frozen
class Plan:
    """A partnership plan: its area, years, owners, priorities and measures."""

    id: str
    title: str
    area: Area
    start: int  # first calendar year of the first financial year
    end: int = attrs.field()
    owners: tuple[Owner, ...]
    priorities: tuple[Priority, ...]
    measures: tuple[Measure, ...]
    amber_within: Band | None = None
    handling: Handling = attrs.field(default="OFFICIAL", validator=v.in_(HANDLINGS))
    source: str = ""  # the file the plan was read from, for messages
    groups: tuple[Group, ...] = ()
    populations: str | None = None  # path of the population table, if the plan names one
    target_basis: TargetBasis = attrs.field(default="agreed", validator=v.in_(TARGET_BASES))

    @end.validator
    def _end_not_before_start(self, _attr: attrs.Attribute[int], value: int) -> None:
        if value < self.start:
            raise ValueError(f"end ({value}) must not be before start ({self.start})")

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id (KeyError if none)."""
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def owner_name(self, owner_id: str) -> str:
        """The name of an owner, or its id if the plan does not list it."""
        return next((o.name for o in self.owners if o.id == owner_id), owner_id)

    def group(self, group_id: str) -> Group:
        """The comparator group with this id (KeyError if none)."""
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def band(self, measure: Measure) -> Band:
        """The amber band that applies to a measure: its own, the plan's, or none."""
        return measure.amber_within or self.amber_within or Band(0.0)

    def marking(self, handlings: Iterable[str] = ()) -> str:
        """The highest of the plan's own marking and ``handlings`` (what a document
        holding figures with those markings must carry)."""
        levels = {self.handling, *handlings}
        return max(levels, key=lambda h: HANDLINGS.index(h) if h in HANDLINGS else -1)

    def target_basis_of(self, measure: Measure) -> str:
        """Whether a measure's target was agreed or is illustrative (its own word, else
        the plan's)."""
        return measure.target_basis or self.target_basis

    def handling_of(self, measure: Measure) -> str:
        """The handling marking of a measure's figures (its own or the plan's)."""
        return measure.handling or self.handling

    @property
    def indicators(self) -> frozenset[str]:
        """Every indicator any measure names."""
        return frozenset(i for m in self.measures for i in m.indicators)

    def measures_frame(self) -> pd.DataFrame:
        """The measures as a DataFrame, one row per measure, for exploring in a notebook."""
        import pandas as pd

        rows: list[dict[str, Any]] = [
            {
                "measure": m.id,
                "priority": m.priority,
                "title": m.title,
                "owners": ", ".join(m.owners),
                "kind": m.kind,
                "state": m.state,
                "unit": m.unit if m.kind == "quantitative" else None,
                "polarity": m.polarity if m.kind == "quantitative" else None,
                "indicators": ", ".join(m.indicators),
                "target": None if m.target is None else _target_text(m.target),
                "target_basis": self.target_basis_of(m) if m.target is not None else None,
                "amber_within": str(self.band(m)) if m.target is not None else None,
                "aggregate": m.aggregate if m.kind == "quantitative" else None,
                "handling": self.handling_of(m),
                "retired": m.retired,
                "compare": m.compare,
            }
            for m in self.measures
        ]
        return pd.DataFrame(rows)

    def _target_cell(self, measure: Measure) -> str:
        if measure.target is None:
            return ""
        text = _target_text(measure.target)
        return f"{text} (illustrative)" if self.target_basis_of(measure) == "illustrative" else text

    def _repr_html_(self) -> str:
        esc = html.escape
        head = (
            f"<p><strong>{esc(self.title)}</strong> ({esc(self.id)}), "
            f"{esc(self.area.name)} {esc(self.area.code)}, "
            f"{self.start}/{(self.start + 1) % 100:02d} to {self.end}/{(self.end + 1) % 100:02d}; "
            f"{len(self.measures)} measures. Marking: {esc(self.handling)}</p>"
        )
        rows = "".join(
            f"<tr><td>{esc(m.id)}</td><td>{esc(m.title)}</td>"
            f"<td>{esc(', '.join(self.owner_name(o) for o in m.owners))}</td>"
            f"<td>{esc(m.kind if m.state == 'active' else 'draft')}</td>"
            f"<td>{esc(self._target_cell(m))}</td></tr>"
            for m in self.measures
        )
        return (
            f"{head}<table><thead><tr><th>Measure</th><th>Title</th><th>Owners</th>"
            f"<th>Kind</th><th>Target</th></tr></thead><tbody>{rows}</tbody></table>"
        )


def _target_text(target: Target) -> str:
    if isinstance(target, FixedTarget):
        return f"{target.value:g}"
    if isinstance(target, YearTargets):
        return ", ".join(f"{y}/{(y + 1) % 100:02d}: {t:g}" for y, t in target.values)
    return str(target)
