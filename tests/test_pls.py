"""PLS-SEM against R plspm's published output (tests/data/plspm/README.md has the R call)."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import recovery
from recovery.survey import PLSModelError, fit_pls

REF = Path(__file__).parent / "data" / "plspm"
DATA = recovery.load_dataset("ecsi_satisfaction")
BLOCKS = {k: [c for c in DATA if c.startswith(k.lower())] for k in ("IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY")}
PATHS = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"), ("EXPE", "SAT"),
         ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]
TOL = 1e-6


@pytest.mark.parametrize("scheme", ["centroid", "path", "factorial"])
def test_outer_model_matches_r_plspm(scheme):
    ref = pd.read_csv(REF / f"outer_{scheme}.csv").set_index("name")
    fit = fit_pls(DATA, PATHS, BLOCKS, scheme=scheme, scaled=False).loadings.set_index("item")
    for column in ("weight", "loading", "communality", "redundancy"):
        np.testing.assert_allclose(fit.loc[ref.index, column], ref[column], atol=TOL, err_msg=column)


def test_inner_summary_and_effects_match_r_plspm():
    fit = fit_pls(DATA, PATHS, BLOCKS, scheme="centroid", scaled=False)
    ref = pd.read_csv(REF / "inner_summary_centroid.csv").set_index("construct")
    ours = fit.inner_summary.loc[ref.index]
    assert list(ours["type"]) == list(ref["type"])
    for column in ("r_squared", "block_communality", "mean_redundancy", "ave"):
        np.testing.assert_allclose(ours[column], ref[column], atol=TOL, err_msg=column)
    effects = pd.read_csv(REF / "effects_centroid.csv").set_index(["from", "to"])
    mine = fit.effects.set_index(["from", "to"]).loc[effects.index]
    np.testing.assert_allclose(mine.to_numpy(), effects.to_numpy(), atol=TOL)
    direct = fit.paths.set_index(["from", "to"])["estimate"]
    np.testing.assert_allclose(direct.loc[effects.index[effects["direct"] != 0]],
                               effects.loc[effects["direct"] != 0, "direct"], atol=TOL)


def test_mode_b_matches_r_plspm():
    fit = fit_pls(DATA, PATHS, BLOCKS, modes=dict.fromkeys(BLOCKS, "B"), scheme="centroid", scaled=False)
    ref = pd.read_csv(REF / "modeb_inner_summary.csv").set_index("construct")
    for column in ("r_squared", "block_communality", "mean_redundancy"):
        np.testing.assert_allclose(fit.inner_summary.loc[ref.index, column], ref[column], atol=TOL, err_msg=column)


def test_mode_b_weights_are_the_regression_of_the_inner_proxy():
    fit = fit_pls(DATA, PATHS, BLOCKS, modes={"SAT": "B"}, scaled=False)
    x = DATA[BLOCKS["SAT"]] - DATA[BLOCKS["SAT"]].mean()
    scores = x.to_numpy() @ fit.weights[BLOCKS["SAT"]].to_numpy()
    np.testing.assert_allclose(scores, fit.scores_["SAT"], atol=1e-10)
    assert scores.std() == pytest.approx(1.0)  # unit population variance


def test_scaled_changes_weights_not_correlations():
    a = fit_pls(DATA, PATHS, BLOCKS, scaled=False)
    b = fit_pls(DATA, PATHS, BLOCKS, scaled=True)
    assert not np.allclose(a.weights, b.weights)
    # standardising reweights items within blocks; on ECSI paths move by a few hundredths
    assert np.abs(a.paths["estimate"] - b.paths["estimate"]).max() < 0.05


def test_bootstrap_intervals_cover_the_estimate_and_are_seeded():
    a = fit_pls(DATA, PATHS, BLOCKS, bootstrap=200, seed=3)
    b = fit_pls(DATA, PATHS, BLOCKS, bootstrap=200, seed=3)
    pd.testing.assert_frame_equal(a.paths, b.paths)
    p = a.paths
    assert ((p["ci_low"] <= p["estimate"]) & (p["estimate"] <= p["ci_high"])).all()
    assert ((p["bca_low"] < p["bca_high"]) & (p["std_error"] > 0)).all()
    strong = p.set_index(["from", "to"]).loc[("EXPE", "QUAL")]
    assert strong["ci_low"] > 0.7  # a clearly non-zero path
    assert a.conf_int("bca").shape == (len(PATHS), 2)


@pytest.mark.parametrize("kwargs, message", [
    ({"paths": [("IMAG", "NOPE")]}, "'NOPE' is not a construct"),
    ({"paths": [("SAT", "LOY"), ("LOY", "SAT")]}, "cycle"),
    ({"blocks": {**BLOCKS, "SAT": []}}, "'SAT' has no items"),
    ({"blocks": {**BLOCKS, "SAT": ["sat1", "satX"]}}, "satX"),
    ({"scheme": "magic"}, "scheme"),
    ({"modes": {"SAT": "C"}}, "modes"),
])
def test_bad_models_are_named(kwargs, message):
    args = {"data": DATA, "paths": PATHS, "blocks": BLOCKS, **kwargs}
    with pytest.raises(PLSModelError, match=message):
        fit_pls(**args)


def test_missing_values_name_item_and_row():
    data = DATA.copy()
    data.loc[data.index[4], "sat2"] = np.nan
    with pytest.raises(PLSModelError, match="'sat2' is missing in row"):
        fit_pls(data, PATHS, BLOCKS)


def test_structural_checks_vif_f2_and_pls_predict():
    from recovery.survey import pls_predict
    fit = fit_pls(DATA, PATHS, BLOCKS)
    vif = fit.vif().set_index(["from", "to"])["vif"]
    assert vif[("IMAG", "EXPE")] == pytest.approx(1.0)  # a single predictor
    assert (vif >= 1).all() and vif.max() < 5
    f2 = fit.f_squared().set_index(["from", "to"])["f_squared"]
    r2 = fit.r_squared["QUAL"]
    assert f2[("EXPE", "QUAL")] == pytest.approx(r2 / (1 - r2))  # one predictor: f2 = R2 / (1 - R2)
    assert f2[("VAL", "SAT")] > 0.15 > f2[("EXPE", "SAT")]
    pred = pls_predict(DATA, PATHS, BLOCKS, folds=5, seed=1)
    assert set(pred.index) == {i for c in ("EXPE", "QUAL", "VAL", "SAT", "LOY") for i in BLOCKS[c]}
    assert (pred["q2_predict"] > 0).all()  # better than the training mean out of sample
    assert (pred["rmse_pls"] < 1.2 * pred["rmse_lm"]).all()
