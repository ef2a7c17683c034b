"""UK financial-year quarters: labels, parsing and arithmetic.

A quarter is held as a pandas ``Period`` with ``freq="Q-MAR"`` (pandas names a Q-MAR
period by the calendar year its financial year *ends* in, so ``2018/19 Q1`` is
``Period("2019Q1", "Q-MAR")``, April to June 2018). Outside this module quarters are
written as canonical labels, ``"2018/19 Q1"``, which sort in time order as plain text.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ssp_targets.errors import PeriodError

FREQ = "Q-MAR"

ACCEPTED_QUARTER_FORMS = '"2018/19 Q1" (also "2018-19 Q1" or "2018/19Q1")'
ACCEPTED_YEAR_FORMS = '"2018/19" (also "2018-19")'

_YEAR = r"(?P<y1>\d{4})[/-](?P<y2>\d{2})"
_QUARTER_RE = re.compile(rf"^{_YEAR} ?Q(?P<q>[1-4])$")
_YEAR_RE = re.compile(rf"^{_YEAR}$")


def _start_year(match: re.Match[str], text: str, forms: str) -> int:
    start = int(match["y1"])
    if int(match["y2"]) != (start + 1) % 100:
        raise PeriodError(
            f"{text!r} is not a financial year: the second year must follow the first "
            f"(write {start}/{(start + 1) % 100:02d}). Accepted forms: {forms}."
        )
    return start


def parse_quarter(value: str | pd.Period) -> pd.Period:
    """Return the quarter a label (``"2018/19 Q2"``) or a Q-MAR ``Period`` names.

    Raises :class:`PeriodError` naming the text and the accepted forms for anything else.
    """
    if isinstance(value, pd.Period):
        if value.freqstr != FREQ:
            raise PeriodError(
                f"{value!r} is a period of frequency {value.freqstr}; a financial-year "
                f'quarter needs freq="{FREQ}" or a label such as {ACCEPTED_QUARTER_FORMS}.'
            )
        return value
    text = str(value).strip()
    match = _QUARTER_RE.match(text)
    if match is None:
        raise PeriodError(
            f"{value!r} is not a financial-year quarter. Accepted forms: {ACCEPTED_QUARTER_FORMS}."
        )
    start = _start_year(match, text, ACCEPTED_QUARTER_FORMS)
    return pd.Period(year=start + 1, quarter=int(match["q"]), freq=FREQ)


def parse_year(value: str) -> int:
    """Return the first calendar year of a financial-year label: ``"2017/18"`` -> 2017."""
    text = str(value).strip()
    match = _YEAR_RE.match(text)
    if match is None:
        raise PeriodError(
            f"{value!r} is not a financial year. Accepted forms: {ACCEPTED_YEAR_FORMS}."
        )
    return _start_year(match, text, ACCEPTED_YEAR_FORMS)


def year_label(start_year: int) -> str:
    """The label of the financial year starting in April of ``start_year``: ``2017/18``."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def quarter_label(quarter: pd.Period) -> str:
    """The canonical label of a quarter: ``"2018/19 Q1"``."""
    return f"{year_label(quarter.qyear - 1)} Q{quarter.quarter}"


def financial_year(quarter: pd.Period) -> int:
    """The first calendar year of the quarter's financial year (2018/19 Q4 -> 2018)."""
    return int(quarter.qyear) - 1


def quarters_between(first: pd.Period, last: pd.Period) -> list[pd.Period]:
    """Every quarter from ``first`` to ``last`` inclusive (empty if ``last`` is earlier)."""
    return [first + k for k in range(last.ordinal - first.ordinal + 1)]


# -- vectorised helpers: a quarter as an integer ordinal, for arrays of many periods --


def ordinal(quarter: pd.Period) -> int:
    """The integer ordinal of a quarter (consecutive quarters differ by one)."""
    return int(quarter.ordinal)


def from_ordinal(value: int) -> pd.Period:
    """The quarter with the given ordinal."""
    return pd.Period(ordinal=int(value), freq=FREQ)


def labels_to_ordinals(labels: pd.Series) -> np.ndarray:
    """Parse a column of labels at once, each distinct text once.

    Returns ``int64`` ordinals, with ``-1`` wherever the text is missing or not a
    quarter, so a caller can report every bad row rather than stop at the first.
    """
    if isinstance(labels.dtype, pd.CategoricalDtype):
        codes, uniques = labels.cat.codes.to_numpy(), labels.cat.categories
    else:  # hashing plain objects is several times faster than pandas' string dtype
        codes, uniques = pd.factorize(labels.to_numpy(dtype=object), use_na_sentinel=True)
    parsed = np.full(len(uniques) + 1, -1, dtype=np.int64)  # last slot: missing values
    for i, text in enumerate(uniques):
        try:
            parsed[i] = parse_quarter(str(text)).ordinal
        except PeriodError:
            parsed[i] = -1
    return parsed[codes]  # code -1 (missing) picks the final -1 slot


def ordinal_labels(ordinals: np.ndarray) -> np.ndarray:
    """Canonical labels (object array) for an array of quarter ordinals."""
    ordinals = np.asarray(ordinals, dtype=np.int64)
    if ordinals.size == 0:
        return np.empty(0, dtype=object)
    low, high = int(ordinals.min()), int(ordinals.max())
    table = np.array([quarter_label(from_ordinal(o)) for o in range(low, high + 1)], dtype=object)
    return table[ordinals - low]


def ordinal_quarter_number(ordinals: np.ndarray) -> np.ndarray:
    """The quarter number (1-4) within its financial year for each ordinal."""
    base = pd.Period(year=2000, quarter=1, freq=FREQ).ordinal
    return (np.asarray(ordinals, dtype=np.int64) - base) % 4 + 1
