"""Summaries of a sweep's table: replication means per design point (:func:`point_means`) and
means with t intervals per group (:func:`summarize`).

>>> t = pd.DataFrame({"a": [1, 1, 1], "y": [1.0, 2.0, 3.0], "error": [None, None, None]})
>>> summarize(t, "a", ["y"])[["mean", "n"]].values.tolist()
[[2.0, 3.0]]
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["point_means", "summarize"]


def point_means(table: pd.DataFrame, outputs) -> pd.DataFrame:
    """Mean of each output over the replications of every design point (index ``point``),
    failed tasks left out; a point with no successful replication gets NaN.

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`recovery.sweep.run_sweep`.
    outputs : list of str
        Output columns.

    Returns
    -------
    pandas.DataFrame
        Mean of each output per design point (index ``point``).

    Examples
    --------
    >>> t = pd.DataFrame({"task": [0, 1], "point": [0, 0], "replication": [0, 1], "y": [1.0, 3.0],
    ...                   "error": [None, None]})
    >>> float(point_means(t, ["y"]).loc[0, "y"])
    2.0
    """
    outputs = [outputs] if isinstance(outputs, str) else list(outputs)
    ok = table[table["error"].isna()]
    points = pd.Index(sorted(table["point"].unique()), name="point")
    return ok.groupby("point")[outputs].mean().reindex(points)


def summarize(table: pd.DataFrame, by, outputs, *, alpha: float = 0.05) -> pd.DataFrame:
    """Mean and t interval over the replications of each output, per group of design columns.

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep's table (:func:`recovery.sweep.run_sweep`).
    by : str or list of str
        Design columns to group by.
    outputs : str or list of str
        Output columns.
    alpha : float
        The intervals have level ``1 - alpha``.

    Returns
    -------
    pandas.DataFrame
        One row per group x output: ``output, mean, ci_low, ci_high, n`` and ``failed`` (failed
        tasks, left out).

    References
    ----------
    Law, A. M. (2015). Simulation Modeling and Analysis, 5th ed., ch. 9 (replications and their
    t intervals).

    Examples
    --------
    >>> t = pd.DataFrame({"a": [1, 1, 1], "y": [1.0, 2.0, 3.0], "error": [None, None, None]})
    >>> summarize(t, "a", ["y"])[["mean", "n"]].values.tolist()
    [[2.0, 3.0]]
    """
    by = [by] if isinstance(by, str) else list(by)
    outputs = [outputs] if isinstance(outputs, str) else list(outputs)
    missing = [c for c in [*by, *outputs] if c not in table.columns]
    if missing:
        raise KeyError(f"columns {missing} are not in the sweep table; columns: {list(table.columns)}")
    failed = table["error"].notna() if "error" in table else pd.Series(False, index=table.index)
    rows = []
    for keys, part in table.groupby(by, sort=False):
        good = part[~failed.loc[part.index]]
        for out in outputs:
            x = good[out].astype(float).dropna()
            n = len(x)
            half = stats.t.ppf(1 - alpha / 2, n - 1) * x.std(ddof=1) / math.sqrt(n) if n > 1 else np.nan
            rows.append((*keys, out, x.mean() if n else np.nan, x.mean() - half if n else np.nan,
                         x.mean() + half if n else np.nan, n, int(failed.loc[part.index].sum())))
    return pd.DataFrame(rows, columns=[*by, "output", "mean", "ci_low", "ci_high", "n", "failed"])
