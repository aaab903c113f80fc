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
    """The starting belief: the steady state of :func:`update` at the firm's true failure chance.

    Beta(rate, 1 - rate) x 1 / (1 - decay) weeks, for a customer who has met the firm's true
    weekly failure chance.

    Parameters
    ----------
    n_customers : int
        Number of customers.
    params : recovery.params.Params
        The model's parameters (``failure.weekly_rate``, ``reliability.decay``).

    Returns
    -------
    tuple of numpy.ndarray
        ``(alpha, beta)``, each of length ``n_customers``.

    Examples
    --------
    >>> a, b = prior(2, Params())
    >>> bool(np.isclose(a[0] / (a[0] + b[0]), Params().failure.weekly_rate))
    True
    """
    rate, weeks = params.failure.weekly_rate, 1 / (1 - params.reliability.decay)
    return np.full(n_customers, rate * weeks), np.full(n_customers, (1 - rate) * weeks)


def update(alpha: np.ndarray, beta: np.ndarray, failed: np.ndarray, severity: np.ndarray, stable: np.ndarray,
           params: Params) -> tuple[np.ndarray, np.ndarray]:
    """One week's learning of the reliability belief.

    Both counts forget at ``decay``; a failure adds ``1 + severity_evidence * severity +
    stable_evidence * stable`` to alpha, an ordinary week 1 to beta.

    Parameters
    ----------
    alpha, beta : numpy.ndarray
        The Beta belief before the week.
    failed : numpy.ndarray of bool
        Whose encounter failed.
    severity : numpy.ndarray
        The failure's severity (0 without one).
    stable : numpy.ndarray of bool
        Whether the failure looks recurring.
    params : recovery.params.Params
        The model's parameters.

    Returns
    -------
    tuple of numpy.ndarray
        The updated ``(alpha, beta)``.

    Examples
    --------
    >>> a, b = update(np.ones(2), np.ones(2), np.array([True, False]), np.array([0.5, 0.0]),
    ...               np.zeros(2, bool), Params())
    >>> bool(a[0] > a[1] and b[1] > b[0])
    True
    """
    r = params.reliability
    failed = np.asarray(failed, bool)
    evidence = failed * (1 + r.severity_evidence * severity + r.stable_evidence * stable)
    return r.decay * alpha + evidence, r.decay * beta + ~failed


def extra_failures(alpha: np.ndarray, beta: np.ndarray, params: Params) -> np.ndarray:
    """Failures a year the customer now expects beyond the firm's true rate.

    52 x (belief mean - true rate); negative after a run of good weeks.

    Parameters
    ----------
    alpha, beta : numpy.ndarray
        The Beta belief.
    params : recovery.params.Params
        The model's parameters (``failure.weekly_rate``).

    Returns
    -------
    numpy.ndarray
        Expected extra failures a year.

    Examples
    --------
    >>> a, b = prior(1, Params())
    >>> bool(abs(extra_failures(a, b, Params())[0]) < 1e-9)
    True
    """
    return 52 * (alpha / (alpha + beta) - params.failure.weekly_rate)
