"""The complaint-handling role-play: customer cards, the handling steps, the phrases, the
remedies, and :func:`score_handling`, which plays a team's handling of a card through the
journey model and says which choice mattered most and why.

Everything a trainee can choose is a lever of the model's :class:`recovery.params.Strategy`
(:func:`handling_strategy` is the whole mapping). Each choice (seed) -> the lever it sets (the
justice dimension it works through):

- step "calm the emotion first" (004, 001) -> ``emotion_first``, if before every step that deals
  with the matter (ask, compensate, fast) (interactional);
- step "listen, collect the facts" (001), and the phrase "let me find out" (002) ->
  ``explanation`` (interactional);
- step "take ownership" (002, 003), and "I will call you back" (002) -> ``proactive``, the firm
  takes the initiative (interactional);
- step "ask what they want, offer choices" (001) -> ``choice_of_remedy`` (procedural);
- step "compensate" (001) with the remedy -> ``compensation``, a share of the price; 0 without
  the step (distributive);
- step "act fast" (001: the earlier, the more satisfied) -> ``response_days`` 0.5 (the
  ``fast_local`` strategy), else 3 (procedural);
- step "follow up" (001), after the matter -> ``follow_up`` (interactional);
- phrase "I'm sorry", not "calm down" (002) -> ``apology`` (interactional);
- phrase "what I can do is...", not "No" (002; seed 000: say what can and cannot be met) ->
  ``expectation_setting`` 1, the expected recovery falls (the expected recovery).

>>> card = deal(3)
>>> best = score_handling(card, STEPS, dict.fromkeys(PHRASES, "instead"), "refund")
>>> worst = score_handling(card, [], dict.fromkeys(PHRASES, "avoid"), "token")
>>> bool(best.satisfaction > worst.satisfaction and best.buy_again > worst.buy_again)
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recovery._seeding import children, generator
from recovery.classroom._model import simulate_handling
from recovery.params import CAUSES, DIFFICULT_TYPES, Strategy

__all__ = ["Card", "HandlingScore", "RolePlayError", "STEPS", "PHRASES", "REMEDIES", "COMPLAINANTS",
           "deal", "handling_strategy", "score_handling", "EMOTIONS", "CUSTOMERS_PER_CARD"]

#: The handling process, in the material's order (seed 001; seed 004 "emotion first").
STEPS = ("calm", "listen", "own", "ask", "compensate", "fast", "follow_up")
#: Steps that deal with the matter rather than the emotion (seed 004: emotion first, then the matter).
_MATTER = ("ask", "compensate", "fast")
#: Seed 002's phrases to avoid and what to say instead, each a situation the trainee answers
#: with "avoid" or "instead"; the lever each one moves.
PHRASES = {"sorry": "apology", "find_out": "explanation", "can_do": "expectation_setting",
           "call_back": "proactive"}
#: Remedies: compensation as a share of the price. 0.5 is the model's "compensate moderately"
#: (``Strategy().compensation``, seed 001); 1.2 the ``generous_compensation`` strategy; 2.0 lies
#: beyond the overcompensation peak (~1.5, Haesevoets et al. 2017) where justice declines.
REMEDIES = {"token": 0.2, "moderate": 0.5, "refund": 1.0, "refund_plus": 1.2, "double": 2.0}
#: Seed 004's four complainant types (the customers who do complain).
COMPLAINANTS = ("quality_watcher", "rational", "negotiator", "victim")
#: How the customer feels after the handling, from worst to best.
EMOTIONS = ("angry", "disappointed", "accepting", "delighted")
#: Simulated customers behind one card: enough that a team's means move by less than 1 point
#: of satisfaction between seeds (tests/test_classroom.py).
CUSTOMERS_PER_CARD = 2_000
#: Response days without and with "act fast": by the book (``Strategy().response_days``) and
#: the ``fast_local`` strategy (seed 000 "respond fast, solve").
_DAYS = (3.0, 0.5)
#: Failure severities a card can carry: minor, moderate, serious (share of the performance lost).
_SEVERITIES = (0.2, 0.45, 0.7)
_DIMENSION = {"emotion_first": "interactional", "explanation": "interactional", "proactive": "interactional",
              "follow_up": "interactional", "apology": "interactional", "choice_of_remedy": "procedural",
              "response_days": "procedural", "compensation": "distributive",
              "expectation_setting": "expectations"}
_STEP_LEVER = {"calm": "emotion_first", "listen": "explanation", "own": "proactive", "ask": "choice_of_remedy",
               "compensate": "compensation", "fast": "response_days", "follow_up": "follow_up"}


class RolePlayError(ValueError):
    """A role-play choice that is not one of the game's: the message names it and the valid ones."""


@dataclass(frozen=True)
class Card:
    """A customer card: complainant type (seed 004), difficult type (seed 001), the failure's
    cause (seed 001) and severity, whether it is the customer's second failure. ``number`` is
    also the card's seed: every team playing it meets the same simulated customers."""

    number: int
    complainant: str
    difficult: str
    cause: str
    severity: float
    second_failure: bool

    @property
    def seed(self) -> int:
        return self.number


