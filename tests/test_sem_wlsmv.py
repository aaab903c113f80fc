"""Ordered items with WLSMV, and MLR with FIML, against lavaan 0.6.

Reference: tests/data/r/lavaan_wlsmv.R (the exact R calls are at its top): HolzingerSwineford1939's
x1-x9 cut at their quartiles (4 categories) and the bundled ECSI image/satisfaction/loyalty items
merged into 6 categories, each in one group and configural by school / gender, with
``sem(..., ordered = <items>, estimator = "WLSMV")``; and ``sem(..., estimator = "MLR",
missing = "ml")`` on the FIML data of lavaan_groups.R, in one group, configural and scalar.

Tolerance: 1e-4 relative (issue 16's acceptance) on everything compared. Measured largest
relative gaps: chi-square, scaled chi-square, scaling factor, shift, CFI/TLI (standard and
scaled), RMSEA (standard and scaled) and SRMR below 5e-7; polychoric correlations 4e-8 and Gamma
8e-8 absolute (lavaan's stopping tolerance for each correlation). Estimates, standard errors and
standardised values are compared at 1e-4 relative plus 1e-6 absolute (for values near 0);
measured: 7e-6 (estimates) and 3e-6 (robust SEs). MLR with FIML: chi-square, CFI, RMSEA 3e-10,
the Yuan-Bentler scaled chi-square and scaling factor 1.8e-6, scaled CFI/TLI/RMSEA and SRMR
below 3e-6, estimates 4e-5 and SEs 3e-5 relative (above 0.1; lavaan's stopping slack, compared
at 1e-4 plus 2e-5 absolute as in test_sem_groups.py).
lavaan's fixed rows of the delta parameterization (``~*~`` scale factors 1, ``~1`` intercepts
and latent means 0) are checked to be fixed and are not in fit_sem's table.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recovery._validation import ModelSpecError, SurveyDataError
from recovery.survey import fit_sem

DATA = Path(__file__).parent / "data"
FITS = pd.read_csv(DATA / "lavaan_wlsmv_fit.csv")
ESTIMATES = pd.read_csv(DATA / "lavaan_wlsmv_estimates.csv", keep_default_na=False,
                        na_values={"est": ["NA"], "se": ["NA"], "std.all": ["NA"]})
SETS = {"hs4": ("hs", "school"), "ecsi6": ("ecsi", "gender")}
MEASURES = {"chi2": "chisq", "df": "df", "chi2_scaled": "chisq.scaled", "scaling_factor": "chisq.scaling.factor",
            "shift_parameter": "shift.parameter", "baseline_chi2": "baseline.chisq", "baseline_df": "baseline.df",
            "baseline_chi2_scaled": "baseline.chisq.scaled", "cfi": "cfi", "tli": "tli", "cfi_scaled": "cfi.scaled",
            "tli_scaled": "tli.scaled", "rmsea": "rmsea", "rmsea_scaled": "rmsea.scaled", "srmr": "srmr"}
WLSMV_CASES = [(name, case) for name in SETS for case in ("WLSMV single", "WLSMV configural")]
_fitted = {}


def _ordinal(name):
    return pd.read_csv(DATA / f"lavaan_{name}_ordinal.csv")


def _model(name):
    return (DATA / f"lavaan_{SETS[name][0]}.model").read_text()


def _fit(name, case):
    if (name, case) not in _fitted:
        kw = {"group": SETS[name][1]} if case.endswith("configural") else {}
        _fitted[name, case] = fit_sem(_model(name), _ordinal(name), estimator="WLSMV", ordered=True, **kw)
    return _fitted[name, case]


def _merged(ref, ours):
    """lavaan's rows beside ours, one to one (every row on both sides)."""
    ours = ours.assign(group=ours["group"].astype(str) if "group" in ours else "")
    both = ref.assign(group=ref["group"].astype(str)).merge(ours, on=["lhs", "op", "rhs", "group"], how="outer",
                                                            indicator=True, validate="one_to_one")
    assert (both["_merge"] == "both").all(), both.loc[both["_merge"] != "both", ["lhs", "op", "rhs", "group", "_merge"]]
    return both


@pytest.mark.parametrize("name,case", WLSMV_CASES)
def test_wlsmv_fit_measures_match_lavaan(name, case):
    ref = FITS[(FITS["data"] == name) & (FITS["case"] == case)].set_index("measure")["value"]
    fit = _fit(name, case).fit_indices_
    for ours, theirs in MEASURES.items():
        assert fit[ours] == pytest.approx(ref[theirs], rel=1e-4, abs=1e-9), ours
    assert fit["p_scaled"] == pytest.approx(ref["pvalue.scaled"], rel=1e-4)


