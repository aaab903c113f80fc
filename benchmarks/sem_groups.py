"""CB-SEM across groups: the measurement-invariance ladder on ECSI (``ecsi_satisfaction`` by gender).

    python benchmarks/sem_groups.py [--quick]

The ladder is configural, metric, scalar, strict (four joint two-group fits, each with its
baseline model for CFI), with ML and with MLR (Yuan-Bentler test, sandwich SEs). Peers in the
same run, each in a fresh process:

- semopy 2.3 does the part it can: the configural model, fitted group by group (it has no
  equality constraints across groups, so metric, scalar and strict cannot be fitted, nor MLR);
  its chi-square sum is printed beside ours as a check that the work is the same.
- lavaan 0.6 (R), when ``Rscript`` is on the PATH: the same ladder, timed inside R (R's start-up
  and package loading excluded).

A second table times WLSMV (ordered items: thresholds, polychoric correlations and their
asymptotic covariance, DWLS, robust SEs, scaled-and-shifted test) on the same ECSI items merged
into 6 categories (0-5 | 6 | 7 | 8 | 9 | 10), in one group and configural by gender, beside
lavaan's ``sem(..., ordered = TRUE, estimator = "WLSMV")``. semopy cannot do this work: it has
no WLSMV (no asymptotic covariance of polychorics, no robust SEs or scaled test), and its
polychoric routine (``semopy.polycorr``) calls ``scipy.stats.mvn.mvnun``, removed in SciPy 1.17,
so it fails before any estimate.

The machine is shared, so the load average at the start is printed with the table.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import median_run, print_table  # noqa: E402

MODEL = """IMAG =~ imag1 + imag2 + imag3 + imag4
SAT =~ sat1 + sat2 + sat3
LOY =~ loy1 + loy2 + loy3
SAT ~ IMAG
LOY ~ SAT + IMAG"""
LEVELS = ("configural", "metric", "scalar", "strict")


def ours(estimator: str):
    """(seconds, configural chi-square) of recovery.survey.invariance."""
    import time

    import recovery
    from recovery.survey import invariance

    data = recovery.load_dataset("ecsi_satisfaction")
    start = time.perf_counter()
    table = invariance(MODEL, data, group="gender", levels=LEVELS, estimator=estimator)
    return time.perf_counter() - start, float(table["chi2"].iloc[0])


def semopy_configural():
    """(seconds, sum of the groups' chi-squares) of semopy fitting each group on its own."""
    import time
    import warnings

    import semopy

    import recovery

    data = recovery.load_dataset("ecsi_satisfaction")
    start = time.perf_counter()
    chi2 = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, part in data.groupby("gender", sort=False):
            model = semopy.Model(MODEL)
            model.fit(part.drop(columns="gender"))
            chi2 += float(semopy.calc_stats(model).T["Value"]["chi2"])
    return time.perf_counter() - start, chi2


def lavaan(estimator: str):
    """(seconds, configural chi-square; scaled for MLR) of lavaan's ladder timed inside R, or None
    without R."""
    return _rscript(f"""
        m <- "{MODEL.replace(chr(10), '; ')}"
        eq <- list("", "loadings", c("loadings", "intercepts"), c("loadings", "intercepts", "residuals"))
        stat <- if ("{estimator}" == "MLR") "chisq.scaled" else "chisq"
        t <- system.time({{  # the fits and their fit measures, as invariance() computes them
          fits <- lapply(eq, function(e) sem(m, d, group = "gender", group.equal = e, estimator = "{estimator}"))
          x <- sapply(fits, fitMeasures, c(stat, "cfi", "rmsea", "srmr"))
        }})
        cat(t[["elapsed"]], x[1, 1], "\\n")
    """)


def _rscript(body):
    """(seconds, statistic) printed by an R script that runs ``body`` on the ECSI data ``d`` with
    lavaan loaded, or None without R or if R fails."""
    if shutil.which("Rscript") is None:
        return None
    data = Path(__file__).resolve().parent.parent / "datasets" / "ecsi_satisfaction.csv"
    script = textwrap.dedent(f"""
        suppressMessages(library(lavaan))
        d <- read.csv("{data}")[, -1]
    """) + textwrap.dedent(body)
    out = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True)
    if out.returncode:
        return None
    seconds, chi2 = map(float, out.stdout.split())
    return seconds, chi2


