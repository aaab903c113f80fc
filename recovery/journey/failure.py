"""Service failures: cause, severity, type and attribution (seed 001; Magnini et al. 2007).

>>> import numpy as np
>>> from recovery.params import FailureParams
>>> f = draw_failures(np.random.default_rng(0).random((4, 100_000)), FailureParams())
>>> round(float((f["cause"] >= 0).mean()), 3)
0.005
"""
from __future__ import annotations

import numpy as np

from recovery.params import CAUSES, FailureParams

__all__ = ["OUTCOME_CAUSES", "draw_failures", "peak"]

#: Causes that hit the outcome (the core product, a promise); the others hit the process.
OUTCOME_CAUSES = ("product_quality", "misleading_promotion")


def draw_failures(u: np.ndarray, p: FailureParams) -> dict[str, np.ndarray]:
    """One encounter for each customer from four uniforms each.

    Which failed, why, how badly (Beta severity by inverse CDF), whose fault.

    Parameters
    ----------
    u : numpy.ndarray
        Uniforms, shape (4, n).
    p : recovery.params.FailureParams
        Failure rates by cause, the severity distribution and the attribution chances.

    Returns
    -------
    dict of str to numpy.ndarray
        Arrays of length n: ``cause`` (index into ``CAUSES``, -1 for no failure), ``severity``,
        ``outcome`` (True for an outcome failure), ``controllable``, ``stable``.

    Examples
    --------
    >>> from recovery.params import FailureParams
    >>> d = draw_failures(np.array([[0.999], [0.5], [0.5], [0.5]]), FailureParams())
    >>> int(d["cause"][0]), float(d["severity"][0])
    (-1, 0.0)
    """
    rates = np.array([p.rates[c] for c in CAUSES])
    cause = np.searchsorted(np.cumsum(rates), u[0], side="right")
    cause = np.where(cause < len(CAUSES), cause, -1)
    failed = cause >= 0
    severity = np.zeros(cause.shape)
    from recovery.journey import _quantiles   # compiled: imported on first draw, not with the package

    severity[failed] = _quantiles.beta(u[1][failed], p.severity_a, p.severity_b)
    p_control = np.array([p.p_controllable[c] for c in CAUSES])[np.maximum(cause, 0)]
    return {
        "cause": cause,
        "severity": severity,
        "outcome": np.isin(cause, [CAUSES.index(c) for c in OUTCOME_CAUSES]),
        "controllable": failed & (u[2] < p_control),
        "stable": failed & (u[3] < p.p_stable),
    }


def peak(felt: np.ndarray, controllable: np.ndarray, stable: np.ndarray, p: FailureParams) -> np.ndarray:
    """The worst moment of the episode.

    The felt disconfirmation of the failure, made worse when the firm is to blame
    (controllable) and when it looks recurring (stable).

    Parameters
    ----------
    felt : numpy.ndarray
        The felt disconfirmation of the failed service.
    controllable, stable : numpy.ndarray of bool
        The failure's attributions.
    p : recovery.params.FailureParams
        ``blame_controllable`` and ``blame_stable``.

    Returns
    -------
    numpy.ndarray
        The worst moment (zero or negative).

    Examples
    --------
    >>> from recovery.params import FailureParams
    >>> w = peak(np.array([-0.2, -0.2]), np.array([False, True]), np.zeros(2, bool), FailureParams())
    >>> bool(w[1] < w[0] < 0)
    True
    """
    blame = 1 + p.blame_controllable * controllable + p.blame_stable * stable
    return np.minimum(felt, 0.0) * blame
