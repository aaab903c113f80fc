"""Issue 15: no silent wrong answer. The issue's examples (for meta-analysis, reliability,
survey loading, networks), then property-based tests (hypothesis) that throw generated bad
input at the public entry points and accept only a documented error or a finite result."""
import math
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import recovery
from recovery import desk, economics, experiments, meta, sweep, wom
from recovery._validation import ParameterError, number, whole
from recovery.params import FailureParams, Params, Strategy
from recovery.survey import load_survey, reliability

QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
DOCUMENTED = (recovery.InputError,)  # every typed error of the package is one (a ValueError)


# --- the validation module ---------------------------------------------------------------------

def test_numbers_refuse_bools_nan_inf_and_wrong_types_naming_them():
    with pytest.raises(recovery.ParameterError, match=r"x = True \(bool\): give a number in \[0, 1\]"):
        number("x", True, 0, 1)
    with pytest.raises(recovery.ParameterError, match="x = nan"):
        number("x", float("nan"))
    with pytest.raises(recovery.ParameterError, match="x = inf: give a finite number"):
        number("x", math.inf, 0)
    with pytest.raises(recovery.ParameterError, match=r"x = '0.5' \(str\)"):
        number("x", "0.5", 0, 1)
    assert number("x", np.float32(0.5), 0, 1) == 0.5  # numpy scalars are numbers, in range
    assert whole("n", 1e6, low=1) == 1_000_000 and whole("n", np.int64(3)) == 3
    with pytest.raises(recovery.ParameterError, match="n = 2.5: give a whole number"):
        whole("n", 2.5)
    with pytest.raises(recovery.ParameterError, match=r"yi: study 1 is True \(bool\)"):
        meta.random_effects([0.1, True, 0.3], [0.1, 0.1, 0.1])


# --- reliability --------------------------------------------------------------------------------

def _items(seed=0, n=200):
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=n)
    return pd.DataFrame({f"q{i}": np.clip(np.round(4 + 1.2 * trait + rng.normal(size=n)), 1, 7).astype(int)
                         for i in range(1, 5)})


def test_a_reverse_keyed_item_left_unreversed_warns_by_name():
    data = _items()
    data["q3"] = 8 - data["q3"]  # worded against the others and not reverse-coded
    with pytest.warns(recovery.ReverseKeyedItemWarning, match="reverse-code item 'q3'"):
        table = reliability("X =~ q1 + q2 + q3 + q4", data).table_
    assert table.loc["X", "alpha"] < 0.7
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reliability("X =~ q1 + q2 + q3 + q4", _items())  # keyed the same way: no warning


def test_a_negative_alpha_warns():
    data = _items()[["q1", "q2"]].assign(q2=lambda d: 8 - d["q2"])  # two items pulling apart
    with pytest.warns(recovery.FitWarning, match=r"X: alpha = -\d\.\d+ is negative"):
        table = reliability("X =~ q1 + q2", data).table_
    # the warning is the verdict; every figure beside it is still a number, never NaN
    assert table.select_dtypes("number").notna().all().all(), table


def test_a_99_missing_code_is_refused_when_the_scale_is_given():
    data = _items()
    data.loc[5, "q2"] = 99
    with pytest.raises(recovery.SurveyDataError, match="column 'q2', row 5: value 99 is outside the declared "
                                                       "scale 1-7"):
        reliability("X =~ q1 + q2 + q3 + q4", data, scale=(1, 7))
    with pytest.raises(recovery.SurveyDataError, match="row 5: value 99"):
        recovery.survey.cronbach_alpha(data, scale=(1, 7))


def test_collinear_constant_and_too_few_rows_are_refused():
    data = _items().assign(q5=lambda d: d["q1"])  # a duplicated item
    with pytest.raises(recovery.ModelSpecError, match=r"items \['q1', 'q5'\] are collinear"):
        reliability("X =~ q1 + q2 + q3 + q5", data)
    with pytest.raises(recovery.ModelSpecError, match="item 'q4' is constant"):
        reliability("X =~ q1 + q2 + q3 + q4", _items().assign(q4=3))
    with pytest.raises(recovery.ModelSpecError, match="2 complete rows"):
        reliability("X =~ q1 + q2 + q3", _items().iloc[:2])


