"""The customer journey, one module per stage, each a set of small pure functions over numpy
arrays of customers (no Python object per customer):

expectations -> failure -> voice (or silent exit) -> handling -> remedy (the recovery:
justice and recovery satisfaction) -> outcomes (remembered episode, leaving, word of mouth,
post-complaint state, revenue).

:func:`episode` composes the stages for customers whose encounter just failed; the simulator
(:func:`recovery.simulate`), the cohorts behind the calibration and the paradox charts
(:mod:`recovery.cohort`) and the simulated respondents of scenario experiments all call it.

Where each concept of the seed documents lives (``docs/sources.md``)
--------------------------------------------------------------------
Expectations (seed 000)
  expectation, complaint = expectation not met -> :func:`expectations.disconfirmation` below the zone
  three sources (past experience, WOM, personal needs) -> :func:`expectations.predicted`,
      ``ExpectationParams.weight_*``; per-customer state ``past``, ``wom``, ``needs`` in the simulator
  three need tiers (basic / expected / delight) -> :func:`expectations.disconfirmation`
      (``basic_weight``, ``in_zone_slope``, ``delight_weight``); zone of tolerance -> :func:`expectations.zone`
  know the customer -> the segments: customer type, difficult type, needs (``SimulationResult.customers``)
  control expectations by stating standards -> ``Strategy.expectation_setting`` in :func:`expectations.zone`
  raise delivered quality by tracking and following up -> ``Strategy.follow_up``
  lowering expectations during a complaint -> :func:`expectations.recovery_zone`
      (``ExpectationParams.setting_lowers_recovery``)
  agreement as a deferral; three levels local / escalated / regulator -> :func:`handling.handle`
      (``HandlingParams.level_days``, ``p_regulator``, ``regulator_compensation_cap``)
Complaints: causes, needs, process (seeds 001, 003, 004)
  company-side causes (product quality, service attitude, misleading promotion, management;
      internal service conflict counts as management) -> :func:`failure.draw_failures`, ``FailureParams.rates``
  customer-side causes (expectations too high, personality, rights awareness, free time) -> ``needs_mean``/
      ``needs_sd``, ``Params.difficult``, ``VoiceParams.voice_intercept``; society (low trust, claiming
      rights) -> ``VoiceParams.expected_success``, intercepts
  what complainants want (respect, understanding, a fast solution, compensation) -> the three
      justice dimensions in :mod:`remedy`; cause -> need -> ``remedy.CAUSE_NEEDS``
  the handling process (calm, listen, assign, ask what they want and offer choices, compensate
      moderately, implement fast, follow up) -> ``Strategy`` levers; handover risk -> ``handovers``
      (:func:`expectations.recovery_zone`, :func:`remedy.procedural_justice`)
  emotion first, the four steps (understand, empathise, explain, solve) -> ``Strategy.emotion_first``,
      ``explanation``; DISC and "resonance" -> ``HandlingParams.style_match``, ``RecoveryParams.style``
  complaints today (higher expectations, faster tempers, rights awareness) -> ``needs_mean``,
      ``Params.difficult``, ``voice_intercept``
Customers: types (seeds 001, 003, 004)
  difficult types and the chronic complainer -> ``Params.difficult`` (:func:`difficult_table`)
  four complainant and four non-complainer types -> ``VoiceParams`` (:func:`voice.p_voice`) and
      ``remedy.TYPE_WANTS``; a segment of the simulator's history
  after a complaint: more loyal / routine / watchful / gone -> :func:`outcomes.post_complaint_state`
Recovery (seeds 001, 002, 003)
  service failure (below the minimum expectation or the firm's promise) -> :mod:`failure`
  the recovery paradox -> not a parameter: it emerges from :func:`expectations.disconfirmation`
      (delight), :func:`outcomes.remembered` (peak-end) and :func:`failure.peak` (blame, repeats);
      see :mod:`recovery.paradox`
  phrases to avoid / say instead ("I'm sorry", "let me find out", "I will call you back") ->
      ``Strategy.apology``, ``explanation``, ``proactive``
  peak-end rule -> :func:`outcomes.remembered`; the iceberg -> ``VoiceParams.p_reach_records``
  seed 002/004 figures: 4 of 100 reach the firm, 82% buy again, 91% never return, told 9-12 vs 20,
      10% price premium -> :mod:`recovery.calibration`, ``WomParams``, ``OutcomeParams.price_premium``

>>> import numpy as np
>>> from recovery.params import Params, Strategy
>>> n = 5
>>> out = episode(severity=np.full(n, 0.2), outcome=np.ones(n, bool), controllable=np.zeros(n, bool),
...               stable=np.zeros(n, bool), cause=np.zeros(n, int), ctype=np.full(n, 2),
...               difficult=np.zeros(n, int), memory=np.zeros(n), performance=np.full(n, 0.6),
...               adequate=np.full(n, 0.5), desired=np.full(n, 0.7), params=Params(),
...               strategy=Strategy(), rng=np.random.default_rng(0))
>>> sorted(out)[:4]
['compensation', 'days', 'distributive', 'end']
"""
from __future__ import annotations

