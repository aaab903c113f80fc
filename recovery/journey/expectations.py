"""Expectations: where they come from, the zone of tolerance, and how performance is judged (seed 000).

Seed 000: an expectation is the level the customer believes the service should reach, formed
from past experience, word of mouth and personal needs; needs come in three tiers (basic,
expected, delight); the firm can control expectations by stating standards and commitments,
and lower them during a complaint by saying what can and cannot be met.

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

from recovery.params import ExpectationParams, Params, WomParams

__all__ = ["predicted", "zone", "disconfirmation", "learn", "learn_past", "update_wom", "recovery_zone",
           "learn_recovery"]


def predicted(past: np.ndarray, wom: np.ndarray, needs: np.ndarray, p: ExpectationParams) -> np.ndarray:
    """Predicted expectation from seed 000's three sources: past experience, word of mouth, personal
    needs, weighted by ``weight_past``, ``weight_wom``, ``weight_needs``."""
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
    """How performance is felt against the zone of tolerance, in three need tiers (Kano; seed 000).

    Below ``adequate`` a basic need is missed: penalty only, ``basic_weight`` per unit. Inside
    the zone an expected need moves satisfaction gently (``in_zone_slope``). Above ``desired``
    a delighter: reward only, ``delight_weight`` per unit. Monotone in performance.
    """
    below = np.minimum(performance - adequate, 0.0)
    above = np.maximum(performance - desired, 0.0)
    inside = np.clip(performance, adequate, desired) - (adequate + desired) / 2
    return p.basic_weight * below + p.in_zone_slope * inside + p.delight_weight * above


def learn(current: np.ndarray, observed: np.ndarray, rate: float) -> np.ndarray:
    """Exponential smoothing toward what was observed (RM-1's expectation and satisfaction updates)."""
    return current + rate * (observed - current)


def update_wom(wom: np.ndarray, heard: np.ndarray, past: np.ndarray, p: WomParams) -> np.ndarray:
    """The word-of-mouth source of the expectation after hearing ``heard`` net stories (good minus
    bad): each moves it by ``wom_shift``; old stories fade toward the customer's own experience.

    >>> update_wom(np.array([0.6]), np.array([-2.0]), np.array([0.6]), WomParams()).round(3)
    array([0.55])
    """
    return learn(wom, past, p.wom_fade) + p.wom_shift * heard


def learn_past(past: np.ndarray, performance: np.ndarray, failed: np.ndarray, p: ExpectationParams) -> np.ndarray:
    """Past experience learns from ordinary encounters only (RM-1's beta); a failure is learned
    by the reliability belief (:mod:`recovery.journey.reliability`), not here."""
    return np.where(failed, past, learn(past, performance, p.learning_rate))


def recovery_zone(severity: np.ndarray, handovers: np.ndarray, controllable: np.ndarray, learned: np.ndarray,
                  setting: float, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """The zone of tolerance for the recovery itself: (adequate, desired) recovery satisfaction.

    It rises with the failure's severity (a recovery commensurate with the loss: Smith, Bolton &
    Wagner 1999), with every handover (seed 003: passing the complaint on raises the
    expectation), when the firm could have prevented the failure (``controllable_raises``:
    Magnini et al. 2007) and with ``learned``, what the customer's past recoveries taught them
    to expect above the base (:func:`learn_recovery`; Maxham & Netemeyer 2002), and falls when
    the firm says what it can and cannot do (seed 000).
    """
    op = params.outcomes
    adequate = (op.recovery_adequate + op.severity_raises * severity
                + params.handling.handover_raises * handovers + op.controllable_raises * controllable
                + learned - params.expectations.setting_lowers_recovery * setting)
    return adequate, adequate + op.recovery_zone


def learn_recovery(learned: np.ndarray, voiced: np.ndarray, recovery_satisfaction: np.ndarray,
                   adequate: np.ndarray, params: Params) -> np.ndarray:
    """What a customer expects of the next recovery above the base, after this week: it decays
    at ``recovery_memory_decay``; a recovery above the adequate level moves it
    ``recovery_adapts`` of the way to the excess (after an excellent recovery the next is
    expected: Maxham & Netemeyer 2002).

    >>> from recovery.params import Params
    >>> learn_recovery(np.zeros(2), np.array([True, False]), np.array([0.95, 0.95]), np.array([0.5, 0.5]),
    ...                Params()).round(3).tolist()
    [0.45, 0.0]
    """
    op = params.outcomes
    kept = op.recovery_memory_decay * learned
    excess = np.maximum(recovery_satisfaction - (adequate - learned), 0.0)
    return np.where(voiced, kept + op.recovery_adapts * np.maximum(excess - kept, 0.0), kept)
