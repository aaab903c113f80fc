"""Controlled cohorts: one failure episode under set conditions, the way a field study or a
scenario experiment isolates it, run through the simulator's own :func:`recovery.population.encounter`.

A cohort of ``n_customers`` new customers has ordinary weekly encounters (which can fail on their own, as
in the simulator); at period ``failure_at`` every member meets the failure given (or, for the
control, an encounter that does not fail). The cohort is small against the market: its members
hear no word of mouth. Nobody is removed, so each customer's path is the path they would follow
while staying, and ``survival`` (the product of their weekly chances of staying) is exactly the
chance that the simulator would still count them as a customer.

**Repurchase** as TARP's respondents stated it is ``1 - intention``, the intention to buy again
at the episode (the TARP cells of :mod:`recovery.calibration`). As behaviour it means: still a
customer at the end of the ``REPURCHASE_PERIODS``-th week counting the episode's week
(``survival`` its probability, ``repurchase`` a draw).

>>> cells = failure_cohort(None, quality_strategy(1.0), severity=0.02, n_customers=5_000, voiced=True, seed=1)
>>> resolved = cells["resolved"].to_numpy()
>>> control = no_failure_cohort(n_customers=5_000, seed=1)["satisfaction_after"].to_numpy()
>>> bool(cells["satisfaction_after"].to_numpy()[resolved].mean() > control[resolved].mean())
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recovery._seeding import seed_sequence
from recovery._validation import ParameterError, whole
from recovery.params import CAUSES, CUSTOMER_TYPES, LEVELS, Params, Strategy
from recovery.journey._streams import Streams
from recovery.population import DRAWN_STAGES, encounter, initial_population

__all__ = ["REPURCHASE_PERIODS", "CohortRun", "run_cohort", "failure_cohort", "no_failure_cohort",
           "quality_strategy"]

#: Weeks, counting the episode's, a customer must stay to count as having bought again (a month).
REPURCHASE_PERIODS = 4


def quality_strategy(quality: float) -> Strategy:
    """A recovery of overall quality in [0, 1]: every lever improves with it.

    From nothing (no compensation, no apology, a fortnight's wait) to everything (120%
    compensation, apology, explanation, emotion first, the customer's choice, follow-up, the firm
    taking the initiative, same-day answer).

    Parameters
    ----------
    quality : float
        0 (no recovery) to 1 (every lever at its best).

    Returns
    -------
    Strategy
        The levers at that quality.

    References
    ----------
    The levers and their sources: ``docs/model.md`` (recovery stage); Smith, Bolton & Wagner
    (1999) for the justice dimensions they move.

    Examples
    --------
    >>> quality_strategy(0.0).apology, quality_strategy(1.0).compensation
    (False, 1.2)
    """
    quality = float(quality)
    if not 0 <= quality <= 1:
        raise ParameterError(f"quality = {quality!r} is outside the allowed range [0, 1]; 0 is no recovery, 1 "
                             "every lever at its best")
    return Strategy(compensation=round(1.2 * quality, 6), apology=quality >= 0.25,
                    explanation=quality >= 0.4, emotion_first=quality >= 0.55,
                    choice_of_remedy=quality >= 0.7, follow_up=quality >= 0.85, proactive=quality >= 0.95,
                    response_days=round(14 * (1 - quality) + 0.25 * quality, 6))


@dataclass
class CohortRun:
    """What :func:`run_cohort` returns: ``customers`` (one row per member: the episode's stage
    results, ``satisfaction_after`` at the end of the episode's week, ``survival``,
    ``repurchase``, ``told_negative``/``told_positive`` in the episode's week), and per member
    and period ``satisfaction`` and ``survival_path`` (arrays n x periods; survival counts from
    the episode's week)."""

    customers: pd.DataFrame
    satisfaction: np.ndarray
    survival_path: np.ndarray

    def trajectory(self, members=None) -> pd.DataFrame:
        """Mean satisfaction and survival per period, of all members or of a boolean selection."""
        keep = slice(None) if members is None else np.asarray(members, bool)
        periods = np.arange(1, self.satisfaction.shape[1] + 1)
        return pd.DataFrame({"period": periods, "satisfaction": self.satisfaction[keep].mean(axis=0),
                             "survival": self.survival_path[keep].mean(axis=0)})


def run_cohort(params: Params | None = None, strategy: Strategy | None = None, *, severity: float | None,
               n_customers: int = 10_000, periods: int = REPURCHASE_PERIODS, failure_at: int = 1,
               prior_failures: int = 0, gap: int = 4, controllable: bool = False, stable: bool = False,
               outcome: bool = True, voiced: bool | None = None, seed=None) -> CohortRun:
    """Run a cohort of new customers for ``periods`` weeks after a failure episode in week ``failure_at``.

    Parameters
    ----------
    params : Params, optional
        The model (default ``Params()``).
    strategy : Strategy, optional
        How the firm handles complaints (default ``Strategy()``, standard handling).
    severity : float or None
        Severity of the episode's failure in [0, 1]; None is the no-failure control.
    n_customers : int
        Cohort size.
    periods : int
        Weeks followed, counting the episode's.
    failure_at : int
        Week of the (first) failure.
    prior_failures : int
        Earlier failures of the same kind, handled the same way, ``gap`` weeks apart before the
        episode (1 = the episode is a second failure; it moves to week
        ``failure_at + prior_failures * gap``).
    gap : int
        Weeks between repeated failures.
    controllable, stable : bool
        The attribution of the failure.
    outcome : bool
        Failure type: outcome (product quality) if True, process (service attitude) if False.
    voiced : bool or None
        Force everyone to complain (True) or stay silent (False); None draws it.
    seed : int, SeedSequence, Generator or None
        All cohorts run with one seed share their uniforms (:mod:`recovery.journey._streams`):
        the same customers meet the same luck.

    Returns
    -------
    CohortRun
        ``customers`` (one row per member) and per-period ``satisfaction`` and ``survival_path``.

    References
    ----------
    The cohort isolates one episode the way a scenario experiment does (Smith, Bolton & Wagner
    1999; de Matos et al. 2007); the model is described in ``docs/model.md``.

    Examples
    --------
    >>> run = run_cohort(severity=0.3, n_customers=500, periods=3, seed=1)
    >>> run.satisfaction.shape, len(run.customers)
    ((500, 3), 500)
    """
    params = Params() if params is None else params
    strategy = Strategy() if strategy is None else strategy
    n = whole("n_customers", n_customers, low=1)
    failure_at, periods, gap = (whole(name, value, low=1) for name, value in
                                (("failure_at", failure_at), ("periods", periods), ("gap", gap)))
    if severity is not None and not 0 <= severity <= 1:
        raise ParameterError(f"severity = {severity!r} is outside the allowed range [0, 1]; give a share of the "
                             "worst failure, or None for the no-failure control")
    prior_failures = whole("prior_failures", prior_failures, low=0)
    streams = Streams(seed_sequence(seed), n)
    people = initial_population(n, params, streams.draw(0, "population"))
    everyone = np.ones(n, bool)
    if severity is None:
        forced = {"cause": np.full(n, -1), "severity": np.zeros(n), "outcome": ~everyone,
                  "controllable": ~everyone, "stable": ~everyone}
        prior_failures = 0
    else:
        forced = {"cause": np.full(n, CAUSES.index("product_quality" if outcome else "service_attitude")),
                  "severity": np.full(n, float(severity)), "outcome": everyone & outcome,
                  "controllable": everyone & controllable, "stable": everyone & stable}
    episode_at = failure_at + prior_failures * gap
    forced_weeks = {failure_at + k * gap for k in range(prior_failures + 1)}
    survival = np.ones(n)
    total = episode_at + periods - 1
    satisfaction, survival_path = np.empty((n, total)), np.empty((n, total))
    members = None
    for period in range(1, total + 1):
        u = {stage: streams.draw(period, stage) for stage in DRAWN_STAGES}
        at_failure = period in forced_weeks
        people, out = encounter(people, params, strategy, u, failures=forced if at_failure else None,
                                voiced=np.full(n, voiced) if at_failure and voiced is not None else None)
        if period >= episode_at:
            survival = survival * (1 - out["p_leave"])
        if period == episode_at:
            members = pd.DataFrame(out["episode"]) if severity is not None else pd.DataFrame(index=range(n))
            members["intention"] = out["intention"]
            members["satisfaction_after"] = people["satisfaction"]
            members["told_negative"], members["told_positive"] = out["told_negative"], out["told_positive"]
        satisfaction[:, period - 1], survival_path[:, period - 1] = people["satisfaction"], survival
    if severity is not None:
        members["level"] = pd.Categorical.from_codes(members["level"], LEVELS)
        members["quick"] = members["resolved"] & (members["days"] <= params.handling.quick_days)
    members["customer_type"] = pd.Categorical.from_codes(people["ctype"], CUSTOMER_TYPES)
    members["survival"] = survival
    members["repurchase"] = streams.draw(total + 1, "repurchase")[0] < survival
    return CohortRun(members, satisfaction, survival_path)


def failure_cohort(params: Params | None = None, strategy: Strategy | None = None, *, severity: float,
                   n_customers: int = 10_000, prior_failures: int = 0, gap: int = 4, controllable: bool = False,
                   stable: bool = False, outcome: bool = True, voiced: bool | None = None, seed=None) -> pd.DataFrame:
    """The members of a cohort whose first week is a failure of the given severity.

    Runs :func:`run_cohort` over ``REPURCHASE_PERIODS`` weeks.

    Parameters
    ----------
    params : Params, optional
        The model (default ``Params()``).
    strategy : Strategy, optional
        How the firm handles complaints (default ``Strategy()``, standard handling).
    severity : float
        Severity of the episode's failure in [0, 1].
    n_customers : int
        Cohort size.
    prior_failures : int
        Earlier failures of the same kind, ``gap`` weeks apart before the episode.
    gap : int
        Weeks between repeated failures.
    controllable, stable : bool
        The attribution of the failure.
    outcome : bool
        Failure type: outcome (product quality) if True, process (service attitude) if False.
    voiced : bool or None
        Force everyone to complain (True) or stay silent (False); None draws it.
    seed : int, SeedSequence, Generator or None
        Cohorts run with one seed share their uniforms: the same customers meet the same luck.

    Returns
    -------
    pandas.DataFrame
        One row per customer: the episode's stages, ``quick`` (resolved within
        ``HandlingParams.quick_days``), ``satisfaction_after``, ``survival`` and ``repurchase``
        over ``REPURCHASE_PERIODS`` weeks, ``intention`` (to leave, stated at the episode) and
        the people told.

    Examples
    --------
    >>> frame = failure_cohort(severity=0.3, n_customers=1_000, voiced=True, seed=2)
    >>> bool(frame["voiced"].all())
    True
    """
    return run_cohort(params, strategy, severity=severity, n_customers=n_customers, prior_failures=prior_failures,
                      gap=gap, controllable=controllable, stable=stable, outcome=outcome, voiced=voiced,
                      seed=seed).customers


def no_failure_cohort(params: Params | None = None, strategy: Strategy | None = None, *, n_customers: int = 10_000,
                      seed=None) -> pd.DataFrame:
    """The control group: the same kind of customers, a first week without failure.

    Runs :func:`run_cohort` with ``severity=None``.

    Parameters
    ----------
    params : Params, optional
        The model (default ``Params()``).
    strategy : Strategy, optional
        How the firm handles complaints (default ``Strategy()``).
    n_customers : int
        Cohort size.
    seed : int, SeedSequence, Generator or None
        Cohorts run with one seed share their uniforms: the same customers meet the same luck.

    Returns
    -------
    pandas.DataFrame
        One row per customer, as :func:`failure_cohort` without the episode's stages.

    Examples
    --------
    >>> bool(no_failure_cohort(n_customers=2_000, seed=1)["survival"].mean() > 0.95)
    True
    """
    return run_cohort(params, strategy, severity=None, n_customers=n_customers, seed=seed).customers
