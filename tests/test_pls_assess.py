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
    return fit.paths.set_index(["from", "to"])["estimate"]


# ------------------------------------------------------------------ fit_pls: answers and weights


def test_default_fit_matches_seminr():
    expected = ref("paths_default")
    ours = path_series(fit_pls(MOBI, MOBI_PATHS, MOBI_BLOCKS)).loc[expected.index]
    np.testing.assert_allclose(ours, expected, atol=1e-6, rtol=0)


def test_missing_value_code_with_mean_replacement_and_casewise_match_seminr():
    data = coded_mobi()
    mean = fit_pls(data, MOBI_PATHS, MOBI_BLOCKS, missing_value=-99, missing="mean", scale=(1, 10))
    expected = ref("paths_mean")
    np.testing.assert_allclose(path_series(mean).loc[expected.index], expected, atol=1e-6, rtol=0)
    weights = ref("weights_mean")
    np.testing.assert_allclose(mean.weights[weights.index.get_level_values(1)], weights, atol=1e-6, rtol=0)
    assert mean.missing_["cells"] == 11 and mean.missing_["rows_dropped"] == 0
    assert mean.missing_["by_item"].sum() == 11 and mean.n_ == len(MOBI)
    casewise = fit_pls(data, MOBI_PATHS, MOBI_BLOCKS, missing_value=-99, missing="casewise")
    expected = ref("paths_casewise")
    np.testing.assert_allclose(path_series(casewise).loc[expected.index], expected, atol=1e-6, rtol=0)
    assert casewise.n_ == len(MOBI) - casewise.missing_["rows_dropped"] == len(casewise.scores_)
    assert 0 < casewise.missing_["rows_dropped"] <= 11


def test_an_undeclared_code_is_refused_by_scale_and_by_default():
    data = coded_mobi()
    with pytest.raises(PLSModelError, match=r"has -99 in row .*outside scale = \(1, 10\).*missing_value="):
        fit_pls(data, MOBI_PATHS, MOBI_BLOCKS, scale=(1, 10))
    with pytest.raises(PLSModelError, match=r"is missing in row .*\(11 missing cells.*missing='mean'"):
        fit_pls(data, MOBI_PATHS, MOBI_BLOCKS, missing_value=-99)
    with pytest.raises(PLSModelError, match="missing = 'drop'"):
        fit_pls(data, MOBI_PATHS, MOBI_BLOCKS, missing="drop")
    with pytest.raises(PLSModelError, match=r"scale = \(7, 1\)"):
        fit_pls(MOBI, MOBI_PATHS, MOBI_BLOCKS, scale=(7, 1))
    fit_pls(MOBI, MOBI_PATHS, MOBI_BLOCKS, scale=(1, 10))  # the real scale passes


def test_survey_weights_equal_replicated_rows():
    """Integer survey weights give the fit of the data with each row repeated that often."""
    w = np.random.default_rng(3).integers(1, 4, len(SAT))
    weighted = fit_pls(SAT, SAT_PATHS, SAT_BLOCKS, weights=w)
    repeated = fit_pls(SAT.iloc[np.repeat(np.arange(len(SAT)), w)], SAT_PATHS, SAT_BLOCKS)
    pd.testing.assert_frame_equal(weighted.paths, repeated.paths, atol=1e-10)
    pd.testing.assert_series_equal(weighted.weights, repeated.weights, atol=1e-10)
    plain = fit_pls(SAT, SAT_PATHS, SAT_BLOCKS)
    assert np.abs(plain.paths["estimate"] - weighted.paths["estimate"]).max() > 1e-3
    same = fit_pls(SAT.assign(w=2.5), SAT_PATHS, SAT_BLOCKS, weights="w")
    pd.testing.assert_frame_equal(same.paths, plain.paths, atol=1e-12)
    with pytest.raises(PLSModelError, match="weights has -1.0 in row"):
        fit_pls(SAT, SAT_PATHS, SAT_BLOCKS, weights=np.r_[-1.0, np.ones(len(SAT) - 1)])
    with pytest.raises(PLSModelError, match="'wt' is not a column"):
        fit_pls(SAT, SAT_PATHS, SAT_BLOCKS, weights="wt")