import numpy as np

from recovery.journey import expectations, failure, handling, outcomes, remedy, voice
from recovery.params import DIFFICULT_TYPES, Params, Strategy

__all__ = ["expectations", "failure", "voice", "handling", "remedy", "outcomes", "episode",
           "difficult_table"]


def difficult_table(params: Params) -> np.ndarray:
    """Seed 001's difficult types as an array: rows in DIFFICULT_TYPES order, columns share,
    voice, escalation and days multipliers, satisfaction shift."""
    return np.array([params.difficult[k] for k in DIFFICULT_TYPES], dtype=float)


def episode(*, severity, outcome, controllable, stable, cause, ctype, difficult, memory, performance,
            adequate, desired, params: Params, strategy: Strategy, rng: np.random.Generator,
            voiced=None) -> dict[str, np.ndarray]:
    """One failure episode for each customer given (arrays of equal length).

    ``adequate``/``desired`` are each customer's zone of tolerance for the service, ``memory``
    the remembered count of earlier failures. ``voiced`` may be given to force who complains (the
    calibration's TARP cells); by default it is drawn. Returns the stage results: ``felt`` and
    ``peak`` (the failure), ``p_voice``, ``voiced``, ``recorded``, ``level``, ``handovers``,
    ``days``, ``resolved``, ``compensation``, the three justice dimensions,
    ``recovery_satisfaction``, ``end`` (the recovery judged against the expected recovery; the
    failure itself for a silent customer), ``remembered`` and ``p_leave``.
    """
    n = severity.shape[0]
    table = difficult_table(params)[difficult]
    felt = expectations.disconfirmation(performance - severity, adequate, desired, params.expectations)
    worst = failure.peak(felt, controllable, stable, memory, params.failure, params.outcomes.repeat_amplifies)

    p_complain = voice.p_voice(severity, ctype, table[:, 1], params.voice)
    drawn_voiced, recorded = voice.decide(p_complain, params.voice, rng)
    voiced = drawn_voiced if voiced is None else np.broadcast_to(np.asarray(voiced, bool), (n,)).copy()
    recorded = recorded & voiced

    handled = handling.handle(severity, table[:, 2], table[:, 3], strategy, params.handling, rng)
    resolved = handled["resolved"] & voiced
    rp = params.recovery
    from_compensation = remedy.distributive_justice(handled["compensation"], outcome, rp)
    distributive = np.where(resolved, rp.fix_share + (1 - rp.fix_share) * from_compensation, 0.0)
    procedural = remedy.procedural_justice(handled["days"], handled["handovers"], strategy.choice_of_remedy, rp)
    interactional = remedy.interactional_justice(strategy, rp, handled["style_matched"])
    satisfaction = remedy.recovery_satisfaction(distributive, procedural, interactional, outcome, cause, rp, ctype)
    satisfaction = np.where(voiced, np.clip(satisfaction + table[:, 4], 0.0, 1.0), 0.0)

    low, high = expectations.recovery_zone(severity, handled["handovers"], memory, strategy.expectation_setting,
                                           params)
    end = np.where(voiced, expectations.disconfirmation(satisfaction, low, high, params.expectations), worst)
    return {
        "felt": felt, "peak": worst, "p_voice": p_complain, "voiced": voiced, "recorded": recorded,
        "level": handled["level"], "handovers": handled["handovers"], "days": handled["days"],
        "resolved": resolved, "compensation": handled["compensation"], "distributive": distributive,
        "procedural": procedural, "interactional": interactional, "recovery_satisfaction": satisfaction,
        "end": end, "remembered": outcomes.remembered(worst, end, params.outcomes),
        "p_leave": outcomes.p_leave_after_failure(severity, voiced, satisfaction, params.outcomes),
    }
