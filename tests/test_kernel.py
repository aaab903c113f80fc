"""The compiled journey kernel against its specification, the numpy path of the stage functions.

Both paths draw every uniform from the same keyed streams (recovery/journey/_streams.py), so
on one seed they must give the same history: counts exactly, real-valued sums to rounding
(the kernel adds in blocks, numpy pairwise; libm and numpy round exp and log differently in
the last bit).
"""
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery import simulate
from recovery.journey._streams import STAGES, WIDTH, Streams
from recovery.params import Params, Strategy
from recovery.wom import tell_counts, watts_strogatz

REAL = {"mean_satisfaction", "mean_expectation", "revenue", "revenue_good_service", "active_share"}
#: A strategy that uses every lever, so every branch of the episode runs.
BUSY = Strategy(compensation=1.2, apology=True, explanation=True, response_days=2.0, follow_up=True,
                choice_of_remedy=True, emotion_first=True, expectation_setting=0.5, proactive=True)


def assert_same_run(a, b):
    ha, hb = a.history, b.history
    assert ha[["period", "measure", "segment"]].equals(hb[["period", "measure", "segment"]])
    real = ha["measure"].isin(REAL).to_numpy()
    assert (ha["value"].to_numpy()[~real] == hb["value"].to_numpy()[~real]).all()
    np.testing.assert_allclose(ha["value"].to_numpy()[real], hb["value"].to_numpy()[real], rtol=1e-10, atol=1e-13)
    for column in a.customers.columns:
        x, y = a.customers[column], b.customers[column]
        if pd.api.types.is_float_dtype(x):
            np.testing.assert_allclose(x.to_numpy(), y.to_numpy(), rtol=1e-10, atol=1e-12, err_msg=column)
        elif isinstance(x.dtype, pd.CategoricalDtype):
            assert x.cat.codes.equals(y.cat.codes), column
        else:
            assert (x.to_numpy() == y.to_numpy()).all(), column


@pytest.mark.parametrize("strategy", [None, BUSY], ids=["by_the_book", "every_lever"])
def test_numpy_and_compiled_paths_give_the_same_numbers(strategy):
    args = dict(n_customers=6_000, periods=16, seed=21)
    compiled = simulate(None, strategy, **args)
    reference = simulate(None, strategy, engine="numpy", **args)
    assert compiled.measure("failures").sum() > 300 and compiled.measure("recovered").sum() > 50
    assert_same_run(compiled, reference)


def test_numpy_and_compiled_paths_give_the_same_numbers_on_a_network():
    net = watts_strogatz(5_000, 10, 0.1, seed=3)
    compiled = simulate(None, BUSY, n_customers=5_000, periods=12, seed=4, network=net)
    reference = simulate(None, BUSY, n_customers=5_000, periods=12, seed=4, network=net, engine="numpy")
    assert compiled.measure("wom_negative_tellings").sum() > 100
    assert_same_run(compiled, reference)


def test_a_run_where_everyone_leaves_ends_its_history_the_same_in_both_paths():
    # the history stops at the week the last customer leaves, that week included
    params = Params().with_(**{"outcomes.base_churn": 0.5})
    compiled = simulate(params, None, n_customers=3_000, periods=40, seed=2)
    reference = simulate(params, None, n_customers=3_000, periods=40, seed=2, engine="numpy")
    assert compiled.history["period"].max() < 40 and compiled.measure("active_share").iloc[-1] == 0
    assert not compiled.customers["active"].any()
    assert_same_run(compiled, reference)


@pytest.mark.parametrize("network", [False, True], ids=["well_mixed", "network"])
def test_one_thread_and_two_threads_give_identical_numbers(network):
    n = 30_000  # several blocks of the kernel, and listener ranges that split the population
    net = watts_strogatz(n, 10, 0.1, seed=1) if network else None
    one = simulate(n_customers=n, periods=10, seed=9, network=net, threads=1)
    two = simulate(n_customers=n, periods=10, seed=9, network=net, threads=2)
    assert one.history.equals(two.history)
    assert one.customers.equals(two.customers)


def test_threads_are_restored_and_checked():
    import numba

    before = numba.get_num_threads()
    simulate(n_customers=100, periods=2, seed=1, threads=1)
    assert numba.get_num_threads() == before
    with pytest.raises(ValueError, match="threads"):
        simulate(n_customers=100, periods=2, threads=0)
    with pytest.raises(ValueError, match="engine"):
        simulate(n_customers=100, periods=2, engine="fortran")


