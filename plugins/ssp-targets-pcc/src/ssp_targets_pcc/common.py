"""What the OPCC's two exports share: local authorities, the period each is stated to
cover, and the columns every row has (a date, a local authority, maybe an ID).

Reading the files, matching headers, dates, quarters and collecting problems are the
kit's (:mod:`ssp_targets.kit`); what is here is this agency's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ssp_targets import SourceError, kit

NAME = "pcc"

#: The four Cleveland districts (the Tees Valley's but Darlington): ONS code by name.
CLEVELAND = {name: code for name, code in kit.TEES_VALLEY.items() if code != "E06000005"}

AREA_HELP = (
    "Hartlepool (E06000001), Middlesbrough (E06000002), Redcar and Cleveland (E06000003) "
    "or Stockton-on-Tees (E06000004)"
)

AREA_COLUMNS = ["Local Authority", "Local Authority Code", "Local Authority Name", "LA"]


def matched_columns(
    frame: pd.DataFrame,
    wanted: Mapping[str, Sequence[str]],
    origin: str,
    optional: Collection[str] = (),
) -> pd.DataFrame:
    """The columns of ``wanted`` found in ``frame``, under their canonical names, and
    ``line`` (:func:`ssp_targets.kit.match_columns`, which raises for a missing one).
    Only those: a header that merely is a canonical name ("id") is not the column."""
    found = kit.match_columns(frame, wanted, origin, optional=optional)
    return found[[*found.attrs[kit.HEADERS], "line"]]


def with_phrase(frame: pd.DataFrame, aliases: Sequence[str], phrase: str) -> list[str]:
    """``aliases``, then any header holding ``phrase``: a survey question written out as
    its header ("How safe do you feel in your local area?"). The dotted phrase names
    such a header in a missing-column message."""
    key = kit.normalise_header(phrase)
    held = [str(c) for c in frame.columns if key in kit.normalise_header(c)]
    return [*aliases, f"...{phrase}...", *held]


@dataclass(frozen=True)
class Stated:
    """The period an export is stated to cover: options ``<prefix>_from`` and
    ``<prefix>_to`` (first and last day, inclusive). An end left as None is not stated,
    and is inferred from the export's own first or last date."""

    prefix: str  # "rj" or "survey"
    what: str  # "referral log", for messages
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None


def _stated_day(
    options: Mapping[str, Any], option: str, which: str, what: str
) -> pd.Timestamp | None:
    """The day option ``option`` states, or None if it is not given."""
    if option not in options:
        return None
    value = options[option]
    # tomllib reads an unquoted 2020-03-31 as a datetime.date, so take that as well
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return pd.Timestamp(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        day = pd.to_datetime(value.strip(), format="%Y-%m-%d", errors="coerce")
        if not pd.isna(day):
            return day
    example = "2016-04-01" if which == "first" else "2020-03-31"
    raise SourceError(
        f"[sources.pcc] {option} = {value!r} is not a date written yyyy-mm-dd; set it to "
        f'the {which} day the {what} covers, e.g. {option} = "{example}", or leave it out '
        "to take that from the export's own dates."
    )


def stated_period(options: Mapping[str, Any], prefix: str, what: str) -> Stated:
    """The period options ``<prefix>_from`` / ``<prefix>_to`` state for the export at
    ``<prefix>_path``; raises :class:`SourceError` for a value that is not an ISO date, a
    start after the end, or either given without the path (the sample states its own)."""
    start = _stated_day(options, f"{prefix}_from", "first", what)
    end = _stated_day(options, f"{prefix}_to", "last", what)
    given = [o for o in (f"{prefix}_from", f"{prefix}_to") if o in options]
    if given and f"{prefix}_path" not in options:
        raise SourceError(
            f"[sources.pcc] {' and '.join(given)} {'is' if len(given) == 1 else 'are'} set "
            f"but {prefix}_path is not: "
            f"{prefix}_from and {prefix}_to state the period of the configured {what}, and "
            f"the packaged sample states its own. Set {prefix}_path to the export they "
            "describe, or leave them out."
        )
    if start is not None and end is not None and start > end:
        raise SourceError(
            f"[sources.pcc] {prefix}_from = {start:%Y-%m-%d} is after {prefix}_to = "
            f"{end:%Y-%m-%d}; {prefix}_from is the first day the {what} covers and "
            f"{prefix}_to the last: correct one of them (or swap them)."
        )
    return Stated(prefix, what, start, end)


def coverage(dates: pd.Series, stated: Stated) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day an export covers: as stated, else (the fallback) its first
    and last dates over every row. None if an end is neither stated nor has a row."""
    first = dates.min() if stated.start is None else stated.start
    last = dates.max() if stated.end is None else stated.end
    if pd.isna(first) or pd.isna(last):
        return None
    return first, last


def partial_notes(dates: pd.Series, stated: Stated, noun: str) -> dict[str, str]:
    """Notes for the quarters the export covers only in part, by quarter label
    (:func:`ssp_targets.kit.partial_quarters` over its :func:`coverage`)."""
    covers = coverage(dates, stated)
    return {} if covers is None else kit.partial_quarters(*covers, noun)


def dated_rows(frame: pd.DataFrame, problems: kit.Problems, stated: Stated) -> pd.DataFrame:
    """``area`` (ONS code), ``date`` and ``period`` (financial quarter) of each row of
    an export read by :func:`ssp_targets.kit.read_export`, its ``date``, ``area`` and
    optional ``id`` columns found by :func:`matched_columns`.

    Records in ``problems`` every date that is not one or lies outside the ``stated``
    period, every authority that is not a Cleveland district and every repeated ID (a
    log pasted twice would otherwise count twice).
    """
    dates = kit.parse_dates(frame["date"])
    problems.flag(frame, dates.isna(), "date", "is not a date written dd/mm/yyyy (or yyyy-mm-dd)")
    _flag_outside(problems, frame, "date", dates, stated)
    areas = kit.area_codes(frame["area"], CLEVELAND)
    areas = areas.where(areas.isin(list(CLEVELAND.values())))  # a code elsewhere is not one
    problems.flag(frame, areas.isna(), "area", f"is not one of {AREA_HELP}")
    if "id" in frame:
        problems.flag_repeats(frame, "id")
    return pd.DataFrame({"area": areas, "date": dates, "period": kit.quarter_of(dates)})


def _flag_outside(
    problems: kit.Problems, frame: pd.DataFrame, column: str, dates: pd.Series, stated: Stated
) -> None:
    """Flag every row dated outside the stated period: such a row means the options
    understate what the export holds, and counting it would put figures in quarters
    said to be short or empty."""
    fix = (
        f"A date outside {stated.prefix}_from to {stated.prefix}_to means the export holds "
        "more than those options say: correct the date, or set them in [sources.pcc] to the "
        "period the export really covers."
    )
    for option, day, outside, side, which in (
        (f"{stated.prefix}_from", stated.start, dates.lt, "before", "first"),
        (f"{stated.prefix}_to", stated.end, dates.gt, "after", "last"),
    ):
        if day is not None:  # NaT (a bad date, flagged already) compares False
            problems.flag(
                frame,
                outside(day),
                column,
                f"is {side} {option} = {day:%Y-%m-%d}, the {which} day the {stated.what} "
                "is stated to cover",
                fix=fix,
            )
