"""Reliability against R psych (tests/data/r/psych_reliability.R):

    psych::alpha(x)$total$raw_alpha ; omega = (sum l)^2 / ((sum l)^2 + sum u) from fa(x, 1, fm = "ml")
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import recovery
from recovery.survey import cronbach_alpha, fornell_larcker, htmt, item_total, reliability

MOBI = recovery.load_dataset("ecsi_mobi")
BLOCKS = {"IMAG": [f"IMAG{i}" for i in range(1, 6)], "CUEX": [f"CUEX{i}" for i in range(1, 4)],
          "PERQ": [f"PERQ{i}" for i in range(1, 8)], "CUSA": [f"CUSA{i}" for i in range(1, 4)],
          "CUSL": [f"CUSL{i}" for i in range(1, 4)]}
MODEL = "\n".join(f"{c} =~ {' + '.join(items)}" for c, items in BLOCKS.items())


@pytest.fixture(scope="module")
def table():
    return reliability(MODEL, MOBI).table_


def test_alpha_and_omega_match_psych(table):
    ref = pd.read_csv(Path(__file__).parent / "data" / "psych_reliability.csv").set_index("construct")
    np.testing.assert_allclose(table.loc[ref.index, "alpha"], ref["alpha"], atol=1e-6)
    # omega: the same ML factor fit as psych, including the Heywood case in CUSL (CUSL3 at the bound)
    np.testing.assert_allclose(table.loc[ref.index, "omega"], ref["omega"], atol=1e-5)


def test_entry_point_columns_and_ranges(table):
    assert {"alpha", "omega", "rho_c", "rho_a", "ave"} <= set(table.columns)
    assert (table["alpha_ci_low"] < table["alpha"]).all() and (table["alpha"] < table["alpha_ci_high"]).all()
    assert ((table["ave"] > 0) & (table["ave"] < 1)).all()
    assert (table["rho_c"] >= table["alpha"] - 0.05).all()  # composite reliability is not below alpha in practice
    assert "alpha" in table.loc["CUEX", "below_threshold"]   # the weak expectations scale is flagged
    assert table.loc["PERQ", "below_threshold"] == ""


def test_discriminant_validity_tables():
    fl = fornell_larcker(MODEL, MOBI)
    assert fl.shape == (5, 5) and (np.diag(fl) > 0).all()
    res = htmt(MODEL, MOBI, bootstrap=100, seed=1)
    h = res.summary_frame()
    assert len(h) == 10 and (h["ci_low"] <= h["estimate"]).all()
    assert h.set_index(["construct_1", "construct_2"]).loc[("PERQ", "CUSA"), "estimate"] > 0.85  # known in ECSI
    np.testing.assert_allclose(res.conf_int()["ci_low"], h["ci_low"])
    assert (res.conf_int(alpha=0.5)["ci_low"].to_numpy() > h["ci_low"].to_numpy()).all()


def test_result_objects_follow_the_convention(table):
    """cronbach_alpha and reliability return result objects whose intervals take alpha
    (Feldt's interval recomputed at the new level)."""
    one = cronbach_alpha(MOBI[BLOCKS["CUSA"]])
    assert one.estimate_ == pytest.approx(table.loc["CUSA", "alpha"])
    frame = one.summary_frame()
    assert list(frame.columns) == ["measure", "estimate", "ci_low", "ci_high"]
    assert frame.loc[0, "ci_low"] == pytest.approx(table.loc["CUSA", "alpha_ci_low"])
    assert one.conf_int(alpha=0.01)["ci_low"].iloc[0] < frame.loc[0, "ci_low"]
    res = reliability(MODEL, MOBI, alpha=0.10)
    np.testing.assert_allclose(res.table_["alpha_ci_low"], res.conf_int(alpha=0.10)["ci_low"])
    assert (res.table_["alpha_ci_low"] > table["alpha_ci_low"]).all()  # 90% narrower than 95%
    long = res.summary_frame()
    assert list(long.columns) == ["construct", "measure", "estimate", "ci_low", "ci_high"]
    assert long["ci_low"].notna().sum() == len(BLOCKS)  # only Cronbach's alpha has an interval
    with pytest.raises(recovery.ModelSpecError, match=r"composites \(<~\)"):
        reliability("CUSA <~ CUSA1 + CUSA2 + CUSA3", MOBI)


def test_item_total():
    it = item_total(MODEL, MOBI)
    assert len(it) == sum(map(len, BLOCKS.values()))
    assert it.set_index("item").loc["CUSL2", "item_total_r"] < 0.3  # the price-tolerance item is the odd one out


def test_tau_equivalent_items_recover_the_true_reliability():
    # four items loading 0.7 on one factor: true reliability (2.8)^2 / ((2.8)^2 + 4 * 0.51) = 0.7935;
    # alpha, omega and rho_A are consistent for it, rho_c (from PLS loadings) overstates it
    rng = np.random.default_rng(11)
    n = 20_000
    f = rng.normal(size=n)
    g = 0.5 * f + np.sqrt(0.75) * rng.normal(size=n)  # a second, correlated construct
    items = pd.DataFrame({f"a{k}": 0.7 * f + np.sqrt(0.51) * rng.normal(size=n) for k in range(4)})
    other = pd.DataFrame({f"b{k}": 0.8 * g + 0.6 * rng.normal(size=n) for k in range(3)})
    data = pd.concat([items, other], axis=1)
    table = reliability(f"A =~ {' + '.join(items)}; B =~ {' + '.join(other)}", data).table_
    truth = {"A": 2.8 ** 2 / (2.8 ** 2 + 4 * 0.51), "B": 2.4 ** 2 / (2.4 ** 2 + 3 * 0.36)}
    for construct, value in truth.items():
        for measure in ("alpha", "omega", "rho_a"):
            assert table.loc[construct, measure] == pytest.approx(value, abs=0.01), (construct, measure)
        assert table.loc[construct, "rho_c"] > value + 0.02
    alone = reliability(f"A =~ {' + '.join(items)}", data).table_.loc["A"]  # one construct: principal-component weights
    assert alone["rho_a"] == pytest.approx(truth["A"], abs=0.01)
    assert alone["ave"] == pytest.approx(table.loc["A", "ave"], abs=0.01)
