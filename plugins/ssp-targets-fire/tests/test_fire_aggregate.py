"""Aggregation on small hand-worked exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from ssp_targets_fire import SOURCE
from ssp_targets_fire.source import PRIMARY, SECONDARY

from ssp_targets.testing import check_source, sample_mark

STOCKTON, HARTLEPOOL = "E06000004", "E06000001"
WARD_A, WARD_B = "E05001549", "E05001541"

ROWS = [
    # number, date, type, motive, property, ward, LA
    ("1", "03/04/2018 21:10", "Primary Fire", "Deliberate", "Road Vehicle", WARD_A, STOCKTON),
    ("2", "30/06/2018 23:59", "Primary Fire   ", "Doubtful", "Dwelling", WARD_B, STOCKTON),
    ("3", "04/04/2018 10:00", "Primary Fire", "Accidental", "Dwelling", WARD_A, STOCKTON),
    ("4", "05/04/2018 10:00", "Primary Fire", "Not known", "Dwelling", WARD_A, STOCKTON),
    ("5", "01/07/2018 00:05", "Secondary Fire", "Deliberate", "Outdoor", WARD_A, STOCKTON),
    ("6", "2018-08-15 16:00:00", "SECONDARY FIRE", " deliberate ", "Outdoor", WARD_A, STOCKTON),
    ("7", "06/04/2018 18:00", "Chimney Fire", "Deliberate", "Dwelling", WARD_A, STOCKTON),
    ("8", "07/04/2018 18:00", "Late Call", "Deliberate", "Outdoor", WARD_A, STOCKTON),
    ("9", "not a date", "False Alarm - Malicious", "", "Dwelling", "", STOCKTON),
    ("10", "08/04/2018 09:00", "Special Service", "", "Road Vehicle", "", "nowhere"),
    ("11", "05/05/2018 20:00", "Secondary Fire", "Deliberate", "Outdoor", "", "Hartlepool"),
    ("12", "06/05/2018 20:00", "Secondary Fire", "Deliberate", "Outdoor", "", STOCKTON),
    ("13", "31/03/2018 23:30", "Secondary Fire", "Deliberate", "Outdoor", WARD_B, STOCKTON),
]
ASKED = ["2017/18 Q4", "2018/19 Q1", "2018/19 Q2", "2018/19 Q3"]


def _values(frame: pd.DataFrame) -> dict[tuple[str, str, str], float]:
    return {
        (r.indicator, r.area, r.period): r.value
        for r in frame[["indicator", "area", "period", "value"]].itertuples()
    }


def _flags(frame: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """(flag, note) per period, checking every row of a period carries the same."""
    per_period = frame[["period", "flag", "note"]].drop_duplicates()
    assert not per_period["period"].duplicated().any(), per_period
    return {r.period: (r.flag, r.note) for r in per_period.itertuples()}


def test_hand_worked_export(write_export: Callable[..., Path], tmp_path: Path) -> None:
    path = write_export(ROWS)
    frame = check_source(SOURCE, quarters=ASKED, options={"path": path.name}, base=str(tmp_path))
    P, S = PRIMARY, SECONDARY
    q4, q1, q2 = "2017/18 Q4", "2018/19 Q1", "2018/19 Q2"
    expected = {
        # Stockton: rows 1+2 primary in Q1 (doubtful counts); 13 (Q4), 12 (Q1), 5+6 (Q2).
        (P, STOCKTON, q4): 0, (P, STOCKTON, q1): 2, (P, STOCKTON, q2): 0,
        (S, STOCKTON, q4): 1, (S, STOCKTON, q1): 1, (S, STOCKTON, q2): 2,
        # Hartlepool named, not coded: row 11.
        (P, HARTLEPOOL, q4): 0, (P, HARTLEPOOL, q1): 0, (P, HARTLEPOOL, q2): 0,
        (S, HARTLEPOOL, q4): 0, (S, HARTLEPOOL, q1): 1, (S, HARTLEPOOL, q2): 0,
        # Wards: A has rows 1 (P, Q1), 5 and 6 (S, Q2); B rows 2 (P, Q1) and 13 (S, Q4).
        (P, WARD_A, q4): 0, (P, WARD_A, q1): 1, (P, WARD_A, q2): 0,
        (S, WARD_A, q4): 0, (S, WARD_A, q1): 0, (S, WARD_A, q2): 2,
        (P, WARD_B, q4): 0, (P, WARD_B, q1): 1, (P, WARD_B, q2): 0,
        (S, WARD_B, q4): 1, (S, WARD_B, q1): 0, (S, WARD_B, q2): 0,
    }  # fmt: skip
    # 2018/19 Q3 is after the export's last fire: no rows rather than zeros.
    assert _values(frame) == expected
    # The first fire (row 13) is on 31 March 2018, the last day of 2017/18 Q4; the last
    # (row 6) on 15 August 2018, mid 2018/19 Q2: both quarters are partial, Q1 is whole.
    assert _flags(frame) == {
        q4: ("provisional", "incidents from 31 March 2018 only: the export starts there"),
        q1: (None, None),
        q2: ("provisional", "incidents to 15 August 2018 only: the export ends there"),
    }
    assert sample_mark(frame) is None  # a configured export is real data


def test_only_asked_quarters(write_export: Callable[..., Path]) -> None:
    path = write_export(ROWS)
    frame = check_source(SOURCE, quarters=["2018/19 Q2"], options={"path": str(path)})
    assert _values(frame)[(SECONDARY, STOCKTON, "2018/19 Q2")] == 2
    assert set(frame["period"]) == {"2018/19 Q2"}
    assert len(frame) == 2 * 4  # two indicators, two districts and two wards


def test_late_call_column_excludes_late_fires(write_export: Callable[..., Path]) -> None:
    header = ("CALL_DATE_TIME", "INCIDENT_TYPE", "ACCIDENTAL_OR_DELIBERATE", "LA_CODE", "LATE_CALL")
    rows = [
        ("01/05/2018", "Secondary Fire", "Deliberate", STOCKTON, "No"),
        ("02/05/2018", "Secondary Fire", "Deliberate", STOCKTON, "Yes"),
        ("03/05/2018", "Secondary Fire", "Deliberate", STOCKTON, ""),
        ("04/05/2018", "Primary Fire", "Deliberate", STOCKTON, "YES "),
    ]
    path = write_export(rows, header=header)
    frame = check_source(SOURCE, quarters=["2018/19 Q1"], options={"path": str(path)})
    assert _values(frame) == {
        (PRIMARY, STOCKTON, "2018/19 Q1"): 0,
        (SECONDARY, STOCKTON, "2018/19 Q1"): 2,
    }


def test_column_names_and_codes_from_options(write_export: Callable[..., Path]) -> None:
    header = (" Call Date ", "Fire Type", "Cause", "District", "Ward", "Ref")
    rows = [
        ("2018-04-02", "Refuse fire", "Malicious", "E06000004", "e05001549", "A1"),
        ("2018-04-03", "primary  fire", "Deliberate - own property", "E06000004", "", "A2"),
        ("2018-04-04", "Refuse fire", "Accidental", "E06000004", "E05001549", "A3"),
        ("2018-04-05", "Bonfire (managed)", "Deliberate", "E06000004", "", "A4"),
    ]
    path = write_export(rows, header=header)
    options = {
        "path": str(path),
        "date_column": "CALL_DATE",  # matches " Call Date " (case, spaces, underscores)
        "incident_type_column": "fire type",
        "motive_column": "Cause",
        "la_column": "District",
        "ward_column": "Ward",
        "incident_number_column": "Ref",
        "incident_types": {"Refuse Fire": "secondary", "bonfire (managed)": "other"},
        "motives": {"MALICIOUS": "deliberate"},
        "date_format": "%Y-%m-%d",
    }
    frame = check_source(SOURCE, quarters=["2018/19 Q1"], options=options)
    assert _values(frame) == {
        (PRIMARY, STOCKTON, "2018/19 Q1"): 1,
        (SECONDARY, STOCKTON, "2018/19 Q1"): 1,
        (PRIMARY, WARD_A, "2018/19 Q1"): 0,
        (SECONDARY, WARD_A, "2018/19 Q1"): 1,
    }


def test_date_format_with_a_time_reads_the_date(write_export: Callable[..., Path]) -> None:
    # A date_format written for the whole cell still works: the time after the date is
    # dropped. Month first: 05/01 is 1 May, in Q1; 12/04 is 4 December, in Q3.
    header = ("CALL_DATE_TIME", "INCIDENT_TYPE", "ACCIDENTAL_OR_DELIBERATE", "LA_CODE")
    rows = [
        ("05/01/2018 10:00", "Primary Fire", "Deliberate", STOCKTON),
        ("12/04/2018 23:15", "Primary Fire", "Deliberate", STOCKTON),
    ]
    path = write_export(rows, header)
    frame = check_source(
        SOURCE,
        quarters=["2018/19 Q1", "2018/19 Q2", "2018/19 Q3"],
        options={"path": str(path), "date_format": "%m/%d/%Y %H:%M"},
    )
    primary = frame[frame["indicator"] == PRIMARY].set_index("period")["value"].to_dict()
    assert primary == {"2018/19 Q1": 1, "2018/19 Q2": 0, "2018/19 Q3": 1}


def test_no_ward_column_gives_district_rows(write_export: Callable[..., Path]) -> None:
    header = ("CALL_DATE_TIME", "INCIDENT_TYPE", "ACCIDENTAL_OR_DELIBERATE", "LA_CODE")
    rows = [("01/05/2018 10:00", "Primary Fire", "Deliberate", STOCKTON)]
    frame = check_source(
        SOURCE, quarters=["2018/19 Q1"], options={"path": str(write_export(rows, header))}
    )
    assert _values(frame) == {
        (PRIMARY, STOCKTON, "2018/19 Q1"): 1,
        (SECONDARY, STOCKTON, "2018/19 Q1"): 0,
    }


def test_windows_1252_export_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    text = (
        "CALL_DATE_TIME,INCIDENT_TYPE,ACCIDENTAL_OR_DELIBERATE,LA_CODE,Cost (£)\n"
        "\n"
        "01/05/2018 10:00,Primary Fire,Deliberate,E06000004,£2000\n"
    )
    path.write_bytes(text.encode("cp1252"))
    frame = check_source(SOURCE, quarters=["2018/19 Q1"], options={"path": str(path)})
    assert _values(frame)[(PRIMARY, STOCKTON, "2018/19 Q1")] == 1


def test_export_without_fires_gives_no_rows(write_export: Callable[..., Path]) -> None:
    rows = [("1", "01/05/2018 10:00", "Special Service", "", "Road Vehicle", "", STOCKTON)]
    frame = check_source(SOURCE, quarters=["2018/19 Q1"], options={"path": str(write_export(rows))})
    assert frame.empty


def _fire(date: str, kind: str = "Secondary Fire", motive: str = "Deliberate") -> tuple[str, ...]:
    return ("", date, kind, motive, "Outdoor", WARD_A, STOCKTON)


@pytest.mark.parametrize(
    ("dates", "notes"),
    [
        # The quarter's first day (any time) and last day: whole.
        (["01/04/2018 00:00", "30/06/2018 23:59"], {"2018/19 Q1": None}),
        (["01/04/2018", "30/06/2018"], {"2018/19 Q1": None}),
        # A day short at the start, at the end, at both.
        (
            ["02/04/2018 00:01", "30/06/2018 10:00"],
            {"2018/19 Q1": "incidents from 2 April 2018 only: the export starts there"},
        ),
        (
            ["01/04/2018 09:00", "29/06/2018 23:59"],
            {"2018/19 Q1": "incidents to 29 June 2018 only: the export ends there"},
        ),
        (
            ["02/04/2018", "29/06/2018"],
            {
                "2018/19 Q1": "incidents from 2 April 2018 to 29 June 2018 only: the export "
                "covers no more of the quarter"
            },
        ),
        # Over three or four quarters: only the ends can be partial.
        (
            ["10/05/2018", "31/12/2018 23:00"],
            {
                "2018/19 Q1": "incidents from 10 May 2018 only: the export starts there",
                "2018/19 Q2": None,
                "2018/19 Q3": None,
            },
        ),
        (
            ["01/04/2018", "10/02/2019"],
            {
                "2018/19 Q1": None,
                "2018/19 Q2": None,
                "2018/19 Q3": None,
                "2018/19 Q4": "incidents to 10 February 2019 only: the export ends there",
            },
        ),
    ],
)
def test_partial_first_and_last_quarters_are_provisional(
    write_export: Callable[..., Path], dates: list[str], notes: dict[str, str | None]
) -> None:
    path = write_export([_fire(d) for d in dates])
    quarters = ["2017/18 Q4", "2018/19 Q1", "2018/19 Q2", "2018/19 Q3", "2018/19 Q4"]
    frame = check_source(SOURCE, quarters=quarters, options={"path": str(path)})
    assert _flags(frame) == {
        period: ("provisional" if note else None, note) for period, note in notes.items()
    }
    assert frame["value"].sum() == 2 * 2  # each fire by district and by ward


def test_any_fire_shows_coverage_but_other_incidents_do_not(
    write_export: Callable[..., Path],
) -> None:
    # An accidental fire on 1 April and a late-call fire on 30 June show the export covers
    # the whole of 2018/19 Q1, though neither is counted; a special service on 31 March
    # does not make 2017/18 Q4 covered (only fire rows' dates are checked and trusted).
    header = ("CALL_DATE_TIME", "INCIDENT_TYPE", "ACCIDENTAL_OR_DELIBERATE", "LA_CODE", "LATE_CALL")
    rows = [
        ("31/03/2018 12:00", "Special Service", "", STOCKTON, ""),
        ("01/04/2018 03:00", "Primary Fire", "Accidental", STOCKTON, "No"),
        ("15/05/2018 12:00", "Secondary Fire", "Deliberate", STOCKTON, "No"),
        ("30/06/2018 22:00", "Secondary Fire", "Deliberate", STOCKTON, "Yes"),
    ]
    path = write_export(rows, header=header)
    frame = check_source(SOURCE, quarters=["2017/18 Q4", "2018/19 Q1"], options={"path": str(path)})
    assert _values(frame) == {
        (PRIMARY, STOCKTON, "2018/19 Q1"): 0,
        (SECONDARY, STOCKTON, "2018/19 Q1"): 1,
    }
    assert _flags(frame) == {"2018/19 Q1": (None, None)}
