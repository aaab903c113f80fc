"""Stage functions: property tests (hypothesis) on shares, monotonicity and the recovery levers."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery.cohort import failure_cohort
from recovery.journey import expectations, outcomes, remedy, voice
from recovery.params import CUSTOMER_TYPES, OutcomeParams, Params, RecoveryParams, Strategy, VoiceParams

unit = st.floats(0, 1, allow_nan=False)


@given(severity=unit, ctype=st.integers(0, len(CUSTOMER_TYPES) - 1), mult=st.floats(0, 5), success=unit)
def test_voice_probability_is_a_share(severity, ctype, mult, success):
    p = voice.p_voice(np.array([severity]), np.array([ctype]), np.array([mult]),
                      VoiceParams(expected_success=success))
    assert 0 <= p[0] <= 1


@given(comp=st.floats(0, 2), days=st.floats(0, 60), handovers=st.integers(0, 10), outcome=st.booleans())
def test_justice_and_recovery_satisfaction_are_shares(comp, days, handovers, outcome):
    rp = RecoveryParams()
    dj = remedy.distributive_justice(np.array([comp]), np.array([outcome]), rp)
    pj = remedy.procedural_justice(np.array([days]), np.array([handovers]), True, rp)
    ij = np.array([remedy.interactional_justice(Strategy(), rp)])
    rs = remedy.recovery_satisfaction(dj, pj, ij, np.array([outcome]), np.array([0]), rp)
    assert all(0 <= x <= 1 for x in (dj[0], pj[0], ij[0], rs[0]))


@given(severity=unit, rs=unit, voiced=st.booleans(), sat=st.floats(-3, 3))
def test_leaving_and_churn_are_shares(severity, rs, voiced, sat):
    op = OutcomeParams()
    assert 0 <= outcomes.p_leave_after_failure(np.array([severity]), np.array([voiced]), np.array([rs]), op)[0] <= 1
    assert 0 <= outcomes.period_churn(np.array([sat]), op)[0] <= 1


@given(low=st.floats(0, 1), high=st.floats(0, 1), outcome=st.booleans())
def test_compensation_up_to_a_full_refund_never_lowers_distributive_justice(low, high, outcome):
    low, high = sorted((low, high))
    dj = remedy.distributive_justice(np.array([low, high]), np.array([outcome, outcome]), RecoveryParams())
    assert dj[1] >= dj[0] - 1e-12


@given(fast=st.floats(0, 30), slow=st.floats(0, 30))
def test_faster_is_never_less_fair(fast, slow):
    fast, slow = sorted((fast, slow))
    pj = remedy.procedural_justice(np.array([fast, slow]), np.array([0, 0]), False, RecoveryParams())
    assert pj[0] >= pj[1]


@given(a=unit, b=unit, severity=unit)
def test_more_recovery_satisfaction_never_raises_leaving(a, b, severity):
    lo, hi = sorted((a, b))
    p = outcomes.p_leave_after_failure(np.array([severity] * 2), np.array([True, True]), np.array([lo, hi]),
                                       OutcomeParams())
    assert p[1] <= p[0] + 1e-12


@given(x=st.floats(-1, 2), y=st.floats(-1, 2))
def test_disconfirmation_is_monotone_and_basic_needs_hurt_more(x, y):
    ep = Params().expectations
    lo, hi = sorted((x, y))
    d = expectations.disconfirmation(np.array([lo, hi]), np.array([0.5, 0.5]), np.array([0.7, 0.7]), ep)
    assert d[1] >= d[0]
    miss = expectations.disconfirmation(np.array([0.4]), np.array([0.5]), np.array([0.7]), ep)[0]
    exceed = expectations.disconfirmation(np.array([0.8]), np.array([0.5]), np.array([0.7]), ep)[0]
    assert -miss > exceed


def test_expectation_setting_narrows_and_lowers_the_zone():
    ep = Params().expectations
    a0, d0 = expectations.zone(np.array([0.6]), ep, 0.0)
    a1, d1 = expectations.zone(np.array([0.6]), ep, 1.0)
    assert d1 - a1 < d0 - a0 and (a1 + d1) < (a0 + d0)


LEVERS = st.fixed_dictionaries({
    "compensation": st.floats(0, 1), "apology": st.booleans(), "explanation": st.booleans(),
    "response_days": st.floats(0.1, 14), "follow_up": st.booleans(), "choice_of_remedy": st.booleans(),
    "emotion_first": st.booleans()})


@settings(max_examples=15, deadline=None)
@given(a=LEVERS, b=LEVERS)
def test_a_recovery_better_on_every_lever_never_lowers_satisfaction_or_retention(a, b):
    better = Strategy(compensation=max(a["compensation"], b["compensation"]),
                      response_days=min(a["response_days"], b["response_days"]),
                      **{k: a[k] or b[k] for k in ("apology", "explanation", "follow_up", "choice_of_remedy",
                                                   "emotion_first")})
    worse = Strategy(**a)
    n = 3_000
    good = failure_cohort(n, 0.3, better, voiced=True, seed=11)
    bad = failure_cohort(n, 0.3, worse, voiced=True, seed=11)
    for column in ("satisfaction_after", "p_leave"):
        diff = good[column].to_numpy() - bad[column].to_numpy()
        se = diff.std(ddof=1) / np.sqrt(n) + 1e-12
        if column == "satisfaction_after":
            assert diff.mean() >= -3 * se
        else:
            assert diff.mean() <= 3 * se


def test_difficult_and_customer_types_change_behaviour():
    cohort = failure_cohort(20_000, 0.3, seed=2)
    by_type = cohort.groupby("customer_type", observed=True)["voiced"].mean()
    assert by_type["negotiator"] > by_type["indifferent"]
    assert by_type[["quality_watcher", "rational", "negotiator", "victim"]].min() > \
        by_type[["indifferent", "hassle_averse", "sceptical", "free_rider"]].max()


@pytest.mark.parametrize("outcome", [True, False])
def test_compensation_matters_more_for_outcome_failures(outcome):
    rp = RecoveryParams()
    dj = remedy.distributive_justice(np.array([0.3, 1.0]), np.array([outcome] * 2), rp)
    gain = dj[1] - dj[0]
    if outcome:
        assert gain > 0.5  # the S-curve's steep part
    else:
        assert 0 < gain < 0.5  # concave: the first money already paid most
