"""The recovery: from the firm's levers to justice and recovery satisfaction (literature 2.3).

Named ``remedy`` so it does not shadow the package name. Justice dimensions are on [0, 1].

>>> import numpy as np
>>> from recovery.params import RecoveryParams
>>> p = RecoveryParams()
>>> dj = distributive_justice(np.array([0.0, 0.6, 1.2, 1.5, 2.0]), np.ones(5, bool), p)
>>> [round(float(x), 2) for x in dj]   # S-shaped, steepest 0.6-1.2, declining past 1.5
[0.0, 0.12, 0.88, 0.98, 0.75]
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit

from recovery.params import CAUSES, RecoveryParams, Strategy

__all__ = ["distributive_justice", "procedural_justice", "interactional_justice",
           "recovery_satisfaction", "CAUSE_NEEDS"]

#: Seed 004's cause -> need: quality wants compensation, attitude wants respect, a broken
#: promise wants fulfilment (and an explanation), management wants attention.
CAUSE_NEEDS = {"product_quality": "distributive", "service_attitude": "interactional",
               "misleading_promotion": "distributive", "management": "interactional"}


def distributive_justice(compensation: np.ndarray, outcome: np.ndarray, p: RecoveryParams) -> np.ndarray:
    """Fairness of the outcome from compensation (share of the price).

    Outcome failures (the customer rejects the flawed service): S-shaped, steepest between
    60% and 120% (Gelbrich, Gäthke & Grégoire 2015). Process failures (the service was kept):
    concave, the first money pays most. Beyond ``overcomp_peak`` (~150%, Haesevoets et al.
    2017) more compensation lowers it.
    """
    c = np.asarray(compensation, dtype=float)
    s_curve = (expit((c - p.comp_midpoint) / p.comp_spread) - expit(-p.comp_midpoint / p.comp_spread)) \
        / (1 - expit(-p.comp_midpoint / p.comp_spread))
    concave = 1 - np.exp(-c / p.comp_concave_scale)
    base = np.where(outcome, s_curve, concave)
    return np.clip(base - p.overcomp_decline * np.maximum(c - p.overcomp_peak, 0.0), 0.0, 1.0)


def procedural_justice(days: np.ndarray, handovers: np.ndarray, choice_of_remedy: bool,
                       p: RecoveryParams) -> np.ndarray:
    """Fairness of the process: speed ("the earlier, the more satisfied", seed 001), few
    handovers (seed 003) and letting the customer choose the remedy (seed 001)."""
    speed = np.exp(-np.asarray(days, dtype=float) / p.speed_scale_days)
    smooth = 1 / (1 + 0.5 * np.asarray(handovers, dtype=float))
    return (1 - p.choice_of_remedy) * speed * smooth + p.choice_of_remedy * float(choice_of_remedy)


def interactional_justice(strategy: Strategy, p: RecoveryParams) -> float:
    """Fairness of the treatment: apology, explanation, emotion first, follow-up (seeds 001-004)."""
    return (p.apology * strategy.apology + p.explanation * strategy.explanation
            + p.emotion_first * strategy.emotion_first + p.follow_up * strategy.follow_up)


def recovery_satisfaction(distributive: np.ndarray, procedural: np.ndarray, interactional: np.ndarray,
                          outcome: np.ndarray, cause: np.ndarray, p: RecoveryParams) -> np.ndarray:
    """Satisfaction with the recovery, a weighted mean of the three justice dimensions.

    Weights start at Orsingher et al. (2010)'s order (distributive > interactional >
    procedural), tilt to distributive for outcome failures and to interactional for process
    failures (Smith, Bolton & Wagner 1999), and to what the failure's cause makes the customer
    need (seed 004, ``CAUSE_NEEDS``).
    """
    need = np.array([CAUSE_NEEDS[c] == "distributive" for c in CAUSES])[np.maximum(cause, 0)]
    w_d = p.weight_distributive * (1 + p.type_tilt * outcome) * (1 + p.need_tilt * need)
    w_p = np.full(np.shape(outcome), p.weight_procedural)
    w_i = p.weight_interactional * (1 + p.type_tilt * ~outcome) * (1 + p.need_tilt * ~need)
    return (w_d * distributive + w_p * procedural + w_i * interactional) / (w_d + w_p + w_i)
