"""Factorial scenario designs: full or fractional, between and within subjects, with randomised
balanced assignment (:func:`design`), and the vocabulary of the answers (``SCALES``).

>>> d = design({"severity": [0.2, 0.7], "apology": [False, True]}, n_per_cell=10, seed=1)
>>> d.table.groupby(["severity", "apology"]).size().unique().tolist()
[10]
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recovery._seeding import generator
from recovery._validation import ModelSpecError
from recovery.experiments._fractional import best_generators, fraction_signs, resolution

__all__ = ["DesignError", "Design", "design", "JOURNEY_FACTORS", "SCALES", "ITEMS", "ATTENTION_ANSWER"]

#: Factors the journey model understands. Levers of :class:`recovery.params.Strategy`
#: (compensation, apology, explanation, response_days, follow_up, choice_of_remedy,
#: emotion_first, proactive, expectation_setting); the failure: ``failure`` (a level such as
#: "none" or False is the no-failure control), ``severity`` (0-1), ``failure_type``
#: ("outcome" or "process"), the attribution ``controllable`` / ``stable``, and
#: ``prior_failures`` (1 = the episode is a second failure).
JOURNEY_FACTORS = ("failure", "severity", "failure_type", "controllable", "stable", "prior_failures", "compensation",
                   "apology", "explanation", "response_days", "follow_up", "choice_of_remedy", "emotion_first",
                   "proactive", "expectation_setting")
#: Measured scales, three items each. Justice and satisfaction with the recovery are asked only
#: after a failure; overall satisfaction, repurchase and word-of-mouth intent of everyone.
SCALES = {"dj": "distributive justice", "pj": "procedural justice", "ij": "interactional justice",
          "sr": "satisfaction with the recovery", "rs": "satisfaction", "ri": "repurchase intent",
          "wi": "word-of-mouth intent"}
ITEMS = (1, 2, 3)
ATTENTION_ANSWER = 2  # the instructed item: "to show you read this, select 2"


class DesignError(ModelSpecError):
    """A malformed design or analysis request; the message names the factor, level, cell,
    column or row and says how to fix it."""


@dataclass
class Design:
    """A factorial design: ``factors`` (name -> levels), which are ``between`` / ``within``
    subjects, the assignment ``table`` (one row per respondent x within-cell; ``position`` is
    the randomised order in which a respondent reads the within-cells), the fractional
    ``generators`` and ``resolution`` if any, and the Likert scale's ``points``. ``str(design)``
    prints the design table; :meth:`codebook` documents every column of the answers."""

    factors: dict
    between: list
    within: list
    table: pd.DataFrame
    generators: dict = field(default_factory=dict)
    resolution: int | None = None
    points: int = 7

    def cells(self) -> pd.DataFrame:
        """The cells and their respondents (``n``)."""
        return self.table.groupby(self.between + self.within, observed=True).size().rename("n").reset_index()

    def codebook(self) -> pd.DataFrame:
        """Every column of :func:`recovery.experiments.simulate_responses`' answers: role and levels or scale."""
        rows = [("respondent", "id", "1..N")]
        rows += [(f, "between" if f in self.between else "within", list(v)) for f, v in self.factors.items()]
        if self.within:
            rows.append(("position", "order", f"1..{len(self.table) // self.table['respondent'].nunique()}, random"))
        rows += [(f"{k}{i}", "item", f"{name}, 1-{self.points}") for k, name in SCALES.items() for i in ITEMS]
        rows.append(("attention", "check", f"instructed item, 1-{self.points}: the right answer is {ATTENTION_ANSWER}"))
        rows += [(f"latent_{k}", "truth", f"{name} in the journey model, 0-1") for k, name in SCALES.items()]
        rows += [(f"true_{k}", "truth", f"expected item answer, 1-{self.points}") for k in SCALES]
        return pd.DataFrame(rows, columns=["variable", "role", "levels"])

    def __str__(self):
        head = f"{len(self.cells())} cells, {self.table['respondent'].nunique()} respondents"
        if self.generators:
            words = ", ".join(f"{g} = {'*'.join(b)}" for g, b in self.generators.items())
            head += f"; fractional, generators {words}, resolution {self.resolution}"
        return head + "\n" + self.cells().to_string(index=False)


