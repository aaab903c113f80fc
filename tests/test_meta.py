"""Meta-analysis against metafor's BCG-vaccine example (tests/data/r/metafor_bcg.R):

    dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
    rma(yi, vi, data = dat, method = "REML")   # -0.7145, SE 0.1798, tau2 0.3132, I2 92.22%
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recovery import meta

DATA = Path(__file__).parent / "data"
BCG = pd.read_csv(DATA / "bcg.csv")
RMA = pd.read_csv(DATA / "bcg_rma.csv").set_index("method")


def test_bcg_reml_documented_figures():
    res = meta.random_effects(BCG["yi"], BCG["vi"], method="REML")
    assert res.estimate == pytest.approx(-0.7145, abs=1e-4)
    assert res.se == pytest.approx(0.1798, abs=1e-4)
    assert res.tau2 == pytest.approx(0.3132, abs=1e-4)
    assert res.i2 == pytest.approx(92.22, abs=1e-2)


@pytest.mark.parametrize("method", ["REML", "DL", "PM"])
def test_every_estimator_matches_metafor(method):
    res, ref = meta.random_effects(BCG["yi"], BCG["vi"], method=method), RMA.loc[method]
    for ours, theirs in (("estimate", "estimate"), ("se", "se"), ("tau2", "tau2"), ("q", "q"),
                         ("ci_low", "ci_low"), ("ci_high", "ci_high")):
        assert getattr(res, ours) == pytest.approx(ref[theirs], abs=1e-4), ours
    assert res.i2 == pytest.approx(ref["i2"], abs=1e-3)
    np.testing.assert_allclose(res.tau2_ci, [ref["tau2_ci_low"], ref["tau2_ci_high"]], atol=1e-4)


def test_fixed_effect_matches_metafor():
    res = meta.fixed_effect(BCG["yi"], BCG["vi"])
    assert res.estimate == pytest.approx(RMA.loc["FE", "estimate"], abs=1e-6)
    assert res.se == pytest.approx(RMA.loc["FE", "se"], abs=1e-6)


def test_meta_regression_on_latitude_matches_metafor():
    ref = pd.read_csv(DATA / "bcg_metareg.csv").set_index("term")
    res = meta.meta_regression(BCG["yi"], BCG["vi"], BCG[["ablat"]])
    np.testing.assert_allclose(res.coefficients["estimate"], ref["estimate"], atol=1e-4)
    np.testing.assert_allclose(res.coefficients["se"], ref["se"], atol=1e-4)
    assert res.tau2 == pytest.approx(ref["tau2"].iloc[0], abs=1e-4)
    assert res.qm == pytest.approx(ref["qm"].iloc[0], abs=1e-2)


def test_leave_one_out_and_egger_match_metafor():
    ref = pd.read_csv(DATA / "bcg_leave1out.csv")
    l1o = meta.leave_one_out(BCG["yi"], BCG["vi"])
    np.testing.assert_allclose(l1o[["estimate", "se", "tau2"]], ref[["estimate", "se", "tau2"]], atol=1e-4)
    egger = meta.egger_test(BCG["yi"], BCG["vi"])
    assert egger["t"] == pytest.approx(pd.read_csv(DATA / "bcg_egger.csv")["z"].iloc[0], abs=1e-6)


def test_effect_size_conversions():
    rr, var = meta.log_ratio(BCG["tpos"], BCG["tpos"] + BCG["tneg"], BCG["cpos"], BCG["cpos"] + BCG["cneg"])
    np.testing.assert_allclose(rr, BCG["yi"], atol=1e-12)
    np.testing.assert_allclose(var, BCG["vi"], atol=1e-12)
    z, vz = meta.fisher_z([0.5], [103])
    assert z[0] == pytest.approx(np.arctanh(0.5)) and vz[0] == pytest.approx(0.01)
    g, vg = meta.hedges_g([5.5], [1.0], [50], [5.0], [1.0], [50])
    assert 0.49 < g[0] < 0.5  # d = 0.5 shrunk by J = 1 - 3/(4*98-1)


@pytest.mark.parametrize("yi, vi, message", [
    ([0.1], [0.1], "at least two"),
    ([0.1, np.nan], [0.1, 0.1], "study 1"),
    ([0.1, 0.2], [0.1, -0.1], "sampling variance"),
])
def test_bad_input(yi, vi, message):
    with pytest.raises(ValueError, match=message):
        meta.random_effects(yi, vi)
