"""The classroom's only doors into the journey model.

Small adapters, one per use: the role-play (:func:`simulate_handling`), the paradox explorer
(:func:`explorer_paths`), the iceberg (:func:`iceberg_per_100`) and word of mouth on a network
(:func:`network`, :func:`tell_step`). When the model's
signatures or scales change, these are the functions to re-point; everything else in
:mod:`recovery.classroom` reads their plain outputs (numpy arrays and floats).
"""
from __future__ import annotations

import numpy as np

from recovery import wom
from recovery._seeding import seed_sequence
from recovery.cohort import run_cohort
from recovery.paradox import satisfaction_score
from recovery.journey import expectations, failure, remedy
from recovery.journey._streams import Streams
from recovery.population import DRAWN_STAGES, encounter, initial_population, simulate
from recovery.params import CAUSES, CUSTOMER_TYPES, DIFFICULT_TYPES, Params, Strategy

#: Weeks between an earlier failure and the card's (recovery.cohort.run_cohort's default gap).
GAP = 4


def simulate_handling(*, complainant: str, difficult: str, cause: str, severity: float, controllable: bool,
                      prior_failures: int, strategy: Strategy, n_customers: int, seed) -> dict[str, np.ndarray]:
    """``n_customers`` customers who all fit one role-play card complain and are handled with
    ``strategy``; the same ``seed`` gives the same customers and the same luck (common random numbers).

    Calls :func:`recovery.population.initial_population`, :func:`recovery.population.encounter`
    (which runs :func:`recovery.journey.run_episode`, every stage from the failure to the people
    told), :func:`recovery.journey.expectations.recovery_zone` and
    :func:`recovery.journey.remedy.justice_weights`. Returns per customer ``satisfaction`` with
    the recovery and the three justice dimensions (0-100), ``angry`` (the recovery fell short of
    the adequate one and the customer tells others about it), ``below``/``above`` (recovery satisfaction
    under the adequate / over the desired recovery), ``buy_again`` (1 - the episode's chance of
    leaving), ``told`` (people told), and the card's justice ``weights`` (shape (3,)).
    """
    params = Params()
    n = n_customers
    streams = Streams(seed_sequence(seed), n)
    people = initial_population(n, params, streams.draw(0, "population"))
    people["ctype"] = np.full(n, CUSTOMER_TYPES.index(complainant))
    people["difficult"] = np.full(n, DIFFICULT_TYPES.index(difficult))
    failures = {"cause": np.full(n, CAUSES.index(cause)), "severity": np.full(n, float(severity)),
                "outcome": np.full(n, cause in failure.OUTCOME_CAUSES), "controllable": np.full(n, controllable),
                "stable": np.zeros(n, bool)}
    # earlier failures of the same kind, handled the same way, GAP weeks apart (as recovery.cohort does)
    failure_weeks = [1 + k * GAP for k in range(int(prior_failures) + 1)]
    for week in range(1, failure_weeks[-1] + 1):
        before = people
        at_failure = week in failure_weeks
        people, out = encounter(people, params, strategy, {stage: streams.draw(week, stage) for stage in DRAWN_STAGES},
                                failures=failures if at_failure else None,
                                voiced=np.ones(n, bool) if at_failure else None)
    ep = out["episode"]
    adequate, desired = expectations.recovery_zone(failures["severity"], ep["handovers"], failures["controllable"],
                                                   before["learned"], strategy.expectation_setting, params)
    weights = remedy.justice_weights(failures["outcome"][:1], failures["cause"][:1], params.recovery,
                                     people["ctype"][:1])[0]
    satisfaction = ep["recovery_satisfaction"]
    return {"satisfaction": 100 * satisfaction, "distributive": 100 * ep["distributive"],
            "procedural": 100 * ep["procedural"], "interactional": 100 * ep["interactional"],
            "angry": ep["failed_recovery"] & (out["told_negative"] > 0), "below": satisfaction < adequate,
            "above": satisfaction > desired, "buy_again": 1 - ep["p_leave"],
            "told": out["told_negative"] + out["told_positive"], "weights": weights}


