"""The recovery paradox: when a failure recovered well leaves customers more satisfied than no
failure at all, and when it does not. Nothing here writes the paradox in: it is read off
cohorts run through the simulator's encounter (:mod:`recovery.cohort`), where it can only come
from the mechanics: delight with a recovery above the recovery expected, the peak-end memory of
the episode, the dread of a failure's recurrence (the reliability belief), a controllable
failure's higher expected recovery, and the expectation learned from an earlier recovery.

>>> grid = paradox_grid([0.05, 0.8], [0.2, 1.0], n=2_000, seed=1)
>>> bool(grid.query("severity == 0.05 and quality == 1.0")["paradox"].item())
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from recovery.cohort import quality_strategy, run_cohort
from recovery.params import Params

__all__ = ["paradox_paths", "paradox_grid", "satisfaction_score", "GROUPS", "SCORE_SPAN"]

GROUPS = ("no_failure", "recovered_well", "recovered_badly", "silent_exit")
#: Satisfaction (disconfirmation units) that maps to 0 and 100 on the classroom scale.
SCORE_SPAN = 0.5


def satisfaction_score(satisfaction):
    """Satisfaction on a 0-100 scale a classroom reads at a glance: one linear map,
    ``50 + 50 * satisfaction / SCORE_SPAN``, clipped to [0, 100]. 50 is neutral (an ordinary
    week met exactly as expected, the no-failure level); differences of satisfaction map to
    ``100 / SCORE_SPAN`` = 100 points per unit.

    >>> satisfaction_score(np.array([-0.5, 0.0, 0.05])).tolist()
    [0.0, 50.0, 55.0]
    """
    return np.clip(50 + 50 * np.asarray(satisfaction, float) / SCORE_SPAN, 0.0, 100.0)


def paradox_paths(severity: float = 0.05, good: float = 1.0, bad: float = 0.2, n: int = 5_000,
                  periods: int = 20, failure_at: int = 4, params: Params | None = None, seed=None) -> pd.DataFrame:
    """Mean satisfaction (the attitude, 0-100: :func:`satisfaction_score`) and survival (the
    behaviour) over time for four groups of
    new customers: no failure; a failure recovered well (complained, resolved, recovery quality
    ``good``, see :func:`recovery.cohort.quality_strategy`); recovered badly (complained,
    recovery quality ``bad``); a failure followed by silence (a silent exit). Ordinary weeks
    before and after; in week ``failure_at`` three groups meet the same failure. All groups share
    their random numbers. Returns long data: period, group, satisfaction, survival.

    >>> paths = paradox_paths(n=500, periods=6, seed=1)
    >>> sorted(paths["group"].unique()) == sorted(GROUPS)
    True
    """
    settings = {"no_failure": (None, None, None), "recovered_well": (severity, quality_strategy(good), True),
                "recovered_badly": (severity, quality_strategy(bad), True), "silent_exit": (severity, None, False)}
    frames = []
    for group, (sev, strategy, voiced) in settings.items():
        run = run_cohort(n, sev, strategy, params, periods=periods - failure_at + 1, failure_at=failure_at,
                         voiced=voiced, seed=seed)
        members = run.customers["resolved"] if group == "recovered_well" else None
        path = run.trajectory(members).assign(group=group)
        path["satisfaction"] = satisfaction_score(path["satisfaction"])
        frames.append(path)
    return pd.concat(frames, ignore_index=True)[["period", "group", "satisfaction", "survival"]]


def paradox_grid(severities, qualities, prior_failures: int = 0, n: int = 4_000,
                 params: Params | None = None, seed=None) -> pd.DataFrame:
    """Satisfaction right after a failure and its recovery minus the no-failure control, in
    points of the 0-100 scale (:func:`satisfaction_score`), over a grid of failure severity x
    recovery quality (:func:`recovery.cohort.quality_strategy`), for a first failure
    (``prior_failures=0``) or a repeated one (the earlier ones four weeks apart, recovered the
    same way), among the complainants whose complaint was resolved (the "recovered" customers of
    the paradox's definition). Every cell shares the control's random numbers (the same
    customers, the same weeks), so the difference is paired; ``se`` is its standard error and
    ``paradox`` is True where it is positive by more than two of them.
    ``repurchase_difference`` is the same comparison for survival over
    :data:`recovery.cohort.REPURCHASE_PERIODS` weeks.
    """
    gap = 4
    control = run_cohort(n, None, None, params, failure_at=1 + prior_failures * gap, seed=seed).customers
    rows = []
    for severity in severities:
        for quality in qualities:
            cell = run_cohort(n, float(severity), quality_strategy(quality), params, voiced=True,
                              prior_failures=prior_failures, gap=gap, seed=seed).customers
            resolved = cell["resolved"].to_numpy()
            diff = (satisfaction_score(cell["satisfaction_after"]) - satisfaction_score(control["satisfaction_after"]))
            diff = diff[resolved]
            se = diff.std(ddof=1) / np.sqrt(diff.size)
            stay = (cell["survival"].to_numpy() - control["survival"].to_numpy())[resolved]
            rows.append((severity, quality, prior_failures, diff.mean(), se, bool(diff.mean() > 2 * se),
                         stay.mean()))
    return pd.DataFrame(rows, columns=["severity", "quality", "prior_failures", "difference", "se", "paradox",
                                       "repurchase_difference"])
