"""RM-1, the reference model (``../shared/reference-model.md``), built from the engine's pieces.

The yardstick for speed and correctness against Mesa and NDlib. It uses the same network
builder (:func:`recovery.wom.watts_strogatz`), the same telling step
(:func:`recovery.wom.tell_neighbours`) and the same exponential-smoothing update
(:func:`recovery.journey.expectations.learn`) as the simulator; the rules of one period are the
spec's, nothing more.

>>> out = rm1(2_000, 10, seed=1)
>>> list(out.columns)
['period', 'active_share', 'mean_sat', 'complaints', 'tellings_neg', 'tellings_pos']
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from recovery.journey.expectations import learn
from recovery.wom import tell_neighbours, watts_strogatz

__all__ = ["RM1_DEFAULTS", "rm1"]

#: The spec's parameter table (reference-model.md, "Parameters (defaults)").
RM1_DEFAULTS = {
    "p_fail": 0.05, "p_voice": 0.04, "p_recover": 0.8, "bonus": 0.1, "hit": 0.5, "alpha": 0.3,
    "beta": 0.1, "churn_sat": -0.2, "p_churn": 0.5, "strong": 0.3, "p_tell_neg": 0.5,
    "p_tell_pos": 0.25, "wom_shift": 0.05,
}
_PROBABILITIES = ("p_fail", "p_voice", "p_recover", "alpha", "beta", "p_churn", "p_tell_neg", "p_tell_pos")


def _check(params: dict) -> dict:
    unknown = set(params) - set(RM1_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown RM-1 parameter(s) {sorted(unknown)}; known: {sorted(RM1_DEFAULTS)}")
    merged = {**RM1_DEFAULTS, **params}
    for name, value in merged.items():
        if not isinstance(value, (int, float)) or math.isnan(value):
            raise ValueError(f"RM-1 {name} = {value!r} must be a number")
        if name in _PROBABILITIES and not 0 <= value <= 1:
            raise ValueError(f"RM-1 {name} = {value!r} is outside the allowed range [0, 1]")
        if name in ("hit", "strong", "wom_shift") and value < 0:
            raise ValueError(f"RM-1 {name} = {value!r} is outside the allowed range [0, inf)")
    return merged


def rm1(n_customers: int, periods: int, seed=None, network=None, **params) -> pd.DataFrame:
    """Run RM-1 and return its per-period outputs (measured after the end-of-period churn):
    ``active_share``, ``mean_sat`` (of customers still active), ``complaints`` (voiced
    failures), ``tellings_neg`` and ``tellings_pos``.

    The network is Watts-Strogatz (k = 10, p = 0.1) built from the run's seed unless
    ``network`` gives one. Keyword arguments override the spec's defaults (``RM1_DEFAULTS``).
    """
    p = _check(params)
    if n_customers < 11:
        raise ValueError(f"n_customers = {n_customers}: RM-1's ring needs more than k = 10 customers")
    rng = np.random.default_rng(seed)
    graph = watts_strogatz(n_customers, 10, 0.1, seed=rng) if network is None else network
    active = np.ones(n_customers, bool)
    sat = np.zeros(n_customers)
    exp = np.full(n_customers, 0.5)
    out = np.empty((periods, 5))
    for t in range(periods):
        # Whole-array steps (streaming beats gathering the active ones); inactive customers'
        # draws are made and discarded, so they neither act nor listen.
        failed = active & (rng.random(n_customers, dtype=np.float32) < p["p_fail"])  # float32 draws: half the bytes
        f = np.flatnonzero(failed)
        voiced_f = rng.random(f.size) < p["p_voice"]           # draws only where the spec needs them
        recovered_f = voiced_f & (rng.random(f.size) < p["p_recover"])
        perf = 0.6 + 0.1 * rng.standard_normal(n_customers, dtype=np.float32).astype(np.float64)
        # Customers who left are updated too and never read again: cheaper than masking them out.
        d = perf - exp
        step = p["beta"] * d
        step[f] = 0.0                                           # no learning on a failure
        d[f] = np.where(recovered_f, p["bonus"], -p["hit"])
        exp += step                                             # exp + beta * (perf - exp)
        sat = learn(sat, d, p["alpha"])                         # (1 - alpha) * sat + alpha * d
        talk = active & (np.abs(d) > p["strong"])
        heard, told_neg, told_pos = tell_neighbours(graph, talk & (d < 0), talk & (d > 0), active, rng,
                                                    p_negative=p["p_tell_neg"], p_positive=p["p_tell_pos"])
        exp += p["wom_shift"] * heard  # heard is zero for customers who were not active
        low = np.flatnonzero(active & (sat < p["churn_sat"]))
        active[low[rng.random(low.size) < p["p_churn"]]] = False
        share = active.mean()
        out[t] = (share, sat[active].mean() if share else np.nan, voiced_f.sum(), told_neg.sum(), told_pos.sum())
    frame = pd.DataFrame(out, columns=["active_share", "mean_sat", "complaints", "tellings_neg", "tellings_pos"])
    frame.insert(0, "period", np.arange(1, periods + 1))
    return frame.astype({"complaints": np.int64, "tellings_neg": np.int64, "tellings_pos": np.int64})
