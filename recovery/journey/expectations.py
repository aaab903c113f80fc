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
    """Predicted expectation from seed 000's three sources.

    Past experience, word of mouth and personal needs, weighted by ``weight_past``,
    ``weight_wom`` and ``weight_needs``.

    Parameters
    ----------
    past, wom, needs : numpy.ndarray
        Each customer's three expectation sources, on the 0-1 quality scale.
    p : recovery.params.ExpectationParams
        The weights.

    Returns
    -------
    numpy.ndarray
        The predicted expectation of each customer.

    Examples
    --------
    >>> p = ExpectationParams()
    >>> x = np.array([0.6])
    >>> bool(np.isclose(predicted(x, x, x, p)[0], 0.6 * (p.weight_past + p.weight_wom + p.weight_needs)))
    True
    """
    return p.weight_past * past + p.weight_wom * wom + p.weight_needs * needs


def zone(expected: np.ndarray, p: ExpectationParams, setting: float) -> tuple[np.ndarray, np.ndarray]:
    """The zone of tolerance (adequate, desired) around the predicted expectation.

    A firm that states its standards and commitments (``setting`` in [0, 1], seed 000) lowers
    the expectation and narrows the zone, which changes every later disconfirmation.

    Parameters
    ----------
    expected : numpy.ndarray
        Predicted expectations (:func:`predicted`).
    p : recovery.params.ExpectationParams
        Offsets of the zone and how much expectation setting lowers and narrows it.
    setting : float
        The firm's expectation setting, ``Strategy.expectation_setting``, in [0, 1].

    Returns
    -------
    tuple of numpy.ndarray
        ``(adequate, desired)``, the lower and upper edges of the zone.

    Examples
    --------
    >>> adequate, desired = zone(np.array([0.6]), ExpectationParams(), setting=1.0)
    >>> bool(desired[0] - adequate[0] < 0.2)
    True
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

    Parameters
    ----------
    performance : numpy.ndarray
        The service as delivered, on the expectation's scale.
    adequate, desired : numpy.ndarray
        The zone of tolerance (:func:`zone`).
    p : recovery.params.ExpectationParams
        The tier weights.

    Returns
    -------
    numpy.ndarray
        The felt disconfirmation, negative below the zone.

    Examples
    --------
    >>> felt = disconfirmation(np.array([0.3, 0.6, 0.9]), np.full(3, 0.5), np.full(3, 0.7), ExpectationParams())
    >>> bool(felt[0] < felt[1] < felt[2])
    True
    """
    below = np.minimum(performance - adequate, 0.0)
    above = np.maximum(performance - desired, 0.0)
    inside = np.clip(performance, adequate, desired) - (adequate + desired) / 2
    return p.basic_weight * below + p.in_zone_slope * inside + p.delight_weight * above


def learn(current: np.ndarray, observed: np.ndarray, rate: float) -> np.ndarray:
    """Exponential smoothing toward what was observed (RM-1's expectation and satisfaction updates).

    Parameters
    ----------
    current, observed : numpy.ndarray
        The value now and what was observed this period.
    rate : float
        Share of the gap closed, in [0, 1].

    Returns
    -------
    numpy.ndarray
        ``current + rate * (observed - current)``.

    Examples
    --------
    >>> learn(np.array([0.5]), np.array([1.0]), 0.2).tolist()
    [0.6]
    """
    return current + rate * (observed - current)


def update_wom(wom: np.ndarray, heard: np.ndarray, past: np.ndarray, p: WomParams) -> np.ndarray:
    """The word-of-mouth source of the expectation after hearing ``heard`` net stories.

    Each net story (good minus bad) moves it by ``wom_shift``; old stories fade toward the
    customer's own experience at ``wom_fade``.

    Parameters
    ----------
    wom : numpy.ndarray
        Each customer's word-of-mouth expectation source before this period.
    heard : numpy.ndarray
        Net stories heard this period (good minus bad).
    past : numpy.ndarray
        The customer's past-experience source, which old stories fade toward.
    p : recovery.params.WomParams
        ``wom_shift`` and ``wom_fade``.

    Returns
    -------
    numpy.ndarray
        The updated word-of-mouth source.

    Examples
    --------
    >>> update_wom(np.array([0.6]), np.array([-2.0]), np.array([0.6]), WomParams()).round(3)
    array([0.55])
    """
    return learn(wom, past, p.wom_fade) + p.wom_shift * heard