# --- survey files -------------------------------------------------------------------------------

TEXT = "编号,满意1,满意2\n1,5,6\n2,3,2\n3,7,7\n"


@pytest.mark.parametrize("encoding, said", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
                                            ("gb18030", "gb18030")])
def test_utf8_bom_and_gbk_files_are_read_and_the_encoding_said(tmp_path, encoding, said):
    path = tmp_path / "survey.csv"
    path.write_bytes(TEXT.encode(encoding))
    data = load_survey(path, {"满意1": (1, 7), "满意2": (1, 7)}, id_column="编号")
    assert data.attrs["encoding"] == said
    assert data.index.name == "编号" and data["满意2"].tolist() == [6, 2, 7]


def test_repeated_column_names_are_refused_by_name(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("a,b,a\n1,2,3\n4,5,6\n", encoding="utf-8")
    with pytest.raises(recovery.SurveyDataError, match=r"column 'a' appears twice \(columns 1 and 3\)"):
        load_survey(path, {"a": (1, 7)})
    frame = pd.DataFrame([[1, 2, 3], [4, 5, 6]], columns=["a", "b", "a"])
    with pytest.raises(recovery.SurveyDataError, match="column 'a' appears twice"):
        load_survey(frame, {"a": (1, 7)})


def test_undecodable_text_says_what_to_do(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n\x81\xff,1\n")  # neither UTF-8 nor GB18030
    with pytest.raises(recovery.SurveyDataError, match="save it as CSV UTF-8"):
        load_survey(path, {"b": (1, 7)})


# --- networks -----------------------------------------------------------------------------------

def _adjacency(values):
    rows, cols = np.array([0, 1, 1, 2]), np.array([1, 0, 2, 1])
    return sp.csr_matrix((np.asarray(values, float), (rows, cols)), shape=(3, 3))


def test_stored_zeros_are_not_ties():
    g = wom.check_network(_adjacency([1, 1, 0, 0]), 3)
    assert g.nnz == 2 and g[1, 2] == 0


@pytest.mark.parametrize("values, message", [([1, 1, -1, -1], r"entry \(1, 2\) is -1.0"),
                                             ([1, 1, np.nan, np.nan], r"entry \(1, 2\) is nan"),
                                             ([1, 1, np.inf, 1], r"entry \(1, 2\) is inf")])
def test_negative_nan_and_infinite_weights_are_named(values, message):
    with pytest.raises(recovery.NetworkError, match=message):
        wom.check_network(_adjacency(values), 3)


def test_float_edge_ends_are_refused():
    with pytest.raises(recovery.NetworkError, match="u holds float64 values"):
        wom.from_edges(np.array([0.0, 1.5]), np.array([1, 2]), 3)


# --- property-based: generated bad input at every entry point --------------------------------

def _finite(*values):
    return all(np.isfinite(np.asarray(v, float)).all() for v in values)


anything = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=5),
                     st.lists(st.integers(0, 3), max_size=2))
floats = st.floats(allow_nan=True, allow_infinity=True, width=64)


def mostly(good, bad):
    """Three good draws to one bad, so that both paths (result and refusal) are exercised."""
    return st.one_of(good, good, good, bad)


@QUICK
@given(st.lists(st.tuples(mostly(st.floats(-3, 3), floats), mostly(st.floats(1e-8, 5), floats)), max_size=6),
       st.booleans(), mostly(st.sampled_from(["REML", "DL", "PM"]), st.sampled_from(["ML", 3, "reml"])),
       mostly(st.floats(0.001, 0.5), st.one_of(floats, st.booleans())))
def test_meta_gives_a_documented_error_or_finite_results(studies, ragged, method, alpha):
    yi, vi = [y for y, _ in studies], [v for _, v in studies]
    vi = vi[:-1] if ragged and len(vi) > 3 else vi
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # overflow on the way to a refusal is fine
            res = meta.random_effects(yi, vi, method=method, alpha=alpha)
    except DOCUMENTED:
        return
    assert res.tau2_ >= 0 and res.ci_low_ <= res.estimate_ <= res.ci_high_
    assert _finite(res.estimate_, res.se_, res.ci_low_, res.ci_high_, res.tau2_, res.i2_, res.q_)


