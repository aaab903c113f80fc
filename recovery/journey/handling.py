"""Complaint handling: level, handovers, time to resolution, resolved or not (seeds 000, 003, 004).

>>> import numpy as np
>>> from recovery.params import HandlingParams, Strategy
>>> h = handle(np.full(1000, 0.2), np.ones(1000), np.ones(1000), Strategy(), HandlingParams(),
...            np.random.default_rng(1))
>>> sorted(h)
['days', 'handovers', 'level', 'resolved']
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit, logit

from recovery.params import LEVELS, HandlingParams, Strategy

__all__ = ["handle"]


def handle(severity: np.ndarray, escalate_multiplier: np.ndarray, days_multiplier: np.ndarray,
           strategy: Strategy, p: HandlingParams, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Handle voiced complaints.

    Escalation past the front line grows with severity and with intimidating customers, and
    falls when staff handle the emotion first (seed 004). Of escalated complaints a share goes
    to the regulator (seed 000). Handovers (seed 003) are Poisson by level, each adding
    ``handover_days``. Time to resolution is Gamma (shape 2) around the strategy's
    ``response_days`` scaled by level. Returns ``level`` (index into LEVELS), ``handovers``,
    ``days`` and ``resolved``.
    """
    n = severity.shape[0]
    calm = p.emotion_first_calms if strategy.emotion_first else 1.0
    odds = logit(p.p_escalate) + p.escalate_severity_slope * (severity - 0.5) + np.log(calm * escalate_multiplier + 1e-12)
    escalated = rng.random(n) < expit(odds)
    regulator = escalated & (rng.random(n) < p.p_regulator)
    level = escalated.astype(np.int64) + regulator
    handovers = rng.poisson(np.array([p.handover_rate[k] for k in LEVELS])[level])
    mean_days = (strategy.response_days * np.array([p.level_days[k] for k in LEVELS])[level]
                 * days_multiplier + p.handover_days * handovers)
    days = rng.gamma(2.0, np.maximum(mean_days, 1e-9) / 2.0)
    resolved = rng.random(n) < np.array([p.p_resolve[k] for k in LEVELS])[level]
    return {"level": level, "handovers": handovers, "days": days, "resolved": resolved}
