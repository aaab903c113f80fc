"""PLS-SEM against R plspm's published output on ECSI satisfaction (and R seminr's on ECSI mobi).

The references are in tests/data/plspm_*.csv; tests/data/plspm_README.md names their source
(GoogleCloudPlatform/plspm-python tests/data, with commits) and the R calls.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import recovery
from recovery.survey import PLSModelError, fit_pls, pls_predict
from recovery.survey.pls import _boot as _pls_boot

from _pls_text import model_text

REF = Path(__file__).parent / "data"
DATA = recovery.load_dataset("ecsi_satisfaction")
BLOCKS = {k: [c for c in DATA if c.startswith(k.lower())] for k in ("IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY")}
PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"), ("EXPE", "SAT"),
         ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]
MODEL = model_text(PATHS, BLOCKS)
TOL = 1e-6
#: R plspm's stopping rule and defaults (fit_pls's defaults follow seminr and SmartPLS)
PLSPM = {"criterion": "squared", "tol": 1e-6, "max_iter": 100}


def ref(name, **kw):
    return pd.read_csv(REF / f"plspm_{name}.csv", comment="#", **kw)


@pytest.fixture(scope="module")
def centroid():
    """R plspm's call: centroid scheme, mode A, scaled = FALSE."""
    return fit_pls(MODEL, DATA, scheme="centroid", scaled=False, **PLSPM)


@pytest.mark.parametrize("scheme", ["centroid", "path", "factorial"])
def test_outer_model_matches_r_plspm(scheme):
    expected = ref(f"satisfaction_outer_{scheme}").set_index("name")
    fit = fit_pls(MODEL, DATA, scheme=scheme, scaled=False, **PLSPM).loadings_.set_index("item")
    assert list(fit.loc[expected.index, "construct"]) == list(expected["block"])
    for column in ("weight", "loading", "communality", "redundancy"):
        np.testing.assert_allclose(fit.loc[expected.index, column], expected[column], atol=TOL, rtol=0,
                                   err_msg=column)


def test_paths_and_their_ols_tests_match_r_plspm(centroid):
    expected = ref("satisfaction_inner_model", index_col=0)
    ours = centroid.inner_model_[centroid.inner_model_["to"] == "SAT"].set_index("from").loc[expected.index]
    np.testing.assert_allclose(ours[["estimate", "se", "t"]], expected.iloc[:, :3], atol=TOL, rtol=0)
    np.testing.assert_allclose(ours["p"], expected.iloc[:, 3], rtol=1e-6)
    paths = centroid.paths_.set_index(["from", "to"])["estimate"]
    np.testing.assert_allclose(paths.xs("SAT", level="to").loc[expected.index], expected["Estimate"], atol=TOL)


def test_effects_match_r_plspm(centroid):
    expected = ref("satisfaction_effects", index_col=0).set_index(["from", "to"])
    ours = centroid.effects_.set_index(["from", "to"])
    assert set(ours.index) == set(expected.index)
    np.testing.assert_allclose(ours.loc[expected.index, ["direct", "indirect", "total"]], expected, atol=TOL, rtol=0)
    direct = centroid.paths_.set_index(["from", "to"])["estimate"]
    nonzero = expected.index[expected["direct"] != 0]
    assert set(nonzero) == set(direct.index)
    np.testing.assert_allclose(direct.loc[nonzero], expected.loc[nonzero, "direct"], atol=TOL, rtol=0)


def test_inner_summary_r_squared_and_gof_match_r_plspm(centroid):
    expected = ref("satisfaction_inner_summary", index_col=0)
    ours = centroid.inner_summary_.loc[expected.index]
    assert list(ours["type"]) == list(expected["type"])
    for column in ("r_squared", "block_communality", "mean_redundancy", "ave"):
        np.testing.assert_allclose(ours[column], expected[column], atol=TOL, rtol=0, err_msg=column)
    endo = expected[expected["type"] == "Endogenous"]
    np.testing.assert_allclose(centroid.r_squared_.loc[endo.index], endo["r_squared"], atol=TOL, rtol=0)
    assert set(centroid.r_squared_.index) == set(endo.index)
    gof = ref("satisfaction_gof").set_index("statistic")["value"]
    assert centroid.gof() == pytest.approx(gof["gof"], abs=TOL)