@QUICK
@given(st.lists(st.lists(mostly(st.integers(1, 7), st.sampled_from([0, 99, None, "x", 7.5])), min_size=3,
                         max_size=3), min_size=0, max_size=12),
       st.sampled_from([None, (1, 7), (7, 1), (1,), "1-7"]))
def test_reliability_gives_a_documented_error_or_finite_results(rows, scale):
    data = pd.DataFrame(rows, columns=["a", "b", "c"]) if rows else pd.DataFrame(columns=["a", "b", "c"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", recovery.FitWarning)
            table = reliability("X =~ a + b + c", data, scale=scale).table_
    except DOCUMENTED:
        return
    assert _finite(table[["alpha", "omega", "rho_c", "ave"]])


@QUICK
@given(st.lists(st.lists(st.one_of(st.integers(-2, 9), st.floats(0, 8), st.none(), st.text(max_size=2)),
                         min_size=2, max_size=2), min_size=0, max_size=8),
       st.sampled_from([{"a": (1, 7)}, {"a": (1, 7), "b": (1, 5)}, {"a": (7, 1)}, {"z": (1, 7)}, {}, {"a": "x"}]))
def test_load_survey_gives_a_documented_error_or_checked_numbers(rows, scales):
    frame = pd.DataFrame(rows, columns=["a", "b"]) if rows else pd.DataFrame(columns=["a", "b"])
    try:
        data = load_survey(frame, scales)
    except DOCUMENTED:
        return
    for item, (low, high) in scales.items():
        values = data[item].dropna()
        assert ((values >= low) & (values <= high)).all()


@QUICK
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), floats), max_size=12))
def test_check_network_gives_a_documented_error_or_a_clean_tie_pattern(entries):
    rows, cols, vals = (list(x) for x in zip(*entries)) if entries else ([], [], [])
    g = sp.coo_matrix((np.asarray(vals, float), (rows, cols)), shape=(6, 6)).tocsr()
    try:
        out = wom.check_network(g, 6)
    except DOCUMENTED:
        return
    assert (out.data > 0).all() and np.isfinite(out.data).all() and not out.diagonal().any()
    assert ((out != 0) != (out.T != 0)).nnz == 0


@QUICK
@given(st.lists(st.tuples(st.text(max_size=3), st.text(max_size=3)), max_size=6))
def test_load_edge_list_gives_a_documented_error_or_a_network(pairs):
    frame = pd.DataFrame(pairs, columns=["source", "target"])
    try:
        g, ids = wom.load_edge_list(frame)
    except DOCUMENTED:
        return
    assert g.shape == (len(ids), len(ids)) and g.nnz == 2 * len(frame)


@QUICK
@given(st.sampled_from(["replications", "seed", "samples", "n_customers", "periods"]), anything)
def test_sweep_config_gives_a_documented_error_before_any_work(tmp_path_factory, key, value):
    def toml(v):
        if isinstance(v, bool):
            return str(v).lower()
        if isinstance(v, float) and not math.isfinite(v):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        if isinstance(v, str):
            return repr(v).replace("\\", "")
        return "[]" if v is None else str(v)
    path = tmp_path_factory.mktemp("cfg") / "c.toml"
    path.write_text(f"[sweep]\ndesign = 'latin_hypercube'\nsamples = 4\n{key} = {toml(value)}\n"
                    "[bounds]\n'strategy.compensation' = [0.0, 1.0]\n")
    try:
        config = sweep.load_config(path)
    except DOCUMENTED:
        return
    assert isinstance(config["sweep"].get(key), int)  # whatever passed is a whole number in range


@QUICK
@given(anything, anything, anything)
def test_economics_gives_a_documented_error_or_a_finite_number(margin, retention, rate):
    try:
        value = economics.geometric_clv(margin, retention, rate)
    except DOCUMENTED:
        return
    assert math.isfinite(value)
    try:
        table = economics.cost_of_quality(margin, prevented_share=retention, corrected_share=0.0, unit_cost=1.0)
    except DOCUMENTED:
        return
    assert _finite(table["cost"])


