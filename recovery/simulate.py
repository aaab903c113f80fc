"""The population engine: runs the customer journey over periods for a whole population.

Vectorised over customers (numpy arrays, no Python object per customer). Each period every
active customer has one encounter; it may fail (seed 001's causes), the customer may complain
or leave silently (seed 004), the firm handles and recovers (the strategy's levers), and the
customer's satisfaction, expectation, loyalty and word of mouth follow (see
:mod:`recovery.journey`).

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

__all__ = ["simulate", "SimulationResult", "initial_population", "spread_word_of_mouth"]


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
    """Customers at the start: type (seed 004), difficult type (seed 001), personal needs and the
    expectation formed from past experience, word of mouth and needs (seed 000)."""
    vp, ep = params.voice, params.expectations
    ctype = rng.choice(len(CUSTOMER_TYPES), size=n, p=[vp.type_shares[t] for t in CUSTOMER_TYPES])
    difficult = rng.choice(len(DIFFICULT_TYPES), size=n, p=difficult_table(params)[:, 0])
    needs = rng.normal(ep.needs_mean, ep.needs_sd, size=n)
    past = np.full(n, ep.initial_experience)
    expectation = expectations.predicted(past, past, needs, ep)
    return {
        "ctype": ctype, "difficult": difficult, "needs": needs, "expectation": expectation,
        "satisfaction": np.zeros(n), "memory": np.zeros(n), "active": np.ones(n, bool),
        "failures": np.zeros(n, np.int64), "complaints": np.zeros(n, np.int64),
        "post_complaint": np.full(n, -1),
    }


def spread_word_of_mouth(negative: np.ndarray, positive: np.ndarray, listeners: int,
                         rng: np.random.Generator) -> np.ndarray:
    """Well-mixed word of mouth: every story told reaches a random active customer. Returns each
    listener's net stories heard (positive minus negative)."""
    heard = np.zeros(listeners)
    if listeners == 0:
        return heard
    heard += np.bincount(rng.integers(0, listeners, int(positive.sum())), minlength=listeners)
    heard -= np.bincount(rng.integers(0, listeners, int(negative.sum())), minlength=listeners)
    return heard


