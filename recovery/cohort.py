"""Controlled cohorts: one failure episode under set conditions, the way a field study or a
scenario experiment isolates it. The calibration (TARP cells), the paradox charts and the
simulated respondents of scenario experiments all use these, on the same stage functions as
the simulator.

>>> cells = failure_cohort(5_000, severity=0.02, strategy=quality_strategy(1.0), voiced=True, seed=1)
>>> bool(cells["satisfaction_after"].mean() > no_failure_cohort(5_000, seed=1)["satisfaction_after"].mean())
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from recovery.journey import episode, expectations, outcomes
from recovery.params import CUSTOMER_TYPES, LEVELS, Params, Strategy
from recovery.simulate import initial_population

__all__ = ["failure_cohort", "no_failure_cohort", "quality_strategy"]


def quality_strategy(quality: float) -> Strategy:
    """A recovery of overall quality in [0, 1]: every lever improves with it, from nothing
    (no compensation, no apology, a fortnight's wait) to everything (120% compensation,
    apology, explanation, emotion first, the customer's choice, follow-up, same-day answer).

    >>> quality_strategy(0.0).apology, quality_strategy(1.0).compensation
    (False, 1.2)
    """
    quality = float(quality)
    if not 0 <= quality <= 1:
        raise ValueError(f"quality = {quality!r} is outside [0, 1]")
    return Strategy(compensation=round(1.2 * quality, 6), apology=quality >= 0.25,
                    explanation=quality >= 0.4, emotion_first=quality >= 0.55,
                    choice_of_remedy=quality >= 0.7, follow_up=quality >= 0.85,
                    response_days=round(14 * (1 - quality) + 0.25 * quality, 6))


def _population(n, params, rng):
    people = initial_population(n, params, rng)
    ep = params.expectations
    adequate, desired = expectations.zone(people["expectation"], ep, 0.0)
    return people, adequate, desired, rng.normal(ep.performance_mean, ep.performance_sd, n)


def failure_cohort(n: int, severity: float, strategy: Strategy | None = None, params: Params | None = None, *,
                   prior_failures: float = 0.0, controllable: bool = False, stable: bool = False,
                   outcome: bool = True, voiced: bool | None = None, seed=None) -> pd.DataFrame:
    """``n`` customers at the start of their relationship meet one failure of the given
    severity; returns one row per customer with the episode's stages and results.

    ``prior_failures`` is the remembered count of earlier failures (1 = a second failure).
    ``voiced`` forces everyone to complain (True) or stay silent (False); None draws it.
    Columns include ``voiced``, ``resolved``, ``quick`` (resolved within a day),
    ``recovery_satisfaction``, ``satisfaction_after``, ``p_leave``, ``repurchase`` (a draw) and
    ``told_negative`` / ``told_positive``.
    """
    params = Params() if params is None else params
    strategy = Strategy() if strategy is None else strategy
    rng = np.random.default_rng(seed)
    people, adequate, desired, performance = _population(n, params, rng)
    flags = np.ones(n, bool)
    result = episode(
        severity=np.full(n, float(severity)), outcome=flags & outcome, controllable=flags & controllable,
        stable=flags & stable, cause=np.full(n, 0 if outcome else 1), ctype=people["ctype"],
        difficult=people["difficult"], memory=np.full(n, float(prior_failures)), performance=performance,
        adequate=adequate, desired=desired, params=params, strategy=strategy, rng=rng,
        voiced=None if voiced is None else np.full(n, voiced))
    op = params.outcomes
    satisfaction_after = expectations.learn(people["satisfaction"], result["remembered"], op.satisfaction_rate)
    vent = (result["peak"] < op.bad_threshold) & (
        ~result["voiced"] | (rng.random(n) < np.minimum(result["days"] / op.vent_days, 1.0)))
    told_negative, told_positive = outcomes.people_told(np.where(vent, -np.inf, 0.0), satisfaction_after,
                                                        np.full(n, prior_failures + 1.0), op, rng)
    frame = pd.DataFrame({k: v for k, v in result.items()})
    frame["level"] = pd.Categorical.from_codes(result["level"], LEVELS)
    frame["customer_type"] = pd.Categorical.from_codes(people["ctype"], CUSTOMER_TYPES)
    frame["quick"] = result["resolved"] & (result["days"] <= params.handling.quick_days)
    frame["satisfaction_after"] = satisfaction_after
    frame["repurchase"] = rng.random(n) >= result["p_leave"]
    frame["told_negative"], frame["told_positive"] = told_negative, told_positive
    return frame


def no_failure_cohort(n: int, params: Params | None = None, *, seed=None) -> pd.DataFrame:
    """The control group: the same customers, one ordinary encounter without failure."""
    params = Params() if params is None else params
    rng = np.random.default_rng(seed)
    people, adequate, desired, performance = _population(n, params, rng)
    op = params.outcomes
    felt = expectations.disconfirmation(performance, adequate, desired, params.expectations)
    satisfaction_after = expectations.learn(people["satisfaction"], felt, op.satisfaction_rate)
    p_leave = outcomes.period_churn(satisfaction_after, op)
    told_negative, told_positive = outcomes.people_told(felt, satisfaction_after, np.zeros(n), op, rng)
    return pd.DataFrame({"felt": felt, "satisfaction_after": satisfaction_after, "p_leave": p_leave,
                         "repurchase": rng.random(n) >= p_leave, "told_negative": told_negative,
                         "told_positive": told_positive})
