"""PLS beyond the estimates: missing answers, response scale, survey weights, group comparison
(MICOM, MGA), IPMA, CVPAT, the copula endogeneity test and higher-order constructs.

Reference numbers: tests/data/seminr_reference.csv, made by tests/data/seminr_reference.py with
the seminr/seminrExtras Python ports (run by hand in a separate environment; its header states
versions and calls). Deterministic parts match to 1e-4 or better; bootstrap parts in
distribution, with the Monte Carlo tolerance stated beside each check.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import recovery
from recovery.survey import PLSModelError, fit_pls

from _pls_text import model_text

REF = pd.read_csv(Path(__file__).parent / "data" / "seminr_reference.csv", comment="#", keep_default_na=False)
MOBI = recovery.load_dataset("ecsi_mobi")
MOBI_BLOCKS = {"Image": [f"IMAG{i}" for i in range(1, 6)], "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
               "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
               "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"], "Complaints": ["CUSCO"],
               "Loyalty": ["CUSL1", "CUSL2", "CUSL3"]}
MOBI_PATHS = [("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
              ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
              ("Quality", "Value"), ("Quality", "Satisfaction"), ("Value", "Satisfaction"),
              ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
SAT = recovery.load_dataset("ecsi_satisfaction")
SAT_BLOCKS = {k: [c for c in SAT if c.startswith(k.lower())] for k in ("IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY")}
SAT_PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"),
             ("EXPE", "SAT"), ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]
MOBI_MODEL = model_text(MOBI_PATHS, MOBI_BLOCKS)
SAT_MODEL = model_text(SAT_PATHS, SAT_BLOCKS)


def ref(analysis) -> pd.Series:
    part = REF[REF["analysis"] == analysis]
    return pd.Series(part["value"].to_numpy(float), index=pd.MultiIndex.from_arrays([part["a"], part["b"]]))


def coded_mobi():
    """mobi with the generator's 11 cells set to -99 (same numpy calls as seminr_reference.py)."""
    items = [i for v in MOBI_BLOCKS.values() for i in v]
    rng = np.random.default_rng(2026)
    rows = rng.choice(len(MOBI), 11, replace=False)
    cols = rng.integers(0, len(items), 11)
    data = MOBI.copy()
    for r, c in zip(rows, cols):
        data.iloc[r, data.columns.get_loc(items[c])] = -99
    return data


def path_series(fit):
    return fit.paths_.set_index(["from", "to"])["estimate"]


# ------------------------------------------------------------------ fit_pls: answers and weights


def test_default_fit_matches_seminr():
    expected = ref("paths_default")
    ours = path_series(fit_pls(MOBI_MODEL, MOBI)).loc[expected.index]
    np.testing.assert_allclose(ours, expected, atol=1e-6, rtol=0)


def test_missing_value_code_with_mean_replacement_and_casewise_match_seminr():
    data = coded_mobi()
    mean = fit_pls(MOBI_MODEL, data, missing_value=-99, missing="mean", scale=(1, 10))
    expected = ref("paths_mean")
    np.testing.assert_allclose(path_series(mean).loc[expected.index], expected, atol=1e-6, rtol=0)
    weights = ref("weights_mean")
    np.testing.assert_allclose(mean.weights_[weights.index.get_level_values(1)], weights, atol=1e-6, rtol=0)
    assert mean.missing_["cells"] == 11 and mean.missing_["rows_dropped"] == 0
    assert mean.missing_["by_item"].sum() == 11 and mean.n_ == len(MOBI)
    casewise = fit_pls(MOBI_MODEL, data, missing_value=-99, missing="casewise")
    expected = ref("paths_casewise")
    np.testing.assert_allclose(path_series(casewise).loc[expected.index], expected, atol=1e-6, rtol=0)
    assert casewise.n_ == len(MOBI) - casewise.missing_["rows_dropped"] == len(casewise.scores_)
    assert 0 < casewise.missing_["rows_dropped"] <= 11