class _PhiloxStreams(Streams):
    """numpy's Philox generator per (seed, week, stage) instead of the keyed hash: draws that
    the kernel cannot share."""

    def draw(self, period, stage, customers=None):
        key = np.random.SeedSequence(self.key, spawn_key=(period, STAGES.index(stage)))
        rng = np.random.Generator(np.random.Philox(key))
        full = rng.random((WIDTH[stage], self.n))
        return full if customers is None else full[:, customers]


def test_kernel_agrees_in_distribution_with_independent_draws(monkeypatch):
    # 20 seeds of the kernel vs 20 seeds of the numpy path on numpy's own Philox streams:
    # every total of the history within 3 standard errors
    def totals(**kw):
        return pd.DataFrame([simulate(n_customers=2_000, periods=26, seed=seed, **kw).summary()["value"]
                             for seed in range(20)])

    compiled = totals()
    monkeypatch.setattr(sys.modules[simulate.__module__], "Streams", _PhiloxStreams)
    independent = totals(engine="numpy")
    se = np.sqrt(compiled.var() / len(compiled) + independent.var() / len(independent))
    gap = (compiled.mean() - independent.mean()).abs()
    assert (gap <= 3 * se + 1e-12).all(), (gap / se).sort_values().tail()


LEVERS = st.fixed_dictionaries({
    "compensation": st.floats(0, 1), "apology": st.booleans(), "explanation": st.booleans(),
    "response_days": st.floats(0.1, 14), "follow_up": st.booleans(), "choice_of_remedy": st.booleans(),
    "emotion_first": st.booleans(), "proactive": st.booleans()})


@settings(max_examples=6, deadline=None)
@given(a=LEVERS, b=LEVERS)
def test_in_the_kernel_a_better_recovery_is_never_worse_in_the_episodes_week(a, b):
    # the stage property (tests/test_journey.py) customer by customer in the compiled engine:
    # one seed, one week, so every customer meets the same failure and the same luck
    better = Strategy(compensation=max(a["compensation"], b["compensation"]),
                      response_days=min(a["response_days"], b["response_days"]),
                      **{k: a[k] or b[k] for k in ("apology", "explanation", "follow_up", "choice_of_remedy",
                                                   "emotion_first", "proactive")})
    good = simulate(None, better, n_customers=40_000, periods=1, seed=5).customers
    bad = simulate(None, Strategy(**a), n_customers=40_000, periods=1, seed=5).customers
    complained = (bad["complaints"] > 0).to_numpy()
    assert complained.sum() > 20 and (good["complaints"] == bad["complaints"]).all()
    assert (good["satisfaction"].to_numpy()[complained] >= bad["satisfaction"].to_numpy()[complained] - 1e-12).all()
    assert (good["active"].to_numpy() >= bad["active"].to_numpy()).all()


def test_network_telling_is_keyed_by_teller():
    g = watts_strogatz(2_000, 10, 0.1, seed=2)
    counts = np.zeros(2_000, np.int64)
    counts[7] = 3
    alone, told, _ = tell_counts(g, counts, np.zeros_like(counts), np.ones(2_000, bool), seed=4, period=3)
    assert told[7] == 3 and set(np.flatnonzero(alone)) <= set(g.indices[g.indptr[7]:g.indptr[8]])
    # other tellers joining (another strategy's extra complainants) leave teller 7's listeners alone
    counts[[2, 1_000]] = 5
    both, _, _ = tell_counts(g, counts, np.zeros_like(counts), np.ones(2_000, bool), seed=4, period=3)
    assert (both[g.indices[g.indptr[7]:g.indptr[8]]] <= alone[g.indices[g.indptr[7]:g.indptr[8]]]).all()
    assert set(np.flatnonzero(alone)) <= set(np.flatnonzero(both))
    other, _, _ = tell_counts(g, counts, np.zeros_like(counts), np.ones(2_000, bool), seed=4, period=4)
    assert not (other == both).all()


def test_network_telling_picks_neighbours_uniformly():
    star = watts_strogatz(12, 10, 0.0, seed=1)  # node 0 has 10 neighbours
    counts = np.zeros(12, np.int64)
    counts[0] = 3
    hits = np.zeros(12)
    for period in range(2_000):
        heard, _, _ = tell_counts(star, counts, np.zeros_like(counts), np.ones(12, bool), seed=1, period=period)
        hits -= heard
    neighbours = star.indices[star.indptr[0]:star.indptr[1]]
    share = hits[neighbours] / 2_000  # each neighbour told with chance 3/10
    assert np.abs(share - 0.3).max() < 4 * np.sqrt(0.3 * 0.7 / 2_000)
    assert hits.sum() == 3 * 2_000
