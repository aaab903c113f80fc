"""Word of mouth as events: who tells, after what, and how many people (seed 002; literature 1a,
1c, 2.5).

Telling is triggered by an experience, never by a standing state: a failure (told at the
failure, before any recovery: the emotion), a complaint kept waiting (venting), a failed
recovery (double deviation) and a good experience. Each has a chance of telling; a teller tells
``1 + NegBin`` people (overdispersed: most tell a few, some very many).

>>> import numpy as np
>>> from recovery.params import WomParams
>>> w = WomParams()
>>> counts = people(np.random.default_rng(1).random(100_000), 20.0, w)
>>> bool(counts.min() >= 1 and 19 < counts.mean() < 21)
True
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit
from scipy.stats import nbinom

from recovery.params import WomParams

__all__ = ["p_tell", "people", "vent_chance", "tell"]


def p_tell(severity: np.ndarray, w: WomParams) -> np.ndarray:
    """Chance that a customer tells others about a failure.

    ``logistic(tell_intercept + tell_severity_slope * severity)``.

    Parameters
    ----------
    severity : numpy.ndarray
        The failure's severity.
    w : recovery.params.WomParams
        ``tell_intercept`` and ``tell_severity_slope``.

    Returns
    -------
    numpy.ndarray
        The chance of telling.

    Examples
    --------
    >>> t = p_tell(np.array([0.1, 0.9]), WomParams())
    >>> bool(0 < t[0] < t[1] < 1)
    True
    """
    return expit(w.tell_intercept + w.tell_severity_slope * np.asarray(severity, float))


def people(u: np.ndarray, mean: float, w: WomParams) -> np.ndarray:
    """People told by a teller, from a uniform.

    1 + negative binomial with mean ``mean - 1`` and size ``told_dispersion`` (inverse CDF, so
    one uniform, one count).

    Parameters
    ----------
    u : numpy.ndarray
        One uniform per teller.
    mean : float
        Mean number of people told.
    w : recovery.params.WomParams
        ``told_dispersion``.

    Returns
    -------
    numpy.ndarray of int
        People told, at least 1.

    Examples
    --------
    >>> people(np.array([0.0, 0.5, 0.99]), 10.0, WomParams()).min()
    np.int64(1)
    """
    rest = max(mean - 1.0, 1e-9)
    k = w.told_dispersion
    return 1 + np.maximum(nbinom.ppf(u, k, k / (k + rest)), 0).astype(np.int64)


def vent_chance(severity: np.ndarray, days: np.ndarray, w: WomParams) -> np.ndarray:
    """Venting: a complainant kept waiting tells (again).

    With chance ``p_tell * (1 - exp(-days / vent_days))``.

    Parameters
    ----------
    severity : numpy.ndarray
        The failure's severity.
    days : numpy.ndarray
        Days the complaint waited.
    w : recovery.params.WomParams
        The telling parameters and ``vent_days``.

    Returns
    -------
    numpy.ndarray
        The chance of venting.

    Examples
    --------
    >>> v = vent_chance(np.full(2, 0.5), np.array([0.0, 30.0]), WomParams())
    >>> bool(v[0] == 0 < v[1])
    True
    """
    return p_tell(severity, w) * (1 - np.exp(-np.asarray(days, float) / w.vent_days))


def tell(u: np.ndarray, failed: np.ndarray, severity: np.ndarray, voiced: np.ndarray, days: np.ndarray,
         failed_recovery: np.ndarray, good: np.ndarray, w: WomParams) -> dict[str, np.ndarray]:
    """This week's tellings of each customer from eight uniforms each.

    Parameters
    ----------
    u : numpy.ndarray
        Uniforms, shape (8, n).
    failed : numpy.ndarray of bool
        Whose encounter failed.
    severity : numpy.ndarray
        The failure's severity.
    voiced : numpy.ndarray of bool
        Who complained.
    days : numpy.ndarray
        Days the complaint waited.
    failed_recovery : numpy.ndarray of bool
        Whose recovery failed (double deviation).
    good : numpy.ndarray of bool
        Who had a good experience.
    w : recovery.params.WomParams
        The telling parameters.

    Returns
    -------
    dict of str to numpy.ndarray
        ``negative`` and ``positive`` (people told), ``at_failure`` (people told at the failure
        itself) and ``failure_tellers`` (failed customers who told anyone, at the failure,
        venting or after a failed recovery).

    Examples
    --------
    >>> z = np.zeros(2, bool)
    >>> out = tell(np.zeros((8, 2)), np.array([True, False]), np.full(2, 0.5), z, np.zeros(2), z, z, WomParams())
    >>> out["failure_tellers"].tolist()
    [True, False]
    """
    n = u.shape[1]
    chance = p_tell(severity, w)
    counts = {}
    for name, (trigger, a, b, mean) in {
            "at_failure": (failed & (u[0] < chance), 0, 1, w.told_bad_mean),
            "vent": (voiced & (u[2] < vent_chance(severity, days, w)), 2, 3, w.told_bad_mean),
            "double_deviation": (failed_recovery & (u[4] < chance), 4, 5, w.told_bad_mean),
            "positive": (good & (u[6] < w.tell_good), 6, 7, w.told_good_mean)}.items():
        c = np.zeros(n, np.int64)
        c[trigger] = people(u[b][trigger], mean, w)
        counts[name] = c
    negative = counts["at_failure"] + counts["vent"] + counts["double_deviation"]
    return {"negative": negative, "positive": counts["positive"], "at_failure": counts["at_failure"],
            "failure_tellers": failed & (negative > 0)}