def test_scores_crossloadings_and_unidimensionality_match_r_plspm(centroid):
    scores = ref("satisfaction_scores")
    np.testing.assert_allclose(centroid.scores_[scores.columns], scores, atol=TOL, rtol=0)
    cross = ref("satisfaction_crossloadings").set_index("name")
    np.testing.assert_allclose(centroid.crossloadings_.loc[cross.index, list(BLOCKS)], cross[list(BLOCKS)],
                               atol=TOL, rtol=0)
    unidim = ref("satisfaction_unidim", index_col=0)
    ours = centroid.unidimensionality().loc[unidim.index]
    assert list(ours["mvs"]) == list(unidim["mvs"])
    for column in ("cronbach_alpha", "dillon_goldstein_rho", "eig_1st", "eig_2nd"):
        np.testing.assert_allclose(ours[column], unidim[column], atol=TOL, rtol=0, err_msg=column)


def test_mode_b_matches_r_plspm():
    fit = fit_pls(model_text(PATHS, BLOCKS, dict.fromkeys(BLOCKS, "B")), DATA, scheme="centroid", scaled=False, **PLSPM)
    expected = ref("satisfaction_modeb_inner_summary", index_col=0)
    ours = fit.inner_summary_.loc[expected.index]
    for ours_col, col in (("r_squared", "r_squared"), ("block_communality", "block_communality"),
                          ("mean_redundancy", "mean_Redundancy")):
        np.testing.assert_allclose(ours[ours_col], expected[col], atol=TOL, rtol=0, err_msg=col)
    assert ours["ave"].isna().all()  # AVE is a reflective (mode A) measure; plspm-python publishes NA


def test_scaled_mode_b_path_scheme_matches_r_seminr():
    mobi = recovery.load_dataset("ecsi_mobi")
    blocks = {"Expectation": ["CUEX1", "CUEX2", "CUEX3"], "Quality": [f"PERQ{i}" for i in range(1, 8)],
              "Loyalty": ["CUSL1", "CUSL2", "CUSL3"], "Image": [f"IMAG{i}" for i in range(1, 6)],
              "Complaints": ["CUSCO"]}
    paths = [("Expectation", "Loyalty"), ("Quality", "Loyalty"), ("Image", "Expectation"), ("Complaints", "Loyalty")]
    # the defaults are seminr's stopping rule (sum of absolute weight changes < 1e-7), so the
    # iterations stop where seminr's do and agree to rounding; plspm's rule stops 3e-5 away
    fit = fit_pls(model_text(paths, blocks, {"Quality": "B"}), mobi)
    outer = ref("seminr_mobi_outer", index_col=0)
    np.testing.assert_allclose(fit.loadings_.set_index("item").loc[outer.index, ["weight", "loading"]], outer,
                               atol=1e-9, rtol=0)
    coef = ref("seminr_mobi_paths", index_col=0)
    for source, target, estimate in fit.paths_[["from", "to", "estimate"]].itertuples(index=False):
        assert estimate == pytest.approx(coef.loc[source, target], abs=1e-9)
    assert (coef.to_numpy() != 0).sum() == len(fit.paths_)
    plspm_rule = fit_pls(model_text(paths, blocks, {"Quality": "B"}), mobi, **PLSPM)
    assert np.abs(plspm_rule.paths_["estimate"] - fit.paths_["estimate"]).max() > 1e-5


def test_bootstrap_agrees_with_r_plspm_bootstrap():
    """R's bootstrap tables come from other random resamples (probably plspm's default 100), so
    only their original column is exact; standard errors and percentiles agree statistically."""
    fit = fit_pls(MODEL, DATA, scheme="centroid", scaled=False, bootstrap=2000, seed=11, bca=False, **PLSPM)
    for ours_name, name in (("paths", "paths"), ("loadings", "loadings"), ("weights", "weights"),
                            ("r_squared", "rsquared"), ("total_effects", "total_effects")):
        expected = ref(f"satisfaction_boot_{name}", index_col=0)
        ours = fit.boot_[ours_name]
        if isinstance(ours.index, pd.MultiIndex):
            ours.index = [f"{a} -> {b}" for a, b in ours.index]
        ours = ours.loc[expected.index]
        np.testing.assert_allclose(ours["estimate"], expected["original"], atol=TOL, rtol=0, err_msg=name)
        ratio = ours["se"] / expected["std.error"]
        assert ratio.between(0.7, 1.4).all(), (name, ratio.describe())
        assert (ours["ci_low"] - expected["perc.025"]).abs().max() < 0.06, name
        assert (ours["ci_high"] - expected["perc.975"]).abs().max() < 0.06, name