@pytest.mark.parametrize("name,case", WLSMV_CASES)
def test_wlsmv_estimates_thresholds_and_robust_ses_match_lavaan(name, case):
    ref = ESTIMATES[(ESTIMATES["data"] == name) & (ESTIMATES["case"] == case)].copy()
    fixed = ref["op"].isin(["~*~", "~1"])
    assert (ref.loc[fixed, "se"] == 0).all() and set(ref.loc[fixed, "est"]) <= {0.0, 1.0}
    ref = ref[~fixed]
    both = _merged(ref, _fit(name, case).estimates_)
    assert (both["op"] == "|").sum() > 0
    for theirs, mine in (("est", "estimate"), ("se_x", "se_y"), ("std.all", "std_estimate")):
        np.testing.assert_allclose(both[mine], both[theirs], rtol=1e-4, atol=1e-6, err_msg=f"{theirs} in {case}")


def test_an_empty_category_is_named_with_its_item_group_and_fix():
    ecsi = _ordinal("ecsi6")
    with pytest.raises(SurveyDataError, match=r"ordered item 'imag1' has no respondent in category 2 \(its "
                                              r"categories run 1\.\.6\).*merge that category"):
        fit_sem(_model("ecsi6"), ecsi.assign(imag1=ecsi["imag1"].replace(2, 1)), estimator="WLSMV", ordered=True)
    # present overall, absent among the men
    men_only = ecsi["imag1"].where(~((ecsi["gender"] == "male") & (ecsi["imag1"] == 2)), 3)
    with pytest.raises(SurveyDataError, match="'imag1' has no respondent in category 2 in group 'male'"):
        fit_sem(_model("ecsi6"), ecsi.assign(imag1=men_only), estimator="WLSMV", ordered=True, group="gender")
    # a declared category nobody chose (pandas ordered Categorical)
    cat = pd.Categorical(ecsi["sat1"], categories=range(1, 8), ordered=True)
    with pytest.raises(SurveyDataError, match="'sat1' has no respondent in category 7"):
        fit_sem(_model("ecsi6"), ecsi.assign(sat1=cat), estimator="WLSMV", ordered=True)
    # the raw 0-10 ECSI items have empty categories (imag1: nobody answered 1)
    import recovery
    raw = recovery.load_dataset("ecsi_satisfaction")
    with pytest.raises(SurveyDataError, match="'imag1' has no respondent in category 1 "):
        fit_sem(_model("ecsi6"), raw, estimator="WLSMV", ordered=True)


def test_one_category_and_unsupported_combinations_are_refused_clearly():
    ecsi = _ordinal("ecsi6")
    with pytest.raises(SurveyDataError, match="ordered item 'loy2' has a single category"):
        fit_sem(_model("ecsi6"), ecsi.assign(loy2=3), estimator="WLSMV", ordered=True)
    with pytest.raises(ModelSpecError, match="missing='fiml' is not defined .* missing='listwise'"):
        fit_sem(_model("ecsi6"), ecsi, estimator="WLSMV", ordered=True, missing="fiml")
    with pytest.raises(ModelSpecError, match="survey weights with estimator='WLSMV' are not supported"):
        fit_sem(_model("ecsi6"), ecsi.assign(w=1.0), estimator="WLSMV", ordered=True, weights="w")
    with pytest.raises(ModelSpecError, match="group_equal=.* with estimator='WLSMV' is not supported"):
        fit_sem(_model("ecsi6"), ecsi, estimator="WLSMV", ordered=True, group="gender", group_equal=("loadings",))
    with pytest.raises(ModelSpecError, match="ordered= needs estimator='WLSMV'"):
        fit_sem(_model("ecsi6"), ecsi, ordered=True)
    with pytest.raises(ModelSpecError, match=r"items \['loy3'\] are not declared ordered"):
        fit_sem(_model("ecsi6"), ecsi, estimator="WLSMV", ordered=[v for v in ecsi.columns[:9]])
    with pytest.raises(ModelSpecError, match=r"observed variables \['imag1'\] appear in regressions"):
        fit_sem("SAT =~ sat1 + sat2 + sat3\nSAT ~ imag1", ecsi, estimator="WLSMV", ordered=True)
    holed = ecsi.astype({"sat2": float})
    holed.loc[5, "sat2"] = np.nan
    with pytest.raises(SurveyDataError, match="'sat2' has missing values in row 5; pass missing='listwise'"):
        fit_sem(_model("ecsi6"), holed, estimator="WLSMV", ordered=True)
    listwise = fit_sem(_model("ecsi6"), holed, estimator="WLSMV", ordered=True, missing="listwise")
    assert listwise.fit_indices_["n"] == len(ecsi) - 1 and listwise.fit_indices_["n_dropped"] == 1


FIML_MEASURES = {"chi2": "chisq", "chi2_scaled": "chisq.scaled", "scaling_factor": "chisq.scaling.factor",
                 "cfi": "cfi", "cfi_scaled": "cfi.scaled", "tli_scaled": "tli.scaled", "rmsea": "rmsea",
                 "rmsea_scaled": "rmsea.scaled", "srmr": "srmr"}


