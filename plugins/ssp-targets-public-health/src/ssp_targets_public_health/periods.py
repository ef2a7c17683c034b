"""Fingertips "Time period" strings, mapped to the financial quarter each period ends in.

Fingertips writes a period in many forms (its ``TimePeriodFormatter``). Each is mapped to
the UK financial-year quarter (Q1 = April-June) holding the period's *last* month:

=============================  ===========================  ===========
form                           example                      quarter
=============================  ===========================  ===========
financial / academic year      ``2018/19``                  2018/19 Q4
financial multi-year           ``2016/17 - 18/19``          2018/19 Q4
financial quarter              ``2018/19 Q1``               2018/19 Q1
financial rolling year         ``2018/19 Q2 - 2019/20 Q1``  2019/20 Q1
financial cumulative           ``2018/19 Q1-Q3``            2018/19 Q3
calendar year                  ``2021``                     2021/22 Q3
calendar multi-year            ``2019 - 21``                2021/22 Q3
calendar quarter               ``2021 Q1`` (Jan-Mar)        2020/21 Q4
calendar rolling year          ``2020 Q2 - 2021 Q1``        2020/21 Q4
month range                    ``Apr 2018 - Mar 2019``      2018/19 Q4
=============================  ===========================  ===========

A month range must end in March, June, September or December (a year ending in July
does not end a quarter, so it is refused rather than placed in a quarter it only
partly covers). A calendar range needs the spaces Fingertips writes around its dash
(``2018-19`` could be a financial year, so it is refused), and a multi-year range may
span at most ``MAX_SPAN`` years. The "Time period Sortable" column encodes a period's
*start*, so it is not used.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ssp_targets.kit import FREQ

#: Shown in error messages.
ACCEPTED_FORMS = (
    '"2018/19", "2016/17 - 18/19", "2018/19 Q1", "2018/19 Q2 - 2019/20 Q1", '
    '"2018/19 Q1-Q3", "2021", "2019 - 21", "2021 Q1", "2020 Q2 - 2021 Q1" or '
    '"Apr 2018 - Mar 2019" (a month range must end in Mar, Jun, Sep or Dec)'
)

#: The longest multi-year range accepted, in years after the first (Fingertips pools 2, 3
#: or 5 years).
MAX_SPAN = 10

_FY = r"(\d{4})/(\d{2})"
_SEP = r"\s*[-\u2013]\s*"
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}

_FIN_YEAR = re.compile(rf"^{_FY}$")
_FIN_MULTI = re.compile(rf"^{_FY}{_SEP}(\d{{2}}|\d{{4}})/(\d{{2}})$")
_FIN_QUARTER = re.compile(rf"^{_FY}\s*Q([1-4])$")
_FIN_ROLLING = re.compile(rf"^{_FY}\s*Q([1-4]){_SEP}{_FY}\s*Q([1-4])$")
_FIN_CUMULATIVE = re.compile(rf"^{_FY}\s*Q([1-4]){_SEP}Q([1-4])$")
_CAL_YEAR = re.compile(r"^(\d{4})$")
_CAL_MULTI = re.compile(r"^(\d{4})\s+[-\u2013]\s+(\d{2}|\d{4})$")  # "2018-19" is ambiguous
_CAL_QUARTER = re.compile(r"^(\d{4})\s*Q([1-4])$")
_CAL_ROLLING = re.compile(rf"^(\d{{4}})\s*Q([1-4]){_SEP}(\d{{4}})\s*Q([1-4])$")
_MONTH_RANGE = re.compile(
    rf"^([A-Za-z]{{3}})[a-z]*\s+(\d{{4}}){_SEP}([A-Za-z]{{3}})[a-z]*\s+(\d{{4}})$"
)


def _expand(first: int, short: str) -> int:
    """A year written with two digits after a four-digit one: (2016, "18") -> 2018."""
    if len(short) == 4:
        return int(short)
    year = first - first % 100 + int(short)
    return year + 100 if year < first else year


def _fin_start(y1: str, y2: str) -> int | None:
    """The start year of a financial year "2018/19", or None if the years do not follow."""
    start = int(y1)
    return start if int(y2) == (start + 1) % 100 else None


def _fin_quarter(start: int, quarter: int) -> int:
    return int(pd.Period(year=start + 1, quarter=quarter, freq=FREQ).ordinal)


def _month(year: int, month: int) -> int | None:
    """The ordinal of the financial quarter holding a month that ends a quarter."""
    if month % 3 != 0:
        return None
    return int(pd.Period(year=year, month=month, freq="M").asfreq(FREQ).ordinal)


def period_end(text: str) -> int | None:
    """The ordinal of the financial quarter a Fingertips period ends in, or None.

    >>> from ssp_targets.kit import ordinal_labels
    >>> ordinal_labels(np.array([period_end("2018/19 Q2 - 2019/20 Q1")]))[0]
    '2019/20 Q1'
    """
    text = " ".join(str(text).split())
    if m := _FIN_YEAR.match(text):
        start = _fin_start(m[1], m[2])
        return None if start is None else _fin_quarter(start, 4)
    if m := _FIN_MULTI.match(text):
        first = _fin_start(m[1], m[2])
        last = _expand(int(m[1]), m[3])
        if first is None or int(m[4]) != (last + 1) % 100 or not 0 < last - first <= MAX_SPAN:
            return None
        return _fin_quarter(last, 4)
    if m := _FIN_QUARTER.match(text):
        start = _fin_start(m[1], m[2])
        return None if start is None else _fin_quarter(start, int(m[3]))
    if m := _FIN_ROLLING.match(text):
        from_year, to_year = _fin_start(m[1], m[2]), _fin_start(m[4], m[5])
        if from_year is None or to_year is None:
            return None
        begins, ends = _fin_quarter(from_year, int(m[3])), _fin_quarter(to_year, int(m[6]))
        return ends if begins <= ends else None
    if m := _FIN_CUMULATIVE.match(text):
        start = _fin_start(m[1], m[2])
        if start is None or int(m[4]) < int(m[3]):
            return None
        return _fin_quarter(start, int(m[4]))
    if m := _CAL_YEAR.match(text):
        return _month(int(m[1]), 12)
    if m := _CAL_MULTI.match(text):
        first_year, last_year = int(m[1]), _expand(int(m[1]), m[2])
        return _month(last_year, 12) if 0 < last_year - first_year <= MAX_SPAN else None
    if m := _CAL_QUARTER.match(text):
        return _month(int(m[1]), 3 * int(m[2]))
    if m := _CAL_ROLLING.match(text):
        start_quarter = (int(m[1]), int(m[2]))
        end_quarter = (int(m[3]), int(m[4]))
        if start_quarter > end_quarter:
            return None
        return _month(end_quarter[0], 3 * end_quarter[1])
    if m := _MONTH_RANGE.match(text):
        first_month, last_month = _MONTHS.get(m[1].lower()), _MONTHS.get(m[3].lower())
        if first_month is None or last_month is None:
            return None
        if (int(m[2]), first_month) > (int(m[4]), last_month):
            return None
        return _month(int(m[4]), last_month)
    return None


def period_ends(texts: pd.Series) -> np.ndarray:
    """:func:`period_end` for a column at once, each distinct text parsed once.

    Returns ``int64`` quarter ordinals, ``-1`` where the text is not a known form.
    """
    codes, uniques = pd.factorize(texts.to_numpy(dtype=object), use_na_sentinel=True)
    parsed = np.full(len(uniques) + 1, -1, dtype=np.int64)  # last slot: missing values
    for i, text in enumerate(uniques):
        end = period_end(str(text))
        parsed[i] = -1 if end is None else end
    result: np.ndarray = parsed[codes]
    return result
