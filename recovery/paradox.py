"""The recovery paradox: when a failure recovered well leaves customers more satisfied than no
failure at all, and when it does not. Nothing here writes the paradox in: it is read off
cohorts run through the simulator's encounter (:mod:`recovery.cohort`), where it can only come
from the mechanics: delight with a recovery above the recovery expected, the peak-end memory of
the episode, the dread of a failure's recurrence (the reliability belief), a controllable
failure's higher expected recovery, and the expectation learned from an earlier recovery.

>>> grid = paradox_grid(severities=[0.05, 0.8], qualities=[0.2, 1.0], n_customers=2_000, seed=1)
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
    """Satisfaction on a 0-100 scale a classroom reads at a glance.

    One linear map, ``50 + 50 * satisfaction / SCORE_SPAN``, clipped to [0, 100]. 50 is neutral
    (an ordinary week met exactly as expected, the no-failure level); differences of satisfaction
    map to ``100 / SCORE_SPAN`` = 100 points per unit.

    Parameters
    ----------
    satisfaction : array_like
        Satisfaction in the model's disconfirmation units.

    Returns
    -------
    numpy.ndarray
        Scores in [0, 100].

    References
    ----------
    The satisfaction scale: ``docs/model.md``.

    Examples
    --------
    >>> satisfaction_score(np.array([-0.5, 0.0, 0.05])).tolist()
    [0.0, 50.0, 55.0]
    """
    return np.clip(50 + 50 * np.asarray(satisfaction, float) / SCORE_SPAN, 0.0, 100.0)


def paradox_paths(params: Params | None = None, *, severity: float = 0.05, good: float = 1.0, bad: float = 0.2,
                  n_customers: int = 5_000, periods: int = 20, failure_at: int = 4, seed=None) -> pd.DataFrame:
    """Satisfaction and survival over time of four groups of new customers, one failure apart.

    The groups: no failure; a failure recovered well (complained, resolved, recovery quality
    ``good``, see :func:`recovery.cohort.quality_strategy`); recovered badly (complained,
    recovery quality ``bad``); a failure followed by silence (a silent exit). Ordinary weeks
    before and after; in week ``failure_at`` three groups meet the same failure. All groups share
    their random numbers (:func:`recovery.cohort.run_cohort`).

    Parameters
    ----------
    params : Params, optional
        The model (default ``Params()``).
    severity : float
        Severity of the failure, in [0, 1] (0.05: a mild failure, the paradox's favourable case;
        de Matos et al. 2007).
    good, bad : float
        Recovery quality, in [0, 1], of the groups recovered well and badly.
    n_customers : int
        Customers per group.
    periods : int
        Weeks shown.
    failure_at : int
        Week of the failure.
    seed : int, SeedSequence, Generator or None
        One seed for all four groups (common random numbers).

    Returns
    -------
    pandas.DataFrame
        Long data: ``period, group, satisfaction`` (the attitude, 0-100:
        :func:`satisfaction_score`), ``survival`` (the behaviour: share still a customer).

    References
    ----------
    de Matos, C. A., Henrique, J. L. & Rossi, C. A. V. (2007). Service recovery paradox: a
    meta-analysis. Journal of Service Research, 10(1).

    Examples
    --------
    >>> paths = paradox_paths(n_customers=500, periods=6, seed=1)
    >>> sorted(paths["group"].unique()) == sorted(GROUPS)
    True
    """
    settings = {"no_failure": (None, None, None), "recovered_well": (severity, quality_strategy(good), True),
                "recovered_badly": (severity, quality_strategy(bad), True), "silent_exit": (severity, None, False)}
    frames = []
    for group, (sev, strategy, voiced) in settings.items():
        run = run_cohort(params, strategy, severity=sev, n_customers=n_customers, periods=periods - failure_at + 1,
                         failure_at=failure_at, voiced=voiced, seed=seed)
        members = run.customers["resolved"] if group == "recovered_well" else None
        path = run.trajectory(members).assign(group=group)
        path["satisfaction"] = satisfaction_score(path["satisfaction"])
        frames.append(path)
    return pd.concat(frames, ignore_index=True)[["period", "group", "satisfaction", "survival"]]


def paradox_grid(params: Params | None = None, *, severities, qualities, prior_failures: int = 0,
                 n_customers: int = 4_000, seed=None) -> pd.DataFrame:
    """Satisfaction after a failure and its recovery against the no-failure control, over a grid.

    The grid is failure severity x recovery quality (:func:`recovery.cohort.quality_strategy`),
    for a first failure (``prior_failures=0``) or a repeated one (the earlier ones four weeks
    apart, recovered the same way), among the complainants whose complaint was resolved (the
    "recovered" customers of the paradox's definition). Every cell shares the control's random
    numbers (the same customers, the same weeks), so the difference is paired.

    Parameters
    ----------
    params : Params, optional
        The model (default ``Params()``).
    severities : sequence of float
        Failure severities, in [0, 1].
    qualities : sequence of float
        Recovery qualities, in [0, 1].
    prior_failures : int
        Earlier failures before the one measured (1: a second failure).
    n_customers : int
        Customers per cell (and in the control).
    seed : int, SeedSequence, Generator or None
        One seed for every cell and the control.

    Returns
    -------
    pandas.DataFrame
        One row per cell: ``severity, quality, prior_failures``, ``difference`` (points of the
        0-100 scale, :func:`satisfaction_score`), its standard error ``se``, ``paradox`` (True
        where the difference is positive by more than two standard errors) and
        ``repurchase_difference`` (the same comparison for survival over
        :data:`recovery.cohort.REPURCHASE_PERIODS` weeks).

    References
    ----------
    Magnini, V. P., Ford, J. B., Markowski, E. P. & Honeycutt, E. D. (2007). The service recovery
    paradox: justifiable theory or smoldering myth? Journal of Services Marketing, 21(3).
    Maxham, J. G. & Netemeyer, R. G. (2002). A longitudinal study of complaining customers'
    evaluations of multiple service failures and recovery efforts. Journal of Marketing, 66(4).

    Examples
    --------
    >>> grid = paradox_grid(severities=[0.05], qualities=[0.0, 1.0], n_customers=1_000, seed=1)
    >>> bool(grid["difference"].iloc[1] > grid["difference"].iloc[0])
    True
    """
    gap = 4
    control = run_cohort(params, None, severity=None, n_customers=n_customers, failure_at=1 + prior_failures * gap,
                         seed=seed).customers
    rows = []
    for severity in severities:
        for quality in qualities:
            cell = run_cohort(params, quality_strategy(quality), severity=float(severity), n_customers=n_customers,
                              voiced=True, prior_failures=prior_failures, gap=gap, seed=seed).customers
            resolved = cell["resolved"].to_numpy()
            diff = (satisfaction_score(cell["satisfaction_after"]) - satisfaction_score(control["satisfaction_after"]))
            diff = diff[resolved]
            se = diff.std(ddof=1) / np.sqrt(diff.size)
            stay = (cell["survival"].to_numpy() - control["survival"].to_numpy())[resolved]
            rows.append((severity, quality, prior_failures, diff.mean(), se, bool(diff.mean() > 2 * se),
                         stay.mean()))
    return pd.DataFrame(rows, columns=["severity", "quality", "prior_failures", "difference", "se", "paradox",
                                       "repurchase_difference"])