def design(factors, levels=None, *, between=None, within=(), n_per_cell: int = 30, fraction: int = 0,
           generators: dict | None = None, points: int = 7, seed=None) -> Design:
    """Full or fractional factorial scenario design with randomised, balanced assignment.

    Parameters
    ----------
    factors : dict or list
        Factor name -> levels, or a list of names with ``levels`` the dict.
    levels : dict, optional
        Levels by factor name, when ``factors`` is a list.
    between, within : list of str, optional
        Between- and within-subject factors (by default every factor not in ``within`` is
        between subjects).
    n_per_cell : int
        Respondents per between-subject cell; they are shuffled into the cells, exactly this many
        each, and each meets the within-cells in a random order.
    fraction : int
        Keep a 2^(f - fraction) fraction of the two-level between factors: the last ``fraction``
        are generated as interactions of the others, chosen for the highest resolution.
    generators : dict, optional
        The generators instead, e.g. ``{"d": "a*b*c"}``.
    points : int
        Points of the Likert scale (5, 7, ...).
    seed : int, SeedSequence, Generator or None
        Fixes the assignment.

    Returns
    -------
    Design
        Factors, between / within, the assignment ``table``, generators and resolution.

    References
    ----------
    Box, G. E. P., Hunter, J. S. & Hunter, W. G. (2005). Statistics for Experimenters, 2nd ed.,
    ch. 6 (fractional factorials). R: ``FrF2::FrF2``.

    Examples
    --------
    >>> d = design({f: [0, 1] for f in "abcde"}, fraction=1, n_per_cell=2, seed=1)
    >>> d.generators, d.resolution
    ({'e': ('a', 'b', 'c', 'd')}, 5)
    """
    if not isinstance(factors, dict):
        if levels is None:
            raise DesignError("give factors as a dict name -> levels, or names plus levels=dict")
        missing = [f for f in factors if f not in levels]
        if missing:
            raise DesignError(f"factor {missing[0]!r} has no entry in levels; add its levels")
        factors = {f: levels[f] for f in factors}
    factors = {k: list(v) for k, v in factors.items()}
    for name, lv in factors.items():
        if len(lv) < 2 or len(set(map(str, lv))) != len(lv):
            raise DesignError(f"factor {name!r} needs at least two distinct levels, has {lv}")
    within = list(within)
    unknown = [f for f in within + list(between or []) if f not in factors]
    if unknown:
        raise DesignError(f"factor {unknown[0]!r} is not among the factors {list(factors)}")
    between = list(between) if between is not None else [f for f in factors if f not in within]
    if set(between) & set(within):
        raise DesignError(f"factor {sorted(set(between) & set(within))[0]!r} is both between and within")
    if not isinstance(n_per_cell, (int, np.integer)) or n_per_cell < 1:
        raise DesignError(f"n_per_cell = {n_per_cell!r}: every cell needs at least one respondent")
    if not isinstance(points, (int, np.integer)) or points < 3:
        raise DesignError(f"points = {points!r}: a Likert scale needs at least 3 points")
    cells = list(itertools.product(*(factors[f] for f in between)))
    gens: dict = {}
    if fraction or generators:
        if any(len(factors[f]) != 2 for f in between):
            bad = next(f for f in between if len(factors[f]) != 2)
            raise DesignError(f"factor {bad!r} has {len(factors[bad])} levels; a fractional design here needs "
                              "two-level between factors")
        if generators:
            for g, word in generators.items():
                names = word.split("*") if isinstance(word, str) else list(word)
                for f in [g, *names]:
                    if f not in between:
                        raise DesignError(f"generator {g} = {word}: {f!r} is not a between factor")
                gens[g] = tuple(names)
            base = [f for f in between if f not in gens]
            if any(f in gens for n in gens.values() for f in n):
                raise DesignError("generators must be products of base factors, not of other generated ones")
        else:
            base = between[: len(between) - fraction]
            if len(base) < 2:
                raise DesignError(f"fraction = {fraction} leaves too few base factors ({base})")
            gens = best_generators(base, between[len(base):])
        signs = fraction_signs(base, gens)
        order = base + list(gens)
        cells = [tuple(factors[f][(s[order.index(f)] + 1) // 2] for f in between) for s in signs]
    rng = generator(seed)
    n = n_per_cell * len(cells)
    shuffled = rng.permutation(n)
    assigned = pd.DataFrame([cells[i % len(cells)] for i in shuffled], columns=between)
    assigned.insert(0, "respondent", np.arange(1, n + 1))
    if within:
        grid = pd.DataFrame(list(itertools.product(*(factors[f] for f in within))), columns=within)
        assigned = assigned.merge(grid, how="cross")
        assigned["position"] = np.concatenate([rng.permutation(len(grid)) + 1 for _ in range(n)])
    return Design(factors=factors, between=between, within=within, table=assigned, generators=gens,
                  resolution=resolution(gens) if gens else None, points=int(points))
