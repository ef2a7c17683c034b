"""Counting restorative justice referrals, on small hand-worked logs."""

from __future__ import annotations

import datetime

RJ = "pcc:rj_referrals"

# Stockton: 2018/19 Q1 two referrals (one written ISO, one by code), Q2 none, Q3 one.
# Hartlepool (by code): one in Q2. The log spans 2018/19 Q1 to Q3.
LOG = """Referral ID,Date Received,Referring Agency,Local Authority,Offence Type,Outcome
R1,03/04/2018,Cleveland Police,Stockton-on-Tees,Assault,Victim declined
R2,2018-06-30,Youth Offending Service,E06000004,Theft,Ongoing
R3,15/08/2018,Cleveland Police,E06000001,Criminal damage,Conference held
R4,31/12/2018,Self-referral,stockton on tees,Burglary,Withdrawn
"""

QUARTERS = ["2017/18 Q4", "2018/19 Q1", "2018/19 Q2", "2018/19 Q3", "2018/19 Q4"]


def test_counts_referrals_per_authority_and_quarter(fetch_files, row_of) -> None:
    frame = fetch_files(rj=LOG, quarters=QUARTERS)
    assert row_of(frame, RJ, "E06000004", "2018/19 Q1")["value"] == 2
    assert row_of(frame, RJ, "E06000004", "2018/19 Q3")["value"] == 1
    assert row_of(frame, RJ, "E06000001", "2018/19 Q2")["value"] == 1


def test_a_quarter_without_referrals_gives_zero(fetch_files, row_of) -> None:
    frame = fetch_files(rj=LOG, quarters=QUARTERS)
    assert row_of(frame, RJ, "E06000004", "2018/19 Q2")["value"] == 0
    assert row_of(frame, RJ, "E06000001", "2018/19 Q1")["value"] == 0
    assert row_of(frame, RJ, "E06000001", "2018/19 Q3")["value"] == 0


def test_quarters_the_log_does_not_cover_give_no_row(fetch_files) -> None:
    frame = fetch_files(rj=LOG, quarters=QUARTERS)
    periods = set(frame.loc[frame["indicator"] == RJ, "period"])
    assert periods == {"2018/19 Q1", "2018/19 Q2", "2018/19 Q3"}


def test_authorities_not_in_the_log_give_no_rows(fetch_files) -> None:
    frame = fetch_files(rj=LOG, quarters=QUARTERS)
    assert set(frame.loc[frame["indicator"] == RJ, "area"]) == {"E06000001", "E06000004"}


def test_counts_carry_no_numerator_or_denominator(fetch_files) -> None:
    frame = fetch_files(rj=LOG, quarters=QUARTERS)
    rj = frame[frame["indicator"] == RJ]
    assert rj["numerator"].isna().all()
    assert rj["denominator"].isna().all()


def test_a_column_headed_only_id_is_not_the_referral_id(fetch_files, row_of) -> None:
    # "id" is the plugin's own name for the Referral ID column, not a header it looks for
    log = "Date Received,Local Authority,id\n03/04/2018,Hartlepool,7\n04/04/2018,Hartlepool,7\n"
    frame = fetch_files(rj=log)
    assert row_of(frame, RJ, "E06000001", "2018/19 Q1")["value"] == 2


def test_tolerates_header_case_blank_lines_and_a_trailing_empty_row(fetch_files, row_of) -> None:
    log = (
        "date received , LOCAL_AUTHORITY\n"
        "03/04/2018,Stockton-on-Tees\n"
        "\n"
        "20/05/2018 10:15,Redcar & Cleveland\n"
        ",\n"
    )
    frame = fetch_files(rj=log, quarters=["2018/19 Q1"])
    assert row_of(frame, RJ, "E06000004", "2018/19 Q1")["value"] == 1
    assert row_of(frame, RJ, "E06000003", "2018/19 Q1")["value"] == 1


# -- quarters the log covers only in part -------------------------------------------------


def flagged(frame, indicator: str = RJ) -> dict[tuple[str, str], tuple[str, str]]:
    """(area, period) -> (flag, note) of the indicator's flagged rows."""
    rows = frame[(frame["indicator"] == indicator) & frame["flag"].notna()]
    return {
        (a, p): (f, n)
        for a, p, f, n in zip(rows["area"], rows["period"], rows["flag"], rows["note"], strict=True)
    }


def test_a_log_starting_after_the_quarter_began_makes_that_quarter_provisional(
    fetch_files,
) -> None:
    # LOG starts 03/04/2018, two days into 2018/19 Q1, and ends 31/12/2018, the last day
    # of Q3: only Q1 is cut, for both authorities (Hartlepool's zero row too).
    note = "referrals from 3 April 2018 only: the export starts there"
    assert flagged(fetch_files(rj=LOG, quarters=QUARTERS)) == {
        ("E06000004", "2018/19 Q1"): ("provisional", note),
        ("E06000001", "2018/19 Q1"): ("provisional", note),
    }


def test_a_log_ending_before_the_quarter_ended_makes_that_quarter_provisional(
    fetch_files, row_of
) -> None:
    # 01/04/2018 is the first day of 2018/19 Q1, so Q1 is whole; 10/02/2019 cuts Q4.
    log = (
        "Referral ID,Date Received,Local Authority\n"
        "R1,01/04/2018,Stockton-on-Tees\n"
        "R2,30/09/2018,Hartlepool\n"
        "R3,10/02/2019 16:45,Stockton-on-Tees\n"
    )
    frame = fetch_files(rj=log, quarters=["2018/19 Q1", "2018/19 Q2", "2018/19 Q3", "2018/19 Q4"])
    note = "referrals to 10 February 2019 only: the export ends there"
    assert flagged(frame) == {
        ("E06000004", "2018/19 Q4"): ("provisional", note),
        ("E06000001", "2018/19 Q4"): ("provisional", note),
    }
    assert row_of(frame, RJ, "E06000004", "2018/19 Q4")["value"] == 1
    assert row_of(frame, RJ, "E06000001", "2018/19 Q4")["value"] == 0


