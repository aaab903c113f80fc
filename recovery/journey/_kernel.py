"""The journey model compiled: one parallel pass per week over the population (numba).

The stage functions of :mod:`recovery.journey` are the specification; this module computes
the same week customer by customer (``tests/test_kernel.py`` checks identical history numbers
against the numpy path of :func:`recovery.simulate` on the same seed). Why a kernel: a week
touches every customer, but most customers only meet ordinary service (a failure about once
in 200 weeks), and whole-array numpy passes pay every stage for everyone; one loop draws only
what a customer's week needs (:mod:`recovery.journey._streams`: every uniform is a pure
function of seed, week, stage, column and customer, so skipping a draw changes no other draw).

A week has three phases, each a ``prange`` over fixed blocks of ``BLOCK`` customers (the
blocks do not depend on the number of threads, and the per-block sums of the history are
added in block order, so any thread count gives the same numbers):

1. encounter: expectation, performance, failure and its episode (voice, handling, remedy),
   satisfaction, leaving, and how many people the customer tells (state updated in place;
   leavers are marked and still listen this week); a block first draws its customers'
   performance normals in a short loop of its own, then runs their weeks, and lists its
   tellers;
2. word of mouth, race-free, over the listed tellers only: well mixed, each thread owns a
   range of listeners and counts the stories that reach it (story ``k`` of teller ``i`` goes
   to customer ``hash(i, k) mod n``); on a network, tellers first fix which of their
   listening neighbours they tell (the ``told`` with the smallest keyed ranks,
   :func:`recovery.wom.tell_counts`), then every listener pulls from its neighbours;
3. what was heard moves the word-of-mouth expectation and the reliability belief; leavers go;
   the week's history is summed per block (the telling over the block's tellers only).

Each block adds its history into a fresh local array, copied out at the end of the block (a
row of the shared ``sums`` inside the loop was about 10% slower: ``benchmarks/README.md``).
Settling a week inside the next week's pass (one read of the state instead of two) gave the
same numbers but ran slower, so the three passes stay.

State is per customer: eight float64 rows (``FLOAT_STATE``; float64 so the numpy reference
path and the kernel agree to the last digit, and 10 million customers take 0.64 GB), codes in
uint8/int8, counters and weeks in uint16 (``MAX_PERIODS`` < 65,536), tellings in int32. No
array of the population is copied in a week.

Inverse distribution functions: the normal and Beta quantiles of
:mod:`recovery.journey._quantiles` (compiled once, shared with the numpy path: Wichura's AS 241;
Newton on scipy's incomplete beta from a table), scipy's own compiled ``gammaincinv`` for the
days to resolve; the discrete ones (Poisson handovers, negative binomial people told) are the
smallest count whose cumulative probability reaches the uniform, summed term by term.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange
from scipy.special import expit, logit

from recovery.journey import difficult_table, remedy
from recovery.journey._quantiles import beta_quantile, beta_start, gammaincinv, normal_quantile
from recovery.journey._streams import COLUMNS, GOLDEN, STAGES, mix
from recovery.journey.failure import OUTCOME_CAUSES
from recovery.journey.handling import DAYS_SHAPE, REGULATOR
from recovery.params import CAUSES, CUSTOMER_TYPES, LEVELS, POST_COMPLAINT_STATES, Params, Strategy

__all__ = ["BLOCK", "FLOAT_STATE", "MEASURES", "pack", "populate", "week"]

#: Customers per block of work (fixed, so the sums do not depend on the number of threads).
BLOCK = 8192
#: Rows of the float64 state.
FLOAT_STATE = ("needs", "past", "wom", "satisfaction", "alpha", "beta", "learned", "hazard")
NEEDS, PAST, WOM, SAT, ALPHA, BETA, LEARNED, HAZARD = range(len(FLOAT_STATE))
#: Status codes: gone, active, leaving at the end of this week.
GONE, ACTIVE, LEAVING = 0, 1, 2
_ST = {s: k for k, s in enumerate(STAGES)}
S_POPULATION, S_PERFORMANCE, S_FAILURE, S_VOICE, S_HANDLING, S_TELLING, S_LEAVE, S_WOM_NEG, S_WOM_POS = (
    _ST["population"], _ST["performance"], _ST["failure"], _ST["voice"], _ST["handling"], _ST["telling"],
    _ST["leave"], _ST["wom_negative"], _ST["wom_positive"])
_N_TYPES, _N_STATES = len(CUSTOMER_TYPES), len(POST_COMPLAINT_STATES)
_SCEPTICAL = CUSTOMER_TYPES.index("sceptical")
#: The week's history, per block, in this order (then active counts by customer type and the
#: post-complaint state counts).
MEASURES = ("failures", "silent_failures", "complaints_voiced", "complaints_recorded", "recovered", "silent_exits",
            "churned", "failure_tellers", "failure_told_over_20", "good_experiences", "wom_negative_tellers",
            "wom_positive_tellers", "wom_negative_tellings", "wom_positive_tellings", "revenue",
            "revenue_good_service", "good_service_weeks", "active", "satisfaction_sum", "expectation_sum")
(M_FAIL, M_SILENT, M_VOICED, M_RECORDED, M_RECOVERED, M_SILENT_EXITS, M_CHURNED, M_FAIL_TELLERS, M_OVER_20, M_GOOD,
 M_NEG_TELLERS, M_POS_TELLERS, M_NEG_TELLINGS, M_POS_TELLINGS, M_REVENUE, M_REVENUE_GOOD, M_GOOD_WEEKS, M_ACTIVE,
 M_SAT, M_EXP) = range(len(MEASURES))
M_TYPES = len(MEASURES)
M_STATES = M_TYPES + _N_TYPES
N_MEASURES = M_STATES + _N_STATES
_ROUTINE, _WATCHFUL, _LOYAL, _GONE_STATE = (POST_COMPLAINT_STATES.index(s)
                                            for s in ("routine", "watchful", "more_loyal", "gone"))

#: Scalars of the parameter sets and the strategy, in the order of ``pack``'s vector.
SCALARS = (
    "needs_mean", "needs_sd", "initial_experience", "w_past", "w_wom", "w_needs", "centre_shift", "adequate_offset",
    "desired_offset", "basic_weight", "in_zone_slope",
    "delight_weight", "learning_rate", "performance_mean", "performance_sd", "setting_lowers_recovery",
    "severity_a", "severity_b", "p_stable", "blame_controllable", "blame_stable", "weekly_rate",
    "severity_evidence", "stable_evidence", "decay", "dread", "wait_evidence", "story_evidence",
    "severity_slope", "success", "success_sceptical", "p_reach_records",
    "logit_escalate", "escalate_severity_slope", "calm", "p_regulator", "response_days", "handover_days",
    "handover_raises", "style_matched", "fix_share", "speed_scale_days", "handover_loss", "choice_of_remedy",
    "choice", "style", "execution",
    "satisfaction_rate", "peak_weight", "recovery_adequate", "recovery_zone", "severity_raises",
    "controllable_raises", "recovery_adapts", "recovery_memory_decay", "leave_intercept", "leave_severity_slope",
    "voice_relief", "offset_steepness", "offset_midpoint", "offset_low", "offset_high", "reliability_weight",
    "follow_through", "hazard_carry", "hazard_decay", "base_churn", "churn_satisfaction", "churn_reliability",
    "good_service", "price", "price_premium", "loyal_margin", "watchful_below",
    "tell_intercept", "tell_severity_slope", "told_bad_mean", "told_dispersion", "vent_days", "tell_good",
    "told_good_mean", "good_threshold", "wom_shift", "wom_fade",
)
(NEEDS_MEAN, NEEDS_SD, INITIAL_EXPERIENCE, W_PAST, W_WOM, W_NEEDS, CENTRE_SHIFT, ADEQUATE_OFFSET,
 DESIRED_OFFSET, BASIC_WEIGHT, IN_ZONE_SLOPE,
 DELIGHT_WEIGHT, LEARNING_RATE, PERFORMANCE_MEAN, PERFORMANCE_SD, SETTING_LOWERS_RECOVERY,
 SEVERITY_A, SEVERITY_B, P_STABLE, BLAME_CONTROLLABLE, BLAME_STABLE, WEEKLY_RATE,
 SEVERITY_EVIDENCE, STABLE_EVIDENCE, DECAY, DREAD, WAIT_EVIDENCE, STORY_EVIDENCE,
 SEVERITY_SLOPE, SUCCESS, SUCCESS_SCEPTICAL, P_REACH_RECORDS,
 LOGIT_ESCALATE, ESCALATE_SEVERITY_SLOPE, CALM, P_REGULATOR, RESPONSE_DAYS, HANDOVER_DAYS,
 HANDOVER_RAISES, STYLE_MATCHED, FIX_SHARE, SPEED_SCALE_DAYS, HANDOVER_LOSS, CHOICE_OF_REMEDY,
 CHOICE, STYLE, EXECUTION,
 SATISFACTION_RATE, PEAK_WEIGHT, RECOVERY_ADEQUATE, RECOVERY_ZONE, SEVERITY_RAISES,
 CONTROLLABLE_RAISES, RECOVERY_ADAPTS, RECOVERY_MEMORY_DECAY, LEAVE_INTERCEPT, LEAVE_SEVERITY_SLOPE,
 VOICE_RELIEF, OFFSET_STEEPNESS, OFFSET_MIDPOINT, OFFSET_LOW, OFFSET_HIGH, RELIABILITY_WEIGHT,
 FOLLOW_THROUGH, HAZARD_CARRY, HAZARD_DECAY, BASE_CHURN, CHURN_SATISFACTION, CHURN_RELIABILITY,
 GOOD_SERVICE, PRICE, PRICE_PREMIUM, LOYAL_MARGIN, WATCHFUL_BELOW,
 TELL_INTERCEPT, TELL_SEVERITY_SLOPE, TOLD_BAD_MEAN, TOLD_DISPERSION, VENT_DAYS, TELL_GOOD,
 TOLD_GOOD_MEAN, GOOD_THRESHOLD, WOM_SHIFT, WOM_FADE) = range(len(SCALARS))


def pack(params: Params, strategy: Strategy) -> tuple:
    """The parameter sets and the strategy as the kernel's arrays: (scalars in ``SCALARS``
    order, cause table (cumulative rate, chance controllable, outcome failure) by cause, voice
    intercept by customer type, the difficult-type table, level table (days, handover rate,
    chance resolved), justice weights by (outcome, cause, customer type), distributive justice
    from compensation by (regulator, outcome), the interactional levers' shares, the severity's
    Beta quantile table (:func:`recovery.journey._quantiles.beta_start`), cumulative type and
    difficult-type shares). Every number comes from ``params`` or ``strategy``."""
    ep, fp, rl, vp, hp, rp, op, wp = (params.expectations, params.failure, params.reliability, params.voice,
                                      params.handling, params.recovery, params.outcomes, params.wom)
    s = strategy.expectation_setting
    narrow = 1 - ep.setting_narrows * s
    curve = expit(op.offset_steepness * (np.array([-1.0, 0.0]) - op.offset_midpoint))
    values = dict(
        needs_mean=ep.needs_mean, needs_sd=ep.needs_sd, initial_experience=ep.initial_experience,
        w_past=ep.weight_past, w_wom=ep.weight_wom, w_needs=ep.weight_needs, centre_shift=ep.setting_lowers * s,
        adequate_offset=ep.adequate_offset * narrow, desired_offset=ep.desired_offset * narrow,
        basic_weight=ep.basic_weight, in_zone_slope=ep.in_zone_slope, delight_weight=ep.delight_weight,
        learning_rate=ep.learning_rate, performance_mean=ep.performance_mean, performance_sd=ep.performance_sd,
        setting_lowers_recovery=ep.setting_lowers_recovery * s,
        severity_a=fp.severity_a, severity_b=fp.severity_b, p_stable=fp.p_stable,
        blame_controllable=fp.blame_controllable, blame_stable=fp.blame_stable, weekly_rate=fp.weekly_rate,
        severity_evidence=rl.severity_evidence, stable_evidence=rl.stable_evidence, decay=rl.decay, dread=rl.dread,
        wait_evidence=rl.wait_evidence, story_evidence=rl.story_evidence,
        severity_slope=vp.severity_slope, success=vp.success_slope * 1.0 * (vp.expected_success - 0.5),
        success_sceptical=vp.success_slope * 3.0 * (vp.expected_success - 0.5),
        p_reach_records=vp.p_reach_records,
        logit_escalate=logit(hp.p_escalate), escalate_severity_slope=hp.escalate_severity_slope,
        calm=hp.emotion_first_calms if strategy.emotion_first else 1.0, p_regulator=hp.p_regulator,
        response_days=strategy.response_days, handover_days=hp.handover_days, handover_raises=hp.handover_raises,
        style_matched=hp.style_match + hp.style_match_emotion_first * strategy.emotion_first,
        fix_share=rp.fix_share, speed_scale_days=rp.speed_scale_days, handover_loss=rp.handover_loss,
        choice_of_remedy=rp.choice_of_remedy, choice=float(strategy.choice_of_remedy), style=rp.style,
        execution=rp.execution,
        satisfaction_rate=op.satisfaction_rate, peak_weight=op.peak_weight, recovery_adequate=op.recovery_adequate,
        recovery_zone=op.recovery_zone, severity_raises=op.severity_raises, controllable_raises=op.controllable_raises,
        recovery_adapts=op.recovery_adapts, recovery_memory_decay=op.recovery_memory_decay,
        leave_intercept=op.leave_intercept, leave_severity_slope=op.leave_severity_slope,
        voice_relief=op.voice_relief, offset_steepness=op.offset_steepness, offset_midpoint=op.offset_midpoint,
        offset_low=curve[0], offset_high=curve[1], reliability_weight=op.reliability_weight,
        follow_through=op.follow_through, hazard_carry=op.hazard_carry, hazard_decay=op.hazard_decay,
        base_churn=op.base_churn, churn_satisfaction=op.churn_satisfaction, churn_reliability=op.churn_reliability,
        good_service=op.good_service, price=op.price, price_premium=op.price_premium, loyal_margin=op.loyal_margin,
        watchful_below=op.watchful_below,
        tell_intercept=wp.tell_intercept, tell_severity_slope=wp.tell_severity_slope, told_bad_mean=wp.told_bad_mean,
        told_dispersion=wp.told_dispersion, vent_days=wp.vent_days, tell_good=wp.tell_good,
        told_good_mean=wp.told_good_mean, good_threshold=wp.good_threshold, wom_shift=wp.wom_shift,
        wom_fade=wp.wom_fade)
    scalars = np.array([values[name] for name in SCALARS], float)
    causes = np.array([np.cumsum([fp.rates[c] for c in CAUSES]), [fp.p_controllable[c] for c in CAUSES],
                       [c in OUTCOME_CAUSES for c in CAUSES]], float)
    intercepts = np.array([vp.voice_intercept[t] for t in CUSTOMER_TYPES], float)
    levels = np.array([[hp.level_days[k] for k in LEVELS], [hp.handover_rate[k] for k in LEVELS],
                       [hp.p_resolve[k] for k in LEVELS]], float)
    weights = np.empty((2, len(CAUSES), _N_TYPES, 3))
    for outcome in (0, 1):
        for cause in range(len(CAUSES)):
            weights[outcome, cause] = remedy.justice_weights(np.full(_N_TYPES, bool(outcome)),
                                                             np.full(_N_TYPES, cause), rp, np.arange(_N_TYPES))
    compensation = np.array([strategy.compensation, min(strategy.compensation, hp.regulator_compensation_cap)])
    distributive = np.array([remedy.distributive_justice(np.full(2, c), np.array([False, True]), rp)
                             for c in compensation])
    levers = np.array([getattr(rp, lever) * getattr(strategy, lever) for lever in remedy.INTERACTIONAL_LEVERS], float)
    type_cum = np.cumsum([vp.type_shares[t] for t in CUSTOMER_TYPES])
    dtab = difficult_table(params)
    difficult_cum = np.cumsum(dtab[:, 0])
    return (scalars, causes, intercepts, dtab, levels, weights, distributive, levers,
            beta_start(fp.severity_a, fp.severity_b), type_cum, difficult_cum)


_E3 = math.exp(3.0)
_mix = njit(cache=True, inline="always")(mix)   # the one mix of recovery.journey._streams, compiled
_COLUMNS, _S11 = np.uint64(COLUMNS), np.uint64(11)


@njit(cache=True, inline="always")
def _u(keys, stage, column, i):
    # recovery.journey._streams.customer_uniform for one customer
    return (_mix(keys[stage] + (np.uint64(i) * _COLUMNS + np.uint64(column)) * GOLDEN) >> _S11) * 2.0 ** -53


@njit(cache=True, inline="always")
def _teller_key(key, teller):
    # recovery.journey._streams.teller_key
    return _mix(key ^ np.uint64(teller))


@njit(cache=True, inline="always")
def _expit(x):
    return 1.0 / (1.0 + math.exp(-x))


@njit(cache=True, inline="always")
def _normal(u):
    return normal_quantile(min(max(u, 1e-12), 1 - 1e-12))


@njit(cache=True, inline="always")
def _first_above(cum, u):
    # numpy.searchsorted(cum, u, side="right"): how many entries are <= u
    k = 0
    while k < cum.size and cum[k] <= u:
        k += 1
    return k


@njit(cache=True, inline="always")
def _disconfirmation(performance, adequate, desired, par):
    inside = min(max(performance, adequate), desired) - (adequate + desired) / 2
    return (par[BASIC_WEIGHT] * min(performance - adequate, 0.0) + par[IN_ZONE_SLOPE] * inside
            + par[DELIGHT_WEIGHT] * max(performance - desired, 0.0))


@njit(cache=True, inline="always")
def _extra(alpha, beta, par):
    return 52 * (alpha / (alpha + beta) - par[WEEKLY_RATE])


@njit(cache=True)
def _poisson(u, mean):
    # smallest k with P(X <= k) >= u (scipy.stats.poisson.ppf)
    pmf = math.exp(-mean)
    cdf, k = pmf, 0
    while cdf < u and pmf > 0.0:
        k += 1
        pmf *= mean / k
        cdf += pmf
    return k


@njit(cache=True)
def _people(u, mean, size):
    # 1 + negative binomial (mean - 1, size) by inverse CDF (recovery.journey.telling.people)
    rest = max(mean - 1.0, 1e-9)
    p = size / (size + rest)
    pmf = math.exp(size * math.log(p))
    cdf, k = pmf, 0
    while cdf < u and pmf > 0.0:
        pmf *= (k + size) / (k + 1) * (1 - p)
        k += 1
        cdf += pmf
    return 1 + k


@njit(cache=True, parallel=True)
def populate(key, ctype, difficult, fstate, type_cum, difficult_cum, par):
    """Customers at the start (:func:`recovery.population.initial_population`) from the
    population stream ``key``: type, difficult type and needs from three uniforms each."""
    n = ctype.size
    keys = np.zeros(len(STAGES), np.uint64)
    keys[S_POPULATION] = key
    rate, weeks = par[WEEKLY_RATE], 1 / (1 - par[DECAY])
    for b in prange((n + BLOCK - 1) // BLOCK):
        for i in range(b * BLOCK, min(n, (b + 1) * BLOCK)):
            ctype[i] = min(_first_above(type_cum, _u(keys, S_POPULATION, 0, i)), type_cum.size - 1)
            difficult[i] = min(_first_above(difficult_cum, _u(keys, S_POPULATION, 1, i)), difficult_cum.size - 1)
            fstate[NEEDS, i] = par[NEEDS_MEAN] + par[NEEDS_SD] * _normal(_u(keys, S_POPULATION, 2, i))
            fstate[PAST, i] = par[INITIAL_EXPERIENCE]
            fstate[WOM, i] = par[INITIAL_EXPERIENCE]
            fstate[SAT, i] = 0.0
            fstate[LEARNED, i] = 0.0
            fstate[HAZARD, i] = 0.0
            fstate[ALPHA, i] = rate * weeks
            fstate[BETA, i] = (1 - rate) * weeks


@njit(cache=True, inline="always")  # inlined into the week's loop: 2.5x faster than a call per customer
def _encounter(i, period, keys, status, ctype, difficult, fstate, counts, post, first_silent, told_neg, told_pos,
               failed_now, par, causes, intercepts, dtab, levels, weights, distributive, levers, severity_start, sums,
               z):
    # one customer's week up to word of mouth (recovery.population.encounter), ``z`` the normal
    # of its performance draw; adds to ``sums``
    needs, past, wom, sat = fstate[NEEDS, i], fstate[PAST, i], fstate[WOM, i], fstate[SAT, i]
    alpha, beta, learned, hazard = fstate[ALPHA, i], fstate[BETA, i], fstate[LEARNED, i], fstate[HAZARD, i]
    expectation = par[W_PAST] * past + par[W_WOM] * wom + par[W_NEEDS] * needs
    centre = expectation - par[CENTRE_SHIFT]
    adequate, desired = centre + par[ADEQUATE_OFFSET], centre + par[DESIRED_OFFSET]
    performance = par[PERFORMANCE_MEAN] + par[PERFORMANCE_SD] * z
    u_failure = _u(keys, S_FAILURE, 0, i)
    # no failure (the usual week): the uniform is at or above the last cumulative rate
    cause = causes.shape[1] if u_failure >= causes[0, -1] else _first_above(causes[0], u_failure)
    failed = cause < causes.shape[1]
    felt = _disconfirmation(performance, adequate, desired, par)
    severity = 0.0
    p_episode = 0.0
    voiced = failed_recovery = good = False
    days = 0.0
    if failed:
        before = _extra(alpha, beta, par)
        severity = beta_quantile(_u(keys, S_FAILURE, 1, i), par[SEVERITY_A], par[SEVERITY_B], severity_start)
        outcome = causes[2, cause] > 0
        controllable = _u(keys, S_FAILURE, 2, i) < causes[1, cause]
        stable = _u(keys, S_FAILURE, 3, i) < par[P_STABLE]
        alpha = par[DECAY] * alpha + (1 + par[SEVERITY_EVIDENCE] * severity + par[STABLE_EVIDENCE] * stable)
        beta = par[DECAY] * beta + 0.0
        d = difficult[i]
        t = ctype[i]
        felt_failure = _disconfirmation(performance - severity, adequate, desired, par)
        worst = min(felt_failure, 0.0) * (1 + par[BLAME_CONTROLLABLE] * controllable + par[BLAME_STABLE] * stable)
        success = par[SUCCESS_SCEPTICAL] if t == _SCEPTICAL else par[SUCCESS]
        p_voice = min(max(_expit(intercepts[t] + par[SEVERITY_SLOPE] * severity + success) * dtab[d, 1], 0.0), 1.0)
        voiced = _u(keys, S_VOICE, 0, i) < p_voice
        recorded = voiced and _u(keys, S_VOICE, 1, i) < par[P_REACH_RECORDS]
        recovery_satisfaction = 0.0
        handovers = 0
        resolved = False
        if voiced:  # handling matters only for a complaint
            odds = (par[LOGIT_ESCALATE] + par[ESCALATE_SEVERITY_SLOPE] * (severity - 0.5)
                    + math.log(par[CALM] * dtab[d, 2] + 1e-12))
            escalated = _u(keys, S_HANDLING, 0, i) < _expit(odds)
            regulator = escalated and _u(keys, S_HANDLING, 1, i) < par[P_REGULATOR]
            level = int(escalated) + int(regulator)
            handovers = _poisson(_u(keys, S_HANDLING, 2, i), levels[1, level])
            mean_days = par[RESPONSE_DAYS] * levels[0, level] * dtab[d, 3] + par[HANDOVER_DAYS] * handovers
            days = gammaincinv(DAYS_SHAPE, _u(keys, S_HANDLING, 3, i)) * (max(mean_days, 1e-9) / DAYS_SHAPE)
            resolved = _u(keys, S_HANDLING, 4, i) < levels[2, level]
            style_matched = _u(keys, S_HANDLING, 5, i) < par[STYLE_MATCHED]
            just_d = 0.0
            if resolved:
                just_d = par[FIX_SHARE] + (1 - par[FIX_SHARE]) * distributive[int(level == REGULATOR), int(outcome)]
            just_p = ((1 - par[CHOICE_OF_REMEDY]) * math.exp(-days / par[SPEED_SCALE_DAYS])
                      * (1 / (1 + par[HANDOVER_LOSS] * handovers)) + par[CHOICE_OF_REMEDY] * par[CHOICE])
            just_i = 0.0
            for k in range(levers.size):
                just_i += levers[k] * (_u(keys, S_HANDLING, 6 + k, i) < par[EXECUTION])
            just_i += par[STYLE] * style_matched
            w = weights[int(outcome), cause, t]
            recovery_satisfaction = min(max(w[0] * just_d + w[1] * just_p + w[2] * just_i + dtab[d, 4], 0.0), 1.0)
        low = (par[RECOVERY_ADEQUATE] + par[SEVERITY_RAISES] * severity + par[HANDOVER_RAISES] * handovers
               + par[CONTROLLABLE_RAISES] * controllable + learned - par[SETTING_LOWERS_RECOVERY])
        high = low + par[RECOVERY_ZONE]
        end = _disconfirmation(recovery_satisfaction, low, high, par) if voiced else worst
        if voiced:
            alpha = alpha + par[WAIT_EVIDENCE] * days
        extra = _extra(alpha, beta, par)
        memory = (par[PEAK_WEIGHT] * worst + (1 - par[PEAK_WEIGHT]) * end) - par[DREAD] * max(extra - before, 0.0)
        silent = _expit(par[LEAVE_INTERCEPT] + par[LEAVE_SEVERITY_SLOPE] * severity)
        episode = silent
        if voiced:
            offset = (_expit(par[OFFSET_STEEPNESS] * (end - par[OFFSET_MIDPOINT])) - par[OFFSET_LOW]) / (
                par[OFFSET_HIGH] - par[OFFSET_LOW])
            episode = silent * (1 - par[VOICE_RELIEF]) * (1 - min(max(offset, 0.0), 1.0))
        reliable = 1 - math.exp(-par[RELIABILITY_WEIGHT] * max(extra, 0.0))
        p_episode = par[FOLLOW_THROUGH] * (1 - (1 - episode) * (1 - reliable))
        failed_recovery = voiced and recovery_satisfaction < low
        good = voiced and recovery_satisfaction > high + par[GOOD_THRESHOLD]
        experience = memory
        if voiced:
            kept = par[RECOVERY_MEMORY_DECAY] * learned
            excess = max(recovery_satisfaction - (low - learned), 0.0)
            fstate[LEARNED, i] = kept + par[RECOVERY_ADAPTS] * max(excess - kept, 0.0)
        else:
            fstate[LEARNED, i] = par[RECOVERY_MEMORY_DECAY] * learned
        sums[M_FAIL] += 1
        sums[M_SILENT] += not voiced
        sums[M_VOICED] += voiced
        sums[M_RECORDED] += recorded
        sums[M_RECOVERED] += resolved
    else:
        alpha = par[DECAY] * alpha + 0.0
        beta = par[DECAY] * beta + 1
        extra = _extra(alpha, beta, par)
        experience = felt
        good = performance > desired + par[GOOD_THRESHOLD]
        if learned != 0.0:  # zero stays zero: no write
            fstate[LEARNED, i] = learned * par[RECOVERY_MEMORY_DECAY]
        fstate[PAST, i] = past + par[LEARNING_RATE] * (performance - past)
    new_sat = sat + par[SATISFACTION_RATE] * (experience - sat)
    x_churn = -par[CHURN_SATISFACTION] * new_sat + par[CHURN_RELIABILITY] * max(extra, 0.0)
    u_leave = _u(keys, S_LEAVE, 0, i)
    # exp only when the uniform could fall below the chance of leaving: with x_churn <= 3,
    # p_period <= base_churn * e**3 + hazard, so a uniform above that bound (with a margin far
    # beyond rounding) stays, as it would with the exact chance
    bound = max(par[BASE_CHURN] * (_E3 * (1 + 1e-9)) + hazard, 0.0)
    if par[BASE_CHURN] >= 0.0 and x_churn <= 3.0 and u_leave >= 1 - (1 - p_episode) * (1 - bound) + 1e-9:
        leave = False
    else:
        p_period = min(max(par[BASE_CHURN] * math.exp(x_churn) + hazard, 0.0), 1.0)
        leave = u_leave < 1 - (1 - p_episode) * (1 - p_period)

    # telling (recovery.journey.telling.tell)
    negative = positive = 0
    if failed:
        chance = _expit(par[TELL_INTERCEPT] + par[TELL_SEVERITY_SLOPE] * severity)
        if _u(keys, S_TELLING, 0, i) < chance:
            negative += _people(_u(keys, S_TELLING, 1, i), par[TOLD_BAD_MEAN], par[TOLD_DISPERSION])
        if voiced and _u(keys, S_TELLING, 2, i) < chance * (1 - math.exp(-days / par[VENT_DAYS])):
            negative += _people(_u(keys, S_TELLING, 3, i), par[TOLD_BAD_MEAN], par[TOLD_DISPERSION])
        if failed_recovery and _u(keys, S_TELLING, 4, i) < chance:
            negative += _people(_u(keys, S_TELLING, 5, i), par[TOLD_BAD_MEAN], par[TOLD_DISPERSION])
    if good and _u(keys, S_TELLING, 6, i) < par[TELL_GOOD]:
        positive = _people(_u(keys, S_TELLING, 7, i), par[TOLD_GOOD_MEAN], par[TOLD_DISPERSION])
    if negative:  # zero already (pass 3 of the last week)
        told_neg[i] = negative
    if positive:
        told_pos[i] = positive

    paid = par[PRICE] * (1 + par[PRICE_PREMIUM] * (sat > par[GOOD_SERVICE]))
    sums[M_REVENUE] += paid
    if sat > par[GOOD_SERVICE]:
        sums[M_REVENUE_GOOD] += paid
        sums[M_GOOD_WEEKS] += 1
    sums[M_GOOD] += good
    if failed:
        if voiced:
            state = _ROUTINE
            if recovery_satisfaction < par[WATCHFUL_BELOW]:
                state = _WATCHFUL
            if new_sat > sat + par[LOYAL_MARGIN]:
                state = _LOYAL
            post[i] = _GONE_STATE if leave else state
            counts[1, i] += 1
        if counts[2, i] == 0:
            counts[2, i] = period
            first_silent[i] = not voiced
        counts[0, i] += 1
        if leave:
            sums[M_SILENT_EXITS] += not voiced
    if failed:
        failed_now[i] = True
    if leave:
        status[i] = LEAVING
        sums[M_CHURNED] += 1
    fstate[SAT, i] = new_sat
    fstate[ALPHA, i] = alpha
    fstate[BETA, i] = beta
    if hazard != 0.0 or p_episode != 0.0:  # zero stays zero: no write
        fstate[HAZARD, i] = par[HAZARD_DECAY] * hazard + par[HAZARD_CARRY] * p_episode


@njit(cache=True, inline="always")
def _spread(i, told, key, heard, lo, hi):
    # teller i's stories that reach listeners lo .. hi - 1 (story k: customer hash(i, k) mod n);
    # a story that reaches a former customer is counted but never read (pass 3 reads the
    # counts of customers only), which spares a second random read per story
    if told > 0:
        n = heard.size
        tk = _teller_key(key, i)
        for k in range(told):
            j = np.int64(_mix(tk + np.uint64(k) * GOLDEN) % np.uint64(n))
            if lo <= j < hi:
                heard[j] += 1


@njit(cache=True)
def _rank_cut(indptr, indices, i, status, told, key):
    # teller i tells its ``told`` listening neighbours of smallest rank: the largest rank told
    # (all of them: the largest uint64), and how many it tells
    m = 0
    for e in range(indptr[i], indptr[i + 1]):
        m += status[indices[e]] != GONE
    if told >= m:
        return np.uint64(0xFFFFFFFFFFFFFFFF), m
    ranks = np.empty(m, np.uint64)
    tk = _teller_key(key, i)
    m = 0
    for e in range(indptr[i], indptr[i + 1]):
        j = indices[e]
        if status[j] != GONE:
            ranks[m] = _mix(tk + np.uint64(j) * GOLDEN)
            m += 1
    ranks.sort()
    return ranks[told - 1], told


@njit(cache=True, parallel=True)
def week(period, keys, ranges, status, ctype, difficult, fstate, counts, post, first_silent, told_neg, told_pos,
         heard_neg, heard_pos, failed_now, tellers, block_tellers, indptr, indices, cut_neg, cut_pos, par, causes,
         intercepts, dtab, levels, weights, distributive, levers, severity_start, sums):
    """One week of the population, in place. ``keys``: the week's stream key of each stage
    (:func:`recovery.journey._streams.stream_key`); ``ranges``: listener ranges of the
    well-mixed telling (one per thread; the counts do not depend on it); ``counts``: failures, complaints, week of
    the first failure (rows); ``tellers``/``block_tellers``: the week's tellers, listed block by block
    (block ``b``'s from ``b * BLOCK``, ``block_tellers[b]`` of them); ``indptr``/``indices``: the
    CSR network (``indptr`` empty: well mixed); ``sums``: (blocks, ``N_MEASURES``), filled with
    the week's history."""
    n = status.size
    blocks = (n + BLOCK - 1) // BLOCK
    for b in prange(blocks):
        lo, hi = b * BLOCK, min(n, (b + 1) * BLOCK)
        # the block's performance draws first: a short loop of independent normals that the
        # processor overlaps, rather than one waited for inside each customer's long week
        z = np.empty(hi - lo)
        for i in range(lo, hi):
            if status[i] == ACTIVE:
                z[i - lo] = _normal(_u(keys, S_PERFORMANCE, 0, i))
        told = 0
        acc = np.zeros(N_MEASURES)   # the block's sums, here rather than in ``sums``: a fresh array
        for i in range(lo, hi):
            if status[i] == ACTIVE:
                _encounter(i, period, keys, status, ctype, difficult, fstate, counts, post, first_silent, told_neg,
                           told_pos, failed_now, par, causes, intercepts, dtab, levels, weights, distributive,
                           levers, severity_start, acc, z[i - lo])
                if told_neg[i] > 0 or told_pos[i] > 0:
                    tellers[lo + told] = i
                    told += 1
        block_tellers[b] = told
        sums[b, :] = acc
    if indptr.size == 0:
        # well mixed: each range of listeners counts the stories that reach it (no shared writes)
        for r in prange(ranges):
            lo, hi = r * n // ranges, (r + 1) * n // ranges
            for b in range(blocks):
                for k in range(b * BLOCK, b * BLOCK + block_tellers[b]):
                    i = tellers[k]
                    _spread(i, told_neg[i], keys[S_WOM_NEG], heard_neg, lo, hi)
                    _spread(i, told_pos[i], keys[S_WOM_POS], heard_pos, lo, hi)
    else:
        # a network: tellers fix whom they tell, then listeners pull from their neighbours
        for b in prange(blocks):
            for k in range(b * BLOCK, b * BLOCK + block_tellers[b]):
                i = tellers[k]
                if told_neg[i] > 0:
                    cut_neg[i], told_neg[i] = _rank_cut(indptr, indices, i, status, told_neg[i], keys[S_WOM_NEG])
                if told_pos[i] > 0:
                    cut_pos[i], told_pos[i] = _rank_cut(indptr, indices, i, status, told_pos[i], keys[S_WOM_POS])
        for b in prange(blocks):
            for j in range(b * BLOCK, min(n, (b + 1) * BLOCK)):
                if status[j] == GONE:
                    continue
                for e in range(indptr[j], indptr[j + 1]):
                    i = indices[e]
                    if told_neg[i] > 0 and _mix(_teller_key(keys[S_WOM_NEG], i)
                                               + np.uint64(j) * GOLDEN) <= cut_neg[i]:
                        heard_neg[j] += 1
                    if told_pos[i] > 0 and _mix(_teller_key(keys[S_WOM_POS], i)
                                               + np.uint64(j) * GOLDEN) <= cut_pos[i]:
                        heard_pos[j] += 1
    for b in prange(blocks):
        s = np.zeros(N_MEASURES)   # as in phase 1; it fills measures phase 1 leaves at zero, so adding is exact
        # the week's telling, summed over the block's tellers (in customer order, so the sums are
        # those over every customer: the others add zeros), which leaves the pass over the block
        # with no telling to read
        for k in range(b * BLOCK, b * BLOCK + block_tellers[b]):
            i = tellers[k]
            negative, positive = told_neg[i], told_pos[i]
            if failed_now[i]:
                s[M_FAIL_TELLERS] += negative > 0
                s[M_OVER_20] += negative > 20
            s[M_NEG_TELLERS] += negative > 0
            s[M_POS_TELLERS] += positive > 0
            s[M_NEG_TELLINGS] += negative
            s[M_POS_TELLINGS] += positive
            told_neg[i] = 0
            told_pos[i] = 0
        active, satisfaction, expectation = 0, 0.0, 0.0   # the block's running sums, in registers
        for i in range(b * BLOCK, min(n, (b + 1) * BLOCK)):
            if status[i] != GONE:
                past = fstate[PAST, i]
                wom = fstate[WOM, i] + par[WOM_FADE] * (past - fstate[WOM, i]) + par[WOM_SHIFT] * (
                    np.float64(heard_pos[i]) - np.float64(heard_neg[i]))
                fstate[WOM, i] = wom
                if heard_neg[i]:  # alpha + 0.0 is alpha (alpha > 0): no write
                    fstate[ALPHA, i] = fstate[ALPHA, i] + par[STORY_EVIDENCE] * np.float64(heard_neg[i])
                    heard_neg[i] = 0
                if heard_pos[i]:
                    heard_pos[i] = 0
                if failed_now[i]:
                    failed_now[i] = False
                if status[i] == LEAVING:
                    status[i] = GONE
                    counts[3, i] = period
                else:
                    active += 1
                    satisfaction += fstate[SAT, i]
                    expectation += par[W_PAST] * past + par[W_WOM] * wom + par[W_NEEDS] * fstate[NEEDS, i]
                    s[M_TYPES + ctype[i]] += 1
            if post[i] >= 0:
                s[M_STATES + post[i]] += 1
        s[M_ACTIVE] = active
        s[M_SAT] = satisfaction
        s[M_EXP] = expectation
        sums[b, :] += s
