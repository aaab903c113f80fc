"""fit_sem and invariance refuse what they cannot fit (typed errors naming the reason and the fix)
and warn on what they fit but should not be trusted (issue 15's CB-SEM items, issue 16's group
input)."""
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recovery.survey import (HeywoodCaseWarning, ModelSpecError, NonConvergenceWarning, SurveyDataError, fit_sem,
                             invariance)

DATA = Path(__file__).parent / "data"
HS = pd.read_csv(DATA / "lavaan_hs_school.csv")
THREE = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
ONE = "visual =~ x1 + x2 + x3"


def test_negative_degrees_of_freedom_are_refused_before_fitting():
    # two indicators, one factor: 3 moments, 4 parameters
    with pytest.raises(ModelSpecError, match=r"4 free parameters but the data give only 3 moments: -1 degrees"):
        fit_sem("f =~ x1 + x2", HS)


def test_an_unidentified_model_is_refused():
    # df = 1 but no scale for the factor (first loading freed, variance free)
    with pytest.raises(ModelSpecError, match="not identified"):
        fit_sem("f =~ NA*x1 + x2 + x3 + x4", HS)


@pytest.mark.parametrize("text,fragment", [
    ("visual =~", "cannot read the model line"),
    ("visual => x1 + x2", "cannot read the model line"),
    ("visual =~ x1 + x2 + 3x", "'3x' in line"),
    ("visual =~ x1 + x2 + x3\nvisual := x1", "cannot read the model line"),
    ("visual =~ x1 + c(1, 2, 3)*x2 + x3", "3 values for 1 group"),
    ("", "non-empty string"),
    ("visual =~ x1 + x2 + x3\nvisual =~ x1", "specified twice"),
])
def test_syntax_errors_are_model_spec_errors(text, fragment):
    with pytest.raises(ModelSpecError, match=fragment):
        fit_sem(text, HS)


def test_a_duplicated_item_is_named():
    data = HS.assign(x4=HS["x1"])
    with pytest.raises(SurveyDataError, match="items 'x1' and 'x4' are perfectly correlated .*drop one"):
        fit_sem(THREE, data)


def test_a_constant_item_is_named():
    with pytest.raises(SurveyDataError, match="item 'x2' is constant .*drop it"):
        fit_sem(THREE, HS.assign(x2=3.0))


def test_a_linear_combination_is_refused():
    data = HS.assign(x9=HS["x7"] + HS["x8"])
    with pytest.raises(SurveyDataError, match="singular .*linear combination"):
        fit_sem(THREE, data)


def test_too_few_respondents_are_refused():
    with pytest.raises(SurveyDataError, match="3 complete respondents"):
        fit_sem(THREE, HS.head(3))
    with pytest.raises(SurveyDataError, match="15 respondents for 21 free parameters"):
        fit_sem(THREE, HS.head(15))


def test_a_grouping_column_with_one_level_is_named():
    with pytest.raises(SurveyDataError, match="group column 'school' has one level \\('Pasteur'\\)"):
        fit_sem(THREE, HS[HS["school"] == "Pasteur"], group="school")
    with pytest.raises(SurveyDataError, match="group column 'school' has one level"):
        invariance(THREE, HS[HS["school"] == "Pasteur"], group="school")


def test_a_group_smaller_than_its_parameters_is_named():
    small = pd.concat([HS[HS["school"] == "Pasteur"], HS[HS["school"] == "Grant-White"].head(20)])
    with pytest.raises(SurveyDataError, match="20 complete respondents in group 'Grant-White' .*30 free parameters"):
        fit_sem(THREE, small, group="school")


def test_bad_group_options_are_named():
    with pytest.raises(SurveyDataError, match="group column 'schol' is not in the data"):
        fit_sem(THREE, HS, group="schol")
    with pytest.raises(KeyError):  # a missing column is also a KeyError, as before
        fit_sem(THREE, HS, group="schol")
    with pytest.raises(ModelSpecError, match="group_equal=\\('loadings',\\) needs group"):
        fit_sem(THREE, HS, group_equal=("loadings",))
    with pytest.raises(ModelSpecError, match="\\['slopes'\\], not among lavaan's"):
        fit_sem(THREE, HS, group="school", group_equal=("slopes",))
    with pytest.raises(SurveyDataError, match="group column 'school' has missing values"):
        fit_sem(THREE, HS.assign(school=HS["school"].where(HS.index != 5)), group="school")
    with pytest.raises(ModelSpecError, match="levels must go from less to more constrained"):
        invariance(THREE, HS, group="school", levels=("scalar", "metric"))


