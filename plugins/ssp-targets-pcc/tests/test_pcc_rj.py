"""Counting restorative justice referrals, on small hand-worked logs."""

from __future__ import annotations

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
