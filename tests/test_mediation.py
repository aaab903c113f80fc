"""Mediation and moderation recover known effects in simulated data."""
import numpy as np
import pandas as pd
import pytest

import recovery
from recovery.survey import fit_pls, mediation, moderated_mediation, moderation


def chain(n=600, seed=0):
    rng = np.random.default_rng(seed)
    speed = rng.normal(size=n)
    pj = 0.6 * speed + rng.normal(size=n)
    sat = 0.5 * pj + rng.normal(size=n)
    loy = 0.4 * sat + rng.normal(size=n)
    return pd.DataFrame({"speed": speed, "pj": pj, "sat": sat, "loy": loy})


def test_serial_indirect_effect_covers_the_truth_at_the_stated_rate():
    truth = 0.6 * 0.5 * 0.4
    hits = 0
    for seed in range(20):
        effects = mediation(chain(seed=seed), "speed", ["pj", "sat"], "loy", serial=True, bootstrap=400,
                            seed=seed).effects.set_index("effect")
        row = effects.loc["speed -> pj -> sat -> loy"]
        hits += row["ci_low"] <= truth <= row["ci_high"]
    assert hits >= 16  # 95% intervals: at least 16 of 20 (binomial 5% tail)


def test_standardised_and_unstandardised_come_from_the_same_resamples():
    d = chain()
    d["loy"] *= 10
    effects = mediation(d, "speed", ["pj"], "loy", bootstrap=300, seed=1).effects.set_index("effect")
    row = effects.loc["speed -> pj -> loy"]
    ratio = d["speed"].std() / d["loy"].std()
    assert row["std_estimate"] == pytest.approx(row["estimate"] * ratio)
    assert row["std_ci_low"] < row["std_estimate"] < row["std_ci_high"]


def test_moderation_simple_slopes_and_johnson_neyman():
    rng = np.random.default_rng(2)
    sev, comp = rng.uniform(0, 1, 800), rng.uniform(0, 1.5, 800)
    sat = 0.8 * comp - 0.9 * comp * sev + 0.5 * rng.normal(size=800)
    res = moderation(pd.DataFrame({"comp": comp, "sev": sev, "sat": sat}), "comp", "sev", "sat")
    assert res.coefficients.loc["comp:sev", "estimate"] == pytest.approx(-0.9, abs=0.2)
    slopes = res.simple_slopes.set_index("at")["slope"]
    assert slopes["-1 SD"] > slopes["mean"] > slopes["+1 SD"]
    assert res.jn_bounds and 0 < res.jn_bounds[0] < 1  # compensation stops mattering at high severity
    index = moderated_mediation(pd.DataFrame({"x": comp, "m": sat, "y": 0.5 * sat + rng.normal(size=800),
                                              "w": sev}), "x", "m", "y", "w", bootstrap=500, seed=3)
    assert index.loc[0, "ci_high"] < 0


def test_missing_columns_are_named():
    with pytest.raises(KeyError, match="nope"):
        mediation(chain(), "speed", ["nope"], "loy", bootstrap=10)


def test_pls_paths_into_the_simulator():
    rng = np.random.default_rng(4)
    n = 400
    dj, pj, ij = rng.normal(size=(3, n))
    sat = 0.5 * dj + 0.2 * pj + 0.3 * ij + 0.5 * rng.normal(size=n)
    items = {f"{c}{k}": v + 0.4 * rng.normal(size=n) for c, v in (("dj", dj), ("pj", pj), ("ij", ij), ("sat", sat))
             for k in (1, 2, 3)}
    data = pd.DataFrame(items)
    blocks = {c.upper(): [f"{c}{k}" for k in (1, 2, 3)] for c in ("dj", "pj", "ij", "sat")}
    fit = fit_pls(data, [("DJ", "SAT"), ("PJ", "SAT"), ("IJ", "SAT")], blocks)
    params = fit.to_params({"distributive": "DJ", "procedural": "PJ", "interactional": "IJ", "satisfaction": "SAT"})
    r = params.recovery
    assert r.weight_distributive + r.weight_procedural + r.weight_interactional == pytest.approx(1)
    assert r.weight_distributive > r.weight_interactional > r.weight_procedural
    assert params.outcomes == recovery.params.Params().outcomes  # the rest stays at the defaults
    run = recovery.simulate(params, n_customers=1_000, periods=4, seed=1)
    assert run.measure("active_share").iloc[-1] < 1
