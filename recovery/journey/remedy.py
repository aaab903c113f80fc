"""The recovery: from the firm's levers to justice and recovery satisfaction (literature 2.3).

Named ``remedy`` so it does not shadow the package name. Justice dimensions are on [0, 1].
These are the functions that scenario experiments use to generate respondents and that fitted
survey paths (justice -> recovery satisfaction) map onto: the justice weights are
``RecoveryParams.weight_distributive``, ``weight_procedural`` and ``weight_interactional``.

What complainants want (seed 001/004) maps onto the three dimensions: to be respected and
understood (interactional), a fast solution (procedural), compensation (distributive).

>>> import numpy as np
>>> from recovery.params import RecoveryParams
>>> p = RecoveryParams()
>>> dj = distributive_justice(np.array([0.0, 0.6, 1.2, 1.5, 2.0]), np.ones(5, bool), p)
>>> [round(float(x), 2) for x in dj]   # S-shaped, steepest 0.6-1.2, declining past 1.5
[0.0, 0.12, 0.88, 0.98, 0.75]
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit

from recovery.params import CAUSES, CUSTOMER_TYPES, RecoveryParams, Strategy

__all__ = ["distributive_justice", "procedural_justice", "interactional_justice",
           "recovery_satisfaction", "justice_weights", "CAUSE_NEEDS", "TYPE_WANTS", "INTERACTIONAL_LEVERS"]

#: Seed 004's cause -> need: quality wants compensation, attitude wants respect, a broken
#: promise (misleading promotion) wants fulfilment, management wants attention.
CAUSE_NEEDS = {"product_quality": ("distributive",), "service_attitude": ("interactional",),
               "misleading_promotion": ("distributive",), "management": ("interactional",)}
#: Seed 004's complainant types and what each wants: the quality-watcher improvement (a process
#: that works), the rational customer a satisfying answer (a fair process), the negotiator
#: compensation, the victim sympathy and compensation. Non-complainers who do complain want
#: nothing in particular.
TYPE_WANTS = {"quality_watcher": ("procedural",), "rational": ("procedural",),
              "negotiator": ("distributive",), "victim": ("interactional", "distributive"),
              "indifferent": (), "hassle_averse": (), "sceptical": (), "free_rider": ()}
_DIMENSIONS = ("distributive", "procedural", "interactional")
#: The strategy's levers that make interactional justice, each delivered per complaint with
#: ``RecoveryParams.execution``.
INTERACTIONAL_LEVERS = ("apology", "explanation", "emotion_first", "follow_up", "proactive")


def distributive_justice(compensation: np.ndarray, outcome: np.ndarray, p: RecoveryParams) -> np.ndarray:
    """Fairness of the outcome from compensation (share of the price).

    Outcome failures (the customer rejects the flawed service): S-shaped, steepest between
    60% and 120% (Gelbrich, Gäthke & Grégoire 2015). Process failures (the service was kept):
    concave, the first money pays most. Beyond ``overcomp_peak`` (~150%, Haesevoets et al.
    2017) more compensation lowers it.

    Parameters
    ----------
    compensation : numpy.ndarray
        Compensation as a share of the price.
    outcome : numpy.ndarray of bool
        True for an outcome failure, False for a process failure.
    p : recovery.params.RecoveryParams
        The shape of the two curves and of the decline past the peak.

    Returns
    -------
    numpy.ndarray
        Distributive justice, in [0, 1].

    References
    ----------
    Gelbrich, K., Gäthke, J. & Grégoire, Y. (2015). How much compensation should a firm offer for a
    flawed service? Journal of Service Research, 18(1), 107-123.

    Examples
    --------
    >>> dj = distributive_justice(np.array([0.3, 0.3]), np.array([True, False]), RecoveryParams())
    >>> bool(dj[1] > dj[0])
    True
    """
    c = np.asarray(compensation, dtype=float)
    s_curve = (expit((c - p.comp_midpoint) / p.comp_spread) - expit(-p.comp_midpoint / p.comp_spread)) \
        / (1 - expit(-p.comp_midpoint / p.comp_spread))
    concave = 1 - np.exp(-c / p.comp_concave_scale)
    base = np.where(outcome, s_curve, concave)
    return np.clip(base - p.overcomp_decline * np.maximum(c - p.overcomp_peak, 0.0), 0.0, 1.0)


def procedural_justice(days: np.ndarray, handovers: np.ndarray, choice_of_remedy: bool,
                       p: RecoveryParams) -> np.ndarray:
    """Fairness of the process.

    Speed ("the earlier, the more satisfied", seed 001), few handovers (seed 003: each loses
    the emotional sync and distorts facts) and letting the customer choose the remedy (seed 001
    "offer choices").

    Parameters
    ----------
    days : numpy.ndarray
        Days to resolution.
    handovers : numpy.ndarray
        Times the complaint was passed on.
    choice_of_remedy : bool
        Whether the customer may choose the remedy (``Strategy.choice_of_remedy``).
    p : recovery.params.RecoveryParams
        ``speed_scale_days``, ``handover_loss`` and the weight of choice.

    Returns
    -------
    numpy.ndarray
        Procedural justice, in [0, 1].

    Examples
    --------
    >>> pj = procedural_justice(np.array([1.0, 10.0]), np.zeros(2), False, RecoveryParams())
    >>> bool(pj[0] > pj[1])
    True
    """
    speed = np.exp(-np.asarray(days, dtype=float) / p.speed_scale_days)
    smooth = 1 / (1 + p.handover_loss * np.asarray(handovers, dtype=float))
    return (1 - p.choice_of_remedy) * speed * smooth + p.choice_of_remedy * float(choice_of_remedy)


def interactional_justice(strategy: Strategy, p: RecoveryParams, style_matched=False, delivered=None) -> np.ndarray:
    """Fairness of the treatment.

    Apology, explanation, emotion first, follow-up, the firm taking the initiative, and a
    handler who met the customer in their own style (seeds 001-004; seed 002's phrases: "I'm
    sorry", "let me find out", "I will call you back").

    Parameters
    ----------
    strategy : recovery.params.Strategy
        The firm's levers.
    p : recovery.params.RecoveryParams
        The weight of each lever and of a matched style.
    style_matched : bool or numpy.ndarray, default False
        Whether the handler matched the customer's style.
    delivered : numpy.ndarray of bool, optional
        Shape (5, n), in the order of ``INTERACTIONAL_LEVERS``: which of the strategy's levers
        the handler actually delivered to each complainant; None means all.

    Returns
    -------
    numpy.ndarray
        Interactional justice.

    Examples
    --------
    >>> from recovery.params import Strategy
    >>> ij = interactional_justice(Strategy(), RecoveryParams(), style_matched=np.array([False, True]))
    >>> bool(ij[1] > ij[0])
    True
    """
    delivered = np.ones((len(INTERACTIONAL_LEVERS), 1), bool) if delivered is None else np.asarray(delivered, bool)
    total = sum(getattr(p, lever) * getattr(strategy, lever) * delivered[k]
                for k, lever in enumerate(INTERACTIONAL_LEVERS))
    return total + p.style * np.asarray(style_matched, dtype=float)


def justice_weights(outcome: np.ndarray, cause: np.ndarray, p: RecoveryParams,
                    ctype: np.ndarray | None = None) -> np.ndarray:
    """Weights of (distributive, procedural, interactional) justice per customer.

    The base weights, tilted by failure type, by cause -> need and by complainant type -> want
    (see :func:`recovery_satisfaction`); rows sum to 1.

    Parameters
    ----------
    outcome : numpy.ndarray of bool
        True for an outcome failure.
    cause : numpy.ndarray of int
        Index into ``recovery.params.CAUSES``.
    p : recovery.params.RecoveryParams
        Base weights and tilts.
    ctype : numpy.ndarray of int, optional
        Index into ``recovery.params.CUSTOMER_TYPES``; None leaves the type out.

    Returns
    -------
    numpy.ndarray
        Shape (n, 3).

    Examples
    --------
    >>> w = justice_weights(np.array([True, False]), np.zeros(2, int), RecoveryParams())
    >>> w.sum(axis=1).round(6).tolist()
    [1.0, 1.0]
    """
    outcome = np.asarray(outcome, bool)
    base = np.array([p.weight_distributive, p.weight_procedural, p.weight_interactional])
    w = np.tile(base, (outcome.shape[0], 1))
    w[:, 0] *= 1 + p.type_tilt * outcome
    w[:, 2] *= 1 + p.type_tilt * ~outcome
    for k, dim in enumerate(_DIMENSIONS):
        needs = np.array([dim in CAUSE_NEEDS[c] for c in CAUSES])[np.maximum(cause, 0)]
        w[:, k] *= 1 + p.need_tilt * needs
        if ctype is not None:
            wants = np.array([dim in TYPE_WANTS[t] for t in CUSTOMER_TYPES])[ctype]
            w[:, k] *= 1 + p.need_tilt * wants
    return w / w.sum(axis=1, keepdims=True)


def recovery_satisfaction(distributive: np.ndarray, procedural: np.ndarray, interactional: np.ndarray,
                          outcome: np.ndarray, cause: np.ndarray, p: RecoveryParams,
                          ctype: np.ndarray | None = None) -> np.ndarray:
    """Satisfaction with the recovery (SATCOM), a weighted mean of the three justice dimensions.

    Weights start at Orsingher et al. (2010)'s order (distributive > interactional >
    procedural), tilt to distributive for outcome failures and to interactional for process
    failures (Smith, Bolton & Wagner 1999), to what the failure's cause makes the customer
    need (seed 004, ``CAUSE_NEEDS``) and, given ``ctype``, to what the complainant type wants
    (seed 004, ``TYPE_WANTS``).

    Parameters
    ----------
    distributive, procedural, interactional : numpy.ndarray
        The three justice dimensions.
    outcome : numpy.ndarray of bool
        True for an outcome failure.
    cause : numpy.ndarray of int
        Index into ``recovery.params.CAUSES``.
    p : recovery.params.RecoveryParams
        The weights (:func:`justice_weights`).
    ctype : numpy.ndarray of int, optional
        Index into ``recovery.params.CUSTOMER_TYPES``.

    Returns
    -------
    numpy.ndarray
        Recovery satisfaction.

    References
    ----------
    Orsingher, C., Valentini, S. & de Angelis, M. (2010). A meta-analysis of satisfaction with
    complaint handling in services. Journal of the Academy of Marketing Science, 38(2), 169-186.

    Examples
    --------
    >>> one = np.ones(1)
    >>> recovery_satisfaction(one, one, one, np.ones(1, bool), np.zeros(1, int), RecoveryParams()).round(6)
    array([1.])
    """
    w = justice_weights(outcome, cause, p, ctype)
    stacked = np.stack([np.broadcast_to(np.asarray(x, float), w.shape[:1])
                        for x in (distributive, procedural, interactional)], axis=1)
    return (w * stacked).sum(axis=1)
