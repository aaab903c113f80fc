"""Outcomes: the remembered episode, leaving (now and as a lingering hazard), word of mouth,
post-complaint states, revenue (seeds 002, 004; literature 2.2, 2.5).

Attitude and behaviour are separate states (literature 2.2): satisfaction learns from the
remembered episode; leaving follows the behavioural hazard, which a recovery reduces but almost
never offsets fully (Knox & van Oest 2014). That is why a recovery can lift satisfaction above
the no-failure level without lifting repurchase.

>>> import numpy as np
>>> from recovery.params import OutcomeParams
>>> p = OutcomeParams()
>>> remembered(np.array([-0.2]), np.array([0.3]), p).round(2)   # peak-end average
array([0.05])
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit

from recovery.params import POST_COMPLAINT_STATES, OutcomeParams, WomParams

__all__ = ["remembered", "p_leave_after_failure", "update_hazard", "period_churn", "people_told",
           "post_complaint_state", "revenue"]


def remembered(peak: np.ndarray, end: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """The episode as remembered: the peak-end rule (Kahneman et al. 1993; Redelmeier &
    Kahneman 1996; seed 003 names it), a weighted mean of the worst moment and the last one,
    duration neglected."""
    return p.peak_weight * peak + (1 - p.peak_weight) * end


def p_leave_after_failure(severity: np.ndarray, voiced: np.ndarray, satisfaction_with_recovery: np.ndarray,
                          p: OutcomeParams) -> np.ndarray:
    """Chance of not buying again right after a failure: the behavioural hazard of the episode.

    Silent customers leave with ``logistic(leave_intercept + leave_severity_slope * severity)``
    (TARP's silent cells; seed 002's "91% never come back"). Voicing keeps ``voice_relief`` of
    them; satisfaction with the recovery (SATCOM, on [0, 1]) offsets more, by
    ``(offset_max - offset_severity_loss * severity) * logistic(offset_steepness *
    (satisfaction_with_recovery - offset_midpoint))``: never all of it (Knox & van Oest 2014),
    and less after a severe failure (Soares & Proença 2015). This is the recovery satisfaction
    -> loyalty link a fitted survey model maps onto.

    >>> p_leave_after_failure(np.array([0.1, 0.1]), np.array([False, True]), np.array([0.0, 1.0]),
    ...                       OutcomeParams()).round(2).tolist()
    [0.59, 0.02]
    """
    silent_leave = expit(p.leave_intercept + p.leave_severity_slope * severity)
    ceiling = p.offset_max - p.offset_severity_loss * severity
    offset = ceiling * expit(p.offset_steepness * (satisfaction_with_recovery - p.offset_midpoint))
    return np.where(voiced, silent_leave * (1 - p.voice_relief) * (1 - offset), silent_leave)


def update_hazard(hazard: np.ndarray, p_leave_episode: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """The lingering behavioural hazard: last week's, decayed, plus ``hazard_carry`` of this
    week's episode leaving chance (zero without a failure). A customer who nearly left stays at
    risk for a while (watchful, seed 004), then returns to the baseline."""
    return p.hazard_decay * hazard + p.hazard_carry * p_leave_episode


def period_churn(satisfaction: np.ndarray, hazard: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """Everyday churn: the base defection rate, more for dissatisfied customers (the attitude),
    plus the lingering hazard of recent failures (the behaviour)."""
    return np.clip(p.base_churn + p.dissatisfied_churn * np.maximum(-satisfaction, 0.0) + hazard, 0.0, 1.0)


def people_told(experience: np.ndarray, satisfaction: np.ndarray, memory: np.ndarray, p: OutcomeParams,
                w: WomParams, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(negative, positive) people told, Poisson counts: after bad service ~``told_bad`` (20),
    after good service ~``told_good`` (9-12) (seed 002).

    Negative word of mouth follows the experience just had (an encounter, or a failure's
    worst moment); positive word of mouth follows cumulative satisfaction, so one good
    recovery does not make an advocate (de Matos & Rossi 2008: satisfaction and commitment
    drive positive WOM, the episode and disloyalty negative WOM; de Matos et al. 2007: no
    recovery paradox on WOM). A customer with a fresh failure in memory is watchful (seed 004)
    and does not advocate until the memory fades (Cornell Hospitality Quarterly 2018: the
    recovered customers' advantage dissipates)."""
    bad = experience < p.bad_service
    good = (satisfaction > p.good_service) * np.clip(1 - memory, 0.0, 1.0)
    return rng.poisson(w.told_bad * bad), rng.poisson(w.told_good * good)


def post_complaint_state(before: np.ndarray, after: np.ndarray, satisfaction_with_recovery: np.ndarray,
                         gone: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """Seed 004's four states after a complaint, as indices into ``POST_COMPLAINT_STATES``:
    gone ("divorce"), more loyal (satisfaction up by ``loyal_margin``), watchful (recovery
    satisfaction below ``watchful_below``), routine (back to business)."""
    state = np.full(before.shape, POST_COMPLAINT_STATES.index("routine"))
    state = np.where(satisfaction_with_recovery < p.watchful_below, POST_COMPLAINT_STATES.index("watchful"), state)
    state = np.where(after > before + p.loyal_margin, POST_COMPLAINT_STATES.index("more_loyal"), state)
    return np.where(gone, POST_COMPLAINT_STATES.index("gone"), state)


def revenue(satisfaction: np.ndarray, p: OutcomeParams) -> np.ndarray:
    """Revenue per active customer this period: the price, plus 10% for customers who find the
    service good (seed 002 ``service_price_premium``)."""
    return p.price * (1 + p.price_premium * (satisfaction > p.good_service))
