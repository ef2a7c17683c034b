"""Benchmark :func:`ssp_targets.assess` against a hand-written numpy version of the same work.

Run from anywhere, with the package installed::

    python benchmarks/assess.py                      # sizes 1 and 10, best of 3
    python benchmarks/assess.py --sizes 0.1,1 --repeat 5 --check

Size factor 1 is 1,000 areas x 50 indicators x 20 quarters (2016/17 Q1 onward) with 2%
of the figures dropped at random: about 1M observations and exactly 1M assessed rows.
Size 10 is 10,000 areas (about 10M rows). For each size it prints the best-of-``--repeat``
wall time (``time.perf_counter``) of ``assess(plan, obs)`` over every quarter, of
``assess(plan, obs, quarter="2019/20 Q4")`` and of the numpy reference, with rows per
second, the ratio assess / numpy and, for every size after the first, the scaling ratio
``time_n / (n / n_first * time_first)`` (1.0 is linear). It then times the command line,
``ssp-targets summary`` on the shipped sample, against ``python -c "import pandas"``.

The targets (from the issue): assess within 2x of the numpy reference measured in the
same run, linear scaling to 10M rows, and the summary command within 0.35 s of importing
pandas. ``--check`` prints PASS/FAIL for each and exits 1 if any is missed.
"""

from __future__ import annotations

import argparse
import gc
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import ssp_targets
from ssp_targets import plan_from_dict, validate_observations

ROOT = Path(__file__).resolve().parent.parent
N_INDICATORS = 50
N_QUARTERS = 20
FIRST_YEAR = 2016  # 2016/17 Q1 is the first quarter
AREAS_PER_SIZE = 1_000
MISSING = 0.02
AMBER = "5%"
SINGLE_QUARTER = "2019/20 Q4"
SEED = 20170401

#: The issue's targets.
MAX_RATIO = 2.0  # assess time / numpy reference time
MAX_SCALING = 1.25  # time_n / (n x time_1); 1.0 is exactly linear
CLI_BUDGET = 0.35  # seconds over `python -c "import pandas"`

# Codes as in ssp_targets.assessment.assessed_frame (the reference must produce the same numbers).
GREEN, AMBER_CODE, RED, MONITOR, NO_DATA = range(5)
IMPROVING, WORSENING, UP, DOWN, NO_CHANGE, TREND_NO_DATA = range(6)
STATUS_WORDS = ("green", "amber", "red", "monitor", "no_data", "draft")
TREND_WORDS = ("improving", "worsening", "up", "down", "no_change", "no_data")
TOLERANCE = 1e-9  # ssp_targets.assessment.rules.RELATIVE_TOLERANCE


# -- the synthetic plan and observations --------------------------------------------


def quarter_labels(n: int = N_QUARTERS) -> list[str]:
    """``2016/17 Q1``, ``2016/17 Q2``, ... for ``n`` quarters."""
    return [
        f"{FIRST_YEAR + k // 4}/{(FIRST_YEAR + k // 4 + 1) % 100:02d} Q{k % 4 + 1}"
        for k in range(n)
    ]


def area_codes(n: int) -> np.ndarray:
    """``n`` ONS-like area codes, sorted; the first is the plan's area."""
    return np.array([f"E{6 + k // 999_999:02d}{k % 999_999 + 1:06d}" for k in range(n)], object)


def indicator_names() -> list[str]:
    return [f"bench:indicator_{k:02d}" for k in range(N_INDICATORS)]


def base_levels() -> np.ndarray:
    """Each indicator's typical quarterly count (its fixed target too)."""
    return np.random.default_rng(SEED).integers(20, 500, N_INDICATORS).astype(float)


def build_plan(area: str) -> Any:
    """50 quantitative count measures, one indicator each, fixed targets, 5% amber band."""
    measures = [
        {
            "id": f"m{k:02d}",
            "priority": "1",
            "owners": ["o"],
            "title": f"Benchmark measure {k}",
            "kind": "quantitative",
            "unit": "count",
            "polarity": "higher" if k % 2 == 0 else "lower",
            "indicator": name,
            "target": float(level),
            "amber_within": AMBER,
            "aggregate": "sum",
        }
        for k, (name, level) in enumerate(zip(indicator_names(), base_levels(), strict=True))
    ]
    return plan_from_dict(
        {
            "plan": {
                "id": "bench",
                "title": "Benchmark plan",
                "area": {"code": area, "name": "Benchmark area"},
                "start": f"{FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d}",
                "end": f"{FIRST_YEAR + 4}/{(FIRST_YEAR + 5) % 100:02d}",
            },
            "owners": [{"id": "o", "name": "An owner"}],
            "priorities": [{"id": "1", "title": "Priority one"}],
            "measures": measures,
        },
        source="<benchmark>",
    )


