"""From the parsed export to quarterly observations, with vectorised pandas.

Definitions (the README explains them for users):

* A nominal is **on the cohort** from the adoption date up to, but not including, the
  de-selection date (to this day if there is none).
* ``cohort_size``: nominals on the cohort on the quarter's last day.
* ``cohort_offences`` / ``cohort_arrests``: offences (arrests) dated in the quarter by a
  nominal on the cohort on that date.
* ``offending_reduction``: the nominals adopted in the ``group_quarters`` quarters
  ending four quarters before the reported one (default 8: adopted one to three years
  before the quarter's end, so every one's 12 months after adoption end by then); over
  that group, 100 x (before - after) / before, where before counts their proven offences
  in the 12 months before adoption and after those in the 12 months from adoption.
  Undefined (no row) when before is 0. ``offending_reduction_da``: the same for the DA
  perpetrators in the group.

The export holds no extraction date, so **the end of the data** is the latest date in
either file. Flagged ``provisional``, with a note saying why:

* a count for a quarter whose last day is after the end of the data (only the last
  quarter returned can be);
* a reduction whose group holds a nominal whose 12 months after adoption end after the
  end of the data (adopted + 12 months > end + 1 day), as offences may still fall in them.
  That can only happen in a partial last quarter, and a reduction there whose windows
  have all ended is final, as no later data can change it.

Every figure is by the nominal's local authority.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ssp_targets.kit import (
    FREQ,
    OBSERVATION_COLUMNS,
    long_date,
    ordinal_labels,
    partial_quarters,
    quarter_ordinals,
)

#: Quarters between an adoption quarter and the first quarter its group is reported in.
FOLLOW_UP_QUARTERS = 4
DEFAULT_GROUP_QUARTERS = 8
PROVISIONAL = "provisional"
YEAR = pd.DateOffset(months=12)
DAY = pd.Timedelta(days=1)

#: What each count counts, for the note on a quarter that ends after the data does.
COUNTED = {"cohort_offences": "offences", "cohort_arrests": "arrests"}
#: cohort_size is a count on one day, not over the quarter, so its note says which day.
SIZE_NOTE = "nominals on the cohort on {day}, not on the quarter's last day: the export ends there"
COUNTS = ["cohort_size", *COUNTED]


class DataEnd(NamedTuple):
    """The end of the data and the file(s) whose latest date it is (for notes)."""

    day: pd.Timestamp
    files: str  # "offences.csv", or "cohort.csv and offences.csv"

    @property
    def where(self) -> str:
        """``(the latest date in offences.csv)``."""
        return f"(the latest date in {self.files})"


def data_end(
    cohort: pd.DataFrame,
    events: pd.DataFrame,
    names: tuple[str, str] = ("cohort.csv", "offences.csv"),
) -> DataEnd:
    """The latest date in either file (adoption, de-selection or event), and the name(s)
    of the file(s) holding it; ``names`` are the cohort and offences file names. The
    cohort must not be empty."""
    ends = pd.Series(
        [pd.concat([cohort["adopted"], cohort["deselected"]]).max(), events["date"].max()],
        index=list(names),
    )
    day = ends.max()
    return DataEnd(day, " and ".join(ends.index[ends == day]))


def covered_quarters(cohort: pd.DataFrame, end: DataEnd) -> tuple[int, int]:
    """First and last quarter ordinals the export covers: from the first adoption to the
    end of the data."""
    first = int(quarter_ordinals(cohort["adopted"]).min())
    return first, int(pd.Period(end.day, freq=FREQ).ordinal)


def _quarters(ordinals: np.ndarray) -> pd.DataFrame:
    """One row per quarter: ordinal, label, first day and the first day after it."""
    periods = pd.PeriodIndex.from_ordinals(ordinals, freq=FREQ)
    return pd.DataFrame(
        {
            "quarter": ordinals,
            "period": ordinal_labels(ordinals),
            "start": periods.start_time,
            "next_start": (periods + 1).start_time,
        }
    )


def _count_grid(cohort: pd.DataFrame, quarters: pd.DataFrame) -> pd.DataFrame:
    """Every (area, quarter) a count is reported for: quarters from the area's first
    adoption on."""
    first = (
        pd.DataFrame({"area": cohort["area"], "first": quarter_ordinals(cohort["adopted"])})
        .groupby("area", as_index=False)["first"]
        .min()
    )
    grid = first.merge(quarters[["quarter", "period"]], how="cross")
    return grid[grid["quarter"] >= grid["first"]].drop(columns="first")


def cohort_counts(
    cohort: pd.DataFrame, events: pd.DataFrame, quarters: pd.DataFrame, end: DataEnd
) -> pd.DataFrame:
    """``cohort_size``, ``cohort_offences`` and ``cohort_arrests`` per (area, quarter);
    provisional in a quarter that ends after ``end``."""
    grid = _count_grid(cohort, quarters)

    spells = cohort[["area", "adopted", "deselected"]].merge(
        quarters[["quarter", "next_start"]], how="cross"
    )
    on_at_end = (spells["adopted"] < spells["next_start"]) & (
        spells["deselected"].isna() | (spells["deselected"] >= spells["next_start"])
    )
    size = spells[on_at_end].groupby(["area", "quarter"]).size().rename("cohort_size")

    dated = events.merge(cohort[["nominal", "area", "adopted", "deselected"]], on="nominal")
    active = (dated["date"] >= dated["adopted"]) & (
        dated["deselected"].isna() | (dated["date"] < dated["deselected"])
    )
    dated = dated[active].assign(quarter=lambda f: quarter_ordinals(f["date"]))
    by_kind = (
        dated.groupby(["area", "quarter", "kind"])
        .size()
        .unstack("kind")
        .reindex(columns=["offence", "arrest"])
        .set_axis(["cohort_offences", "cohort_arrests"], axis=1)
    )
    counts = grid.set_index(["area", "quarter"]).join(size).join(by_kind).fillna(0)
    long = counts.reset_index().melt(
        id_vars=["area", "quarter", "period"], value_vars=COUNTS, var_name="key"
    )
    # Only the quarter the data ends in can be cut short: the first is whole, as the
    # export holds the cohort from its first adoption and the offences before it.
    start = pd.Period(end.day, freq=FREQ).start_time
    notes = {key: partial_quarters(start, end.day, what) for key, what in COUNTED.items()}
    size = SIZE_NOTE.format(day=long_date(end.day))
    notes["cohort_size"] = dict.fromkeys(notes["cohort_offences"], size)
    cut = pd.DataFrame(
        [(key, label, note) for key, by in notes.items() for label, note in by.items()],
        columns=["key", "period", "note"],
        dtype=object,
    )
    long = long.merge(cut, on=["key", "period"], how="left")
    partial = long["note"].notna()
    return long.assign(
        indicator="iom:" + long["key"],
        flag=long["note"].mask(partial, PROVISIONAL),
        note=(long["note"] + f" {end.where}").where(partial, None),
    ).reindex(columns=OBSERVATION_COLUMNS)


def spell_offending(cohort: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Each cohort row with ``before`` and ``after``: its proven offences (not arrests)
    in the 12 months before adoption and in the 12 months from adoption."""
    spells = cohort.reset_index(drop=True).rename_axis("spell").reset_index()
    offences = events.loc[events["kind"] == "offence", ["nominal", "date"]]
    dated = spells[["spell", "nominal", "adopted"]].merge(offences, on="nominal")
    dated["before"] = (dated["date"] >= dated["adopted"] - YEAR) & (
        dated["date"] < dated["adopted"]
    )
    dated["after"] = (dated["date"] >= dated["adopted"]) & (dated["date"] < dated["adopted"] + YEAR)
    counts = dated.groupby("spell")[["before", "after"]].sum()
    return spells.join(counts, on="spell").fillna({"before": 0, "after": 0})


