"""PLS-SEM bootstrap: 5,000 resamples of the six-construct ECSI model on `ecsi_satisfaction`.

    python benchmarks/pls_bootstrap.py [--quick]

Targets (issue 6): 5,000 resamples in under 5 s on this machine, and a per-resample time at least
100x better than plspm-python's. plspm-python (GPL, PyPI ``plspm``) is timed in the same run when
it imports and runs here; it breaks on pandas 3 (its inner model indexes a DataFrame with a
pandas-2 idiom), so on this project's environment the table falls back to its published figure of
about 0.12 s per resample (issue 6) and says so. The model is R plspm's ``satisfaction`` example:
mode A, centroid scheme, ``scaled = FALSE`` (the settings plspm-python's bootstrap test uses).
Every run is in a fresh process, one after another; the machine is shared, so the load average
at the start is printed with the table.

Scale (issue 15): 200,000 respondents (drawn with replacement from the 250 of ECSI
satisfaction) with 1,000 resamples and BCa, target under a minute within 2 GB; time and peak
memory (VmHWM) of fit_pls without and with the bootstrap, each in a fresh process.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import measure, print_table  # noqa: E402

PLSPM_PUBLISHED = 0.12  # s per resample, plspm-python's bootstrap (issue 6)
CONSTRUCTS = ("IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY")
PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"), ("EXPE", "SAT"),
         ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]


def ours(resamples: int, bca: bool, weighted: bool = False) -> float:
    """Seconds for fit_pls with the bootstrap (the point estimate included), after a warm-up;
    ``weighted``: with survey weights (1, 2 or 3 per respondent, seeded), SmartPLS's weighted bootstrap."""
    import recovery
    from recovery.survey import fit_pls

    data = recovery.load_dataset("ecsi_satisfaction")
    model = recovery.datasets.dataset_model("ecsi_satisfaction")  # CONSTRUCTS and PATHS, as plspm's example
    import numpy as np

    weights = np.random.default_rng(0).integers(1, 4, len(data)) if weighted else None
    fit_pls(model, data, scheme="centroid", scaled=False, bootstrap=20, seed=0)  # imports, caches
    start = time.perf_counter()
    fit = fit_pls(model, data, scheme="centroid", scaled=False, bootstrap=resamples, seed=1, bca=bca,
                  weights=weights)
    seconds = time.perf_counter() - start
    assert len(fit.boot_draws_["paths"]) == resamples
    return seconds


LARGE_N, LARGE_RESAMPLES = 200_000, 1_000


def large(n: int, resamples: int) -> tuple[float, float]:
    """Seconds of fit_pls (path scheme, scaled) on n respondents, with ``resamples`` BCa
    resamples (0: the point estimate alone): wall clock and CPU time of this process (on a
    shared machine the CPU time is what an idle one would take, as the work is one process)."""
    import numpy as np

    import recovery
    from recovery.survey import fit_pls

    data = recovery.load_dataset("ecsi_satisfaction")
    big = data.iloc[np.random.default_rng(0).integers(0, len(data), n)].reset_index(drop=True)
    start, cpu = time.perf_counter(), time.process_time()
    fit = fit_pls(recovery.datasets.dataset_model("ecsi_satisfaction"), big, bootstrap=resamples, seed=1, bca=True)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert resamples == 0 or np.isfinite(fit.paths_["bca_low"]).all()
    return seconds, cpu


