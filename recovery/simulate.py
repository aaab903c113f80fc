"""The population engine: runs the customer journey over periods for a whole population.

Vectorised over customers (numpy arrays, no Python object per customer). Each period every
active customer has one encounter (:func:`encounter`): it may fail (seed 001's causes), the
customer may complain or stay silent (seed 004), the firm handles and recovers with the
strategy's levers, and the customer's satisfaction (the attitude), behavioural hazard,
expectation sources and word of mouth follow (see :mod:`recovery.journey`). Word of mouth
then spreads (:func:`word_of_mouth`: well mixed, or along a network) and moves the listeners'
expectations for the next period.

>>> import recovery
>>> res = recovery.simulate(n_customers=2_000, periods=8, seed=1)
>>> bool(0 < res.summary().loc["active_share", "value"] <= 1)
True
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recovery.journey import difficult_table, episode, expectations, failure, outcomes
from recovery.params import CUSTOMER_TYPES, DIFFICULT_TYPES, POST_COMPLAINT_STATES, Params, Strategy

__all__ = ["simulate", "SimulationResult", "initial_population", "encounter", "word_of_mouth",
           "spread_word_of_mouth", "PERSON_STATE"]

#: The per-customer state an encounter reads and updates.
PERSON_STATE = ("ctype", "difficult", "needs", "past", "wom", "satisfaction", "memory", "hazard")


@dataclass
class SimulationResult:
    """What :func:`simulate` returns.

    ``history``: long DataFrame with columns period, measure, value, segment ("all", a customer
    type, or a post-complaint state). ``customers``: the final per-customer state.
    """

    history: pd.DataFrame
    customers: pd.DataFrame
    params: Params
    strategy: Strategy
    seed: int | None

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


def initial_population(n: int, params: Params, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Customers at the start: type (seed 004), difficult type (seed 001), personal needs, and the
    two other expectation sources (seed 000), past experience and word of mouth, both at
    ``initial_experience``. Satisfaction, failure memory and hazard start at zero."""
    vp, ep = params.voice, params.expectations
    ctype = rng.choice(len(CUSTOMER_TYPES), size=n, p=[vp.type_shares[t] for t in CUSTOMER_TYPES])
    difficult = rng.choice(len(DIFFICULT_TYPES), size=n, p=difficult_table(params)[:, 0])
    needs = rng.normal(ep.needs_mean, ep.needs_sd, size=n)
    return {
        "ctype": ctype, "difficult": difficult, "needs": needs,
        "past": np.full(n, ep.initial_experience), "wom": np.full(n, ep.initial_experience),
        "satisfaction": np.zeros(n), "memory": np.zeros(n), "hazard": np.zeros(n),
    }