def test_an_undeclared_code_is_refused_by_scale_and_by_default():
    data = coded_mobi()
    with pytest.raises(PLSModelError, match=r"has -99 in row .*outside scale = \(1, 10\).*missing_value="):
        fit_pls(MOBI_MODEL, data, scale=(1, 10))
    with pytest.raises(PLSModelError, match=r"is missing in row .*\(11 missing cells.*missing='mean'"):
        fit_pls(MOBI_MODEL, data, missing_value=-99)
    with pytest.raises(PLSModelError, match="missing = 'drop'"):
        fit_pls(MOBI_MODEL, data, missing="drop")
    with pytest.raises(PLSModelError, match=r"scale = \(7, 1\)"):
        fit_pls(MOBI_MODEL, MOBI, scale=(7, 1))
    fit_pls(MOBI_MODEL, MOBI, scale=(1, 10))  # the real scale passes


def test_survey_weights_equal_replicated_rows():
    """Integer survey weights give the fit of the data with each row repeated that often."""
    w = np.random.default_rng(3).integers(1, 4, len(SAT))
    weighted = fit_pls(SAT_MODEL, SAT, weights=w)
    repeated = fit_pls(SAT_MODEL, SAT.iloc[np.repeat(np.arange(len(SAT)), w)])
    pd.testing.assert_frame_equal(weighted.paths_, repeated.paths_, atol=1e-10)
    pd.testing.assert_series_equal(weighted.weights_, repeated.weights_, atol=1e-10)
    plain = fit_pls(SAT_MODEL, SAT)
    assert np.abs(plain.paths_["estimate"] - weighted.paths_["estimate"]).max() > 1e-3
    same = fit_pls(SAT_MODEL, SAT.assign(w=2.5), weights="w")
    pd.testing.assert_frame_equal(same.paths_, plain.paths_, atol=1e-12)
    with pytest.raises(PLSModelError, match="weights has -1.0 in row"):
        fit_pls(SAT_MODEL, SAT, weights=np.r_[-1.0, np.ones(len(SAT) - 1)])
    with pytest.raises(PLSModelError, match="'wt' is not a column"):
        fit_pls(SAT_MODEL, SAT, weights="wt")


def test_weighted_bootstrap_resamples_respondents_with_their_weights():
    """Issue 16. Reference: with integer weights a weighted resample is the unweighted fit of
    the data in which each drawn respondent appears (times drawn x weight) times, and the
    weighted jackknife deletes a respondent with all its weight: both refitted here row by
    row with plain fit_pls. Constant weights give the unweighted bootstrap exactly."""
    from recovery._seeding import seed_sequence
    from recovery.survey.pls import _boot

    blocks = {k: SAT_BLOCKS[k] for k in ("IMAG", "SAT", "LOY")}
    model = model_text([("IMAG", "SAT"), ("IMAG", "LOY"), ("SAT", "LOY")], blocks)
    w = np.random.default_rng(8).integers(1, 4, len(SAT))
    fit = fit_pls(model, SAT, weights=w, bootstrap=30, seed=5)
    assert fit.boot_info_["weighted"] and (fit.paths_["se"] > 0).all()
    counts = _boot._Draws(seed_sequence(5), len(SAT)).counts(0, 30).astype(int)
    for r in (0, 13, 29):
        rows = np.repeat(np.arange(len(SAT)), counts[r] * w)
        refit = fit_pls(model, SAT.iloc[rows])
        np.testing.assert_allclose(fit.boot_draws_["paths"][r], refit.paths_["estimate"], atol=1e-10)
        np.testing.assert_allclose(fit.boot_draws_["weights"][r], refit.weights_, atol=1e-10)
    for i in (0, 77):  # delete-one jackknife (n = 250 < 1,000 groups): respondent i with its weight
        rows = np.repeat(np.delete(np.arange(len(SAT)), i), np.delete(w, i))
        refit = fit_pls(model, SAT.iloc[rows])
        np.testing.assert_allclose(fit.boot_jackknife_["paths"][i], refit.paths_["estimate"], atol=1e-10)
    plain = fit_pls(model, SAT, bootstrap=30, seed=5)
    constant = fit_pls(model, SAT, weights=np.full(len(SAT), 2.0), bootstrap=30, seed=5)
    pd.testing.assert_frame_equal(constant.paths_, plain.paths_, atol=1e-12)
    # the weights change the intervals, not just the point estimates
    assert np.abs(fit.paths_["bca_low"] - plain.paths_["bca_low"]).max() > 1e-3


