"""The real London Fire Brigade incident file (tests/data/lfb-incidents-sample.csv).

It is read as it is: trailing spaces in values, "£" in a header, no motive column. With
the LFB column names configured, the incident type, date and area parsing works on its
rows; counting deliberate fires refuses it, naming the file and the missing motive
column and saying how to configure one. With a motive column added, it aggregates, as
real (unmarked) data; its every incident is of 1 January 2009, the first day of 2008/09
Q4 (January-March 2009), so that quarter, and only it, is partial: provisional.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from ssp_targets_fire import SOURCE
from ssp_targets_fire.options import parse_options
from ssp_targets_fire.read import read_incidents
from ssp_targets_fire.source import PRIMARY, SECONDARY

from ssp_targets import SourceError
from ssp_targets.testing import check_source, sample_mark

LFB = Path(__file__).resolve().parent / "data" / "lfb-incidents-sample.csv"

LFB_OPTIONS = {
    "incident_number_column": "IncidentNumber",
    "date_column": "DateOfCall",
    "incident_type_column": "StopCodeDescription",
    "la_column": "IncGeo_BoroughCode",
    "ward_column": "IncGeo_WardCode",
}
ENFIELD, HILLINGDON = "E09000010", "E09000017"


def test_lfb_layout_parses_without_motive() -> None:
    incidents = read_incidents(LFB, parse_options(LFB_OPTIONS), require_motive=False)
    assert len(incidents) == 20
    assert incidents["line"].tolist() == list(range(2, 22))
    assert incidents["kind"].value_counts().to_dict() == {
        "special_service": 8,
        "secondary": 6,
        "false_alarm": 4,  # "AFA" x3 and "False alarm - Good intent"
        "primary": 2,
    }
    assert (incidents["date"].dt.strftime("%Y-%m-%d") == "2009-01-01").all()
    assert (incidents["period"] == "2008/09 Q4").all()  # January-March 2009
    fires = incidents[incidents["kind"].isin(["primary", "secondary"])]
    assert fires["la"].str.match(r"^E09\d{6}$").all()
    assert fires["ward"].str.match(r"^E05\d{6}$").all()
    assert (fires["motive"] == "not_known").all()
    first_fire = fires.iloc[0]
    assert (first_fire["line"], first_fire["la"], first_fire["ward"]) == (4, ENFIELD, "E05013682")
    primaries = fires[fires["kind"] == "primary"]
    assert primaries["line"].tolist() == [12, 20]  # incidents 12091 and 23091


def test_lfb_without_motive_column_is_refused_clearly() -> None:
    with pytest.raises(SourceError) as caught:
        check_source(SOURCE, quarters=["2008/09 Q4"], options={"path": str(LFB), **LFB_OPTIONS})
    message = str(caught.value)
    assert message.startswith(f"{LFB}: the header (line 1) has no column ")
    assert "no column 'ACCIDENTAL_OR_DELIBERATE' (or 'MOTIVE', 'CAUSE_MOTIVE')" in message
    assert 'motive_column = "<header>"' in message
    assert "'StopCodeDescription'" in message  # the header is listed


def test_lfb_with_an_added_motive_column_aggregates(tmp_path: Path) -> None:
    with LFB.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    motives = {"2091": "Deliberate", "12091": "Doubtful", "3091": "Accidental"}
    rows[0].append("Motive")
    for row in rows[1:]:
        row.append(motives.get(row[0], ""))
    path = tmp_path / "lfb-with-motive.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    frame = check_source(
        SOURCE,
        quarters=["2008/09 Q3", "2008/09 Q4", "2009/10 Q1"],
        options={"path": str(path), "motive_column": "Motive", **LFB_OPTIONS},
    )
    value = frame.set_index(["indicator", "area"])["value"]
    assert value[(SECONDARY, ENFIELD)] == 1  # 2091, deliberate
    assert value[(PRIMARY, ENFIELD)] == 1  # 12091, doubtful
    assert value[(SECONDARY, HILLINGDON)] == 0  # 3091, accidental
    assert value[(SECONDARY, "E05013682")] == 1
    assert value[(PRIMARY, "E05013681")] == 1
    assert frame["value"].sum() == 2 * 2  # each fire once by district and once by ward
    assert set(frame["period"]) == {"2008/09 Q4"}  # Q3 and 2009/10 Q1 are not covered
    assert (frame["flag"] == "provisional").all()
    assert (frame["note"] == "incidents to 1 January 2009 only: the export ends there").all()
    assert sample_mark(frame) is None