def encounter(people: dict[str, np.ndarray], params: Params, strategy: Strategy, rng: np.random.Generator,
              failures: dict[str, np.ndarray] | None = None, voiced=None) -> tuple[dict, dict]:
    """One period for the customers in ``people`` (arrays of equal length, keys ``PERSON_STATE``).

    ``failures`` (keys of :func:`recovery.journey.failure.draw_failures`) sets who fails and
    how; None draws it. ``voiced`` (an array, or None to draw) forces who complains. Returns
    ``(updated, out)``: the updated state (word of mouth not yet heard) and this period's
    results: ``failed``, ``episode`` (the stage results for the failed, in order), ``experience``,
    ``expectation``, ``p_leave`` (episode decision and everyday churn combined), ``leave`` (a
    draw), ``told_negative``, ``told_positive``.
    """
    ep, op = params.expectations, params.outcomes
    n = people["past"].shape[0]
    expectation = expectations.predicted(people["past"], people["wom"], people["needs"], ep)
    adequate, desired = expectations.zone(expectation, ep, strategy.expectation_setting)
    performance = rng.normal(ep.performance_mean, ep.performance_sd, n)
    fails = failure.draw_failures(n, params.failure, rng) if failures is None else failures
    failed = fails["cause"] >= 0
    f = np.flatnonzero(failed)
    felt = expectations.disconfirmation(performance, adequate, desired, ep)
    result = episode(
        severity=fails["severity"][f], outcome=fails["outcome"][f], controllable=fails["controllable"][f],
        stable=fails["stable"][f], cause=fails["cause"][f], ctype=people["ctype"][f],
        difficult=people["difficult"][f], memory=people["memory"][f], performance=performance[f],
        adequate=adequate[f], desired=desired[f], params=params, strategy=strategy, rng=rng,
        voiced=None if voiced is None else np.asarray(voiced, bool)[f])

    experience = felt.copy()
    experience[f] = result["remembered"]
    p_episode = np.zeros(n)
    p_episode[f] = result["p_leave"]
    satisfaction = expectations.learn(people["satisfaction"], experience, op.satisfaction_rate)
    p_leave = 1 - (1 - p_episode) * (1 - outcomes.period_churn(satisfaction, people["hazard"], op))
    leave = rng.random(n) < p_leave

    # Negative word of mouth after bad service: silent customers always, complainants who
    # are kept waiting (they vent while they wait), and anyone after a bad ordinary encounter.
    vent = np.zeros(n, bool)
    vent[f] = (result["peak"] < op.bad_service) & (
        ~result["voiced"] | (rng.random(f.size) < np.minimum(result["days"] / params.wom.vent_days, 1.0)))
    memory = op.memory_decay * people["memory"] + failed
    told_negative, told_positive = outcomes.people_told(
        np.where(vent, -np.inf, np.where(failed, 0.0, felt)), satisfaction, memory, op, params.wom, rng)

    updated = dict(people)
    updated["satisfaction"] = satisfaction
    updated["memory"] = memory
    updated["hazard"] = outcomes.update_hazard(people["hazard"], p_episode, op)
    # past experience learns from ordinary encounters only (RM-1); a failure lives in memory
    updated["past"] = np.where(failed, people["past"], expectations.learn(people["past"], performance,
                                                                           ep.learning_rate))
    return updated, {"failed": failed, "episode": result, "experience": experience, "expectation": expectation,
                     "p_leave": p_leave, "leave": leave, "told_negative": told_negative,
                     "told_positive": told_positive}


def spread_word_of_mouth(negative: np.ndarray, positive: np.ndarray, listeners: int,
                         rng: np.random.Generator) -> np.ndarray:
    """Well-mixed word of mouth: every person told is a random active customer. Returns each
    listener's net stories heard (positive minus negative)."""
    heard = np.zeros(listeners)
    if listeners == 0:
        return heard
    heard += np.bincount(rng.integers(0, listeners, int(positive.sum())), minlength=listeners)
    heard -= np.bincount(rng.integers(0, listeners, int(negative.sum())), minlength=listeners)
    return heard


