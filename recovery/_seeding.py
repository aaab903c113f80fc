"""The one place a ``seed`` argument becomes random streams.

Every public function that draws random numbers takes ``seed``: an int, None (fresh entropy),
a ``numpy.random.SeedSequence`` or a ``numpy.random.Generator``. It is turned into a
``SeedSequence`` here, and each replication, resample chunk or stage gets its own
``SeedSequence.spawn`` child (scikit-learn / numpy's advice for parallel streams), so the same
seed gives the same numbers on one thread, many threads or a cluster.

>>> a = [g.random() for g in spawn_generators(7, 3)]
>>> b = [g.random() for g in spawn_generators(np.random.SeedSequence(7), 3)]
>>> a == b and len(set(a)) == 3
True
"""
from __future__ import annotations

import numpy as np

from recovery._validation import ParameterError

__all__ = ["seed_sequence", "generator", "children", "spawn_generators", "generator_of_kind", "restored_sequence"]


def seed_sequence(seed) -> np.random.SeedSequence:
    """``seed`` (int >= 0, None, SeedSequence or Generator) as a ``SeedSequence``.

    A Generator gives the ``SeedSequence`` it was built from, so the numbers follow from the
    seed that made it, not from how much it has already drawn.

    >>> seed_sequence(3).entropy
    3
    """
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        return seed.bit_generator.seed_seq
    if seed is None or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0):
        return np.random.SeedSequence(None if seed is None else int(seed))
    raise ParameterError(f"seed = {seed!r}: give a whole number >= 0, None, a numpy SeedSequence or a numpy "
                         "Generator")


def generator(seed) -> np.random.Generator:
    """A ``numpy.random.Generator`` for ``seed``; a Generator passed in is used as it is (its
    draws continue).

    >>> float(generator(0).random()) == float(generator(0).random())
    True
    """
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed_sequence(seed))


def children(seed, n: int, start: int = 0) -> list[np.random.SeedSequence]:
    """Children ``start .. start + n - 1`` of ``seed``: the ones ``SeedSequence.spawn`` gives a
    fresh sequence, but computed from the key, so asking twice (or on another worker) gives the
    same children.

    >>> children(5, 2)[1].spawn_key == np.random.SeedSequence(5).spawn(2)[1].spawn_key
    True
    """
    root = seed_sequence(seed)
    return [np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size)
            for i in range(int(start), int(start) + int(n))]


def spawn_generators(seed, n: int) -> list[np.random.Generator]:
    """``n`` independent generators, one per child of ``seed`` (:func:`children`)."""
    return [np.random.default_rng(child) for child in children(seed, n)]


def generator_of_kind(seed, kind: str) -> np.random.Generator:
    """A ``numpy.random.Generator`` for ``seed`` on the bit generator ``kind`` (``"SFC64"``,
    ``"PCG64"``, ...); a Generator passed in is used as it is. For kernels whose time is mostly
    random draws (SFC64 is numpy's fastest bit generator).

    >>> float(generator_of_kind(0, "SFC64").random()) == float(generator_of_kind(0, "SFC64").random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    maker = getattr(np.random, str(kind), None)
    if not (isinstance(maker, type) and issubclass(maker, np.random.BitGenerator)):
        raise ParameterError(f"kind = {kind!r}: give the name of a numpy bit generator, such as 'SFC64' or 'PCG64'")
    return np.random.Generator(maker(seed_sequence(seed)))


def restored_sequence(entropy, spawn_key) -> np.random.SeedSequence:
    """The ``SeedSequence`` with this ``entropy`` and ``spawn_key`` (as stored beside a resumable
    run), so a resumed run continues on the streams it started with.

    >>> restored_sequence(5, [1]).spawn_key == np.random.SeedSequence(5).spawn(2)[1].spawn_key
    True
    """
    return np.random.SeedSequence(entropy, spawn_key=tuple(int(k) for k in spawn_key))
