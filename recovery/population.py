"""The population engine: runs the customer journey over periods for a whole population.

Vectorised over customers (numpy arrays, no Python object per customer). Each period every
active customer has one encounter (:func:`encounter`): it may fail (seed 001's causes), the
customer may complain or stay silent (seed 004), the firm handles and recovers with the
strategy's levers, and the customer's satisfaction (the attitude), behavioural hazard,
expectation sources and word of mouth follow (see :mod:`recovery.journey`). Word of mouth
then spreads (word of mouth: well mixed, or along a network) and moves the listeners'
expectations for the next period.

>>> import recovery
>>> res = recovery.simulate(n_customers=2_000, periods=8, seed=1)
>>> bool(0 < res.summary().loc["active_share", "value"] <= 1)
True
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recovery._seeding import children, seed_sequence
from recovery._validation import ParameterError, run_size, whole
from recovery.journey import difficult_table, expectations, failure, outcomes, reliability, run_episode, telling
from recovery.journey._streams import GOLDEN, STAGES, Streams, mix, teller_key
from recovery.params import CUSTOMER_TYPES, DIFFICULT_TYPES, POST_COMPLAINT_STATES, Params, Strategy

__all__ = ["simulate", "compare", "COMPARE_MEASURES", "ENGINES", "SimulationResult", "initial_population", "encounter",
           "spread_word_of_mouth", "PERSON_STATE"]

#: Stages whose uniforms an encounter reads (:mod:`recovery.journey._streams`).
DRAWN_STAGES = ("performance", "failure", "voice", "handling", "telling", "leave")
#: The per-customer state an encounter reads and updates.
PERSON_STATE = ("ctype", "difficult", "needs", "past", "wom", "satisfaction", "alpha", "beta", "learned", "hazard")


@dataclass
class SimulationResult:
    """What :func:`simulate` returns.

    ``history``: long DataFrame with columns period, measure, value, segment ("all", a customer
    type, or a post-complaint state). ``customers``: the final per-customer state. ``seed``:
    the run's ``numpy.random.SeedSequence`` (pass it back as ``seed`` to repeat the run).
    """

    history: pd.DataFrame
    customers: pd.DataFrame
    params: Params
    strategy: Strategy
    seed: np.random.SeedSequence

    def measure(self, name: str, segment: str = "all") -> pd.Series:
        """One measure over time, indexed by period."""
        rows = self.history[(self.history["measure"] == name) & (self.history["segment"] == segment)]
        if rows.empty:
            raise KeyError(f"no measure {name!r} for segment {segment!r}; measures: "
                           f"{sorted(self.history['measure'].unique())}")
        return rows.set_index("period")["value"]

    def summary(self) -> pd.DataFrame:
        """End-of-run figures: final shares and means, totals of the per-period counts."""
        last = self.history["period"].max()
        overall = self.history[self.history["segment"] == "all"]
        finals = overall[overall["period"] == last].set_index("measure")["value"]
        levels = ["active_share", "mean_satisfaction", "mean_expectation"]
        rows = {m: ("final", finals[m]) for m in levels}
        totals = overall[~overall["measure"].isin(levels)].groupby("measure")["value"].sum()
        rows.update({m: ("total", v) for m, v in totals.items()})
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=["kind", "value"])
        frame.index.name = "measure"
        return frame


def initial_population(n_customers: int, params: Params, u: np.ndarray) -> dict[str, np.ndarray]:
    """Customers at the start, from three uniforms each (``u``, shape (3, n)): type (seed 004),
    difficult type (seed 001), personal needs, the two other expectation sources (seed 000), past
    experience and word of mouth, both at ``initial_experience``, and the reliability belief at
    its prior (:mod:`recovery.journey.reliability`). Satisfaction, the learned recovery
    expectation and the hazard start at zero.

    Parameters
    ----------
    n_customers : int
        Number of customers.
    params : recovery.params.Params
        The model's parameters.
    u : numpy.ndarray
        Uniforms, shape (3, n_customers).

    Returns
    -------
    dict of str to numpy.ndarray
        Each customer's state, keys ``PERSON_STATE``.

    Examples
    --------
    >>> people = initial_population(4, Params(), np.full((3, 4), 0.5))
    >>> sorted(people) == sorted(PERSON_STATE)
    True
    """
    vp, ep = params.voice, params.expectations
    ctype = np.minimum(np.searchsorted(np.cumsum([vp.type_shares[t] for t in CUSTOMER_TYPES]), u[0], side="right"),
                       len(CUSTOMER_TYPES) - 1)
    difficult = np.minimum(np.searchsorted(np.cumsum(difficult_table(params)[:, 0]), u[1], side="right"),
                           len(DIFFICULT_TYPES) - 1)
    alpha, beta = reliability.prior(n_customers, params)
    return {
        "ctype": ctype, "difficult": difficult, "needs": ep.needs_mean + ep.needs_sd * _normal(u[2]),
        "past": np.full(n_customers, ep.initial_experience), "wom": np.full(n_customers, ep.initial_experience),
        "satisfaction": np.zeros(n_customers), "alpha": alpha, "beta": beta, "learned": np.zeros(n_customers),
        "hazard": np.zeros(n_customers),
    }


def _normal(u: np.ndarray) -> np.ndarray:
    from recovery.journey import _quantiles   # compiled: imported on first draw, not with the module

    return _quantiles.normal(u)


def encounter(people: dict[str, np.ndarray], params: Params, strategy: Strategy, u: dict[str, np.ndarray],
              failures: dict[str, np.ndarray] | None = None, voiced=None) -> tuple[dict, dict]:
    """One period for the customers in ``people`` (arrays of equal length, keys ``PERSON_STATE``).

    ``u`` holds this period's uniforms of these customers by stage (:mod:`recovery.journey._streams`).
    ``failures`` (keys of :func:`recovery.journey.failure.draw_failures`) sets who fails and
    how; None draws it. ``voiced`` (an array, or None to draw) forces who complains. Returns
    ``(updated, out)``: the updated state (word of mouth not yet heard) and this period's
    results: ``failed``, ``episode`` (the stage results for the failed, in order), ``experience``,
    ``expectation``, ``intention`` (to leave, at a failure), ``p_leave`` (episode decision and
    everyday churn combined), ``leave`` (a draw), ``told_negative``, ``told_positive``,
    ``told_at_failure``, ``failure_tellers``, ``good`` (good experiences).

    Parameters
    ----------
    people : dict of str to numpy.ndarray
        The customers' state, keys ``PERSON_STATE``.
    params : recovery.params.Params
        The model's parameters.
    strategy : recovery.params.Strategy
        The firm's recovery strategy.
    u : dict of str to numpy.ndarray
        This period's uniforms by stage.
    failures : dict of str to numpy.ndarray, optional
        Who fails and how; None draws it.
    voiced : numpy.ndarray of bool, optional
        Who complains; None draws it.

    Returns
    -------
    tuple of dict
        ``(updated, out)`` as above.

    Examples
    --------
    >>> from recovery.journey._streams import WIDTH
    >>> people = initial_population(3, Params(), np.full((3, 3), 0.5))
    >>> u = {stage: np.full((k, 3), 0.5) for stage, k in WIDTH.items()}
    >>> updated, out = encounter(people, Params(), Strategy(), u)
    >>> out["failed"].shape
    (3,)
    """
    ep, op = params.expectations, params.outcomes
    n = people["past"].shape[0]
    expectation = expectations.predicted(people["past"], people["wom"], people["needs"], ep)
    adequate, desired = expectations.zone(expectation, ep, strategy.expectation_setting)
    performance = ep.performance_mean + ep.performance_sd * _normal(u["performance"][0])
    fails = failure.draw_failures(u["failure"], params.failure) if failures is None else failures
    failed = fails["cause"] >= 0
    f = np.flatnonzero(failed)
    before = reliability.extra_failures(people["alpha"], people["beta"], params)
    alpha, beta = reliability.update(people["alpha"], people["beta"], failed, fails["severity"], fails["stable"],
                                     params)
    extra = reliability.extra_failures(alpha, beta, params)
    felt = expectations.disconfirmation(performance, adequate, desired, ep)
    result = run_episode(
        severity=fails["severity"][f], outcome=fails["outcome"][f], controllable=fails["controllable"][f],
        stable=fails["stable"][f], cause=fails["cause"][f], ctype=people["ctype"][f],
        difficult=people["difficult"][f], learned=people["learned"][f], alpha=alpha[f], beta=beta[f],
        before=before[f],
        performance=performance[f], adequate=adequate[f], desired=desired[f], params=params, strategy=strategy,
        u_voice=u["voice"][:, f], u_handling=u["handling"][:, f],
        voiced=None if voiced is None else np.asarray(voiced, bool)[f])

    alpha[f] = result["alpha"]
    extra = reliability.extra_failures(alpha, beta, params)
    experience = felt.copy()
    experience[f] = result["remembered"]
    satisfaction = expectations.learn(people["satisfaction"], experience, op.satisfaction_rate)
    p_episode, intention = np.zeros(n), np.zeros(n)
    p_episode[f], intention[f] = result["p_leave"], result["intention"]
    p_leave = outcomes.combine(p_episode, outcomes.period_churn(satisfaction, people["hazard"], extra, op))
    leave = u["leave"][0] < p_leave

    def spread(key, fill=0.0):
        full = np.full(n, fill, dtype=np.asarray(result[key]).dtype)
        full[f] = result[key]
        return full

    good = ~failed & (performance > desired + params.wom.good_threshold)
    good[f] = result["good_recovery"]
    told = telling.tell(u["telling"], failed, fails["severity"], spread("voiced", False), spread("days"),
                        spread("failed_recovery", False), good, params.wom)
    learned = people["learned"].copy() * op.recovery_memory_decay
    learned[f] = expectations.learn_recovery(people["learned"][f], result["voiced"], result["recovery_satisfaction"],
                                             result["recovery_adequate"], params)

    updated = dict(people)
    updated.update(satisfaction=satisfaction, alpha=alpha, beta=beta, learned=learned,
                   hazard=outcomes.update_hazard(people["hazard"], p_episode, op),
                   past=expectations.learn_past(people["past"], performance, failed, ep))
    return updated, {"failed": failed, "episode": result, "experience": experience, "expectation": expectation,
                     "intention": intention, "p_leave": p_leave, "leave": leave, "told_negative": told["negative"],
                     "told_positive": told["positive"], "told_at_failure": told["at_failure"],
                     "failure_tellers": told["failure_tellers"], "good": good}


def spread_word_of_mouth(negative: np.ndarray, positive: np.ndarray, idx: np.ndarray, active: np.ndarray,
                         keys: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Well-mixed word of mouth: story ``k`` of teller ``idx[j]`` reaches customer
    ``hash(teller, k) mod n`` of the whole population, in the week's negative or positive
    stream (``keys``: their keys, :func:`recovery.journey._streams.stream_key`); stories
    reaching someone who is not (or no longer) a customer are told, not heard. The people a
    teller reaches depend only on the teller, so two strategies under one seed spread the same
    teller's stories to the same people (common random numbers). Returns the stories heard by
    each of ``idx``: (net, positive minus negative; negative).

    Parameters
    ----------
    negative, positive : numpy.ndarray of int
        People each teller in ``idx`` tells, bad and good stories.
    idx : numpy.ndarray of int
        The tellers' indices in the population.
    active : numpy.ndarray of bool
        Who is still a customer (length of the population).
    keys : tuple of int
        Keys of the week's negative and positive streams.

    Returns
    -------
    tuple of numpy.ndarray
        ``(net, bad)`` stories heard by each of ``idx``.

    Examples
    --------
    >>> net, bad = spread_word_of_mouth(np.array([3, 0]), np.array([0, 2]), np.array([0, 1]), np.ones(2, bool), (7, 8))
    >>> float(net.sum()), float(bad.sum())
    (-1.0, 3.0)
    """
    n = active.shape[0]
    heard, bad = np.zeros(n), np.zeros(n)
    for counts, sign, key in ((negative, -1.0, keys[0]), (positive, 1.0, keys[1])):
        counts = np.asarray(counts, np.int64)
        total = int(counts.sum())
        if total == 0:
            continue
        teller = np.repeat(idx.astype(np.uint64), counts)
        k = (np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)).astype(np.uint64)
        h = mix(teller_key(np.uint64(key), teller) + k * GOLDEN)
        listener = (h % np.uint64(n)).astype(np.int64)
        listener = listener[active[listener]]
        reached = np.bincount(listener, minlength=n)
        heard += sign * reached
        if sign < 0:
            bad += reached
    return heard[idx], bad[idx]