def test_a_log_within_one_quarter_is_cut_at_both_ends(fetch_files) -> None:
    log = "Date Received,Local Authority\n03/05/2018,Stockton\n2018-05-20,Stockton\n"
    note = "referrals from 3 May 2018 to 20 May 2018 only: the export covers no more of the quarter"
    assert flagged(fetch_files(rj=log, quarters=["2018/19 Q1"])) == {
        ("E06000004", "2018/19 Q1"): ("provisional", note)
    }


def test_a_log_of_whole_quarters_flags_nothing(fetch_files) -> None:
    log = "Date Received,Local Authority\n01/04/2018,Stockton\n31/03/2019,Hartlepool\n"
    frame = fetch_files(rj=log, quarters=["2018/19 Q1", "2018/19 Q4"])
    rj = frame[frame["indicator"] == RJ]
    assert len(rj) == 4
    assert rj["flag"].isna().all()
    assert rj["note"].isna().all()


def test_the_cut_is_the_whole_log_s_not_the_quarters_asked_for(fetch_files) -> None:
    # Asking only for Q2 and Q3 of LOG: neither is cut (Q1, the cut one, is not asked for).
    frame = fetch_files(rj=LOG, quarters=["2018/19 Q2", "2018/19 Q3"])
    assert flagged(frame) == {}


# -- the period a log is stated to cover (rj_from / rj_to) --------------------------------

FEB_LOG = (
    "Referral ID,Date Received,Local Authority\n"
    "R1,01/04/2018,Stockton-on-Tees\n"
    "R2,30/09/2018,Hartlepool\n"
    "R3,03/02/2019,Stockton-on-Tees\n"
)
FY_2018 = ["2018/19 Q1", "2018/19 Q2", "2018/19 Q3", "2018/19 Q4"]


def test_a_log_stated_to_end_10_february_flags_q4_to_that_day_not_its_last_referral(
    fetch_files, row_of
) -> None:
    # The last referral is 03/02/2019, but the log is stated to run to 10/02/2019: Q4 is
    # cut at 10 February (not 3), for both authorities.
    frame = fetch_files(rj=FEB_LOG, quarters=FY_2018, rj_to="2019-02-10")
    note = "referrals to 10 February 2019 only: the export ends there"
    assert flagged(frame) == {
        ("E06000004", "2018/19 Q4"): ("provisional", note),
        ("E06000001", "2018/19 Q4"): ("provisional", note),
    }
    assert row_of(frame, RJ, "E06000004", "2018/19 Q4")["value"] == 1


def test_a_log_stated_to_run_to_31_march_is_not_flagged_though_its_last_referral_is_20_march(
    fetch_files, row_of
) -> None:
    log = FEB_LOG.replace("03/02/2019", "20/03/2019")
    inferred = flagged(fetch_files(rj=log, quarters=FY_2018))
    assert inferred[("E06000004", "2018/19 Q4")][1] == (
        "referrals to 20 March 2019 only: the export ends there"
    )
    frame = fetch_files(rj=log, quarters=FY_2018, rj_to="2019-03-31")
    assert flagged(frame) == {}
    assert row_of(frame, RJ, "E06000004", "2018/19 Q4")["value"] == 1
    assert row_of(frame, RJ, "E06000001", "2018/19 Q4")["value"] == 0


def test_a_stated_start_replaces_the_first_referral_and_the_end_is_still_inferred(
    fetch_files,
) -> None:
    # LOG's first referral is 03/04/2018 (so Q1 is flagged by inference); stated to start
    # 01/04/2018, Q1 is whole. Its end, 31/12/2018, is inferred and a quarter's last day.
    frame = fetch_files(rj=LOG, quarters=QUARTERS, rj_from="2018-04-01")
    assert flagged(frame) == {}


def test_a_stated_period_gives_zero_rows_in_quarters_beyond_the_referrals(
    fetch_files, row_of
) -> None:
    # LOG's referrals run 2018/19 Q1 to Q3; stated to cover 01/01/2018 to 31/03/2019, it
    # covers 2017/18 Q4 and 2018/19 Q4 whole too, in which neither authority had any.
    frame = fetch_files(rj=LOG, quarters=QUARTERS, rj_from="2018-01-01", rj_to="2019-03-31")
    periods = set(frame.loc[frame["indicator"] == RJ, "period"])
    assert periods == set(QUARTERS)
    for area in ("E06000004", "E06000001"):
        for period in ("2017/18 Q4", "2018/19 Q4"):
            assert row_of(frame, RJ, area, period)["value"] == 0
    assert flagged(frame) == {}


def test_dates_unquoted_in_toml_are_taken_as_dates(fetch_files) -> None:
    # tomllib reads rj_to = 2019-02-10 (no quotes) as a datetime.date
    frame = fetch_files(rj=FEB_LOG, quarters=FY_2018, rj_to=datetime.date(2019, 2, 10))
    assert flagged(frame)[("E06000004", "2018/19 Q4")][1] == (
        "referrals to 10 February 2019 only: the export ends there"
    )


def test_referrals_on_the_stated_first_and_last_days_are_inside(fetch_files, row_of) -> None:
    frame = fetch_files(rj=FEB_LOG, quarters=FY_2018, rj_from="2018-04-01", rj_to="2019-02-03")
    assert row_of(frame, RJ, "E06000004", "2018/19 Q1")["value"] == 1
    assert row_of(frame, RJ, "E06000004", "2018/19 Q4")["value"] == 1