@settings(max_examples=25, deadline=None)
@given(st.one_of(st.floats(-1, 50), st.sampled_from([np.nan, np.inf]), st.integers(-3, 50), st.booleans(),
                st.just(10**9)),
       st.one_of(st.integers(-1, 3), st.booleans(), st.floats(0, 3)), st.one_of(st.integers(-1, 3), st.floats(-1, 2)),
       st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.booleans()))
def test_desk_gives_a_documented_error_or_a_finished_run(rate, agents, days, handle):
    try:
        res = desk.simulate_desk(rate, agents=agents, days=days, handle_hours=handle, warmup_days=0.0, seed=1)
    except DOCUMENTED:
        return
    assert math.isfinite(res.utilisation) and 0 <= res.p_wait <= 1 or math.isnan(res.p_wait)


@QUICK
@given(st.one_of(floats, st.booleans()), st.one_of(floats, st.booleans()), st.one_of(st.integers(-5, 10**9),
                                                                                    st.booleans()))
def test_power_curve_gives_a_documented_error_or_powers(effect, alpha, n):
    try:
        table = experiments.power_curve(effect, [n], reps=20, alpha=alpha, seed=1)
    except DOCUMENTED:
        return
    assert table["power"].between(0, 1).all()


# --- the journey model's parameters and runs (issue 15's examples) ---

@pytest.mark.parametrize("change, message", [
    ({"recovery.speed_scale_days": float("inf")}, r"RecoveryParams.speed_scale_days = inf: give a finite number"),
    ({"outcomes.good_service": float("nan")}, r"OutcomeParams.good_service = nan"),
    ({"wom.told_bad_mean": 1e6}, r"WomParams.told_bad_mean = 1000000.0 is outside the allowed range \[0, 250\]"),
    ({"expectations.performance_sd": 1e308}, r"ExpectationParams.performance_sd = 1e\+308"),
    ({"wom.vent_days": "3"}, r"WomParams.vent_days = '3' \(str\)"),
    ({"failure.cause_shares": {"product_quality": 0.5, "prodcut_quality": 0.5}}, r"unknown key 'prodcut_quality'"),
    ({"failure.p_controllable": {**FailureParams().p_controllable, "weather": 0.1}}, r"unknown key 'weather'"),
    ({"voice.type_shares": 5}, r"voice.type_shares"),
])
def test_bad_model_parameters_are_refused_by_name(change, message):
    with pytest.raises(ParameterError, match=message):
        Params().with_(**change)


def test_numpy_numbers_are_numbers_for_a_strategy():
    assert Strategy(compensation=np.float32(0.5)).compensation == np.float32(0.5)
    with pytest.raises(ParameterError, match=r"Strategy.follow_up = 'yes' \(str\): give True or False"):
        Strategy(follow_up="yes")


def test_a_run_that_cannot_finish_is_refused_with_a_size_that_would():
    with pytest.raises(ParameterError, match="periods = 1,000,000,000,000 cannot finish"):
        recovery.simulate(n_customers=10, periods=10**12)
    with pytest.raises(ParameterError, match="n_customers = "):
        recovery.simulate(n_customers=50_000_000, periods=52)
    with pytest.raises(ParameterError, match="params = dict"):
        recovery.simulate({"wom": 1})


def test_a_run_stops_when_no_customer_is_left():
    everyone_leaves = Params().with_(**{"failure.weekly_rate": 1.0, "outcomes.leave_intercept": 20.0,
                                        "outcomes.follow_through": 1.0})
    run = recovery.simulate(everyone_leaves, n_customers=200, periods=200, seed=1)
    last = run.history["period"].max()
    assert last < 200 and run.measure("active_share").loc[last] == 0
    assert np.isfinite(run.history["value"]).all()


def test_a_zero_effect_is_refused_for_a_difference_but_is_the_point_of_an_equivalence_test():
    with pytest.raises(experiments.DesignError, match="effect_size = 0"):
        experiments.required_n(0.0, reps=50, seed=1)
    n = experiments.required_n(0.0, test="equivalence", margin=0.5, reps=100, seed=1)
    assert isinstance(n, (int, np.integer)) and n > 0