def explorer_paths(*, group: str, severity: float, strategy: Strategy, prior_failures: int, n_customers: int,
                   periods: int, failure_at: int, seed) -> dict[str, np.ndarray]:
    """Mean satisfaction and share still a customer per week for one group of the paradox
    explorer: ``"no_failure"``, ``"recovered"`` (complained and the complaint was resolved,
    handled with ``strategy``) or ``"silent"`` (the same failure, no complaint). Every group of one
    ``seed`` shares its random numbers; with ``prior_failures`` the earlier failures fall before
    the window, ``GAP`` weeks apart. Calls :func:`recovery.cohort.run_cohort`. Returns
    ``week`` (1..periods), ``satisfaction`` (0-100, :func:`recovery.paradox.satisfaction_score`) and ``still_customer``
    (0-100)."""
    settings = {"no_failure": (None, None), "recovered": (severity, True), "silent": (severity, False)}
    sev, voiced = settings[group]
    earlier = int(prior_failures) if sev is not None else 0
    # earlier failures come GAP weeks apart before the shown one, which stays in week failure_at:
    # the run starts earlier and the weeks before the window are cut off
    first_at = failure_at - earlier * GAP
    start = max(1, first_at)
    run = run_cohort(None, strategy, severity=sev, n_customers=n_customers, periods=periods - failure_at + 1,
                     failure_at=start, prior_failures=earlier, gap=GAP, voiced=voiced, seed=seed)
    members = run.customers["resolved"].to_numpy() if group == "recovered" else None
    path = run.trajectory(members).iloc[start - first_at:]
    return {"week": np.arange(1, len(path) + 1), "satisfaction": satisfaction_score(path["satisfaction"].to_numpy()),
            "still_customer": 100 * path["survival"].to_numpy()}


def iceberg_per_100(n_customers: int, seed) -> dict[str, float]:
    """Of every 100 failures in a year of the default model (:func:`recovery.simulate`,
    ``n_customers`` customers, by-the-book handling): how many complained to someone, how many
    complaints reached the firm's records, how many customers left without a word."""
    totals = simulate(n_customers=n_customers, periods=52, seed=seed).summary()["value"]
    per = 100 / totals["failures"]
    return {"complained": totals["complaints_voiced"] * per, "reached_firm": totals["complaints_recorded"] * per,
            "left_silently": totals["silent_exits"] * per}


def network(n_customers: int, neighbours: int, rewire: float, seed: int):
    """A small-world customer network (:func:`recovery.wom.watts_strogatz`) with a fixed layout for
    drawing: (adjacency, node positions (n, 2), edges (m, 2))."""
    import networkx as nx

    graph = wom.watts_strogatz(n_customers, neighbours, rewire, seed=seed)
    upper = np.argwhere(np.triu(graph.toarray()) > 0)
    layout = nx.spring_layout(nx.from_scipy_sparse_array(graph), seed=seed, iterations=60)
    return graph, np.array([layout[i] for i in range(n_customers)]), upper


def tell_step(graph, tellers: np.ndarray, reached: np.ndarray, story: str, seed) -> np.ndarray:
    """One retelling step (:func:`recovery.wom.tell_neighbours`): this step's ``tellers`` tell
    their neighbours who have not heard yet, a bad story with ``wom.P_TELL_NEGATIVE``, a good one
    with ``wom.P_TELL_POSITIVE``; ``seed`` is a Generator carried from step to step. Returns who
    heard it for the first time."""
    negative = tellers if story == "bad" else np.zeros_like(tellers)
    positive = tellers if story == "good" else np.zeros_like(tellers)
    heard, _, _ = wom.tell_neighbours(graph, negative, positive, ~reached, seed)
    return (heard != 0) & ~reached
