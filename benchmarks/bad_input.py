"""Benchmark refusing a very large bad file: time and peak memory, beside a floor.

Run with the package installed::

    python benchmarks/bad_input.py                 # 1,000,000 bad rows
    python benchmarks/bad_input.py --rows 200000   # a quicker look

Writes an observation CSV in a temporary folder in which every row is bad (a value that
is not a number, and every row duplicating its neighbour's key), then, each in a fresh
process so that peak memory (``ru_maxrss``) is its own:

1. the floor: reading the same file with ``pandas.read_csv`` as text, no checks;
2. ``ssp_targets.read_observations`` refusing it (the error lists 25 problems and counts
   the rest).

The issue asks that such a file be reported "within seconds and bounded memory". Prints
seconds and peak megabytes for both, and the ratios; ``--check`` exits 1 if refusing takes
more than 5 s or more than four times the floor's peak memory (the problems are kept as
row positions, so memory does not grow with their text).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    mode, path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    if mode == "floor":
        import pandas as pd
        pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
        lines = 0
    else:
        from ssp_targets import ObservationError, read_observations
        try:
            read_observations(path)
        except ObservationError as exc:
            lines = len(str(exc).splitlines())
        else:
            raise SystemExit("the bad file was accepted")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "mb": peak, "lines": lines}))
    """
)


def write_bad_file(path: Path, rows: int) -> None:
    line = "iom:cohort_offences,E06000004,2018/19 Q1,lots\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("indicator,area,period,value\n")
        for _ in range(rows // 10_000):
            out.write(line * 10_000)


def measure(mode: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bad.csv"
        write_bad_file(path, args.rows)
        size = path.stat().st_size / 2**20
        floor = measure("floor", path)
        refused = measure("refuse", path)
    print(f"{args.rows:,} bad rows ({size:.0f} MB on disk)")
    floor_text = f"{floor['seconds']:6.2f} s {floor['mb']:7.0f} MB"
    print(f"  floor   (pandas.read_csv, no checks): {floor_text}")
    print(
        f"  refused (read_observations):          {refused['seconds']:6.2f} s "
        f"{refused['mb']:7.0f} MB, message of {refused['lines']:.0f} lines"
    )
    time_ratio = refused["seconds"] / floor["seconds"]
    memory_ratio = refused["mb"] / floor["mb"]
    print(f"  refused / floor: time {time_ratio:.2f}x, peak memory {memory_ratio:.2f}x")
    missed = refused["seconds"] > 5 or memory_ratio > 4
    if args.check:
        print("FAIL" if missed else "PASS")
        return 1 if missed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