# ------------------------------------------------------------------ group comparison

from recovery.survey import PLSGroupError, cvpat, copula_test, ipma, micom, pls_mga  # noqa: E402
from recovery.survey.pls import groups as pls_groups  # noqa: E402


def test_mga_henseler_matches_seminr_on_the_same_resamples():
    """seminr's estimate_pls_mga given the generator's resample indices: group paths and
    Henseler's probability from the same resamples agree to rounding."""
    g = pls_groups._split(SAT_MODEL, SAT, "gender", None, "path", True, "error", None, None, None, 1e-7, 300,
                          "absolute")
    assert g.levels == ("female", "male")
    rng = np.random.default_rng(20261201)
    boots = []
    for mask in (g.first, ~g.first):
        n = int(mask.sum())
        idx = rng.integers(0, n, (1000, n))
        counts = np.stack([np.bincount(r, minlength=n) for r in idx]).astype(float)
        boots.append(pls_groups._boot_paths(g, mask, counts))
    k = g.spec.constructs
    keys = [(k[f], k[t]) for f, t in g.spec.edges]
    p = pd.Series(pls_groups.henseler_p(*boots), index=pd.MultiIndex.from_tuples(keys))
    np.testing.assert_allclose(p.loc[ref("mga_pls_mga_p").index], ref("mga_pls_mga_p"), atol=1e-9)
    mean1 = pd.Series(boots[0].mean(axis=0), index=p.index)
    np.testing.assert_allclose(mean1.loc[ref("mga_group1_beta_mean").index], ref("mga_group1_beta_mean"), atol=1e-9)
    out = pls_mga(SAT_MODEL, SAT, group="gender", method="henseler", bootstrap=1000, seed=4)
    out = out.paths_.set_index(["from", "to"])
    for col, name in (("group_1", "group1_beta"), ("group_2", "group2_beta"), ("estimate", "diff")):
        expected = ref(f"mga_{name}")
        np.testing.assert_allclose(out.loc[expected.index, col], expected, atol=1e-9, err_msg=col)
    # other resamples: Henseler's probability agrees in distribution. Its Monte Carlo SD with
    # 1,000 resamples per group is below 0.016 (binomial bound sqrt(0.25 / 1000)); 4 SDs of the
    # difference of two independent runs: 0.09
    assert (out.loc[p.index, "p_henseler"] - ref("mga_pls_mga_p").loc[p.index]).abs().max() < 0.09


def test_mga_methods_agree_and_find_the_gender_difference():
    kw = {"bootstrap": 1000, "permutations": 1000, "seed": 7}
    tables = {m: pls_mga(SAT_MODEL, SAT, group="gender", method=m, **kw).summary_frame().set_index(["from", "to"])
              for m in ("permutation", "henseler", "welch")}
    for m, t in tables.items():
        assert t.loc[("SAT", "LOY"), "p"] < 0.01, m       # loyalty hinges on satisfaction far more for men
        assert t.loc[("EXPE", "QUAL"), "p"] > 0.3, m
        assert ((t["ci_low"] <= t["estimate"]) & (t["estimate"] <= t["ci_high"])).all()
    np.testing.assert_allclose(tables["welch"]["p"], tables["permutation"]["p"], atol=0.12)
    same = pls_mga(SAT_MODEL, SAT, group="gender", method="permutation", **kw)
    pd.testing.assert_frame_equal(same.paths_.set_index(["from", "to"]), tables["permutation"])
    wider = same.conf_int(alpha=0.01)
    assert (wider["ci_low"].to_numpy() < same.paths_["ci_low"].to_numpy()).all()
    np.testing.assert_allclose(same.conf_int()["ci_high"], same.paths_["ci_high"])


def test_permutation_mga_is_calibrated_under_a_random_split():
    """With groups drawn at random, the permutation p-values of ten paths are not small."""
    data = SAT.assign(split=np.random.default_rng(1).permutation(np.r_[np.zeros(125), np.ones(125)]))
    out = pls_mga(SAT_MODEL, data, group="split", bootstrap=200, permutations=500, seed=2).paths_
    assert out["p"].min() > 0.01 and out["p"].median() > 0.2


