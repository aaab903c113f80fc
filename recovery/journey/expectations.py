"""Expectations: where they come from, the zone of tolerance, and how performance is judged (seed 000).

>>> import numpy as np
>>> from recovery.params import ExpectationParams
>>> p = ExpectationParams()
>>> adequate, desired = zone(np.array([0.6]), p, setting=0.0)
>>> float(adequate[0]), float(desired[0])
(0.5, 0.7)
>>> round(float(disconfirmation(np.array([0.4]), adequate, desired, p)[0]), 3)  # a basic need missed
-0.23
"""
from __future__ import annotations

import numpy as np

from recovery.params import ExpectationParams

__all__ = ["predicted", "zone", "disconfirmation", "learn"]


def predicted(past: np.ndarray, wom: np.ndarray, needs: np.ndarray, p: ExpectationParams) -> np.ndarray:
    """Predicted expectation from seed 000's three sources: past experience, word of mouth, personal needs."""
    return p.weight_past * past + p.weight_wom * wom + p.weight_needs * needs


def zone(expected: np.ndarray, p: ExpectationParams, setting: float) -> tuple[np.ndarray, np.ndarray]:
    """The zone of tolerance (adequate, desired) around the predicted expectation.

    A firm that states its standards and commitments (``setting`` in [0, 1], seed 000) lowers
    the expectation and narrows the zone, which changes every later disconfirmation.
    """
    centre = expected - p.setting_lowers * setting
    narrow = 1 - p.setting_narrows * setting
    return centre + p.adequate_offset * narrow, centre + p.desired_offset * narrow


def disconfirmation(performance: np.ndarray, adequate: np.ndarray, desired: np.ndarray,
                    p: ExpectationParams) -> np.ndarray:
    """How performance is felt against the zone of tolerance, in three need tiers (Kano).

    Below ``adequate`` a basic need is missed: penalty only, ``basic_weight`` per unit. Inside
    the zone an expected need moves satisfaction gently (``in_zone_slope``). Above ``desired``
    a delighter: reward only, ``delight_weight`` per unit.
    """
    below = np.minimum(performance - adequate, 0.0)
    above = np.maximum(performance - desired, 0.0)
    inside = np.clip(performance, adequate, desired) - (adequate + desired) / 2
    return p.basic_weight * below + p.in_zone_slope * inside + p.delight_weight * above


def learn(current: np.ndarray, observed: np.ndarray, rate: float) -> np.ndarray:
    """Exponential smoothing toward what was observed (RM-1's expectation and satisfaction updates)."""
    return current + rate * (observed - current)
