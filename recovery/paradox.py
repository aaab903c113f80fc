"""The recovery paradox: when a failure recovered well leaves customers more satisfied than no
failure at all, and when it does not. Nothing here writes the paradox in: it is read off
cohorts run through the journey's stage functions (:mod:`recovery.cohort`).

>>> grid = paradox_grid([0.05, 0.8], [0.2, 1.0], n=2_000, seed=1)
>>> bool(grid.query("severity == 0.05 and quality == 1.0")["paradox"].item())
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from recovery.cohort import failure_cohort, no_failure_cohort, quality_strategy
from recovery.journey import expectations
from recovery.params import Params

__all__ = ["paradox_paths", "paradox_grid", "GROUPS"]

GROUPS = ("no_failure", "recovered_well", "recovered_badly", "silent_exit")


def paradox_paths(severity: float = 0.05, good: float = 1.0, bad: float = 0.2, n: int = 5_000,
                  periods: int = 20, failure_at: int = 4, params: Params | None = None, seed=None) -> pd.DataFrame:
    """Mean satisfaction over time for four groups: no failure; a failure recovered well
    (recovery quality ``good``); recovered badly (``bad``); a failure followed by silence.

    Every group has ordinary encounters before and after; at ``failure_at`` three of them meet
    a failure of the given severity. Returns long data: period, group, satisfaction.
    """
    params = Params() if params is None else params
    seeds = np.random.SeedSequence(seed).spawn(len(GROUPS) + 1)
    rng = np.random.default_rng(seeds[-1])
    ep, op = params.expectations, params.outcomes
    episodes = {
        "recovered_well": failure_cohort(n, severity, quality_strategy(good), params, voiced=True, seed=seeds[1]),
        "recovered_badly": failure_cohort(n, severity, quality_strategy(bad), params, voiced=True, seed=seeds[2]),
        "silent_exit": failure_cohort(n, severity, None, params, voiced=False, seed=seeds[3]),
    }
    rows = []
    for group in GROUPS:
        sat = np.zeros(n)
        for period in range(1, periods + 1):
            if period == failure_at and group != "no_failure":
                experience = episodes[group]["remembered"].to_numpy()
            else:
                performance = rng.normal(ep.performance_mean, ep.performance_sd, n)
                adequate, desired = expectations.zone(np.full(n, ep.performance_mean), ep, 0.0)
                experience = expectations.disconfirmation(performance, adequate, desired, ep)
            sat = expectations.learn(sat, experience, op.satisfaction_rate)
            rows.append((period, group, sat.mean()))
    return pd.DataFrame(rows, columns=["period", "group", "satisfaction"])


def paradox_grid(severities, qualities, prior_failures: float = 0.0, n: int = 4_000,
                 params: Params | None = None, seed=None) -> pd.DataFrame:
    """Satisfaction after a failure and its recovery minus the no-failure control, over a grid
    of failure severity x recovery quality (:func:`recovery.cohort.quality_strategy`), for a
    first failure (``prior_failures=0``) or a repeated one. ``paradox`` is True where the
    difference is positive by more than two standard errors.
    """
    params = Params() if params is None else params
    cells = [(s, q) for s in severities for q in qualities]
    children = np.random.SeedSequence(seed).spawn(len(cells) + 1)
    control = no_failure_cohort(n, params, seed=children[-1])["satisfaction_after"]
    rows = []
    for (severity, quality), child in zip(cells, children):
        after = failure_cohort(n, severity, quality_strategy(quality), params, voiced=True,
                               prior_failures=prior_failures, seed=child)["satisfaction_after"]
        diff = after.mean() - control.mean()
        se = np.sqrt(after.var() / n + control.var() / n)
        rows.append((severity, quality, prior_failures, diff, se, diff > 2 * se))
    return pd.DataFrame(rows, columns=["severity", "quality", "prior_failures", "difference", "se", "paradox"])