def deal(number: int, *, seed=14) -> Card:
    """The card with this number (the same number and seed always give the same card).

    Parameters
    ----------
    number : int
        The card's number, 1 or more; card ``k`` is drawn from child ``k`` of ``seed``.
    seed : int, SeedSequence, Generator or None, default 14
        The deck: the class shares one deck when everyone keeps the default.

    Returns
    -------
    Card
        Who complains, the difficult type, the cause, the severity and whether a second failure
        follows.

    Examples
    --------
    >>> deal(1) == deal(1)
    True
    >>> deal(1).number
    1
    """
    if isinstance(number, bool) or not isinstance(number, (int, np.integer)) or number < 1:
        raise RolePlayError(f"card number = {number!r}: give a whole number of at least 1")
    rng = generator(children(seed, 1, start=int(number))[0])
    return Card(number=int(number), complainant=str(rng.choice(COMPLAINANTS)),
                difficult=str(rng.choice(DIFFICULT_TYPES[1:])), cause=str(rng.choice(CAUSES)),
                severity=float(rng.choice(_SEVERITIES)), second_failure=bool(rng.random() < 0.25))


def _check_choices(steps, phrases, remedy) -> None:
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise RolePlayError(f"steps: {unknown[0]!r} is not a handling step; choose from {STEPS}")
    if len(set(steps)) != len(steps):
        raise RolePlayError(f"steps = {list(steps)}: each step can be taken once")
    if set(phrases) != set(PHRASES) or any(v not in ("avoid", "instead") for v in phrases.values()):
        raise RolePlayError(f"phrases = {dict(phrases)!r}: answer every situation {tuple(PHRASES)} "
                            "with 'avoid' or 'instead'")
    if remedy not in REMEDIES:
        raise RolePlayError(f"remedy = {remedy!r} is not a remedy; choose from {tuple(REMEDIES)}")


def handling_strategy(steps, phrases: dict, remedy: str) -> Strategy:
    """The model's :class:`Strategy` for a team's choices (the table in the module docstring).

    Parameters
    ----------
    steps : list of str
        The team's steps in order (``STEPS``).
    phrases : dict
        Phrase -> the team's choice for it (``PHRASES``).
    remedy : str
        The remedy chosen (``REMEDIES``).

    Returns
    -------
    Strategy
        The model's levers for these choices.

    Examples
    --------
    >>> s = handling_strategy(["ask", "calm"], dict.fromkeys(PHRASES, "instead"), "moderate")
    >>> s.emotion_first, s.choice_of_remedy, s.compensation   # calm came after the matter
    (False, True, 0.0)
    """
    steps = list(steps)
    _check_choices(steps, phrases, remedy)
    at = {s: i for i, s in enumerate(steps)}
    matter = [at[s] for s in _MATTER if s in at]
    good = {situation: phrases[situation] == "instead" for situation in PHRASES}
    return Strategy(
        emotion_first="calm" in at and all(at["calm"] < i for i in matter),
        explanation="listen" in at and good["find_out"],
        proactive="own" in at and good["call_back"],
        choice_of_remedy="ask" in at,
        compensation=REMEDIES[remedy] if "compensate" in at else 0.0,
        response_days=_DAYS["fast" in at],
        follow_up="follow_up" in at and all(at["follow_up"] > i for i in matter),
        apology=good["sorry"],
        expectation_setting=1.0 if good["can_do"] else 0.0,
    )


@dataclass(frozen=True)
class HandlingScore:
    """What :func:`score_handling` returns.

    ``emotion`` (share of the simulated customers in each of ``EMOTIONS``), ``satisfaction``
    with the recovery (0-100), ``buy_again`` (chance, 0-1), ``told`` (people told, mean),
    ``justice`` (the three dimensions, 0-100), ``weights`` (how much each dimension counts for
    this card, summing to 1), and ``choices``: one row per choice with what the team chose, the
    alternative, and how satisfaction, buying again and the angry share would change with the
    alternative (same customers, same luck), sorted with the choice that mattered most first.
    """

    card: Card
    emotion: dict
    satisfaction: float
    buy_again: float
    told: float
    justice: dict
    weights: dict
    choices: pd.DataFrame

    @property
    def mood(self) -> str:
        """The emotion most of the simulated customers end in."""
        return max(self.emotion, key=self.emotion.get)

    @property
    def most_important(self) -> pd.Series:
        """The choice whose alternative would have changed satisfaction the most."""
        return self.choices.iloc[0]

    def summary_frame(self) -> pd.DataFrame:
        """The scores as one tidy row (for a scoreboard)."""
        return pd.DataFrame([{"card": self.card.number, "satisfaction": self.satisfaction,
                              "buy_again": self.buy_again, "told": self.told, "mood": self.mood,
                              "mattered_most": self.most_important["choice"]}])


