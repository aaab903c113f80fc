"""Scenario experiments: design, simulated fieldwork, power, analysis, paradox test."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.anova import AnovaRM
from statsmodels.stats.power import TTestIndPower

from recovery import experiments as ex
from recovery.experiments._stats import balanced_anova_p, model_terms, term_bases


def test_full_and_fractional_designs_are_balanced():
    d = ex.design({"severity": [0.2, 0.7], "compensation": [0.0, 1.0], "apology": [False, True]}, n_per_cell=5, seed=1)
    assert len(d.cells()) == 8 and (d.cells()["n"] == 5).all() and d.resolution is None
    frac = ex.design({f: [False, True] for f in ("apology", "explanation", "follow_up", "emotion_first")},
                     n_per_cell=4, fraction=1, seed=1)
    assert len(frac.cells()) == 8 and frac.generators == {"emotion_first": ("apology", "explanation", "follow_up")}
    assert frac.resolution == 4 and "resolution 4" in str(frac)
    # every main effect is balanced in the half fraction
    assert all((frac.cells().groupby(f)["n"].sum() == 16).all() for f in frac.between)
    assert "attention" in set(frac.codebook()["variable"])
    quarter = ex.design({f: [0, 1] for f in "abcde"}, fraction=2, n_per_cell=1, seed=1)
    assert len(quarter.cells()) == 8 and quarter.resolution == 3
    given = ex.design({f: [0, 1] for f in "abcd"}, generators={"d": "a*b"}, n_per_cell=1, seed=1)
    assert given.resolution == 3 and (given.cells()["d"] == given.cells()["a"] * given.cells()["b"]
                                      + (1 - given.cells()["a"]) * (1 - given.cells()["b"])).all()


def test_within_subject_order_is_randomised_and_same_customer():
    d = ex.design({"severity": [0.2, 0.7], "apology": [False, True]}, within=["severity"], n_per_cell=20, seed=2)
    assert len(d.table) == 2 * 20 * 2
    positions = d.table.groupby("respondent")["position"].apply(tuple)
    assert set(positions) == {(1, 2), (2, 1)}
    r = ex.simulate_responses(d, seed=3)
    # one customer reads both scenarios: their traits (here the interactional justice of the same
    # handling, which depends on the customer's style match) agree across the within-cells
    wide = r.pivot(index="respondent", columns="severity", values="latent_ij")
    np.testing.assert_allclose(wide[0.2], wide[0.7])


def test_same_seed_same_assignment_and_answers():
    a = ex.simulate_responses(ex.design({"apology": [False, True]}, n_per_cell=20, seed=5), seed=6)
    b = ex.simulate_responses(ex.design({"apology": [False, True]}, n_per_cell=20, seed=5), seed=6)
    pd.testing.assert_frame_equal(a, b)


def test_declared_likert_scale_and_response_styles():
    d = ex.design({"compensation": [0.0, 1.0]}, n_per_cell=200, points=5, seed=1)
    r = ex.simulate_responses(d, fixed={"severity": 0.3}, acquiescence=0.3, straightlining=0.1, attention_fail=0.1,
                              seed=2)
    items = r.filter(regex=r"^(dj|rs|wi)\d$")
    assert items.min().min() >= 1 and items.max().max() <= 5
    assert "1-5" in d.codebook().set_index("variable").loc["rs1", "levels"]
    kept, report = ex.exclude_inattentive(r)
    assert 0.05 < report["share"] < 0.15 and report["straightliners_flagged"] > 0
    assert ex.straightliners(kept).mean() == pytest.approx(0.1, abs=0.05)
    result = ex.analyze(r, "dj", ["compensation"], design=d)
    assert result.exclusions_["n_analysed"] == len(r) - report["excluded"]
    assert result.table_.loc["compensation", "p"] < 1e-6  # compensation moves distributive justice
    off = r.assign(dj1=r["dj1"].where(r.index != 0, 6))
    with pytest.raises(ex.DesignError, match="off the 1-5 scale"):
        ex.analyze(off, "dj", ["compensation"], points=5)
    with pytest.raises(ex.DesignError, match="off the 1-5 scale"):  # the 5-point scale is read from the design
        ex.analyze(off, "dj", ["compensation"], design=d)


def test_simulated_power_agrees_with_statsmodels_for_two_groups():
    curve = ex.power_curve(0.5, [20, 64, 120], reps=2000, seed=3)
    np.testing.assert_allclose(curve["power"], curve["analytic"], atol=0.035)
    one_sided = ex.power_curve(0.4, [20, 50, 100], reps=2000, test="superiority", seed=4)
    np.testing.assert_allclose(one_sided["power"],
                               [TTestIndPower().power(0.4, n, 0.05, alternative="larger") for n in (20, 50, 100)],
                               atol=0.035)
    n = ex.required_n(0.5, power=0.8, reps=1500, seed=4)
    assert 58 <= n <= 72  # analytic answer: 64 per group
    # equivalence: no power when the truth sits on the margin, rising with n when it is 0
    edge = ex.power_curve(0.5, [50, 200], reps=2000, test="equivalence", margin=0.5, seed=5)
    assert (edge["power"] <= 0.065).all()
    zero = ex.power_curve(0.0, [20, 100, 300], reps=1000, test="equivalence", margin=0.5, seed=6)
    assert zero["power"].is_monotonic_increasing and zero["power"].iloc[-1] > 0.95


def test_balanced_anova_shortcut_matches_statsmodels():
    d = ex.design({"compensation": [0.0, 1.0], "apology": [False, True], "severity": [0.2, 0.5, 0.8]},
                  n_per_cell=12, seed=8)
    r = ex.simulate_responses(d, seed=9)
    table = ex.analyze(r, "rs", d.between).table_
    y = r[["rs1", "rs2", "rs3"]].mean(axis=1)
    cells = d.cells()[d.between]
    key = r[d.between].astype(str).agg(tuple, axis=1)
    sums = np.array([[y[key == tuple(map(str, c))].sum()] for c in cells.itertuples(index=False, name=None)])
    terms = model_terms(d.between, None)
    p = balanced_anova_p(sums, np.array([((y - y.mean()) ** 2).sum()]), 12, term_bases(cells, d.between, terms))
    for term in terms:
        assert p[term][0] == pytest.approx(table.loc[":".join(term), "p"], rel=1e-6)


def test_power_by_simulation_from_the_journey_model():
    table = ex.simulate_power({"compensation": [0.0, 1.0], "choice_of_remedy": [False, True]}, "ij", [10, 40],
                              reps=400, pool=1_000, seed=1)
    power = table.set_index(["term", "n_per_cell"])["power"]
    # choice of remedy does not enter interactional justice in the journey model: a true null,
    # so its "power" is the type-I error rate
    assert power[("choice_of_remedy", 10)] == pytest.approx(0.05, abs=0.035)
    assert power[("choice_of_remedy", 40)] == pytest.approx(0.05, abs=0.035)
    # a real effect: the simulated power follows the analytic power of the true effect size
    # (two groups: Cohen's d = 2 f, f^2 = eta2 / (1 - eta2))
    dj = ex.simulate_power({"compensation": [0.0, 1.0]}, "dj", [5, 20, 60], reps=1000, pool=2_000, seed=2)
    eta2 = dj["true_partial_eta2"].iloc[0]
    analytic = [TTestIndPower().power(2 * np.sqrt(eta2 / (1 - eta2)), n, 0.05) for n in (5, 20, 60)]
    assert dj["power"].is_monotonic_increasing
    np.testing.assert_allclose(dj["power"], analytic, atol=0.06)


EXCELLENT = {"compensation": 1.2, "apology": True, "explanation": True, "emotion_first": True,
             "choice_of_remedy": True, "follow_up": True, "response_days": 0.25}


def test_analysis_recovers_the_known_effects_at_the_stated_rate():
    # 95% intervals of the two main-effect contrasts and the interaction contrast, on the scale
    # the study is analysed on, should cover the true values (the respondents' expected answers,
    # ``true_*``) in 95% of replications. 40 replications x 3 contrasts = 120 intervals: at a
    # true rate of 95% fewer than 106 hits has probability below 0.3%.
    weights = {"compensation": {(1.0, "True"): 1, (1.0, "False"): 1, (0.0, "True"): -1, (0.0, "False"): -1},
               "apology": {(1.0, "True"): 1, (0.0, "True"): 1, (1.0, "False"): -1, (0.0, "False"): -1},
               "interaction": {(1.0, "True"): 1, (0.0, "False"): 1, (1.0, "False"): -1, (0.0, "True"): -1}}
    hits = significant = 0
    seeds = np.random.SeedSequence(7).spawn(40)
    for rep, s in enumerate(seeds):
        d = ex.design({"compensation": [0.0, 1.0], "apology": [False, True]}, n_per_cell=30, seed=s)
        r = ex.simulate_responses(d, fixed={"severity": 0.4}, seed=s.spawn(1)[0])
        truth_cells = r.assign(t=r[["true_sr"]].mean(axis=1)).groupby(["compensation", "apology"])["t"].mean()
        for w in weights.values():
            truth = sum(v * truth_cells[(c, a == "True")] for (c, a), v in w.items()) / 2
            c = ex.contrast(r, "sr", ["compensation", "apology"], {k: v / 2 for k, v in w.items()}).conf_int().iloc[0]
            hits += c["ci_low"] <= truth <= c["ci_high"]
        table = ex.analyze(r, "sr", ["compensation", "apology"]).table_
        significant += table.loc["compensation", "p"] < 0.05
    assert hits >= 106
    # and the compensation effect is found as often as the power simulation says it would be
    power = ex.simulate_power({"compensation": [0.0, 1.0], "apology": [False, True]}, "sr", [30],
                              fixed={"severity": 0.4}, reps=400, pool=1_000, seed=1)
    expected = power.set_index("term").loc["compensation", "power"]
    assert abs(significant / 40 - expected) < 0.15


def test_anova_effect_sizes_and_reported_exclusions():
    d = ex.design({"apology": [False, True], "compensation": [0.0, 1.0]}, n_per_cell=50, seed=7)
    r = ex.simulate_responses(d, fixed={"severity": 0.4}, attention_fail=0.1, seed=8)
    result = ex.analyze(r, "dj", ["apology", "compensation"])
    table, report = result.table_, result.exclusions_
    assert report["excluded"] > 0 and report["n_analysed"] == report["of"] - report["excluded"]
    assert sum(report["by_cell"].values()) == report["excluded"]
    assert table.loc["compensation", "partial_eta2"] > table.loc["apology", "partial_eta2"]
    assert (table["eta2_ci_low"] <= table["partial_eta2"]).all()
    # Steiger's interval can lie below the (upward-biased) sample eta-squared when F < 1, e.g. a
    # null effect such as apology on distributive justice: the upper bound is checked where F >= 1
    real = table["F"] >= 1
    assert real.any() and (table.loc[real, "partial_eta2"] <= table.loc[real, "eta2_ci_high"]).all()
    assert (table["partial_omega2"] <= table["partial_eta2"]).all()
    assert (table["omega2_ci_low"] <= table["partial_omega2"]).all()
    check = ex.manipulation_check(r, "ij", "apology")
    assert check["mean"].iloc[1] > check["mean"].iloc[0] and check["excluded"].iloc[0] == report["excluded"]
    c = ex.contrast(r, "dj", "compensation", {1.0: 1, 0.0: -1})
    assert c.exclusions_["excluded"] == report["excluded"] == c.summary_frame()["excluded"].iloc[0]
    assert c.n_ == report["n_analysed"] and c.p_ < 0.001
    wide, narrow = c.conf_int(0.01).iloc[0], c.conf_int(0.2).iloc[0]
    assert wide["ci_low"] < narrow["ci_low"] < c.estimate_ < narrow["ci_high"] < wide["ci_high"]
    robust = ex.robust_regression(r.assign(s=ex.scale_score(r, "dj")), "s ~ compensation")
    assert robust.loc["compensation", "ci_low"] > 0


def test_split_plot_matches_statsmodels_repeated_measures():
    d = ex.design({"severity": [0.1, 0.4, 0.7]}, within=["severity"], n_per_cell=30, seed=3)
    r = ex.simulate_responses(d, seed=4)
    table = ex.analyze(r, "rs", ["severity"]).table_
    ref = AnovaRM(r.assign(y=ex.scale_score(r, "rs")), "y", "respondent", within=["severity"]).fit().anova_table
    assert table.loc["severity", "F"] == pytest.approx(ref.loc["severity", "F Value"], rel=1e-8)
    assert table.loc["severity", "df_error"] == ref.loc["severity", "Den DF"]
    mixed = ex.design({"severity": [0.2, 0.7], "apology": [False, True]}, within=["severity"], n_per_cell=20, seed=5)
    table = ex.analyze(ex.simulate_responses(mixed, seed=6), "rs", design=mixed).table_
    assert table.loc["apology", "stratum"] == "between" and table.loc["apology:severity", "stratum"] == "within"


def test_fractional_design_is_analysed_with_its_estimable_effects():
    d = ex.design({f: [False, True] for f in ("apology", "explanation", "follow_up", "emotion_first")},
                  n_per_cell=15, fraction=1, seed=3)
    table = ex.analyze(ex.simulate_responses(d, fixed={"severity": 0.3}, seed=4), "ij", design=d).table_
    assert list(table.index) == d.between  # resolution IV: main effects only
    assert table.loc["apology", "p"] < 0.001


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
    (4.9, 4.5, 400, "paradox"),       # a small real lift, enough respondents
    (4.7, 4.5, 30, "no evidence"),    # too few to tell a small lift from none
])
def test_paradox_verdicts_on_constructed_cases(recovered, control, n, verdict):
    result = ex.paradox_test(constructed(recovered, control, n), "group", "recovered", "control")
    assert result.verdict_ == verdict
    row = result.summary_frame().iloc[0]
    assert row["ci_low"] < row["estimate"] == result.difference_ < row["ci_high"]
    assert row["estimate"] == pytest.approx(recovered - control, abs=4 / np.sqrt(n))


def test_paradox_test_reports_its_exclusions():
    data = constructed(4.5, 4.5, 50)
    data.loc[:4, "attention"] = 6
    result = ex.paradox_test(data, "group", "recovered", "control")
    assert result.exclusions_["excluded"] == 5 and result.n_ == (45, 50)


def test_double_deviation_contrast():
    data = constructed(3.0, 4.0, 100).replace({"recovered": "poor recovery", "control": "no recovery"})
    assert ex.double_deviation_test(data, "group", "poor recovery", "no recovery").double_deviation_
    assert not ex.double_deviation_test(data, "group", "no recovery", "poor recovery").double_deviation_


def test_malformed_requests_are_named():
    d = ex.design({"apology": [False, True], "compensation": [0.0, 1.0]}, n_per_cell=10, seed=1)
    r = ex.simulate_responses(d, seed=2)
    with pytest.raises(ex.DesignError, match="unknown factor 'speed'"):
        ex.contrast(r, "rs", "speed", {"fast": 1, "slow": -1})
    with pytest.raises(ex.DesignError, match="level '0.5' is not a level of 'compensation'"):
        ex.contrast(r, "rs", "compensation", {0.5: 1, 0.0: -1})
    with pytest.raises(ex.DesignError, match="sum to 0"):
        ex.contrast(r, "rs", "compensation", {1.0: 1, 0.0: 1})
    gap = r[~((r.apology == True) & (r.compensation == 1.0))]  # noqa: E712
    with pytest.raises(ex.DesignError, match=r"cell \{'apology': 'True', 'compensation': '1.0'\} has no respondents"):
        ex.analyze(gap, "rs", ["apology", "compensation"])
    with pytest.raises(ex.DesignError, match="unknown factor 'mood'"):
        ex.analyze(r, "rs", ["apology", "mood"])
    bad = r.copy()
    bad.loc[bad.index[3], "rs2"] = 9
    with pytest.raises(ex.DesignError, match="column 'rs2', row 3: value 9.0 is off the 1-7 scale"):
        ex.analyze(bad, "rs", ["apology"])
    text = r.astype({"rs1": object})
    text.loc[text.index[5], "rs1"] = "agree"
    with pytest.raises(ex.DesignError, match="column 'rs1', row 5: value 'agree' is not a number"):
        ex.paradox_test(text, "apology", True, False)
    with pytest.raises(ex.DesignError, match="'mood'"):
        ex.simulate_responses(ex.design({"mood": ["bad", "good"]}, n_per_cell=2, seed=1))
    with pytest.raises(ex.DesignError, match="generator d = a\\*x: 'x' is not a between factor"):
        ex.design({f: [0, 1] for f in "abcd"}, generators={"d": "a*x"})
    with pytest.raises(ex.DesignError, match="outcome 'nps'"):
        ex.analyze(r, "nps", ["apology"])
    with pytest.raises(ex.DesignError, match="'apology': level 'maybe'"):
        ex.simulate_responses(ex.design({"apology": ["yes", "maybe"]}, n_per_cell=2, seed=1))


def test_two_group_results_match_a_pooled_t_test():
    from scipy import stats
    data = constructed(5.0, 4.5, 60)
    result = ex.paradox_test(data, "group", "recovered", "control")
    a = data.loc[data.group == "recovered", "rs1"]
    b = data.loc[data.group == "control", "rs1"]
    ref = stats.ttest_ind(a, b, alternative="greater")
    row = result.summary_frame().iloc[0]
    assert row["t"] == pytest.approx(ref.statistic) and row["p"] == pytest.approx(ref.pvalue)
    assert row["se"] == pytest.approx((a.mean() - b.mean()) / ref.statistic)
    ci = ref.confidence_interval(0.95)  # one-sided; the two-sided 90% interval has the same lower end
    assert result.conf_int(0.10)["ci_low"].iloc[0] == pytest.approx(ci.low)
    wide, narrow = result.conf_int(0.01).iloc[0], result.conf_int(0.20).iloc[0]
    assert wide["ci_low"] < narrow["ci_low"] < narrow["ci_high"] < wide["ci_high"]
    assert list(row.index[:4]) == ["contrast", "n_first", "n_second", "df"]
    assert list(row.index[-6:]) == ["estimate", "se", "t", "p", "ci_low", "ci_high"]
    assert "verdict" in result.summary() and "excluded" in result.summary()


def test_anova_result_intervals_follow_alpha():
    d = ex.design({"apology": [False, True], "compensation": [0.0, 1.0]}, n_per_cell=30, seed=2)
    r = ex.simulate_responses(d, fixed={"severity": 0.4}, seed=3)
    result = ex.analyze(r, "dj", design=d)
    ninety = ex.analyze(r, "dj", design=d, alpha=0.10)
    frame = result.summary_frame().set_index("term")
    assert list(frame.columns) == ["df", "df_error", "F", "estimate", "p", "ci_low", "ci_high"]
    pd.testing.assert_series_equal(result.conf_int(0.10)["ci_low"], ninety.table_["eta2_ci_low"], check_names=False)
    np.testing.assert_allclose(result.conf_int(0.05)["ci_high"], frame["ci_high"])
    assert (ninety.table_["eta2_ci_high"] < result.table_["eta2_ci_high"]).all()
    assert "dj" in result.summary() and "compensation" in str(result)
    with pytest.raises(ex.DesignError, match="alpha"):
        ex.analyze(r, "dj", design=d, alpha=95)