# ------------------------------------------------------------------ invariants of the algorithm


def _inner_proxy(fit, construct):
    """Z_j = sum over constructs adjacent to j of e_ij * Y_i, centroid scheme, from the rows."""
    y = fit.scores_
    z = np.zeros(len(y))
    for source, target in PATHS:
        if construct in (source, target):
            other = target if source == construct else source
            z += np.sign(np.corrcoef(y[construct], y[other])[0, 1]) * y[other].to_numpy()
    return z


@pytest.mark.parametrize("mode", ["A", "B"])
def test_weights_are_the_outer_estimate_of_the_inner_proxy(mode):
    """At convergence mode A weights are proportional to cov(items, Z), mode B weights to the OLS
    coefficients of Z on the block's items (computed here from the data rows)."""
    fit = fit_pls(model_text(PATHS, BLOCKS, dict.fromkeys(BLOCKS, mode)), DATA, scheme="centroid", scaled=False, tol=1e-14, max_iter=500)
    for construct, cols in BLOCKS.items():
        x = (DATA[cols] - DATA[cols].mean()).to_numpy(float)
        z = _inner_proxy(fit, construct)
        direct = x.T @ z if mode == "A" else np.linalg.lstsq(x, z, rcond=None)[0]
        direct = direct / (x @ direct).std()  # unit population variance, as the fit's scores
        np.testing.assert_allclose(fit.weights_[cols], direct, atol=1e-9, err_msg=construct)
        np.testing.assert_allclose(x @ fit.weights_[cols].to_numpy(), fit.scores_[construct], atol=1e-10)


def test_scaled_is_the_unscaled_fit_of_standardised_items():
    scaled = fit_pls(MODEL, DATA, scaled=True)
    items = [c for cols in BLOCKS.values() for c in cols]
    z = DATA.copy()
    z[items] = (DATA[items] - DATA[items].mean()) / DATA[items].std(ddof=0)
    manual = fit_pls(MODEL, z, scaled=False)
    pd.testing.assert_frame_equal(scaled.paths_, manual.paths_, atol=1e-12)
    pd.testing.assert_series_equal(scaled.weights_, manual.weights_, atol=1e-12)
    for cols in BLOCKS.values():  # scaled weights: w' R w = 1 within each block (rho_A's normalisation)
        w = scaled.weights_[cols].to_numpy()
        assert w @ DATA[cols].corr().to_numpy() @ w == pytest.approx(1.0)
    unscaled = fit_pls(MODEL, DATA, scaled=False)
    assert np.abs(scaled.weights_ - unscaled.weights_).max() > 0.1  # raw 1-10 items: very different weights
    assert np.abs(scaled.paths_["estimate"] - unscaled.paths_["estimate"]).max() < 0.05  # similar paths
    pd.testing.assert_frame_equal(scaled.transform(DATA), scaled.scores_)


def test_schemes_change_little_on_ecsi():
    fits = {s: fit_pls(MODEL, DATA, scheme=s) for s in ("path", "centroid", "factorial")}
    for s in ("centroid", "factorial"):
        assert np.abs(fits[s].paths_["estimate"] - fits["path"].paths_["estimate"]).max() < 0.01
        assert np.abs(fits[s].weights_ - fits["path"].weights_).max() < 0.01
        assert not np.allclose(fits[s].weights_, fits["path"].weights_, atol=1e-8)


def test_effects_add_up_and_follow_the_chains(centroid):
    e = centroid.effects_.set_index(["from", "to"])
    np.testing.assert_allclose(e["direct"] + e["indirect"], e["total"], atol=1e-12)
    b = centroid.paths_.set_index(["from", "to"])["estimate"]
    chain = b["EXPE", "QUAL"] * b["QUAL", "VAL"]
    assert e.loc[("EXPE", "VAL"), "indirect"] == pytest.approx(chain)
    assert ("LOY", "SAT") not in e.index  # no chain runs backwards


# ------------------------------------------------------------------ bootstrap