def test_micom_steps():
    res = micom(SAT_MODEL, SAT, group="gender", permutations=1000, seed=3)
    comp = res.compositional_
    assert (comp["c"] <= 1 + 1e-12).all() and (comp["c"] > 0.98).all()
    assert (comp["invariant"] == (comp["c"] >= comp["q"])).all()
    # step 3 on the pooled scores is a permutation test of the mean difference: against scipy's
    pooled = fit_pls(SAT_MODEL, SAT).scores_
    female = (SAT["gender"] == "female").to_numpy()
    for c in ("SAT", "LOY"):
        a, b = pooled.loc[female, c], pooled.loc[~female, c]
        assert res.means_.loc[c, "estimate"] == pytest.approx(a.mean() - b.mean(), abs=1e-9)
        assert res.variances_.loc[c, "estimate"] == pytest.approx(np.log(a.var(ddof=0) / b.var(ddof=0)), abs=1e-9)
        theirs = __import__("scipy").stats.permutation_test(
            (a, b), lambda u, v: np.mean(u) - np.mean(v), n_resamples=4000, random_state=0).pvalue
        assert res.means_.loc[c, "p"] == pytest.approx(theirs, abs=0.05)  # MC SD < 0.016 each, 2 runs
    assert set(res.summary()["invariance"]) <= {"full", "partial", "none"}
    ci = res.conf_int()  # step 3's permutation intervals, recomputed from the stored permutations
    np.testing.assert_allclose(ci.xs("mean", level="test")["ci_low"], res.means_["ci_low"])
    np.testing.assert_allclose(ci.xs("log_variance", level="test")["ci_high"], res.variances_["ci_high"])
    assert (res.conf_int(alpha=0.5).xs("mean", level="test")["ci_high"] < res.means_["ci_high"]).all()
    frame = res.summary_frame()
    assert list(frame.columns) == ["construct", "test", "estimate", "p", "ci_low", "ci_high"]
    assert len(frame) == 3 * len(comp)


def test_micom_detects_a_different_composite():
    """Group 2's answers to one item are replaced by noise: its composite's weights change and
    compositional invariance fails for that construct only."""
    data = SAT.copy()
    male = data["gender"] == "male"
    data.loc[male, "loy1"] = np.random.default_rng(0).integers(0, 11, male.sum())
    res = micom(SAT_MODEL, data, group="gender", permutations=500, seed=1)
    assert not res.compositional_.loc["LOY", "invariant"]
    assert res.compositional_.drop("LOY")["invariant"].sum() >= 4


@pytest.mark.parametrize("fn", [pls_mga, micom])
def test_bad_groupings_are_named(fn):
    with pytest.raises(PLSGroupError, match=r"grouping column 'one' has only the level \['x'\]"):
        fn(SAT_MODEL, SAT.assign(one="x"), group="one")
    small = SAT.assign(g=np.where(np.arange(len(SAT)) < 20, "few", "many"))
    with pytest.raises(PLSGroupError, match="group g = 'few' has 20 respondents but the model 27 indicators"):
        fn(SAT_MODEL, small, group="g")
    with pytest.raises(PLSGroupError, match="'sex' is not a column"):
        fn(SAT_MODEL, SAT, group="sex")
    three = SAT.assign(g=np.arange(len(SAT)) % 3)
    with pytest.raises(PLSGroupError, match=r"3 levels .*levels=\(a, b\)"):
        fn(SAT_MODEL, three, group="g")
    assert issubclass(PLSGroupError, ValueError)


# ------------------------------------------------------------------ IPMA, CVPAT, copula


