"""The population engine: shape of the result, conservation, determinism, errors."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recovery
from recovery.params import Params, Strategy, named_strategies


@pytest.fixture(scope="module")
def run():
    return recovery.simulate(n_customers=5_000, periods=20, seed=3)


def test_history_is_long_and_tidy(run):
    assert list(run.history.columns) == ["period", "measure", "value", "segment"]
    assert set(run.history["period"]) == set(range(1, 21))
    measures = set(run.history["measure"])
    for m in ("active_share", "mean_satisfaction", "failures", "complaints_voiced", "complaints_recorded",
              "recovered", "churned", "wom_negative_tellings", "wom_positive_tellings", "revenue"):
        assert m in measures
    assert set(run.history["segment"]) >= {"all", "negotiator", "more_loyal", "gone"}


def test_customers_are_conserved(run):
    churned = run.measure("churned").sum()
    assert run.customers["active"].sum() + churned == 5_000
    assert run.measure("active_share").iloc[-1] == pytest.approx(run.customers["active"].mean())


def test_recorded_complaints_are_a_subset_of_voiced(run):
    assert (run.measure("complaints_recorded") <= run.measure("complaints_voiced")).all()
    assert (run.measure("complaints_voiced") <= run.measure("failures")).all()


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), periods=st.integers(1, 6))
def test_shares_in_unit_interval_and_same_seed_same_numbers(seed, n, periods):
    a = recovery.simulate(n_customers=n, periods=periods, seed=seed)
    b = recovery.simulate(n_customers=n, periods=periods, seed=seed)
    assert a.history.equals(b.history)
    share = a.measure("active_share")
    assert ((share >= 0) & (share <= 1)).all()
    assert a.customers["active"].sum() + a.measure("churned").sum() == n


def test_summary_has_finals_and_totals(run):
    summary = run.summary()
    assert summary.loc["active_share", "kind"] == "final"
    assert summary.loc["failures", "value"] == run.measure("failures").sum()


def test_faster_recovery_keeps_more_customers():
    slow = recovery.simulate(strategy=Strategy(response_days=10), n_customers=20_000, periods=26, seed=5)
    fast = recovery.simulate(strategy=named_strategies()["fast_local"], n_customers=20_000, periods=26, seed=5)
    assert fast.measure("active_share").iloc[-1] > slow.measure("active_share").iloc[-1]


def test_bad_arguments_name_the_field():
    with pytest.raises(ValueError, match="n_customers"):
        recovery.simulate(n_customers=0)
    with pytest.raises(ValueError, match="periods"):
        recovery.simulate(periods=-3)


def test_customers_frame_holds_the_segments(run):
    c = run.customers
    assert len(c) == 5_000
    assert {"customer_type", "difficult_type", "active", "satisfaction", "expectation", "hazard",
            "failures", "complaints", "post_complaint"} <= set(c.columns)
    assert (c["complaints"] <= c["failures"]).all()
    complained = c[c["complaints"] > 0]
    assert complained["post_complaint"].notna().all()
    assert (c.loc[~c["active"] & (c["complaints"] > 0), "post_complaint"] == "gone").mean() > 0.5


def test_network_word_of_mouth_travels_only_along_edges():
    from recovery.wom import from_edges, watts_strogatz
    n = 4_000
    # a ring: everyone has two neighbours, so no teller can tell more than two people, while
    # well mixed a teller tells about 50 (told_bad_mean) or 36 (told_good_mean)
    ring = from_edges(np.arange(n), (np.arange(n) + 1) % n, n)
    for engine in ("compiled", "numpy"):
        run = recovery.simulate(n_customers=n, periods=10, seed=2, network=ring, engine=engine)
        for valence in ("negative", "positive"):
            tellers, tellings = run.measure(f"wom_{valence}_tellers"), run.measure(f"wom_{valence}_tellings")
            assert tellers.sum() > 20
            assert (tellings <= 2 * tellers).all() and tellings.sum() > 1.5 * tellers.sum()
    # no edges: stories are drawn but reach no one
    alone = recovery.simulate(n_customers=n, periods=10, seed=2, network=from_edges(np.array([0]), np.array([1]), n))
    assert alone.measure("wom_negative_tellings").sum() <= 1
    net = watts_strogatz(2_000, 10, 0.1, seed=1)
    a = recovery.simulate(n_customers=2_000, periods=10, seed=2, network=net)
    assert a.history.equals(recovery.simulate(n_customers=2_000, periods=10, seed=2, network=net).history)
    with pytest.raises(ValueError, match="customers"):
        recovery.simulate(n_customers=1_000, periods=2, network=net)


def test_lowering_expectations_changes_later_disconfirmation():
    plain = recovery.simulate(n_customers=20_000, periods=12, seed=4)
    lowered = recovery.simulate(strategy=named_strategies()["lower_expectations"], n_customers=20_000,
                                periods=12, seed=4)
    # stated standards: the same service is judged against a lower, narrower zone (seed 000) ...
    assert (lowered.measure("mean_satisfaction").iloc[:3] > plain.measure("mean_satisfaction").iloc[:3]).all()
    # ... and the happier customers' word of mouth raises everyone's expectations again
    assert lowered.measure("mean_expectation").iloc[-1] > plain.measure("mean_expectation").iloc[-1]


def test_wrong_types_are_refused():
    with pytest.raises(recovery.ParameterError, match="Strategy"):
        recovery.simulate(strategy={"compensation": 1.0}, n_customers=10, periods=1)


def test_params_reach_the_engine():
    quiet = Params().with_(**{"voice.p_reach_records": 0.0})
    run = recovery.simulate(quiet, n_customers=3_000, periods=10, seed=1)
    assert run.measure("complaints_recorded").sum() == 0
    assert run.measure("complaints_voiced").sum() > 0


def test_two_strategies_under_one_seed_meet_the_same_failures():
    from recovery.journey._streams import Streams
    book = recovery.simulate(n_customers=3_000, periods=6, seed=8)
    fast = recovery.simulate(strategy=named_strategies()["fast_local"], n_customers=3_000, periods=6, seed=8)
    # week 1: everyone is active under both strategies, so the failures are the same customers'
    assert book.measure("failures").iloc[0] == fast.measure("failures").iloc[0]
    assert (Streams(8, 10).draw(2, "failure") == Streams(8, 10).draw(2, "failure")).all()
    assert not (Streams(8, 10).draw(2, "failure") == Streams(8, 10).draw(3, "failure")).any()
    # a customer's uniforms do not depend on who else is drawn for
    assert (Streams(8, 10).draw(2, "handling", np.array([9, 3])) == Streams(8, 10).draw(2, "handling")[:, [9, 3]]).all()


def test_the_result_keeps_the_seed_sequence():
    run = recovery.simulate(n_customers=500, periods=3, seed=None)
    assert isinstance(run.seed, np.random.SeedSequence)
    again = recovery.simulate(n_customers=500, periods=3, seed=run.seed)
    assert run.history.equals(again.history)


def test_common_random_numbers_cut_the_spread_of_a_strategy_difference_by_more_than_three():
    s = named_strategies()
    pair = {"book": s["by_the_book"], "fast": s["fast_local"]}
    spread = {}
    for common in (True, False):
        table = recovery.compare(None, pair, n_customers=1_000, periods=13, seed=2, replications=20,
                                 common_random_numbers=common).set_index("measure")
        spread[common] = table.loc["retention", "se"]  # se = SD of the paired differences / sqrt(20)
    assert spread[True] <= spread[False] / 3


def test_compare_returns_paired_intervals():
    s = named_strategies()
    table = recovery.compare(None, {"book": s["by_the_book"], "generous": s["generous_compensation"]},
                             n_customers=800, periods=6, seed=1, replications=4, alpha=0.1)
    row = table.set_index("measure").loc["revenue_per_customer"]
    assert row["ci_low"] <= row["estimate"] <= row["ci_high"]
    from recovery.population import COMPARE_MEASURES
    assert set(table["measure"]) == set(COMPARE_MEASURES)
    with pytest.raises(ValueError, match="replications"):
        recovery.compare(None, {"a": s["by_the_book"], "b": s["fast_local"]}, replications=1)
    with pytest.raises(ValueError, match="baseline"):
        recovery.compare(None, {"a": s["by_the_book"], "b": s["fast_local"]}, baseline="c")


def test_network_telling_reads_wom_params():
    from recovery.wom import watts_strogatz
    net = watts_strogatz(3_000, 10, 0.1, seed=1)
    quiet = Params().with_(**{"wom.tell_intercept": -20.0, "wom.tell_good": 0.0})
    run = recovery.simulate(quiet, n_customers=3_000, periods=8, seed=2, network=net)
    assert run.measure("wom_negative_tellings").sum() == 0 and run.measure("wom_positive_tellings").sum() == 0
    loud = recovery.simulate(n_customers=3_000, periods=8, seed=2, network=net)
    assert loud.measure("wom_negative_tellings").sum() > 0


def test_word_of_mouth_follows_experiences_only():
    quiet = Params().with_(**{"failure.weekly_rate": 0.0})
    run = recovery.simulate(quiet, n_customers=3_000, periods=8, seed=3)
    assert run.measure("wom_negative_tellings").sum() == 0   # no failure, no bad story
    assert run.measure("wom_positive_tellings").sum() > 0    # good experiences are still told