def learn_past(past: np.ndarray, performance: np.ndarray, failed: np.ndarray, p: ExpectationParams) -> np.ndarray:
    """Past experience learns from ordinary encounters only (RM-1's beta).

    A failure is learned by the reliability belief (:mod:`recovery.journey.reliability`), not here.

    Parameters
    ----------
    past : numpy.ndarray
        Each customer's past-experience source.
    performance : numpy.ndarray
        This period's performance.
    failed : numpy.ndarray of bool
        Whose encounter failed this period (their ``past`` is kept).
    p : recovery.params.ExpectationParams
        ``learning_rate``.

    Returns
    -------
    numpy.ndarray
        The updated past-experience source.

    Examples
    --------
    >>> learn_past(np.array([0.5, 0.5]), np.array([0.9, 0.1]), np.array([False, True]),
    ...            ExpectationParams()).tolist()[1]
    0.5
    """
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

    Parameters
    ----------
    severity : numpy.ndarray
        The failure's severity.
    handovers : numpy.ndarray
        How many times the complaint was passed on.
    controllable : numpy.ndarray of bool
        Whether the firm could have prevented the failure.
    learned : numpy.ndarray
        The recovery expected above the base (:func:`learn_recovery`).
    setting : float
        The firm's expectation setting, in [0, 1].
    params : recovery.params.Params
        The model's parameters (outcomes, handling, expectations).

    Returns
    -------
    tuple of numpy.ndarray
        ``(adequate, desired)`` recovery satisfaction.

    References
    ----------
    Smith, A. K., Bolton, R. N. & Wagner, J. (1999). A model of customer satisfaction with service
    encounters involving failure and recovery. Journal of Marketing Research, 36(3), 356-372.

    Examples
    --------
    >>> low, _ = recovery_zone(np.array([0.1, 0.5]), np.zeros(2), np.zeros(2, bool), np.zeros(2), 0.0, Params())
    >>> bool(low[1] > low[0])
    True
    """
    op = params.outcomes
    adequate = (op.recovery_adequate + op.severity_raises * severity
                + params.handling.handover_raises * handovers + op.controllable_raises * controllable
                + learned - params.expectations.setting_lowers_recovery * setting)
    return adequate, adequate + op.recovery_zone


def learn_recovery(learned: np.ndarray, voiced: np.ndarray, recovery_satisfaction: np.ndarray,
                   adequate: np.ndarray, params: Params) -> np.ndarray:
    """What a customer expects of the next recovery above the base, after this week.

    It decays at ``recovery_memory_decay``; a recovery above the adequate level moves it
    ``recovery_adapts`` of the way to the excess (after an excellent recovery the next is
    expected: Maxham & Netemeyer 2002).

    Parameters
    ----------
    learned : numpy.ndarray
        The recovery expected above the base before this week.
    voiced : numpy.ndarray of bool
        Who complained (and so met a recovery) this week.
    recovery_satisfaction : numpy.ndarray
        Satisfaction with this week's recovery.
    adequate : numpy.ndarray
        The adequate recovery (:func:`recovery_zone`), which includes ``learned``.
    params : recovery.params.Params
        The model's parameters.

    Returns
    -------
    numpy.ndarray
        The updated expectation above the base.

    References
    ----------
    Maxham, J. G. & Netemeyer, R. G. (2002). A longitudinal study of complaining customers'
    evaluations of multiple service failures and recovery efforts. Journal of Marketing, 66(4), 57-71.

    Examples
    --------
    >>> learn_recovery(np.zeros(2), np.array([True, False]), np.array([0.95, 0.95]), np.array([0.5, 0.5]),
    ...                Params()).round(3).tolist()
    [0.45, 0.0]
    """
    op = params.outcomes
    kept = op.recovery_memory_decay * learned
    excess = np.maximum(recovery_satisfaction - (adequate - learned), 0.0)
    return np.where(voiced, kept + op.recovery_adapts * np.maximum(excess - kept, 0.0), kept)
