"""The engine alone at scale: RM-1 at 1,000,000 and 10,000,000 customers, 52 periods, with
peak memory, against the machine's memory bandwidth.

    python benchmarks/engine_scale.py [--quick]

The bandwidth probe copies a 1 GiB array (read + write). "Bytes touched" is a lower bound on
the memory traffic of one period of the compiled kernel (recovery/_engine.py): per customer
the state read and written (active 1 B, sat 8 B, exp 8 B, heard 8 B, leaving 1 B), and per
telling edge the CSR index (4 B), the listener's active flag (1 B) and its heard (8 B, read
and written). Random numbers are made in registers and touch no memory. Timed after a small
untimed run that loads the compiled kernels.
Targets: 1M x 52 under 3 s on one core; 10M within 24 GiB.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import measure, print_table  # noqa: E402


def bandwidth_gb_s():
    a = np.ones(2**27)  # 1 GiB of float64
    b = np.empty_like(a)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - start)
    return 2 * a.nbytes / best / 1e9


def run(n, periods):
    from recovery.reference import RM1_DEFAULTS, rm1
    from recovery.wom import watts_strogatz

    rm1(1_000, 2, seed=0)  # warm-up: load the compiled kernels
    start = time.perf_counter()
    graph = watts_strogatz(n, 10, 0.1, seed=1)
    build = time.perf_counter() - start
    start = time.perf_counter()
    out = rm1(n, periods, seed=1, network=graph)
    seconds = time.perf_counter() - start
    # edges tried per period: tellings over the chance to tell
    return build, seconds, float(out["tellings_neg"].mean() / RM1_DEFAULTS["p_tell_neg"]
                                 + out["tellings_pos"].mean() / RM1_DEFAULTS["p_tell_pos"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    bw = bandwidth_gb_s()
    rows = []
    for n in ([1_000_000] if args.quick else [1_000_000, 10_000_000]):
        _, peak, (build, seconds, edges_tried) = measure(run, n, 52, timeout=1800)
        bytes_per_period = n * 2 * (1 + 8 + 8 + 8 + 1) + edges_tried * (4 + 1 + 2 * 8)
        floor = bytes_per_period * 52 / (bw * 1e9)
        rows.append([f"{n:,}", build, seconds, seconds / 52 * 1e3, peak / 1024, bytes_per_period / 1e6,
                     floor, f"{floor / seconds:.0%}"])
    print(f"memory bandwidth (1 GiB copy, read + write): {bw:.1f} GB/s")
    print_table("RM-1 engine, 52 periods (graph built once; run time excludes it)",
                ["N", "build s", "run s", "ms / period", "peak GiB", "MB touched / period",
                 "bandwidth floor s", "share of hardware limit"], rows)
    one_m = rows[0][2]
    print(f"\ntarget: 1M x 52 under 3 s on one core -> {'met' if one_m < 3 else 'NOT met'} ({one_m:.2f} s)")
    if len(rows) > 1:
        print(f"target: 10M within 24 GiB -> {'met' if rows[1][4] < 24 else 'NOT met'} ({rows[1][4]:.1f} GiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
