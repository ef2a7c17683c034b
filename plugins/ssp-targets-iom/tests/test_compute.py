"""Aggregation checked on a hand-worked export of four nominals (tests/conftest.py).

Worked by hand:

* IOM-00001 (Stockton, adopted 15/01/2017, 2016/17 Q4; de-selected 10/08/2018): 4
  proven offences in the 12 months before adoption (14/01/2016 is a day too early, the
  arrest does not count), 2 in the 12 months from adoption (15/01/2018 is a day too
  late); the offence on the de-selection day is not the cohort's.
* IOM-00002 (Stockton, DA, adopted 03/06/2017, 2017/18 Q1; still on): 2 before (not
  02/06/2016), 3 after.
* IOM-00003 (Stockton, adopted 01/07/2018, 2018/19 Q2): adopted too recently for a group.
* IOM-00004 (Hartlepool, DA, adopted 2016/17 Q4, de-selected 01/02/2018): 0 before, 1
  after, so Hartlepool's reduction is undefined and left out.

2018/19 Q1 and Q2 groups (adopted 2015/16 Q2/Q3 to 2017/18 Q1/Q2) both hold IOM-00001
and IOM-00002: reduction 100 x (6 - 5) / 6 = 16.67; DA (IOM-00002 alone)
100 x (2 - 3) / 2 = -50.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_iom import SOURCE

from ssp_targets.testing import check_source

from .conftest import WriteExport

STOCKTON, HARTLEPOOL = "E06000004", "E06000001"


def _fetch(
    folder: Path, quarters: list[str], **options: object
) -> dict[tuple[str, str, str], float]:
    frame = check_source(SOURCE, quarters=quarters, options={"path": str(folder), **options})
    return {
        (row.indicator, row.area, row.period): row.value for row in frame.itertuples(index=False)
    }


def test_counts_by_quarter_and_area(write_export: WriteExport) -> None:
    got = _fetch(write_export(), ["2018/19 Q1", "2018/19 Q2"])
    expected = {
        # on the last day: Q1 30/06/2018 IOM-00001 and -00002; Q2 30/09/2018 -00002, -00003
        ("iom:cohort_size", STOCKTON, "2018/19 Q1"): 2,
        ("iom:cohort_size", STOCKTON, "2018/19 Q2"): 2,
        ("iom:cohort_size", HARTLEPOOL, "2018/19 Q1"): 0,
        ("iom:cohort_size", HARTLEPOOL, "2018/19 Q2"): 0,
        # Q1: IOM-00002 02/06/2018 (IOM-00003's 30/06/2018 is before its adoption)
        ("iom:cohort_offences", STOCKTON, "2018/19 Q1"): 1,
        # Q2: IOM-00001 01/08; IOM-00002 15/07, 30/09; IOM-00003 01/07 (not 20/08)
        ("iom:cohort_offences", STOCKTON, "2018/19 Q2"): 4,
        ("iom:cohort_offences", HARTLEPOOL, "2018/19 Q1"): 0,
        ("iom:cohort_offences", HARTLEPOOL, "2018/19 Q2"): 0,
        ("iom:cohort_arrests", STOCKTON, "2018/19 Q1"): 0,
        ("iom:cohort_arrests", STOCKTON, "2018/19 Q2"): 2,
        ("iom:cohort_arrests", HARTLEPOOL, "2018/19 Q1"): 0,
        ("iom:cohort_arrests", HARTLEPOOL, "2018/19 Q2"): 0,
        ("iom:offending_reduction", STOCKTON, "2018/19 Q1"): pytest.approx(100 / 6),
        ("iom:offending_reduction", STOCKTON, "2018/19 Q2"): pytest.approx(100 / 6),
        ("iom:offending_reduction_da", STOCKTON, "2018/19 Q1"): -50.0,
        ("iom:offending_reduction_da", STOCKTON, "2018/19 Q2"): -50.0,
    }
    assert got == expected


def test_reduction_is_left_out_when_the_before_count_is_zero(write_export: WriteExport) -> None:
    got = _fetch(write_export(), ["2018/19 Q1"])
    assert ("iom:offending_reduction", HARTLEPOOL, "2018/19 Q1") not in got
    assert ("iom:offending_reduction_da", HARTLEPOOL, "2018/19 Q1") not in got


def test_group_quarters_narrows_the_reduction_group(write_export: WriteExport) -> None:
    # one quarter of adoptions: 2018/19 Q1's group is 2017/18 Q1 (IOM-00002 alone);
    # 2018/19 Q2's is 2017/18 Q2, where nobody was adopted.
    got = _fetch(write_export(), ["2018/19 Q1", "2018/19 Q2"], group_quarters=1)
    reductions = {k: v for k, v in got.items() if "reduction" in k[0]}
    assert reductions == {
        ("iom:offending_reduction", STOCKTON, "2018/19 Q1"): -50.0,
        ("iom:offending_reduction_da", STOCKTON, "2018/19 Q1"): -50.0,
    }


def test_quarters_after_the_export_are_not_returned(write_export: WriteExport) -> None:
    got = _fetch(write_export(), ["2018/19 Q2", "2018/19 Q3", "2019/20 Q1"])
    assert {period for _, _, period in got} == {"2018/19 Q2"}


def test_note_explains_the_reduction(write_export: WriteExport) -> None:
    frame = check_source(SOURCE, quarters=["2018/19 Q2"], options={"path": str(write_export())})
    notes = frame.set_index("indicator")["note"]
    assert notes["iom:offending_reduction_da"] == (
        "1 DA perpetrator adopted in 2017/18 Q1: 2 proven offences in the 12 months before "
        "adoption, 3 in the 12 months after."
    )
    assert notes["iom:offending_reduction"].startswith(
        "2 nominals adopted 2016/17 Q4 to 2017/18 Q1: 6"
    )


def test_a_returning_nominal_counts_once_per_spell(write_export: WriteExport) -> None:
    cohort = [
        "IOM-00009,01/04/2016,01/10/2016,N,E06000004",
        "IOM-00009,01/01/2017,,N,E06000004",
    ]
    events = [
        "IOM-00009,01/05/2016,Offence,Other Theft",  # first spell, 2016/17 Q1
        "IOM-00009,01/11/2016,Offence,Other Theft",  # between spells: not counted
        "IOM-00009,01/02/2017,Offence,Other Theft",  # second spell, 2016/17 Q4
    ]
    got = _fetch(write_export(cohort, events), ["2016/17 Q1", "2016/17 Q3", "2016/17 Q4"])
    assert got[("iom:cohort_offences", STOCKTON, "2016/17 Q1")] == 1
    assert got[("iom:cohort_offences", STOCKTON, "2016/17 Q3")] == 0
    assert got[("iom:cohort_offences", STOCKTON, "2016/17 Q4")] == 1
    assert got[("iom:cohort_size", STOCKTON, "2016/17 Q3")] == 0
    assert got[("iom:cohort_size", STOCKTON, "2016/17 Q4")] == 1


def test_tolerant_headers_encoding_and_dates(write_export: WriteExport) -> None:
    folder = write_export(
        cohort=[
            "IOM-1,2017-01-15 00:00:00,10/08/2018,yes,Stockton-on-Tees,Fixed",
            "IOM-2,03/06/2017,,n,e06000004,Flex",
        ],
        events=["IOM-1,01/08/2018,OFFENCE", "IOM-2,15/07/2018,Proven Offence"],
        cohort_header="\ufeffnominal_id,Date Adopted,DESELECTED,DA Perp,LA Code,Cohort Strand",
        events_header="Nominal ID,Offence Date,Type",
        encoding="utf-8",
    )
    got = _fetch(folder, ["2018/19 Q2"])
    assert got[("iom:cohort_offences", STOCKTON, "2018/19 Q2")] == 2
    assert got[("iom:cohort_size", STOCKTON, "2018/19 Q2")] == 1


def test_relative_paths_use_the_request_base(write_export: WriteExport) -> None:
    folder = write_export()
    frame = check_source(
        SOURCE,
        quarters=["2018/19 Q2"],
        base=str(folder.parent),
        options={"cohort_path": "export/cohort.csv", "offences_path": "export/offences.csv"},
    )
    assert isinstance(frame, pd.DataFrame)
    assert len(frame[frame["area"] == STOCKTON]) == 5


def test_an_empty_cohort_gives_no_rows(write_export: WriteExport) -> None:
    folder = write_export(cohort=[], events=[])
    frame = check_source(SOURCE, quarters=["2018/19 Q2"], options={"path": str(folder)})
    assert frame.empty