def _outcome(card: Card, strategy: Strategy, n_customers: int, seed) -> dict:
    sim = simulate_handling(complainant=card.complainant, difficult=card.difficult, cause=card.cause,
                            severity=card.severity, controllable=True, prior_failures=int(card.second_failure),
                            strategy=strategy, n_customers=n_customers, seed=seed)
    angry = sim["angry"]
    disappointed = sim["below"] & ~angry
    delighted = sim["above"] & ~angry
    emotion = {"angry": angry.mean(), "disappointed": disappointed.mean(),
               "accepting": 1 - angry.mean() - disappointed.mean() - delighted.mean(), "delighted": delighted.mean()}
    return {"emotion": {k: float(v) for k, v in emotion.items()}, "satisfaction": float(sim["satisfaction"].mean()),
            "buy_again": float(sim["buy_again"].mean()), "told": float(sim["told"].mean()),
            "justice": {d: float(sim[d].mean()) for d in ("distributive", "procedural", "interactional")},
            "weights": dict(zip(("distributive", "procedural", "interactional"), map(float, sim["weights"])))}


def _alternatives(steps: list, phrases: dict, remedy: str):
    """Each single change of the team's choices: (choice, what they did, the alternative, new choices)."""
    for step in STEPS:
        if step in steps:
            yield step, "taken", "left_out", ([s for s in steps if s != step], phrases, remedy)
            if step in ("calm", "follow_up"):
                others = [s for s in steps if s != step]
                moved = [step] + others if step == "calm" else others + [step]
                if moved != steps:
                    yield step, "out_of_order", "in_order", (moved, phrases, remedy)
        else:
            placed = [s for s in STEPS if s in steps or s == step]
            yield step, "left_out", "taken", (placed, phrases, remedy)
    for situation in PHRASES:
        other = "avoid" if phrases[situation] == "instead" else "instead"
        yield situation, phrases[situation], other, (steps, {**phrases, situation: other}, remedy)
    for other in REMEDIES if "compensate" in steps else ():
        if other != remedy:
            yield "remedy", remedy, other, (steps, phrases, other)


def score_handling(card: Card, steps, phrases: dict, remedy: str, *, seed=None,
                   n_customers: int = CUSTOMERS_PER_CARD) -> HandlingScore:
    """Play a team's handling of a role-play card on simulated customers.

    The debrief tries each single change of the team's choices on the same customers and ranks
    them by how much satisfaction would move.

    Parameters
    ----------
    card : Card
        The card (:func:`deal`).
    steps : list of str
        Steps in the order taken (from ``STEPS``).
    phrases : dict
        Each situation of ``PHRASES`` answered "avoid" or "instead".
    remedy : str
        A key of ``REMEDIES``.
    seed : int, SeedSequence, Generator or None
        Who the customers are and their luck (default: the card's own), so teams playing the same
        card are compared on the same customers.
    n_customers : int
        Simulated customers fitting the card.

    Returns
    -------
    HandlingScore
        Emotions, satisfaction, buying again, people told, justice and the ranked ``choices``.

    References
    ----------
    The choices and their sources are described in ``docs/classroom.md``.

    Examples
    --------
    >>> score = score_handling(deal(2), ["calm", "listen", "ask", "compensate", "fast"],
    ...                        dict.fromkeys(PHRASES, "instead"), "moderate")
    >>> 0 <= score.satisfaction <= 100 and round(sum(score.emotion.values()), 9) == 1.0
    True
    """
    steps = list(steps)
    seed = card.seed if seed is None else seed
    base = _outcome(card, handling_strategy(steps, phrases, remedy), n_customers, seed)
    rows, seen = [], {}
    for choice, made, alternative, changed in _alternatives(steps, phrases, remedy):
        strategy = handling_strategy(*changed)
        if strategy not in seen:
            seen[strategy] = _outcome(card, strategy, n_customers, seed)
        other = seen[strategy]
        lever = _STEP_LEVER.get(choice, PHRASES.get(choice, "compensation"))
        rows.append({"choice": choice, "made": made, "alternative": alternative, "dimension": _DIMENSION[lever],
                     "satisfaction_change": other["satisfaction"] - base["satisfaction"],
                     "buy_again_change": other["buy_again"] - base["buy_again"],
                     "angry_change": other["emotion"]["angry"] - base["emotion"]["angry"]})
    choices = pd.DataFrame(rows)
    remedies = choices[choices["choice"] == "remedy"]
    if not remedies.empty:  # of the other remedies, keep the one that would have helped most
        best = remedies["satisfaction_change"].idxmax()
        choices = choices.drop(index=remedies.index.drop(best))
    order = choices["satisfaction_change"].abs().sort_values(ascending=False, kind="stable").index
    return HandlingScore(card=card, emotion=base["emotion"], satisfaction=base["satisfaction"],
                         buy_again=base["buy_again"], told=base["told"], justice=base["justice"],
                         weights=base["weights"], choices=choices.loc[order].reset_index(drop=True))
