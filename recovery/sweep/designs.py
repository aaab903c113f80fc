"""Designs of a sweep: full factorial (:func:`grid`), Latin hypercube (:func:`latin_hypercube`),
Saltelli's design for Sobol indices (:func:`sobol_design`) and the indices themselves
(:func:`sobol_indices`, SALib).

>>> grid({"a": [1, 2], "b": ["x", "y"]}).shape
(4, 2)
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.stats import qmc

from recovery._seeding import generator
from recovery._validation import ConfigError, ModelSpecError

__all__ = ["grid", "latin_hypercube", "sobol_design", "sobol_indices"]


def grid(levels: dict) -> pd.DataFrame:
    """Full factorial design: every combination of the levels.

    Parameters
    ----------
    levels : dict
        Parameter name -> its levels.

    Returns
    -------
    pandas.DataFrame
        One row per combination, one column per parameter.

    Examples
    --------
    >>> grid({"a": [1, 2], "b": ["x", "y"]}).shape
    (4, 2)
    """
    for key, values in levels.items():
        if not isinstance(values, (list, tuple)) or len(values) == 0:
            raise ConfigError(f"grid level {key!r} = {values!r}: give a non-empty list of levels")
    return pd.DataFrame(list(itertools.product(*levels.values())), columns=list(levels))


def _check_bounds(bounds: dict) -> None:
    if not bounds:
        raise ConfigError("bounds is empty: give name -> (low, high)")
    for key, pair in bounds.items():
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair) and pair[0] < pair[1]):
            raise ConfigError(f"bounds {key!r} = {pair!r}: give [low, high] numbers with low < high")


def latin_hypercube(bounds: dict, samples: int, *, seed=None) -> pd.DataFrame:
    """Latin hypercube sample (scipy ``qmc``) of ``samples`` points within ``bounds``
    (name -> (low, high)): each parameter's range cut into ``samples`` strata, one point in each.

    Parameters
    ----------
    bounds : dict
        Parameter name -> (low, high).
    samples : int
        Points.
    seed : int, SeedSequence, Generator or None
        The sample's seed.

    Returns
    -------
    pandas.DataFrame
        One row per point, one column per parameter.

    Examples
    --------
    >>> latin_hypercube({"a": (0, 1), "b": (10, 20)}, 5, seed=1).shape
    (5, 2)
    """
    _check_bounds(bounds)
    sampler = qmc.LatinHypercube(d=len(bounds), rng=generator(seed))
    lows, highs = zip(*bounds.values())
    return pd.DataFrame(qmc.scale(sampler.random(samples), lows, highs), columns=list(bounds))


def _problem(bounds: dict) -> dict:
    return {"num_vars": len(bounds), "names": list(bounds), "bounds": [list(b) for b in bounds.values()]}


def sobol_design(bounds: dict, base_samples: int, *, seed=None) -> pd.DataFrame:
    """Saltelli's design for Sobol indices (SALib ``sample.sobol``, second order):
    ``base_samples x (2d + 2)`` rows, ``base_samples`` a power of 2.

    Parameters
    ----------
    bounds : dict
        Parameter name -> (low, high).
    base_samples : int
        A power of 2.
    seed : int, SeedSequence, Generator or None
        The scrambling's seed.

    Returns
    -------
    pandas.DataFrame
        ``base_samples x (2d + 2)`` rows, one column per parameter.

    Examples
    --------
    >>> sobol_design({"a": (0, 1), "b": (0, 1)}, 8, seed=1).shape
    (48, 2)
    """
    from SALib.sample import sobol

    _check_bounds(bounds)
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise ConfigError(f"base_samples = {base_samples}: give a power of 2 (e.g. 64, 128, 256)")
    return pd.DataFrame(sobol.sample(_problem(bounds), base_samples, calc_second_order=True, seed=generator(seed)),
                        columns=list(bounds))


def sobol_indices(bounds: dict, outputs, *, seed=None, alpha: float = 0.05) -> pd.DataFrame:
    """First-order and total Sobol indices with bootstrap confidence half-widths (SALib).

    Parameters
    ----------
    bounds : dict
        Parameter -> (low, high), as given to :func:`sobol_design`.
    outputs : array_like
        One output per row of :func:`sobol_design`, in its order (e.g. the replication means of
        :func:`recovery.sweep.point_means`).
    seed : int, SeedSequence, Generator or None
        Fixes the bootstrap.
    alpha : float
        The half-widths are of ``1 - alpha`` intervals.

    Returns
    -------
    pandas.DataFrame
        ``parameter, S1, S1_conf, ST, ST_conf``.

    References
    ----------
    Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer
    Physics Communications, 181(2). Python: ``SALib.analyze.sobol``.

    Examples
    --------
    >>> b = {"a": (0.0, 1.0), "b": (0.0, 1.0)}
    >>> d = sobol_design(b, 64, seed=1)
    >>> idx = sobol_indices(b, 3 * d["a"] + 0.1 * d["b"], seed=1)
    >>> idx.loc[0, "parameter"], bool(idx.loc[0, "ST"] > idx.loc[1, "ST"])
    ('a', True)
    """
    from SALib.analyze import sobol

    y = np.asarray(outputs, float)
    if np.isnan(y).any():
        raise ModelSpecError(f"outputs has {int(np.isnan(y).sum())} missing values (failed tasks?): Sobol indices "
                         "need one value per design row")
    res = sobol.analyze(_problem(bounds), y, calc_second_order=True, conf_level=1 - alpha, seed=generator(seed))
    return pd.DataFrame({"parameter": list(bounds), "S1": res["S1"], "S1_conf": res["S1_conf"],
                         "ST": res["ST"], "ST_conf": res["ST_conf"]})
