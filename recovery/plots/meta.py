"""Forest and funnel plots for a meta-analysis (en/zh)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

from recovery.plots._style import BAD, GOOD, NEUTRAL, PALETTE, house_style, label

__all__ = ["forest_plot", "funnel_plot"]


def forest_plot(result, study_labels=None, ax=None):
    """Each study's effect and 95% interval (squares sized by weight), the pooled diamond and
    its prediction interval (dashed), from :func:`recovery.meta.random_effects`.

    >>> from recovery.meta import random_effects
    >>> ax = forest_plot(random_effects([0.2, 0.5, 0.1], [0.02, 0.03, 0.05]))
    """
    y, v = result.yi, result.vi
    k = y.size
    names = list(study_labels) if study_labels is not None else [label(f"study {i + 1}", f"研究 {i + 1}") for i in range(k)]
    z = stats.norm.ppf(0.975)
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.32 * k + 1.8))
        rows = np.arange(k)
        ax.hlines(rows, y - z * np.sqrt(v), y + z * np.sqrt(v), color=NEUTRAL, lw=1.2)
        ax.scatter(y, rows, s=20 + 6 * result.weights, marker="s", color=PALETTE["blue"], zorder=3)
        d = k + 0.8
        ax.fill([result.ci_low, result.estimate, result.ci_high, result.estimate], [d, d - 0.35, d, d + 0.35],
                color=BAD if result.estimate < 0 else GOOD, zorder=3)
        if np.isfinite(result.pi_low):  # the prediction interval: where a new study's true effect would lie
            ax.hlines(d, result.pi_low, result.pi_high, color=BAD if result.estimate < 0 else GOOD, lw=1, ls="--",
                      zorder=2, label=label("95% prediction interval", "95% 预测区间"))
            ax.legend(loc="lower right", fontsize=8)
        ax.axvline(0, color=PALETTE["grey"], lw=1)
        ax.axvline(result.estimate, color=PALETTE["grey"], lw=0.8, ls=":")
        ax.set_yticks([*rows, d], [*names, label(f"pooled ({result.method})", f"合并效应（{result.method}）")])
        ax.invert_yaxis()
        ax.set_xlabel(label("effect size (95% interval)", "效应量（95% 区间）"))
        ax.set_title(label(f"Forest plot: I² = {result.i2:.0f}%, τ² = {result.tau2:.3f}",
                           f"森林图：I² = {result.i2:.0f}%，τ² = {result.tau2:.3f}"))
        ax.figure.tight_layout()
    return ax


def funnel_plot(result, ax=None):
    """Effects against their standard errors with the pseudo 95% funnel around the pooled
    effect; asymmetry suggests small-study effects (test it with :func:`recovery.meta.egger_test`).

    >>> from recovery.meta import random_effects
    >>> ax = funnel_plot(random_effects([0.2, 0.5, 0.1], [0.02, 0.03, 0.05]))
    """
    se = np.sqrt(result.vi)
    top = se.max() * 1.1
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4.5))
        grid = np.linspace(0, top, 50)
        z = stats.norm.ppf(0.975)
        ax.fill_betweenx(grid, result.estimate - z * grid, result.estimate + z * grid, color=PALETTE["sky"], alpha=0.2,
                         label=label("95% pseudo-confidence region", "95% 伪置信区域"))
        ax.scatter(result.yi, se, color=PALETTE["blue"], zorder=3, label=label("studies", "研究"))
        ax.axvline(result.estimate, color=PALETTE["grey"], ls="--", lw=1)
        ax.set_ylim(top, 0)
        ax.set_xlabel(label("effect size", "效应量"))
        ax.set_ylabel(label("standard error", "标准误"))
        ax.set_title(label("Funnel plot", "漏斗图"))
        ax.legend(loc="lower right")
        ax.figure.tight_layout()
    return ax