def test_ipma_matches_seminrextras_and_follows_ringle_sarstedt():
    fit = fit_pls(MOBI_MODEL, MOBI, scale=(1, 10))
    ours = ipma(fit, "Loyalty", weighting="standardized").table_
    importance, performance = ref("ipma_importance").droplevel(1), ref("ipma_performance").droplevel(1)
    np.testing.assert_allclose(ours["importance"], importance[ours.index], atol=1e-9)
    np.testing.assert_allclose(ours["performance"], performance[ours.index], atol=1e-9)
    assert set(ours.index) == set(importance.index)
    rs = ipma(fit, "Loyalty").table_  # unstandardised weights: the 0-100 score is linear in the PLS score,
    items = fit.items_         # so the importance of a direct-only driver is the OLS slope
    sat = fit.blocks["Complaints"]
    assert rs.loc["Complaints", "performance"] == pytest.approx(((items[sat[0]] - 1) / 9 * 100).mean())
    w = fit.weights_ / fit.item_scale_
    score = {c: ((items[b] - 1) / 9 * 100) @ (w[b] / w[b].sum()) for c, b in fit.blocks.items()}
    x = np.column_stack([np.ones(len(items)), score["Image"], score["Satisfaction"], score["Complaints"]])
    slope = np.linalg.lstsq(x, score["Loyalty"], rcond=None)[0]
    assert rs.loc["Complaints", "importance"] == pytest.approx(slope[3], rel=1e-9)
    with pytest.raises(PLSModelError, match="outside scale"):
        ipma(fit, "Loyalty", scale=(1, 7))


def test_cvpat_matches_seminrextras():
    result = cvpat(MOBI_MODEL, MOBI, seed=5)
    ours = result.tests_
    for bench in ("lm", "ia"):
        r = REF[REF["analysis"] == f"cvpat_{bench}"].pivot(index="a", columns="b", values="value").astype(float)
        mine = ours.loc[bench.upper()].loc[r.index]
        np.testing.assert_allclose(mine["loss_pls"], r["PLS Loss"], rtol=1e-9)
        np.testing.assert_allclose(mine["loss_benchmark"], r[f"{bench.upper()} Loss"], rtol=1e-9)
        # the bootstrap SE from 2,000 resamples has a relative MC SD of 1/sqrt(2 x 1999) = 1.6%,
        # so two independent runs' t differ by 2.2% SD; 4 SDs: 9%
        np.testing.assert_allclose(mine["t"], r["Boot T value"], rtol=0.09)
    assert ours.loc[("IA", "Overall"), "p"] < 0.001 and ours.loc[("LM", "Overall"), "p"] > 0.05
    np.testing.assert_allclose(result.conf_int()["ci_low"], ours["ci_low"])
    assert (result.conf_int(alpha=0.2)["ci_low"] > ours["ci_low"]).all()


def _simulated(endogenous: bool, n=1000, seed=0):
    rng = np.random.default_rng(seed)
    err = rng.normal(size=n)
    x = rng.chisquare(2, n) + (0.8 * err if endogenous else 0)  # non-normal regressor
    y = 0.5 * x + err
    return pd.DataFrame({"x1": x + rng.normal(0, 0.01, n), "x2": x + rng.normal(0, 0.01, n),
                         "y1": y + rng.normal(0, 0.01, n), "y2": y + rng.normal(0, 0.01, n)})


def test_copula_test_finds_simulated_endogeneity_only_when_present():
    blocks = {"X": ["x1", "x2"], "Y": ["y1", "y2"]}
    result = copula_test(fit_pls(model_text([("X", "Y")], blocks), _simulated(True)), resamples=300, seed=1)
    bad = result.tests_
    good = copula_test(fit_pls(model_text([("X", "Y")], blocks), _simulated(False)), resamples=300, seed=1).tests_
    assert bad.loc[0, "p"] < 0.001 and good.loc[0, "p"] > 0.05
    assert bad.loc[0, "normality_p"] < 0.001
    assert list(bad.columns) == ["to", "from", "model", "estimate", "se", "z", "p", "ci_low", "ci_high",
                                 "normality_p"]
    np.testing.assert_allclose(result.conf_int()["ci_high"], bad["ci_high"])
    assert list(result.summary_frame().columns)[-6:] == ["estimate", "se", "z", "p", "ci_low", "ci_high"]
    assert result.summary()["endogeneity"].iloc[0]


def test_predictive_power_table_follows_shmueli_rule():
    from recovery.survey.pls.predict import _power as predictive_power
    pred = pd.DataFrame({"construct": ["A", "A", "B", "B", "C", "C", "C"],
                         "q2_predict": [0.3, 0.2, 0.4, -0.01, 0.2, 0.3, 0.1],
                         "pls_beats_lm": [True, True, True, True, True, False, False]},
                        index=[f"i{k}" for k in range(7)])
    table = predictive_power(pred)
    assert table["power"].to_dict() == {"A": "high", "B": "none", "C": "low"}
    assert table.loc["C", "items_beating_lm"] == 1 and table.loc["B", "min_q2_predict"] == -0.01


