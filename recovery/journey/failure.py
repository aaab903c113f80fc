"""Service failures: cause, severity, type and attribution (seed 001; Magnini et al. 2007).

>>> import numpy as np
>>> from recovery.params import FailureParams
>>> f = draw_failures(100_000, FailureParams(), np.random.default_rng(0))
>>> round(float((f["cause"] >= 0).mean()), 3)
0.013
"""
from __future__ import annotations

import numpy as np

from recovery.params import CAUSES, FailureParams

__all__ = ["OUTCOME_CAUSES", "draw_failures", "severity_draws", "peak"]

#: Causes that hit the outcome (the core product, a promise); the others hit the process.
OUTCOME_CAUSES = ("product_quality", "misleading_promotion")


def severity_draws(n: int, p: FailureParams, rng: np.random.Generator) -> np.ndarray:
    """Failure severity on [0, 1] (the share of performance lost)."""
    return rng.beta(p.severity_a, p.severity_b, size=n)


def draw_failures(n: int, p: FailureParams, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One encounter for each of ``n`` customers: which failed, why, how badly, whose fault.

    Returns arrays of length n: ``cause`` (index into ``CAUSES``, -1 for no failure),
    ``severity``, ``outcome`` (True for an outcome failure), ``controllable``, ``stable``.
    """
    rates = np.array([p.rates[c] for c in CAUSES])
    u = rng.random(n)
    cause = np.searchsorted(np.cumsum(rates), u, side="right")
    cause = np.where(cause < len(CAUSES), cause, -1)
    failed = cause >= 0
    severity = np.where(failed, severity_draws(n, p, rng), 0.0)
    p_control = np.array([p.p_controllable[c] for c in CAUSES])[np.maximum(cause, 0)]
    outcome_idx = [CAUSES.index(c) for c in OUTCOME_CAUSES]
    return {
        "cause": cause,
        "severity": severity,
        "outcome": np.isin(cause, outcome_idx),
        "controllable": failed & (rng.random(n) < p_control),
        "stable": failed & (rng.random(n) < p.p_stable),
    }


def peak(felt: np.ndarray, controllable: np.ndarray, stable: np.ndarray, memory: np.ndarray,
         p: FailureParams, repeat_amplifies: float) -> np.ndarray:
    """The worst moment of the episode: the felt disconfirmation of the failure, made worse
    when the firm is to blame (controllable), when it looks recurring (stable), and by the
    memory of earlier failures (Maxham & Netemeyer 2002)."""
    blame = 1 + p.blame_controllable * controllable + p.blame_stable * stable
    return np.minimum(felt, 0.0) * blame * (1 + repeat_amplifies * memory)
