"""Calibration: the default model against the seeds' and the literature's figures.

Targets are read from the shipped data sets by key (``literature_parameters``,
``seed_figures``), never retyped. Each is compared with a model output of a defined cohort or
population, all run through the simulator's :func:`recovery.simulate.encounter`:

- TARP repurchase table: a cohort of new customers (:func:`recovery.cohort.run_cohort`) meets
  one failure of a small (severity ``SMALL_PROBLEM``) or large (``LARGE_PROBLEM``) problem,
  product quality, not controllable, not stable, under standard handling (``Strategy()``).
  "Repurchase" = still a customer ``REPURCHASE_PERIODS`` (4) weeks later, counting the
  episode's week (the cohort's mean ``survival``: the chance the simulator keeps them). Cells:
  silent (everyone forced silent) / complained (everyone forced to complain), split by the
  handling's result: unresolved / resolved / resolved quickly (within
  ``HandlingParams.quick_days``).
- 4 of 100 dissatisfied customers' complaints reach the firm: recorded complaints per failure
  (every failure is a dissatisfying episode, seed 001's definition) in a simulated population.
- 91% never come back after very bad service: 1 - repurchase of the large-problem silent cell.
- people told after bad vs good service: people told per teller in a simulated population.
- the paradox's direction (de Matos et al. 2007; Maxham & Netemeyer 2002): after an excellent
  recovery (:func:`recovery.cohort.quality_strategy` 1.0, complaint resolved) of a mild
  (severity ``SMALL_PROBLEM / 2``), first, uncontrollable failure, satisfaction exceeds the
  no-failure control while repurchase and net word of mouth do not; after a second failure
  satisfaction does not (:func:`paradox_check`).

The parameters marked "calibrated" in :mod:`recovery.params` come from :func:`fit_defaults`.

>>> table = calibration_report(n=4_000, seed=3)
>>> list(table.columns)
['target', 'model', 'tolerance', 'ok', 'source']
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import least_squares
from scipy.special import logit

from recovery.cohort import failure_cohort, no_failure_cohort, quality_strategy
from recovery.datasets import load_dataset
from recovery.params import Params, Strategy
from recovery.simulate import simulate

__all__ = ["SMALL_PROBLEM", "LARGE_PROBLEM", "TOLERANCE_TARP", "tarp_cells", "paradox_check",
           "calibration_report", "fit_defaults"]

SMALL_PROBLEM = 0.1   # severity standing for TARP's "< $5" problems
LARGE_PROBLEM = 0.7   # ... and for "> $100" problems
OUTCOMES = ("silent", "unresolved", "resolved", "resolved_quick")
#: Absolute tolerance on a TARP share. Monte Carlo standard error of a cell at n = 20,000 per
#: cohort is below 0.005 (the smallest cell, resolved quickly, has ~1,500 members and the
#: model's exact survival probability is averaged); the rest is the fit of 6 parameters to 8
#: secondary figures (literature 1a: "secondary").
TOLERANCE_TARP = 0.05
#: The complaint iceberg: 0.04 +- 0.005 (Monte Carlo SE of recorded/failures at 20,000 x 26 weeks ~0.001).
TOLERANCE_ICEBERG = 0.005
#: People told: +-2 after bad service (seed 002's "20"), +-1.5 around the 9-12 after good service.
TOLERANCE_TOLD_BAD, TOLERANCE_TOLD_GOOD = 2.0, 1.5


def _literature() -> pd.Series:
    return load_dataset("literature_parameters").set_index("key")["value"]


def _seeds() -> pd.Series:
    return load_dataset("seed_figures").set_index("key")["value"]


def tarp_cells(params: Params | None = None, strategy: Strategy | None = None, n: int = 20_000,
               seed: int = 0) -> pd.DataFrame:
    """Repurchase share by problem size and complaint outcome (TARP's table): the mean survival
    over ``REPURCHASE_PERIODS`` weeks of each cell's members, with the cell's size.

    >>> cells = tarp_cells(n=2_000, seed=1)
    >>> list(cells.columns)
    ['size', 'outcome', 'repurchase', 'n']
    """
    rows = []
    for size, severity in (("minor", SMALL_PROBLEM), ("major", LARGE_PROBLEM)):
        silent = failure_cohort(n, severity, strategy, params, voiced=False, seed=seed)
        voiced = failure_cohort(n, severity, strategy, params, voiced=True, seed=seed + 1)
        groups = {"silent": silent, "unresolved": voiced[~voiced["resolved"]],
                  "resolved": voiced[voiced["resolved"] & ~voiced["quick"]],
                  "resolved_quick": voiced[voiced["quick"]]}
        for outcome in OUTCOMES:
            g = groups[outcome]
            rows.append((size, outcome, g["survival"].mean() if len(g) else np.nan, len(g)))
    return pd.DataFrame(rows, columns=["size", "outcome", "repurchase", "n"])


def paradox_check(params: Params | None = None, n: int = 20_000, seed: int = 0,
                  severity: float = SMALL_PROBLEM / 2) -> dict[str, float]:
    """Differences from the no-failure control after an excellent recovery of a mild, first,
    uncontrollable failure, among the complainants whose complaint was resolved (paired with
    the same customers in the control, which shares the random numbers): ``satisfaction``,
    ``repurchase`` (survival), ``wom`` (people told good minus bad in the episode's week), and
    ``second_failure`` (satisfaction when the same episode is a second failure).

    >>> check = paradox_check(n=4_000, seed=1)
    >>> check["satisfaction"] > 0 > check["second_failure"]
    True
    """
    params = Params() if params is None else params
    control = no_failure_cohort(n, params, seed=seed)
    best = quality_strategy(1.0)
    first = failure_cohort(n, severity, best, params, voiced=True, seed=seed)
    second = failure_cohort(n, severity, best, params, voiced=True, prior_failures=1, seed=seed)

    def versus_control(frame, column):
        resolved = frame["resolved"].to_numpy()
        return float((frame[column].to_numpy() - control[column].to_numpy())[resolved].mean())

    for frame in (first, second, control):
        frame["net_wom"] = frame["told_positive"] - frame["told_negative"]
    return {"satisfaction": versus_control(first, "satisfaction_after"),
            "repurchase": versus_control(first, "survival"), "wom": versus_control(first, "net_wom"),
            "second_failure": versus_control(second, "satisfaction_after")}


def _population_figures(params: Params, n: int, seed: int) -> dict[str, float]:
    run = simulate(params, n_customers=n, periods=26, seed=seed)
    total = run.history[run.history["segment"] == "all"].groupby("measure")["value"].sum()
    return {"recorded_per_failure": total["complaints_recorded"] / total["failures"],
            "voiced_per_failure": total["complaints_voiced"] / total["failures"],
            "told_bad": total["wom_negative_tellings"] / max(total["wom_negative_tellers"], 1),
            "told_good": total["wom_positive_tellings"] / max(total["wom_positive_tellers"], 1)}


def calibration_report(params: Params | None = None, n: int = 20_000, seed: int = 0) -> pd.DataFrame:
    """Every calibration target, the model's value, the tolerance and whether it is met.

    Direction targets have target ``inf`` (the model's value must be > 0) or ``-inf`` (<= 0).
    """
    params = Params() if params is None else params
    lit, seeds = _literature(), _seeds()
    rows = []
    cells = tarp_cells(params, n=n, seed=seed).set_index(["size", "outcome"])["repurchase"]
    for (size, outcome), value in cells.items():
        key = f"repurchase_{size}_{outcome}"
        rows.append((key, lit[key], value, TOLERANCE_TARP, "literature_parameters: " + key))
    rows.append(("repurchase_fast_good_solution", seeds["repurchase_fast_good_solution"],
                 cells[("major", "resolved_quick")], TOLERANCE_TARP, "seed_figures: repurchase_fast_good_solution"))

    population = _population_figures(params, max(n, 20_000), seed)
    rows.append(("complaints_reaching_firm_per_dissatisfied", seeds["complaining_share"],
                 population["recorded_per_failure"], TOLERANCE_ICEBERG, "seed_figures: complaining_share"))
    rows.append(("no_return_after_very_bad_service", seeds["no_return_very_bad_service"],
                 1 - cells[("major", "silent")], TOLERANCE_TARP, "seed_figures: no_return_very_bad_service"))
    rows.append(("people_told_after_bad_service", seeds["wom_told_bad"], population["told_bad"],
                 TOLERANCE_TOLD_BAD, "seed_figures: wom_told_bad"))
    rows.append(("people_told_after_good_service", (seeds["wom_told_good_low"] + seeds["wom_told_good_high"]) / 2,
                 population["told_good"], TOLERANCE_TOLD_GOOD, "seed_figures: wom_told_good_low / wom_told_good_high"))

    paradox = paradox_check(params, n, seed)
    direction = "de Matos et al. 2007 (srp_effect_satisfaction_sign, srp_effect_repurchase_sign)"
    rows.append(("paradox_satisfaction_vs_no_failure (> 0)", np.inf, paradox["satisfaction"], 0.0, direction))
    rows.append(("paradox_repurchase_vs_no_failure (<= 0)", -np.inf, paradox["repurchase"], 0.0, direction))
    rows.append(("paradox_wom_vs_no_failure (<= 0)", -np.inf, paradox["wom"], 0.0, direction))
    rows.append(("second_failure_satisfaction_vs_no_failure (<= 0)", -np.inf, paradox["second_failure"], 0.0,
                 "Maxham & Netemeyer 2002 (srp_max_failures_for_paradox)"))
    table = pd.DataFrame(rows, columns=["measure", "target", "model", "tolerance", "source"]).set_index("measure")
    table["ok"] = [
        bool(m > 0) if t == np.inf else bool(m <= 0) if t == -np.inf else bool(abs(m - t) <= tol)
        for t, m, tol in zip(table["target"], table["model"], table["tolerance"])
    ]
    return table[["target", "model", "tolerance", "ok", "source"]]


def fit_defaults(n: int = 20_000, seed: int = 0, params: Params | None = None) -> dict[str, float]:
    """Refit the parameters marked "calibrated" in :mod:`recovery.params`; returns them by
    ``"stage.field"`` name, to be stored as the defaults.

    The six leaving parameters (``leave_intercept``, ``leave_severity_slope``,
    ``voice_relief``, ``offset_midpoint``, ``offset_steepness``, ``offset_severity_loss``) are
    fitted by least squares to
    the eight TARP cells (:func:`tarp_cells`; common random numbers, and the survival
    probabilities are smooth in these parameters). Then ``p_reach_records`` is set so that
    recorded complaints are 4% of failures (seed 004) given the simulated voice rate.
    Takes a few minutes.
    """
    lit, seeds = _literature(), _seeds()
    base = Params() if params is None else params
    small, large = 1 - lit["repurchase_minor_silent"], 1 - lit["repurchase_major_silent"]
    slope0 = (logit(large) - logit(small)) / (LARGE_PROBLEM - SMALL_PROBLEM)
    targets = np.array([lit[f"repurchase_{s}_{o}"] for s in ("minor", "major") for o in OUTCOMES])
    names = ("outcomes.leave_intercept", "outcomes.leave_severity_slope", "outcomes.voice_relief",
             "outcomes.offset_midpoint", "outcomes.offset_steepness", "outcomes.offset_severity_loss")

    def trial(x):
        return base.with_(**dict(zip(names, map(float, x))))

    def residuals(x):
        return tarp_cells(trial(x), n=n, seed=seed)["repurchase"].to_numpy() - targets

    x0 = [logit(small) - slope0 * SMALL_PROBLEM, slope0, base.outcomes.voice_relief,
          base.outcomes.offset_midpoint, base.outcomes.offset_steepness, base.outcomes.offset_severity_loss]
    upper = [5, 20, 1, 1, 60, base.outcomes.offset_max]
    fit = least_squares(residuals, x0=x0, bounds=([-5, 0, 0, 0, 0.1, 0], upper), diff_step=1e-3)
    fitted = trial(fit.x)
    voiced = _population_figures(fitted, n, seed)["voiced_per_failure"]
    return {**dict(zip(names, map(float, fit.x))),
            "voice.p_reach_records": float(seeds["complaining_share"] / voiced)}