def test_batched_bootstrap_equals_refitting_each_resample():
    fit = fit_pls(MODEL, DATA, bootstrap=20, seed=5, bca=False)
    counts = _pls_boot._Draws(5, len(DATA)).counts(0, 20)
    for r in (0, 7, 19):
        rows = np.repeat(np.arange(len(DATA)), counts[r].astype(int))
        refit = fit_pls(MODEL, DATA.iloc[rows])
        np.testing.assert_allclose(fit.boot_draws_["paths"][r], refit.paths_["estimate"], atol=1e-10)
        np.testing.assert_allclose(fit.boot_draws_["loadings"][r], refit.loadings_["loading"], atol=1e-10)
        np.testing.assert_allclose(fit.boot_draws_["weights"][r], refit.weights_, atol=1e-10)


def test_bootstrap_is_seeded_and_independent_of_batch_size():
    a = fit_pls(MODEL, DATA, bootstrap=300, seed=3)
    b = fit_pls(MODEL, DATA, bootstrap=300, seed=3, batch_size=7)
    c = fit_pls(MODEL, DATA, bootstrap=300, seed=4)
    pd.testing.assert_frame_equal(a.paths_, b.paths_, atol=1e-12)
    assert not np.allclose(a.paths_["ci_low"], c.paths_["ci_low"])
    p = a.paths_
    assert ((p["ci_low"] <= p["estimate"]) & (p["estimate"] <= p["ci_high"])).all()
    assert ((p["bca_low"] < p["bca_high"]) & (p["se"] > 0)).all()
    assert p.set_index(["from", "to"]).loc[("EXPE", "QUAL"), "ci_low"] > 0.7
    assert a.conf_int(kind="bca").shape == (len(PATHS), 2)
    assert set(a.boot_) == {"paths", "weights", "loadings", "r_squared", "total_effects", "indirect_effects"}
    ind = a.boot_["indirect_effects"].loc[("EXPE", "SAT")]
    assert ind["ci_low"] > 0  # expectations work on satisfaction through quality and value
    assert a.boot_info_["non_converged_replaced"] == 0


def test_bca_interval_matches_scipy_for_a_skewed_mean():
    """The BCa formula (bias from the draws, acceleration from the jackknife) against scipy's."""
    x = np.random.default_rng(0).exponential(size=40)
    rng = np.random.default_rng(1)
    draws = x[rng.integers(0, 40, (40_000, 40))].mean(axis=1)[:, None]
    jack = np.array([np.delete(x, i).mean() for i in range(40)])[:, None]
    ours = _pls_boot.interval_table(np.array([x.mean()]), draws, jack, 0.05)
    theirs = stats.bootstrap((x,), np.mean, method="BCa", n_resamples=40_000, random_state=2).confidence_interval
    width = theirs.high - theirs.low
    assert ours["bca_low"][0] == pytest.approx(theirs.low, abs=0.02 * width)
    assert ours["bca_high"][0] == pytest.approx(theirs.high, abs=0.02 * width)
    assert ours["bca_high"][0] > ours["ci_high"][0]  # right skew shifts BCa up against the percentile


def test_construct_level_sign_change_reverses_a_construct_and_its_paths():
    fit = fit_pls(MODEL, DATA, bootstrap=30, seed=2, sign_change="construct")
    plain = fit_pls(MODEL, DATA, bootstrap=30, seed=2)
    assert fit.boot_info_["constructs_reversed"] == 0  # ECSI's orientation is stable
    pd.testing.assert_frame_equal(fit.paths_, plain.paths_)
    from recovery.survey.pls._engine import estimate, moments
    spec = recovery.survey.pls.fit._build_spec(DATA, PATHS, BLOCKS, None, "path", True)
    x = DATA[list(spec.items)].to_numpy(float)
    one = estimate(moments(x - x.mean(axis=0), None, True), spec)
    beta = one.beta.copy()
    reference = one.cross[0] * spec.odm
    reference[:, 4] *= -1  # pretend the original SAT pointed the other way
    assert _pls_boot._sign_correct(one, reference, spec) == 1
    sat = 4
    flipped = np.zeros_like(spec.path, bool)
    flipped[sat, :] = flipped[:, sat] = True
    np.testing.assert_allclose(one.beta[0][flipped], -beta[0][flipped])
    np.testing.assert_allclose(one.beta[0][~flipped], beta[0][~flipped])


# ------------------------------------------------------------------ structural checks


