"""Complaint handling: level, handovers, time to resolution, resolved or not, style (seeds 000, 001, 003, 004).

Every random draw is a fixed number of uniforms turned into the quantity by its inverse
distribution function, so two strategies run on the same stream meet the same luck (common
random numbers): a strategy better on every lever is better customer by customer.

>>> import numpy as np
>>> from recovery.params import HandlingParams, Strategy
>>> h = handle(np.full(1000, 0.2), np.ones(1000), np.ones(1000), Strategy(), HandlingParams(),
...            np.random.default_rng(1).random((6, 1000)))
>>> sorted(h)
['compensation', 'days', 'handovers', 'level', 'resolved', 'style_matched']
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit, logit
from scipy.stats import gamma, poisson

from recovery.params import LEVELS, HandlingParams, Strategy

__all__ = ["handle", "REGULATOR", "DAYS_SHAPE"]

REGULATOR = LEVELS.index("regulator")
#: Shape of the Gamma time to resolution (shape 2: rarely instant, a long right tail; assumption).
DAYS_SHAPE = 2.0


def handle(severity: np.ndarray, escalate_multiplier: np.ndarray, days_multiplier: np.ndarray,
           strategy: Strategy, p: HandlingParams, u: np.ndarray) -> dict[str, np.ndarray]:
    """Handle voiced complaints.

    Escalation past the front line (seed 000) grows with severity and with intimidating
    customers (seed 001), and falls when staff handle the emotion first (seed 004); of escalated
    complaints a share goes to the regulator, where compensation is held to the book's level.
    Handovers (seed 003) are Poisson by level, each adding ``handover_days``. Time to resolution
    is Gamma (shape 2) around the strategy's ``response_days`` scaled by level and by the
    procrastinating type. The handler matches the customer's DISC style (seed 003) by chance,
    more often after empathising first.

    Parameters
    ----------
    severity : numpy.ndarray
        The failure's severity.
    escalate_multiplier : numpy.ndarray
        The difficult type's multiplier of the odds of escalation.
    days_multiplier : numpy.ndarray
        The difficult type's multiplier of the time to resolution.
    strategy : recovery.params.Strategy
        The firm's levers (``emotion_first``, ``response_days``, ``compensation``).
    p : recovery.params.HandlingParams
        The handling parameters.
    u : numpy.ndarray
        Six uniforms per complaint, shape (6, n).

    Returns
    -------
    dict of str to numpy.ndarray
        ``level`` (index into ``LEVELS``), ``handovers``, ``days``, ``resolved``,
        ``style_matched`` and the ``compensation`` granted.

    Examples
    --------
    >>> h = handle(np.full(2, 0.2), np.ones(2), np.ones(2), Strategy(), HandlingParams(), np.full((6, 2), 0.5))
    >>> bool(np.all(h["days"] > 0))
    True
    """
    calm = p.emotion_first_calms if strategy.emotion_first else 1.0
    odds = logit(p.p_escalate) + p.escalate_severity_slope * (severity - 0.5) + np.log(calm * escalate_multiplier + 1e-12)
    escalated = u[0] < expit(odds)
    regulator = escalated & (u[1] < p.p_regulator)
    level = escalated.astype(np.int64) + regulator
    handovers = np.maximum(poisson.ppf(u[2], np.array([p.handover_rate[k] for k in LEVELS])[level]), 0).astype(np.int64)
    mean_days = (strategy.response_days * np.array([p.level_days[k] for k in LEVELS])[level]
                 * days_multiplier + p.handover_days * handovers)
    days = gamma.ppf(u[3], DAYS_SHAPE, scale=np.maximum(mean_days, 1e-9) / DAYS_SHAPE)
    resolved = u[4] < np.array([p.p_resolve[k] for k in LEVELS])[level]
    style_matched = u[5] < p.style_match + p.style_match_emotion_first * strategy.emotion_first
    compensation = np.where(level == REGULATOR, min(strategy.compensation, p.regulator_compensation_cap),
                            strategy.compensation)
    return {"level": level, "handovers": handovers, "days": days, "resolved": resolved,
            "style_matched": style_matched, "compensation": compensation}
