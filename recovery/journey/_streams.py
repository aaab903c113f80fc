"""Common random numbers: one stream of uniforms per (seed, period, stage), one column per customer.

Every draw of the journey is a uniform turned into the quantity by an inverse distribution
function, taken from a Philox stream keyed by the seed, the period and the stage, and drawn
for the whole population whether a customer is active or not, so customer ``i`` meets the
same luck in week ``t`` under any strategy (until their paths diverge).

>>> s = Streams(seed=1, n=4)
>>> bool((s.draw(3, "failure") == Streams(seed=1, n=4).draw(3, "failure")).all())
True
>>> s.draw(3, "failure").shape
(4, 4)
"""
from __future__ import annotations

import numpy as np

#: Uniforms per customer and period, by stage.
WIDTH = {"population": 3, "performance": 1, "failure": 4, "voice": 2, "handling": 11, "telling": 8, "leave": 1,
         "wom": 0, "repurchase": 1}
STAGES = tuple(WIDTH)


class Streams:
    """The uniforms of one run: ``draw(period, stage)`` is an array (WIDTH[stage], n)."""

    def __init__(self, seed, n: int):
        self.root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        self.n = int(n)

    def generator(self, period: int, stage: str) -> np.random.Generator:
        """The Philox generator of (seed, period, stage)."""
        key = self.root.spawn_key + (int(period), STAGES.index(stage))
        return np.random.Generator(np.random.Philox(np.random.SeedSequence(self.root.entropy, spawn_key=key)))

    def draw(self, period: int, stage: str) -> np.ndarray:
        return self.generator(period, stage).random((WIDTH[stage], self.n))
