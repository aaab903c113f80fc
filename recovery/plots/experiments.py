"""Scenario-experiment charts: power curves and cell means (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt

from recovery.plots._style import PALETTE, house_style, label

__all__ = ["power_chart", "cell_means"]


def power_chart(curves, target: float = 0.8, ax=None):
    """Power against respondents per cell, one line per effect (frames from
    :func:`recovery.experiments.power_curve` with an ``effect`` column).

    >>> import pandas as pd
    >>> ax = power_chart(pd.DataFrame({"n_per_cell": [10, 20], "power": [0.3, 0.6], "effect": ["d = 0.5"] * 2}))
    """
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 4))
        for name, part in curves.groupby("effect", sort=False):
            ax.plot(part["n_per_cell"], part["power"], marker="o", lw=2, label=name)
        ax.axhline(target, color=PALETTE["grey"], ls="--", lw=1)
        ax.set_xscale("log")
        ax.set_ylim(0, 1)
        ax.set_xlabel(label("respondents per cell", "每组受访者人数"))
        ax.set_ylabel(label("power", "统计功效"))
        ax.set_title(label("How many respondents?", "需要多少受访者？"))
        ax.legend(loc="lower right")
        ax.figure.tight_layout()
    return ax


def cell_means(data, outcome_column: str, x: str, hue: str | None = None, ax=None):
    """Mean of a scale score by the levels of ``x`` (and ``hue``), with 95% intervals: the
    interaction plot of a scenario experiment.

    >>> import pandas as pd
    >>> ax = cell_means(pd.DataFrame({"s": [1, 2, 3, 4], "a": [0, 0, 1, 1], "b": [0, 1, 0, 1]}), "s", "a", "b")
    """
    import seaborn as sns

    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 4))
        sns.pointplot(data=data, x=x, y=outcome_column, hue=hue, errorbar=("ci", 95), dodge=0.15, ax=ax)
        ax.set_ylabel(label("mean rating (1-7)", "平均评分（1-7）"))
        ax.set_xlabel(x)
        ax.set_title(label("Cell means with 95% intervals", "各组均值及 95% 区间"))
        ax.figure.tight_layout()
    return ax
