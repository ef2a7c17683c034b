"""Confidence intervals as OHID's PHEindicatormethods computes them, on whole arrays.

* :func:`proportion_ci` - Wilson score (``wilson_lower`` / ``wilson_upper``), clamped to
  [0, 1] and exact at 0 and at numerator = denominator, then times ``multiplier``.
* :func:`rate_ci` - exact Poisson limits from chi-squared quantiles below 10 events
  (``qchisq((1 - c)/2, 2x)/2`` and ``qchisq((1 + c)/2, 2x + 2)/2``), Byar's method from 10
  (``byars_lower`` / ``byars_upper``), as ``phe_rate`` does; divided by the denominator
  and times ``multiplier``.

Confidence is 0.9..1 or, as in the reference, 90..100. Missing inputs give missing limits.
Distribution functions come from scipy (the normal quantile from the standard library, and
the exact Poisson limits of whole counts at 95% and 99.8% from a table of scipy's values,
to keep scipy's import off the summary's start-up; see :func:`_z` and ``_EXACT_TABLE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def _z(confidence: float) -> float:
    """Two-sided standard normal quantile for ``confidence`` (0.9..1 or 90..100).

    From the standard library's ``statistics.NormalDist`` (Wichura's AS241, within one
    unit in the last place of ``scipy.special.ndtri``), not scipy: importing scipy takes
    about 0.3 s, which would break the quarterly summary's start-up budget on every run.
    scipy is still used, and only imported, for the exact Poisson limits (the inverse
    gamma function), which only counts below 10 need.
    """
    return NormalDist().inv_cdf(0.5 + _level(confidence) / 2)


def _level(confidence: float) -> float:
    if confidence >= 90:
        confidence = confidence / 100
    if not 0.9 <= confidence <= 1:
        raise ValueError("confidence must be between 0.9 and 1 (or 90 and 100)")
    return float(confidence)


def _floats(x: ArrayLike | Sequence[float | None]) -> FloatArray:
    a = np.asarray(x, dtype=object) if not isinstance(x, np.ndarray) else x
    if a.dtype == object:
        a = np.where(np.vectorize(lambda v: v is None, otypes=[bool])(a), np.nan, a)
    return np.asarray(a, dtype=np.float64)


def proportion_ci(
    numerator: ArrayLike,
    denominator: ArrayLike,
    confidence: float = 0.95,
    multiplier: float = 1,
) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits ``(lower, upper)`` for numerator / denominator, times multiplier.

    Raises ``ValueError`` for a negative numerator, a denominator not above zero or a
    numerator above its denominator (as the reference does); missing values give NaN.
    """
    x, n = np.broadcast_arrays(_floats(numerator), _floats(denominator))
    ok = ~(np.isnan(x) | np.isnan(n))
    if np.any(x[ok] < 0):
        raise ValueError("numerators must be greater than or equal to zero")
    if np.any(n[ok] <= 0):
        raise ValueError("denominators must be greater than zero")
    if np.any(x[ok] > n[ok]):
        raise ValueError("numerators must be less than or equal to their denominators")
    z = _z(confidence)
    z2 = z * z
    with np.errstate(invalid="ignore", divide="ignore"):
        root = z * np.sqrt(z2 + 4 * x * (1 - x / n))
        scale = 2 * (n + z2)
        lower = np.clip((2 * x + z2 - root) / scale, 0.0, 1.0)
        upper = np.clip((2 * x + z2 + root) / scale, 0.0, 1.0)
    lower = np.where(x == 0, 0.0, lower)
    upper = np.where(ok & (x == n), 1.0, upper)
    return lower * multiplier, upper * multiplier


def rate_ci(
    count: ArrayLike,
    denominator: ArrayLike | None = None,
    confidence: float = 0.95,
    multiplier: float = 1,
) -> tuple[FloatArray, FloatArray]:
    """Limits ``(lower, upper)`` for a count, or for count / denominator x multiplier.

    Exact Poisson limits below 10 events, Byar's approximation from 10 (which, unlike the
    exact limits, would go negative for tiny counts - hence the switch). Raises
    ``ValueError`` for a negative count or a denominator not above zero; missing values
    give NaN.
    """
    x = _floats(count)
    if denominator is None:
        n = np.ones_like(x)
    else:
        x, n = np.broadcast_arrays(x, _floats(denominator))
    if np.any(x[~np.isnan(x)] < 0):
        raise ValueError("counts must be greater than or equal to zero")
    if np.any(n[~np.isnan(n)] <= 0):
        raise ValueError("denominators must be greater than zero")
    level = _level(confidence)
    z = _z(level)
    small = x < 10
    with np.errstate(invalid="ignore", divide="ignore"):
        byars = np.where(small, 10.0, x)
        lower = byars * (1 - 1 / (9 * byars) - z / (3 * np.sqrt(byars))) ** 3
        upper = (byars + 1) * (1 - 1 / (9 * (byars + 1)) + z / (3 * np.sqrt(byars + 1))) ** 3
        # Exact limits only where needed: qchisq(p, 2k) / 2 is the gamma(k) quantile.
        if small.any():
            lower[small], upper[small] = _exact_poisson(x[small], level)
        missing = np.isnan(x) | np.isnan(n)
        lower = np.where(missing, np.nan, lower / n * multiplier)
        upper = np.where(missing, np.nan, upper / n * multiplier)
    return lower, upper


#: scipy's exact Poisson limits (``gammaincinv``, as :func:`_exact_poisson` computes them)
#: for whole counts 0-9 at the two levels Fingertips publishes, kept so that the usual
#: case does not import scipy (a third of a second, on every quarterly summary). The tests
#: check every entry against scipy.
_EXACT_TABLE = {
    0.95: (
        (0.0, 0.025317807984289897, 0.24220927854396507, 0.6186721228956015,
         1.089865373626325, 1.623486390118421, 2.201894253490851, 2.814363051519867,
         3.4538321767485023, 4.115373097378334),
        (3.6888794541139354, 5.571643390938898, 7.22468766772396, 8.767273069742323,
         10.241588675403694, 11.66833207932267, 13.059474022518685, 14.422675361702376,
         15.763189220193313, 17.084803451419166),
    ),
    0.998: (
        (0.0, 0.0010005003335835346, 0.045402017769489565, 0.19053337756840327,
         0.42855241362842295, 0.7393717319178327, 1.1071046602556396, 1.5203362603988093,
         1.9708139217403662, 2.452424404363775),
        (6.907755278982137, 9.233413476451585, 11.228872242412661, 13.06224077918807,
         14.79414922253721, 16.454745203680105, 18.061636840199064, 19.626177395384232,
         21.15619816583998, 22.65737330906293),
    ),
}  # fmt: skip


def _exact_poisson(k: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    """Exact Poisson limits for counts below 10 (NaN stays NaN): from the table for whole
    counts at 95% and 99.8%, otherwise from scipy's inverse regularised gamma function."""
    table = _EXACT_TABLE.get(level)
    whole = ~np.isnan(k) & (k == np.round(k))
    if table is not None and whole[~np.isnan(k)].all():
        index = np.where(whole, k, 0).astype(np.intp)
        lower = np.where(whole, np.asarray(table[0])[index], np.nan)
        upper = np.where(whole, np.asarray(table[1])[index], np.nan)
        return lower, upper
    from scipy.special import gammaincinv  # type: ignore[import-untyped]

    lower = np.where(k > 0, gammaincinv(np.maximum(k, 1e-300), (1 - level) / 2), 0.0)
    return lower, gammaincinv(k + 1, (1 + level) / 2)