def build_observations(n_areas: int, seed: int = SEED) -> pd.DataFrame:
    """Indicator-major, then area, then quarter; 2% of rows dropped at random.

    Built with array operations only (no loop over rows). The string columns get the
    dtypes :func:`ssp_targets.validate_observations` gives them, so the frame is what
    ``read_observations`` would hand to ``assess``.
    """
    rng = np.random.default_rng(seed)
    indicators = np.array(indicator_names(), dtype=object)
    areas = area_codes(n_areas)
    periods = np.array(quarter_labels(), dtype=object)
    n = N_INDICATORS * n_areas * N_QUARTERS
    cell = np.arange(n)
    ind = cell // (n_areas * N_QUARTERS)
    area = cell // N_QUARTERS % n_areas
    quarter = cell % N_QUARTERS
    value = rng.poisson(base_levels()[ind]).astype(float)
    keep = rng.random(n) >= MISSING
    frame = pd.DataFrame(
        {
            "indicator": indicators[ind[keep]],
            "area": areas[area[keep]],
            "period": periods[quarter[keep]],
            "value": value[keep],
            "numerator": np.full(int(keep.sum()), np.nan),
            "denominator": np.full(int(keep.sum()), np.nan),
        }
    )
    # The dtypes read_observations produces for the key columns (str / object / ...).
    sample = validate_observations(frame.head(2).astype(str).assign(numerator="", denominator=""))
    return frame.astype({c: sample[c].dtype for c in ("indicator", "area", "period")})


# -- the hand-written numpy reference ------------------------------------------------

_LABEL = re.compile(r"^(\d{4})[/-]\d{2} ?Q([1-4])$")


def _ordinal(label: str) -> int:
    """A quarter label as a plain integer (year x 4 + quarter - 1); Q1 is a multiple of 4."""
    match = _LABEL.match(str(label).strip())
    if match is None:
        raise ValueError(f"not a quarter: {label!r}")
    return int(match[1]) * 4 + int(match[2]) - 1


