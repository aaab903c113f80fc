"""Voice or silent exit: who complains, and whose complaint reaches the firm (seed 004; TARP).

>>> import numpy as np
>>> from recovery.params import CUSTOMER_TYPES, VoiceParams
>>> types = np.array([CUSTOMER_TYPES.index("negotiator"), CUSTOMER_TYPES.index("indifferent")])
>>> p = p_voice(np.array([0.5, 0.5]), types, np.ones(2), VoiceParams())
>>> bool(p[0] > p[1])
True
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit

from recovery.params import CUSTOMER_TYPES, VoiceParams

__all__ = ["p_voice", "decide"]

_SCEPTICAL = CUSTOMER_TYPES.index("sceptical")


def p_voice(severity: np.ndarray, ctype: np.ndarray, voice_multiplier: np.ndarray,
            p: VoiceParams) -> np.ndarray:
    """Chance that a dissatisfied customer complains.

    By severity, customer type (seed 004) and the chance of success they expect; the sceptical
    weigh that chance three times as much. Difficult types (seed 001) multiply it (chronic
    complainers up, silent types down).

    Parameters
    ----------
    severity : numpy.ndarray
        The failure's severity.
    ctype : numpy.ndarray of int
        Index into ``recovery.params.CUSTOMER_TYPES``.
    voice_multiplier : numpy.ndarray
        The difficult type's multiplier.
    p : recovery.params.VoiceParams
        Intercepts by type and the slopes.

    Returns
    -------
    numpy.ndarray
        The chance of complaining, in [0, 1].

    Examples
    --------
    >>> t = np.full(2, CUSTOMER_TYPES.index("rational"))
    >>> v = p_voice(np.array([0.1, 0.9]), t, np.ones(2), VoiceParams())
    >>> bool(v[0] < v[1])
    True
    """
    intercept = np.array([p.voice_intercept[t] for t in CUSTOMER_TYPES])[ctype]
    success = p.success_slope * np.where(ctype == _SCEPTICAL, 3.0, 1.0) * (p.expected_success - 0.5)
    return np.clip(expit(intercept + p.severity_slope * severity + success) * voice_multiplier, 0.0, 1.0)


def decide(p_complain: np.ndarray, p: VoiceParams, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Who complains and whose complaint reaches the firm, from two uniforms per customer.

    A voiced complaint reaches the firm's records with ``p_reach_records``.

    Parameters
    ----------
    p_complain : numpy.ndarray
        The chance of complaining (:func:`p_voice`).
    p : recovery.params.VoiceParams
        ``p_reach_records``.
    u : numpy.ndarray
        Uniforms, shape (2, n).

    Returns
    -------
    tuple of numpy.ndarray of bool
        ``(voiced, recorded)``.

    Examples
    --------
    >>> voiced, recorded = decide(np.array([0.5, 0.5]), VoiceParams(), np.array([[0.1, 0.9], [0.0, 0.0]]))
    >>> voiced.tolist(), recorded.tolist()
    ([True, False], [True, False])
    """
    voiced = u[0] < p_complain
    return voiced, voiced & (u[1] < p.p_reach_records)
