"""The customer journey, one module per stage, each a set of small pure functions over numpy
arrays of customers:

expectations -> failure -> voice (or silent exit) -> handling -> remedy (the recovery:
justice and recovery satisfaction) -> outcomes (remembered episode, leaving, word of mouth,
revenue).

:func:`episode` composes the stages for customers whose encounter just failed; the simulator,
the calibration and the scenario experiments all call it.

>>> import numpy as np
>>> from recovery.params import Params, Strategy
>>> n = 5
>>> out = episode(severity=np.full(n, 0.2), outcome=np.ones(n, bool), controllable=np.zeros(n, bool),
...               stable=np.zeros(n, bool), cause=np.zeros(n, int), ctype=np.full(n, 2),
...               difficult=np.zeros(n, int), memory=np.zeros(n), performance=np.full(n, 0.6),
...               adequate=np.full(n, 0.5), desired=np.full(n, 0.7), params=Params(),
...               strategy=Strategy(), rng=np.random.default_rng(0))
>>> sorted(out)[:4]
['days', 'distributive', 'end', 'felt']
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

    ``voiced`` may be given to force who complains (the calibration's TARP cells); by default
    it is drawn. Returns the stage results: ``felt`` and ``peak`` (the failure), ``voiced``,
    ``recorded``, ``level``, ``handovers``, ``days``, ``resolved``, the three justice
    dimensions, ``recovery_satisfaction``, ``end``, ``remembered`` and ``p_leave``.
    """
    n = severity.shape[0]
    table = difficult_table(params)[difficult]
    felt = expectations.disconfirmation(performance - severity, adequate, desired, params.expectations)
    worst = failure.peak(felt, controllable, stable, memory, params.failure, params.outcomes.repeat_amplifies)

    p_complain = voice.p_voice(severity, ctype, table[:, 1], params.voice)
    drawn_voiced, recorded = voice.decide(p_complain, params.voice, rng)
    voiced = drawn_voiced if voiced is None else np.asarray(voiced, bool)
    recorded = recorded & voiced

    handled = handling.handle(severity, table[:, 2], table[:, 3], strategy, params.handling, rng)
    resolved = handled["resolved"] & voiced
    rp = params.recovery
    compensation = remedy.distributive_justice(np.full(n, strategy.compensation), outcome, rp)
    distributive = np.where(resolved, rp.fix_share + (1 - rp.fix_share) * compensation, 0.0)
    procedural = remedy.procedural_justice(handled["days"], handled["handovers"], strategy.choice_of_remedy, rp)
    interactional = np.full(n, remedy.interactional_justice(strategy, rp))
    satisfaction = remedy.recovery_satisfaction(distributive, procedural, interactional, outcome, cause, rp)
    satisfaction = np.where(voiced, np.clip(satisfaction + table[:, 4], 0.0, 1.0), 0.0)

    op = params.outcomes
    expected = op.recovery_adequate + params.handling.handover_raises * handled["handovers"] + op.repeat_raises * memory
    end = expectations.disconfirmation(satisfaction, expected, expected + op.recovery_zone, params.expectations)
    end = np.where(voiced, end, worst)  # a silent exit ends on the failure itself
    memory_of_it = outcomes.remembered(worst, end, op)
    return {
        "felt": felt, "peak": worst, "voiced": voiced, "recorded": recorded, "p_voice": p_complain,
        "level": handled["level"], "handovers": handled["handovers"], "days": handled["days"],
        "resolved": resolved, "distributive": distributive, "procedural": procedural,
        "interactional": interactional, "recovery_satisfaction": satisfaction, "end": end,
        "remembered": memory_of_it,
        "p_leave": outcomes.p_leave_after_failure(severity, voiced, satisfaction, op),
    }