def test_vif_f_squared_and_summary(centroid):
    vif = centroid.vif().set_index(["from", "to"])["vif"]
    assert vif[("IMAG", "EXPE")] == pytest.approx(1.0)  # a single predictor
    y = centroid.scores_
    others = y[["IMAG", "EXPE", "VAL"]].to_numpy()
    design = np.column_stack([np.ones(len(y)), others])
    resid = y["QUAL"] - design @ np.linalg.lstsq(design, y["QUAL"], rcond=None)[0]
    assert vif[("QUAL", "SAT")] == pytest.approx(1 / (resid.var() / y["QUAL"].var()))
    f2 = centroid.f_squared().set_index(["from", "to"])["f_squared"]
    r2 = centroid.r_squared_["QUAL"]
    assert f2[("EXPE", "QUAL")] == pytest.approx(r2 / (1 - r2))
    assert f2[("VAL", "SAT")] > 0.15 > f2[("EXPE", "SAT")]
    summary = centroid.summary()
    assert list(summary.columns) == ["from", "to", "estimate", "se", "t", "p", "ci_low", "ci_high", "vif",
                                     "f_squared", "r_squared_to"]


def test_summary_frame_and_conf_int_follow_the_convention(centroid):
    """Without a bootstrap: plspm's OLS table with its t interval; with one: the bootstrap's,
    and conf_int at another alpha recomputed from the stored draws."""
    frame = centroid.summary_frame()
    assert list(frame.columns) == ["from", "to", "estimate", "se", "t", "p", "ci_low", "ci_high"]
    row = centroid.inner_model_.iloc[0]
    half = stats.t.ppf(0.975, row["df"]) * row["se"]
    assert frame.loc[0, "ci_low"] == pytest.approx(row["estimate"] - half)
    assert (centroid.conf_int(alpha=0.10)["ci_high"] < frame.set_index(["from", "to"])["ci_high"]).all()
    with pytest.raises(PLSModelError, match="needs a bootstrap"):
        centroid.conf_int(kind="bca")
    boot = fit_pls(MODEL, DATA, bootstrap=400, seed=3)
    frame = boot.summary_frame()
    np.testing.assert_allclose(frame["t"], frame["estimate"] / frame["se"])
    np.testing.assert_allclose(boot.conf_int()["ci_low"], frame["ci_low"])
    np.testing.assert_allclose(boot.conf_int(kind="bca").to_numpy(), boot.paths_[["bca_low", "bca_high"]])
    draws = boot.boot_draws_["paths"]
    np.testing.assert_allclose(boot.conf_int(alpha=0.2)["ci_high"], np.quantile(draws, 0.9, axis=0))
    assert boot.conf_int(alpha=0.2, what="loadings").shape == (len(boot.weights_), 2)
    with pytest.raises(PLSModelError, match="alpha = 1.5"):
        boot.conf_int(alpha=1.5)


def test_pls_predict_beats_the_mean_and_is_seeded():
    result = pls_predict(MODEL, DATA, folds=5, seed=1)
    pred = result.items_
    pd.testing.assert_frame_equal(pred, pls_predict(MODEL, DATA, folds=5, seed=1).items_)
    assert set(pred.index) == {i for c in ("EXPE", "QUAL", "VAL", "SAT", "LOY") for i in BLOCKS[c]}
    assert (pred["q2_predict"] > 0).all()  # better than the training mean out of sample
    assert (pred["rmse_pls"] < 1.2 * pred["rmse_lm"]).all()
    two = pls_predict(MODEL, DATA, folds=5, repeats=2, seed=1).items_
    assert not np.allclose(two["rmse_pls"], pred["rmse_pls"])
    assert list(result.summary_frame().columns[:2]) == ["item", "construct"]


def test_pls_predict_lm_benchmark_is_k_fold_ols():
    blocks = {"IMAG": BLOCKS["IMAG"], "LOY": BLOCKS["LOY"]}
    pred = pls_predict(model_text([("IMAG", "LOY")], blocks), DATA, folds=4, seed=9).items_
    fold = np.random.default_rng(np.random.SeedSequence(9).spawn(1)[0]).permutation(len(DATA)) % 4
    x = np.column_stack([np.ones(len(DATA)), DATA[BLOCKS["IMAG"]].to_numpy(float)])
    y = DATA["loy1"].to_numpy(float)
    err = np.empty(len(DATA))
    for f in range(4):
        coef = np.linalg.lstsq(x[fold != f], y[fold != f], rcond=None)[0]
        err[fold == f] = y[fold == f] - x[fold == f] @ coef
    assert pred.loc["loy1", "rmse_lm"] == pytest.approx(np.sqrt((err ** 2).mean()))


