"""CB-SEM (semopy) against lavaan 0.6 on lavaan's examples (tests/data/r/lavaan_examples.R).

The R call: sem(model, data) with lavaan's defaults (ML); parameterEstimates(fit, standardized
= TRUE) and fitMeasures(fit, c("chisq", "df", "cfi", "tli", "rmsea", "rmsea.ci.lower",
"rmsea.ci.upper", "srmr")).
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import recovery
from recovery.survey import fit_sem

DATA = Path(__file__).parent / "data"
FIT_NAMES = {"chi2": "chisq", "df": "df", "cfi": "cfi", "tli": "tli", "rmsea": "rmsea",
             "rmsea_ci_low": "rmsea.ci.lower", "rmsea_ci_high": "rmsea.ci.upper", "srmr": "srmr"}


@pytest.fixture(scope="module", params=["holzinger", "democracy"])
def case(request):
    name = request.param
    data = pd.read_csv(DATA / f"lavaan_{name}.csv")
    fit = fit_sem((DATA / f"lavaan_{name}.model").read_text(), data)
    return name, fit


def test_estimates_match_lavaan(case):
    name, fit = case
    ref = pd.read_csv(DATA / f"lavaan_{name}_estimates.csv")
    both = ref.merge(fit.estimates, on=["lhs", "op", "rhs"], how="left", validate="one_to_one")
    assert both["estimate"].notna().all(), both[both["estimate"].isna()]
    np.testing.assert_allclose(both["estimate"], both["est"], atol=1e-3)
    np.testing.assert_allclose(both["se_y"], both["se_x"], atol=1e-3)
    np.testing.assert_allclose(both["std_estimate"], both["std.all"], atol=1e-3)


def test_fit_indices_match_lavaan(case):
    name, fit = case
    ref = pd.read_csv(DATA / f"lavaan_{name}_fit.csv").set_index("measure")["value"]
    for ours, theirs in FIT_NAMES.items():
        assert fit.fit_indices[ours] == pytest.approx(ref[theirs], abs=1e-3), ours


def test_missing_variable_and_missing_values_are_named():
    mobi = recovery.load_dataset("ecsi_mobi")
    with pytest.raises(KeyError, match="CUSA9"):
        fit_sem("SAT =~ CUSA1 + CUSA2 + CUSA9", mobi)
    holed = mobi.copy()
    holed.loc[holed.index[3], "CUSA2"] = np.nan
    with pytest.raises(ValueError, match="'CUSA2' has missing values"):
        fit_sem("SAT =~ CUSA1 + CUSA2 + CUSA3", holed)
