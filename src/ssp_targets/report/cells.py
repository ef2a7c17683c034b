"""How one value looks in a human-readable output: numbers, statuses, trends, text."""

from __future__ import annotations

import math
import re

from ssp_targets.report.looks import STATUS_LOOKS

#: Each status's symbol, and its ASCII stand-in (from :data:`~.looks.STATUS_LOOKS`).
STATUS_SYMBOLS = {word: look.symbol for word, look in STATUS_LOOKS.items()}
ASCII_SYMBOLS = {word: look.ascii for word, look in STATUS_LOOKS.items()}

# Control characters (terminal escape sequences) and bidirectional overrides, which could
# make text from an input file disguise or rewrite what the reader sees.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """Text from an input file made safe to print: control characters become spaces."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _UNSAFE.sub(" ", str(text)).strip()


def missing(value: object) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: object, unit: object) -> str:
    """A figure in its unit, rounded for display only: ``74.2%``, ``1,234``, ``19.8``."""
    if missing(value):
        return "–"
    x = float(value)  # type: ignore[arg-type]
    if unit == "percent":
        return f"{x:.1f}%"
    if unit == "count" and x == round(x):
        return f"{x:,.0f}"
    return f"{x:,.1f}"


#: Said after a target the partnership has not agreed.
ILLUSTRATIVE = "(illustrative)"


def target(
    value: object,
    unit: object,
    polarity: object,
    benchmark: str | None = None,
    basis: object = None,
) -> str:
    """A target with the side that meets it: ``≥ 75.0%`` or ``≤ 8.0%``; a benchmark's
    figure with what it is (``Report.benchmark_of``): ``vs tees-valley 26.1``; followed by
    ``(illustrative)`` when its ``basis`` (the row's ``target_basis``) says so."""
    if missing(value):
        return "–"
    if benchmark is not None:
        text = f"vs {benchmark} {number(value, unit)}"
    else:
        text = {"higher": "≥ ", "lower": "≤ "}.get(str(polarity), "") + number(value, unit)
    return f"{text} {ILLUSTRATIVE}" if basis == "illustrative" else text


def flag_mark(n: int) -> str:
    """The marker of the ``n``-th flagged figure, pointing to its footnote: ``[1]``."""
    return f"[{n}]"


def flag_text(flag: object, note: object) -> str:
    """A flagged figure's footnote text: ``provisional: two of three months``."""
    parts = [clean(x) for x in (flag, note) if not missing(x) and clean(x)]
    return ": ".join(parts)


def status(word: object, symbols: dict[str, str] | None = None) -> str:
    """A status as symbol and word, so it never depends on colour: ``✔ green``."""
    key = str(word)
    mark = (symbols or STATUS_SYMBOLS).get(key, "?")
    return f"{mark} {key.replace('_', ' ')}"


def trend(word: object) -> str:
    """A trend word for people: ``no change``, ``no data``."""
    return str(word).replace("_", " ")


def symbols_for(encoding: str | None) -> dict[str, str]:
    """The status symbols, or ASCII stand-ins if ``encoding`` cannot show them."""
    try:
        "".join(STATUS_SYMBOLS.values()).encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return ASCII_SYMBOLS
    return STATUS_SYMBOLS