# ------------------------------------------------------------------ bad input


LINES = MODEL.splitlines()


@pytest.mark.parametrize("model, message", [
    (MODEL + "\nNOPE ~ IMAG", "'NOPE', which is no construct"),
    (MODEL + "\nIMAG ~ LOY", r"cycle IMAG -> .*LOY -> IMAG"),
    (MODEL + "\nSAT ~ SAT", "points to itself"),
    (MODEL + "\nSAT =~ sat1", "'SAT' is defined twice"),
    (MODEL.replace("sat3", "satX"), r"\['satX'\] are not columns"),
    (MODEL.replace("sat3", "loy1"), "'loy1' is in the blocks of 'SAT' and 'LOY'"),
    (MODEL + "\nEXTRA =~ gender", r"\['EXTRA'\] are in no path"),
    (MODEL + "\nSAT ~~ LOY", "cannot read the model line 'SAT ~~ LOY'"),
    (MODEL + "\nLOY ~ 0.5*SAT", "'0.5\\*SAT' .* is not a name"),
    (MODEL + "\nSAT + LOY =~ imag1", "several constructs"),
    ("\n".join(LINES[6:]), "no measurement lines"),
    ("\n".join(LINES[:6]), "no paths"),
    ("", "give the model as text"),
])
def test_bad_model_texts_are_named(model, message):
    with pytest.raises(PLSModelError, match=message):
        fit_pls(model, DATA)


def test_model_text_reads_modes_comments_and_semicolons():
    text = ("IMAG <~ imag1 + imag2 + imag3  # formative\n"
            "LOY =~ loy1 + loy2 + loy3; LOY ~ IMAG")
    fit = fit_pls(text, DATA)
    assert fit.modes == {"IMAG": "B", "LOY": "A"} and fit.model == text
    blocks = {"IMAG": ["imag1", "imag2", "imag3"], "LOY": ["loy1", "loy2", "loy3"]}
    same = fit_pls(model_text([("IMAG", "LOY")], blocks, {"IMAG": "B"}), DATA)
    pd.testing.assert_frame_equal(fit.paths_, same.paths_)
    assert fit.paths_["estimate"].iloc[0] != fit_pls(model_text([("IMAG", "LOY")], blocks), DATA).paths_[
        "estimate"].iloc[0]


@pytest.mark.parametrize("kwargs, message", [
    ({"scheme": "magic"}, "scheme"),
    ({"bootstrap": 5}, "bootstrap = 5"),
    ({"sign_change": "individual"}, "sign_change"),
    ({"alpha": 0}, "alpha = 0"),
    ({"max_iter": 2}, "did not converge"),
])
def test_bad_options_are_named(kwargs, message):
    with pytest.raises(PLSModelError, match=message):
        fit_pls(MODEL, DATA, **kwargs)


def test_bad_items_name_the_column_and_row():
    data = DATA.copy()
    data.loc[data.index[4], "sat2"] = np.nan
    with pytest.raises(PLSModelError, match=r"'sat2' is missing in row 5 \(1 missing"):
        fit_pls(MODEL, data)
    blocks = {**BLOCKS, "LOY": [*BLOCKS["LOY"], "gender"]}
    with pytest.raises(PLSModelError, match="'gender' is not numeric"):
        fit_pls(model_text(PATHS, blocks), DATA)
    data = DATA.assign(sat3=7)
    with pytest.raises(PLSModelError, match=r"\['sat3'\] are constant"):
        fit_pls(MODEL, data)


def test_the_shipped_ecsi_model_is_plspm_s():
    """recovery.datasets.dataset_model gives the model of R plspm's satisfaction example: the
    same blocks and paths as the reference fits above."""
    shipped = fit_pls(recovery.datasets.dataset_model("ecsi_satisfaction"), DATA)
    pd.testing.assert_frame_equal(shipped.paths_, fit_pls(MODEL, DATA).paths_)
    assert shipped.blocks == BLOCKS
