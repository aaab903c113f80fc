"""Controlled cohorts (recovery.cohort): one failure episode under set conditions."""
import numpy as np
import pytest

from recovery import ParameterError
from recovery.cohort import REPURCHASE_PERIODS, failure_cohort, no_failure_cohort, quality_strategy, run_cohort
from recovery.params import Params


def test_same_seed_same_cohort_and_another_seed_another():
    a = failure_cohort(severity=0.4, n_customers=2_000, seed=3)
    b = failure_cohort(severity=0.4, n_customers=2_000, seed=np.random.SeedSequence(3))
    c = failure_cohort(severity=0.4, n_customers=2_000, seed=4)
    assert a.equals(b)
    assert not np.allclose(a["satisfaction_after"], c["satisfaction_after"])


def test_cohorts_of_one_seed_share_their_luck_until_the_failure():
    # common random numbers: the weeks before the failure are the same customers' same weeks
    hit = run_cohort(severity=0.6, n_customers=1_000, failure_at=3, periods=2, seed=5)
    calm = run_cohort(severity=None, n_customers=1_000, failure_at=3, periods=2, seed=5)
    np.testing.assert_array_equal(hit.satisfaction[:, :2], calm.satisfaction[:, :2])
    assert hit.satisfaction[:, 2].mean() < calm.satisfaction[:, 2].mean() - 0.05


def test_voice_can_be_forced_either_way():
    assert failure_cohort(severity=0.3, n_customers=1_000, voiced=True, seed=1)["voiced"].all()
    assert not failure_cohort(severity=0.3, n_customers=1_000, voiced=False, seed=1)["voiced"].any()
    drawn = failure_cohort(severity=0.3, n_customers=4_000, seed=1)["voiced"]
    assert 0.05 < drawn.mean() < 0.95  # left to the model, some complain and some do not


def test_survival_is_the_product_of_the_weekly_chances_and_repurchase_its_draw():
    run = run_cohort(severity=0.5, n_customers=20_000, seed=2)
    customers = run.customers
    assert run.survival_path.shape == (20_000, REPURCHASE_PERIODS)
    np.testing.assert_allclose(customers["survival"], run.survival_path[:, -1])
    assert (np.diff(run.survival_path, axis=1) <= 0).all()  # nobody comes back
    # repurchase is a Bernoulli draw of survival: its mean within 4 Monte Carlo SEs
    se = np.sqrt((customers["survival"] * (1 - customers["survival"])).mean() / len(customers))
    assert abs(customers["repurchase"].mean() - customers["survival"].mean()) < 4 * se


def test_earlier_failures_move_the_episode_and_lower_what_follows():
    first = run_cohort(severity=0.3, n_customers=4_000, voiced=True, seed=6)
    second = run_cohort(severity=0.3, n_customers=4_000, voiced=True, prior_failures=1, gap=4, seed=6)
    assert first.satisfaction.shape[1] == REPURCHASE_PERIODS
    assert second.satisfaction.shape[1] == 1 + 4 + REPURCHASE_PERIODS - 1  # the episode is in week 5
    assert second.customers["satisfaction_after"].mean() < first.customers["satisfaction_after"].mean()


def test_a_better_recovery_leaves_resolved_complainants_more_satisfied():
    poor = failure_cohort(None, quality_strategy(0.2), severity=0.3, n_customers=5_000, voiced=True, seed=7)
    good = failure_cohort(None, quality_strategy(1.0), severity=0.3, n_customers=5_000, voiced=True, seed=7)
    both = poor["resolved"].to_numpy() & good["resolved"].to_numpy()
    assert both.sum() > 500
    assert good["satisfaction_after"][both].mean() > poor["satisfaction_after"][both].mean() + 0.02
    assert good["quick"].mean() > poor["quick"].mean()  # the best recovery answers the same day


def test_the_control_has_no_failure():
    control = no_failure_cohort(Params(), n_customers=3_000, seed=1)
    assert "severity" not in control.columns and control["survival"].mean() > 0.95
    assert (control["told_negative"] == 0).mean() > 0.9


def test_quality_strategy_improves_every_lever():
    low, high = quality_strategy(0.0), quality_strategy(1.0)
    assert (low.compensation, low.apology, low.follow_up) == (0.0, False, False)
    assert (high.compensation, high.apology, high.follow_up) == (1.2, True, True)
    assert high.response_days < low.response_days


@pytest.mark.parametrize("kwargs, message", [
    ({"severity": 0.3, "n_customers": 0}, "n_customers = 0"),
    ({"severity": 1.5}, "severity = 1.5"),
    ({"severity": 0.3, "prior_failures": -1}, "prior_failures = -1"),
    ({"severity": 0.3, "periods": 0}, "periods = 0"),
])
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        run_cohort(**{"n_customers": 100, **kwargs})


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        run_cohort(None, None, 0.3)  # severity must be named
    with pytest.raises(ParameterError, match="quality = 2"):
        quality_strategy(2)