def simulate(params: Params | None = None, strategy: Strategy | None = None, n_customers: int = 10_000,
             periods: int = 52, seed=None, network=None) -> SimulationResult:
    """Simulate a customer population through failures, complaints and recoveries.

    ``params=None`` uses the calibrated defaults; ``strategy=None`` standard handling by the
    book. ``seed``: an int, a ``numpy.random.SeedSequence`` or None. ``network``: a symmetric
    ``scipy.sparse`` adjacency over the customers; word of mouth then travels along its edges
    (:mod:`recovery.wom`); None mixes it across the population.

    >>> res = simulate(n_customers=1_000, periods=4, seed=7)
    >>> sorted(res.history["measure"].unique())[:3]
    ['active_share', 'churned', 'complaints_recorded']
    """
    params = Params() if params is None else params
    strategy = Strategy() if strategy is None else strategy
    if not isinstance(n_customers, (int, np.integer)) or n_customers < 1:
        raise ValueError(f"n_customers = {n_customers!r}: give a whole number of at least 1")
    if not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"periods = {periods!r}: give a whole number of at least 1")
    if network is not None:
        from recovery.wom import check_network
        network = check_network(network, n_customers)
    rng = np.random.default_rng(seed)
    ep, op = params.expectations, params.outcomes
    state = initial_population(n_customers, params, rng)
    rows: list[tuple] = []

    def record(period, measure, value, segment="all"):
        rows.append((period, measure, float(value), segment))

    for period in range(1, periods + 1):
        idx = np.flatnonzero(state["active"])
        n = idx.size
        expectation, sat, memory = state["expectation"][idx], state["satisfaction"][idx], state["memory"][idx]
        adequate, desired = expectations.zone(expectation, ep, strategy.expectation_setting)
        performance = rng.normal(ep.performance_mean, ep.performance_sd, n)
        fails = failure.draw_failures(n, params.failure, rng)
        failed = fails["cause"] >= 0

        felt = expectations.disconfirmation(performance, adequate, desired, ep)
        experience = felt.copy()
        leave = np.zeros(n, bool)
        vent = np.zeros(n, bool)
        f = np.flatnonzero(failed)
        ep_out = episode(
            severity=fails["severity"][f], outcome=fails["outcome"][f], controllable=fails["controllable"][f],
            stable=fails["stable"][f], cause=fails["cause"][f], ctype=state["ctype"][idx[f]],
            difficult=state["difficult"][idx[f]], memory=memory[f], performance=performance[f],
            adequate=adequate[f], desired=desired[f], params=params, strategy=strategy, rng=rng)
        experience[f] = ep_out["remembered"]
        leave[f] = rng.random(f.size) < ep_out["p_leave"]
        # People vent while they wait: silent customers always, complainants the longer they wait.
        vent[f] = (ep_out["peak"] < op.bad_threshold) & (
            ~ep_out["voiced"] | (rng.random(f.size) < np.minimum(ep_out["days"] / op.vent_days, 1.0)))

        new_sat = expectations.learn(sat, experience, op.satisfaction_rate)
        ok = ~failed  # the expectation learns from normal encounters only (RM-1)
        expectation = np.where(ok, expectations.learn(expectation, performance, ep.learning_rate), expectation)
        leave |= rng.random(n) < outcomes.period_churn(new_sat, op)

        new_memory = op.memory_decay * memory + failed
        told_neg, told_pos = outcomes.people_told(np.where(vent, -np.inf, np.where(failed, 0.0, felt)), new_sat,
                                                  new_memory, op, rng)
        if network is None:
            heard = spread_word_of_mouth(told_neg, told_pos, n, rng)
        else:  # tell neighbours instead (recovery.wom); counts are the tellings that happened
            from recovery.wom import tell_neighbours
            negative, positive = np.zeros(n_customers, bool), np.zeros(n_customers, bool)
            negative[idx], positive[idx] = told_neg > 0, told_pos > 0
            net, told_neg, told_pos = tell_neighbours(network, negative, positive, state["active"], rng)
            heard, told_neg, told_pos = net[idx], told_neg[idx], told_pos[idx]
        expectation = expectation + op.wom_shift * heard

        voiced = np.zeros(n, bool)
        voiced[f] = ep_out["voiced"]
        post = outcomes.post_complaint_state(sat[f], new_sat[f], ep_out["recovery_satisfaction"], leave[f], op)
        state["post_complaint"][idx[f[ep_out["voiced"]]]] = post[ep_out["voiced"]]

        state["expectation"][idx] = expectation
        state["satisfaction"][idx] = new_sat
        state["memory"][idx] = new_memory
        state["failures"][idx] += failed
        state["complaints"][idx] += voiced
        state["active"][idx[leave]] = False

        record(period, "failures", failed.sum())
        record(period, "complaints_voiced", ep_out["voiced"].sum())
        record(period, "complaints_recorded", ep_out["recorded"].sum())
        record(period, "recovered", ep_out["resolved"].sum())
        record(period, "silent_exits", (leave[f] & ~ep_out["voiced"]).sum())
        record(period, "churned", leave.sum())
        record(period, "wom_negative_tellers", (told_neg > 0).sum())
        record(period, "wom_positive_tellers", (told_pos > 0).sum())
        record(period, "wom_negative_tellings", told_neg.sum())
        record(period, "wom_positive_tellings", told_pos.sum())
        record(period, "revenue", outcomes.revenue(sat, op).sum())
        record(period, "active_share", state["active"].mean())
        still = state["active"]
        record(period, "mean_satisfaction", state["satisfaction"][still].mean() if still.any() else np.nan)
        record(period, "mean_expectation", state["expectation"][still].mean() if still.any() else np.nan)
        for k, name in enumerate(CUSTOMER_TYPES):
            members = state["ctype"] == k
            record(period, "active_share", still[members].mean() if members.any() else np.nan, name)
        for k, name in enumerate(POST_COMPLAINT_STATES):
            record(period, "post_complaint_customers", (state["post_complaint"] == k).sum(), name)

    history = pd.DataFrame(rows, columns=["period", "measure", "value", "segment"])
    customers = pd.DataFrame({
        "customer_type": pd.Categorical.from_codes(state["ctype"], CUSTOMER_TYPES),
        "difficult_type": pd.Categorical.from_codes(state["difficult"], DIFFICULT_TYPES),
        "active": state["active"], "satisfaction": state["satisfaction"],
        "expectation": state["expectation"], "failures": state["failures"],
        "complaints": state["complaints"],
        "post_complaint": pd.Categorical.from_codes(state["post_complaint"], POST_COMPLAINT_STATES),
    })
    return SimulationResult(history=history, customers=customers, params=params, strategy=strategy,
                            seed=seed if isinstance(seed, (int, type(None))) else None)
