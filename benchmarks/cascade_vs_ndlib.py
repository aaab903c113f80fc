"""Independent cascade on a Barabasi-Albert graph (m = 5): NDlib against recovery.wom.

    python benchmarks/cascade_vs_ndlib.py [--quick]

Both spread a story from 10 seed customers with p = 0.05 per tie until it dies out (at most
100 steps), on the same networkx graph, N = 10,000 to 1,000,000 (NDlib while a run takes
under a few minutes). Wall time excludes building the graph; each run is a fresh process,
timed after a small untimed warm-up run (loading recovery's compiled kernels: see the README).
Target: at least 30x faster than NDlib at N = 100,000. Then both must agree in distribution
(mean final reach over many runs at N = 20,000, within 3 standard errors).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import median_run, print_table  # noqa: E402

P, STEPS, SEEDS = 0.05, 100, 10
WARMUP = (1_000, 2)  # an untimed small run first in each process: imports, compiled kernels


def ndlib_reach(graph, seed):
    import ndlib.models.epidemics as ep
    import ndlib.models.ModelConfig as mc

    model = ep.IndependentCascadesModel(graph, seed=seed)
    config = mc.Configuration()
    config.add_model_initial_configuration("Infected", list(range(SEEDS)))
    for edge in graph.edges():
        config.add_edge_configuration("threshold", edge, P)
    model.set_initial_status(config)
    reached = 0
    for _ in range(STEPS):
        it = model.iteration()
        reached = it["node_count"].get(1, 0) + it["node_count"].get(2, 0)
        if it["node_count"].get(1, 0) == 0 and it["iteration"] > 0:
            break
    return reached


def ndlib_cascade(n, seed):
    import time

    graph = nx.barabasi_albert_graph(n, 5, seed=seed)
    start = time.perf_counter()
    reached = ndlib_reach(graph, seed)
    return time.perf_counter() - start, reached


def ours_cascade(n, seed):
    import time

    from recovery.wom import from_edges, independent_cascade

    graph = nx.barabasi_albert_graph(n, 5, seed=seed)
    edges = np.array(graph.edges(), dtype=np.int64)
    start = time.perf_counter()
    adjacency = from_edges(edges[:, 0], edges[:, 1], n)
    reach = independent_cascade(adjacency, np.arange(SEEDS), p=P, steps=STEPS, seed=seed)
    return time.perf_counter() - start, int(reach["reached"].iloc[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    rows, ratio_100k = [], None
    for n in sizes:
        _, peak_ours, (t_ours, reach_ours) = median_run(ours_cascade, (n, 1), 3, warmup=WARMUP)
        if n <= 100_000 or not args.quick:
            _, peak_nd, result = median_run(ndlib_cascade, (n, 1), 1 if n >= 1_000_000 else 3, timeout=600,
                                             warmup=WARMUP)
        t_nd, reach_nd = result if result else (float("nan"), "-")
        ratio = t_nd / t_ours
        if n == 100_000:
            ratio_100k = ratio
        rows.append([f"{n:,}", t_nd, t_ours, f"{ratio:,.0f}x", reach_nd, reach_ours, peak_nd, peak_ours])
    print_table(f"Independent cascade, BA m=5, p={P}, {SEEDS} seeds (time excludes building the networkx graph)",
                ["N", "NDlib s", "recovery s", "speed-up", "NDlib reach (1 run)", "recovery reach (1 run)",
                 "NDlib peak MB", "recovery peak MB"], rows)
    met = ratio_100k is not None and ratio_100k >= 30
    print(f"\ntarget: >= 30x at N = 100,000 -> {'met' if met else 'NOT met'} ({ratio_100k:,.0f}x)")
    return 0 if agreement(20_000, 10 if args.quick else 40) else 1


def agreement(n, runs):
    """One run's reach is noisy; over many runs the two must agree in distribution (the RM-1
    rule: means within 3 standard errors of the difference), on one graph and seed set."""
    from recovery.wom import from_edges, independent_cascade

    graph = nx.barabasi_albert_graph(n, 5, seed=1)
    edges = np.array(graph.edges(), dtype=np.int64)
    adjacency = from_edges(edges[:, 0], edges[:, 1], n)
    ours = np.array([independent_cascade(adjacency, np.arange(SEEDS), p=P, steps=STEPS, seed=s)["reached"].iloc[-1]
                     for s in range(5 * runs)])
    theirs = np.array([ndlib_reach(graph, s) for s in range(runs)])
    se = np.sqrt(ours.var(ddof=1) / ours.size + theirs.var(ddof=1) / theirs.size)
    ok = abs(ours.mean() - theirs.mean()) < 3 * se
    print_table(f"Agreement in distribution: final reach, N = {n:,}, {ours.size} runs of recovery, {runs} of NDlib",
                ["recovery mean", "NDlib mean", "|difference|", "3 SE", "check"],
                [[ours.mean(), theirs.mean(), abs(ours.mean() - theirs.mean()), 3 * se, "pass" if ok else "FAIL"]])
    print(f"\nagreement check: {'PASSED' if ok else 'FAILED'}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