FIML_CASES = [(name, level) for name in ("hs", "ecsi") for level in ("single", "configural", "scalar")]


@pytest.mark.parametrize("name,level", FIML_CASES)
def test_mlr_with_fiml_matches_lavaan(name, level):
    # robust SEs from the observed information and the Yuan-Bentler test whose h1 information is
    # the saturated model's observed information under missing data (lavaan's missing = "ml")
    case = f"MLR-FIML {level}"
    ref = FITS[(FITS["data"] == name) & (FITS["case"] == case)].set_index("measure")["value"]
    kw = {} if level == "single" else {"group": "school" if name == "hs" else "gender"}
    if level == "scalar":
        kw["group_equal"] = ("loadings", "intercepts")
    res = fit_sem((DATA / f"lavaan_{name}.model").read_text(), pd.read_csv(DATA / f"lavaan_{name}_missing.csv"),
                  estimator="MLR", missing="fiml", **kw)
    for ours, theirs in FIML_MEASURES.items():
        assert res.fit_indices_[ours] == pytest.approx(ref[theirs], rel=1e-4), ours
    assert "cfi_robust" not in res.fit_indices_  # lavaan's FIML-corrected robust CFI is not built: not reported
    both = _merged(ESTIMATES[(ESTIMATES["data"] == name) & (ESTIMATES["case"] == case)], res.estimates_)
    for theirs, mine in (("est", "estimate"), ("se_x", "se_y"), ("std.all", "std_estimate")):
        np.testing.assert_allclose(both[mine], both[theirs], rtol=1e-4, atol=2e-5, err_msg=theirs)


def test_estimator_sensitivity_reports_each_estimators_paths_fit_and_flips():
    from recovery.survey import estimator_sensitivity

    res = estimator_sensitivity(_model("ecsi6"), _ordinal("ecsi6"))
    paths = res.paths_.set_index(["to", "from"])
    assert list(res.fit_["estimator"]) == ["ML", "MLR", "WLSMV"] and len(paths) == 3
    wlsmv = _fit("ecsi6", "WLSMV single")
    # each column is that estimator's fit: WLSMV's standardised path and its scaled-shifted test
    ref = wlsmv.estimates_.query("op == '~'").set_index(["lhs", "rhs"])["std_estimate"]
    assert paths.loc[("LOY", "IMAG"), "estimate_WLSMV"] == pytest.approx(ref[("LOY", "IMAG")], rel=1e-12)
    assert res.fit_.set_index("estimator").loc["WLSMV", "chi2"] == pytest.approx(wlsmv.fit_indices_["chi2_scaled"])
    ml = fit_sem(_model("ecsi6"), _ordinal("ecsi6")).estimates_.query("op == '~'")["std_estimate"].to_numpy()
    span = np.ptp(np.column_stack([ml, paths["estimate_WLSMV"].to_numpy()]), axis=1)
    np.testing.assert_allclose(paths["max_change"], span, rtol=1e-12)  # MLR has ML's estimates
    assert not paths["significance_flips"].any()
    # at an alpha between the paths' p-values under two estimators the verdict flips
    p = paths.loc[("LOY", "IMAG"), ["p_ML", "p_MLR", "p_WLSMV"]]
    flipped = estimator_sensitivity(_model("ecsi6"), _ordinal("ecsi6"), alpha=float(np.sqrt(p.min() * p.max())))
    assert flipped.paths_.set_index(["to", "from"]).loc[("LOY", "IMAG"), "significance_flips"]
    assert "path(s) change significance" in res.summary()
    tidy = res.summary_frame()
    assert list(tidy.columns[:3]) == ["to", "from", "estimator"] and len(tidy) == 9
    assert {"ci_low", "ci_high"} <= set(res.conf_int(alpha=0.1).columns)
    with pytest.raises(ModelSpecError, match="estimators must be a sequence"):
        estimator_sensitivity(_model("ecsi6"), _ordinal("ecsi6"), estimators=("ML", "GLS"))


def test_sem_result_summary_frame_and_intervals_follow_the_convention():
    res = _fit("hs4", "WLSMV single")
    frame = res.summary_frame(alpha=0.10)
    assert list(frame.columns) == ["lhs", "op", "rhs", "estimate", "se", "z", "p", "ci_low", "ci_high"]
    row = frame.query("lhs == 'visual' and rhs == 'x2'").iloc[0]
    assert row["ci_high"] - row["estimate"] == pytest.approx(1.6448536 * row["se"], rel=1e-6)
    assert "WLSMV" in res.summary() and "CFI" in res.summary()
    with pytest.raises(ModelSpecError, match="Satorra's \\(2000\\)"):
        from recovery.survey import lr_test
        lr_test(res, res)
