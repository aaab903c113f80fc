"""Parameter sets of the customer journey, one frozen dataclass per stage, validated on creation.

Every default cites its source: a seed figure (``seed_figures`` key, seed 00N), a
``literature_parameters`` key / paper, or "fitted" (set by :func:`recovery.calibration.calibrate`,
``recovery calibrate``, to the calibration targets listed there), or "assumption" where the
sources give a direction but no number. docs/model.md lists every parameter with its role.

>>> from recovery.params import Params, Strategy
>>> p = Params()
>>> p.voice.p_reach_records > 0
True
>>> p.with_(**{"voice.p_reach_records": 0.2}).voice.p_reach_records
0.2
>>> Strategy(compensation=2.5)
Traceback (most recent call last):
...
recovery._validation.ParameterError: Strategy.compensation = 2.5 is outside the allowed range [0, 2] (share of the price)
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import NamedTuple

from recovery._validation import ParameterError, flag, known_keys, number

__all__ = [
    "ExpectationParams", "FailureParams", "ReliabilityParams", "VoiceParams", "HandlingParams", "RecoveryParams",
    "OutcomeParams", "WomParams", "Difficult", "Params", "Strategy", "named_strategies",
    "CAUSES", "CUSTOMER_TYPES", "DIFFICULT_TYPES", "LEVELS", "POST_COMPLAINT_STATES",
]

#: Failure causes on the company side (seed 001): product quality, service attitude,
#: misleading promotion, management.
CAUSES = ("product_quality", "service_attitude", "misleading_promotion", "management")
#: Seed 004: four complainant types, then four types of dissatisfied non-complainers.
CUSTOMER_TYPES = ("quality_watcher", "rational", "negotiator", "victim",
                  "indifferent", "hassle_averse", "sceptical", "free_rider")
#: Seed 001's difficult customers (plus "none"); each changes voice, escalation, speed or judgement.
DIFFICULT_TYPES = ("none", "intimidating", "grumbling", "silent", "friendly", "negative",
                   "know_it_all", "procrastinating", "chronic")
#: Seed 000's three complaint levels.
LEVELS = ("local", "escalated", "regulator")
#: Seed 004: what a complainant becomes after the complaint.
POST_COMPLAINT_STATES = ("more_loyal", "routine", "watchful", "gone")


def _check(owner: str, name: str, value, low: float, high: float, what: str = "") -> None:
    number(f"{owner}.{name}", value, low, high, what=what)


def _probabilities(obj, *names: str) -> None:
    for name in names:
        _check(type(obj).__name__, name, getattr(obj, name), 0, 1, "a probability")


def _non_negative(obj, *names: str) -> None:
    for name in names:
        _check(type(obj).__name__, name, getattr(obj, name), 0, math.inf, "must not be negative")


def _shares(obj, name: str, keys: tuple[str, ...]) -> None:
    shares = getattr(obj, name)
    known_keys(f"{type(obj).__name__}.{name}", shares, keys)
    if set(shares) != set(keys):
        raise ParameterError(f"{type(obj).__name__}.{name} must have exactly the keys {keys}, got {tuple(shares)}")
    for key, value in shares.items():
        _check(type(obj).__name__, f"{name}[{key!r}]", value, 0, 1, "a share")
    if abs(sum(shares.values()) - 1) > 1e-9:
        raise ParameterError(f"{type(obj).__name__}.{name} must sum to 1, sums to {sum(shares.values()):.6g}")


@dataclass(frozen=True)
class ExpectationParams:
    """How expectations form and move (seed 000; Zeithaml, Berry & Parasuraman 1993; Kano 1984).

    The predicted expectation is a weighted mix of past experience, word of mouth and personal
    needs (seed 000's three sources; equal-ish weights are an assumption: no figure exists),
    recomputed every period from the three sources each customer carries: past experience
    learns from ordinary encounters (``learning_rate``), the word-of-mouth source moves with the
    stories heard (:class:`WomParams`), personal needs are fixed per customer (seed 001's
    customer-side cause "expectations too high" is the upper tail of ``needs_mean``/``needs_sd``;
    seed 003's "expectations higher today" is a higher ``needs_mean``).
    Around it lies the zone of tolerance [adequate, desired]; performance inside the zone
    moves satisfaction little (``in_zone_slope``), below ``adequate`` a basic need is missed and
    it hurts ``basic_weight`` per unit, above ``desired`` it delights at ``delight_weight`` per
    unit (basic > delight: missing a basic need hurts more than exceeding helps).
    """

    weight_past: float = 0.5          # assumption (seed 000 names the source, no weight)
    weight_wom: float = 0.2           # assumption
    weight_needs: float = 0.3         # assumption
    initial_experience: float = 0.6   # = the mean performance below: customers know the service
    needs_mean: float = 0.6           # assumption, on the 0-1 performance scale
    needs_sd: float = 0.05            # assumption: heterogeneity of personal needs
    adequate_offset: float = -0.1     # adequate = predicted + this; assumption (ZBP 1993 give no width)
    desired_offset: float = 0.1       # desired = predicted + this; assumption
    basic_weight: float = 2.0         # Kano must-be: penalty only; assumption 2x (Anderson 1998 asymmetry)
    in_zone_slope: float = 0.3        # assumption: "little effect" inside the zone (literature 2.4)
    delight_weight: float = 1.0       # Kano attractive: reward only
    learning_rate: float = 0.1        # RM-1 beta (docs/sources.md)
    setting_lowers: float = 0.05      # stating standards lowers predicted expectation by this at setting=1; assumption
    setting_narrows: float = 0.5      # ... and narrows the zone by this share; assumption (seed 000 "control")
    setting_lowers_recovery: float = 0.1  # seed 000 "lowering expectations during a complaint" (rank the wishes,
                                          # say what can and cannot be met and why): the expected recovery drops by
                                          # this at setting=1; assumption
    performance_mean: float = 0.6     # RM-1 perf ~ Normal(0.6, 0.1)
    performance_sd: float = 0.1       # RM-1

    def __post_init__(self):
        _probabilities(self, "weight_past", "weight_wom", "weight_needs", "initial_experience",
                       "needs_mean", "performance_mean", "learning_rate", "setting_narrows")
        if self.adequate_offset > self.desired_offset:
            raise ParameterError(f"ExpectationParams.adequate_offset = {self.adequate_offset} is above desired_offset = "
                             f"{self.desired_offset}: the zone of tolerance needs adequate <= desired")
        _check("ExpectationParams", "adequate_offset", self.adequate_offset, -1, 1)
        _check("ExpectationParams", "desired_offset", self.desired_offset, -1, 1)
        _non_negative(self, "basic_weight", "in_zone_slope", "delight_weight", "setting_lowers", "setting_lowers_recovery")
        for name in ("needs_sd", "performance_sd"):  # spreads on the 0-1 expectation scale
            _check("ExpectationParams", name, getattr(self, name), 0, 1, "a standard deviation on the 0-1 scale")
        total = self.weight_past + self.weight_wom + self.weight_needs
        if abs(total - 1) > 1e-9:
            raise ParameterError(f"ExpectationParams weights (past, wom, needs) must sum to 1, sum to {total:.6g}")


@dataclass(frozen=True)
class FailureParams:
    """What goes wrong at this firm, how badly and whose fault it is (seed 001; Magnini et al. 2007).

    Each period (a week) an active customer's encounter with the firm fails with chance
    ``weekly_rate``, for one of the four causes of seed 001 in the shares ``cause_shares``.
    Customer Rage's "half of households had a problem in a year" (literature 1b,
    ``problem_rate_2013``) counts problems with all of a household's suppliers, so it is an upper
    bound for one firm, not the rate: ``weekly_rate`` is fitted to the annual defection of
    literature 1g (``annual_defection_typical``) by :func:`recovery.calibration.calibrate`.
    Product quality and misleading promotion are outcome failures (the core service or a
    promise), service attitude and management are process failures.
    """

    weekly_rate: float = 0.004801      # fitted (calibrate; refit on the keyed streams 2026-12-02): annual defection 0.175 (literature 1g)
    cause_shares: dict = field(default_factory=lambda: {
        "product_quality": 0.4, "service_attitude": 0.3,
        "misleading_promotion": 0.1, "management": 0.2})  # assumption: seed 001 names the causes, gives no shares
    severity_a: float = 1.5           # severity ~ Beta(a, b) on [0, 1]; assumption: most failures are minor
    severity_b: float = 3.0
    major_threshold: float = 0.5      # TARP's "large problem" (> $100 potential loss) vs "small" (< $5)
    p_controllable: dict = field(default_factory=lambda: {
        "product_quality": 0.6, "service_attitude": 0.9,
        "misleading_promotion": 0.95, "management": 0.8})  # assumption: attitude/promises are the firm's doing
    p_stable: float = 0.3             # assumption: share of failures seen as recurring
    blame_controllable: float = 0.3   # the worst moment deepens by this share when the firm is to blame (Magnini et al. 2007)
    blame_stable: float = 0.3         # ... and when it is seen as recurring (Magnini et al. 2007; Grewal et al. 2008)

    def __post_init__(self):
        _shares(self, "cause_shares", CAUSES)
        known_keys("FailureParams.p_controllable", self.p_controllable, CAUSES)
        for cause in CAUSES:
            if cause not in self.p_controllable:
                raise ParameterError(f"FailureParams.p_controllable needs every cause {CAUSES}; missing {cause!r}")
            _check("FailureParams", f"p_controllable[{cause!r}]", self.p_controllable[cause], 0, 1, "a probability")
        _probabilities(self, "weekly_rate", "major_threshold", "p_stable")
        _check("FailureParams", "severity_a", self.severity_a, 1e-6, math.inf, "a Beta shape > 0")
        _check("FailureParams", "severity_b", self.severity_b, 1e-6, math.inf, "a Beta shape > 0")
        _non_negative(self, "blame_controllable", "blame_stable")

    @property
    def rates(self) -> dict:
        """Weekly failure chance per cause (``weekly_rate`` x ``cause_shares``)."""
        return {c: self.weekly_rate * self.cause_shares[c] for c in CAUSES}

    @property
    def total_rate(self) -> float:
        return float(self.weekly_rate)


@dataclass(frozen=True)
class ReliabilityParams:
    """Each customer's learned belief in the firm's reliability (Beta-Bernoulli learning).

    A customer holds a Beta(``alpha``, ``beta``) belief about the firm's weekly failure chance.
    Both counts forget at ``decay`` a week, so the belief weighs about ``1 / (1 - decay)`` weeks
    of experience; it starts there, at the firm's true rate (customers know the service). A failure adds ``1 + severity_evidence * severity +
    stable_evidence * stable`` to alpha (a severe failure, or one seen as recurring, says more
    about the firm: Magnini et al. 2007; Soares & Proença 2015), an ordinary week adds 1 to
    beta; each day a complaint waits adds ``wait_evidence`` (a slow answer is more evidence that
    the firm fails). A recovery does not undo the
    evidence: the failure happened (de Matos et al. 2007: no paradox on repurchase; Knox & van
    Oest 2014: recovery offsets only part of a complaint's churn). The belief is read as the
    expected number of extra failures in the coming year, ``52 * (mean - prior mean)``:
    it raises the intention to leave at a failure (:class:`OutcomeParams` ``reliability_weight``)
    and everyday churn (``churn_reliability``), and is dreaded at the failure (``dread``:
    satisfaction lost per expected extra failure a year). Bad stories heard add
    ``story_evidence`` each to alpha: customers also learn from others' failures.
    """

    severity_evidence: float = 0.0    # fitted (calibrate): TARP's quick-resolution cells by problem size
    stable_evidence: float = 3.0      # assumption: a recurring cause counts as three more failures (Magnini et al. 2007)
    decay: float = 0.99               # assumption: weekly forgetting, half-life ~69 weeks (~16 months; Maxham &
                                      # Netemeyer 2002 saw two failures within 20 months read as a pattern)
    dread: float = 0.04               # assumption: satisfaction lost per expected extra failure a year
    wait_evidence: float = 1.0      # fitted (calibrate): each day a complaint waits counts as this share of a
                                      # failure seen (TARP's quick vs slow resolution, literature 2.1.5)
    story_evidence: float = 0.05      # assumption: a bad story heard about the firm counts as 1/20 of a failure
                                      # seen (vicarious learning; negative WOM deters: literature 2.5)

    def __post_init__(self):
        _non_negative(self, "severity_evidence", "stable_evidence", "wait_evidence", "dread", "story_evidence")
        _check("ReliabilityParams", "decay", self.decay, 0, 1 - 1e-6, "a weekly share kept, below 1")


@dataclass(frozen=True)
class VoiceParams:
    """Who complains and whose complaint reaches the firm (seed 004; TARP; literature 2.1).

    ``P(voice) = logistic(intercept[type] + severity_slope * severity + success_slope *
    (expected_success - 0.5))`` times the difficult type's multiplier. Voicing is not being
    recorded: a voiced complaint reaches the firm's records with ``p_reach_records``. Surveys
    find far more voice (Customer Rage 2017: 76% complained about their most serious problem)
    than firms record (TARP: 4 of 100, seed 004).

    Customer types (seed 004) are segments with their own intercept: the complainants
    (quality-watcher, rational, negotiator, victim) and the dissatisfied non-complainers
    (indifferent: "a small thing"; hassle-averse: "far, annoying, not worth it"; sceptical:
    "they won't fix it", who weigh ``expected_success`` three times as much; free-rider:
    "someone else will"). Seed 001's customer- and society-side causes live here too: rights
    awareness and encouragement to claim rights raise the intercepts, low trust lowers
    ``expected_success``, free time is the hassle-averse type's opposite.
    """

    type_shares: dict = field(default_factory=lambda: dict.fromkeys(CUSTOMER_TYPES, 1 / 8))  # assumption: no shares given
    voice_intercept: dict = field(default_factory=lambda: {
        # complainant types (seed 004) speak up; non-complainers mostly do not, for their reasons
        "quality_watcher": 0.5, "rational": 0.3, "negotiator": 0.8, "victim": 0.6,
        "indifferent": -2.5, "hassle_averse": -2.0, "sceptical": -1.0, "free_rider": -2.2})  # assumption
    severity_slope: float = 2.0       # voice depends on stakes (TARP by loss size; literature 2.1.2); assumption
    success_slope: float = 1.0        # "they won't fix it" (seed 004 sceptics); sceptics' own slope is 3x
    expected_success: float = 0.5     # the firm's reputation for fixing complaints, 0-1; assumption
    p_reach_records: float = 0.0790   # fitted (calibrate; refit 2026-12-02): 4 of 100 dissatisfied reach the records (seed 004 complaining_share)

    def __post_init__(self):
        _shares(self, "type_shares", CUSTOMER_TYPES)
        if set(self.voice_intercept) != set(CUSTOMER_TYPES):
            raise ParameterError(f"VoiceParams.voice_intercept needs exactly the keys {CUSTOMER_TYPES}")
        _non_negative(self, "severity_slope", "success_slope")
        _probabilities(self, "expected_success", "p_reach_records")


@dataclass(frozen=True)
class HandlingParams:
    """How a complaint is handled: level, handovers, time, communication style (seeds 000, 001, 003, 004).

    Level (seed 000): ``local`` (respond fast, solve), ``escalated`` past the front line (the
    agreement may be a *deferral*: escalate and answer later, so it takes ``level_days`` times
    longer and keeps contact through more handovers), or an appeal to the ``regulator`` (handled
    by the book and without raising the service standard: compensation is capped at
    ``regulator_compensation_cap``). Each handover (seed 003: passing the complaint on) raises
    the customer's expectation of the recovery by ``handover_raises``, adds ``handover_days`` and
    loses the emotional sync (procedural justice falls). Emotion first (seed 004: "handle the
    emotion first, then the matter") lowers the odds of escalation and raises the chance that
    the handler meets the customer in their own communication style (seed 003: DISC profiling
    and "resonance", matching the customer's emotional channel).
    """

    p_escalate: float = 0.25          # assumption; TARP: ~5% reach executives (escalation_to_executives) overall
    escalate_severity_slope: float = 2.0  # assumption: bigger stakes, higher up
    p_regulator: float = 0.05         # share of escalated complaints that go to the regulator; assumption
    emotion_first_calms: float = 0.5  # escalation odds multiplied by this with emotion first; assumption
    level_days: dict = field(default_factory=lambda: {"local": 1.0, "escalated": 3.0, "regulator": 10.0})  # x response_days
    handover_rate: dict = field(default_factory=lambda: {"local": 0.3, "escalated": 1.2, "regulator": 2.0})  # Poisson means
    handover_days: float = 1.0        # assumption
    handover_raises: float = 0.05     # seed 003: every handover raises the expectation; size assumed
    p_resolve: dict = field(default_factory=lambda: {"local": 0.75, "escalated": 0.65, "regulator": 0.6})  # assumption
    quick_days: float = 1.0           # "resolved quickly" = within a day ("on the spot", TARP quotations)
    regulator_compensation_cap: float = 0.5  # seed 000: at the regulator, by the book (= Strategy().compensation)
    style_match: float = 0.25         # chance a handler happens to match the customer's DISC style: 1 of 4 (seed 003)
    style_match_emotion_first: float = 0.35  # extra chance when the handler empathises first; assumption

    def __post_init__(self):
        _probabilities(self, "p_escalate", "p_regulator", "emotion_first_calms", "style_match",
                       "style_match_emotion_first")
        _non_negative(self, "escalate_severity_slope", "handover_days", "handover_raises", "quick_days")
        _check("HandlingParams", "regulator_compensation_cap", self.regulator_compensation_cap, 0, 2,
               "share of the price")
        if self.style_match + self.style_match_emotion_first > 1:
            raise ParameterError(f"HandlingParams.style_match + style_match_emotion_first = "
                             f"{self.style_match + self.style_match_emotion_first:.4g} is outside the allowed "
                             "range [0, 1] (a probability)")
        for name in ("level_days", "handover_rate", "p_resolve"):
            table = getattr(self, name)
            if set(table) != set(LEVELS):
                raise ParameterError(f"HandlingParams.{name} needs exactly the levels {LEVELS}")
            for level, value in table.items():
                _check("HandlingParams", f"{name}[{level!r}]", value, 0, 1 if name == "p_resolve" else math.inf)


@dataclass(frozen=True)
class RecoveryParams:
    """From the firm's levers to justice and recovery satisfaction (literature 2.3).

    Distributive justice follows compensation: an S-shape in compensation as a share of the
    price when the outcome failed (steepest between 60% and 120%, Gelbrich, Gäthke & Grégoire
    2015: ``comp_steepest_return_low/high``), concave when only the process failed, declining
    beyond ~150% (Haesevoets et al. 2017: ``overcomp_peak``). Procedural justice follows speed,
    choice of remedy and few handovers; interactional justice apology, explanation, emotion
    first, follow-up, the firm taking the initiative and a handler in the customer's style
    (Smith, Bolton & Wagner 1999; seeds 001-004). Recovery satisfaction weighs the three,
    distributive most (Orsingher et al. 2010), tilted to distributive for outcome failures and
    to interactional for process failures (Smith, Bolton & Wagner 1999), to what the failure's
    cause makes customers need (seed 004's cause -> need) and to what each complainant type
    wants (seed 004: the quality-watcher wants improvement, the rational customer a satisfying
    answer, the negotiator compensation, the victim sympathy and compensation).

    The justice weights are the parameters a fitted survey model maps onto
    (justice -> recovery satisfaction); see :func:`recovery.journey.remedy.recovery_satisfaction`.
    """

    fix_share: float = 0.5            # share of distributive justice that is the problem fixed (re-performance,
                                      # exchange: Roschk & Gelbrich 2014); the rest is compensation; assumption
    comp_midpoint: float = 0.9        # middle of 0.6-1.2 (comp_steepest_return_low/high)
    comp_spread: float = 0.15         # logistic scale: 0.6-1.2 is +-2 spreads, the steep part
    comp_concave_scale: float = 0.4   # process failures: 1 - exp(-c / scale); assumption
    overcomp_peak: float = 1.5        # Haesevoets et al. 2017 (overcomp_peak)
    overcomp_decline: float = 0.5     # justice lost per unit of compensation beyond the peak; assumption
    speed_scale_days: float = 2.0     # procedural justice from speed: exp(-days / scale); assumption
    handover_loss: float = 0.5        # procedural justice x 1 / (1 + loss * handovers): seed 003 handover risk
    weight_distributive: float = 0.45 # Orsingher et al. 2010 order DJ > IJ > PJ; values assumed
    weight_procedural: float = 0.25
    weight_interactional: float = 0.30
    type_tilt: float = 0.3            # outcome failure: DJ weight x(1 + tilt); process: IJ weight x(1 + tilt)
    need_tilt: float = 0.3            # seed 004 cause -> need, and complainant type -> want: x(1 + tilt)
    apology: float = 0.30             # shares of interactional justice per lever (sum <= 1); assumption.
    explanation: float = 0.20         # seed 001 "reasonable explanation"; seed 003 four steps
    emotion_first: float = 0.20       # seed 004
    follow_up: float = 0.10           # seed 001 "follow up later"
    proactive: float = 0.10           # the firm initiates the recovery (Smith, Bolton & Wagner 1999)
    style: float = 0.10               # the handler matched the customer's DISC style (seed 003 "resonance")
    choice_of_remedy: float = 0.15    # procedural justice from letting the customer choose (seed 001 "offer choices")
    execution: float = 0.5            # chance each interactional lever of the strategy is delivered as meant, per
                                      # complaint (Customer Rage 2013, literature 1b: 76% want an apology, 32% get
                                      # one, 0.42: delivery falls short of policy); about half is an assumption. It makes interactional
                                      # justice vary between complainants of one strategy, as it does in surveys

    def __post_init__(self):
        _non_negative(self, "comp_midpoint", "comp_concave_scale", "overcomp_peak", "overcomp_decline",
                      "type_tilt", "need_tilt", "handover_loss")
        _check("RecoveryParams", "comp_spread", self.comp_spread, 1e-6, math.inf, "must be positive")
        _check("RecoveryParams", "speed_scale_days", self.speed_scale_days, 1e-6, math.inf, "must be positive")
        _probabilities(self, "fix_share", "weight_distributive", "weight_procedural", "weight_interactional",
                       "apology", "explanation", "emotion_first", "follow_up", "proactive", "style",
                       "choice_of_remedy", "execution")
        total = self.weight_distributive + self.weight_procedural + self.weight_interactional
        if abs(total - 1) > 1e-9:
            raise ParameterError(f"RecoveryParams justice weights must sum to 1, sum to {total:.6g}")
        levers = self.apology + self.explanation + self.emotion_first + self.follow_up + self.proactive + self.style
        if levers > 1 + 1e-9:
            raise ParameterError(f"RecoveryParams interactional lever shares (apology, explanation, emotion_first, "
                             f"follow_up, proactive, style) sum to {levers:.4g}: the allowed range is [0, 1]")


@dataclass(frozen=True)
class OutcomeParams:
    """Satisfaction, the intention to leave and leaving, post-complaint states, revenue
    (Oliver 1980; peak-end; TARP; Knox & van Oest 2014; seeds 002, 004).

    Satisfaction (the attitude) learns from the remembered episode (peak-end of the failure and
    the recovery judged against the recovery expected, minus the dread of recurrence). The
    **intention to leave** after a failure has two channels (:func:`recovery.journey.outcomes.leave_intention`):

    - the episode's: ``logistic(leave_intercept + leave_severity_slope * severity)`` for a silent
      customer; complaining keeps ``voice_relief`` of it, and the recovery, judged against the
      recovery expected (``end`` in [-1, 0]), offsets the rest, all of it once it meets the
      middle of the expected zone (``logistic(offset_steepness * (end - offset_midpoint))``
      rescaled from 0 at end = -1 to 1 at end = 0);
    - the firm's reliability: ``1 - exp(-reliability_weight * expected extra failures a year)``
      (:class:`ReliabilityParams`), which no recovery offsets.

    TARP's repurchase cells (literature 1a) are **stated intentions** (customers asked whether
    they would buy again), so they are compared with ``1 - intention``; behaviour follows the
    intention with ``follow_through`` (Sheeran 2002: in a meta-analysis of intention-behaviour
    studies 47% of those who intended to act did not). What is left of the episode's leaving
    chance lingers as a decaying weekly ``hazard`` (Knox & van Oest 2014: a complaint's effect on
    churn is short-lived), on top of everyday churn ``base_churn * exp(-churn_satisfaction *
    satisfaction + churn_reliability * extra failures expected)``: satisfied customers stay longer,
    dissatisfied ones leave sooner (Oliver 1980), and so do those who learned the firm fails.

    The recovery a complainant expects (a zone of tolerance for the recovery) starts at
    ``recovery_adequate``, rises with severity (Smith, Bolton & Wagner 1999), with every handover
    (seed 003), when the firm was to blame (``controllable_raises``: Magnini et al. 2007), and
    with the last recovery experienced (``recovery_adapts``: after an excellent recovery the next
    is expected, Maxham & Netemeyer 2002), and falls when the firm says what it can and cannot do
    (seed 000).
    """

    satisfaction_rate: float = 0.3    # RM-1 alpha
    peak_weight: float = 0.5          # peak-end: the average of the worst and the last moment (Kahneman et al. 1993)
    recovery_adequate: float = 0.45   # the recovery quality a complainant expects at least; assumption
    recovery_zone: float = 0.25       # desired = adequate + zone; assumption
    severity_raises: float = 0.3      # expected recovery + this x severity (Smith, Bolton & Wagner 1999); assumption
    controllable_raises: float = 0.15 # a failure the firm could have prevented raises the expected recovery
                                      # (Magnini et al. 2007; attribution theory); size assumed
    recovery_adapts: float = 1.0      # the next expected recovery moves this share of the way to the last one
                                      # experienced (Maxham & Netemeyer 2002); assumption
    recovery_memory_decay: float = 0.995  # weekly decay of that learned expectation: ~60% left after 20 months
                                          # (Maxham & Netemeyer 2002's window); assumption
    leave_intercept: float = 0.1985   # fitted (calibrate; refit 2026-12-02): TARP cells
    leave_severity_slope: float = 2.798   # fitted
    voice_relief: float = 0.1781      # fitted: complaining, even unresolved, keeps some (repurchase_*_unresolved)
    offset_midpoint: float = -1.0   # fitted: the judged recovery at which about half the episode's leaving is offset
    offset_steepness: float = 12.60     # fitted
    reliability_weight: float = 0.1216  # fitted: intention to leave per expected extra failure a year
    follow_through: float = 0.53      # intention -> behaviour (Sheeran 2002: 47% of intenders do not act)
    hazard_carry: float = 0.05        # share of the episode's leaving chance that lingers as weekly hazard; assumption
    hazard_decay: float = 0.7         # weekly decay of that hazard (short-lived: Knox & van Oest 2014); assumption
    base_churn: float = 0.0017        # weekly switching for reasons other than failures (~8.5% a year): Keaveney
                                      # (1995) finds pricing, inconvenience, competition, ethics and involuntary
                                      # moves beside failures among switching causes; the half share is an assumption
    churn_satisfaction: float = 5.0   # everyday churn x exp(-this x satisfaction); assumption
    churn_reliability: float = 0.3    # ... x exp(this x expected extra failures a year); assumption
    good_service: float = 0.03        # cumulative satisfaction above this is "good service" (seed 002): about the
                                      # top decile of customers; assumption
    price: float = 1.0                # revenue per active customer and period (unit price)
    price_premium: float = 0.1044       # set (calibrate): good service earns 10% more (seed 002 service_price_premium)
    loyal_margin: float = 0.05        # post-complaint "more loyal": satisfaction up by this or more (seed 004)
    watchful_below: float = 0.5       # post-complaint "watchful": recovery satisfaction below this (seed 004)

    def __post_init__(self):
        _check("OutcomeParams", "offset_midpoint", self.offset_midpoint, -1, 0, "a judged recovery in [-1, 0]")
        _probabilities(self, "satisfaction_rate", "peak_weight", "recovery_adequate", "recovery_adapts",
                       "recovery_memory_decay", "voice_relief", "follow_through",
                       "hazard_carry", "hazard_decay", "base_churn", "price_premium", "watchful_below")
        _non_negative(self, "recovery_zone", "severity_raises", "controllable_raises", "offset_steepness",
                      "leave_severity_slope", "reliability_weight", "churn_satisfaction", "churn_reliability", "price",
                      "loyal_margin")
        _check("OutcomeParams", "leave_intercept", self.leave_intercept, -20, 20)
        _check("OutcomeParams", "good_service", self.good_service, -1, 1)


@dataclass(frozen=True)
class WomParams:
    """Word of mouth as events (seed 002; literature 1a, 1c, 2.5).

    Telling is triggered by an experience, with a chance of telling and an overdispersed
    count of people told (negative binomial with mean ``told_*_mean`` and size
    ``told_dispersion``: most tellers tell a few, some tell very many):

    - a **failure**: at the failure, before any recovery (the emotion), the customer tells with
      chance ``logistic(tell_intercept + tell_severity_slope * severity)``;
    - a **complaint kept waiting** vents: another telling with chance
      ``p_tell * (1 - exp(-days / vent_days))``;
    - a **failed recovery** (double deviation: the recovery below the adequate one): another
      telling with the failure's chance;
    - a **good experience** (an ordinary encounter, or a recovery, beyond the desired level by
      more than ``good_threshold``): told with chance ``tell_good``.

    The same rule holds on a network (:func:`recovery.wom.tell_counts`): the teller tells that
    many of their listening neighbours (all of them if fewer). Every story heard moves the
    listener's word-of-mouth expectation source by ``wom_shift``, fading at ``wom_fade`` a week.
    """

    tell_intercept: float = -1.793     # fitted (calibrate; refit 2026-12-02): 31% of customers with a problem tell others (literature 1c)
    tell_severity_slope: float = 1.0  # assumption: bigger stakes, more telling (literature 2.1)
    told_bad_mean: float = 57.83       # fitted: 20 people told per bad experience (seed 002 wom_told_bad)
    told_dispersion: float = 0.3922      # fitted: 13-20% of dissatisfied tell more than 20 (literature 1a)
    vent_days: float = 3.0            # assumption: a complainant kept waiting this long vents as often again
    tell_good: float = 0.3            # assumption: chance a good experience is told
    told_good_mean: float = 37.28      # fitted: 9-12 people told per good experience (seed 002)
    good_threshold: float = 0.15      # assumption: a good experience exceeds the desired level by 1.5 SD of performance
    wom_shift: float = 0.025          # per story, on the WOM source; x weight_wom 0.2 = 0.005 on the expectation
    wom_fade: float = 0.1             # weekly fade of heard stories toward own experience; assumption

    def __post_init__(self):
        _check("WomParams", "vent_days", self.vent_days, 1e-6, math.inf, "must be positive")
        _check("WomParams", "told_dispersion", self.told_dispersion, 1e-6, math.inf, "a negative binomial size > 0")
        _check("WomParams", "tell_intercept", self.tell_intercept, -20, 20)
        _non_negative(self, "tell_severity_slope", "good_threshold")
        for name in ("told_bad_mean", "told_good_mean"):  # no one tells more than their circle (seed 004: 250)
            _check("WomParams", name, getattr(self, name), 0, 250, "people told per experience, at most a circle of 250")
        _check("WomParams", "wom_shift", self.wom_shift, 0, 1, "a share of the expectation scale per story")
        _probabilities(self, "wom_fade", "tell_good")


class Difficult(NamedTuple):
    """One of seed 001's difficult types: its share of customers, multipliers of the chance to
    complain, of the odds of escalation and of the days to resolution, and a shift of recovery
    satisfaction."""

    share: float
    voice: float
    escalation: float
    days: float
    satisfaction_shift: float


_STAGES = ("expectations", "failure", "reliability", "voice", "handling", "recovery", "outcomes", "wom")


@dataclass(frozen=True)
class Params:
    """All stages' parameters. ``Params()`` is the calibrated default (docs/model.md).

    Change values with :meth:`with_` (``"stage.field"`` names) or ``dataclasses.replace`` on a
    stage, e.g. ``dataclasses.replace(p, voice=dataclasses.replace(p.voice, p_reach_records=0.1))``.

    >>> Params().difficult["chronic"].voice
    3.0
    """

    expectations: ExpectationParams = field(default_factory=ExpectationParams)
    failure: FailureParams = field(default_factory=FailureParams)
    reliability: ReliabilityParams = field(default_factory=ReliabilityParams)
    voice: VoiceParams = field(default_factory=VoiceParams)
    handling: HandlingParams = field(default_factory=HandlingParams)
    recovery: RecoveryParams = field(default_factory=RecoveryParams)
    outcomes: OutcomeParams = field(default_factory=OutcomeParams)
    wom: WomParams = field(default_factory=WomParams)
    #: seed 001's difficult types (:class:`Difficult`). Seed 001 describes the types and a tactic
    #: for each, not their frequency or effect sizes: assumptions. The chronic complainer voices
    #: 3x; the silent type rarely speaks; the intimidating one escalates; the procrastinating one
    #: drags the case out; the friendly one is easy to satisfy, the negative one hard.
    difficult: dict = field(default_factory=lambda: {
        "none": Difficult(0.80, 1.0, 1.0, 1.0, 0.0),
        "intimidating": Difficult(0.02, 1.5, 3.0, 1.0, -0.05),
        "grumbling": Difficult(0.03, 1.5, 1.0, 1.0, -0.05),
        "silent": Difficult(0.04, 0.3, 1.0, 1.0, 0.0),
        "friendly": Difficult(0.04, 1.0, 0.5, 1.0, 0.05),
        "negative": Difficult(0.02, 1.0, 1.5, 1.0, -0.10),
        "know_it_all": Difficult(0.02, 1.2, 1.5, 1.0, -0.05),
        "procrastinating": Difficult(0.02, 1.0, 1.0, 1.5, 0.0),
        "chronic": Difficult(0.01, 3.0, 2.0, 1.0, -0.15),
    })

    def __post_init__(self):
        if set(self.difficult) != set(DIFFICULT_TYPES):
            raise ParameterError(f"Params.difficult needs exactly the keys {DIFFICULT_TYPES}")
        object.__setattr__(self, "difficult", {k: Difficult(*v) for k, v in self.difficult.items()})
        for key, d in self.difficult.items():
            _check("Params", f"difficult[{key!r}].share", d.share, 0, 1, "a share")
            for what in ("voice", "escalation", "days"):
                _check("Params", f"difficult[{key!r}].{what}", getattr(d, what), 0, math.inf, "must not be negative")
            _check("Params", f"difficult[{key!r}].satisfaction_shift", d.satisfaction_shift, -1, 1)
        total = sum(d.share for d in self.difficult.values())
        if abs(total - 1) > 1e-9:
            raise ParameterError(f"Params.difficult shares must sum to 1, sum to {total:.6g}")

    def with_(self, **changes) -> Params:
        """A copy with some values changed, named ``"stage.field"`` (stages: expectations,
        failure, reliability, voice, handling, recovery, outcomes, wom). Validated like any new set.

        >>> Params().with_(**{"wom.told_bad_mean": 25}).wom.told_bad_mean
        25
        """
        stages: dict[str, dict] = {}
        for key, value in changes.items():
            stage, _, name = key.partition(".")
            if not name or stage not in _STAGES:
                raise ParameterError(f"unknown parameter {key!r}; use 'stage.field' with stage in {', '.join(_STAGES)}")
            current = getattr(self, stage)
            if name not in {f.name for f in dataclasses.fields(current)}:
                raise ParameterError(f"unknown parameter {key!r}: {type(current).__name__} has no field {name!r}")
            stages.setdefault(stage, {})[name] = value
        try:
            return dataclasses.replace(self, **{s: dataclasses.replace(getattr(self, s), **kw) for s, kw in stages.items()})
        except TypeError as err:  # a comparison or sum over a value of the wrong type
            raise ParameterError(f"{', '.join(changes)}: {err}; give numbers (True/False for on/off levers)") from None


@dataclass(frozen=True)
class Strategy:
    """The firm's recovery levers. ``Strategy()`` is standard handling by the book (seed 001).

    ``compensation`` is a share of the price (0-2); ``response_days`` the target time to
    resolution at the front line; ``proactive`` means the firm initiates the recovery (Smith,
    Bolton & Wagner 1999); ``expectation_setting`` (0-1) how much the firm states its standards
    and commitments, and in a complaint says what it can and cannot do (seed 000).

    >>> Strategy(response_days=1).response_days
    1
    """

    compensation: float = 0.5         # seed 001 "compensate moderately": half the price; assumption
    apology: bool = True              # seed 001/002 ("I'm sorry"); Rage 2013: 76% want one
    explanation: bool = True          # seed 001 "reasonable explanation"
    response_days: float = 3.0        # by the book: answer within three days; assumption
    follow_up: bool = False           # seed 001's process ends with a follow-up; by-the-book desks often skip it
    choice_of_remedy: bool = False    # seed 001 "ask first what the customer wants; offer choices"
    emotion_first: bool = False       # seed 004 "handle the emotion first, then the matter"
    expectation_setting: float = 0.0  # seed 000: state standards and commitments (0 none, 1 fully)
    proactive: bool = False           # the firm contacts the customer first (SBW 1999; seed 002 "I will call you back")

    def __post_init__(self):
        _check("Strategy", "compensation", self.compensation, 0, 2, "share of the price")
        _check("Strategy", "response_days", self.response_days, 0, 365, "days")
        _check("Strategy", "expectation_setting", self.expectation_setting, 0, 1)
        for name in ("apology", "explanation", "follow_up", "choice_of_remedy", "emotion_first", "proactive"):
            flag(f"Strategy.{name}", getattr(self, name))


def named_strategies() -> dict[str, Strategy]:
    """The recovery strategies the seeds describe, by name.

    Returns
    -------
    dict of str to Strategy
        ``by_the_book`` (seed 001's handling process), ``emotion_first`` (seeds 003, 004),
        ``fast_local`` (seed 000), ``generous_compensation`` (Gelbrich et al. 2015),
        ``lower_expectations`` (seed 000) and ``follow_up_call`` (seeds 001, 002).

    Examples
    --------
    >>> sorted(named_strategies())[:2]
    ['by_the_book', 'emotion_first']
    """
    return {
        "by_the_book": Strategy(),                                             # seed 001 handling process
        "emotion_first": Strategy(emotion_first=True),                         # seed 004; seed 003 four steps
        "fast_local": Strategy(response_days=0.5),                             # seed 000 "respond fast, solve"; seed 002 82%
        "generous_compensation": Strategy(compensation=1.2),                   # full refund plus (Gelbrich et al. 2015)
        "lower_expectations": Strategy(expectation_setting=1.0),               # seed 000 controlling expectations
        "follow_up_call": Strategy(follow_up=True),                            # seed 001 "follow up later"; seed 002 "I will call you back"
    }