def offending_reduction(
    cohort: pd.DataFrame,
    events: pd.DataFrame,
    quarters: pd.DataFrame,
    end: DataEnd,
    group_quarters: int = DEFAULT_GROUP_QUARTERS,
) -> pd.DataFrame:
    """``offending_reduction`` and ``offending_reduction_da`` per (area, quarter).

    A row is left out where the group's before-count is 0 (the reduction is undefined)
    or the group is empty. A row is provisional where a nominal's 12 months after
    adoption end after ``end``.
    """
    spells = spell_offending(cohort, events)
    spells["adopted_q"] = quarter_ordinals(spells["adopted"])
    # The after-window [adopted, adopted + 12 months) has elapsed once its last day,
    # adopted + 12 months - 1 day, is on or before the end of the data.
    spells["unfinished"] = spells["adopted"] + YEAR > end.day + DAY
    # Each adoption counts in the group_quarters quarters from FOLLOW_UP_QUARTERS after
    # its own: repeat each spell once per such quarter (no loop over nominals).
    repeated = spells.loc[spells.index.repeat(group_quarters)]
    offset = repeated.groupby(level=0).cumcount().to_numpy()
    repeated = repeated.assign(
        quarter=repeated["adopted_q"].to_numpy() + FOLLOW_UP_QUARTERS + offset
    )
    repeated = repeated[repeated["quarter"].isin(quarters["quarter"])]
    both = pd.concat(
        [
            repeated.assign(key="offending_reduction"),
            repeated[repeated["da"]].assign(key="offending_reduction_da"),
        ]
    )
    groups = both.groupby(["key", "area", "quarter"], as_index=False).agg(
        nominals=("spell", "size"),
        before=("before", "sum"),
        after=("after", "sum"),
        unfinished=("unfinished", "sum"),
        first=("adopted_q", "min"),
        last=("adopted_q", "max"),
    )
    groups = groups[groups["before"] > 0].merge(quarters[["quarter", "period"]], on="quarter")
    before = groups["before"].astype(int)
    after = groups["after"].astype(int)
    unfinished = groups["unfinished"].astype(int)
    groups["value"] = 100.0 * (before - after) / before
    da = groups["key"] == "offending_reduction_da"
    one = groups["nominals"] == 1
    who = np.where(da, np.where(one, " DA perpetrator", " DA perpetrators"), "")
    who = np.where(~da, np.where(one, " nominal", " nominals"), who)
    first = pd.Series(ordinal_labels(groups["first"].to_numpy()), index=groups.index)
    last = pd.Series(ordinal_labels(groups["last"].to_numpy()), index=groups.index)
    when = ("in " + first).where(first == last, first + " to " + last)
    # The flag says provisional; the note says why (outputs print the flag before it).
    provisional = (
        " "
        + unfinished.astype(str)
        + np.where(unfinished == 1, " of them was", " of them were")
        + f" adopted less than 12 months before {long_date(end.day)}, where the export ends "
        + end.where
        + ", so their 12 months after adoption are not complete."
    )
    groups["note"] = (
        groups["nominals"].astype(str)
        + who
        + " adopted "
        + when
        + ": "
        + before.astype(str)
        + " proven offences in the 12 months before adoption, "
        + after.astype(str)
        + " in the 12 months after."
        + provisional.where(unfinished > 0, "")
    )
    groups["flag"] = pd.Series(PROVISIONAL, index=groups.index).where(unfinished > 0)
    groups["indicator"] = "iom:" + groups["key"]
    return groups.reindex(columns=OBSERVATION_COLUMNS)


def observations(
    cohort: pd.DataFrame,
    events: pd.DataFrame,
    requested: np.ndarray,
    group_quarters: int = DEFAULT_GROUP_QUARTERS,
    names: tuple[str, str] = ("cohort.csv", "offences.csv"),
) -> pd.DataFrame:
    """All indicators for the requested quarter ordinals the export covers; ``names``
    are the cohort and offences file names, for notes."""
    end = data_end(cohort, events, names)
    first, last = covered_quarters(cohort, end)
    wanted = np.unique(requested[requested <= last])
    quarters = _quarters(wanted)
    counts = cohort_counts(cohort, events, quarters[quarters["quarter"] >= first], end)
    reduction = offending_reduction(cohort, events, quarters, end, group_quarters)
    frame = pd.concat([counts, reduction], ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    return frame.sort_values(["indicator", "area", "period"], ignore_index=True)
