"""Benchmark the observation store: load, reload, read current and as-of views, file size.

Run with the package installed::

    python benchmarks/store.py                 # 1,000,000 observations
    python benchmarks/store.py --rows 200000   # a quicker look

Builds a synthetic observation frame (areas x 50 indicators x 20 quarters, values with
fractions so SQLite stores them as 8-byte reals) and, in a fresh store in a temporary
folder, times (``time.perf_counter``):

1. loading it into the empty store;
2. loading the same frame again (must add no rows);
3. loading a copy with 1% of the values revised;
4. reading the current view of every observation into a DataFrame;
5. reading the as-of view at a time between loads 1 and 3;

and prints the file's size per observation. The issue's targets: load <= 15 s, reload
<= 15 s adding nothing, current view <= 2.5 s, as-of view <= 3 s, <= 120 bytes per
observation. ``--check`` exits 1 if any is missed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ssp_targets import Store

N_INDICATORS = 50
N_QUARTERS = 20
TARGETS = {"load": 15.0, "reload": 15.0, "current": 2.5, "as_of": 3.0, "bytes": 120.0}


def build(rows: int, seed: int = 1) -> pd.DataFrame:
    """About ``rows`` observations, made with array operations only."""
    rng = np.random.default_rng(seed)
    areas = max(1, rows // (N_INDICATORS * N_QUARTERS))
    n = areas * N_INDICATORS * N_QUARTERS
    cell = np.arange(n)
    indicator = np.array([f"bench:indicator_{i:02d}" for i in range(N_INDICATORS)], dtype=object)
    area = np.array([f"E{a:08d}" for a in range(areas)], dtype=object)
    labels = np.array(
        [f"{2016 + q // 4}/{(17 + q // 4) % 100:02d} Q{q % 4 + 1}" for q in range(N_QUARTERS)],
        dtype=object,
    )
    return pd.DataFrame(
        {
            "indicator": indicator[cell // (areas * N_QUARTERS)],
            "area": area[cell // N_QUARTERS % areas],
            "period": labels[cell % N_QUARTERS],
            "value": np.round(rng.gamma(4.0, 25.0, n), 2),
        }
    )


def timed(label: str, work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:8.2f} s")
    return seconds, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)

    frame = build(args.rows)
    revised = frame.copy()
    changed = np.random.default_rng(2).random(len(frame)) < 0.01
    revised.loc[changed, "value"] = revised.loc[changed, "value"] + 1.5
    n = len(frame)
    print(f"store benchmark: {n:,} observations; pandas {pd.__version__}")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        with Store(path) as store:
            figures["load"], first = timed("load into an empty store", lambda: store.load(frame))
            figures["reload"], again = timed("reload the same figures", lambda: store.load(frame))
            time.sleep(0.01)
            between = pd.Timestamp.now(tz="UTC").isoformat()
            time.sleep(0.01)
            _, third = timed("load with 1% revised", lambda: store.load(revised))
            figures["current"], current = timed("read the current view", store.observations)
            figures["as_of"], earlier = timed(
                "read the as-of view (before the revisions)",
                lambda: store.observations(as_of=between),
            )
        size = path.stat().st_size + sum(p.stat().st_size for p in Path(folder).glob("bench.db-*"))
    figures["bytes"] = size / n
    ordered = frame.sort_values(["indicator", "area", "period"])["value"].to_numpy()
    same = bool((earlier["value"].to_numpy() == ordered).all())
    print(
        f"  first load: {first.added:,} added; reload: {again.added:,} added, "
        f"{again.revised:,} revised; revision load: {third.revised:,} revised"
    )
    print(
        f"  current view {len(current):,} rows; as-of view {len(earlier):,} rows, "
        f"equal to the first load: {same}"
    )
    print(f"  file size {size / 1e6:,.1f} MB, {figures['bytes']:.1f} bytes per observation")
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    missed = [k for k, limit in TARGETS.items() if figures[k] > limit]
    nothing_added = again.added == 0 and again.revised == 0
    print(
        "targets (for 1M rows):",
        ", ".join(
            f"{k} {'PASS' if figures[k] <= limit else 'FAIL'} ({figures[k]:.2f} <= {limit:g})"
            for k, limit in TARGETS.items()
        ),
        f"; reload adds nothing {'PASS' if nothing_added else 'FAIL'}",
    )
    return 1 if args.check and (missed or not nothing_added) else 0


if __name__ == "__main__":
    sys.exit(main())