def _six_categories(data):
    items = [v for v in data.columns if v[:-1] in ("imag", "sat", "loy") and v in MODEL]
    import pandas as pd

    return data[items].apply(lambda x: pd.cut(x, [-1, 5, 6, 7, 8, 9, 10], labels=False)).assign(gender=data["gender"])


def ours_wlsmv():
    """(seconds, configural scaled chi-square) of fit_sem with WLSMV, one group and configural."""
    import time

    import recovery
    from recovery.survey import fit_sem

    data = _six_categories(recovery.load_dataset("ecsi_satisfaction"))
    start = time.perf_counter()
    fit_sem(MODEL, data, estimator="WLSMV", ordered=True)
    res = fit_sem(MODEL, data, estimator="WLSMV", ordered=True, group="gender")
    return time.perf_counter() - start, res.fit_indices_["chi2_scaled"]


def lavaan_wlsmv():
    """(seconds, configural scaled chi-square) of lavaan's two WLSMV fits timed inside R, or None."""
    return _rscript(f"""
        items <- c(paste0("imag", 1:4), paste0("sat", 1:3), paste0("loy", 1:3))
        for (v in items) d[[v]] <- cut(d[[v]], c(-Inf, 5, 6, 7, 8, 9, Inf), labels = FALSE)
        m <- "{MODEL.replace(chr(10), '; ')}"
        t <- system.time({{
          one <- sem(m, d, ordered = items, estimator = "WLSMV")
          two <- sem(m, d, ordered = items, estimator = "WLSMV", group = "gender")
          x <- fitMeasures(two, c("chisq.scaled", "cfi.scaled", "rmsea.scaled"))
        }})
        cat(t[["elapsed"]], x[[1]], "\\n")
    """)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each instead of three")
    repeats = 1 if parser.parse_args().quick else 3
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    rows = []
    base = {}
    for estimator in ("ML", "MLR"):
        seconds, _, (inner, chi2) = median_run(ours, (estimator,), repeats)
        base[estimator] = inner
        rows.append([f"recovery ({estimator})", "4 levels, joint groups", inner, 1.0, chi2])
        r = lavaan(estimator)
        if r is None:
            rows.append([f"lavaan ({estimator})", "not run (no Rscript)", float("nan"), float("nan"), float("nan")])
        else:
            rows.append([f"lavaan ({estimator})", "4 levels, joint groups", r[0], r[0] / inner, r[1]])
    seconds, _, (inner, chi2) = median_run(semopy_configural, (), repeats)
    rows.append(["semopy (ML)", "configural only, groups apart", inner, inner / base["ML"], chi2])
    rows.append(["semopy", "metric, scalar, strict, MLR", "cannot", "", ""])
    print_table("Invariance ladder on ECSI by gender (seconds; ratio = peer / recovery)",
                ["tool", "work", "seconds", "ratio", "configural chi2"], rows)
    seconds, _, (inner, chi2) = median_run(ours_wlsmv, (), repeats)
    rows = [["recovery (WLSMV)", "one group + configural", inner, 1.0, chi2]]
    r = lavaan_wlsmv()
    if r is None:
        rows.append(["lavaan (WLSMV)", "not run (no Rscript)", float("nan"), float("nan"), float("nan")])
    else:
        rows.append(["lavaan (WLSMV)", "one group + configural", r[0], r[0] / inner, r[1]])
    rows.append(["semopy", "WLSMV (polychoric Gamma, scaled test)", "cannot", "", ""])
    print_table("Ordered items (WLSMV) on ECSI merged into 6 categories (seconds; ratio = peer / recovery)",
                ["tool", "work", "seconds", "ratio", "configural scaled chi2"], rows)


if __name__ == "__main__":
    main()
