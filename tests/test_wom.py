"""Networks and word of mouth."""
import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import recovery
from recovery import wom


def degrees(g):
    return np.asarray(g.sum(axis=1)).ravel()


def test_watts_strogatz_matches_networkx_in_distribution():
    ours = wom.watts_strogatz(5_000, 10, 0.1, seed=1)
    theirs = nx.watts_strogatz_graph(5_000, 10, 0.1, seed=1)
    assert ours.nnz == 2 * theirs.number_of_edges()
    assert (ours != ours.T).nnz == 0 and ours.diagonal().sum() == 0
    c_ours = nx.average_clustering(nx.from_scipy_sparse_array(ours))
    assert c_ours == pytest.approx(nx.average_clustering(theirs), abs=0.02)
    assert degrees(ours).std() == pytest.approx(np.std([d for _, d in theirs.degree()]), rel=0.15)


def test_csr_is_canonical_and_rejects_ends_outside_the_network():
    g = wom.barabasi_albert(3_000, 5, seed=8)  # hubs take the long-row sort, others the short one
    assert g.has_sorted_indices and all((np.diff(g.indices[a:b]) > 0).all()
                                        for a, b in zip(g.indptr[:-1], g.indptr[1:]))
    assert (g != g.T).nnz == 0
    with pytest.raises(ValueError, match=re.escape("edge ends must lie in [0, 3)")):
        wom.from_edges(np.array([0, 1]), np.array([1, 3]), 3)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 60).flatmap(lambda n: st.tuples(st.just(n), st.sets(
    st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] < e[1]), max_size=200))))
