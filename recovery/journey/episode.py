"""One failure episode: the stages composed for the customers whose encounter just failed.

failure (felt, worst moment) -> voice or silence -> handling -> remedy (justice, recovery
satisfaction) -> the recovery judged against the recovery expected -> the remembered episode
and the intention to leave.

>>> import numpy as np
>>> from recovery.params import Params, Strategy
>>> n = 5
>>> u = np.random.default_rng(0).random((13, n))
>>> out = run_episode(severity=np.full(n, 0.2), outcome=np.ones(n, bool), controllable=np.zeros(n, bool),
...               stable=np.zeros(n, bool), cause=np.zeros(n, int), ctype=np.full(n, 2),
...               difficult=np.zeros(n, int), learned=np.zeros(n), alpha=np.full(n, 1.5),
...               beta=np.full(n, 99.0), before=np.zeros(n), performance=np.full(n, 0.6), adequate=np.full(n, 0.5),
...               desired=np.full(n, 0.7), params=Params(), strategy=Strategy(), u_voice=u[:2],
...               u_handling=u[2:])
>>> sorted(out)[:4]
['alpha', 'compensation', 'days', 'distributive']
"""
from __future__ import annotations

import numpy as np

from recovery.journey import expectations, failure, handling, outcomes, reliability, remedy, voice
from recovery.params import DIFFICULT_TYPES, Params, Strategy

__all__ = ["run_episode", "difficult_table"]


def difficult_table(params: Params) -> np.ndarray:
    """Seed 001's difficult types as an array.

    Parameters
    ----------
    params : recovery.params.Params
        The model's parameters (``difficult``).

    Returns
    -------
    numpy.ndarray
        Rows in ``DIFFICULT_TYPES`` order, columns the fields of
        :class:`recovery.params.Difficult` (share, voice, escalation, days, satisfaction_shift).

    Examples
    --------
    >>> difficult_table(Params()).shape[1]
    5
    """
    return np.array([tuple(params.difficult[k]) for k in DIFFICULT_TYPES], dtype=float)


def run_episode(*, severity, outcome, controllable, stable, cause, ctype, difficult, learned, alpha, beta, before,
            performance, adequate, desired, params: Params, strategy: Strategy, u_voice, u_handling,
            voiced=None) -> dict[str, np.ndarray]:
    """One failure episode for each customer given (arrays of equal length).

    The stages composed: failure felt and its worst moment, voice, handling, the three justice
    dimensions and recovery satisfaction, the recovery judged against the recovery expected, the
    remembered episode and the intention to leave.

    Parameters
    ----------
    severity, outcome, controllable, stable, cause : numpy.ndarray
        The failure (:func:`recovery.journey.failure.draw_failures`).
    ctype, difficult : numpy.ndarray of int
        Customer type and difficult type.
    learned : numpy.ndarray
        What past recoveries taught them to expect (:func:`expectations.learn_recovery`).
    alpha, beta : numpy.ndarray
        The reliability belief after this failure's evidence; a complaint kept waiting adds
        ``wait_evidence`` per day to ``alpha`` (``alpha`` in the result).
    before : numpy.ndarray
        The extra failures a year expected before this failure
        (:mod:`recovery.journey.reliability`).
    performance : numpy.ndarray
        The service as it would have been delivered.
    adequate, desired : numpy.ndarray
        Each customer's zone of tolerance for the service.
    params : recovery.params.Params
        The model's parameters.
    strategy : recovery.params.Strategy
        The firm's recovery strategy.
    u_voice, u_handling : numpy.ndarray
        The stages' uniforms, shapes (2, n) and (11, n).
    voiced : numpy.ndarray of bool, optional
        Forces who complains (the TARP cells); None draws it.

    Returns
    -------
    dict of str to numpy.ndarray
        Every stage's result for each customer (``felt``, ``peak``, ``voiced``, ``days``,
        ``recovery_satisfaction``, ``end``, ``remembered``, ``intention``, ``p_leave``,
        ``alpha`` and more).

    Examples
    --------
    >>> n = 3
    >>> out = run_episode(severity=np.full(n, 0.2), outcome=np.ones(n, bool), controllable=np.zeros(n, bool),
    ...                   stable=np.zeros(n, bool), cause=np.zeros(n, int), ctype=np.full(n, 2),
    ...                   difficult=np.zeros(n, int), learned=np.zeros(n), alpha=np.full(n, 1.5),
    ...                   beta=np.full(n, 99.0), before=np.zeros(n), performance=np.full(n, 0.6),
    ...                   adequate=np.full(n, 0.5), desired=np.full(n, 0.7), params=Params(),
    ...                   strategy=Strategy(), u_voice=np.zeros((2, n)), u_handling=np.full((11, n), 0.5))
    >>> out["voiced"].tolist()
    [True, True, True]
    """
    n = severity.shape[0]
    table = difficult_table(params)[difficult]
    felt = expectations.disconfirmation(performance - severity, adequate, desired, params.expectations)
    worst = failure.peak(felt, controllable, stable, params.failure)

    p_complain = voice.p_voice(severity, ctype, table[:, 1], params.voice)
    drawn_voiced, recorded = voice.decide(p_complain, params.voice, u_voice)
    voiced = drawn_voiced if voiced is None else np.broadcast_to(np.asarray(voiced, bool), (n,)).copy()
    recorded = recorded & voiced

    handled = handling.handle(severity, table[:, 2], table[:, 3], strategy, params.handling, u_handling[:6])
    resolved = handled["resolved"] & voiced
    rp = params.recovery
    from_compensation = remedy.distributive_justice(handled["compensation"], outcome, rp)
    distributive = np.where(resolved, rp.fix_share + (1 - rp.fix_share) * from_compensation, 0.0)
    procedural = remedy.procedural_justice(handled["days"], handled["handovers"], strategy.choice_of_remedy, rp)
    interactional = remedy.interactional_justice(strategy, rp, handled["style_matched"],
                                                 u_handling[6:11] < rp.execution)
    satisfaction = remedy.recovery_satisfaction(distributive, procedural, interactional, outcome, cause, rp, ctype)
    satisfaction = np.where(voiced, np.clip(satisfaction + table[:, 4], 0.0, 1.0), 0.0)

    low, high = expectations.recovery_zone(severity, handled["handovers"], controllable, learned,
                                           strategy.expectation_setting, params)
    end = np.where(voiced, expectations.disconfirmation(satisfaction, low, high, params.expectations), worst)
    alpha = alpha + params.reliability.wait_evidence * np.where(voiced, handled["days"], 0.0)
    extra = reliability.extra_failures(alpha, beta, params)
    rise = extra - before
    memory = (outcomes.remembered(worst, end, params.outcomes)
              - params.reliability.dread * np.maximum(rise, 0.0))
    intention = outcomes.leave_intention(severity, voiced, end, extra, params.outcomes)
    return {
        "felt": felt, "peak": worst, "p_voice": p_complain, "voiced": voiced, "recorded": recorded,
        "level": handled["level"], "handovers": handled["handovers"], "days": handled["days"],
        "resolved": resolved, "compensation": handled["compensation"], "distributive": distributive,
        "procedural": procedural, "interactional": interactional, "recovery_satisfaction": satisfaction,
        "recovery_adequate": low, "end": end, "remembered": memory,
        "failed_recovery": voiced & (satisfaction < low),
        "good_recovery": voiced & (satisfaction > high + params.wom.good_threshold),
        "intention": intention, "p_leave": outcomes.leave_chance(intention, params.outcomes), "alpha": alpha,
    }
