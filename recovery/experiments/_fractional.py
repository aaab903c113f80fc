"""Regular two-level fractional factorials: generators, defining relation, resolution
(Box, Hunter & Hunter 2005, ch. 6). Private helpers of :mod:`recovery.experiments.factorial`."""
from __future__ import annotations

import itertools
from functools import reduce

import numpy as np

__all__ = ["defining_words", "resolution", "best_generators", "fraction_signs"]

#: Above this many candidate generator sets the search is greedy instead of exhaustive.
_MAX_SEARCH = 20_000


def defining_words(generators: dict) -> list[frozenset]:
    """Every word of the defining relation I = ... of the fraction: the products (symmetric
    differences) of the generator words ``{g} | set(base factors of g)``.

    >>> sorted(map(sorted, defining_words({"d": ["a", "b", "c"]})))
    [['a', 'b', 'c', 'd']]
    """
    words = [frozenset(base) | {g} for g, base in generators.items()]
    out = []
    for r in range(1, len(words) + 1):
        for combo in itertools.combinations(words, r):
            out.append(reduce(lambda x, y: x ^ y, combo))
    return out


def resolution(generators: dict) -> int | None:
    """Length of the shortest word of the defining relation (None for a full factorial).

    >>> resolution({"e": ["a", "b", "c", "d"]})
    5
    """
    words = defining_words(generators)
    return min(len(w) for w in words) if words else None


def _score(generators: dict) -> tuple:
    words = defining_words(generators)
    lengths = sorted(len(w) for w in words)
    return (lengths[0], -lengths.count(lengths[0]))  # highest resolution, then fewest shortest words


def best_generators(base: list, added: list) -> dict:
    """Generators for the ``added`` factors as interactions of the ``base`` factors with the
    highest resolution and, among those, the fewest shortest words (minimum aberration, searched
    exhaustively when small, greedily otherwise).

    >>> best_generators(["a", "b", "c"], ["d", "e"])
    {'d': ('a', 'b', 'c'), 'e': ('a', 'b')}
    """
    candidates = [c for r in range(len(base), 1, -1) for c in itertools.combinations(base, r)]
    if len(candidates) < len(added):
        raise ValueError(f"{len(base)} base factors cannot generate {len(added)} more")
    n_sets = 1
    for i in range(len(added)):
        n_sets = n_sets * (len(candidates) - i) // (i + 1)
    if n_sets <= _MAX_SEARCH:
        best = max(itertools.combinations(candidates, len(added)),
                   key=lambda combo: _score(dict(zip(added, combo))))
        return dict(zip(added, best))
    chosen: dict = {}
    for g in added:
        free = [c for c in candidates if c not in chosen.values()]
        chosen[g] = max(free, key=lambda c: _score({**chosen, g: c}))
    return chosen


def fraction_signs(base: list, generators: dict) -> np.ndarray:
    """The runs of the fraction in -1/+1 coding, columns ``base`` then the generated factors."""
    coded = np.array(list(itertools.product([-1, 1], repeat=len(base))))
    cols = [coded[:, i] for i in range(len(base))]
    for words in generators.values():
        cols.append(np.prod([coded[:, base.index(f)] for f in words], axis=0))
    return np.column_stack(cols)