def test_compiled_csr_equals_scipys(case):
    n, edges = case
    u, v = (np.array([e[k] for e in sorted(edges)], np.int64) for k in (0, 1))
    ours = wom.from_edges(u, v, n)
    theirs = sp.coo_matrix((np.ones(2 * u.size, np.int8), (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    theirs.sort_indices()
    assert (ours.indptr == theirs.indptr).all() and (ours.indices == theirs.indices).all()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32), st.floats(0, 1), st.floats(0, 1))
def test_telling_conserves_stories(seed, p_negative, p_positive):
    rng = np.random.default_rng(seed)
    g = wom.watts_strogatz(300, 6, 0.2, seed=rng)
    negative, positive, listening = (rng.random(300) < 0.3 for _ in range(3))
    net, told_neg, told_pos = wom.tell_neighbours(g, negative, positive, listening, rng, p_negative, p_positive)
    assert net.sum() == told_pos.sum() - told_neg.sum()
    assert (told_neg[~negative] == 0).all() and (told_pos[~positive] == 0).all()
    assert (net[~listening] == 0).all()
    assert (told_neg <= degrees(g)).all() and (told_pos <= degrees(g)).all()
    if p_negative == 1.0:  # certain telling reaches every listening neighbour
        assert (told_neg[negative] == (g[negative] @ listening)).all()


def test_watts_strogatz_on_a_complete_ring_cannot_rewire_and_stops():
    g = wom.watts_strogatz(11, 10, 1.0, seed=1)  # everyone already knows everyone
    assert g.nnz == 11 * 10 and (degrees(g) == 10).all()


def test_barabasi_albert_has_heavy_tail_and_about_m_links_each():
    g = wom.barabasi_albert(20_000, 5, seed=2)
    d = degrees(g)
    assert d.min() >= 1 and d.mean() == pytest.approx(10, rel=0.02)
    theirs = np.array([k for _, k in nx.barabasi_albert_graph(20_000, 5, seed=2).degree()])
    assert np.quantile(d, 0.99) == pytest.approx(np.quantile(theirs, 0.99), rel=0.2)


def test_configuration_model_keeps_degrees_mostly():
    d = np.random.default_rng(3).integers(1, 8, 4_000)
    d[-1] += d.sum() % 2
    g = wom.configuration_model(d, seed=3)
    assert (degrees(g) <= d).all() and degrees(g).sum() > 0.97 * d.sum()
    with pytest.raises(ValueError, match="odd"):
        wom.configuration_model([1, 2])


@pytest.mark.parametrize("rows, message", [
    ("a,b\n1,2\n3,3\n", "row 2: self-loop 3 -> 3"),
    ("a,b\n1,2\n2,3\n2,1\n", "row 3: duplicate edge 2 - 1 (already in row 1"),
    ("a,b\n1,2\nx,3\n", "row 2: a = 'x' is not a whole-number"),
    ("a,b\n", "no rows"),
    ("", "empty"),
])
def test_malformed_edge_lists_name_the_first_bad_row(tmp_path, rows, message):
    path = tmp_path / "edges.csv"
    path.write_text(rows)
    with pytest.raises(wom.EdgeListError, match=re.escape(message)):
        wom.load_edge_list(path)


def test_unknown_ids_are_named():
    with pytest.raises(wom.EdgeListError, match="row 2: customer id 9 is not among the 3 known ids"):
        wom.load_edge_list(pd.DataFrame({"s": [1, 2], "t": [2, 9]}), ids=[1, 2, 3])


def test_load_edge_list_builds_the_graph():
    g, ids = wom.load_edge_list(pd.DataFrame({"s": [10, 20], "t": [20, 30]}))
    assert list(ids) == [10, 20, 30]
    assert g.toarray().tolist() == [[0, 1, 0], [1, 0, 1], [0, 1, 0]]


def test_telling_reaches_only_listening_neighbours_at_the_given_rate():
    g = wom.watts_strogatz(20_000, 10, 0.1, seed=4)
    rng = np.random.default_rng(4)
    negative = np.zeros(20_000, bool)
    negative[:2_000] = True
    listening = np.ones(20_000, bool)
    listening[10_000:] = False
    net, told_neg, told_pos = wom.tell_neighbours(g, negative, np.zeros_like(negative), listening, rng,
                                                  p_negative=0.5)
    assert (net[10_000:] == 0).all() and (net <= 0).all()
    assert told_pos.sum() == 0 and told_neg.sum() == -net.sum()
    listening_neighbours = g[:2_000][:, :10_000].sum()
    assert told_neg.sum() == pytest.approx(0.5 * listening_neighbours, rel=0.05)


def test_telling_needs_one_flag_per_customer():
    g = wom.watts_strogatz(100, 4, 0.1, seed=1)
    with pytest.raises(ValueError, match=re.escape("listening has shape (99,); it needs one flag per customer (100,)")):
        wom.tell_neighbours(g, np.zeros(100, bool), np.zeros(100, bool), np.ones(99, bool), np.random.default_rng(1))


def test_bad_news_travels_further_than_good():
    g = wom.barabasi_albert(20_000, 5, seed=5)
    bad = wom.independent_cascade(g, np.arange(50), p=wom.P_TELL_NEGATIVE / 5, seed=6)["reached"].iloc[-1]
    good = wom.independent_cascade(g, np.arange(50), p=wom.P_TELL_POSITIVE / 5, seed=6)["reached"].iloc[-1]
    assert bad > good


def test_simulator_tells_only_along_the_network():
    # on a ring each customer has two neighbours: nobody can tell more than two people a period,
    # while the well-mixed population tells about twenty per bad experience (seed 002)
    ring = wom.watts_strogatz(3_000, 2, 0.0, seed=7)
    run = recovery.simulate(n_customers=3_000, periods=8, seed=7, network=ring)
    mixed = recovery.simulate(n_customers=3_000, periods=8, seed=7)
    for story in ("negative", "positive"):
        tellers, tellings = (run.measure(f"wom_{story}_{m}").sum() for m in ("tellers", "tellings"))
        assert tellers > 10 and tellers <= tellings <= 2 * tellers
        loud = mixed.measure(f"wom_{story}_tellings").sum() / mixed.measure(f"wom_{story}_tellers").sum()
        assert loud > 5
    g = wom.watts_strogatz(3_000, 10, 0.1, seed=7)
    with pytest.raises(ValueError, match="customers"):
        recovery.simulate(n_customers=10, periods=1, network=g)
    with pytest.raises(wom.NetworkError, match="scipy.sparse"):
        recovery.simulate(n_customers=3, periods=1, network=np.ones((3, 3)))


def test_telling_seed_gives_the_same_stories_and_a_generator_continues():
    g = wom.watts_strogatz(2_000, 10, 0.1, seed=1)
    negative = np.zeros(2_000, bool)
    negative[:500] = True
    args = (g, negative, np.zeros_like(negative), np.ones(2_000, bool))
    a, b = wom.tell_neighbours(*args, seed=3)[0], wom.tell_neighbours(*args, seed=np.random.SeedSequence(3))[0]
    np.testing.assert_array_equal(a, b)
    stream = np.random.default_rng(3)
    first, second = wom.tell_neighbours(*args, seed=stream)[0], wom.tell_neighbours(*args, seed=stream)[0]
    np.testing.assert_array_equal(first, a)   # a Generator is used as it is ...
    assert not np.array_equal(first, second)  # ... and its draws go on


def test_networks_follow_the_seed():
    assert (wom.barabasi_albert(500, 3, seed=1) != wom.barabasi_albert(500, 3, seed=np.random.SeedSequence(1))).nnz == 0
    assert (wom.watts_strogatz(500, 4, 0.3, seed=1) != wom.watts_strogatz(500, 4, 0.3, seed=2)).nnz > 0
