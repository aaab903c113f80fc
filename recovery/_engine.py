"""The engine's compiled kernels (numba): network assembly, one period of telling by chance per edge, RM-1's periods.

Why compiled: a period touches every customer once, but most customers do little (RM-1: 5% fail,
a few per cent tell). Whole-array numpy passes pay a dozen array operations per period whatever
happens, and at 10,000 customers numpy's per-call overhead, not the arithmetic, sets the time.
One loop per period draws only the numbers the model needs and makes a single pass.

The public faces are :mod:`recovery.wom` (networks, telling) and :func:`recovery.reference.rm1`;
RM-1 and the cascade benchmark reach the telling kernel through
:func:`recovery.wom.tell_neighbours`. The journey model has its own kernel
(:mod:`recovery.journey._kernel`).
Random numbers come from the caller's ``numpy.random.Generator`` (numba draws from its bit
generator, so the stream and the seed are the caller's). ``cache=True`` keeps the machine code
in ``__pycache__``; numba does not track edits to ``journey.expectations.learn``, which is
compiled into :func:`rm1_periods` below, so clear the cache after changing it.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from recovery.journey.expectations import learn as _learn

__all__ = ["ring_rewired", "csr_from_edges", "tell", "rm1_periods"]

learn = njit(inline="always")(_learn)


@njit(cache=True)
def _has_edge(owned, u, w):
    for j in range(owned.shape[1]):
        if owned[u, j] == w or owned[w, j] == u:
            return True
    return False


@njit(cache=True)
def ring_rewired(owned, p, rng):
    """Watts-Strogatz: fill ``owned`` (n x k/2) with the ring, then rewire in networkx's order
    (ring distance outer, node inner).

    ``owned[u, j]`` holds the far end of u's edge to its (j+1)-th ring neighbour. With chance p
    that end moves to a uniform node that is neither u nor already linked to u (skipped when u
    is linked to everyone). Every edge is owned by exactly one end, so "already linked" is two
    scans of k/2 entries.
    """
    n, half = owned.shape
    for u in range(n):
        for j in range(half):
            owned[u, j] = (u + j + 1) % n
    degree = np.full(n, 2 * half)
    for j in range(half):
        for u in range(n):
            if rng.random() >= p or degree[u] >= n - 1:
                continue
            w = rng.integers(0, n)
            while w == u or _has_edge(owned, u, w):
                w = rng.integers(0, n)
            degree[owned[u, j]] -= 1
            degree[w] += 1
            owned[u, j] = w


@njit(cache=True)
def _sort_short(row):
    # insertion sort: most rows hold a handful of neighbours; hubs go to numpy's sort
    if row.size > 32:
        row.sort()
        return
    for a in range(1, row.size):
        value, b = row[a], a - 1
        while b >= 0 and row[b] > value:
            row[b + 1] = row[b]
            b -= 1
        row[b + 1] = value


@njit(cache=True)
def csr_from_edges(u, v, indptr, indices):
    """Fill a symmetric CSR (indptr of n + 1, indices of 2 * len(u)) from distinct undirected
    edges (u[i], v[i]); column indices come out sorted within each row."""
    n = indptr.size - 1
    count = np.zeros(n + 1, np.int64)
    for e in range(u.size):
        count[u[e] + 1] += 1
        count[v[e] + 1] += 1
    for i in range(n):
        count[i + 1] += count[i]
    indptr[:] = count
    for e in range(u.size):
        a, b = u[e], v[e]
        indices[count[a]] = b
        count[a] += 1
        indices[count[b]] = a
        count[b] += 1
    for i in range(n):
        _sort_short(indices[indptr[i]:indptr[i + 1]])


@njit(cache=True)
def _tell_one(indptr, indices, i, listening, p, sign, rng, heard):
    told = 0
    for e in range(indptr[i], indptr[i + 1]):
        j = indices[e]
        # branch-free: a coin with p = 0.5 would mispredict half the time
        reached = listening[j] & (rng.random() < p)
        heard[j] += sign * reached
        told += reached
    return told


@njit(cache=True)
def tell(indptr, indices, negative, positive, listening, p_negative, p_positive, rng, heard, told_negative,
         told_positive):
    """One period of telling along CSR edges: each negative (positive) teller tells each
    listening neighbour with chance ``p_negative`` (``p_positive``). Adds -1 (+1) per story to
    ``heard`` of the listener and writes each teller's count."""
    for i in range(negative.size):
        if negative[i]:
            told_negative[i] = _tell_one(indptr, indices, i, listening, p_negative, -1.0, rng, heard)
        if positive[i]:
            told_positive[i] = _tell_one(indptr, indices, i, listening, p_positive, 1.0, rng, heard)


@njit(cache=True)
def _encounters_to_next_failure(rng, p_fail):
    # failures are Bernoulli(p_fail) per encounter, so the wait to the next one is geometric:
    # one draw per failure instead of one per customer (the same distribution)
    return rng.geometric(p_fail) if p_fail > 0 else np.iinfo(np.int64).max


@njit(cache=True)
def rm1_periods(indptr, indices, periods, rng, p_fail, p_voice, p_recover, bonus, hit, alpha, beta, churn_sat,
                p_churn, strong, p_tell_neg, p_tell_pos, wom_shift):
    """RM-1 (docs/sources.md), ``periods`` periods on the CSR network; returns a
    (periods, 5) array: active_share, mean_sat, complaints, tellings_neg, tellings_pos."""
    n = indptr.size - 1
    active = np.ones(n, np.bool_)
    sat = np.zeros(n)
    exp = np.full(n, 0.5)
    leaving = np.zeros(n, np.bool_)
    heard = np.zeros(n)
    out = np.empty((periods, 5))
    wait = _encounters_to_next_failure(rng, p_fail)
    for t in range(periods):
        complaints = tellings_neg = tellings_pos = 0
        for i in range(n):
            if not active[i]:
                continue
            wait -= 1
            if wait == 0:  # a failure: no learning from it
                wait = _encounters_to_next_failure(rng, p_fail)
                d = -hit
                if rng.random() < p_voice:
                    complaints += 1
                    if rng.random() < p_recover:
                        d = bonus
            else:
                perf = rng.normal(0.6, 0.1)
                d = perf - exp[i]
                exp[i] = learn(exp[i], perf, beta)
            sat[i] = learn(sat[i], d, alpha)
            # synchronous: listeners are the customers active at the start of the period, and
            # what they hear is applied after everyone has moved
            if d < -strong:
                tellings_neg += _tell_one(indptr, indices, i, active, p_tell_neg, -1.0, rng, heard)
            elif d > strong:
                tellings_pos += _tell_one(indptr, indices, i, active, p_tell_pos, 1.0, rng, heard)
            if sat[i] < churn_sat and rng.random() < p_churn:
                leaving[i] = True
        still, sat_sum = 0, 0.0
        for i in range(n):
            exp[i] += wom_shift * heard[i]
            heard[i] = 0.0
            if leaving[i]:
                active[i] = leaving[i] = False
            elif active[i]:
                still += 1
                sat_sum += sat[i]
        out[t, 0] = still / n
        out[t, 1] = sat_sum / still if still else np.nan
        out[t, 2], out[t, 3], out[t, 4] = complaints, tellings_neg, tellings_pos
    return out
