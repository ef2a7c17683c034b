"""Helpers for writing small IOM exports in tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

COHORT_HEADER = "Nominal ID,Adopted,Deselected,DA Perpetrator,Local Authority Code"
EVENTS_HEADER = "Nominal ID,Event Date,Event Type,Offence Category"

# A hand-worked export (see test_compute.py for the arithmetic).
COHORT = [
    "IOM-00001,15/01/2017,10/08/2018,N,E06000004",
    "IOM-00002,2017-06-03,,Y,E06000004",
    "IOM-00003,01/07/2018,,N,E06000004",
    "IOM-00004,01/02/2017,01/02/2018,Y,E06000001",
]
EVENTS = [
    # IOM-00001, adopted 15/01/2017: before window 15/01/2016 to 14/01/2017
    "IOM-00001,14/01/2016,Offence,Other Theft",  # a day too early: not counted
    "IOM-00001,01/03/2016,Offence,Theft - Shoplifting",  # before 1
    "IOM-00001,01/04/2016,Arrest,Theft - Shoplifting",  # an arrest: never in the reduction
    "IOM-00001,20/06/2016,Offence,Theft - Shoplifting",  # before 2
    "IOM-00001,05/09/2016,Offence,Vehicle Crime",  # before 3
    "IOM-00001,14/01/2017,Offence,Criminal Damage",  # before 4 (the day before adoption)
    "IOM-00001,15/01/2017,Offence,Criminal Damage",  # after 1 (adoption day)
    "IOM-00001,30/11/2017,Offence,Other Theft",  # after 2
    "IOM-00001,15/01/2018,Offence,Other Theft",  # a year after adoption: not "after"
    "IOM-00001,05/07/2018,Arrest,Other Theft",  # 2018/19 Q2 arrest, on the cohort
    "IOM-00001,01/08/2018,Offence,Other Theft",  # 2018/19 Q2, on the cohort
    "IOM-00001,10/08/2018,Offence,Other Theft",  # the de-selection day: not counted
    "IOM-00001,20/08/2018,Offence,Other Theft",  # after de-selection: not counted
    # IOM-00002 (DA), adopted 03/06/2017: before 03/06/2016 to 02/06/2017
    "IOM-00002,02/06/2016,Offence,Violence with Injury",  # a year before: not counted
    "IOM-00002,10/10/2016,Offence,Violence with Injury",  # before 1
    "IOM-00002,11/11/2016,Offence,Violence without Injury",  # before 2
    "IOM-00002,01/07/2017,Offence,Breach of Order",  # after 1
    "IOM-00002,01/01/2018,Offence,Violence with Injury",  # after 2
    "IOM-00002,02/06/2018,Offence,Criminal Damage",  # after 3; 2018/19 Q1 on the cohort
    "IOM-00002,15/07/2018,Offence,Violence with Injury",  # 2018/19 Q2
    "IOM-00002,15/07/2018,Arrest,Violence with Injury",  # 2018/19 Q2 arrest
    "IOM-00002,2018-09-30,Offence,Breach of Order",  # 2018/19 Q2 (its last day)
    # IOM-00003, adopted 01/07/2018: too recent for any reduction group
    "IOM-00003,30/06/2018,Offence,Other Theft",  # the day before adoption: not on cohort
    "IOM-00003,01/07/2018,Offence,Other Theft",  # 2018/19 Q2, adoption day
    # IOM-00004 (DA, Hartlepool): no offences before adoption, one after
    "IOM-00004,01/03/2017,Offence,Public Order",
]

WriteExport = Callable[..., Path]


@pytest.fixture
def write_export(tmp_path: Path) -> WriteExport:
    """``write_export(cohort_lines, event_lines, cohort_header=..., events_header=...)``
    writes cohort.csv and offences.csv into a folder and returns the folder."""

    def write(
        cohort: list[str] = COHORT,
        events: list[str] = EVENTS,
        cohort_header: str = COHORT_HEADER,
        events_header: str = EVENTS_HEADER,
        folder: str = "export",
        encoding: str = "utf-8",
    ) -> Path:
        root = tmp_path / folder
        root.mkdir(exist_ok=True)
        (root / "cohort.csv").write_text(
            "\n".join([cohort_header, *cohort]) + "\n", encoding=encoding
        )
        (root / "offences.csv").write_text(
            "\n".join([events_header, *events]) + "\n", encoding=encoding
        )
        return root

    return write
