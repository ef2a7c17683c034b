"""Time ssp_targets.stats: XmR over 10,000 series x 36 points, intervals over 1,000,000 rows.

Run with the package installed::

    python benchmarks/stats.py            # print best-of-3 wall times
    python benchmarks/stats.py --check    # also PASS/FAIL against the issue's targets

Targets (from the issue): ``xmr_frame`` on 10,000 series of 36 quarterly points in at most
1 s; ``proportion_ci`` and ``rate_ci`` each on 1,000,000 rows in at most 0.5 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from ssp_targets.stats import proportion_ci, rate_ci, xmr_frame


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print PASS/FAIL, exit 1 on FAIL")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)

    n_series, n_points = 10_000, 36
    periods = [f"{2015 + k // 4}/{(k // 4 + 16) % 100:02d} Q{k % 4 + 1}" for k in range(n_points)]
    obs = pd.DataFrame(
        {
            "indicator": np.repeat([f"ind{i % 50}" for i in range(n_series)], n_points),
            "area": np.repeat([f"area{i // 50}" for i in range(n_series)], n_points),
            "period": np.tile(periods, n_series),
            "value": rng.poisson(40, n_series * n_points).astype(float),
        }
    ).sample(frac=1, random_state=0)
    spc = best(lambda: xmr_frame(obs, target=35.0), args.repeat)

    rows = 1_000_000
    den = rng.integers(1, 10_000, rows).astype(float)
    num = np.floor(den * rng.random(rows))
    prop = best(lambda: proportion_ci(num, den, 0.95, 100), args.repeat)
    rate = best(lambda: rate_ci(num, den, 0.998, 100_000), args.repeat)

    results = [
        (f"xmr_frame, {n_series:,} series x {n_points} points", spc, 1.0),
        (f"proportion_ci, {rows:,} rows", prop, 0.5),
        (f"rate_ci, {rows:,} rows", rate, 0.5),
    ]
    ok = True
    for name, secs, limit in results:
        line = f"{name:<45} {secs:7.3f} s  (target <= {limit} s)"
        if args.check:
            passed = secs <= limit
            ok &= passed
            line += "  PASS" if passed else "  FAIL"
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
