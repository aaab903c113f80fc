"""Each customer's learned belief in the firm's reliability: a Beta belief about its weekly
failure chance, updated by every encounter and not undone by a recovery (de Matos et al. 2007;
Knox & van Oest 2014; Magnini et al. 2007 for stable failures).

>>> import numpy as np
>>> from recovery.params import Params
>>> p = Params()
>>> a, b = prior(3, p)
>>> a2, b2 = update(a, b, np.array([True, False, True]), np.array([0.1, 0.0, 0.1]),
...                 np.array([False, False, True]), p)
>>> x = extra_failures(a2, b2, p)
>>> bool(x[2] > x[0] > 0 > x[1])
True
"""
from __future__ import annotations

import numpy as np

from recovery.params import Params

__all__ = ["prior", "update", "extra_failures"]


def prior(n_customers: int, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """The starting belief, the steady state of :func:`update` for a customer who meets the
    firm's true weekly failure chance: Beta(rate, 1 - rate) x 1 / (1 - decay) weeks."""
    rate, weeks = params.failure.weekly_rate, 1 / (1 - params.reliability.decay)
    return np.full(n_customers, rate * weeks), np.full(n_customers, (1 - rate) * weeks)


def update(alpha: np.ndarray, beta: np.ndarray, failed: np.ndarray, severity: np.ndarray, stable: np.ndarray,
           params: Params) -> tuple[np.ndarray, np.ndarray]:
    """One week's learning: both counts forget at ``decay``; a failure adds ``1 +
    severity_evidence * severity + stable_evidence * stable`` to alpha, an ordinary week 1 to beta."""
    r = params.reliability
    failed = np.asarray(failed, bool)
    evidence = failed * (1 + r.severity_evidence * severity + r.stable_evidence * stable)
    return r.decay * alpha + evidence, r.decay * beta + ~failed


def extra_failures(alpha: np.ndarray, beta: np.ndarray, params: Params) -> np.ndarray:
    """Failures a year the customer now expects beyond the firm's true rate: 52 x (belief mean -
    true rate); negative after a run of good weeks."""
    return 52 * (alpha / (alpha + beta) - params.failure.weekly_rate)
