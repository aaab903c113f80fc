"""Scenario experiments: design, simulated fieldwork, power, analysis, paradox test."""
import numpy as np
import pandas as pd
import pytest

from recovery import experiments as ex

EXCELLENT = {"compensation": 1.2, "apology": True, "explanation": True, "emotion_first": True,
             "choice_of_remedy": True, "follow_up": True, "response_days": 0.25}


def test_full_and_fractional_designs_are_balanced():
    d = ex.design({"severity": [0.2, 0.7], "compensation": [0.0, 1.0], "apology": [False, True]}, n_per_cell=5, seed=1)
    assert len(d.cells()) == 8 and (d.cells()["n"] == 5).all()
    frac = ex.design({f: [False, True] for f in ("apology", "explanation", "follow_up", "emotion_first")},
                     n_per_cell=4, fraction=1, seed=1)
    assert len(frac.cells()) == 8 and frac.generators == {"emotion_first": "apology*explanation*follow_up"}
    assert "respondents" in str(frac) and "attention" in set(frac.codebook()["variable"])
    within = ex.design({"severity": [0.2, 0.7], "apology": [False, True]}, within=["apology"], n_per_cell=3, seed=2)
    assert len(within.table) == 2 * 3 * 2


def test_same_seed_same_assignment_and_answers():
    a = ex.simulate_responses(ex.design({"apology": [False, True]}, n_per_cell=20, seed=5), seed=6)
    b = ex.simulate_responses(ex.design({"apology": [False, True]}, n_per_cell=20, seed=5), seed=6)
    pd.testing.assert_frame_equal(a, b)


def test_simulated_power_agrees_with_statsmodels_for_two_groups():
    curve = ex.power_curve(0.5, [20, 64, 120], reps=2000, seed=3)
    np.testing.assert_allclose(curve["power"], curve["analytic_two_group"], atol=0.035)
    n = ex.required_n(0.5, power=0.8, reps=1500, seed=4)
    assert 58 <= n <= 72  # analytic answer: 64 per group


def test_analysis_recovers_the_known_effect_at_the_stated_rate():
    # 95% intervals of the compensation contrast on distributive justice should cover the true
    # difference of the respondents' latent values (on the item scale) in most replications;
    # rounding to scale points and clipping at 1 and 7 bias it slightly, so ask for 26 of 30.
    hits = 0
    for rep in range(30):
        d = ex.design({"compensation": [0.0, 1.0]}, n_per_cell=40, seed=rep)
        r = ex.simulate_responses(d, fixed={"severity": 0.4}, seed=100 + rep)
        truth = 6 * (r.loc[r.compensation == 1.0, "latent_dj"].mean() - r.loc[r.compensation == 0.0, "latent_dj"].mean())
        c = ex.contrast(r, "dj", "compensation", {1.0: 1, 0.0: -1}).iloc[0]
        hits += c["ci_low"] <= truth <= c["ci_high"]
    assert hits >= 26


def test_anova_effect_sizes_and_reported_exclusions():
    d = ex.design({"apology": [False, True], "compensation": [0.0, 1.0]}, n_per_cell=50, seed=7)
    r = ex.simulate_responses(d, fixed={"severity": 0.4}, attention_fail=0.1, seed=8)
    table, report = ex.analyze(r, "dj", ["apology", "compensation"])
    assert report["excluded"] > 0 and report["n_analysed"] == report["of"] - report["excluded"]
    assert table.loc["compensation", "partial_eta2"] > table.loc["apology", "partial_eta2"]
    assert (table["eta2_ci_low"] <= table["partial_eta2"]).all()
    check = ex.manipulation_check(r, "ij", "apology")
    assert check["mean"].iloc[1] > check["mean"].iloc[0]


def constructed(recovered, control, n, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for group, mean in (("recovered", recovered), ("control", control)):
        for _ in range(n):
            value = np.clip(np.rint(mean + rng.normal(0, 1)), 1, 7)
            rows.append({"group": group, "rs1": value, "rs2": value, "rs3": value, "attention": 2})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("recovered, control, n, verdict", [
    (5.5, 4.5, 100, "paradox"),
    (4.5, 4.5, 400, "no paradox"),
    (4.5, 4.5, 6, "no evidence"),
    (3.5, 4.5, 100, "no paradox"),
])
def test_paradox_verdicts_on_constructed_cases(recovered, control, n, verdict):
    assert ex.paradox_test(constructed(recovered, control, n), "group", "recovered", "control")["verdict"] == verdict


def test_double_deviation_contrast():
    data = constructed(3.0, 4.0, 100).replace({"recovered": "poor recovery", "control": "no recovery"})
    assert ex.double_deviation_test(data, "group", "poor recovery", "no recovery")["double_deviation"]


def test_malformed_requests_are_named():
    d = ex.design({"apology": [False, True], "compensation": [0.0, 1.0]}, n_per_cell=10, seed=1)
    r = ex.simulate_responses(d, seed=2)
    with pytest.raises(ex.DesignError, match="unknown factor 'speed'"):
        ex.contrast(r, "rs", "speed", {"fast": 1, "slow": -1})
    with pytest.raises(ex.DesignError, match="level '0.5' is not a level of 'compensation'"):
        ex.contrast(r, "rs", "compensation", {0.5: 1, 0.0: -1})
    gap = r[~((r.apology == True) & (r.compensation == 1.0))]  # noqa: E712
    with pytest.raises(ex.DesignError, match="has no respondents"):
        ex.analyze(gap, "rs", ["apology", "compensation"])
    bad = r.copy()
    bad.loc[bad.index[3], "rs2"] = 9
    with pytest.raises(ex.DesignError, match="column 'rs2', row 3: value 9.0 is off the 1-7 scale"):
        ex.analyze(bad, "rs", ["apology"])
    with pytest.raises(ex.DesignError, match="'mood'"):
        ex.simulate_responses(ex.design({"mood": ["bad", "good"]}, n_per_cell=2, seed=1))