def plspm_python(resamples: int):
    """Seconds per resample of plspm-python's bootstrap, or the reason it cannot run here."""
    try:
        import plspm.config as c
        from plspm.mode import Mode
        from plspm.plspm import Plspm
        from plspm.scheme import Scheme

        import recovery

        data = recovery.load_dataset("ecsi_satisfaction").drop(columns="gender")
        structure = c.Structure()
        for source, target in PATHS:
            structure.add_path([source], [target])
        config = c.Config(structure.path(), scaled=False)
        for lv in CONSTRUCTS:
            config.add_lv_with_columns_named(lv, Mode.A, data, lv.lower())
        start = time.perf_counter()
        Plspm(data, config, Scheme.CENTROID, bootstrap=True, bootstrap_iterations=resamples, processes=1)
        return (time.perf_counter() - start) / resamples
    except ImportError:
        return "not installed (0.5.7 from PyPI fails on pandas 3 in its inner model, so it is not in the bench extra)"
    except Exception as exc:  # noqa: BLE001 - any failure means: use the published figure
        return f"fails here ({type(exc).__name__})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 resamples, one run each")
    args = parser.parse_args(argv)
    resamples = 1_000 if args.quick else 5_000
    repeats = 1 if args.quick else 3
    load = os.getloadavg()[0]
    # each run in a fresh process; the time is the one fit_pls call, measured inside it
    with_bca = statistics.median(measure(ours, resamples, True)[2] for _ in range(repeats))
    without = statistics.median(measure(ours, resamples, False)[2] for _ in range(repeats))
    weighted = statistics.median(measure(ours, resamples, True, True)[2] for _ in range(repeats))
    theirs = measure(plspm_python, 20 if args.quick else 100)[2]
    if isinstance(theirs, float):
        peer, source, note = theirs, "measured", "plspm-python measured in this run, one process"
    else:
        peer, source, note = PLSPM_PUBLISHED, "published", f"plspm-python: {theirs}; its published ~0.12 s is used"
    rows = []
    for name, seconds in (("fit_pls, percentile + BCa (jackknife of 250 fits)", with_bca),
                          ("fit_pls, percentile only", without),
                          ("fit_pls, survey weights, percentile + BCa", weighted)):
        per = seconds / resamples
        rows.append([name, seconds, per * 1e3, f"{peer * 1e3:,.0f} ({source})", f"{peer / per:,.0f}x"])
    print_table(f"PLS-SEM bootstrap, ECSI satisfaction (6 constructs, 27 items, n = 250), {resamples:,} resamples, "
                f"median of {repeats} fresh processes; {os.cpu_count()} cores, load average {load:.1f} at start",
                ["", "total s", "ms per resample", "plspm-python ms per resample", "speed-up per resample"], rows)
    print(f"\n{note}\nsurvey weights cost {weighted / with_bca:.2f}x the unweighted bootstrap (same resamples, "
          "each carrying its respondents' weights)")
    if not args.quick:
        verdict = "met" if with_bca < 5 else "NOT met"
        print(f"\ntarget: 5,000 resamples under 5 s -> {verdict} ({with_bca:.2f} s with BCa)")
    print(f"target: per resample >= 100x better than plspm-python -> "
          f"{'met' if peer / (with_bca / resamples) >= 100 else 'NOT met'}")

    n = 50_000 if args.quick else LARGE_N
    os.environ["OPENBLAS_NUM_THREADS"] = "1"  # the fresh processes below: one core, so CPU s = an idle core's s
    load = os.getloadavg()[0]
    point = measure(large, n, 0)
    boot = measure(large, n, LARGE_RESAMPLES)
    rows = [["fit_pls, point estimate only", *point[2], point[1], "1.0x"],
            [f"fit_pls, {LARGE_RESAMPLES:,} resamples, percentile + BCa", *boot[2], boot[1],
             f"{boot[2][1] / point[2][1]:,.1f}x"]]
    print_table(f"PLS-SEM at scale: {n:,} respondents (ECSI satisfaction rows drawn with replacement), one fresh "
                f"process each; {os.cpu_count()} cores, load average {load:.1f} at start",
                ["", "wall s", "CPU s", "peak MB (VmHWM)", "CPU vs point estimate"], rows)
    if not args.quick:
        verdict = "met" if boot[2][1] < 60 and boot[1] < 2048 else "NOT met"
        print(f"\ntarget: {LARGE_N:,} x {LARGE_RESAMPLES:,} with BCa under 60 s within 2 GB -> {verdict} "
              f"({boot[2][1]:.1f} CPU s, {boot[2][0]:.1f} wall s at load {load:.1f}; {boot[1]:,.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