# ------------------------------------------------------------------ higher-order constructs

HOC_BLOCKS = {**{k: v for k, v in MOBI_BLOCKS.items() if k != "Complaints"}, "Perceived": ["Quality", "Value"]}
HOC_PATHS = [("Image", "Expectation"), ("Expectation", "Perceived"), ("Perceived", "Satisfaction"),
             ("Image", "Satisfaction"), ("Satisfaction", "Loyalty")]
HOC_MODEL = model_text(HOC_PATHS, HOC_BLOCKS)


def test_two_stage_higher_order_construct_matches_seminr():
    fit = fit_pls(HOC_MODEL, MOBI)
    expected = ref("hoc_paths")
    np.testing.assert_allclose(path_series(fit).loc[expected.index], expected, atol=1e-6, rtol=0)
    weights = ref("hoc_weights")
    np.testing.assert_allclose(fit.weights_[["Quality", "Value"]], weights.to_numpy(), atol=1e-6, rtol=0)
    stage1 = path_series(fit.first_stage_)
    assert {("Expectation", "Quality"), ("Expectation", "Value"), ("Value", "Satisfaction")} <= set(stage1.index)
    with pytest.raises(PLSModelError, match="bootstrap with a two-stage"):
        fit_pls(HOC_MODEL, MOBI, bootstrap=100)
    with pytest.raises(PLSModelError, match="IPMA of a two-stage"):
        ipma(fit, "Loyalty")


def test_repeated_indicators_higher_order_construct():
    two = fit_pls(HOC_MODEL, MOBI)
    rep = fit_pls(HOC_MODEL, MOBI, hoc="repeated", bootstrap=50, seed=1, bca=False)
    copies = [f"{i}@Perceived" for d in ("Quality", "Value") for i in MOBI_BLOCKS[d]]
    assert list(rep.blocks["Perceived"]) == copies
    paths = path_series(rep)
    assert paths[("Quality", "Perceived")] > paths[("Value", "Perceived")] > 0
    assert rep.r_squared_["Perceived"] > 0.99  # the dimensions make up the HOC
    assert np.corrcoef(two.scores_["Perceived"], rep.scores_["Perceived"])[0, 1] > 0.95
    with pytest.raises(PLSModelError, match="hoc = 'three'"):
        fit_pls(HOC_MODEL, MOBI, hoc="three")


def test_mga_survey_weights_equal_replicated_rows():
    w = np.random.default_rng(5).integers(1, 4, len(SAT))
    kw = {"method": "welch", "bootstrap": 100, "seed": 1}
    weighted = pls_mga(SAT_MODEL, SAT, group="gender", weights=w, **kw)
    repeated = pls_mga(SAT_MODEL, SAT.iloc[np.repeat(np.arange(len(SAT)), w)], group="gender", **kw)
    np.testing.assert_allclose(weighted.paths_[["group_1", "group_2"]], repeated.paths_[["group_1", "group_2"]],
                               atol=1e-10)


def test_direct_antecedent_predictions_match_seminr_predict_pls():
    """The leave-one-out item predictions behind CVPAT, item by item, against seminr's
    predict_pls (LOOCV, predict_DA): RMSE of the PLS and LM out-of-sample errors."""
    from recovery.survey.pls import assess as pls_assess
    from recovery.survey.pls.fit import _build_spec, _prepare_items
    spec = _build_spec(MOBI, MOBI_PATHS, MOBI_BLOCKS, None, "path", True)
    x = _prepare_items(MOBI, spec)[0]
    _, endo_items, _, err_pls, err_lm, _ = pls_assess._cv_errors(x, spec, np.arange(len(x)), 1e-7, 300)
    names = [spec.items[i] for i in endo_items]
    for err, key in ((err_pls, "predict_rmse_pls"), (err_lm, "predict_rmse_lm")):
        expected = ref(key).droplevel(1)
        ours = pd.Series(np.sqrt((err ** 2).mean(axis=0)), index=names)
        np.testing.assert_allclose(ours[expected.index], expected, rtol=1e-9, err_msg=key)
