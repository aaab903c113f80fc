"""Ordered logit / probit against R MASS::polr on the housing data (tests/data/r/mass_polr_housing.R):

    polr(Sat ~ Infl + Type + Cont, weights = Freq, data = housing)
    # InflHigh 1.2888, TypeTerrace -1.0910, ContHigh 0.3603, cut-points -0.4961, 0.6907
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recovery._validation import SurveyDataError
from recovery.survey import ordered_logit, ordered_probit

DATA = Path(__file__).parent / "data"
LEVELS = {"Sat": ["Low", "Medium", "High"], "Infl": ["Low", "Medium", "High"],
          "Type": ["Tower", "Apartment", "Atrium", "Terrace"], "Cont": ["Low", "High"]}


@pytest.fixture(scope="module")
def housing():
    h = pd.read_csv(DATA / "housing.csv")
    for col, levels in LEVELS.items():  # R's factor levels (write.csv drops them)
        h[col] = pd.Categorical(h[col], categories=levels, ordered=col == "Sat")
    return h


def test_polr_textbook_figures(housing):
    res = ordered_logit("Sat ~ Infl + Type + Cont", housing, weights="Freq")
    expected = {"InflHigh": 1.2888, "TypeTerrace": -1.0910, "ContHigh": 0.3603,
                "Low|Medium": -0.4961, "Medium|High": 0.6907}
    for term, value in expected.items():
        assert res.params_[term] == pytest.approx(value, abs=1e-3), term


def test_all_estimates_and_ses_match_r(housing):
    res = ordered_logit("Sat ~ Infl + Type + Cont", housing, weights="Freq")
    ref = pd.read_csv(DATA / "polr_housing.csv").set_index("term")
    np.testing.assert_allclose(res.params_[ref.index], ref["estimate"], atol=1e-3)
    np.testing.assert_allclose(res.bse_[ref.index], ref["se"], atol=1e-3)
    probit = ordered_probit("Sat ~ Infl + Type + Cont", housing, weights="Freq")
    ref = pd.read_csv(DATA / "polr_housing_probit.csv").set_index("term")
    np.testing.assert_allclose(probit.params_[ref.index], ref["estimate"], atol=1e-3)


def test_odds_ratios_and_predicted_probabilities(housing):
    res = ordered_logit("Sat ~ Infl + Type + Cont", housing, weights="Freq")
    assert res.odds_ratios_["InflHigh"] == pytest.approx(np.exp(res.params_["InflHigh"]))
    probs = res.predict_proba(housing.head(6))
    np.testing.assert_allclose(probs.sum(axis=1), 1)
    low_infl, high_infl = probs.iloc[0], res.predict_proba(housing[housing["Infl"] == "High"].head(1)).iloc[0]
    assert high_infl["High"] > low_infl["High"]  # more influence, more satisfied
    frame = res.summary_frame(alpha=0.1)
    assert list(frame.columns) == ["term", "estimate", "se", "z", "p", "ci_low", "ci_high"]
    assert frame.set_index("term").loc["InflHigh", "ci_high"] == pytest.approx(
        res.params_["InflHigh"] + 1.6448536 * res.bse_["InflHigh"], rel=1e-6)
    assert "ordered logit" in res.summary() and "odds_ratio" in res.summary()


def test_weights_must_be_frequencies(housing):
    with pytest.raises(SurveyDataError, match="frequency weights: non-negative whole numbers, got"):
        ordered_logit("Sat ~ Infl", housing, weights=housing["Freq"] + 0.5)


def test_a_missing_outcome_column_is_named(housing):
    with pytest.raises(SurveyDataError, match="outcome 'Satisfaction' is not a column"):
        ordered_logit("Satisfaction ~ Infl", housing)
