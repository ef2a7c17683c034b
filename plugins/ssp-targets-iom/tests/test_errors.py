"""Malformed exports and options raise SourceError naming the file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from ssp_targets_iom import SOURCE

from ssp_targets import SourceError
from ssp_targets.testing import check_source

from .conftest import COHORT, EVENTS, WriteExport


def _fetch(**options: object) -> None:
    check_source(SOURCE, quarters=["2018/19 Q2"], options=options)


def test_missing_column(write_export: WriteExport) -> None:
    folder = write_export(
        cohort=[",".join(c.split(",")[:1] + c.split(",")[2:]) for c in COHORT],
        cohort_header="Nominal ID,Deselected,DA Perpetrator,Local Authority Code",
    )
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(folder))
    message = str(caught.value)
    assert message.startswith(f"{folder / 'cohort.csv'}: the header (line 1) has no column ")
    assert "no column 'Adopted' (or 'Adoption Date', 'Date Adopted'" in message
    assert "it has 'Nominal ID', 'Deselected', 'DA Perpetrator', 'Local Authority Code'" in message


def test_bad_dates_are_all_reported(write_export: WriteExport) -> None:
    cohort = [*COHORT]
    cohort[1] = "IOM-00002,31/02/2017,,Y,E06000004"  # line 3
    cohort[3] = "IOM-00004,01/02/2017,next year,Y,E06000001"  # line 5
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(write_export(cohort=cohort)))
    message = str(caught.value)
    assert "cohort.csv: 2 problems in the IOM cohort export, so nothing was read: " in message
    assert "line 3, column 'Adopted': '31/02/2017' is not a date;" in message
    assert "line 5, column 'Deselected': 'next year' is not a date (leave it blank" in message
    # the fix is said once, after the list, then what to do with the tracker
    assert message.count("Write dates as dd/mm/yyyy") == 1
    assert message.endswith(
        "Write dates as dd/mm/yyyy (e.g. 05/04/2018) or yyyy-mm-dd. "
        "Correct these rows in the tracker and export it again."
    )


def test_messages_name_the_column_as_the_file_heads_it(write_export: WriteExport) -> None:
    cohort = [*COHORT]
    cohort[1] = "IOM-00002,31/02/2017,,Y,E06000004"  # line 3
    folder = write_export(
        cohort=cohort,
        cohort_header="Nominal ID,Date Adopted,Deselected,DA Perpetrator,LA Code",
    )
    with pytest.raises(SourceError, match=r"line 3, column 'Date Adopted': '31/02/2017' is not"):
        _fetch(path=str(folder))


def test_bad_event_date(write_export: WriteExport) -> None:
    events = [*EVENTS]
    events[4] = "IOM-00001,2016/09/05,Offence,Vehicle Crime"  # line 6
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(write_export(events=events)))
    assert "offences.csv: 1 problem in the IOM offences export, so nothing" in str(caught.value)
    assert "line 6, column 'Event Date': '2016/09/05' is not a date" in str(caught.value)


def test_unknown_local_authority_code(write_export: WriteExport) -> None:
    cohort = [*COHORT]
    cohort[2] = "IOM-00003,01/07/2018,,N,Stockton North"  # line 4
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(write_export(cohort=cohort)))
    message = str(caught.value)
    assert "cohort.csv" in message
    assert "line 4, column 'Local Authority Code': 'Stockton North' is not a known" in message
    assert "Write the local authority's ONS code, e.g. E06000004 for Stockton" in message


def test_unknown_nominal_and_event_type(write_export: WriteExport) -> None:
    events = [*EVENTS]
    events[0] = "IOM-09999,14/01/2016,Offence,Other Theft"  # line 2
    events[2] = "IOM-00001,01/04/2016,Caution,Theft - Shoplifting"  # line 4
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(write_export(events=events)))
    message = str(caught.value)
    assert "offences.csv: 2 problems" in message
    assert "line 2, column 'Nominal ID': 'IOM-09999' is not a nominal in the cohort" in message
    assert "line 4, column 'Event Type': 'Caution' is not a known event type" in message
    assert "Export both files together, or correct the id." in message
    assert "Write the event type as Offence or Arrest." in message


def test_bad_da_flag_and_deselection_before_adoption(write_export: WriteExport) -> None:
    cohort = [*COHORT]
    cohort[0] = "IOM-00001,15/01/2017,10/08/2016,N,E06000004"  # line 2
    cohort[2] = "IOM-00003,01/07/2018,,Maybe,E06000004"  # line 4
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(write_export(cohort=cohort)))
    message = str(caught.value)
    assert "line 2, column 'Deselected': '10/08/2016' is before the adoption date" in message
    assert "line 4, column 'DA Perpetrator': 'Maybe' is not Y or N" in message


def test_overlapping_spells(write_export: WriteExport) -> None:
    cohort = [*COHORT, "IOM-00002,01/01/2018,,Y,E06000004"]  # line 6; line 3 is still on
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(write_export(cohort=cohort)))
    assert "line 6, column 'Nominal ID': 'IOM-00002' is already on the cohort" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        _fetch(path=str(tmp_path / "nowhere"))
    assert str(caught.value).startswith(
        f"{tmp_path / 'nowhere' / 'cohort.csv'}: no such file (the IOM cohort export). "
        "Check the path in [sources.iom]"
    )


@pytest.mark.parametrize("option", ["path", "cohort_path", "offences_path"])
@pytest.mark.parametrize("value", ["", 3])
def test_a_path_option_that_is_not_a_path(
    write_export: WriteExport, option: str, value: object
) -> None:
    folder = write_export()
    options = {"cohort_path": str(folder / "cohort.csv")}
    options |= {"offences_path": str(folder / "offences.csv"), option: value}
    with pytest.raises(SourceError, match=rf"^\[sources\.iom\] {option} = .* is not a file path"):
        _fetch(**options)


def test_empty_file(write_export: WriteExport) -> None:
    folder = write_export()
    (folder / "offences.csv").write_text("")
    with pytest.raises(SourceError, match=r"offences\.csv: the IOM offences export file is empty"):
        _fetch(path=str(folder))


def test_one_file_option_without_the_other(write_export: WriteExport) -> None:
    folder = write_export()
    with pytest.raises(SourceError, match="offences_path"):
        _fetch(cohort_path=str(folder / "cohort.csv"))


def test_path_that_is_a_file(write_export: WriteExport) -> None:
    folder = write_export()
    with pytest.raises(SourceError, match="must be a folder"):
        _fetch(path=str(folder / "cohort.csv"))


@pytest.mark.parametrize("value", [0, "eight", 2.5, True])
def test_bad_group_quarters(write_export: WriteExport, value: object) -> None:
    with pytest.raises(SourceError, match="group_quarters"):
        _fetch(path=str(write_export()), group_quarters=value)


def test_line_numbers_count_blank_lines(write_export: WriteExport) -> None:
    folder = write_export(cohort=["", *COHORT[:2], "", "IOM-00003,01/13/2018,,N,E06000004"])
    with pytest.raises(SourceError, match=r"line 6, column 'Adopted': '01/13/2018'"):
        _fetch(path=str(folder))


def test_a_blank_nominal_id(write_export: WriteExport) -> None:
    cohort = [*COHORT]
    cohort[1] = ",2017-06-03,,Y,E06000004"  # line 3
    with pytest.raises(SourceError, match=r"line 3, column 'Nominal ID': '' is blank; every row"):
        _fetch(path=str(write_export(cohort=cohort)))
