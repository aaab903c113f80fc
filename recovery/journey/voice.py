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
    """Chance that a dissatisfied customer complains, by severity, customer type (seed 004)
    and the chance of success they expect; the sceptical weigh that chance three times as much.
    Difficult types (seed 001) multiply it (chronic complainers up, silent types down)."""
    intercept = np.array([p.voice_intercept[t] for t in CUSTOMER_TYPES])[ctype]
    success = p.success_slope * np.where(ctype == _SCEPTICAL, 3.0, 1.0) * (p.expected_success - 0.5)
    return np.clip(expit(intercept + p.severity_slope * severity + success) * voice_multiplier, 0.0, 1.0)


def decide(p_complain: np.ndarray, p: VoiceParams, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(voiced, recorded) from two uniforms per customer (``u``, shape (2, n)): a voiced
    complaint reaches the firm's records with ``p_reach_records``."""
    voiced = u[0] < p_complain
    return voiced, voiced & (u[1] < p.p_reach_records)