def _word_of_mouth(told_negative: np.ndarray, told_positive: np.ndarray, idx: np.ndarray, active: np.ndarray,
                  network, streams: Streams, period: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The word-of-mouth step of the numpy path, keyed like the compiled kernel.

    ``idx`` are the indices of the customers who had an encounter (those told about are among
    ``active``). The journey drew how many people each teller tells (:mod:`recovery.journey.telling`);
    without a network they are customers picked by a hash of the teller (:func:`spread_word_of_mouth`); with
    one, that many of the teller's listening neighbours, all of them if fewer
    (:func:`recovery.wom.tell_counts`), and the counts become the tellings that happened.
    Returns (net stories heard, bad stories heard, negative tellings, positive tellings) for ``idx``.
    """
    keys = (streams.stream(period, "wom_negative"), streams.stream(period, "wom_positive"))
    if network is None:
        net, bad = spread_word_of_mouth(told_negative, told_positive, idx, active, keys)
        return net, bad, told_negative, told_positive
    from recovery.wom import tell_counts
    n = active.shape[0]
    negative, positive = np.zeros(n, np.int64), np.zeros(n, np.int64)
    negative[idx], positive[idx] = told_negative, told_positive
    bad, told_negative, _ = tell_counts(network, negative, np.zeros(n, np.int64), active, seed=streams.root,
                                        period=period)
    good, _, told_positive = tell_counts(network, np.zeros(n, np.int64), positive, active, seed=streams.root,
                                         period=period)
    return (good + bad)[idx], -bad[idx], told_negative[idx], told_positive[idx]


#: Engines of :func:`simulate`: the compiled kernel and the numpy reference path.
ENGINES = ("compiled", "numpy")


def simulate(params: Params | None = None, strategy: Strategy | None = None, *, n_customers: int = 10_000,
             periods: int = 52, seed=None, network=None, threads: int | None = None,
             engine: str = "compiled") -> SimulationResult:
    """Simulate a customer population through failures, complaints and recoveries.

    Parameters
    ----------
    params : Params, optional
        The journey model's parameters; None uses the calibrated defaults.
    strategy : Strategy, optional
        The firm's recovery levers; None is standard handling by the book.
    n_customers : int
        Customers at the start.
    periods : int
        Weeks simulated. The run stops early when no customer is left; sizes that cannot
        finish are refused (:func:`recovery._validation.run_size`).
    seed : int, None, numpy.random.SeedSequence or numpy.random.Generator
        Turned into the run's keyed streams (:mod:`recovery.journey._streams`): every uniform
        is a function of (seed, week, stage, customer), so two strategies under one seed give
        each customer the same luck (common random numbers), and the numbers do not depend on
        ``threads`` or ``engine``.
    network : scipy.sparse matrix, optional
        A symmetric adjacency over the customers; word of mouth then travels along its edges
        (:func:`recovery.wom.tell_counts`); None mixes it across the population.
    threads : int, optional
        Threads of the compiled engine; None uses every core. The numbers do not change.
    engine : {"compiled", "numpy"}
        ``"compiled"`` runs the numba kernel (:mod:`recovery.journey._kernel`); ``"numpy"``
        the stage functions of :mod:`recovery.journey` over arrays, the readable reference
        the kernel is tested against (same numbers, several times slower).

    Returns
    -------
    SimulationResult
        ``history`` (per week and segment), ``customers`` (the final state), the inputs and
        the seed as a ``SeedSequence``.

    References
    ----------
    Salmon, J. K., Moraes, M. A., Dror, R. O. & Shaw, D. E. (2011). Parallel random numbers:
    as easy as 1, 2, 3. SC'11 (counter-based streams). The model: ``docs/model.md``.

    Examples
    --------
    >>> res = simulate(n_customers=1_000, periods=4, seed=7)
    >>> sorted(res.history["measure"].unique())[:3]
    ['active_share', 'churned', 'complaints_recorded']
    >>> res.history.equals(simulate(n_customers=1_000, periods=4, seed=7, threads=1).history)
    True
    """
    params = Params() if params is None else params
    strategy = Strategy() if strategy is None else strategy
    if not isinstance(params, Params):
        raise ParameterError(f"params = {type(params).__name__}: give a recovery.params.Params (e.g. Params().with_(...))")
    if not isinstance(strategy, Strategy):
        raise ParameterError(f"strategy = {type(strategy).__name__}: give a recovery.params.Strategy")
    if engine not in ENGINES:
        raise ParameterError(f"engine = {engine!r}: give one of {ENGINES}")
    n_customers, periods = run_size(n_customers, periods)
    if network is not None:
        from recovery.wom import check_network
        network = check_network(network, n_customers)
    streams = Streams(seed_sequence(seed), n_customers)
    if engine == "numpy":
        rows, state = _simulate_numpy(params, strategy, n_customers, periods, streams, network)
    else:
        with _KERNEL_LOCK, _threads(threads):
            rows, state = _simulate_compiled(params, strategy, n_customers, periods, streams, network)
    history = pd.DataFrame(rows, columns=["period", "measure", "value", "segment"])
    broken = history[~np.isfinite(history["value"])]
    if len(broken):
        first = broken.iloc[0]
        raise ParameterError(f"the run produced {first['value']} for {first['measure']!r} in period "
                             f"{int(first['period'])}: the parameters drive the model off its scale; check the "
                             "values you changed against their documented ranges (docs/model.md)")
    customers = pd.DataFrame({
        "customer_type": pd.Categorical.from_codes(state["ctype"], CUSTOMER_TYPES),
        "difficult_type": pd.Categorical.from_codes(state["difficult"], DIFFICULT_TYPES),
        "active": state["active"], "satisfaction": state["satisfaction"],
        "expectation": expectations.predicted(state["past"], state["wom"], state["needs"], params.expectations),
        "needs": state["needs"], "hazard": state["hazard"], "failures": state["failures"],
        "complaints": state["complaints"], "first_failure": state["first_failure"],
        "first_failure_silent": state["first_silent"], "left": state["left"],
        "post_complaint": pd.Categorical.from_codes(state["post_complaint"], POST_COMPLAINT_STATES),
    })
    return SimulationResult(history=history, customers=customers, params=params, strategy=strategy,
                            seed=streams.root)


#: One compiled run at a time per process: numba's default threading layer (workqueue) cannot
#: run parallel kernels from two threads at once (e.g. a threaded classroom server).
_KERNEL_LOCK = threading.Lock()


@contextmanager
def _threads(threads):
    """Run with ``threads`` numba threads (None: all), restoring the caller's number after."""
    import numba

    most = numba.config.NUMBA_NUM_THREADS
    count = most if threads is None else whole("threads", threads, low=1)
    if count > most:
        raise ParameterError(f"threads = {count}: this machine runs at most {most} (give None for all of them)")
    before = numba.get_num_threads()
    numba.set_num_threads(count)
    try:
        yield
    finally:
        numba.set_num_threads(before)


def _week_rows(period: int, t: np.ndarray, n: int, members: np.ndarray) -> list[tuple]:
    """The history rows of one week from its totals (indexed as ``_kernel.MEASURES``, then the
    active customers by type, then the post-complaint states)."""
    from recovery.journey import _kernel as K

    rows = [(period, name, float(t[k]), "all") for k, name in enumerate(K.MEASURES[:K.M_ACTIVE])]
    active = t[K.M_ACTIVE]
    rows.append((period, "active_share", float(active / n), "all"))
    if active:
        rows.append((period, "mean_satisfaction", float(t[K.M_SAT] / active), "all"))
        rows.append((period, "mean_expectation", float(t[K.M_EXP] / active), "all"))
    rows += [(period, "active_share", float(t[K.M_TYPES + k] / members[k]), name)
             for k, name in enumerate(CUSTOMER_TYPES) if members[k]]
    rows += [(period, "post_complaint_customers", float(t[K.M_STATES + k]), name)
             for k, name in enumerate(POST_COMPLAINT_STATES)]
    return rows


def _simulate_compiled(params, strategy, n, periods, streams, network):
    import numba

    from recovery.journey import _kernel as K

    tables = K.pack(params, strategy)
    par, type_cum, difficult_cum = tables[0], tables[-2], tables[-1]
    status = np.full(n, K.ACTIVE, np.uint8)
    ctype, difficult = np.empty(n, np.uint8), np.empty(n, np.uint8)
    fstate = np.empty((len(K.FLOAT_STATE), n))
    K.populate(np.uint64(streams.stream(0, "population")), ctype, difficult, fstate, type_cum, difficult_cum, par)
    counts = np.zeros((4, n), np.uint16)          # failures, complaints, week of the first failure, week left
    post = np.full(n, -1, np.int8)
    first_silent, failed_now = np.zeros(n, bool), np.zeros(n, bool)
    told_neg, told_pos, heard_neg, heard_pos = (np.zeros(n, np.int32) for _ in range(4))
    tellers = np.empty(n, np.int32)               # the week's tellers, block by block
    if network is None:
        indptr = indices = np.empty(0, np.int32)
        cut_neg = cut_pos = np.empty(0, np.uint64)
    else:
        indptr, indices = network.indptr, network.indices
        cut_neg, cut_pos = np.zeros(n, np.uint64), np.zeros(n, np.uint64)
    members = np.bincount(ctype, minlength=len(CUSTOMER_TYPES))
    blocks = -(-n // K.BLOCK)
    block_tellers = np.zeros(blocks, np.int64)
    rows: list[tuple] = []
    for period in range(1, periods + 1):
        keys = np.array([streams.stream(period, stage) for stage in STAGES], np.uint64)
        sums = np.zeros((blocks, K.N_MEASURES))
        K.week(period, keys, numba.get_num_threads(), status, ctype, difficult, fstate, counts, post, first_silent,
               told_neg, told_pos, heard_neg, heard_pos, failed_now, tellers, block_tellers, indptr, indices, cut_neg,
               cut_pos, *tables[:-2], sums)
        totals = sums.sum(axis=0)
        rows += _week_rows(period, totals, n, members)
        if not totals[K.M_ACTIVE]:  # no customer left: the history ends here
            break
    state = {name: fstate[k] for k, name in enumerate(K.FLOAT_STATE)}
    state.update(ctype=ctype, difficult=difficult, active=status == K.ACTIVE, failures=counts[0], complaints=counts[1],
                 first_failure=counts[2], left=counts[3], first_silent=first_silent, post_complaint=post)
    return rows, state


def _simulate_numpy(params, strategy, n_customers, periods, streams, network):
    from recovery.journey import _kernel as K

    op = params.outcomes
    state = initial_population(n_customers, params, streams.draw(0, "population"))
    active = np.ones(n_customers, bool)
    failures_count = np.zeros(n_customers, np.int64)
    complaints = np.zeros(n_customers, np.int64)
    post_complaint = np.full(n_customers, -1)
    first_failure = np.zeros(n_customers, np.int64)       # period of the first failure, 0 = none
    first_silent = np.zeros(n_customers, bool)            # ... and whether it went unvoiced
    left = np.zeros(n_customers, np.int64)                # period the customer left, 0 = still here
    members = np.bincount(state["ctype"], minlength=len(CUSTOMER_TYPES))
    rows: list[tuple] = []
    for period in range(1, periods + 1):
        idx = np.flatnonzero(active)
        people = {k: state[k][idx] for k in PERSON_STATE}
        u = {stage: streams.draw(period, stage, idx) for stage in DRAWN_STAGES}
        updated, out = encounter(people, params, strategy, u)
        heard, bad, told_neg, told_pos = _word_of_mouth(out["told_negative"], out["told_positive"], idx, active,
                                                       network, streams, period)
        updated["wom"] = expectations.update_wom(updated["wom"], heard, updated["past"], params.wom)
        updated["alpha"] = updated["alpha"] + params.reliability.story_evidence * bad
        result, failed, leave = out["episode"], out["failed"], out["leave"]
        f = np.flatnonzero(failed)
        voiced = result["voiced"]
        post = outcomes.post_complaint_state(people["satisfaction"][f], updated["satisfaction"][f],
                                             result["recovery_satisfaction"], leave[f], op)
        paid = outcomes.revenue(people["satisfaction"], op)
        good_service = people["satisfaction"] > op.good_service
        told_failure = told_neg[f]

        for key in PERSON_STATE:
            state[key][idx] = updated[key]
        post_complaint[idx[f[voiced]]] = post[voiced]
        first = idx[f][first_failure[idx[f]] == 0]
        first_silent[first] = ~voiced[first_failure[idx[f]] == 0]
        first_failure[first] = period
        failures_count[idx] += failed
        complaints[idx[f]] += voiced
        active[idx[leave]] = False
        left[idx[leave]] = period

        t = np.zeros(K.N_MEASURES)
        t[[K.M_FAIL, K.M_SILENT, K.M_VOICED, K.M_RECORDED, K.M_RECOVERED, K.M_SILENT_EXITS, K.M_CHURNED,
           K.M_FAIL_TELLERS, K.M_OVER_20, K.M_GOOD, K.M_NEG_TELLERS, K.M_POS_TELLERS, K.M_NEG_TELLINGS,
           K.M_POS_TELLINGS, K.M_REVENUE, K.M_REVENUE_GOOD, K.M_GOOD_WEEKS]] = [
            f.size, (~voiced).sum(), voiced.sum(), result["recorded"].sum(), result["resolved"].sum(),
            (leave[f] & ~voiced).sum(), leave.sum(), (told_failure > 0).sum(), (told_failure > 20).sum(),
            out["good"].sum(), (told_neg > 0).sum(), (told_pos > 0).sum(), told_neg.sum(), told_pos.sum(),
            paid.sum(), paid[good_service].sum(), good_service.sum()]
        t[K.M_ACTIVE] = active.sum()
        t[K.M_SAT] = state["satisfaction"][active].sum()
        t[K.M_EXP] = expectations.predicted(state["past"][active], state["wom"][active], state["needs"][active],
                                            params.expectations).sum()
        t[K.M_TYPES:K.M_STATES] = np.bincount(state["ctype"][active], minlength=len(CUSTOMER_TYPES))
        t[K.M_STATES:] = np.bincount(post_complaint[post_complaint >= 0], minlength=len(POST_COMPLAINT_STATES))
        rows += _week_rows(period, t, n_customers, members)
        if not active.any():  # no customer left: the history ends here
            break
    state.update(active=active, failures=failures_count, complaints=complaints, first_failure=first_failure,
                 left=left, first_silent=first_silent, post_complaint=post_complaint)
    return rows, state


#: Measures :func:`compare` reports, per starting customer over the run.
COMPARE_MEASURES = ("retention", "revenue_per_customer", "complaints_per_customer", "net_wom_per_customer")


def _run_measures(run: SimulationResult, n: int) -> dict[str, float]:
    s = run.summary()["value"]
    return {"retention": s["active_share"], "revenue_per_customer": s["revenue"] / n,
            "complaints_per_customer": s["complaints_voiced"] / n,
            "net_wom_per_customer": (s["wom_positive_tellings"] - s["wom_negative_tellings"]) / n}


def compare(params: Params | None, strategies: dict, *, n_customers: int = 10_000, periods: int = 52, seed=0,
            replications: int = 10, baseline: str | None = None, alpha: float = 0.05,
            common_random_numbers: bool = True) -> pd.DataFrame:
    """Paired comparison of strategies: each replication runs every strategy with one seed
    (common random numbers: the same customers meet the same failures and luck), and each
    strategy's difference from ``baseline`` (default: the first) is averaged over replications.

    Returns a tidy frame: strategy, baseline, measure (``COMPARE_MEASURES``), estimate (mean
    paired difference), se, t, p (two-sided, t with replications - 1 df), ci_low, ci_high (level
    1 - ``alpha``), replications. ``common_random_numbers=False`` gives every strategy its own
    seeds (independent runs), to see what the pairing buys.

    Parameters
    ----------
    params : recovery.params.Params or None
        The model's parameters, shared by every strategy; None gives the defaults.
    strategies : dict of str to recovery.params.Strategy
        At least two named strategies.
    n_customers : int, default 10000
        Customers in each run.
    periods : int, default 52
        Weeks in each run.
    seed : int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Seed of the replications (each takes a ``SeedSequence`` child).
    replications : int, default 10
        Runs of each strategy, at least 2.
    baseline : str, optional
        The strategy the others are compared with; default the first.
    alpha : float, default 0.05
        The intervals' level is ``1 - alpha``.
    common_random_numbers : bool, default True
        Run every strategy of a replication on one seed.

    Returns
    -------
    pandas.DataFrame
        One row per strategy (other than the baseline) and measure.

    Examples
    --------
    >>> from recovery.params import named_strategies
    >>> s = named_strategies()
    >>> table = compare(None, {"book": s["by_the_book"], "fast": s["fast_local"]}, n_customers=500, periods=4,
    ...                 replications=3)
    >>> list(table.columns)
    ['strategy', 'baseline', 'measure', 'estimate', 'se', 't', 'p', 'ci_low', 'ci_high', 'replications']
    """
    from scipy import stats

    if not isinstance(strategies, dict) or len(strategies) < 2:
        raise ValueError("strategies: give a dict of at least two named recovery.params.Strategy objects")
    if not isinstance(replications, (int, np.integer)) or replications < 2:
        raise ValueError(f"replications = {replications!r}: give a whole number of at least 2 (the interval needs it)")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha = {alpha!r} is outside the allowed range (0, 1)")
    baseline = next(iter(strategies)) if baseline is None else baseline
    if baseline not in strategies:
        raise ValueError(f"baseline = {baseline!r} is not one of the strategies {list(strategies)}")
    seeds = children(seed, replications * (1 if common_random_numbers else len(strategies)))
    values = {name: [] for name in strategies}
    for r in range(replications):
        for k, (name, strategy) in enumerate(strategies.items()):
            child = seeds[r] if common_random_numbers else seeds[r * len(strategies) + k]
            run = simulate(params, strategy, n_customers=n_customers, periods=periods, seed=child)
            values[name].append(_run_measures(run, n_customers))
    frames = {name: pd.DataFrame(rows) for name, rows in values.items()}
    out = []
    q = stats.t.ppf(1 - alpha / 2, replications - 1)
    for name in strategies:
        if name == baseline:
            continue
        for measure in COMPARE_MEASURES:
            d = (frames[name][measure] - frames[baseline][measure]).to_numpy()
            est, se = d.mean(), d.std(ddof=1) / np.sqrt(replications)
            t = est / se if se > 0 else (0.0 if est == 0 else np.sign(est) * np.inf)
            p = float(2 * stats.t.sf(abs(t), replications - 1))
            out.append((name, baseline, measure, est, se, t, p, est - q * se, est + q * se, replications))
    return pd.DataFrame(out, columns=["strategy", "baseline", "measure", "estimate", "se", "t", "p", "ci_low",
                                      "ci_high", "replications"])
