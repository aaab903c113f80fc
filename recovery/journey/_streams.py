"""Common random numbers: every uniform is a pure function of (seed, period, stage, column, customer).

Why keyed uniforms. The journey draws each random quantity from a uniform turned into the
quantity by an inverse distribution function. If the uniform of customer ``i`` in week ``t``
at stage ``s``, column ``c`` depends on nothing else, then

- two strategies run with one seed give customer ``i`` the same luck (common random numbers)
  until their paths diverge, whoever else is still a customer;
- the numpy reference path (:func:`recovery.simulate` with ``engine="numpy"``) and the compiled
  kernel (:mod:`recovery.journey._kernel`) draw identical numbers, under any number of threads
  and any chunking of the population;
- the kernel draws only what a customer's week needs (most weeks have no failure, so the
  eleven handling uniforms are never computed).

The generator is counter-based (Salmon, Moraes, Dror & Shaw 2011, "Parallel random numbers:
as easy as 1, 2, 3", SC'11): (seed, period, stage) give a 64-bit stream key by hashing, and
uniform ``(c, i)`` of that stream is output number ``16 i + c + 1`` of SplitMix64 started from
the key (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators",
OOPSLA'14; the generator passes BigCrush), computed directly from its position: one
64-bit mix per uniform, the top 53 bits as a double in [0, 1). Word-of-mouth stories use a
stream per teller, keyed the same way (:func:`teller_key`). :func:`mix` is written once and
serves numpy (vectorised over ``uint64`` arrays) and numba (compiled into the kernel).

>>> s = Streams(seed=1, n=4)
>>> bool((s.draw(3, "failure") == Streams(seed=1, n=4).draw(3, "failure")).all())
True
>>> s.draw(3, "failure").shape
(4, 4)
>>> bool((s.draw(3, "failure", np.array([2]))[:, 0] == s.draw(3, "failure")[:, 2]).all())
True
"""
from __future__ import annotations

import numpy as np

from recovery._seeding import seed_sequence

#: Uniforms per customer and period, by stage (at most ``COLUMNS``).
WIDTH = {"population": 3, "performance": 1, "failure": 4, "voice": 2, "handling": 11, "telling": 8, "leave": 1,
         "wom_negative": 0, "wom_positive": 0, "repurchase": 1}
STAGES = tuple(WIDTH)
#: Positions of the SplitMix64 stream reserved per customer (room for every stage's WIDTH).
COLUMNS = 16

_MASK = 0xFFFFFFFFFFFFFFFF
GOLDEN = np.uint64(0x9E3779B97F4A7C15)   # SplitMix64's increment (the golden ratio in 64 bits)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_COLUMNS = np.uint64(COLUMNS)
_ONE = np.uint64(1)
_TO_UNIT = 2.0 ** -53


def mix(x):
    """SplitMix64's output function of ``x + GOLDEN`` (Stafford's "Mix13" finaliser): a
    bijective, well-mixed 64-bit hash. ``x``: a ``uint64`` array (wraps by design) or, compiled
    with numba, a ``uint64`` scalar."""
    x = x + GOLDEN
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


def uniform(key, position):
    """Output ``position + 1`` of SplitMix64 started at ``key``, as a double in [0, 1) (top 53 bits)."""
    return (mix(key + position * GOLDEN) >> _S11) * _TO_UNIT


def customer_uniform(key, column, customer):
    """Uniform ``column`` of ``customer`` in the stream ``key`` (:func:`stream_key`)."""
    return uniform(key, customer * _COLUMNS + column)


def teller_key(key, teller):
    """The stream of one teller's stories in a week's word-of-mouth stream ``key``: story ``k``
    (or the rank of listener ``j`` on a network) is ``mix(teller_key + k * GOLDEN)``."""
    return mix(key ^ teller)


def _mix_int(x: int) -> int:
    # mix on a Python int (numpy scalars warn on the intended wrap-around)
    return int(mix(np.array([x & _MASK], np.uint64))[0])


def seed_key(seed) -> int:
    """The 64-bit key of a run: the first word of the seed's ``SeedSequence`` state (so spawned
    children, as ``recovery.compare`` uses, get unrelated keys)."""
    return int(seed_sequence(seed).generate_state(1, np.uint64)[0])


def stream_key(key: int, period: int, stage: str | int) -> int:
    """The key of the (period, stage) stream of the run keyed ``key`` (:func:`seed_key`)."""
    stage = STAGES.index(stage) if isinstance(stage, str) else int(stage)
    return _mix_int(_mix_int(key ^ int(period)) ^ stage)


class Streams:
    """The uniforms of one run: ``draw(period, stage)`` is an array (WIDTH[stage], n);
    ``draw(period, stage, customers)`` the same columns for the given customers only."""

    def __init__(self, seed, n: int):
        self.root = seed_sequence(seed)
        self.key = seed_key(self.root)
        self.n = int(n)

    def stream(self, period: int, stage: str) -> int:
        """The key of (period, stage) (:func:`stream_key`)."""
        return stream_key(self.key, period, stage)

    def draw(self, period: int, stage: str, customers: np.ndarray | None = None) -> np.ndarray:
        who = np.arange(self.n, dtype=np.uint64) if customers is None else np.asarray(customers).astype(np.uint64)
        key = np.uint64(self.stream(period, stage))
        columns = np.arange(WIDTH[stage], dtype=np.uint64)[:, None]
        return customer_uniform(key, columns, who[None, :])
