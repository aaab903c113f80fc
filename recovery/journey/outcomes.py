"""Outcomes: the remembered episode, the intention to leave and leaving, post-complaint states,
revenue (seeds 002, 004; literature 2.2; Knox & van Oest 2014; Sheeran 2002).

Attitude and behaviour are separate (literature 2.2): satisfaction learns from the remembered
episode; the intention to leave after a failure has an episode channel, which a perfect
recovery offsets, and a reliability channel (the customer's learned belief that the firm
fails), which no recovery offsets. That is why a recovery can lift satisfaction above the
no-failure level without lifting repurchase.

>>> import numpy as np
>>> from recovery.params import OutcomeParams
>>> p = OutcomeParams()
>>> remembered(np.array([-0.2]), np.array([0.3]), p).round(2)   # peak-end average
array([0.05])
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit

from recovery.params import POST_COMPLAINT_STATES, OutcomeParams

__all__ = ["remembered", "recovery_offset", "leave_intention", "leave_chance", "update_hazard", "period_churn",
           "combine", "post_complaint_state", "revenue"]


def remembered(peak: np.ndarray, end: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """The episode as remembered: the peak-end rule.

    A weighted mean of the worst moment and the last one, duration neglected (Kahneman et al.
    1993; Redelmeier & Kahneman 1996; seed 003 names it).

    Parameters
    ----------
    peak, end : numpy.ndarray
        The worst moment and the last one.
    p : recovery.params.OutcomeParams
        ``peak_weight``.

    Returns
    -------
    numpy.ndarray
        The remembered episode.

    References
    ----------
    Redelmeier, D. A. & Kahneman, D. (1996). Patients' memories of painful medical treatments.
    Pain, 66(1), 3-8.

    Examples
    --------
    >>> p = OutcomeParams()
    >>> bool(np.isclose(remembered(np.array([-1.0]), np.array([0.0]), p)[0], -p.peak_weight))
    True
    """
    return p.peak_weight * peak + (1 - p.peak_weight) * end


def recovery_offset(recovery_judged: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """Share of the episode channel a recovery offsets.

    From the recovery as judged against the recovery expected (``end``,
    :func:`recovery.journey.expectations.disconfirmation` of recovery satisfaction in the
    recovery's zone of tolerance): logistic, rescaled to run from 0 (judged -1: far below what
    was expected) to 1 (judged 0: the middle of the expected zone, and above). A recovery that
    gives what the customer expected removes the episode's reason to leave; it cannot remove
    what the failure taught about the firm (:func:`leave_intention`).

    Parameters
    ----------
    recovery_judged : numpy.ndarray
        The recovery as judged against the recovery expected.
    p : recovery.params.OutcomeParams
        ``offset_steepness`` and ``offset_midpoint``.

    Returns
    -------
    numpy.ndarray
        The share offset, in [0, 1].

    Examples
    --------
    >>> recovery_offset(np.array([-1.0, 0.0, 0.5]), OutcomeParams()).round(6).tolist()
    [0.0, 1.0, 1.0]
    """
    def curve(x):
        return expit(p.offset_steepness * (x - p.offset_midpoint))
    low, high = curve(-1.0), curve(0.0)
    return np.clip((curve(np.asarray(recovery_judged, float)) - low) / (high - low), 0.0, 1.0)


def leave_intention(severity: np.ndarray, voiced: np.ndarray, recovery_judged: np.ndarray,
                    extra_failures: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """Intention not to buy again after a failure (what TARP's respondents stated).

    ``1 - (1 - episode) * (1 - reliability)``: the episode channel is
    ``logistic(leave_intercept + leave_severity_slope * severity)`` for a silent customer, times
    ``(1 - voice_relief) * (1 - recovery_offset(recovery_judged))`` for a complainant; the
    reliability channel is ``1 - exp(-reliability_weight * extra_failures)`` (expected extra
    failures a year, :func:`recovery.journey.reliability.extra_failures`), which a recovery does
    not touch.

    Parameters
    ----------
    severity : numpy.ndarray
        The failure's severity.
    voiced : numpy.ndarray of bool
        Who complained.
    recovery_judged : numpy.ndarray
        The recovery as judged against the recovery expected (:func:`recovery_offset`).
    extra_failures : numpy.ndarray
        Failures a year expected beyond the true rate.
    p : recovery.params.OutcomeParams
        The outcome parameters.

    Returns
    -------
    numpy.ndarray
        The intention to leave, in [0, 1].

    Examples
    --------
    >>> q = leave_intention(np.array([0.1, 0.1]), np.array([False, True]), np.array([-1.0, 0.2]),
    ...                     np.array([0.6, 0.6]), OutcomeParams())
    >>> bool(q[0] > q[1] > 0)
    True
    """
    silent = expit(p.leave_intercept + p.leave_severity_slope * severity)
    episode = np.where(voiced, silent * (1 - p.voice_relief) * (1 - recovery_offset(recovery_judged, p)), silent)
    reliability = 1 - np.exp(-p.reliability_weight * np.maximum(extra_failures, 0.0))
    return 1 - (1 - episode) * (1 - reliability)


def leave_chance(intention: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """From intention to behaviour: ``follow_through`` of those who intend to leave do (Sheeran 2002).

    Parameters
    ----------
    intention : numpy.ndarray
        The intention to leave (:func:`leave_intention`).
    p : recovery.params.OutcomeParams
        ``follow_through``.

    Returns
    -------
    numpy.ndarray
        The chance of leaving because of the episode.

    References
    ----------
    Sheeran, P. (2002). Intention-behavior relations: a conceptual and empirical review.
    European Review of Social Psychology, 12(1), 1-36.

    Examples
    --------
    >>> p = OutcomeParams()
    >>> bool(np.isclose(leave_chance(np.array([1.0]), p)[0], p.follow_through))
    True
    """
    return p.follow_through * intention


def update_hazard(hazard: np.ndarray, p_leave_episode: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """The lingering behavioural hazard after recent failures.

    Last week's, decayed, plus ``hazard_carry`` of this week's episode leaving chance (zero
    without a failure). A customer who nearly left stays at risk for a while (watchful, seed
    004), then returns to the baseline.

    Parameters
    ----------
    hazard : numpy.ndarray
        Last week's lingering hazard.
    p_leave_episode : numpy.ndarray
        This week's episode leaving chance (:func:`leave_chance`).
    p : recovery.params.OutcomeParams
        ``hazard_decay`` and ``hazard_carry``.

    Returns
    -------
    numpy.ndarray
        This week's lingering hazard.

    Examples
    --------
    >>> h = update_hazard(np.zeros(2), np.array([0.5, 0.0]), OutcomeParams())
    >>> bool(h[0] > h[1] == 0)
    True
    """
    return p.hazard_decay * hazard + p.hazard_carry * p_leave_episode


def period_churn(satisfaction: np.ndarray, hazard: np.ndarray, extra_failures: np.ndarray,
                 p: OutcomeParams) -> np.ndarray:
    """Everyday churn, plus the lingering hazard of recent failures.

    ``base_churn * exp(-churn_satisfaction * satisfaction + churn_reliability *
    max(extra_failures, 0))``: satisfied customers stay longer (Oliver 1980); those who learned
    that the firm fails leave sooner.

    Parameters
    ----------
    satisfaction : numpy.ndarray
        Each customer's satisfaction.
    hazard : numpy.ndarray
        The lingering hazard (:func:`update_hazard`).
    extra_failures : numpy.ndarray
        Failures a year expected beyond the true rate.
    p : recovery.params.OutcomeParams
        The churn parameters.

    Returns
    -------
    numpy.ndarray
        This week's chance of leaving without an episode, in [0, 1].

    Examples
    --------
    >>> c = period_churn(np.array([0.2, 0.8]), np.zeros(2), np.zeros(2), OutcomeParams())
    >>> bool(c[0] > c[1] > 0)
    True
    """
    rate = p.base_churn * np.exp(-p.churn_satisfaction * satisfaction
                                 + p.churn_reliability * np.maximum(extra_failures, 0.0))
    return np.clip(rate + hazard, 0.0, 1.0)


def combine(p_episode: np.ndarray, p_period: np.ndarray) -> np.ndarray:
    """This week's chance of leaving: the episode's decision and everyday churn, independent.

    Parameters
    ----------
    p_episode, p_period : numpy.ndarray
        The episode's leaving chance and everyday churn.

    Returns
    -------
    numpy.ndarray
        ``1 - (1 - p_episode) * (1 - p_period)``.

    Examples
    --------
    >>> combine(np.array([0.5]), np.array([0.5])).tolist()
    [0.75]
    """
    return 1 - (1 - p_episode) * (1 - p_period)


def post_complaint_state(before: np.ndarray, after: np.ndarray, satisfaction_with_recovery: np.ndarray,
                         gone: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """Seed 004's four states after a complaint, as indices into ``POST_COMPLAINT_STATES``.

    Gone ("divorce"), more loyal (satisfaction up by ``loyal_margin``), watchful (recovery
    satisfaction below ``watchful_below``), routine (back to business).

    Parameters
    ----------
    before, after : numpy.ndarray
        Satisfaction before and after the complaint.
    satisfaction_with_recovery : numpy.ndarray
        Recovery satisfaction.
    gone : numpy.ndarray of bool
        Who left.
    p : recovery.params.OutcomeParams
        ``loyal_margin`` and ``watchful_below``.

    Returns
    -------
    numpy.ndarray of int
        Indices into ``recovery.params.POST_COMPLAINT_STATES``.

    Examples
    --------
    >>> s = post_complaint_state(np.full(2, 0.5), np.full(2, 0.5), np.full(2, 0.9), np.array([True, False]),
    ...                          OutcomeParams())
    >>> [POST_COMPLAINT_STATES[i] for i in s]
    ['gone', 'routine']
    """
    state = np.full(before.shape, POST_COMPLAINT_STATES.index("routine"))
    state = np.where(satisfaction_with_recovery < p.watchful_below, POST_COMPLAINT_STATES.index("watchful"), state)
    state = np.where(after > before + p.loyal_margin, POST_COMPLAINT_STATES.index("more_loyal"), state)
    return np.where(gone, POST_COMPLAINT_STATES.index("gone"), state)


def revenue(satisfaction: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """Revenue per active customer this period.

    The price, plus ``price_premium`` for customers who find the service good (seed 002
    ``service_price_premium``).

    Parameters
    ----------
    satisfaction : numpy.ndarray
        Each customer's satisfaction.
    p : recovery.params.OutcomeParams
        ``price``, ``price_premium`` and ``good_service``.

    Returns
    -------
    numpy.ndarray
        Revenue per customer.

    Examples
    --------
    >>> p = OutcomeParams()
    >>> r = revenue(np.array([0.0, 1.0]), p)
    >>> bool(np.isclose(r[1], p.price * (1 + p.price_premium)) and r[0] == p.price)
    True
    """
    return p.price * (1 + p.price_premium * (satisfaction > p.good_service))
