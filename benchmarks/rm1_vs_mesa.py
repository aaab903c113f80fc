"""RM-1: recovery.reference.rm1 against the same model in idiomatic Mesa 3.

    python benchmarks/rm1_vs_mesa.py [--quick]

Prints median wall time and peak memory (each run in a fresh process, one core, timed after
a small untimed warm-up run that loads imports and recovery's compiled kernels) at
N = 1,000, 10,000, 100,000 (Mesa only while a run takes under a few minutes), 52 periods,
and the spec's agreement check (docs/sources.md, "Reference model RM-1"): over 20 seeds at N = 10,000, T = 52,
the means at T of active_share and mean_sat and of complaints summed over the last 13
periods differ by less than 3 standard errors of the difference.
Target: RM-1 at least 100x faster than Mesa at N = 10,000.
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import measure, median_run, print_table  # noqa: E402
from _mesa_rm1 import run as mesa_run  # noqa: E402

from recovery.reference import rm1  # noqa: E402

WARMUP = (1_000, 2, 0)  # an untimed small run first in each process: imports, compiled kernels
COLUMNS = ["active_share", "mean_sat", "complaints", "tellings_neg", "tellings_pos"]


def ours(n, periods, seed):
    return rm1(n, periods, seed=seed)[COLUMNS].to_numpy()


def summary(runs):
    runs = np.array(runs)
    return {"active_share": runs[:, -1, 0], "mean_sat": runs[:, -1, 1], "complaints": runs[:, -13:, 2].sum(axis=1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer seeds (a smoke run)")
    args = parser.parse_args(argv)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    periods, repeats = 52, 5
    rows, ratio_10k = [], None
    for n in sizes:
        t_ours, m_ours, _ = median_run(ours, (n, periods, 1), repeats, warmup=WARMUP)
        mesa_repeats = 1 if n >= 100_000 else repeats
        t_mesa, m_mesa, _ = median_run(mesa_run, (n, periods, 1), mesa_repeats, timeout=600, warmup=WARMUP)
        ratio = t_mesa / t_ours
        if n == 10_000:
            ratio_10k = ratio
        rows.append([f"{n:,}", t_mesa, t_ours, f"{ratio:,.0f}x", m_mesa, m_ours])
    print_table(f"RM-1, {periods} periods: Mesa {__import__('mesa').__version__} vs recovery (median of "
                f"{repeats}; 1 run of Mesa at 100,000)",
                ["N", "Mesa s", "recovery s", "speed-up", "Mesa peak MB", "recovery peak MB"], rows)
    first, _, _ = measure(ours, *WARMUP)
    print(f"\none-off: recovery's first call in a fresh process (loading its compiled kernels from numba's "
          f"cache) {first:.2f} s; without a cache numba compiles them once, in a few seconds")
    print(f"target: >= 100x at N = 10,000 -> {'met' if ratio_10k and ratio_10k >= 100 else 'NOT met'} "
          f"({ratio_10k:,.0f}x)")

    n, seeds = (2_000, 10) if args.quick else (10_000, 20)
    with ProcessPoolExecutor(max_workers=2) as pool:
        mesa_runs = list(pool.map(mesa_run, [n] * seeds, [52] * seeds, range(100, 100 + seeds)))
    a = summary([ours(n, 52, s) for s in range(seeds)])
    b = summary(mesa_runs)
    rows, ok = [], True
    for key in a:
        se = np.sqrt(a[key].var(ddof=1) / seeds + b[key].var(ddof=1) / seeds)
        diff = abs(a[key].mean() - b[key].mean())
        agree = diff < 3 * se
        ok &= agree
        rows.append([key, a[key].mean(), b[key].mean(), diff, 3 * se, "pass" if agree else "FAIL"])
    print_table(f"Agreement in distribution (spec rule), {seeds} seeds, N = {n:,}, T = 52",
                ["measure", "recovery mean", "Mesa mean", "|difference|", "3 SE", "check"], rows)
    print(f"\nagreement check: {'PASSED' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
