"""The recovery paradox read off cohorts (recovery.paradox)."""
import numpy as np
import pytest

from recovery import ParameterError
from recovery.paradox import GROUPS, SCORE_SPAN, paradox_grid, paradox_paths, satisfaction_score

# --- the notebook's functions: the paradox on a 0-100 scale, in its favourable corner only ---
SEVERITIES = [0.02, 0.1, 0.5, 0.8]
QUALITIES = [0.0, 0.5, 1.0]


def test_paradox_appears_in_its_favourable_corner_only():
    grid = paradox_grid(severities=SEVERITIES, qualities=QUALITIES, n_customers=8_000, seed=1)
    assert grid.query("severity == 0.02 and quality == 1.0")["paradox"].item()
    assert not grid.query("severity >= 0.5")["paradox"].any()
    assert not grid.query("quality < 1.0")["paradox"].any()
    assert (grid["repurchase_difference"] < 0).all()


def test_paradox_disappears_after_a_second_failure():
    grid = paradox_grid(severities=SEVERITIES, qualities=QUALITIES, prior_failures=1, n_customers=8_000,
                        seed=1)
    assert not grid["paradox"].any()


def test_four_groups_for_trainers_on_a_0_to_100_scale():
    paths = paradox_paths(n_customers=4_000, seed=3).pivot(index="period", columns="group", values="satisfaction")
    assert ((paths >= 0) & (paths <= 100)).all().all()
    week = 4
    assert paths.loc[week, "recovered_well"] > paths.loc[week, "no_failure"] > paths.loc[week, "silent_exit"]
    assert paths.loc[week, "silent_exit"] > paths.loc[week, "recovered_badly"]  # double deviation
    assert np.allclose(paths.loc[1], paths.loc[1, "no_failure"], atol=0.5)      # the same start


def test_the_score_is_one_linear_map_clipped_to_0_100():
    x = np.array([-1.0, -SCORE_SPAN, 0.0, SCORE_SPAN / 2, SCORE_SPAN, 1.0])
    np.testing.assert_allclose(satisfaction_score(x), [0, 0, 50, 75, 100, 100])


def test_paths_are_reproducible_and_every_group_starts_alike():
    a = paradox_paths(n_customers=600, periods=6, failure_at=3, seed=2)
    b = paradox_paths(n_customers=600, periods=6, failure_at=3, seed=2)
    assert a.equals(b) and set(a["group"]) == set(GROUPS) and len(a) == 4 * 6
    before = a[a["period"] < 3].pivot(index="period", columns="group", values="survival")
    # before the failure the groups are the same customers with the same luck
    assert np.allclose(before.sub(before["no_failure"], axis=0), 0)


def test_the_grid_difference_grows_with_recovery_quality_and_shrinks_with_severity():
    grid = paradox_grid(severities=[0.05, 0.6], qualities=[0.0, 1.0], n_customers=4_000, seed=4).set_index(
        ["severity", "quality"])
    assert grid.loc[(0.05, 1.0), "difference"] > grid.loc[(0.05, 0.0), "difference"]
    assert grid.loc[(0.6, 1.0), "difference"] < grid.loc[(0.05, 1.0), "difference"]
    assert (grid["se"] > 0).all() and (grid["se"] < 2).all()


def test_a_paradox_needs_a_lift_of_more_than_two_standard_errors():
    # severities where the lift after an excellent recovery crosses zero: some cells are above
    # zero by less than two standard errors (no paradox), some by more (a paradox)
    grid = paradox_grid(severities=[0.04, 0.045, 0.05, 0.056, 0.06], qualities=[1.0], n_customers=500, seed=4)
    z = grid["difference"] / grid["se"]
    assert ((z > 0) & (z <= 2)).any() and (z > 2).any()
    assert (grid["paradox"] == (z > 2)).all()


def test_bad_severity_is_named():
    with pytest.raises(ParameterError, match="severity = 1.2"):
        paradox_paths(severity=1.2, n_customers=100, periods=5, seed=1)
