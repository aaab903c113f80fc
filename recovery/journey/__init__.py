"""The customer journey, one module per stage, each a set of small pure functions over numpy
arrays of customers (no Python object per customer):

expectations -> failure (and the reliability belief) -> voice (or silent exit) -> handling -> remedy (the recovery:
justice and recovery satisfaction) -> outcomes (remembered episode, leaving,
post-complaint state, revenue); telling (word of mouth as events).

:func:`run_episode` (:mod:`recovery.journey.episode`) composes the stages for customers whose encounter just failed; the simulator
(:func:`recovery.simulate`), the cohorts behind the calibration and the paradox charts
(:mod:`recovery.cohort`) and the simulated respondents of scenario experiments all call it.

Where each concept of the seed documents lives (``docs/sources.md``)
--------------------------------------------------------------------
Expectations (seed 000)
  - expectation, complaint = expectation not met -> :func:`expectations.disconfirmation` below the zone
  - three sources (past experience, WOM, personal needs) -> :func:`expectations.predicted`,
    ``ExpectationParams.weight_*``; per-customer state ``past``, ``wom``, ``needs`` in the simulator
  - three need tiers (basic / expected / delight) -> :func:`expectations.disconfirmation`
    (``basic_weight``, ``in_zone_slope``, ``delight_weight``); zone of tolerance -> :func:`expectations.zone`
  - know the customer -> the segments: customer type, difficult type, needs (``SimulationResult.customers``)
  - control expectations by stating standards -> ``Strategy.expectation_setting`` in :func:`expectations.zone`
  - raise delivered quality by tracking and following up -> ``Strategy.follow_up``
  - lowering expectations during a complaint -> :func:`expectations.recovery_zone`
    (``ExpectationParams.setting_lowers_recovery``)
  - agreement as a deferral; three levels local / escalated / regulator -> :func:`handling.handle`
    (``HandlingParams.level_days``, ``p_regulator``, ``regulator_compensation_cap``)

Complaints: causes, needs, process (seeds 001, 003, 004)
  - company-side causes (product quality, service attitude, misleading promotion, management;
    internal service conflict counts as management) -> :func:`failure.draw_failures`, ``FailureParams.rates``
  - customer-side causes (expectations too high, personality, rights awareness, free time) -> ``needs_mean``/
    ``needs_sd``, ``Params.difficult``, ``VoiceParams.voice_intercept``; society (low trust, claiming
    rights) -> ``VoiceParams.expected_success``, intercepts
  - what complainants want (respect, understanding, a fast solution, compensation) -> the three
    justice dimensions in :mod:`remedy`; cause -> need -> ``remedy.CAUSE_NEEDS``
  - the handling process (calm, listen, assign, ask what they want and offer choices, compensate
    moderately, implement fast, follow up) -> ``Strategy`` levers; handover risk -> ``handovers``
    (:func:`expectations.recovery_zone`, :func:`remedy.procedural_justice`)
  - emotion first, the four steps (understand, empathise, explain, solve) -> ``Strategy.emotion_first``,
    ``explanation``; DISC and "resonance" -> ``HandlingParams.style_match``, ``RecoveryParams.style``
  - complaints today (higher expectations, faster tempers, rights awareness) -> ``needs_mean``,
    ``Params.difficult``, ``voice_intercept``

Customers: types (seeds 001, 003, 004)
  - difficult types and the chronic complainer -> ``Params.difficult`` (:func:`difficult_table`)
  - four complainant and four non-complainer types -> ``VoiceParams`` (:func:`voice.p_voice`) and
    ``remedy.TYPE_WANTS``; a segment of the simulator's history
  - after a complaint: more loyal / routine / watchful / gone -> :func:`outcomes.post_complaint_state`

Recovery (seeds 001, 002, 003)
  - service failure (below the minimum expectation or the firm's promise) -> :mod:`failure`
  - the recovery paradox -> not a parameter: it emerges from :func:`expectations.disconfirmation`
    (delight against the expected recovery, :func:`expectations.recovery_zone`), :func:`outcomes.remembered`
    (peak-end), the reliability belief (:mod:`reliability`: dread, the intention to leave) and the
    learned recovery expectation (:func:`expectations.learn_recovery`);
    see :mod:`recovery.paradox`
  - phrases to avoid / say instead ("I'm sorry", "let me find out", "I will call you back") ->
    ``Strategy.apology``, ``explanation``, ``proactive``
  - peak-end rule -> :func:`outcomes.remembered`; the iceberg -> ``VoiceParams.p_reach_records``
  - seed 002/004 figures: 4 of 100 reach the firm, 82% buy again, 91% never return, told 9-12 vs 20,
    10% price premium -> :mod:`recovery.calibration`, ``WomParams``, ``OutcomeParams.price_premium``

>>> from recovery.journey import run_episode, telling
>>> callable(run_episode) and callable(telling.tell)
True
"""
from __future__ import annotations

from recovery.journey import expectations, failure, handling, outcomes, reliability, remedy, telling, voice
from recovery.journey.episode import difficult_table, run_episode

__all__ = ["expectations", "failure", "reliability", "voice", "handling", "remedy", "outcomes", "telling",
           "run_episode", "difficult_table"]
