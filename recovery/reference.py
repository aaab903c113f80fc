"""RM-1, the reference model (spec: ``docs/sources.md``), built from the engine's pieces.

The yardstick for speed and correctness against Mesa and NDlib. It uses the same network
builder (:func:`recovery.wom.watts_strogatz`), the same telling kernel (behind
:func:`recovery.wom.tell_neighbours`) and the same exponential-smoothing update
(:func:`recovery.journey.expectations.learn`, compiled) as the simulator; the rules of one
period are the spec's, nothing more, in one compiled loop (:func:`recovery._engine.rm1_periods`).

>>> out = rm1(2_000, 10, seed=1)
>>> list(out.columns)
['period', 'active_share', 'mean_sat', 'complaints', 'tellings_neg', 'tellings_pos']
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from recovery._engine import rm1_periods
from recovery._seeding import generator_of_kind
from recovery._validation import ParameterError, number
from recovery.wom import watts_strogatz

__all__ = ["RM1_DEFAULTS", "rm1"]

#: The spec's parameter table (docs/sources.md, "Reference model RM-1").
RM1_DEFAULTS = {
    "p_fail": 0.05, "p_voice": 0.04, "p_recover": 0.8, "bonus": 0.1, "hit": 0.5, "alpha": 0.3,
    "beta": 0.1, "churn_sat": -0.2, "p_churn": 0.5, "strong": 0.3, "p_tell_neg": 0.5,
    "p_tell_pos": 0.25, "wom_shift": 0.05,
}
_PROBABILITIES = ("p_fail", "p_voice", "p_recover", "alpha", "beta", "p_churn", "p_tell_neg", "p_tell_pos")


def _check(params: dict) -> dict:
    unknown = set(params) - set(RM1_DEFAULTS)
    if unknown:
        raise ParameterError(f"unknown RM-1 parameter(s) {sorted(unknown)}; known: {sorted(RM1_DEFAULTS)}")
    merged = {**RM1_DEFAULTS, **params}
    for name, value in merged.items():
        low = 0 if name in _PROBABILITIES or name in ("hit", "strong", "wom_shift") else -math.inf
        merged[name] = number(f"RM-1 {name}", value, low, 1 if name in _PROBABILITIES else math.inf)
    return merged


def rm1(n_customers: int, periods: int, *, seed=None, network=None, **params) -> pd.DataFrame:
    """Run RM-1, the reference model, and return its per-period outputs.

    Parameters
    ----------
    n_customers : int
        Customers on the network (more than 10, RM-1's ring degree).
    periods : int
        Periods simulated.
    seed : int, SeedSequence, Generator or None
        Turned into a stream by :mod:`recovery._seeding`; the stream is an SFC64 generator,
        numpy's fastest bit generator (the kernel's time is mostly random draws). A Generator
        passed in is drawn from as it is.
    network : scipy.sparse matrix, optional
        The customer network (n_customers x n_customers); by default Watts-Strogatz (k = 10,
        p = 0.1) built from the run's stream.
    **params
        Overrides of the spec's defaults (``RM1_DEFAULTS``).

    Returns
    -------
    pandas.DataFrame
        One row per period, measured after the end-of-period churn: ``active_share``,
        ``mean_sat`` (of customers still active), ``complaints`` (voiced failures),
        ``tellings_neg`` and ``tellings_pos``.

    References
    ----------
    The spec is in ``docs/sources.md`` ("Reference model RM-1"); Watts, D. J. & Strogatz, S. H.
    (1998). Collective dynamics of 'small-world' networks. Nature, 393.

    Examples
    --------
    >>> out = rm1(500, 3, seed=2)
    >>> len(out), bool((out["active_share"] <= 1).all())
    (3, True)
    """
    p = _check(params)
    if n_customers < 11:
        raise ParameterError(f"n_customers = {n_customers}: RM-1's ring needs more than k = 10 customers; give 11 "
                             "or more")
    # the kernel's time is mostly random draws: SFC64, numpy's fastest bit generator, seeded
    # from the one SeedSequence of the run
    rng = generator_of_kind(seed, "SFC64")
    if network is None:
        graph = watts_strogatz(n_customers, 10, 0.1, seed=rng)
    elif network.shape != (n_customers, n_customers):
        raise ParameterError(f"network is {network.shape[0]} x {network.shape[1]} but n_customers = {n_customers}; "
                             "give a square network with one row per customer")
    else:
        graph = network.tocsr()
    out = rm1_periods(graph.indptr, graph.indices, periods, rng, **{name: float(value) for name, value in p.items()})
    return pd.DataFrame({"period": np.arange(1, periods + 1), "active_share": out[:, 0], "mean_sat": out[:, 1],
                         **{name: out[:, j].astype(np.int64)
                            for j, name in enumerate(["complaints", "tellings_neg", "tellings_pos"], start=2)}})
