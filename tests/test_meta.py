"""Meta-analysis against metafor's BCG-vaccine example (tests/data/r/metafor_bcg.R):

    dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
    rma(yi, vi, data = dat, method = "REML")   # -0.7145, SE 0.1798, tau2 0.3132, I2 92.22%
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from recovery import meta

DATA = Path(__file__).parent / "data"
BCG = pd.read_csv(DATA / "bcg.csv")
RMA = pd.read_csv(DATA / "bcg_rma.csv").set_index("method")


def test_bcg_reml_documented_figures():
    res = meta.random_effects(BCG["yi"], BCG["vi"], method="REML")
    assert res.estimate_ == pytest.approx(-0.7145, abs=1e-4)
    assert res.se_ == pytest.approx(0.1798, abs=1e-4)
    assert res.tau2_ == pytest.approx(0.3132, abs=1e-4)
    assert res.i2_ == pytest.approx(92.22, abs=1e-2)


@pytest.mark.parametrize("method", ["REML", "DL", "PM"])
def test_every_estimator_matches_metafor(method):
    res, ref = meta.random_effects(BCG["yi"], BCG["vi"], method=method), RMA.loc[method]
    for ours, theirs in (("estimate", "estimate"), ("se", "se"), ("tau2", "tau2"), ("q", "q"),
                         ("ci_low", "ci_low"), ("ci_high", "ci_high")):
        assert getattr(res, f"{ours}_") == pytest.approx(ref[theirs], abs=1e-4), ours
    assert res.i2_ == pytest.approx(ref["i2"], abs=1e-3)
    assert res.h2_ == pytest.approx(ref["h2"], abs=1e-3)
    assert res.q_p_ == pytest.approx(ref["q_p"], rel=1e-6)
    np.testing.assert_allclose(res.tau2_ci_, [ref["tau2_ci_low"], ref["tau2_ci_high"]], atol=1e-4)
    # predict(fit): where the true effect of a new study would lie
    np.testing.assert_allclose([res.pi_low_, res.pi_high_], [ref["pi_low"], ref["pi_high"]], atol=1e-4)
    assert res.summary().loc[method, "estimate"] == res.estimate_
    frame = res.summary_frame()
    assert list(frame.columns) == ["estimate", "se", "z", "p", "ci_low", "ci_high"]
    ci = res.conf_int()
    assert ci.loc[method, "ci_low"] == pytest.approx(res.ci_low_) and ci.loc[method, "ci_high"] == res.ci_high_
    wide = res.conf_int(alpha=0.01)  # metafor: rma(..., level = 99)
    assert wide.loc[method, "ci_low"] == pytest.approx(res.estimate_ - stats.norm.isf(0.005) * res.se_)


def test_fixed_effect_matches_metafor():
    res = meta.fixed_effect(BCG["yi"], BCG["vi"])
    assert res.estimate_ == pytest.approx(RMA.loc["FE", "estimate"], abs=1e-6)
    assert res.se_ == pytest.approx(RMA.loc["FE", "se"], abs=1e-6)
    assert res.i2_ == pytest.approx(RMA.loc["FE", "i2"], abs=1e-6)


def test_meta_regression_on_latitude_matches_metafor():
    ref = pd.read_csv(DATA / "bcg_metareg.csv").set_index("term")
    res = meta.meta_regression(BCG["yi"], BCG["vi"], BCG[["ablat"]])
    np.testing.assert_allclose(res.coefficients_["estimate"], ref["estimate"], atol=1e-4)
    np.testing.assert_allclose(res.coefficients_["se"], ref["se"], atol=1e-4)
    assert res.tau2_ == pytest.approx(ref["tau2"].iloc[0], abs=1e-4)
    assert res.qm_ == pytest.approx(ref["qm"].iloc[0], abs=1e-2)
    assert res.qm_p_ == pytest.approx(ref["qm_p"].iloc[0], rel=1e-2)
    assert res.r2_ == pytest.approx(ref["r2"].iloc[0], abs=0.05)


def test_meta_regression_on_a_categorical_moderator_matches_metafor():
    # rma(yi, vi, mods = ~ alloc, data = dat, method = "REML"): treatment dummies against "alternate"
    ref = pd.read_csv(DATA / "bcg_metareg_alloc.csv")
    res = meta.meta_regression(BCG["yi"], BCG["vi"], BCG[["alloc"]])
    assert list(res.coefficients_.index) == ["intercept", "alloc[random]", "alloc[systematic]"]
    np.testing.assert_allclose(res.coefficients_["estimate"], ref["estimate"], atol=1e-4)
    np.testing.assert_allclose(res.coefficients_["se"], ref["se"], atol=1e-4)
    assert res.tau2_ == pytest.approx(ref["tau2"].iloc[0], abs=1e-4)
    assert res.qm_ == pytest.approx(ref["qm"].iloc[0], abs=1e-3)


def test_leave_one_out_and_egger_match_metafor():
    ref = pd.read_csv(DATA / "bcg_leave1out.csv")
    l1o = meta.leave_one_out(BCG["yi"], BCG["vi"])
    np.testing.assert_allclose(l1o[["estimate", "se", "tau2"]], ref[["estimate", "se", "tau2"]], atol=1e-4)
    np.testing.assert_allclose(l1o["i2"], ref["i2"], atol=1e-3)
    egger, ref = meta.egger_test(BCG["yi"], BCG["vi"]), pd.read_csv(DATA / "bcg_egger.csv").iloc[0]
    assert egger.t_ == pytest.approx(ref["z"], abs=1e-6)
    assert egger.p_ == pytest.approx(ref["p"], abs=1e-6)
    assert egger.coefficients_.loc["limit", "estimate"] == pytest.approx(ref["limit"], abs=1e-6)
    assert list(egger.summary_frame().columns) == ["term", "estimate", "se", "t", "p", "ci_low", "ci_high"]
    np.testing.assert_allclose(egger.conf_int()["ci_low"], egger.coefficients_["ci_low"])


def test_effect_size_conversions_match_escalc():
    counts = (BCG["tpos"], BCG["tpos"] + BCG["tneg"], BCG["cpos"], BCG["cpos"] + BCG["cneg"])
    rr, var = meta.log_ratio(*counts)
    np.testing.assert_allclose(rr, BCG["yi"], atol=1e-12)
    np.testing.assert_allclose(var, BCG["vi"], atol=1e-12)
    ref = pd.read_csv(DATA / "bcg_log_or.csv")  # escalc("OR", ai = tpos, bi = tneg, ci = cpos, di = cneg)
    lor, vor = meta.log_ratio(*counts, kind="or")
    np.testing.assert_allclose(lor, ref["yi"], atol=1e-12)
    np.testing.assert_allclose(vor, ref["vi"], atol=1e-12)
    # escalc("SMD", m1i, sd1i, n1i, m2i, sd2i, n2i, data = dat.normand1999)
    smd = pd.read_csv(DATA / "normand1999_smd.csv")
    g, vg = meta.hedges_g(smd["m1i"], smd["sd1i"], smd["n1i"], smd["m2i"], smd["sd2i"], smd["n2i"])
    np.testing.assert_allclose(g, smd["yi"], atol=1e-10)
    np.testing.assert_allclose(vg, smd["vi"], atol=1e-10)
    g_sm, _ = meta.hedges_g(smd["m1i"], smd["sd1i"], smd["n1i"], smd["m2i"], smd["sd2i"], smd["n2i"], correction="approx")
    np.testing.assert_allclose(g_sm, smd["yi"], atol=1e-4)  # statsmodels' approximate J
    # escalc("ZCOR", ri, ni, data = dat.molloy2014)
    zc = pd.read_csv(DATA / "molloy2014_zcor.csv")
    z, vz = meta.fisher_z(zc["ri"], zc["ni"])
    np.testing.assert_allclose(z, zc["yi"], atol=1e-12)
    np.testing.assert_allclose(vz, zc["vi"], atol=1e-12)


def test_zero_cells_get_metafors_half_correction():
    y, v = meta.log_ratio([0], [20], [5], [20], kind="or")
    assert y[0] == pytest.approx(np.log((0.5 / 20.5) / (5.5 / 15.5)))
    assert v[0] == pytest.approx(1 / 0.5 + 1 / 20.5 + 1 / 5.5 + 1 / 15.5)


def test_pooling_recovers_a_known_truth():
    # 40 simulated studies of a true mean effect 0.3 with tau2 = 0.04: the 95% interval covers the truth
    rng = np.random.default_rng(11)
    hits = 0
    for _ in range(200):
        vi = rng.uniform(0.005, 0.05, 40)
        yi = rng.normal(0.3, np.sqrt(0.04 + vi))
        res = meta.random_effects(yi, vi)
        hits += res.ci_low_ <= 0.3 <= res.ci_high_
    assert hits >= 180  # 95% coverage; 180 of 200 is below it with probability < 0.2%


@pytest.mark.parametrize("yi, vi, message", [
    ([0.1], [0.1], "at least two"),
    ([0.1, np.nan], [0.1, 0.1], "study 1"),
    ([0.1, 0.2], [0.1, -0.1], "sampling variance"),
])
def test_bad_input(yi, vi, message):
    with pytest.raises(ValueError, match=message):
        meta.random_effects(yi, vi)


def test_bad_moderators_and_methods_are_named():
    with pytest.raises(ValueError, match="moderators have 3 rows but there are 13 studies"):
        meta.meta_regression(BCG["yi"], BCG["vi"], pd.DataFrame({"x": [1, 2, 3]}))
    with pytest.raises(ValueError, match="moderator 'ablat' is missing for study 2"):
        meta.meta_regression(BCG["yi"], BCG["vi"], BCG[["ablat"]].assign(ablat=lambda d: d["ablat"].where(d.index != 2)))
    with pytest.raises(ValueError, match="method = 'ML'"):
        meta.random_effects(BCG["yi"], BCG["vi"], method="ML")
    with pytest.raises(ValueError, match="kind = 'rd'"):
        meta.log_ratio([1], [10], [2], [10], kind="rd")


EDGE = pd.read_csv(DATA / "metafor_edge_cases.csv")


@pytest.mark.parametrize("row", EDGE.to_dict("records"), ids=lambda r: f"{r['case']}-{r['method']}-{r['alpha']}")
def test_edge_cases_match_metafor(row):
    """Effects that vary less than their variances imply (tau2 truncated at 0), identical and
    near-identical effects, 95% and 90% levels (tests/data/r/metafor_edge_cases.R)."""
    yi = [float(v) for v in row["yi"].split(";")]
    vi = [float(v) for v in row["vi"].split(";")]
    if row["method"] == "FE":
        res = meta.fixed_effect(yi, vi, alpha=row["alpha"])
    else:
        res = meta.random_effects(yi, vi, method=row["method"], alpha=row["alpha"])
    for name in ("estimate", "se", "ci_low", "ci_high", "tau2", "i2", "h2", "q"):
        assert getattr(res, f"{name}_") == pytest.approx(row[name], abs=1e-6), name
    if row["method"] != "FE":
        np.testing.assert_allclose(res.tau2_ci_, [row["tau2_ci_low"], row["tau2_ci_high"]], atol=1e-6)
    assert np.isfinite([res.estimate_, res.se_, res.z_, res.p_, res.i2_]).all()


def test_alpha_outside_zero_one_is_refused():
    for alpha in (1.5, 0, 1, -0.1, float("nan"), True):
        with pytest.raises(meta.ParameterError, match="alpha"):
            meta.random_effects(BCG["yi"], BCG["vi"], alpha=alpha)
    with pytest.raises(meta.ParameterError, match="alpha"):
        meta.fixed_effect(BCG["yi"], BCG["vi"], alpha=2)


def test_alpha_sets_the_tau2_interval_level():
    wide, narrow = (meta.random_effects(BCG["yi"], BCG["vi"], alpha=a).tau2_ci_ for a in (0.05, 0.2))
    assert wide[0] < narrow[0] < narrow[1] < wide[1]


def test_infinite_inputs_and_too_few_studies_are_named():
    with pytest.raises(meta.ParameterError, match="vi: study 2 is inf"):
        meta.random_effects([0.1, 0.2, 0.3], [0.1, 0.1, np.inf])
    with pytest.raises(meta.ModelSpecError, match="at least three"):
        meta.leave_one_out([0.1, 0.2], [0.1, 0.1])
    with pytest.raises(meta.ModelSpecError, match="different precision"):
        meta.egger_test([0.1, 0.2, 0.5, 0.3], [0.1] * 4)
    with pytest.raises(meta.ParameterError, match="r: study 0 is nan"):
        meta.fisher_z([np.nan], [50])