def numpy_reference(
    obs: pd.DataFrame,
    indicators: list[str],
    plan_area: str,
    target: np.ndarray,
    sign: np.ndarray,
    band_fraction: np.ndarray,
    quarter: str | None = None,
) -> dict[str, np.ndarray]:
    """Status, both trends and year-to-date sum for every (indicator, area, quarter) row.

    Includes: mapping the string indicator / area / period columns to integer codes
    (pd.Index.get_indexer, pd.factorize, parsing each distinct period label once);
    scattering the values into a dense NaN grid [indicator, area, quarter] padded to
    whole financial years; previous-quarter and same-quarter-last-year values by shifting
    along the quarter axis; the amber band (a fraction of |target|); the status (green /
    amber / red / no_data) and both trends (improving / worsening / no_change / no_data)
    with assess's relative tolerance at the thresholds; the year-to-date sum by cumsum
    within blocks of four quarters, NaN after any gap; and, per output row (every area
    and indicator, the wanted quarters), the row's indicator / area / quarter codes, its
    value, target, status code, trend codes and ytd as numpy arrays.

    Leaves out what assess also does: per-row string columns (measure, title, period
    label, status and trend words, reason, unit ...), the previous / last-year values and
    band as output columns, commentary, the duplicate-row check, other target kinds
    (year tables, change targets), ratio / mean / latest aggregates and retired measures.
    """
    ind = pd.Index(indicators).get_indexer(obs["indicator"])
    used = ind >= 0
    ind = ind[used]
    area_codes_, area_names = pd.factorize(obs["area"].to_numpy()[used])
    names = np.asarray(area_names, dtype=object)
    order = np.array(
        [plan_area, *sorted(a for a in names if a != plan_area)], dtype=object
    )  # plan's area first, then the rest sorted, as assess orders them
    area = pd.Index(order).get_indexer(names)[area_codes_]
    period_codes, period_names = pd.factorize(obs["period"].to_numpy()[used])
    q = np.array([_ordinal(p) for p in period_names], dtype=np.int64)[period_codes]

    wanted = np.unique(q) if quarter is None else np.array([_ordinal(quarter)], dtype=np.int64)
    q0 = min(int(q.min()), int(wanted.min()))
    q0 -= q0 % 4  # start at a Q1 so financial years are blocks of four
    nq = max(int(q.max()), int(wanted.max())) - q0 + 1
    nq += -nq % 4
    n_ind, n_area = len(indicators), len(order)

    value = np.full((n_ind, n_area, nq), np.nan)
    value[ind, area, q - q0] = obs["value"].to_numpy(dtype=float)[used]
    previous = np.full_like(value, np.nan)
    previous[:, :, 1:] = value[:, :, :-1]
    last_year = np.full_like(value, np.nan)
    last_year[:, :, 4:] = value[:, :, :-4]

    t = target[:, None, None]
    s = sign[:, None, None]
    edge = t - s * (band_fraction * np.abs(target))[:, None, None]
    with np.errstate(invalid="ignore"):
        meets = (s * (value - t) >= 0) | (np.abs(value - t) <= TOLERANCE * np.abs(t))
        within = (s * (value - edge) >= 0) | (np.abs(value - edge) <= TOLERANCE * np.abs(edge))
    status = np.where(meets, GREEN, np.where(within, AMBER_CODE, RED)).astype(np.int8)
    status[np.isnan(value)] = NO_DATA

    def trend(before: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            same = np.abs(value - before) <= TOLERANCE * np.maximum(np.abs(value), np.abs(before))
            better = s * (value - before) > 0
        out = np.where(same, NO_CHANGE, np.where(better, IMPROVING, WORSENING)).astype(np.int8)
        out[np.isnan(value) | np.isnan(before)] = TREND_NO_DATA
        return out

    trend_q = trend(previous)
    trend_y = trend(last_year)

    years = value.reshape(n_ind, n_area, nq // 4, 4)
    gaps = np.logical_or.accumulate(np.isnan(years), axis=3)
    ytd = np.cumsum(np.nan_to_num(years), axis=3)
    ytd[gaps] = np.nan
    ytd = ytd.reshape(value.shape)

    k = wanted - q0
    rows = n_ind * n_area * len(k)
    return {
        "indicator": np.repeat(np.arange(n_ind), n_area * len(k)),
        "area": np.tile(np.repeat(np.arange(n_area), len(k)), n_ind),
        "quarter": np.tile(wanted, n_ind * n_area),
        "value": value[:, :, k].reshape(rows),
        "target": np.repeat(target, n_area * len(k)),
        "status": status[:, :, k].reshape(rows),
        "trend_quarter": trend_q[:, :, k].reshape(rows),
        "trend_year": trend_y[:, :, k].reshape(rows),
        "ytd": ytd[:, :, k].reshape(rows),
    }


def reference_inputs(plan: Any) -> dict[str, Any]:
    """The plan's rules as the arrays the numpy reference takes."""
    measures = plan.measures
    return {
        "indicators": [m.indicators[0] for m in measures],
        "plan_area": plan.area.code,
        "target": np.array([m.target.value for m in measures]),
        "sign": np.array([1.0 if m.polarity == "higher" else -1.0 for m in measures]),
        "band_fraction": np.array([plan.band(m).value for m in measures]),
    }


# -- timing --------------------------------------------------------------------------


def best_of(
    repeat: int, runs: dict[str, Callable[[], Any]]
) -> tuple[dict[str, tuple[float, float, float]], dict[str, Any]]:
    """The best of ``repeat`` runs of each, and each one's last result.

    A timing is (wall, user CPU, system CPU) seconds of the run with the shortest wall
    time; system time is mostly page faults on freshly allocated arrays. The runs are
    interleaved (a, b, a, b, ...) so that a slow spell on a shared machine hits them
    alike and the ratio between them stays fair.
    """
    best = dict.fromkeys(runs, (float("inf"), 0.0, 0.0))
    last: dict[str, Any] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            last.pop(name, None)  # let the previous result go before the next run
            gc.collect()
            before = resource.getrusage(resource.RUSAGE_SELF)
            start = time.perf_counter()
            result = run()
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_SELF)
            if wall < best[name][0]:
                best[name] = (
                    wall,
                    after.ru_utime - before.ru_utime,
                    after.ru_stime - before.ru_stime,
                )
            last[name] = result
            del result
    return best, last


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KB on Linux)."""
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def compare(assessed: pd.DataFrame, ref: dict[str, np.ndarray]) -> bool:
    """Print status counts of both and check every row agrees (same row order)."""
    ours = assessed["status"].value_counts().reindex(STATUS_WORDS[:5], fill_value=0)
    theirs = np.bincount(ref["status"], minlength=5)[:5]
    print("  status counts    " + "  ".join(f"{w:>9}" for w in STATUS_WORDS[:5]))
    print("    assess         " + "  ".join(f"{n:>9,}" for n in ours.to_numpy()))
    print("    numpy          " + "  ".join(f"{n:>9,}" for n in theirs))
    status_words = np.array(STATUS_WORDS, dtype=object)
    trend_words = np.array(TREND_WORDS, dtype=object)
    checks = {
        "row count": len(assessed) == len(ref["status"]),
        "status counts": bool((ours.to_numpy() == theirs).all()),
    }
    if checks["row count"]:
        checks.update(
            {
                "status per row": bool(
                    (assessed["status"].to_numpy(object) == status_words[ref["status"]]).all()
                ),
                "trend_quarter per row": bool(
                    (
                        assessed["trend_quarter"].to_numpy(object)
                        == trend_words[ref["trend_quarter"]]
                    ).all()
                ),
                "trend_year per row": bool(
                    (
                        assessed["trend_year"].to_numpy(object) == trend_words[ref["trend_year"]]
                    ).all()
                ),
                "ytd per row": bool(
                    np.array_equal(assessed["ytd"].to_numpy(float), ref["ytd"], equal_nan=True)
                ),
                "value per row": bool(
                    np.array_equal(assessed["value"].to_numpy(float), ref["value"], equal_nan=True)
                ),
                "target per row": bool(
                    np.array_equal(assessed["target"].to_numpy(float), ref["target"])
                ),
            }
        )
    print("  agreement: " + ", ".join(f"{k} {'ok' if v else 'DIFFERS'}" for k, v in checks.items()))
    return all(checks.values())


def run_size(factor: float, repeat: int, verify: bool) -> dict[str, Any]:
    n_areas = round(AREAS_PER_SIZE * factor)
    t0 = time.perf_counter()
    obs = build_observations(n_areas)
    areas = obs["area"].iloc[0]
    plan = build_plan(areas)
    built = time.perf_counter() - t0
    rows = N_INDICATORS * n_areas * N_QUARTERS
    dtypes = ", ".join(f"{c} {obs[c].dtype}" for c in ("indicator", "area", "period"))
    print(
        f"\nsize {factor:g}: {n_areas:,} areas x {N_INDICATORS} indicators x {N_QUARTERS} "
        f"quarters = {rows:,} rows; {len(obs):,} observations ({MISSING:.0%} dropped); "
        f"built in {built:.1f} s; {dtypes}"
    )
    inputs = reference_inputs(plan)

    times, results = best_of(
        repeat,
        {
            "all": lambda: ssp_targets.assess(plan, obs),
            "ref": lambda: numpy_reference(obs, **inputs),
        },
    )
    agree = compare(results["all"], results["ref"]) if verify else True
    del results
    one_times, results = best_of(
        repeat,
        {
            "one": lambda: ssp_targets.assess(plan, obs, quarter=SINGLE_QUARTER),
            "ref_one": lambda: numpy_reference(obs, **inputs, quarter=SINGLE_QUARTER),
        },
    )
    one_rows = len(results["one"])
    del results
    times.update(one_times)
    t_all, t_ref, t_one, t_ref_one = (times[k][0] for k in ("all", "ref", "one", "ref_one"))

    print(f"  {'':34}{'best s':>9}{'user s':>9}{'sys s':>9}{'rows/s':>14}")
    for name, key, n in (
        ("assess, all quarters", "all", rows),
        ("numpy reference, all quarters", "ref", rows),
        (f"assess, quarter={SINGLE_QUARTER}", "one", one_rows),
        (f"numpy reference, {SINGLE_QUARTER}", "ref_one", one_rows),
    ):
        wall, user, system = times[key]
        print(f"  {name:34}{wall:9.3f}{user:9.3f}{system:9.3f}{n / wall:14,.0f}")
    print(
        f"  ratio assess / numpy: all quarters {t_all / t_ref:.2f}x, "
        f"one quarter {t_one / t_ref_one:.2f}x (target <= {MAX_RATIO:g}x)"
    )
    print(f"  peak RSS so far: {peak_rss_mb():,.0f} MB")
    return {
        "factor": factor,
        "rows": rows,
        "all": t_all,
        "ref": t_ref,
        "one": t_one,
        "ref_one": t_ref_one,
        "all_user": times["all"][1],
        "ref_user": times["ref"][1],
        "agree": agree,
    }


def time_cli(repeat: int) -> tuple[float, float]:
    """Best wall time of `python -c "import pandas"` and of `ssp-targets summary`."""
    baseline = [sys.executable, "-c", "import pandas"]
    summary = [
        sys.executable,
        "-m",
        "ssp_targets",
        "summary",
        "--plan",
        "definitions/ssp-2017-20.toml",
        "--observations",
        "data/sample/observations.csv",
        "--commentary",
        "data/sample/commentary.csv",
        "--quarter",
        "2018/19 Q2",
    ]

    def once(command: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    once(baseline), once(summary)  # warm the file cache and bytecode
    times: dict[str, list[float]] = {"baseline": [], "summary": []}
    for _ in range(repeat):  # interleaved, so drift hits both alike
        times["baseline"].append(once(baseline))
        times["summary"].append(once(summary))
    return min(times["baseline"]), min(times["summary"])


def profile(factor: float) -> None:
    import cProfile
    import pstats

    obs = build_observations(round(AREAS_PER_SIZE * factor))
    plan = build_plan(obs["area"].iloc[0])
    ssp_targets.assess(plan, obs)  # warm up imports
    profiler = cProfile.Profile()
    profiler.runcall(ssp_targets.assess, plan, obs)
    print(f"\ncProfile of assess(plan, obs) at size {factor:g}, by own time:")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1,10",
        help="comma-separated size factors; 1 is 1,000 areas, about 1M rows (default 1,10)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; best is kept")
    parser.add_argument("--cli-repeat", type=int, default=5, help="runs per command-line timing")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line timing")
    parser.add_argument("--no-verify", action="store_true", help="skip the agreement check")
    parser.add_argument("--profile", action="store_true", help="cProfile assess at each size")
    parser.add_argument(
        "--check", action="store_true", help="print PASS/FAIL per target; exit 1 if any fails"
    )
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]

    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}; "
        f"best of {args.repeat} runs"
    )
    results = []
    verified = False
    for factor in sizes:
        results.append(run_size(factor, args.repeat, verify=not (args.no_verify or verified)))
        verified = True  # once is enough; the rules do not change with size
        if args.profile:
            profile(factor)

    verdicts: list[tuple[str, bool]] = []
    first = results[0]
    for r in results:
        verdicts.append(
            (
                f"size {r['factor']:g}: assess / numpy {r['all'] / r['ref']:.2f}x "
                f"<= {MAX_RATIO:g}x",
                r["all"] / r["ref"] <= MAX_RATIO,
            )
        )
        if not r["agree"]:
            verdicts.append((f"size {r['factor']:g}: assess and numpy agree", False))
    for r in results[1:]:
        grow = r["factor"] / first["factor"]
        scale_all = r["all"] / (grow * first["all"])
        scale_one = r["one"] / (grow * first["one"])
        scale_ref = r["ref"] / (grow * first["ref"])
        print(
            f"\nscaling size {first['factor']:g} -> {r['factor']:g}: time_{r['factor']:g} / "
            f"({grow:g} x time_{first['factor']:g}) = {scale_all:.2f} (assess, all quarters), "
            f"{scale_one:.2f} (assess, one quarter), {scale_ref:.2f} (numpy reference); "
            f"user CPU only: {r['all_user'] / (grow * first['all_user']):.2f} (assess), "
            f"{r['ref_user'] / (grow * first['ref_user']):.2f} (numpy reference)"
        )
        verdicts.append(
            (
                f"scaling {first['factor']:g} -> {r['factor']:g}: {scale_all:.2f} "
                f"<= {MAX_SCALING:g}",
                scale_all <= MAX_SCALING,
            )
        )

    if not args.no_cli:
        base, summary = time_cli(args.cli_repeat)
        over = summary - base
        print(
            f"\ncommand line, best of {args.cli_repeat}: python -c 'import pandas' {base:.3f} s; "
            f"ssp-targets summary (sample, 2018/19 Q2) {summary:.3f} s; "
            f"difference {over:.3f} s (budget {CLI_BUDGET:g} s)"
        )
        verdicts.append(
            (f"summary - import pandas {over:.3f} s <= {CLI_BUDGET:g} s", over <= CLI_BUDGET)
        )

    print(f"\npeak RSS: {peak_rss_mb():,.0f} MB")
    if args.check:
        print()
        for text, ok in verdicts:
            print(f"{'PASS' if ok else 'FAIL'}  {text}")
        return 0 if all(ok for _, ok in verdicts) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