def test_bad_estimator_missing_and_weights_are_named():
    with pytest.raises(ModelSpecError, match="estimator='WLSMV' needs ordered items"):
        fit_sem(ONE, HS, estimator="WLSMV")
    with pytest.raises(ModelSpecError, match="estimator must be 'ML', 'MLR' or 'WLSMV'"):
        fit_sem(ONE, HS, estimator="GLS")
    with pytest.raises(ModelSpecError, match="missing must be"):
        fit_sem(ONE, HS, missing="mean")
    with pytest.raises(SurveyDataError, match="weights column 'w' is not in the data"):
        fit_sem(ONE, HS, weights="w")
    with pytest.raises(SurveyDataError, match="row 4 has -1.0"):
        fit_sem(ONE, HS.assign(w=np.where(HS.index == 4, -1.0, 1.0)), weights="w")
    with pytest.raises(SurveyDataError, match="weights has 3 values for 301 rows"):
        fit_sem(ONE, HS, weights=[1, 2, 3])
    with pytest.raises(SurveyDataError, match="column 'school' is not numeric"):
        fit_sem("f =~ x1 + x2 + school", HS)


def test_missing_answers_error_listwise_or_fiml():
    holed = HS.copy()
    holed.loc[[3, 7], "x2"] = np.nan
    with pytest.raises(SurveyDataError, match="column 'x2' has missing values in row 3; pass missing='fiml'"):
        fit_sem(ONE, holed)
    listwise = fit_sem(ONE, holed, missing="listwise")
    assert listwise.fit_indices_["n"] == 299 and listwise.fit_indices_["n_dropped"] == 2
    assert fit_sem(ONE, holed, missing="fiml").fit_indices_["n"] == 301
    with pytest.raises(SurveyDataError, match="row 3 has no answer to any model item"):
        fit_sem(ONE, holed.assign(x1=holed["x1"].where(holed.index != 3), x3=holed["x3"].where(holed.index != 3)),
                missing="fiml")


def test_a_heywood_case_warns():
    # a factor whose first item correlates 0.8 with both others, which correlate 0.5: the
    # just-identified solution needs a loading^2 of 0.8 * 0.8 / 0.5 = 1.28, a negative residual variance
    rng = np.random.default_rng(1)
    corr = np.array([[1, 0.8, 0.8], [0.8, 1, 0.5], [0.8, 0.5, 1]])
    data = pd.DataFrame(rng.multivariate_normal(np.zeros(3), corr, size=400), columns=["a", "b", "c"])
    with pytest.warns(HeywoodCaseWarning, match="the variance of a is negative"):
        fit = fit_sem("f =~ a + b + c", data)
    assert fit.estimates_.query("lhs == 'a' and op == '~~'")["estimate"].iloc[0] < 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_sem(THREE, HS)  # a proper solution: no warning


def test_an_empirically_underidentified_model_warns():
    # ECSI mobi's full model: expectations and quality correlate almost perfectly (lavaan does not
    # converge on it either)
    import recovery

    mobi = recovery.load_dataset("ecsi_mobi")
    text = """IMAG =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
CUEX =~ CUEX1 + CUEX2 + CUEX3
PERQ =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5 + PERQ6 + PERQ7
PERV =~ PERV1 + PERV2
CUSA =~ CUSA1 + CUSA2 + CUSA3
CUSL =~ CUSL1 + CUSL2 + CUSL3
CUEX ~ IMAG
PERQ ~ CUEX
PERV ~ CUEX + PERQ
CUSA ~ IMAG + CUEX + PERQ + PERV
CUSL ~ IMAG + CUSA"""
    with pytest.warns(NonConvergenceWarning, match="nearly singular"):
        fit_sem(text, mobi)


def test_lr_test_refuses_models_that_are_not_nested_and_modification_indices_one_group():
    from recovery.survey import lr_test

    free = fit_sem(THREE, HS, group="school")
    metric = fit_sem(THREE, HS, group="school", group_equal=("loadings",))
    assert lr_test(metric, free)["df_diff"].item() == 6
    with pytest.raises(ModelSpecError, match="must be nested"):
        lr_test(free, metric)
    with pytest.raises(ModelSpecError, match="must be nested"):
        lr_test(metric, fit_sem(THREE, HS, group="school", estimator="MLR"))
    with pytest.raises(ModelSpecError, match="modification indices are lavaan's for one group"):
        free.modification_indices()
