"""How many respondents: power of a contrast by simulation (:func:`power_curve`,
:func:`required_n`) and of every ANOVA term of a design answered by the journey model
(:func:`simulate_power`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.power import TTestIndPower

from recovery._seeding import children, generator
from recovery._validation import finite_array, number, whole
from recovery.experiments._stats import balanced_anova_p, expected_likert, likert, model_terms, term_bases
from recovery.experiments.factorial import ITEMS, SCALES, DesignError, design
from recovery.experiments.respondents import _latent_table
from recovery.experiments.scoring import _cells_key
from recovery.params import Params

__all__ = ["power_curve", "required_n", "simulate_power"]


_TESTS = ("two-sided", "superiority", "equivalence")


def power_curve(effect_size: float, n_per_cell=(10, 20, 40, 80, 160), *, contrast_weights=(-1, 1), reps: int = 500,
                alpha: float = 0.05, test: str = "two-sided", margin: float = 0.5, seed=None) -> pd.DataFrame:
    """Power by simulation of a contrast of cell means.

    The contrast's true standardised value (weighted mean difference over the sd, the weights
    scaled so that their absolute values sum to 2) is ``effect_size``; answers are normal.

    Parameters
    ----------
    effect_size : float
        The true standardised contrast (Cohen's d for two groups).
    n_per_cell : sequence of int
        Respondents per cell to try.
    contrast_weights : sequence of float
        (-1, 1) for two groups, (1, -1, -1, 1) for a 2x2 interaction, (1, 1, -1, -1) for a 2x2
        main effect; they sum to 0.
    reps : int
        Simulated data sets per n.
    alpha : float
        Level of the test.
    test : {"two-sided", "superiority", "equivalence"}
        Superiority is one-sided (larger: the paradox test); equivalence is TOST with
        ``margin`` in sd units (the chance of showing "no paradox").
    margin : float
        Equivalence margin, sd units.
    seed : int, SeedSequence, Generator or None
        The same seed gives the same data sets at every n.

    Returns
    -------
    pandas.DataFrame
        ``n_per_cell, power, analytic`` (statsmodels ``TTestIndPower`` for two groups, two- and
        one-sided tests; NaN otherwise) and ``test``.

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences, 2nd ed.
    Lakens, D. (2017). Equivalence tests. Social Psychological and Personality Science, 8(4).
    R: ``pwr::pwr.t.test``.

    Examples
    --------
    >>> power_curve(0.5, [64], reps=200, seed=1)["analytic"].round(2).tolist()
    [0.8]
    """
    if test not in _TESTS:
        raise DesignError(f"test = {test!r}; use one of {_TESTS}")
    effect_size = number("effect_size", effect_size, -10, 10, what="standardised: sd units", error=DesignError)
    alpha = number("alpha", alpha, 0, 1, low_open=True, high_open=True, error=DesignError)
    margin = number("margin", margin, 0, 10, low_open=True, what="sd units", error=DesignError)
    reps = whole("reps", reps, low=10, high=100_000, error=DesignError)
    w = finite_array("contrast_weights", contrast_weights, item="weight", error=DesignError)
    if len(w) < 2 or abs(w.sum()) > 1e-9 or not w.any():
        raise DesignError(f"contrast_weights {tuple(contrast_weights)} must be at least two weights summing to 0")
    w = 2 * w / np.abs(w).sum()
    means = w * effect_size / (w ** 2).sum()  # sum(w * means) = effect_size
    rng = generator(seed)
    rows = []
    for n in n_per_cell:
        n = whole("n_per_cell", n, low=2, high=100_000, error=DesignError)
        if len(w) * reps * n > 10**8:  # the simulated answers held at once (800 MB)
            raise DesignError(f"{len(w)} cells x reps {reps:,} x n_per_cell {n:,} answers are too many to simulate "
                              f"at once; lower reps to {max(10, 10**8 // (len(w) * n)):,}")
        y = rng.normal(means[:, None, None], 1, (len(w), reps, n))
        m, v = y.mean(axis=2), y.var(axis=2, ddof=1)
        df = len(w) * (n - 1)
        se = np.sqrt(v.mean(axis=0) * (w ** 2).sum() / n)
        est = (w[:, None] * m).sum(axis=0)
        if test == "two-sided":
            hit = 2 * stats.t.sf(np.abs(est / se), df) < alpha
        elif test == "superiority":
            hit = stats.t.sf(est / se, df) < alpha
        else:
            hit = np.maximum(stats.t.sf((est + margin) / se, df), stats.t.cdf((est - margin) / se, df)) < alpha
        analytic = np.nan
        if len(w) == 2 and test != "equivalence":
            analytic = TTestIndPower().power(effect_size, n, alpha,
                                             alternative="two-sided" if test == "two-sided" else "larger")
        rows.append((n, float(hit.mean()), analytic))
    return pd.DataFrame(rows, columns=["n_per_cell", "power", "analytic"]).assign(test=test)


def required_n(effect_size: float, *, power: float = 0.8, alpha: float = 0.05, contrast_weights=(-1, 1),
               reps: int = 400, test: str = "two-sided", margin: float = 0.5, seed=None) -> int:
    """Smallest number of respondents per cell reaching ``power``, by simulation.

    Doubling, then bisection over :func:`power_curve` with the same seed for every n, so the
    curve is monotone up to simulation noise.

    Parameters
    ----------
    effect_size : float
        The smallest effect worth detecting (sd units); 0 only for an equivalence test.
    power : float
        Power to reach.
    alpha, contrast_weights, reps, test, margin, seed
        As in :func:`power_curve`.

    Returns
    -------
    int
        Respondents per cell.

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences, 2nd ed.

    Examples
    --------
    >>> 50 <= required_n(0.5, reps=400, seed=1) <= 80
    True
    """
    power = number("power", power, 0, 1, low_open=True, high_open=True, error=DesignError)
    if number("effect_size", effect_size, error=DesignError) == 0 and test != "equivalence":
        raise DesignError("effect_size = 0: no number of respondents detects a zero effect; give the smallest "
                          "effect worth detecting")

    def p(n):
        return power_curve(effect_size, [n], contrast_weights=contrast_weights, reps=reps, alpha=alpha, test=test,
                           margin=margin, seed=seed)["power"].iloc[0]
    lo, hi = 2, 4
    while p(hi) < power:
        lo, hi = hi, hi * 2
        if hi > 100_000:
            raise DesignError("more than 100,000 respondents per cell would be needed")
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if p(mid) < power else (lo, mid)
    return hi


def simulate_power(factors: dict, outcome: str, n_per_cell=(10, 20, 40, 80), *, fixed: dict | None = None,
                   params: Params | None = None, noise: float = 0.6, points: int = 7, fraction: int = 0,
                   max_order: int | None = None, reps: int = 200, alpha: float = 0.05, pool: int = 2_000,
                   seed=None) -> pd.DataFrame:
    """Power of every ANOVA term of a between-subject design answered by the journey model.

    A pool of ``pool`` customers per cell is run through the model once; each replication
    draws ``n`` per cell from it, adds the Likert response model (``noise``) and tests every
    term (main effects and interactions up to ``max_order``) against the within-cell error.

    Parameters
    ----------
    factors : dict
        Factor name -> levels (journey factors, ``JOURNEY_FACTORS``).
    outcome : str
        A key of ``SCALES``.
    n_per_cell : sequence of int
        Respondents per cell to try.
    fixed : dict, optional
        The scenario's constant conditions.
    params : Params, optional
        The model.
    noise, points : float, int
        The response model: sd in scale points, Likert points.
    fraction, max_order : int
        A fractional design; the highest interaction tested.
    reps : int
        Replications per n.
    alpha : float
        Level of the tests.
    pool : int
        Customers run through the model per cell.
    seed : int, SeedSequence, Generator or None
        Fixes the pool and the draws.

    Returns
    -------
    pandas.DataFrame
        One row per term x n: ``term, n_per_cell, power`` and the term's true partial
        eta-squared in the pool.

    References
    ----------
    Lakens, D. & Caldwell, A. R. (2021). Simulation-based power analysis for factorial analysis
    of variance designs. Advances in Methods and Practices in Psychological Science, 4(1).
    R: ``Superpower::ANOVA_power``.

    Examples
    --------
    >>> table = simulate_power({"compensation": [0.0, 1.0]}, "dj", [10], reps=20, pool=200, seed=1)
    >>> table[["term", "n_per_cell"]].values.tolist()
    [['compensation', 10]]
    """
    if outcome not in SCALES:
        raise DesignError(f"outcome {outcome!r} is not a scale; use one of {list(SCALES)}")
    layout = design(factors, n_per_cell=pool, fraction=fraction, points=points, seed=seed)
    rng = generator(children(seed, 1)[0])
    latent = _latent_table(layout, Params() if params is None else params, fixed, rng)[outcome].to_numpy(float)
    if np.isnan(latent).any():
        raise DesignError(f"{SCALES[outcome]} ({outcome!r}) is not asked in a no-failure cell; pick another outcome")
    if max_order is None and layout.generators:
        max_order = 2 if (layout.resolution or 0) >= 5 else 1
    cells = layout.cells()[layout.between]
    keys = list(cells.itertuples(index=False, name=None))
    cell_of = _cells_key(layout.table, layout.between)
    pools = [latent[(cell_of == tuple(map(str, k))).to_numpy()] for k in keys]
    terms = model_terms(layout.between, max_order)
    bases = term_bases(cells, layout.between, terms)
    # the truth: cell means of the expected answers; the within-cell variance of the scale
    # score from one large draw of the whole pool
    true_means = np.array([expected_likert(p_, points, noise, np.zeros(p_.size)).mean() for p_ in pools])
    within_var = np.mean([np.mean([likert(p_, points, noise, np.zeros(p_.size), rng) for _ in ITEMS], axis=0).var()
                          for p_ in pools])
    centred = true_means - true_means.mean()
    rows = []
    for n in n_per_cell:
        if n < 2:
            raise DesignError(f"n_per_cell {n}: each cell needs at least 2 respondents")
        sums, sq = np.zeros((len(keys), reps)), np.zeros(reps)
        scores_all = []
        for c, p_ in enumerate(pools):
            draw = p_[rng.integers(0, p_.size, (reps, n))]
            items = [likert(draw, points, noise, np.zeros_like(draw), rng) for _ in ITEMS]
            scores = np.mean(items, axis=0)  # reps x n
            sums[c] = scores.sum(axis=1)
            scores_all.append(scores)
        grand = sums.sum(axis=0) / (n * len(keys))
        for scores in scores_all:
            sq += ((scores - grand[:, None]) ** 2).sum(axis=1)
        pvals = balanced_anova_p(sums, sq, n, bases)
        for term, q in bases.items():
            effect = float(((q.T @ centred) ** 2).sum())  # per-cell variance of the term's true effect
            rows.append({"term": ":".join(term), "n_per_cell": n, "power": float((pvals[term] < alpha).mean()),
                         "true_partial_eta2": effect / len(keys) / (effect / len(keys) + within_var)})
    return pd.DataFrame(rows)
