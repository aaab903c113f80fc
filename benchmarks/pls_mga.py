"""PLS multi-group analysis on ECSI (`ecsi_satisfaction`, women vs men, the six-construct model):
MICOM and MGA with 5,000 permutations, and Henseler's bootstrap MGA beside seminr's port.

    python benchmarks/pls_mga.py [--quick]

The seminr Python port (GPL-3.0) has Henseler's bootstrap MGA (``estimate_pls_mga``) and no
permutation MGA or MICOM. It is never a dependency: it runs, when present, from a separate
environment (``SEMINR_PYTHON``, default ``/tmp/seminr-venv/bin/python``; create it with
``python3 -m venv /tmp/seminr-venv && /tmp/seminr-venv/bin/pip install seminr``) in a subprocess,
timing only its ``estimate_pls_mga`` call; without it the row says why. Same model, same data,
same number of resamples per group. The machine is shared: the load average is printed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import measure, print_table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONSTRUCTS = ("IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY")
PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"), ("EXPE", "SAT"),
         ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]


def ours(what: str, count: int) -> float:
    import recovery
    from recovery.survey import micom, pls_mga

    data = recovery.load_dataset("ecsi_satisfaction")
    model = recovery.datasets.dataset_model("ecsi_satisfaction")  # CONSTRUCTS and PATHS, as seminr's run below
    if what == "micom":
        res = micom(model, data, group="gender", permutations=count, seed=1)
        return len(res.compositional_)
    out = pls_mga(model, data, group="gender", method=what, permutations=max(count, 100), bootstrap=count, seed=1)
    return len(out.paths_)


SEMINR = textwrap.dedent("""
    import csv, sys, time
    import numpy as np
    from seminr import estimate_pls, estimate_pls_mga
    from seminr.estimate.data import Dataset
    from seminr.specify.constructs import composite, constructs
    from seminr.specify.relationships import paths, relationships
    rows = list(csv.reader(open(sys.argv[1])))
    cols, rows = rows[0][1:], [r[1:] for r in rows[1:]]
    blocks = {k: [c for c in cols if c.startswith(k.lower())] for k in %(constructs)r}
    items = [i for v in blocks.values() for i in v]
    data = Dataset(tuple(items), np.array([[float(r[cols.index(i)]) for i in items] for r in rows]))
    female = np.array([r[cols.index("gender")] == "female" for r in rows])
    mm = constructs(*[composite(k, v) for k, v in blocks.items()])
    sm = relationships(*[paths(a, b) for a, b in %(paths)r])
    fit = estimate_pls(data, mm, sm)
    start = time.perf_counter()
    estimate_pls_mga(fit, female, nboot=int(sys.argv[2]), seed=1)
    print(time.perf_counter() - start)
""") % {"constructs": CONSTRUCTS, "paths": PATHS}


def seminr(resamples: int):
    python = os.environ.get("SEMINR_PYTHON", "/tmp/seminr-venv/bin/python")
    if not Path(python).exists():
        return None, f"seminr port not found at {python} (set SEMINR_PYTHON); skipped"
    run = subprocess.run([python, "-c", SEMINR, str(ROOT / "datasets" / "ecsi_satisfaction.csv"), str(resamples)],
                         capture_output=True, text=True, timeout=3600)
    if run.returncode:
        return None, "seminr failed: " + run.stderr.strip().splitlines()[-1]
    return float(run.stdout.strip().splitlines()[-1]), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 permutations/resamples instead of 5,000")
    args = parser.parse_args()
    count = 500 if args.quick else 5000
    print(f"load average at start: {os.getloadavg()[0]:.2f}; {count:,} permutations / resamples per group")
    rows = []
    for what, label in (("micom", f"recovery micom, {count:,} permutations"),
                        ("permutation", f"recovery pls_mga permutation, {count:,} permutations + {count:,} "
                                        "bootstrap per group"),
                        ("henseler", f"recovery pls_mga henseler, {count:,} bootstrap per group")):
        seconds, peak, _ = measure(ours, what, count, warmup=(what, 100))
        rows.append((label, seconds, peak))
    theirs, why = seminr(count)
    henseler = rows[-1][1]
    table = [(name, f"{s:.2f}", f"{p:.0f}", "") for name, s, p in rows]
    if theirs is None:
        table.append((f"seminr-py estimate_pls_mga, {count:,} bootstrap per group", "-", "-", why))
    else:
        table.append((f"seminr-py estimate_pls_mga, {count:,} bootstrap per group", f"{theirs:.2f}", "-",
                      f"{theirs / henseler:.0f}x recovery's henseler"))
    print_table("PLS-MGA and MICOM on ECSI (women vs men)", ["run", "seconds", "peak MB", "note"], table)


if __name__ == "__main__":
    main()
