"""Provisional figures: a quarter the export covers only in part, and a reduction whose
12 months after adoption have not all passed by the end of the data.

The end of the data is the latest date in either file. Worked by hand on the export of
tests/conftest.py changed so that it ends on 20 August 2018, in 2018/19 Q2 (1 July to 30
September 2018):

* the 30/09/2018 offence of IOM-00002 is dropped, so the latest date is IOM-00001's
  offence of 20/08/2018 (after its de-selection: not the cohort's, but in the file);
* IOM-00005 is added: Stockton, not DA, adopted in 2017/18 Q2 (01/09/2017 unless a test
  says otherwise), still on; one offence on 01/12/2016 (before adoption) and one on
  10/08/2018 (after adoption, 2018/19 Q2, on the cohort).

2018/19 Q2, Stockton: offences IOM-00001 01/08, IOM-00002 15/07, IOM-00003 01/07,
IOM-00005 10/08 = 4; arrests IOM-00001 05/07, IOM-00002 15/07 = 2; on the cohort on 20
August (IOM-00001 left on 10/08): IOM-00002, -00003, -00005 = 3. Hartlepool: 0, 0, 0.
Its reduction group (adopted 2015/16 Q3 to 2017/18 Q2) is IOM-00001 (4 before, 2 after),
IOM-00002 (2, 3) and IOM-00005 (1, 1): 100 x (7 - 6) / 7 = 14.29. IOM-00005's 12 months
after adoption run from 01/09/2017 to 31/08/2018, past 20/08/2018: provisional. The DA
group is IOM-00002 alone (-50), whose 12 months ended on 02/06/2018: final.

2018/19 Q1 (to 30 June) is covered in full: nothing in it is provisional.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_iom import SOURCE

from ssp_targets.testing import check_source

from .conftest import COHORT, EVENTS, WriteExport

STOCKTON, HARTLEPOOL = "E06000004", "E06000001"
LAST_EVENT = "IOM-00002,2018-09-30,Offence,Breach of Order"
ENDS = "the export ends there (the latest date in offences.csv)"


def _partial_export(write_export: WriteExport, adopted: str = "01/09/2017") -> Path:
    assert LAST_EVENT in EVENTS
    events = [e for e in EVENTS if e != LAST_EVENT]
    events += [
        "IOM-00005,01/12/2016,Offence,Other Theft",
        "IOM-00005,10/08/2018,Offence,Other Theft",
    ]
    return write_export([*COHORT, f"IOM-00005,{adopted},,N,E06000004"], events)


def _fetch(folder: Path, quarters: list[str], **options: object) -> pd.DataFrame:
    frame = check_source(SOURCE, quarters=quarters, options={"path": str(folder), **options})
    return frame.set_index(["indicator", "area", "period"]).sort_index()


def test_counts_in_a_partial_quarter_are_provisional_with_a_note(
    write_export: WriteExport,
) -> None:
    frame = _fetch(_partial_export(write_export), ["2018/19 Q1", "2018/19 Q2"])
    counts = frame.loc[
        frame.index.get_level_values("indicator").isin(
            ["iom:cohort_size", "iom:cohort_offences", "iom:cohort_arrests"]
        )
    ]
    q2 = counts.xs("2018/19 Q2", level="period")
    assert q2["value"].to_dict() == {
        ("iom:cohort_arrests", HARTLEPOOL): 0,
        ("iom:cohort_arrests", STOCKTON): 2,
        ("iom:cohort_offences", HARTLEPOOL): 0,
        ("iom:cohort_offences", STOCKTON): 4,
        ("iom:cohort_size", HARTLEPOOL): 0,
        ("iom:cohort_size", STOCKTON): 3,
    }
    assert (q2["flag"] == "provisional").all()
    notes = q2.xs(STOCKTON, level="area")["note"]
    assert notes["iom:cohort_offences"] == f"offences to 20 August 2018 only: {ENDS}"
    assert notes["iom:cohort_arrests"] == f"arrests to 20 August 2018 only: {ENDS}"
    assert notes["iom:cohort_size"] == (
        f"nominals on the cohort on 20 August 2018, not on the quarter's last day: {ENDS}"
    )
    q1 = counts.xs("2018/19 Q1", level="period")
    assert q1["flag"].isna().all()
    assert q1["note"].isna().all()


def test_reduction_with_an_unfinished_after_window_is_provisional(
    write_export: WriteExport,
) -> None:
    frame = _fetch(_partial_export(write_export), ["2018/19 Q1", "2018/19 Q2"])
    row = frame.loc[("iom:offending_reduction", STOCKTON, "2018/19 Q2")]
    assert row["value"] == pytest.approx(100 / 7)
    assert row["flag"] == "provisional"
    assert row["note"] == (
        "3 nominals adopted 2016/17 Q4 to 2017/18 Q2: 7 proven offences in the 12 months "
        "before adoption, 6 in the 12 months after. 1 of them was adopted less than 12 "
        "months before 20 August 2018, where the export ends (the latest date in "
        "offences.csv), so their 12 months after adoption are not complete."
    )
    # the DA group's only member's 12 months ended on 02/06/2018; Q1 is complete
    for key in [
        ("iom:offending_reduction_da", STOCKTON, "2018/19 Q2"),
        ("iom:offending_reduction", STOCKTON, "2018/19 Q1"),
        ("iom:offending_reduction_da", STOCKTON, "2018/19 Q1"),
    ]:
        assert pd.isna(frame.loc[key, "flag"]), key
        assert frame.loc[key, "note"].endswith(" in the 12 months after."), key


@pytest.mark.parametrize(
    ("adopted", "flag"),
    [
        # 12 months after 21/08/2017 are 21/08/2017 to 20/08/2018: ended with the data
        ("21/08/2017", None),
        # 22/08/2017 to 21/08/2018: a day past the data
        ("22/08/2017", "provisional"),
    ],
)
def test_after_window_boundary(write_export: WriteExport, adopted: str, flag: str | None) -> None:
    frame = _fetch(_partial_export(write_export, adopted), ["2018/19 Q2"])
    row = frame.loc[("iom:offending_reduction", STOCKTON, "2018/19 Q2")]
    assert row["value"] == pytest.approx(100 / 7)  # both adoptions see the same offences
    assert (None if pd.isna(row["flag"]) else row["flag"]) == flag


def test_data_ending_on_the_quarters_last_day_is_complete(write_export: WriteExport) -> None:
    # The conftest export's latest date is 30/09/2018, 2018/19 Q2's last day.
    frame = _fetch(write_export(), ["2018/19 Q2"])
    assert frame["flag"].isna().all()


def test_data_ending_a_day_before_the_quarters_end_is_partial(
    write_export: WriteExport,
) -> None:
    events = [e.replace("2018-09-30", "2018-09-29") for e in EVENTS]
    frame = _fetch(write_export(events=events), ["2018/19 Q2"])
    row = frame.loc[("iom:cohort_offences", STOCKTON, "2018/19 Q2")]
    assert row["value"] == 4  # the offence is still in the quarter
    assert row["flag"] == "provisional"
    assert row["note"] == f"offences to 29 September 2018 only: {ENDS}"
    # the groups' 12 months ended by 02/06/2018 (IOM-00002, adopted 03/06/2017)
    reductions = frame[frame.index.get_level_values("indicator").str.contains("reduction")]
    assert len(reductions) == 2
    assert reductions["flag"].isna().all()


def test_the_note_names_the_file_holding_the_latest_date(write_export: WriteExport) -> None:
    # IOM-00003 de-selected 25/08/2018 in the cohort file: later than any event once the
    # 30/09/2018 offence is gone (the latest is then 20/08/2018).
    cohort = [*COHORT]
    cohort[2] = "IOM-00003,01/07/2018,25/08/2018,N,E06000004"
    folder = write_export(cohort, [e for e in EVENTS if e != LAST_EVENT], folder="tracker")
    (folder / "cohort.csv").rename(folder / "cohort-2018-08-26.csv")
    frame = check_source(
        SOURCE,
        quarters=["2018/19 Q2"],
        options={
            "cohort_path": str(folder / "cohort-2018-08-26.csv"),
            "offences_path": str(folder / "offences.csv"),
        },
    ).set_index(["indicator", "area"])
    assert frame.loc[("iom:cohort_offences", STOCKTON), "note"] == (
        "offences to 25 August 2018 only: the export ends there (the latest date in "
        "cohort-2018-08-26.csv)"
    )


def test_both_files_are_named_when_they_end_on_the_same_day(write_export: WriteExport) -> None:
    cohort = [*COHORT]
    cohort[2] = "IOM-00003,01/07/2018,20/08/2018,N,E06000004"  # the day of the last event
    frame = _fetch(write_export(cohort, [e for e in EVENTS if e != LAST_EVENT]), ["2018/19 Q2"])
    assert frame.loc[("iom:cohort_arrests", STOCKTON, "2018/19 Q2"), "note"] == (
        "arrests to 20 August 2018 only: the export ends there (the latest date in "
        "cohort.csv and offences.csv)"
    )
