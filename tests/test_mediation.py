"""Mediation and moderation recover known effects in simulated data; fitted paths into the simulator."""
import dataclasses

import numpy as np
import pandas as pd
import pytest

import recovery
from recovery import survey
from recovery.survey import fit_pls, mediation, moderated_mediation, moderation

from _pls_text import model_text


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
                            seed=seed).effects_.set_index("effect")
        row = effects.loc["speed -> pj -> sat -> loy"]
        hits += row["ci_low"] <= truth <= row["ci_high"]
    assert hits >= 16  # 95% intervals: at least 16 of 20 (binomial 5% tail)


def test_standardised_and_unstandardised_come_from_the_same_resamples():
    d = chain()
    d["loy"] *= 10
    effects = mediation(d, "speed", ["pj"], "loy", bootstrap=300, seed=1).effects_.set_index("effect")
    row = effects.loc["speed -> pj -> loy"]
    ratio = d["speed"].std() / d["loy"].std()
    assert row["std_estimate"] == pytest.approx(row["estimate"] * ratio)
    assert row["std_ci_low"] < row["std_estimate"] < row["std_ci_high"]
    # a single path is standardised by its own two ends: x -> m alone is the correlation
    assert effects.loc["speed -> pj", "std_estimate"] == pytest.approx(d["speed"].corr(d["pj"]))
    total_std = effects.loc["total", "std_estimate"]
    assert total_std == pytest.approx(d["speed"].corr(d["loy"]))  # x -> y total, simple regression


def test_moderation_simple_slopes_and_johnson_neyman():
    rng = np.random.default_rng(2)
    sev, comp = rng.uniform(0, 1, 800), rng.uniform(0, 1.5, 800)
    sat = 0.8 * comp - 0.9 * comp * sev + 0.5 * rng.normal(size=800)
    res = moderation(pd.DataFrame({"comp": comp, "sev": sev, "sat": sat}), "comp", "sev", "sat")
    coefs = res.summary_frame().set_index("term")
    assert coefs.loc["comp:sev", "estimate"] == pytest.approx(-0.9, abs=0.2)
    assert list(res.summary_frame().columns) == ["term", "estimate", "se", "t", "p", "ci_low", "ci_high"]
    wide = res.conf_int(alpha=0.01)
    assert (wide["ci_low"] < coefs["ci_low"]).all() and (wide["ci_high"] > coefs["ci_high"]).all()
    slopes = res.simple_slopes_.set_index("at")["slope"]
    assert slopes["-1 SD"] > slopes["mean"] > slopes["+1 SD"]
    assert res.jn_bounds_ and 0 < res.jn_bounds_[0] < 1  # compensation stops mattering at high severity
    index = moderated_mediation(pd.DataFrame({"x": comp, "m": sat, "y": 0.5 * sat + rng.normal(size=800),
                                              "w": sev}), "x", "m", "y", "w", bootstrap=500, seed=3)
    assert index.summary_frame().loc[0, "ci_high"] < 0
    np.testing.assert_allclose(index.conf_int(alpha=0.2)["ci_high"], np.quantile(index.boot_, 0.9, axis=0))


def test_mediation_result_follows_the_convention():
    res = mediation(chain(), "speed", ["pj"], "loy", bootstrap=300, seed=1)
    assert list(res.summary_frame().columns) == ["effect", "estimate", "se", "ci_low", "ci_high"]
    ci = res.conf_int()
    np.testing.assert_allclose(ci["ci_low"], res.effects_["ci_low"])
    assert (res.conf_int(alpha=0.5)["ci_low"] > ci["ci_low"]).all()
    with pytest.raises(ValueError, match="alpha = 2"):
        res.conf_int(alpha=2)


def test_missing_columns_are_named():
    with pytest.raises(KeyError, match="nope"):
        mediation(chain(), "speed", ["nope"], "loy", bootstrap=10)


ROLES = {"distributive": "DJ", "procedural": "PJ", "interactional": "IJ", "satisfaction": "SAT"}


def justice_survey(n=400, seed=4):
    rng = np.random.default_rng(seed)
    dj, pj, ij = rng.normal(size=(3, n))
    sat = 0.5 * dj + 0.2 * pj + 0.3 * ij + 0.5 * rng.normal(size=n)
    loy = 0.6 * sat + 0.8 * rng.normal(size=n)
    items = {f"{c}{k}": v + 0.4 * rng.normal(size=n)
             for c, v in (("dj", dj), ("pj", pj), ("ij", ij), ("sat", sat), ("loy", loy)) for k in (1, 2, 3)}
    return pd.DataFrame(items), {c.upper(): [f"{c}{k}" for k in (1, 2, 3)] for c in ("dj", "pj", "ij", "sat", "loy")}


def changed_fields(params):
    default = dataclasses.asdict(recovery.params.Params())
    new = dataclasses.asdict(params)
    return {f"{stage}.{k}" for stage, fields in new.items() if isinstance(fields, dict)
            for k, v in fields.items() if default[stage][k] != v} | {s for s in new if not isinstance(new[s], dict)
                                                                     and new[s] != default[s]}


def test_pls_paths_into_the_simulator():
    data, blocks = justice_survey()
    fit = fit_pls(model_text([("DJ", "SAT"), ("PJ", "SAT"), ("IJ", "SAT"), ("SAT", "LOY")], blocks), data)
    params = fit.to_params(ROLES)
    r = params.recovery
    assert r.weight_distributive + r.weight_procedural + r.weight_interactional == pytest.approx(1)
    assert r.weight_distributive > r.weight_interactional > r.weight_procedural
    assert r.weight_distributive == pytest.approx(0.5, abs=0.08)  # the truth is 0.5 / 0.2 / 0.3
    # exactly the three justice weights change; the rest stays at the defaults
    assert changed_fields(params) == {"recovery.weight_distributive", "recovery.weight_procedural",
                                      "recovery.weight_interactional"}
    assert params == survey.paths_to_params(fit.paths_, ROLES)
    run = recovery.simulate(params=params, n_customers=1_000, periods=4, seed=1)
    assert run.measure("active_share").iloc[-1] < 1


def test_mapping_table_and_its_checks():
    paths = pd.DataFrame({"from": ["DJ", "PJ", "IJ", "SAT"], "to": ["SAT", "SAT", "SAT", "LOY"],
                          "estimate": [0.6, -0.1, 0.2, 0.7]})
    table = survey.params_mapping(paths, {**ROLES, "loyalty": "LOY"}).set_index("field")
    assert table.loc["recovery.weight_procedural", "value"] == 0  # a negative path counts as no weight
    assert table.loc["recovery.weight_distributive", "value"] == pytest.approx(0.75)
    assert table["value"].isna().sum() == 1  # satisfaction -> loyalty is reported, not mapped
    base = recovery.params.Params().with_(**{"outcomes.base_churn": 0.002})
    assert survey.paths_to_params(paths, ROLES, base).outcomes.base_churn == 0.002
    with pytest.raises(ValueError, match="no path PJ -> SAT"):
        survey.paths_to_params(paths[paths["from"] != "PJ"], ROLES)
    with pytest.raises(ValueError, match="roles needs \\['interactional'\\]"):
        survey.paths_to_params(paths, {k: v for k, v in ROLES.items() if k != "interactional"})
    with pytest.raises(ValueError, match="positive"):
        survey.paths_to_params(paths.assign(estimate=-0.2), ROLES)