def word_of_mouth(told_negative: np.ndarray, told_positive: np.ndarray, idx: np.ndarray, active: np.ndarray,
                  network, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The word-of-mouth step, the one place the simulator spreads stories.

    ``idx`` are the indices of the customers who had an encounter (those told about are among
    ``active``). Without a network the counts drawn by the journey are spread at random
    (:func:`spread_word_of_mouth`); with one, tellers tell their listening neighbours
    (:func:`recovery.wom.tell_neighbours`) and the counts are the tellings that happened.
    Returns (net stories heard, negative tellings, positive tellings) for ``idx``.
    """
    if network is None:
        return spread_word_of_mouth(told_negative, told_positive, idx.size, rng), told_negative, told_positive
    from recovery.wom import tell_neighbours
    n = active.shape[0]
    negative, positive = np.zeros(n, bool), np.zeros(n, bool)
    negative[idx], positive[idx] = told_negative > 0, told_positive > 0
    net, told_negative, told_positive = tell_neighbours(network, negative, positive, active, rng)
    return net[idx], told_negative[idx], told_positive[idx]


def simulate(params: Params | None = None, strategy: Strategy | None = None, n_customers: int = 10_000,
             periods: int = 52, seed=None, network=None) -> SimulationResult:
    """Simulate a customer population through failures, complaints and recoveries.

    ``params=None`` uses the calibrated defaults; ``strategy=None`` standard handling by the
    book. One period is a week. ``seed``: an int, a ``numpy.random.SeedSequence`` or None.
    ``network``: a symmetric ``scipy.sparse`` adjacency over the customers; word of mouth then
    travels along its edges (:mod:`recovery.wom`); None mixes it across the population.

    >>> res = simulate(n_customers=1_000, periods=4, seed=7)
    >>> sorted(res.history["measure"].unique())[:3]
    ['active_share', 'churned', 'complaints_recorded']
    """
    params = Params() if params is None else params
    strategy = Strategy() if strategy is None else strategy
    if not isinstance(params, Params):
        raise TypeError(f"params must be a recovery.params.Params, got {type(params).__name__}")
    if not isinstance(strategy, Strategy):
        raise TypeError(f"strategy must be a recovery.params.Strategy, got {type(strategy).__name__}")
    if not isinstance(n_customers, (int, np.integer)) or n_customers < 1:
        raise ValueError(f"n_customers = {n_customers!r}: give a whole number of at least 1")
    if not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"periods = {periods!r}: give a whole number of at least 1")
    if network is not None:
        from recovery.wom import check_network
        network = check_network(network, n_customers)
    rng = np.random.default_rng(seed)
    op = params.outcomes
    state = initial_population(n_customers, params, rng)
    state["expectation"] = expectations.predicted(state["past"], state["wom"], state["needs"], params.expectations)
    active = np.ones(n_customers, bool)
    failures_count = np.zeros(n_customers, np.int64)
    complaints = np.zeros(n_customers, np.int64)
    post_complaint = np.full(n_customers, -1)
    rows: list[tuple] = []

    def record(period, measure, value, segment="all"):
        rows.append((period, measure, float(value), segment))

    for period in range(1, periods + 1):
        idx = np.flatnonzero(active)
        people = {k: state[k][idx] for k in PERSON_STATE}
        updated, out = encounter(people, params, strategy, rng)
        heard, told_neg, told_pos = word_of_mouth(out["told_negative"], out["told_positive"], idx, active,
                                                  network, rng)
        updated["wom"] = expectations.update_wom(updated["wom"], heard, updated["past"], params.wom)
        result, failed, leave = out["episode"], out["failed"], out["leave"]
        f = np.flatnonzero(failed)
        voiced = result["voiced"]
        post = outcomes.post_complaint_state(people["satisfaction"][f], updated["satisfaction"][f],
                                             result["recovery_satisfaction"], leave[f], op)
        revenue = outcomes.revenue(people["satisfaction"], op).sum()

        for key in PERSON_STATE:
            state[key][idx] = updated[key]
        state["expectation"][idx] = expectations.predicted(updated["past"], updated["wom"], updated["needs"],
                                                           params.expectations)
        post_complaint[idx[f[voiced]]] = post[voiced]
        failures_count[idx] += failed
        complaints[idx[f]] += voiced
        active[idx[leave]] = False

        record(period, "failures", f.size)
        record(period, "complaints_voiced", voiced.sum())
        record(period, "complaints_recorded", result["recorded"].sum())
        record(period, "recovered", result["resolved"].sum())
        record(period, "silent_exits", (leave[f] & ~voiced).sum())
        record(period, "churned", leave.sum())
        record(period, "wom_negative_tellers", (told_neg > 0).sum())
        record(period, "wom_positive_tellers", (told_pos > 0).sum())
        record(period, "wom_negative_tellings", told_neg.sum())
        record(period, "wom_positive_tellings", told_pos.sum())
        record(period, "revenue", revenue)
        record(period, "active_share", active.mean())
        record(period, "mean_satisfaction", state["satisfaction"][active].mean() if active.any() else np.nan)
        record(period, "mean_expectation", state["expectation"][active].mean() if active.any() else np.nan)
        for k, name in enumerate(CUSTOMER_TYPES):
            members = state["ctype"] == k
            record(period, "active_share", active[members].mean() if members.any() else np.nan, name)
        counts = np.bincount(post_complaint[post_complaint >= 0], minlength=len(POST_COMPLAINT_STATES))
        for k, name in enumerate(POST_COMPLAINT_STATES):
            record(period, "post_complaint_customers", counts[k], name)

    history = pd.DataFrame(rows, columns=["period", "measure", "value", "segment"])
    customers = pd.DataFrame({
        "customer_type": pd.Categorical.from_codes(state["ctype"], CUSTOMER_TYPES),
        "difficult_type": pd.Categorical.from_codes(state["difficult"], DIFFICULT_TYPES),
        "active": active, "satisfaction": state["satisfaction"], "expectation": state["expectation"],
        "needs": state["needs"], "hazard": state["hazard"], "failures": failures_count,
        "complaints": complaints,
        "post_complaint": pd.Categorical.from_codes(post_complaint, POST_COMPLAINT_STATES),
    })
    return SimulationResult(history=history, customers=customers, params=params, strategy=strategy,
                            seed=seed if isinstance(seed, (int, type(None))) else None)
